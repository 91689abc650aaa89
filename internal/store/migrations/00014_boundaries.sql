-- Where regions are (issue #11): each region's boundary, a GeoJSON
-- geometry (WGS84, longitude first) loaded by "mutu import boundaries" or
-- the demo seed. Few rows read whole by every node into its point index:
-- a reference table. version grows with every import; the largest
-- version and the row count together name the data an index was built
-- from, so every node sees when another imported.
--
-- Points are kept in microdegrees (about 0.1 m) as integers, exact and
-- the same in both engines: where a report happened, when its reporter
-- gave a point (Open311 lat/long, "Gunakan lokasi saya"), and where a unit
-- is. NULL: no point.

-- +goose Up
CREATE TABLE region_boundaries (
    region_code TEXT PRIMARY KEY REFERENCES regions (code),
    shape       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    imported_at TEXT NOT NULL
);

ALTER TABLE complaints ADD COLUMN lat_e6 BIGINT;
ALTER TABLE complaints ADD COLUMN lng_e6 BIGINT;
ALTER TABLE units ADD COLUMN lat_e6 BIGINT;
ALTER TABLE units ADD COLUMN lng_e6 BIGINT;

-- +goose Down
ALTER TABLE units DROP COLUMN lng_e6;
ALTER TABLE units DROP COLUMN lat_e6;
ALTER TABLE complaints DROP COLUMN lng_e6;
ALTER TABLE complaints DROP COLUMN lat_e6;
DROP TABLE region_boundaries;
