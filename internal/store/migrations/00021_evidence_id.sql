-- The orphan sweep of evidence files (jobs.Privacy) looks files up by
-- their id alone, without the unit: an index on it keeps that a lookup
-- however many files there are.

-- +goose Up
CREATE INDEX evidence_files_id ON evidence_files (id);

-- +goose Down
DROP INDEX evidence_files_id;
