-- Service standards (issue #12): versions of each service's standard with
-- their workflow, the unit's maklumat, the records of the Forum Konsultasi
-- Publik, and evidence files owned by those records. All distributed by
-- unit_id (schema_test.go).

-- +goose Up
CREATE TABLE standard_versions (
    unit_id        TEXT NOT NULL,
    id             TEXT NOT NULL,
    service_id     TEXT NOT NULL,
    number         INTEGER NOT NULL,
    status         TEXT NOT NULL,          -- draft, approved, published
    content        TEXT NOT NULL,          -- standard.Content as JSON
    effective_from TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD (WIB)
    decree_number  TEXT NOT NULL DEFAULT '',
    decree_date    TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    approved_by    TEXT NOT NULL DEFAULT '',
    approved_at    TEXT NOT NULL DEFAULT '',
    published_by   TEXT NOT NULL DEFAULT '',
    published_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, service_id, number),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);

CREATE TABLE maklumat (
    unit_id            TEXT NOT NULL REFERENCES units (id),
    text               TEXT NOT NULL,
    signatory_name     TEXT NOT NULL,
    signatory_nip      TEXT NOT NULL DEFAULT '',
    signatory_position TEXT NOT NULL,
    signed_on          TEXT NOT NULL DEFAULT '',
    updated_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (unit_id)
);

CREATE TABLE standard_forums (
    unit_id      TEXT NOT NULL REFERENCES units (id),
    id           TEXT NOT NULL,
    held_on      TEXT NOT NULL, -- YYYY-MM-DD (WIB)
    topic        TEXT NOT NULL,
    participants TEXT NOT NULL, -- one per line
    minutes      TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

-- One kind of file owned by a record of a unit: owner_type names the
-- record (standard_version, forum, maklumat; later visits, findings,
-- self-assessments), kind what the file is (decree, minutes, photo,
-- signed). The bytes live outside the database like complaint attachments.
CREATE TABLE evidence_files (
    unit_id      TEXT NOT NULL REFERENCES units (id),
    id           TEXT NOT NULL,
    owner_type   TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);
CREATE INDEX evidence_files_owner ON evidence_files (unit_id, owner_type, owner_id);

-- +goose Down
DROP TABLE evidence_files;
DROP TABLE standard_forums;
DROP TABLE maklumat;
DROP TABLE standard_versions;
