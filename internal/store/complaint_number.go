package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// rowQuerier is what *sql.Tx and *batchTx share for a one-row query.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// takeNumbers reserves k numbers in a receiving unit's year and returns the
// last; the numbers are last-k+1 … last. The counter row is updated in the
// caller's transaction, so concurrent filings (on any app node) wait for
// each other and never share a number.
func takeNumbers(ctx context.Context, tx rowQuerier, unitID string, year, k int) (int, error) {
	var last int
	err := tx.QueryRowContext(ctx, `INSERT INTO complaint_counters (unit_id, year, last) VALUES ($1, $2, $3)
		ON CONFLICT (unit_id, year) DO UPDATE SET last = complaint_counters.last + excluded.last RETURNING last`, unitID, year, k).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("complaint number: %w", err)
	}
	return last, nil
}

// assignNumbers gives reports received by one unit (code unitCode) their
// numbers, in the order given, per year received (WIB).
func assignNumbers(ctx context.Context, tx rowQuerier, unitCode string, reports []*complaint.Report) error {
	perYear := map[int][]*complaint.Report{}
	var years []int
	for _, r := range reports {
		y := r.ReceivedAt.In(clock.Jakarta).Year()
		if perYear[y] == nil {
			years = append(years, y)
		}
		perYear[y] = append(perYear[y], r)
	}
	for _, y := range years {
		rs := perYear[y]
		last, err := takeNumbers(ctx, tx, rs[0].UnitID, y, len(rs))
		if err != nil {
			return err
		}
		for i, r := range rs {
			r.Number = complaint.FormatNumber(unitCode, y, last-len(rs)+1+i)
		}
	}
	return nil
}

// numberByUnit numbers reports of any receiving units, each unit's in the
// order given.
func numberByUnit(ctx context.Context, tx rowQuerier, reports []*complaint.Report) error {
	byUnit := map[string][]*complaint.Report{}
	var units []string
	for _, r := range reports {
		if byUnit[r.UnitID] == nil {
			units = append(units, r.UnitID)
		}
		byUnit[r.UnitID] = append(byUnit[r.UnitID], r)
	}
	for _, id := range units {
		var code string
		if err := tx.QueryRowContext(ctx, `SELECT code FROM units WHERE id = $1`, id).Scan(&code); err != nil {
			return fmt.Errorf("complaint unit: %w", err)
		}
		if err := assignNumbers(ctx, tx, code, byUnit[id]); err != nil {
			return err
		}
	}
	return nil
}

// ComplaintByNumber finds a report by its public number. The number names
// the receiving unit, so the lookup goes straight to that unit's rows.
func (db *DB) ComplaintByNumber(ctx context.Context, number string) (*complaint.Report, error) {
	return db.complaintByNumber(ctx, db.reader(ctx), number)
}

// complaintByNumber reads on q the report numbered number, however it was
// typed (case, zero padding); none is NotFound.
func (db *DB) complaintByNumber(ctx context.Context, q rowQuerier, number string) (*complaint.Report, error) {
	notFound := errs.New(errs.NotFound, "complaint.err.not_found")
	unitCode, year, n, ok := complaint.ParseNumber(number)
	if !ok {
		return nil, notFound
	}
	u, err := db.UnitByCode(ctx, unitCode)
	if errs.Is(err, errs.NotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	r, err := scanComplaint(q.QueryRowContext(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE unit_id = $1 AND number = $2`,
		u.ID, complaint.FormatNumber(u.Code, year, n)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: %w", err)
	}
	return r, nil
}

// hashTrackingCodes converts the reports filed before migration 00007:
// each gets its number (per receiving unit and year, in the order
// received), its tracking code is replaced by the code's hash (in
// complaints and complaint_codes), a duplicate's merged_into and its merge
// entry in the timeline name the surviving report by number instead of
// code, and notifications carry the number. A report not yet converted
// still has its id as number, so running this again changes nothing.
// Old codes keep working: the lookup hashes what the reporter types.
func (db *DB) hashTrackingCodes(ctx context.Context) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		olds, err := queryAll(ctx, tx, "hash codes", `SELECT unit_id, id, code, received_at FROM complaints WHERE number = id ORDER BY received_at, id`, nil,
			func(row scanner, r *complaint.Report) error {
				var received string
				err := row.Scan(&r.UnitID, &r.ID, &r.Code, &received)
				r.ReceivedAt = parseTS(received)
				return err
			})
		if err != nil {
			return err
		}
		reports := make([]*complaint.Report, len(olds))
		for i := range olds {
			reports[i] = &olds[i]
		}
		if err := numberByUnit(ctx, tx, reports); err != nil {
			return err
		}
		codes := map[string]string{}
		for _, r := range reports {
			hash := r.Code
			// A schema rolled back and migrated again has hashes already.
			if plain := complaint.NormalizeCode(r.Code); complaint.ValidCode(plain) {
				hash, codes[plain] = complaint.HashCode(plain), r.Number
				if _, err := tx.ExecContext(ctx, `UPDATE complaint_codes SET code = $1 WHERE code = $2`, hash, r.Code); err != nil {
					return fmt.Errorf("hash codes: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET code = $1, number = $2 WHERE unit_id = $3 AND id = $4`,
				hash, r.Number, r.UnitID, r.ID); err != nil {
				return fmt.Errorf("hash codes: %w", err)
			}
		}
		n = len(olds)
		if err := renumberMerges(ctx, tx, codes); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET complaint_number = COALESCE((SELECT c.number FROM complaints c
			WHERE c.unit_id = notifications.unit_id AND c.id = notifications.complaint_id), '') WHERE complaint_id <> ''`) // not visit reminders
		if err != nil {
			return fmt.Errorf("hash codes: notifications: %w", err)
		}
		return nil
	})
	return n, err
}

// renumberMerges replaces the tracking codes that duplicates name their
// surviving report by (merged_into, and the reason "CODE: …" of the merge
// entry in their timeline) with the report's number; a code that names no
// report is dropped.
func renumberMerges(ctx context.Context, tx *sql.Tx, codes map[string]string) error {
	type merged struct{ unitID, id, into string }
	list, err := queryAll(ctx, tx, "merged", `SELECT unit_id, id, merged_into FROM complaints WHERE merged_into <> ''`, nil,
		func(row scanner, m *merged) error { return row.Scan(&m.unitID, &m.id, &m.into) })
	if err != nil {
		return err
	}
	for _, m := range list {
		code := complaint.NormalizeCode(m.into)
		if !complaint.ValidCode(code) {
			continue // already a number
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET merged_into = $1 WHERE unit_id = $2 AND id = $3`, codes[code], m.unitID, m.id); err != nil {
			return fmt.Errorf("renumber merge: %w", err)
		}
	}
	type event struct{ unitID, id, body string }
	events, err := queryAll(ctx, tx, "merge events", `SELECT unit_id, id, body FROM complaint_events WHERE action = $1`, []any{string(complaint.Merge)},
		func(row scanner, e *event) error { return row.Scan(&e.unitID, &e.id, &e.body) })
	if err != nil {
		return err
	}
	for _, e := range events {
		code, reason, ok := strings.Cut(e.body, ": ")
		if !ok || !complaint.ValidCode(complaint.NormalizeCode(code)) {
			continue
		}
		body := reason
		if number := codes[complaint.NormalizeCode(code)]; number != "" {
			body = number + ": " + reason
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaint_events SET body = $1 WHERE unit_id = $2 AND id = $3`, body, e.unitID, e.id); err != nil {
			return fmt.Errorf("renumber merge: %w", err)
		}
	}
	return nil
}

// checkMergeTarget makes sure the report a duplicate is merged into exists
// (the caller has checked it is in the actor's scope; the domain, that it
// is not the duplicate itself).
func (db *DB) checkMergeTarget(ctx context.Context, tx *sql.Tx, number string) error {
	r, err := db.complaintByNumber(ctx, tx, number)
	// The duplicate will name its target by number exactly as given.
	if errs.Is(err, errs.NotFound) || err == nil && r.Number != number {
		return errs.InvalidField("merge_into", "complaint.err.merge_target")
	}
	return err
}
