-- Personal data protection (UU 27/2022): when a reporter's contact data
-- (name, NIK, phone, e-mail) was erased, by the retention job after the
-- retention period or on the reporter's request. '' = not erased. The
-- report's text, status, milestones and verdicts stay, so the statistics
-- and rollups do not change. Attachments are looked up by id alone by the
-- job that removes files left without a row by a crash.

-- +goose Up
ALTER TABLE complaints ADD COLUMN reporter_erased_at TEXT NOT NULL DEFAULT '';
-- Closed reports whose contact data is still held, oldest closure first:
-- the retention job's work list, which shrinks as it erases.
CREATE INDEX complaints_retention ON complaints (closed_at) WHERE reporter_erased_at = '';
CREATE INDEX complaint_attachments_id ON complaint_attachments (id);

-- +goose Down
DROP INDEX complaint_attachments_id;
DROP INDEX complaints_retention;
ALTER TABLE complaints DROP COLUMN reporter_erased_at;
