-- The monitoring team (issue #13): teams set by a decree, their members and
-- scope, each city's cadence, the visits planned and done in each unit's
-- windows, and the claims of the reminders sent before a window closes.
-- Teams, members, scope and cadences are few: reference tables. Visits and
-- reminders are per unit: distributed by unit_id (schema_test.go). A
-- visit's scores, findings and report come later, in tables of their own
-- keyed by (unit_id, visit id).
--
-- Two older tables lose a foreign key so that they can serve these records
-- too (SQLite cannot drop a constraint: each is rebuilt with its rows):
-- notifications, which now also carry visit reminders (no complaint), and
-- evidence_files, which now also hold a team's decree (a city's record,
-- unit_id '').

-- +goose Up
CREATE TABLE monitoring_cadences (
    region_code   TEXT NOT NULL REFERENCES regions (code),
    months        INTEGER NOT NULL,
    reminder_days INTEGER NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (region_code)
);

CREATE TABLE monitoring_teams (
    id            TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    name          TEXT NOT NULL,
    decree_number TEXT NOT NULL,
    decree_date   TEXT NOT NULL, -- YYYY-MM-DD (WIB)
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX monitoring_teams_region ON monitoring_teams (region_code);

CREATE TABLE monitoring_members (
    team_id TEXT NOT NULL REFERENCES monitoring_teams (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL, -- ketua, sekretaris, anggota
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX monitoring_members_user ON monitoring_members (user_id);

-- A team's scope: every unit of a region (kind 'region', ref a region
-- code), or one unit (kind 'unit', ref a unit id).
CREATE TABLE monitoring_scope (
    team_id TEXT NOT NULL REFERENCES monitoring_teams (id),
    kind    TEXT NOT NULL,
    ref     TEXT NOT NULL,
    PRIMARY KEY (team_id, kind, ref)
);

-- One visit per unit and window (window_start: the window's first day).
CREATE TABLE monitoring_visits (
    unit_id               TEXT NOT NULL REFERENCES units (id),
    id                    TEXT NOT NULL,
    team_id               TEXT NOT NULL,
    window_start          TEXT NOT NULL, -- YYYY-MM-DD (WIB)
    planned_on            TEXT NOT NULL DEFAULT '',
    done_on               TEXT NOT NULL DEFAULT '',
    instrument_version_id TEXT,          -- the scored instrument's version, once visits are scored
    planned_by            TEXT NOT NULL DEFAULT '',
    done_by               TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, window_start)
);
-- The calendar and the coverage read one window's or one month's visits.
CREATE INDEX monitoring_visits_window ON monitoring_visits (window_start);

-- The claim of a window's reminder: whoever inserts the row sends it, so
-- each is sent once however many nodes run the job.
CREATE TABLE monitoring_reminders (
    unit_id      TEXT NOT NULL REFERENCES units (id),
    window_start TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (unit_id, window_start)
);
CREATE INDEX monitoring_reminders_window ON monitoring_reminders (window_start);

CREATE TABLE notifications_new (
    unit_id          TEXT NOT NULL,
    id               TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id),
    complaint_id     TEXT NOT NULL,              -- '' for a visit reminder
    complaint_number TEXT NOT NULL,              -- a visit reminder: the unit's code
    kind             TEXT NOT NULL,
    step             TEXT NOT NULL DEFAULT '',
    detail           TEXT NOT NULL DEFAULT '',
    occasion         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    read_at          TEXT NOT NULL DEFAULT '',
    mail_pending     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, complaint_id, user_id, kind, step, occasion)
);
INSERT INTO notifications_new (unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at, read_at, mail_pending)
    SELECT unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at, read_at, mail_pending FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
CREATE INDEX notifications_mail ON notifications (created_at) WHERE mail_pending = TRUE;

CREATE TABLE evidence_files_new (
    unit_id      TEXT NOT NULL, -- '' for a city's record (a team's decree)
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
INSERT INTO evidence_files_new (unit_id, id, owner_type, owner_id, kind, filename, content_type, size, sha256, created_by, created_at)
    SELECT unit_id, id, owner_type, owner_id, kind, filename, content_type, size, sha256, created_by, created_at FROM evidence_files;
DROP TABLE evidence_files;
ALTER TABLE evidence_files_new RENAME TO evidence_files;
CREATE INDEX evidence_files_owner ON evidence_files (unit_id, owner_type, owner_id);

-- +goose Down
DELETE FROM evidence_files WHERE unit_id = '';
CREATE TABLE evidence_files_old (
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
INSERT INTO evidence_files_old SELECT unit_id, id, owner_type, owner_id, kind, filename, content_type, size, sha256, created_by, created_at FROM evidence_files;
DROP TABLE evidence_files;
ALTER TABLE evidence_files_old RENAME TO evidence_files;
CREATE INDEX evidence_files_owner ON evidence_files (unit_id, owner_type, owner_id);

DELETE FROM notifications WHERE complaint_id = '';
CREATE TABLE notifications_old (
    unit_id          TEXT NOT NULL,
    id               TEXT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id),
    complaint_id     TEXT NOT NULL,
    complaint_number TEXT NOT NULL,
    kind             TEXT NOT NULL,
    step             TEXT NOT NULL DEFAULT '',
    detail           TEXT NOT NULL DEFAULT '',
    occasion         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    read_at          TEXT NOT NULL DEFAULT '',
    mail_pending     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, complaint_id, user_id, kind, step, occasion),
    FOREIGN KEY (unit_id, complaint_id) REFERENCES complaints (unit_id, id)
);
INSERT INTO notifications_old SELECT unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at, read_at, mail_pending FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_old RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
CREATE INDEX notifications_mail ON notifications (created_at) WHERE mail_pending = TRUE;

DROP TABLE monitoring_reminders;
DROP TABLE monitoring_visits;
DROP TABLE monitoring_scope;
DROP TABLE monitoring_members;
DROP TABLE monitoring_teams;
DROP TABLE monitoring_cadences;
