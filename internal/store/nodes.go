package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/pressly/goose/v3/lock"
)

// Several app nodes on one database (issue #15): the pooler mode, the
// migration lock, job leases and rate buckets.

// Pooler names how the PostgreSQL connection reaches the server.
const (
	// PoolerNone: a direct connection (or a pgbouncer in session mode);
	// pgx caches prepared statements per connection, the fastest.
	PoolerNone = ""
	// PoolerTransaction: a pgbouncer in transaction mode, which hands the
	// server connection to another client after every transaction: no
	// server-side prepared statement may outlive its transaction.
	PoolerTransaction = "transaction"
)

// PoolerDSN returns dsn set up for pooler (PoolerNone or PoolerTransaction):
// behind a transaction pooler, pgx runs every query in "exec" mode (an
// unnamed statement, described and executed in one round trip), unless the
// URL already chooses a mode. A SQLite path is returned unchanged.
func PoolerDSN(dsn, pooler string) (string, error) {
	switch pooler {
	case PoolerNone, "session":
		return dsn, nil
	case PoolerTransaction:
	default:
		return "", fmt.Errorf("MUTU_DB_POOLER: want %q or %q, got %q", "session", PoolerTransaction, pooler)
	}
	if !IsPostgres(dsn) {
		return dsn, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("MUTU_DB: %w", err)
	}
	q := u.Query()
	if q.Get("default_query_exec_mode") == "" {
		q.Set("default_query_exec_mode", "exec")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// pooledDSN reports whether dsn makes pgx keep no named statement on the
// server (the exec or simple-protocol mode): then the store prepares none
// either, neither the hot statements nor those of a batch.
func pooledDSN(dsn string) bool {
	u, err := url.Parse(dsn)
	if err != nil {
		return false
	}
	switch u.Query().Get("default_query_exec_mode") {
	case "exec", "simple_protocol":
		return true
	}
	return false
}

// Pooled reports whether the connection is set up for a transaction pooler.
func (db *DB) Pooled() bool { return db.pooled }

// migrationLock serialises the migrations of nodes that start together on
// PostgreSQL: a lock row (goose's table locker, renewed while held and
// taken over once expired), not a session-level advisory lock, which a
// transaction pooler does not keep. SQLite needs none: its writer takes
// the database lock.
func (db *DB) migrationLock() (lock.Locker, error) {
	return lock.NewPostgresTableLocker(
		lock.WithTableName("mutu_migration_lock"),
		lock.WithTableLeaseDuration(30*time.Second),
		lock.WithTableHeartbeatInterval(5*time.Second),
		// Another node's migrations are short: look again every half
		// second, for up to ten minutes.
		lock.WithTableLockTimeout(500*time.Millisecond, 1200),
	)
}

// TakeLease takes or renews the lease on job for holder until now+ttl, and
// reports whether holder has it: it does when nobody holds it, when it
// already held it, or when the last holder's lease expired.
func (db *DB) TakeLease(ctx context.Context, job, holder string, now time.Time, ttl time.Duration) (bool, error) {
	var got string
	err := db.w.QueryRowContext(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4
RETURNING holder`, job, holder, ts(now.Add(ttl)), ts(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, db.noteWrite(fmt.Errorf("take lease %s: %w", job, err))
	}
	return got == holder, nil
}

// ReleaseLease gives up holder's lease on job (a node shutting down), so
// that another node takes it at its next look rather than at expiry.
func (db *DB) ReleaseLease(ctx context.Context, job, holder string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM job_leases WHERE name = $1 AND holder = $2`, job, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", job, err)
	}
	return nil
}

// LeaseHolder returns who holds job's lease and until when ("" when nobody
// ever took it), for /metrics and tests.
func (db *DB) LeaseHolder(ctx context.Context, job string) (string, time.Time, error) {
	var holder, until string
	err := db.r.QueryRowContext(ctx, `SELECT holder, expires_at FROM job_leases WHERE name = $1`, job).Scan(&holder, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("lease holder %s: %w", job, err)
	}
	return holder, parseTS(until), nil
}

// takeTokenSQL refills a token bucket by the time since its last request
// (never by a negative time: nodes' clocks differ a little) up to its size,
// and takes one token if there is one. Every parameter is cast, so that
// PostgreSQL deduces one type for each: $1 key, $2 size, $3 now in
// milliseconds, $4 tokens per millisecond.
const takeTokenSQL = `INSERT INTO rate_buckets (key, tokens, at_ms, ok)
VALUES ($1, CAST($2 AS DOUBLE PRECISION) - 1, CAST($3 AS BIGINT), 1)
ON CONFLICT (key) DO UPDATE SET
  tokens = CASE WHEN ` + refilled + ` >= 1 THEN ` + refilled + ` - 1 ELSE ` + refilled + ` END,
  ok = CASE WHEN ` + refilled + ` >= 1 THEN 1 ELSE 0 END,
  at_ms = CASE WHEN CAST($3 AS BIGINT) > rate_buckets.at_ms THEN CAST($3 AS BIGINT) ELSE rate_buckets.at_ms END
RETURNING tokens, ok`

const (
	elapsedMs = `(CASE WHEN CAST($3 AS BIGINT) > rate_buckets.at_ms THEN CAST($3 AS BIGINT) - rate_buckets.at_ms ELSE 0 END)`
	gained    = `(rate_buckets.tokens + ` + elapsedMs + ` * CAST($4 AS DOUBLE PRECISION))`
	refilled  = `(CASE WHEN ` + gained + ` > CAST($2 AS DOUBLE PRECISION) THEN CAST($2 AS DOUBLE PRECISION) ELSE ` + gained + ` END)`
)

// TakeToken spends one token of the bucket of limit and client at now, if
// it has one: a bucket of size burst refilled at perSec tokens a second,
// shared by every node. It returns whether the request may go on and the
// tokens left. The client (an address or a device) is stored only as a
// keyed hash.
func (db *DB) TakeToken(ctx context.Context, limit, client string, burst int, perSec float64, now time.Time) (bool, float64, error) {
	key, err := db.hashKey(ctx)
	if err != nil {
		return false, 0, err
	}
	var tokens float64
	var ok int
	if err := db.w.QueryRowContext(ctx, takeTokenSQL, keyedHash(key, "rate", limit, client), float64(burst), now.UnixMilli(), perSec/1000).
		Scan(&tokens, &ok); err != nil {
		return false, 0, db.noteWrite(fmt.Errorf("take token: %w", err))
	}
	return ok == 1, tokens, nil
}

// PruneRateBuckets deletes the buckets idle since before cutoff (full again
// by then); the background maintenance calls it.
func (db *DB) PruneRateBuckets(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM rate_buckets WHERE at_ms < $1`, cutoff.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("prune rate buckets: %w", err)
	}
	return res.RowsAffected()
}
