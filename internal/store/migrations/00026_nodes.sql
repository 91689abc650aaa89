-- Several app nodes on one database (issue #15). What one process kept in
-- its memory moves here, so that it holds across nodes:
--
-- rate_buckets is a token bucket per limit and client (keyed hash of the
-- client's address, never the address): one upsert per limited request
-- refills it by the time since at_ms (milliseconds since the epoch, the
-- node's injected clock) and takes a token; ok tells whether there was one.
-- Idle buckets are pruned by the background maintenance.
--
-- job_leases names, for each background job, the node that runs it until
-- expires_at; the holder renews it while it runs, another node takes it
-- once it has expired (a dead holder stops renewing). A row, not a
-- session-level advisory lock, because those do not hold behind pgbouncer
-- in transaction mode.

-- +goose Up
CREATE TABLE rate_buckets (
    key    TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at_ms  BIGINT NOT NULL,
    ok     INTEGER NOT NULL
);
CREATE INDEX rate_buckets_at ON rate_buckets (at_ms);

CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE rate_buckets;
