package store

// Suspected duplicate complaints (issue #8): identical reports filed in a
// burst are stored like any other and flagged for the verifier, who merges
// or verifies them as usual.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"mutu/internal/complaint"
)

// DuplicateRef names the earlier report a report is a suspected duplicate
// of (by id, never by tracking code).
type DuplicateRef struct{ UnitID, ID string }

// FlagDuplicate records rep's fingerprint (keyed hashes of its normalised
// text and of client, the public form's client address, "" for other
// channels) and, if an identical report arrived at most
// complaint.DuplicateWindow before it, flags rep as that report's suspected
// duplicate. Identical means the same title and body from the same client
// address, or the same body to the same receiving unit. It returns the
// earlier report, or nil.
func (db *DB) FlagDuplicate(ctx context.Context, rep *complaint.Report, client string) (*DuplicateRef, error) {
	key, err := db.hashKey(ctx)
	if err != nil {
		return nil, err
	}
	body := complaint.NormalizeText(rep.Body)
	content := keyedHash(key, "complaint", complaint.NormalizeText(rep.Title), body)
	bodyHash := keyedHash(key, "complaint-body", body)
	var clientHash string
	if client != "" {
		clientHash = keyedHash(key, client)
	}
	var ref *DuplicateRef
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var earlier DuplicateRef
		err := tx.QueryRowContext(ctx, `SELECT unit_id, complaint_id FROM complaint_fingerprints
			WHERE received_at >= $1 AND received_at <= $2 AND complaint_id <> $3
			AND ((content_hash = $4 AND client_hash = $5 AND client_hash <> '') OR (unit_id = $6 AND body_hash = $7))
			ORDER BY received_at, complaint_id LIMIT 1`,
			ts(rep.ReceivedAt.Add(-complaint.DuplicateWindow)), ts(rep.ReceivedAt), rep.ID, content, clientHash, rep.UnitID, bodyHash).
			Scan(&earlier.UnitID, &earlier.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("duplicate lookup: %w", err)
		}
		if err == nil {
			ref = &earlier
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_fingerprints (unit_id, complaint_id, content_hash, body_hash, client_hash, received_at, duplicate_unit, duplicate_of)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, rep.UnitID, rep.ID, content, bodyHash, clientHash, ts(rep.ReceivedAt), earlier.UnitID, earlier.ID); err != nil {
			return fmt.Errorf("complaint fingerprint: %w", err)
		}
		return nil
	})
	return ref, err
}

// SuspectedDuplicates returns, per report id, the earlier report each of
// reports is a suspected duplicate of; others are absent.
func (db *DB) SuspectedDuplicates(ctx context.Context, reports []complaint.Report) (map[string]DuplicateRef, error) {
	out := map[string]DuplicateRef{}
	for start := 0; start < len(reports); start += 500 {
		batch := reports[start:min(start+500, len(reports))]
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		units, ids := map[string]bool{}, make([]string, len(batch))
		var unitList []string
		for i, r := range batch {
			ids[i] = r.ID
			if !units[r.UnitID] {
				units[r.UnitID] = true
				unitList = append(unitList, r.UnitID)
			}
		}
		// unit_id as well, so the lookup uses the primary key (and stays on
		// the right shards under Citus).
		q := `SELECT complaint_id, duplicate_unit, duplicate_of FROM complaint_fingerprints WHERE ` + inList("unit_id", unitList, arg) +
			` AND ` + inList("complaint_id", ids, arg) + ` AND duplicate_of <> ''`
		type row struct {
			id  string
			ref DuplicateRef
		}
		rows, err := queryAll(ctx, db.reader(ctx), "suspected duplicates", q, args, func(s scanner, r *row) error {
			return s.Scan(&r.id, &r.ref.UnitID, &r.ref.ID)
		})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.id] = r.ref
		}
	}
	return out, nil
}

// suspectedDuplicateCond is the queue filter "only suspected duplicates".
const suspectedDuplicateCond = `EXISTS (SELECT 1 FROM complaint_fingerprints d WHERE d.unit_id = complaints.unit_id AND d.complaint_id = complaints.id AND d.duplicate_of <> '')`
