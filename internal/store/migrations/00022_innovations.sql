-- Service innovations (issue #14): a unit's innovations and the services
-- each one changes. Both distributed by unit_id (schema_test.go); the
-- innovation's evidence files are evidence_files rows with owner_type
-- 'innovation'.

-- +goose Up
CREATE TABLE innovations (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    acronym     TEXT NOT NULL DEFAULT '',
    problem     TEXT NOT NULL,
    description TEXT NOT NULL,
    launched_on TEXT NOT NULL,  -- YYYY-MM-DD (WIB)
    status      TEXT NOT NULL,  -- rencana, uji_coba, berjalan, dihentikan
    demo        BOOLEAN NOT NULL DEFAULT FALSE, -- details invented by the demo seed
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

CREATE TABLE innovation_services (
    unit_id       TEXT NOT NULL,
    innovation_id TEXT NOT NULL,
    service_id    TEXT NOT NULL,
    PRIMARY KEY (unit_id, innovation_id, service_id),
    FOREIGN KEY (unit_id, innovation_id) REFERENCES innovations (unit_id, id),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);

-- +goose Down
DROP TABLE innovation_services;
DROP TABLE innovations;
