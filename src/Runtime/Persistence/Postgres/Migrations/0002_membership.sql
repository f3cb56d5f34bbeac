-- Cluster membership, modelled on Orleans' ADO.NET clustering (OrleansMembershipVersionTable/OrleansMembershipTable).
--
-- netra_membership_version: one row per cluster. Every membership change (a row inserted, a status or a suspicion
-- vote changed) is a compare-and-swap on this version, in the same statement as the row change.
-- netra_membership: one row per silo incarnation, keyed by address, port and generation. status: 1 Joining,
-- 2 Active, 3 ShuttingDown, 4 Dead. row_version is the row's ETag. i_am_alive is a heartbeat that changes neither
-- the table version nor the ETag.
CREATE TABLE IF NOT EXISTS netra_membership_version (
    cluster_id text        PRIMARY KEY,
    version    bigint      NOT NULL CHECK (version >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS netra_membership (
    cluster_id  text        NOT NULL REFERENCES netra_membership_version (cluster_id),
    address     text        NOT NULL,
    port        int         NOT NULL CHECK (port BETWEEN 0 AND 65535),
    generation  bigint      NOT NULL,
    silo_name   text        NOT NULL,
    status      smallint    NOT NULL CHECK (status BETWEEN 1 AND 4),
    start_time  timestamptz NOT NULL,
    i_am_alive  timestamptz NOT NULL,
    suspicions  jsonb       NOT NULL DEFAULT '[]',
    row_version bigint      NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- At most one live (not Dead) incarnation per address and port: two Active rows for one endpoint cannot exist.
CREATE UNIQUE INDEX IF NOT EXISTS netra_membership_one_live_row_per_endpoint
    ON netra_membership (cluster_id, address, port)
    WHERE status <> 4;

-- Dead is final, whoever writes the row.
CREATE OR REPLACE FUNCTION netra_membership_dead_is_final() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF OLD.status = 4 AND NEW.status <> 4 THEN
        RAISE EXCEPTION 'silo %:%@% of cluster % is Dead, and Dead is final',
            OLD.address, OLD.port, OLD.generation, OLD.cluster_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE OR REPLACE TRIGGER netra_membership_dead_is_final
    BEFORE UPDATE OF status ON netra_membership
    FOR EACH ROW EXECUTE FUNCTION netra_membership_dead_is_final();
