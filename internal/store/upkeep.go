package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Lease is one job's lease row: which node holds it, until when.
type Lease struct {
	Job, Holder string
	Until       time.Time
}

// Leases returns every job lease, by job name (for /metrics). It reads the
// primary: who holds a lease is only known there.
func (db *DB) Leases(ctx context.Context) ([]Lease, error) {
	return queryAll(ctx, db.w, "job leases", `SELECT name, holder, expires_at FROM job_leases ORDER BY name`, nil,
		func(row scanner, l *Lease) error {
			var until string
			err := row.Scan(&l.Job, &l.Holder, &until)
			l.Until = parseTS(until)
			return err
		})
}

// IdempotencyRetention is how long a client's Idempotency-Key is kept
// after its report was filed: a retry comes within minutes or hours; a week
// also covers a client that was offline over a long weekend.
const IdempotencyRetention = 7 * 24 * time.Hour

// DeleteOldIdempotency removes up to limit retry keys stored before
// cutoff, and returns how many it removed. A retry after that files a new
// report.
func (db *DB) DeleteOldIdempotency(ctx context.Context, cutoff time.Time, limit int) (int, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM complaint_idempotency WHERE (client_id, idem_key) IN (
SELECT client_id, idem_key FROM complaint_idempotency WHERE created_at < $1 ORDER BY created_at LIMIT $2)`, ts(cutoff), limit)
		if err != nil {
			return fmt.Errorf("old idempotency keys: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
