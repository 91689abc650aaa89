-- The tracking code is the reporter's password (issue #8): it is stored
-- only as a hash, and staff, notices, e-mails and exports refer to a report
-- by its public number instead (complaint.FormatNumber: receiving unit's
-- code, year received, serial from complaint_counters).
--
-- Existing rows are converted by the application right after this
-- migration (store.hashTrackingCodes): SQL cannot compute SHA-256 on both
-- engines. Until then each report's number is its id, which is unique, so
-- the unique index can be built now. merged_into, the timeline's merge
-- entries and the notifications are rewritten there too.
--
-- Down keeps the hashes: the plaintext codes are gone by design.

-- +goose Up
ALTER TABLE complaints ADD COLUMN number TEXT NOT NULL DEFAULT '';
UPDATE complaints SET number = id;
CREATE UNIQUE INDEX complaints_number ON complaints (unit_id, number);

-- The last number given per receiving unit and year, taken in the
-- filing transaction (a row lock, not a database sequence: one schema for
-- both engines, and gap-free per unit and year).
CREATE TABLE complaint_counters (
    unit_id TEXT NOT NULL REFERENCES units (id),
    year    INTEGER NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year)
);

ALTER TABLE notifications RENAME COLUMN complaint_code TO complaint_number;

-- +goose Down
ALTER TABLE notifications RENAME COLUMN complaint_number TO complaint_code;
DROP TABLE complaint_counters;
DROP INDEX complaints_number;
ALTER TABLE complaints DROP COLUMN number;
