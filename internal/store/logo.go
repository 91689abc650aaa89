package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"mutu/internal/attach"
	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/region"
)

// RegionLogo is the logo of a government (a region) for the kop surat of
// its units' documents. Data is empty in lists.
type RegionLogo struct {
	RegionCode, RegionName string
	Logo                   attach.Logo
	UpdatedAt              time.Time
}

// RegionLogos lists the logos of the regions in scope ("" = all), without
// their bytes.
func (db *DB) RegionLogos(ctx context.Context, scope string) ([]RegionLogo, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := "1=1"
	if scope != "" {
		where = withinRegion("l.region_code", scope, arg)
	}
	return queryAll(ctx, db.r, "region logos", `SELECT l.region_code, r.name, l.content_type, l.width, l.height, l.updated_at
		FROM region_logos l JOIN regions r ON r.code = l.region_code WHERE `+where+` ORDER BY l.region_code`, args,
		func(row scanner, l *RegionLogo) error {
			var at string
			err := row.Scan(&l.RegionCode, &l.RegionName, &l.Logo.ContentType, &l.Logo.Width, &l.Logo.Height, &at)
			l.UpdatedAt = parseTS(at)
			return err
		})
}

// RegionLogo returns the logo of one region with its bytes.
func (db *DB) RegionLogo(ctx context.Context, code string) (*RegionLogo, error) {
	l := RegionLogo{RegionCode: code}
	var at string
	err := db.r.QueryRowContext(ctx, `SELECT content_type, data, width, height, updated_at FROM region_logos WHERE region_code = $1`, code).
		Scan(&l.Logo.ContentType, &l.Logo.Data, &l.Logo.Width, &l.Logo.Height, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "logo.err.not_found", code)
	}
	if err != nil {
		return nil, fmt.Errorf("region logo %s: %w", code, err)
	}
	l.UpdatedAt = parseTS(at)
	return &l, nil
}

// LogoFor returns the logo a unit in regionCode prints: that of the
// nearest region at or above it that has one; nil when none has.
func (db *DB) LogoFor(ctx context.Context, regionCode string) (*RegionLogo, error) {
	codes := append(region.Ancestors(regionCode), regionCode)
	var nearest string
	err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(region_code), '') FROM region_logos WHERE region_code IN (`+
		placeholders(1, len(codes))+`)`, anys(codes)...).Scan(&nearest)
	if err != nil {
		return nil, fmt.Errorf("logo for %s: %w", regionCode, err)
	}
	if nearest == "" {
		return nil, nil
	}
	// Codes on one path are prefixes of each other: the longest is the nearest.
	return db.RegionLogo(ctx, nearest)
}

// SetRegionLogo stores (or replaces) a region's logo, checked by
// attach.CheckLogo, with an audit entry.
func (db *DB) SetRegionLogo(ctx context.Context, actor audit.Actor, code string, l attach.Logo) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.InvalidField("region_code", "region.err.unknown")
		}
		if err != nil {
			return fmt.Errorf("logo region: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO region_logos (region_code, content_type, data, width, height, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region_code) DO UPDATE SET content_type = excluded.content_type,
			data = excluded.data, width = excluded.width, height = excluded.height, updated_at = excluded.updated_at`,
			code, l.ContentType, l.Data, l.Width, l.Height, ts(db.Now())); err != nil {
			return fmt.Errorf("save logo: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "region.logo", ObjectType: "region", ObjectID: code,
			ObjectLabel: name, RegionCode: code, Detail: fmt.Sprintf("%s %d×%d", l.ContentType, l.Width, l.Height)})
	})
}

// DeleteRegionLogo removes a region's logo, with an audit entry.
func (db *DB) DeleteRegionLogo(ctx context.Context, actor audit.Actor, code string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM region_logos WHERE region_code = $1`, code)
		if err != nil {
			return fmt.Errorf("delete logo: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "logo.err.not_found", code)
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM regions WHERE code = $1`, code).Scan(&name); err != nil {
			return fmt.Errorf("logo region: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "region.logo_delete", ObjectType: "region", ObjectID: code,
			ObjectLabel: name, RegionCode: code})
	})
}
