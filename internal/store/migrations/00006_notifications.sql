-- Notifications to staff about complaints: one row per recipient, written
-- in the same transaction as the change that caused it (or by the
-- background job for due-soon and overdue steps). unit_id is the report's
-- receiving unit, the shard key. A notice names the report by its tracking
-- code and never holds the reporter's identity; its text is rendered from
-- kind, step and detail in the reader's language.

-- +goose Up
CREATE TABLE notifications (
    unit_id        TEXT NOT NULL,
    id             TEXT NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    complaint_id   TEXT NOT NULL,
    complaint_code TEXT NOT NULL,
    kind           TEXT NOT NULL,              -- complaint.NoticeKind
    step           TEXT NOT NULL DEFAULT '',   -- due-soon, overdue: the step concerned
    detail         TEXT NOT NULL DEFAULT '',   -- escalation: the region it reached
    occasion       TEXT NOT NULL,              -- the change's time, the escalation level or the deadline
    created_at     TEXT NOT NULL,
    read_at        TEXT NOT NULL DEFAULT '',
    mail_pending   BOOLEAN NOT NULL DEFAULT FALSE, -- the recipient has an address and the e-mail is not sent yet
    PRIMARY KEY (unit_id, id),
    -- The same notice reaches a user once.
    UNIQUE (unit_id, complaint_id, user_id, kind, step, occasion),
    FOREIGN KEY (unit_id, complaint_id) REFERENCES complaints (unit_id, id)
);
-- A user's list, newest first, and the unread count in every staff page's header.
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
-- E-mails not sent yet (a small set: rows leave it as soon as they are sent).
CREATE INDEX notifications_mail ON notifications (created_at) WHERE mail_pending = TRUE;

-- +goose Down
DROP TABLE notifications;
