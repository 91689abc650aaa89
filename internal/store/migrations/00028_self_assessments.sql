-- Compliance readiness (issue #14): a unit's self-assessment for the
-- Ombudsman's compliance assessment, per unit or per service product
-- (service_id '' for the unit as a whole) and instrument version; the
-- scores the unit enters per indicator (what Mutu's own data answers is
-- computed when read, never stored, so it cannot go stale); and the
-- interview records whose answers become entered items. All distributed
-- by unit_id (schema_test.go); evidence files are evidence_files rows with
-- owner_type 'kepatuhan' owned by an item or an interview.

-- +goose Up
CREATE TABLE self_assessments (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    id          TEXT NOT NULL,
    service_id  TEXT NOT NULL DEFAULT '',
    version_id  TEXT NOT NULL,
    demo        BOOLEAN NOT NULL DEFAULT FALSE, -- entered by the demo seed
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, service_id, version_id)
);

CREATE TABLE self_assessment_items (
    unit_id       TEXT NOT NULL,
    id            TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    indicator     TEXT NOT NULL,
    score         INTEGER NOT NULL,
    note          TEXT NOT NULL,
    interview_id  TEXT NOT NULL DEFAULT '', -- the interview it comes from, if any
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, assessment_id, indicator),
    FOREIGN KEY (unit_id, assessment_id) REFERENCES self_assessments (unit_id, id)
);

CREATE TABLE self_assessment_interviews (
    unit_id       TEXT NOT NULL,
    id            TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    dimension     TEXT NOT NULL, -- input, output, pengaduan
    role          TEXT NOT NULL, -- the interviewee's role, never a name
    held_on       TEXT NOT NULL, -- YYYY-MM-DD (WIB)
    answers       TEXT NOT NULL, -- [{"indicator","score","text"}] as JSON
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, assessment_id) REFERENCES self_assessments (unit_id, id)
);

-- +goose Down
DROP TABLE self_assessment_interviews;
DROP TABLE self_assessment_items;
DROP TABLE self_assessments;
