-- The complaint statistics of a region (the dashboards, the complaint maps)
-- add up a year's rollup rows of the region: with the counts in the index,
-- the rows are read from the index alone, in region order, instead of one
-- table lookup each (a province's year is some 25,000 step rows at a
-- million reports). These replace the (year, region_code) indexes.

-- +goose Up
CREATE INDEX complaint_status_rollup_cover ON complaint_status_rollup (year, region_code, kind, status, n);
DROP INDEX complaint_status_rollup_region;
CREATE INDEX complaint_step_rollup_cover ON complaint_step_rollup (year, region_code, step, bucket, n, on_time);
DROP INDEX complaint_step_rollup_region;

-- +goose Down
CREATE INDEX complaint_step_rollup_region ON complaint_step_rollup (year, region_code);
DROP INDEX complaint_step_rollup_cover;
CREATE INDEX complaint_status_rollup_region ON complaint_status_rollup (year, region_code);
DROP INDEX complaint_status_rollup_cover;
