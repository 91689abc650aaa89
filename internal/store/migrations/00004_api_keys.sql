-- API keys for machine clients: the Open311 GeoReport v2 interface
-- (POST /open311/v2/requests) files reports only with a key. A key is
-- shown once when issued; only its SHA-256 is stored. region_code limits
-- where a key may file reports ('' = anywhere). A reference table.
--
-- Open311 names a report by its id (the tracking code is the reporter's
-- secret and is never published): complaints_by_id serves those lookups,
-- complaints_received the date-range listing.

-- +goose Up
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    region_code  TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '', -- username, or "cli"
    created_at   TEXT NOT NULL,
    revoked_at   TEXT NOT NULL DEFAULT '',
    last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX api_keys_region ON api_keys (region_code);

CREATE INDEX complaints_by_id ON complaints (id);
CREATE INDEX complaints_received ON complaints (received_at);

-- +goose Down
DROP INDEX complaints_received;
DROP INDEX complaints_by_id;
DROP TABLE api_keys;
