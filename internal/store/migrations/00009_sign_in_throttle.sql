-- Sign-in (issue #8): the hard 15-minute lock goes (anyone could lock
-- `admin` out with five wrong passwords); wrong passwords are counted in
-- login_failures under three keys (username, username and address, address)
-- and make the next attempt wait (account.Backoff). A per-user session epoch
-- ends the user's other sessions when the password changes: a session
-- carries the epoch it was signed in under, and a session with an older one
-- is signed out on its next request, on every app node.

-- +goose Up
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

CREATE TABLE login_failures (
    key             TEXT PRIMARY KEY, -- SHA-256 of the kind and the username and/or address: no typed text is kept
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);
-- Maintenance deletes the keys whose last failure is out of the window.
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- +goose Down
DROP TABLE login_failures;
ALTER TABLE users DROP COLUMN session_epoch;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';
