package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
)

// loginKeys are the login_failures keys of an attempt, in the order every
// transaction takes them (address, pair, username), so that two attempts
// never wait on each other's rows in a cycle. Keys are hashed: people type
// passwords into the username field, and no typed text is kept.
func loginKeys(username, ip string) [3]string {
	username, addr := account.NormalizeUsername(username), account.ThrottleAddress(ip)
	h := func(parts ...string) string { return hashToken(strings.Join(parts, "\x00")) }
	return [3]string{h("address", addr), h("pair", username, addr), h("user", username)}
}

// BeginLogin decides whether a password may be checked now for username
// (known or not: unknown names are throttled alike, so the answers do not
// tell them apart) from client address ip. If the attempt must wait, it
// returns the wait and changes nothing. Otherwise it counts the attempt as
// a failure before the password is checked, so that concurrent attempts on
// any app node see it and wait; LoginSucceeded takes it back. userFailures
// is the username's count including this attempt.
func (db *DB) BeginLogin(ctx context.Context, username, ip string) (wait time.Duration, userFailures int, err error) {
	keys := loginKeys(username, ip)
	now := db.Now()
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var f [3]account.Failures
		for i, k := range keys {
			// The no-op update takes the row's lock on PostgreSQL until
			// the transaction ends (SQLite's writer lock covers it).
			var last string
			if err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 0, '')
				ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures RETURNING failures, last_failure_at`, k).Scan(&f[i].N, &last); err != nil {
				return fmt.Errorf("login failures: %w", err)
			}
			f[i].Last = parseTS(last)
		}
		if wait = (account.LoginFailures{Address: f[0], Pair: f[1], User: f[2]}).Wait(now); wait > 0 {
			return errNoChange
		}
		for i, k := range keys {
			f[i] = f[i].Next(now)
			if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = $1, last_failure_at = $2 WHERE key = $3`, f[i].N, ts(now), k); err != nil {
				return fmt.Errorf("login failures: %w", err)
			}
		}
		userFailures = f[2].N
		return nil
	})
	if errors.Is(err, errNoChange) {
		err = nil
	}
	return wait, userFailures, err
}

// errNoChange rolls a transaction back without it being an error.
var errNoChange = errors.New("no change")

// LoginSucceeded takes back the failure BeginLogin counted for a correct
// password: the pair's count is cleared; the username's and the address's
// lose the one attempt, but keep the rest (an attacker elsewhere keeps his
// wait when the owner signs in).
func (db *DB) LoginSucceeded(ctx context.Context, username, ip string) error {
	keys := loginKeys(username, ip)
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0`, keys[0]); err != nil {
			return fmt.Errorf("login succeeded: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, keys[1]); err != nil {
			return fmt.Errorf("login succeeded: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0`, keys[2]); err != nil {
			return fmt.Errorf("login succeeded: %w", err)
		}
		return nil
	})
}

// AuditLoginThrottled records that u's sign-ins are now slowed down: the
// username-wide count has just passed its free failures.
func (db *DB) AuditLoginThrottled(ctx context.Context, actor audit.Actor, u *account.User) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		e, err := userEntry(ctx, tx, u, audit.Entry{Action: "user.throttled"})
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, e)
	})
}

// PruneLoginFailures deletes the keys whose last failure is older than
// account.FailureWindow (they no longer count); maintenance calls it.
func (db *DB) PruneLoginFailures(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM login_failures WHERE last_failure_at < $1`, ts(db.Now().Add(-account.FailureWindow))); err != nil {
		return fmt.Errorf("prune login failures: %w", err)
	}
	return nil
}
