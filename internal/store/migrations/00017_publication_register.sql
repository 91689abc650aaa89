-- The publication register of the service standards (issue #12): where
-- each service's standard is published (a website, a social-media post, a
-- dated photo of the notice board), who recorded it and when, and the
-- link checker's latest result for the URLs. Distributed by unit_id
-- (schema_test.go). An entry that is removed is kept, marked removed, so
-- that what was once shown as evidence stays explainable.

-- +goose Up
CREATE TABLE standard_publications (
    unit_id        TEXT NOT NULL,
    id             TEXT NOT NULL,
    service_id     TEXT NOT NULL,
    kind           TEXT NOT NULL,             -- website, social, board
    url            TEXT NOT NULL DEFAULT '',  -- website and social
    seen_on        TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD (WIB): the board photo's date, else the day recorded
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    removed_by     TEXT NOT NULL DEFAULT '',
    removed_at     TEXT NOT NULL DEFAULT '',
    -- The link checker: an entry is due when next_check_at has passed; a
    -- node claims it by setting lease_until (and its lease_token) while
    -- no other lease runs, so two nodes never check it at once.
    next_check_at  TEXT NOT NULL DEFAULT '',
    lease_until    TEXT NOT NULL DEFAULT '',
    lease_token    TEXT NOT NULL DEFAULT '',
    checked_at     TEXT NOT NULL DEFAULT '',
    check_status   INTEGER NOT NULL DEFAULT 0, -- HTTP status; 0: no answer
    check_ms       INTEGER NOT NULL DEFAULT 0,
    check_error    TEXT NOT NULL DEFAULT '',
    check_version  INTEGER NOT NULL DEFAULT 0, -- the version number looked for; 0: none in force
    check_names    TEXT NOT NULL DEFAULT '',  -- yes, no, or '' (not an HTML page, or no version to look for)
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);
CREATE INDEX standard_publications_due ON standard_publications (next_check_at);

-- +goose Down
DROP TABLE standard_publications;
