-- The Laporan SKM's front matter (issue #10): the head of each unit who
-- signs the lembar pengesahan, and the logo of a government (a region) for
-- the kop surat. Logos are per region, not per unit: the kop surat carries
-- the government's emblem, and a unit prints the logo of the nearest region
-- above it that has one. Logos are small (checked and re-encoded by
-- attach.CheckLogo, at most 512 KiB) and few, so they live in the database
-- where every node reads them: a reference table.

-- +goose Up
ALTER TABLE units ADD COLUMN head_name TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN head_nip TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN head_position TEXT NOT NULL DEFAULT '';

CREATE TABLE region_logos (
    region_code  TEXT PRIMARY KEY REFERENCES regions (code),
    content_type TEXT NOT NULL,
    data         BYTEA NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    updated_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE region_logos;
ALTER TABLE units DROP COLUMN head_position;
ALTER TABLE units DROP COLUMN head_nip;
ALTER TABLE units DROP COLUMN head_name;
