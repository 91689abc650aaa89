package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/region"
)

// writeAudit records a privileged action inside the transaction that makes it.
// It decides the row's scope and names its object: an entry about a unit
// gets the unit's region and is labelled with the unit's name, then what
// within the unit the call site names (e.g. a period); an entry with no
// region (a province-wide setting, a command-line action) belongs to the
// province when the installation has a single one. A row keeps an empty
// region only when it spans provinces: then the province administrators see it.
func (db *DB) writeAudit(ctx context.Context, tx *sql.Tx, a audit.Actor, e audit.Entry) error {
	now := db.Now()
	if e.UnitID != "" {
		var regionCode, name, code string
		err := tx.QueryRowContext(ctx, `SELECT region_code, name, code FROM units WHERE id = $1`, e.UnitID).Scan(&regionCode, &name, &code)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("audit unit: %w", err)
		}
		if e.RegionCode == "" {
			e.RegionCode = regionCode
		}
		if e.ObjectType == "unit" && e.ObjectID == e.UnitID && code != "" {
			e.ObjectID = code // the code staff know, not the row's key
		}
		if name != "" && e.ObjectLabel != name {
			e.ObjectLabel = strings.TrimSuffix(name+", "+e.ObjectLabel, ", ")
		}
	}
	if e.RegionCode == "" {
		var n int
		var root string
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(code), '') FROM regions WHERE parent_code IS NULL`).
			Scan(&n, &root); err != nil {
			return fmt.Errorf("audit scope: %w", err)
		}
		if n == 1 {
			e.RegionCode = root
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, at, local_date, actor_id, actor_name, action, object_type, object_id, object_label, region_code, unit_id, detail, ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		NewID(), ts(now), clock.LocalDate(now), a.UserID, a.Name, e.Action, e.ObjectType, e.ObjectID, e.ObjectLabel, e.RegionCode, e.UnitID, e.Detail, a.IP, a.RequestID)
	if err != nil {
		return fmt.Errorf("write audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	RegionCode string    // the viewer's region: entries about it or below ("" = all)
	Action     string    // exact action, "" = all
	ActorName  string    // exact actor (any case), "" = all
	From, To   string    // local dates (WIB), inclusive; "" = open
	Object     string    // text in the object's label or key, any case
	Before     time.Time // entries strictly before, for paging backwards; zero = now
	Limit      int       // at most 1000, 100 by default
	All        bool      // exports: the newest MaxAuditExport rows
}

// MaxAuditExport bounds an export of the audit log, so that one request
// cannot hold a whole province's history in memory; narrow the filter
// (dates) for more.
const MaxAuditExport = 50000

// AuditLog lists audit entries, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
	q := `SELECT id, at, actor_id, actor_name, action, object_type, object_id, object_label, region_code, unit_id, detail, ip, request_id FROM audit_log WHERE 1=1`
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.RegionCode != "" {
		cond := withinRegion("region_code", f.RegionCode, arg)
		if region.ParentOf(f.RegionCode) == "" {
			// A province's administrators also see the rows spanning provinces.
			cond = "(" + cond + " OR region_code = '')"
		}
		q += ` AND ` + cond
	}
	if f.Action != "" {
		q += ` AND action = ` + arg(f.Action)
	}
	if f.ActorName != "" {
		q += ` AND LOWER(actor_name) = ` + arg(strings.ToLower(f.ActorName))
	}
	if f.From != "" {
		q += ` AND local_date >= ` + arg(f.From)
	}
	if f.To != "" {
		q += ` AND local_date <= ` + arg(f.To)
	}
	if f.Object != "" {
		like := "%" + strings.ToLower(escapeLike(strings.TrimSpace(f.Object))) + "%"
		p := arg(like)
		q += ` AND (LOWER(object_label) LIKE ` + p + ` ESCAPE '\' OR LOWER(object_id) LIKE ` + p + ` ESCAPE '\')`
	}
	if !f.Before.IsZero() {
		q += ` AND at < ` + arg(ts(f.Before))
	}
	switch {
	case f.All:
		f.Limit = MaxAuditExport
	case f.Limit <= 0 || f.Limit > 1000:
		f.Limit = 100
	}
	q += ` ORDER BY at DESC, id DESC LIMIT ` + arg(f.Limit)
	return queryAll(ctx, db.reader(ctx), "audit log", q, args, func(row scanner, e *audit.Entry) error {
		var at string
		err := row.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID, &e.ObjectLabel, &e.RegionCode, &e.UnitID, &e.Detail, &e.IP, &e.RequestID)
		e.At = parseTS(at)
		return err
	})
}
