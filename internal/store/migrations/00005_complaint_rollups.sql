-- Complaint statistics kept as running sums, so that the dashboard reads
-- O(units × years) rows, never the reports themselves.
-- Each change to a report adds its contribution's difference
-- (complaint.TallyDelta) in the same transaction. The verdicts say whether
-- each completed step was on time under the limits in force when it was
-- done; they are stored so that later edits of the limits do not rewrite
-- the past. Existing reports are judged and summed by the application
-- right after this migration (store.RebuildComplaintRollups).

-- +goose Up
ALTER TABLE complaints ADD COLUMN verify_on_time BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE complaints ADD COLUMN first_response_on_time BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE complaints ADD COLUMN resolution_on_time BOOLEAN NOT NULL DEFAULT FALSE;

-- Open reports for the queues, oldest first, filtered by region within the
-- index, whatever the history (all reports by time: complaints_received,
-- migration 00004).
CREATE INDEX complaints_open ON complaints (status, received_at, region_code);

-- The rollups, keyed by the unit that received the reports (unit_id), the
-- unit handling them now (handler_id; '' while with the verifiers) and the
-- receiving unit's region (region_code), so that a verifier's region and
-- an operator's units are both a simple filter.

-- Reports by kind and status, per year received (WIB).
CREATE TABLE complaint_status_rollup (
    unit_id     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    handler_id  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, handler_id, region_code, kind, status)
);
CREATE INDEX complaint_status_rollup_region ON complaint_status_rollup (year, region_code);
CREATE INDEX complaint_status_rollup_handler ON complaint_status_rollup (handler_id, year);

-- Reports received per month, by whether they are open, completed
-- (resolved or closed) or set aside (archived or merged): the monthly chart.
CREATE TABLE complaint_month_rollup (
    unit_id     TEXT NOT NULL,
    month       TEXT NOT NULL,
    handler_id  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    open        INTEGER NOT NULL,
    completed   INTEGER NOT NULL,
    set_aside   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, month, handler_id, region_code)
);
CREATE INDEX complaint_month_rollup_region ON complaint_month_rollup (month, region_code);
CREATE INDEX complaint_month_rollup_handler ON complaint_month_rollup (handler_id, month);

-- Completed steps (verifikasi, tanggapan_pertama, penyelesaian) of the
-- reports received in a year, by duration bucket (complaint.DurationBucket),
-- with how many were on time.
CREATE TABLE complaint_step_rollup (
    unit_id     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    handler_id  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    step        TEXT NOT NULL,
    bucket      INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    on_time     INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, handler_id, region_code, step, bucket)
);
CREATE INDEX complaint_step_rollup_region ON complaint_step_rollup (year, region_code);
CREATE INDEX complaint_step_rollup_handler ON complaint_step_rollup (handler_id, year);

-- +goose Down
DROP TABLE complaint_step_rollup;
DROP TABLE complaint_month_rollup;
DROP TABLE complaint_status_rollup;
DROP INDEX complaints_open;
ALTER TABLE complaints DROP COLUMN resolution_on_time;
ALTER TABLE complaints DROP COLUMN first_response_on_time;
ALTER TABLE complaints DROP COLUMN verify_on_time;
