-- Streams: one row per stream holds its last sequence number, which never goes down even when retention trims
-- every item, and one row per retained item. An append checks and moves last_seq in the same statement that
-- inserts the items, so two activations of one stream can never both append the same sequence number.
CREATE TABLE IF NOT EXISTS netra_streams (
    stream_id text   PRIMARY KEY,
    last_seq  bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS netra_stream_items (
    stream_id  text        NOT NULL,
    seq        bigint      NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

CREATE INDEX IF NOT EXISTS netra_stream_items_created_at ON netra_stream_items (created_at);
