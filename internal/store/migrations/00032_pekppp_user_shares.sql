-- The users' share of a city's final PEKPPP index (issue #13, "Results"):
-- how much the unit's own SKM result counts beside the evaluator's IPP
-- (methods.md §4 leaves the combination to the deployment, [C]). Every
-- change is a new version, so a year's figures can be explained by the
-- share in force; few rows per city, read by every node: a reference table.

-- +goose Up
CREATE TABLE pekppp_user_shares (
    region_code TEXT NOT NULL,     -- a city or province
    version     INTEGER NOT NULL,  -- 1, 2, … per region
    user_share  INTEGER NOT NULL,  -- percent, 0–100
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (region_code, version)
);

-- +goose Down
DROP TABLE pekppp_user_shares;
