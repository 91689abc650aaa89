-- The retention of complaint_idempotency (replica15): the privacy sweep
-- deletes the keys older than store.IdempotencyRetention, oldest first.

-- +goose Up
CREATE INDEX complaint_idempotency_created ON complaint_idempotency (created_at);

-- +goose Down
DROP INDEX complaint_idempotency_created;
