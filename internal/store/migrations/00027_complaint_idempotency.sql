-- A machine client's Idempotency-Key on a filed report (Open311 POST
-- requests): a retry after a lost answer finds the key and files nothing
-- new. A key belongs to its client (the API key that sent it), not to a unit:
-- two clients may use the same key, and one client's key names one report
-- whichever unit the report went to. So it is looked up without a unit, like
-- complaint_codes, and is a reference table. request_hash is the SHA-256 of
-- the request's fields (without the api_key), so that the same key with a
-- different body is refused rather than answered with another report.

-- +goose Up
CREATE TABLE complaint_idempotency (
    client_id    TEXT NOT NULL,  -- api_keys.id
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (client_id, idem_key)
);

-- +goose Down
DROP TABLE complaint_idempotency;
