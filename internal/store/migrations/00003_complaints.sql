-- Complaints and consultations: reports with their timeline and
-- attachments, the tracking-code index, time limits per kind, and the
-- working-day calendar (national holidays and cuti bersama). SLAs and
-- holidays are seeded by the application from versioned data.

-- +goose Up
INSERT INTO unit_types (code, name_id, name_en, sort_order) VALUES
    ('pengelola_pengaduan', 'Pengelola Pengaduan (verifikator)', 'Complaint desk (verifiers)', 5);

CREATE TABLE complaint_slas (
    kind                TEXT PRIMARY KEY,
    verify_days         INTEGER NOT NULL,
    first_response_days INTEGER NOT NULL,
    resolution_days     INTEGER NOT NULL,
    auto_close_days     INTEGER NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

-- unit_id is the queue that received the report and never changes (the
-- shard key); assigned_unit_id is the unit handling it now.
CREATE TABLE complaints (
    unit_id            TEXT NOT NULL REFERENCES units (id),
    id                 TEXT NOT NULL,
    code               TEXT NOT NULL,
    region_code        TEXT NOT NULL,              -- region of the receiving unit, for the verifiers' queues
    assigned_unit_id   TEXT REFERENCES units (id),
    service_id         TEXT,
    kind               TEXT NOT NULL,
    privacy            TEXT NOT NULL,
    channel            TEXT NOT NULL,
    lapor_id           TEXT NOT NULL DEFAULT '',
    title              TEXT NOT NULL,
    body               TEXT NOT NULL,
    location           TEXT NOT NULL DEFAULT '',
    reporter_name      TEXT NOT NULL DEFAULT '',
    reporter_nik       TEXT NOT NULL DEFAULT '',
    reporter_phone     TEXT NOT NULL DEFAULT '',
    reporter_email     TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    local_date         TEXT NOT NULL,
    verified_at        TEXT NOT NULL DEFAULT '',
    dispatched_at      TEXT NOT NULL DEFAULT '',
    first_response_at  TEXT NOT NULL DEFAULT '',
    responded_at       TEXT NOT NULL DEFAULT '',
    resolved_at        TEXT NOT NULL DEFAULT '',
    closed_at          TEXT NOT NULL DEFAULT '',
    merged_into        TEXT NOT NULL DEFAULT '',
    escalations        INTEGER NOT NULL DEFAULT 0,
    rating             INTEGER NOT NULL DEFAULT 0,
    version            INTEGER NOT NULL DEFAULT 0, -- optimistic concurrency
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, code),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);
CREATE INDEX complaints_assigned ON complaints (assigned_unit_id, status);
CREATE INDEX complaints_queue ON complaints (unit_id, status, received_at);
CREATE INDEX complaints_region ON complaints (region_code, status);

-- Tracking codes are looked up without knowing the unit: this small index
-- routes a code to its report (a reference table under Citus).
CREATE TABLE complaint_codes (
    code         TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL,
    complaint_id TEXT NOT NULL
);

CREATE TABLE complaint_events (
    unit_id      TEXT NOT NULL,
    id           TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    local_date   TEXT NOT NULL,
    actor        TEXT NOT NULL, -- pelapor, verifikator, unit, sistem
    actor_id     TEXT NOT NULL DEFAULT '',
    actor_name   TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    target_unit  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, complaint_id) REFERENCES complaints (unit_id, id)
);
CREATE INDEX complaint_events_complaint ON complaint_events (unit_id, complaint_id, at);

CREATE TABLE complaint_attachments (
    unit_id      TEXT NOT NULL,
    id           TEXT NOT NULL,
    complaint_id TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, complaint_id) REFERENCES complaints (unit_id, id)
);

-- +goose Down
DROP TABLE complaint_attachments;
DROP TABLE complaint_events;
DROP TABLE complaint_codes;
DROP TABLE complaints;
DROP TABLE holidays;
DROP TABLE complaint_slas;
DELETE FROM unit_types WHERE code = 'pengelola_pengaduan';
