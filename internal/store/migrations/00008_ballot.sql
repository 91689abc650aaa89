-- Ballot stuffing (issue #8).
--
-- API keys get scopes: "open311" (filing reports through Open311, what
-- every existing key was for) and "responses" (posting survey responses to
-- the JSON API), comma-separated.
--
-- Anonymous web responses beyond a threshold per client address and unit
-- and hour, or in a burst of identical answers, are stored but held:
-- skm_held lists them, and they enter the rollups (and so every IKM) only
-- when a unit's manager releases them. skm_client_counts counts recent web
-- responses per unit, time bucket and keyed hash of the client's address
-- (never the address itself); it is incremented atomically in the ingest
-- transaction, so every app node sees the same counts, and pruned by the
-- background maintenance. The hash key is a per-deployment secret in
-- deployment_secrets (a reference table), created on first use.
--
-- complaint_fingerprints keeps, for each report, keyed hashes of its
-- normalised text and of the filing client's address, and the id of an
-- earlier identical report filed shortly before (a suspected duplicate,
-- for the verifier to merge or verify).

-- +goose Up
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'open311';

CREATE TABLE deployment_secrets (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE skm_held (
    unit_id     TEXT NOT NULL,
    response_id TEXT NOT NULL,
    reason      TEXT NOT NULL, -- "rate" (over the hourly threshold) or "burst" (identical answers)
    held_at     TEXT NOT NULL,
    PRIMARY KEY (unit_id, response_id),
    FOREIGN KEY (unit_id, response_id) REFERENCES skm_responses (unit_id, id)
);

-- bucket: "h" + the UTC hour (hourly counts) or "b" + the 10-minute window
-- number (identical answers); key_hash: HMAC of the address (and answers).
CREATE TABLE skm_client_counts (
    unit_id  TEXT NOT NULL,
    bucket   TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    n        INTEGER NOT NULL,
    at       TEXT NOT NULL, -- start of the bucket, for pruning
    PRIMARY KEY (unit_id, bucket, key_hash)
);
CREATE INDEX skm_client_counts_at ON skm_client_counts (at);

-- content_hash: of the normalised title and body; body_hash: of the body
-- alone; client_hash: of the public form's client address ('' for other
-- channels).
CREATE TABLE complaint_fingerprints (
    unit_id        TEXT NOT NULL,
    complaint_id   TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    body_hash      TEXT NOT NULL,
    client_hash    TEXT NOT NULL DEFAULT '',
    received_at    TEXT NOT NULL,
    duplicate_unit TEXT NOT NULL DEFAULT '', -- the earlier report's unit and id (never its tracking code)
    duplicate_of   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, complaint_id),
    FOREIGN KEY (unit_id, complaint_id) REFERENCES complaints (unit_id, id)
);
CREATE INDEX complaint_fingerprints_content ON complaint_fingerprints (content_hash, received_at);
CREATE INDEX complaint_fingerprints_body ON complaint_fingerprints (unit_id, body_hash, received_at);

-- +goose Down
DROP TABLE complaint_fingerprints;
DROP TABLE skm_client_counts;
DROP TABLE skm_held;
DROP TABLE deployment_secrets;
ALTER TABLE api_keys DROP COLUMN scopes;
