package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// SLASetting is one kind's stored time limits and when they last changed.
type SLASetting struct {
	complaint.SLA
	UpdatedAt time.Time
}

// SLASettings lists the stored time limits in the order of complaint.Kinds
// (kinds without a row, which the seed prevents, are left out).
func (db *DB) SLASettings(ctx context.Context) ([]SLASetting, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT kind, verify_days, first_response_days, resolution_days, auto_close_days, updated_at FROM complaint_slas`)
	if err != nil {
		return nil, fmt.Errorf("sla settings: %w", err)
	}
	defer rows.Close()
	byKind := map[complaint.Kind]SLASetting{}
	for rows.Next() {
		var s SLASetting
		var at string
		if err := rows.Scan(&s.Kind, &s.VerifyDays, &s.FirstResponseDays, &s.ResolutionDays, &s.AutoCloseDays, &at); err != nil {
			return nil, fmt.Errorf("sla settings: %w", err)
		}
		s.UpdatedAt = parseTS(at)
		byKind[s.Kind] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sla settings: %w", err)
	}
	var out []SLASetting
	for _, k := range complaint.Kinds {
		if s, ok := byKind[k]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

// SaveSLA sets one kind's time limits; the audit row, with the numbers
// before and after, is written in the same transaction.
func (db *DB) SaveSLA(ctx context.Context, actor audit.Actor, s complaint.SLA) error {
	return db.saveSLA(ctx, actor, s, "complaint_sla.update")
}

// ResetSLA restores one kind's default time limits (methods.md §3), audited.
func (db *DB) ResetSLA(ctx context.Context, actor audit.Actor, kind complaint.Kind) error {
	d, ok := complaint.DefaultSLA(kind)
	if !ok {
		return errs.Fields("err.form", []errs.Field{{Name: "kind", Key: "sla.err.kind"}})
	}
	return db.saveSLA(ctx, actor, d, "complaint_sla.reset")
}

func (db *DB) saveSLA(ctx context.Context, actor audit.Actor, s complaint.SLA, action string) error {
	if err := errs.Fields("err.form", s.Validate()); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		// Lock the row first (PostgreSQL; SQLite's writer is already
		// exclusive) so that "before" is what this update replaces.
		if _, err := tx.ExecContext(ctx, `UPDATE complaint_slas SET updated_at = updated_at WHERE kind = $1`, string(s.Kind)); err != nil {
			return fmt.Errorf("save sla %s: %w", s.Kind, err)
		}
		var before *complaint.SLA
		b, err := slaOf(ctx, tx, s.Kind)
		switch {
		case err == nil:
			before = &b
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("save sla %s: %w", s.Kind, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_slas (kind, verify_days, first_response_days, resolution_days, auto_close_days, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind) DO UPDATE SET verify_days = excluded.verify_days,
			first_response_days = excluded.first_response_days, resolution_days = excluded.resolution_days,
			auto_close_days = excluded.auto_close_days, updated_at = excluded.updated_at`,
			string(s.Kind), s.VerifyDays, s.FirstResponseDays, s.ResolutionDays, s.AutoCloseDays, ts(db.Now())); err != nil {
			return fmt.Errorf("save sla %s: %w", s.Kind, err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "complaint_sla", ObjectID: string(s.Kind), ObjectLabel: "Batas waktu " + string(s.Kind), Detail: slaChange(before, s)})
	})
}

// slaOf reads one kind's stored time limits.
func slaOf(ctx context.Context, q querier, kind complaint.Kind) (complaint.SLA, error) {
	s := complaint.SLA{Kind: kind}
	err := q.QueryRowContext(ctx, `SELECT verify_days, first_response_days, resolution_days, auto_close_days FROM complaint_slas WHERE kind = $1`,
		string(kind)).Scan(&s.VerifyDays, &s.FirstResponseDays, &s.ResolutionDays, &s.AutoCloseDays)
	return s, err
}

// slaChange describes an update for the audit log:
// "verify_days 3→4, first_response_days 5→5, …" ("–" when there was no row).
func slaChange(before *complaint.SLA, after complaint.SLA) string {
	parts := make([]string, len(complaint.SLAFields))
	for i, f := range complaint.SLAFields {
		old := "–"
		if before != nil {
			old = strconv.Itoa(before.Days(f))
		}
		parts[i] = f + " " + old + "→" + strconv.Itoa(after.Days(f))
	}
	return strings.Join(parts, ", ")
}
