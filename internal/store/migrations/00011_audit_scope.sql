-- The audit log names each row's object in words (object_label: "Puskesmas
-- Kecamatan Penjaringan, Triwulan III 2026", a user's name) and gives every
-- row a scope (region_code), so that each row is shown to the administrators
-- whose region covers it. Rows written before this migration had an empty
-- region when the change concerned a unit, a user without a region (an
-- operator) or a province-wide setting (limits, holidays, regions, seeded
-- accounts); they are backfilled here as writeAudit now decides at write
-- time: the unit's region, the user's region or their units' region, and
-- otherwise the province when the installation has exactly one.

-- +goose Up
ALTER TABLE audit_log ADD COLUMN object_label TEXT NOT NULL DEFAULT '';
UPDATE audit_log SET region_code = COALESCE((SELECT units.region_code FROM units WHERE units.id = audit_log.unit_id), '')
    WHERE region_code = '' AND unit_id <> '';
UPDATE audit_log SET region_code = COALESCE((SELECT users.region_code FROM users WHERE users.username = audit_log.object_id), '')
    WHERE region_code = '' AND object_type = 'user';
UPDATE audit_log SET region_code = COALESCE((SELECT MIN(units.region_code) FROM users
        JOIN user_units ON user_units.user_id = users.id JOIN units ON units.id = user_units.unit_id
        WHERE users.username = audit_log.object_id), '')
    WHERE region_code = '' AND object_type = 'user';
UPDATE audit_log SET region_code = (SELECT MIN(code) FROM regions WHERE parent_code IS NULL OR parent_code = '')
    WHERE region_code = '' AND (SELECT COUNT(*) FROM regions WHERE parent_code IS NULL OR parent_code = '') = 1;
UPDATE audit_log SET object_label = COALESCE((SELECT units.name FROM units WHERE units.id = audit_log.unit_id), '')
    WHERE unit_id <> '';
UPDATE audit_log SET object_label = COALESCE((SELECT users.name FROM users WHERE users.username = audit_log.object_id), '')
    WHERE object_type = 'user';
CREATE INDEX audit_log_region ON audit_log (region_code, at);

-- +goose Down
DROP INDEX audit_log_region;
ALTER TABLE audit_log DROP COLUMN object_label;
