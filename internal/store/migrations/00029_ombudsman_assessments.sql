-- The Ombudsman's compliance assessment itself (issue #14, assess14): per
-- city and year the version it was scored with, the visit days, the
-- assessors (accounts with role assessor), the official city result and
-- the award (Piagam; its scan is an evidence file of the city, unit_id '',
-- owner ombudsman_award). Few rows read by every node: reference tables.
-- The loci (units visited, with their service products and official
-- result) and each locus's evidence pack are per unit: distributed by
-- unit_id (schema_test.go). A pack's state and progress live here, so a
-- build interrupted by a restart is taken up again by the job's next run.

-- +goose Up
CREATE TABLE ombudsman_assessments (
    id          TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        INTEGER NOT NULL,
    version_id  TEXT NOT NULL REFERENCES instrument_versions (id),
    starts_on   TEXT NOT NULL, -- YYYY-MM-DD (WIB): the first visit day
    ends_on     TEXT NOT NULL, -- the last visit day
    score       INTEGER,       -- official city score in hundredths; NULL until known
    award_name  TEXT NOT NULL DEFAULT '',
    award_on    TEXT NOT NULL DEFAULT '',
    demo        BOOLEAN NOT NULL DEFAULT FALSE, -- demo data, not an official figure
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (region_code, year)
);

CREATE TABLE ombudsman_assessors (
    assessment_id TEXT NOT NULL REFERENCES ombudsman_assessments (id),
    user_id       TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (assessment_id, user_id)
);
CREATE INDEX ombudsman_assessors_user ON ombudsman_assessors (user_id);

CREATE TABLE ombudsman_loci (
    unit_id       TEXT NOT NULL REFERENCES units (id),
    assessment_id TEXT NOT NULL REFERENCES ombudsman_assessments (id),
    score         INTEGER, -- official score of the unit in hundredths; NULL until known
    PRIMARY KEY (unit_id, assessment_id)
);
CREATE INDEX ombudsman_loci_assessment ON ombudsman_loci (assessment_id);

-- The service products assessed at a locus (none: the unit as a whole).
CREATE TABLE ombudsman_locus_products (
    unit_id       TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    service_id    TEXT NOT NULL,
    PRIMARY KEY (unit_id, assessment_id, service_id),
    FOREIGN KEY (unit_id, assessment_id) REFERENCES ombudsman_loci (unit_id, assessment_id)
);

CREATE TABLE evidence_packs (
    unit_id       TEXT NOT NULL REFERENCES units (id),
    assessment_id TEXT NOT NULL REFERENCES ombudsman_assessments (id),
    state         TEXT NOT NULL, -- queued, running, done, failed
    done          INTEGER NOT NULL DEFAULT 0, -- files written so far
    total         INTEGER NOT NULL DEFAULT 0, -- files to write
    size          BIGINT NOT NULL DEFAULT 0,  -- bytes of the finished ZIP
    runs          INTEGER NOT NULL DEFAULT 0, -- builds started (a restart starts another)
    error         TEXT NOT NULL DEFAULT '',
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    finished_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, assessment_id)
);
CREATE INDEX evidence_packs_state ON evidence_packs (state);

-- +goose Down
DROP TABLE evidence_packs;
DROP TABLE ombudsman_locus_products;
DROP TABLE ombudsman_loci;
DROP TABLE ombudsman_assessors;
DROP TABLE ombudsman_assessments;
