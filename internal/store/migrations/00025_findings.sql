-- The monitoring team's findings (issue #13): each found at a visit,
-- against an indicator; the unit's follow-up, the team's verification or
-- reopening as events; and the claims of the escalations of overdue
-- follow-ups, one per finding and round (a reopening starts a new round),
-- so each is sent once however many nodes run the job. All per unit:
-- distributed by unit_id (schema_test.go). The follow-up's evidence files
-- are evidence_files with owner_type 'monitoring_finding'.

-- +goose Up
CREATE TABLE monitoring_findings (
    unit_id          TEXT NOT NULL REFERENCES units (id),
    id               TEXT NOT NULL,
    visit_id         TEXT NOT NULL,
    indicator_code   TEXT NOT NULL,
    severity         TEXT NOT NULL, -- ringan, sedang, berat
    description      TEXT NOT NULL,
    recommendation   TEXT NOT NULL,
    responsible      TEXT NOT NULL,
    due_on           TEXT NOT NULL, -- YYYY-MM-DD (WIB)
    status           TEXT NOT NULL, -- terbuka, ditanggapi, ditutup, dibuka_kembali
    round            INTEGER NOT NULL DEFAULT 0,
    follow_up        TEXT NOT NULL DEFAULT '',
    answered_at      TEXT NOT NULL DEFAULT '',
    first_answer_at  TEXT NOT NULL DEFAULT '',
    closed_at        TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, visit_id) REFERENCES monitoring_visits (unit_id, id)
);
CREATE INDEX monitoring_findings_visit ON monitoring_findings (unit_id, visit_id);
-- The escalation job reads the findings waiting for their unit by due day.
CREATE INDEX monitoring_findings_due ON monitoring_findings (status, due_on);

CREATE TABLE monitoring_finding_events (
    unit_id    TEXT NOT NULL,
    id         TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    action     TEXT NOT NULL, -- buat, tanggapi, tutup, buka_kembali, eskalasi
    status     TEXT NOT NULL, -- the status after it
    actor      TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, finding_id) REFERENCES monitoring_findings (unit_id, id)
);
CREATE INDEX monitoring_finding_events_finding ON monitoring_finding_events (unit_id, finding_id, created_at);

CREATE TABLE monitoring_finding_escalations (
    unit_id    TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    round      INTEGER NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (unit_id, finding_id, round),
    FOREIGN KEY (unit_id, finding_id) REFERENCES monitoring_findings (unit_id, id)
);

-- +goose Down
DELETE FROM notifications WHERE kind = 'finding_overdue';
DELETE FROM evidence_files WHERE owner_type = 'monitoring_finding';
DROP TABLE monitoring_finding_escalations;
DROP TABLE monitoring_finding_events;
DROP TABLE monitoring_findings;
