-- Scored instruments (issue #13): PEKPPP, a city's visit checklist and,
-- later, the Ombudsman's questionnaires. Each version is immutable data
-- (instrument.Version as JSON); editing makes the next version, and results
-- (visits, later) reference the version's id. Few rows read by every node:
-- reference tables (schema_test.go).

-- +goose Up
CREATE TABLE instruments (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,   -- pekppp, ceklis-31.72
    kind        TEXT NOT NULL,          -- pekppp, checklist
    region_code TEXT NOT NULL DEFAULT '', -- '' for a national instrument; the city of its own checklist
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE instrument_versions (
    id            TEXT PRIMARY KEY,
    instrument_id TEXT NOT NULL REFERENCES instruments (id),
    number        INTEGER NOT NULL,
    label         TEXT NOT NULL UNIQUE, -- stable name: pekppp-2023, ceklis-31.72-v2
    definition    TEXT NOT NULL,        -- instrument.Version as JSON
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (instrument_id, number)
);

-- +goose Down
DROP TABLE instrument_versions;
DROP TABLE instruments;
