-- Grain state: one row per (grain type, grain key, state name).
-- version is the ETag. Every write and clear increments it in the same statement that checks it.
-- A cleared state keeps its row with payload NULL (a tombstone) and a new version, so an old ETag never matches again.
CREATE TABLE IF NOT EXISTS netra_grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    version     bigint      NOT NULL,
    payload     jsonb       NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);
