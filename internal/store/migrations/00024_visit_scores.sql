-- The visit itself (issue #13): the unit's self-assessment (F-01) and the
-- evaluators' scores per indicator of the visit's instrument version, the
-- coaching notes and who attended, the result computed when the visit is
-- submitted, and the idempotency keys of the evaluators' offline uploads.
-- All per unit: distributed by unit_id (schema_test.go). Photos and
-- uploaded evidence are evidence_files (owner types visit_score and
-- self_assessment, owner_id the visit).

-- +goose Up
-- side: 'self' (the unit's operators) or 'team' (the evaluators).
CREATE TABLE visit_scores (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    visit_id   TEXT NOT NULL,
    side       TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    level      INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, visit_id, side, indicator)
);

-- One row per visit once anything beyond the plan is recorded on it.
CREATE TABLE visit_reports (
    unit_id        TEXT NOT NULL REFERENCES units (id),
    visit_id       TEXT NOT NULL,
    coaching       TEXT NOT NULL DEFAULT '',  -- pembinaan
    self_submitted TEXT NOT NULL DEFAULT '',  -- when the unit submitted its self-assessment
    self_by        TEXT NOT NULL DEFAULT '',
    ipp            INTEGER,                   -- hundredths, rounded half-up; NULL until submitted
    ipp_exact      TEXT NOT NULL DEFAULT '',  -- the exact index as a fraction
    category       TEXT NOT NULL DEFAULT '',
    aspects        TEXT NOT NULL DEFAULT '',  -- JSON: [{code, name, weight, score}]
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (unit_id, visit_id)
);

CREATE TABLE visit_attendees (
    unit_id  TEXT NOT NULL REFERENCES units (id),
    visit_id TEXT NOT NULL,
    position INTEGER NOT NULL,   -- order on the list
    name     TEXT NOT NULL,
    title    TEXT NOT NULL,      -- jabatan
    PRIMARY KEY (unit_id, visit_id, position)
);

-- An upload with an Idempotency-Key is stored once: whoever inserts the key
-- stores the upload, a retry finds the key and changes nothing.
CREATE TABLE visit_uploads (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    visit_id   TEXT NOT NULL,
    idem_key   TEXT NOT NULL,
    indicator  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, visit_id, idem_key)
);

-- +goose Down
DELETE FROM evidence_files WHERE owner_type IN ('visit_score', 'self_assessment');
DROP TABLE visit_uploads;
DROP TABLE visit_attendees;
DROP TABLE visit_reports;
DROP TABLE visit_scores;
