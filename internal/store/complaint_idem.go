package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// ErrIdempotencyTaken: another request with the same client and
// Idempotency-Key stored its report first; nothing of this one was stored.
// The caller reads the winner's with ComplaintIdempotency.
var ErrIdempotencyTaken = errors.New("idempotency key already used")

// claimIdempotency stores r's retry key in the filing's transaction. The
// primary key decides between concurrent requests: on PostgreSQL the second
// insert waits for the first transaction and then does nothing.
func claimIdempotency(ctx context.Context, tx execer, r *complaint.Report) error {
	if r.Idem == nil {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO complaint_idempotency (client_id, idem_key, request_hash, unit_id, complaint_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, r.Idem.Client, r.Idem.Key, r.Idem.Hash, r.UnitID, r.ID, ts(r.ReceivedAt))
	if err != nil {
		return fmt.Errorf("complaint idempotency: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrIdempotencyTaken
	}
	return nil
}

// ComplaintIdempotency returns the report a client filed with key and the
// hash of that request, or NotFound. It reads the primary: a retry must see
// the write it retries.
func (db *DB) ComplaintIdempotency(ctx context.Context, clientID, key string) (complaintID, hash string, err error) {
	err = db.w.QueryRowContext(ctx, `SELECT complaint_id, request_hash FROM complaint_idempotency WHERE client_id = $1 AND idem_key = $2`,
		clientID, key).Scan(&complaintID, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.New(errs.NotFound, "complaint.err.not_found")
	}
	if err != nil {
		return "", "", fmt.Errorf("complaint idempotency: %w", err)
	}
	return complaintID, hash, nil
}
