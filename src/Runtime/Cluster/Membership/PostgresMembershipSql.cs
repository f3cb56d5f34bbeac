namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// The statements of <see cref="PostgresMembershipTable"/>. Parameters: $1 cluster id; for row writes $2 the expected
/// table version and $3–$5 the key (address, port, generation). Status 4 is Dead.
/// </summary>
internal static class PostgresMembershipSql
{
    // One statement, so one snapshot: the version and the rows agree. A cluster never written has no version row.
    public const string ReadAll = """
        SELECT v.version, m.address, m.port, m.generation, m.silo_name, m.status, m.start_time, m.i_am_alive,
               m.suspicions::text, m.row_version
        FROM netra_membership_version v
        LEFT JOIN netra_membership m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = $1
        ORDER BY m.address, m.port, m.generation
        """;

    // The row goes in only if the version CTE bumped the version (FROM v). A duplicate key or a second live row for
    // the endpoint raises unique_violation, which rolls back the whole statement, version bump included.
    private const string InsertRow = """
        i AS (
            INSERT INTO netra_membership
                (cluster_id, address, port, generation, silo_name, status, start_time, i_am_alive, suspicions, row_version)
            SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10, 1 FROM v
            RETURNING row_version)
        SELECT v.version FROM v, i
        """;

    /// <summary>Insert when the caller read version N &gt; 0: CAS on the existing version row.</summary>
    public const string Insert = """
        WITH v AS (
            UPDATE netra_membership_version SET version = version + 1, updated_at = now()
            WHERE cluster_id = $1 AND version = $2
            RETURNING version),
        """ + "\n" + InsertRow;

    /// <summary>
    /// Insert when the caller read version 0 (no version row): create it at 1. If a concurrent writer created it first,
    /// ON CONFLICT re-checks the committed row, whose version is no longer 0, and nothing is written.
    /// </summary>
    public const string InsertFirst = """
        WITH v AS (
            INSERT INTO netra_membership_version AS t (cluster_id, version, updated_at) VALUES ($1, 1, now())
            ON CONFLICT (cluster_id) DO UPDATE SET version = t.version + 1, updated_at = now()
            WHERE t.version = $2
            RETURNING version),
        """ + "\n" + InsertRow;

    // The version CAS locks the cluster's version row and succeeds only if the target row still has the expected
    // ETag and is not Dead. Every ETag change happens under that lock (heartbeats leave the ETag alone), so when the
    // version CAS succeeds the row update matches too. The heartbeat only moves forward.
    public const string Update = """
        WITH v AS (
            UPDATE netra_membership_version SET version = version + 1, updated_at = now()
            WHERE cluster_id = $1 AND version = $2
              AND EXISTS (
                  SELECT 1 FROM netra_membership
                  WHERE cluster_id = $1 AND address = $3 AND port = $4 AND generation = $5
                    AND row_version = $6 AND status <> 4)
            RETURNING version),
        m AS (
            UPDATE netra_membership m
            SET silo_name = $7, status = $8, i_am_alive = GREATEST(m.i_am_alive, $9), suspicions = $10,
                row_version = m.row_version + 1
            FROM v
            WHERE m.cluster_id = $1 AND m.address = $3 AND m.port = $4 AND m.generation = $5
              AND m.row_version = $6 AND m.status <> 4
            RETURNING m.row_version)
        SELECT v.version FROM v, m
        """;

    // Not a membership change: neither the version nor the ETag moves (as in Orleans).
    public const string UpdateIAmAlive = """
        UPDATE netra_membership SET i_am_alive = GREATEST(i_am_alive, $5)
        WHERE cluster_id = $1 AND address = $2 AND port = $3 AND generation = $4 AND status <> 4
        """;

    public const string CleanupDefunct = """
        DELETE FROM netra_membership WHERE cluster_id = $1 AND status = 4 AND i_am_alive < $2
        """;
}
