package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
)

// writeAudit records a privileged action inside the transaction that makes it.
func (db *DB) writeAudit(ctx context.Context, tx *sql.Tx, a audit.Actor, e audit.Entry) error {
	now := db.Now()
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, local_date, actor_id, actor_name, action, object_type, object_id, region_code, unit_id, detail, ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		NewID(), ts(now), clock.LocalDate(now), a.UserID, a.Name, e.Action, e.ObjectType, e.ObjectID, e.RegionCode, e.UnitID, e.Detail, a.IP, a.RequestID)
	if err != nil {
		return fmt.Errorf("write audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	RegionCode string // entries about this region or below ("" = all)
	Action     string // exact action, "" = all
	ActorName  string
	Before     time.Time // entries strictly before, for paging backwards; zero = now
	Limit      int
}

// AuditLog lists audit entries, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
	q := `SELECT id, at, actor_id, actor_name, action, object_type, object_id, region_code, unit_id, detail, ip, request_id FROM audit_log WHERE 1=1`
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.RegionCode != "" {
		q += ` AND ` + withinRegion("region_code", f.RegionCode, arg)
	}
	if f.Action != "" {
		q += ` AND action = ` + arg(f.Action)
	}
	if f.ActorName != "" {
		q += ` AND actor_name = ` + arg(f.ActorName)
	}
	if !f.Before.IsZero() {
		q += ` AND at < ` + arg(ts(f.Before))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q += ` ORDER BY at DESC, id DESC LIMIT ` + arg(f.Limit)
	return queryAll(ctx, db.r, "audit log", q, args, func(row scanner, e *audit.Entry) error {
		var at string
		err := row.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID, &e.RegionCode, &e.UnitID, &e.Detail, &e.IP, &e.RequestID)
		e.At = parseTS(at)
		return err
	})
}
