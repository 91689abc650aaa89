package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mutu/internal/audit"
	"mutu/internal/instrument"
	"mutu/internal/region"
)

// UserShare is a version of a region's users' share of the final PEKPPP
// index (instrument.Final): set by its administrators, each change a new
// version, so the share in force is always explained by its history.
type UserShare struct {
	RegionCode string // "" for the default (instrument.DefaultUserShare)
	Version    int
	Share      int // percent
	UpdatedBy  string
	UpdatedAt  time.Time
}

func scanUserShare(row scanner, s *UserShare) error {
	var at string
	err := row.Scan(&s.RegionCode, &s.Version, &s.Share, &s.UpdatedBy, &at)
	s.UpdatedAt = parseTS(at)
	return err
}

// UserShareOf returns the share in force for a region: the latest version
// of its own or of the nearest region above it that set one, as the
// cadence is found; else the default.
func (db *DB) UserShareOf(ctx context.Context, regionCode string) (UserShare, error) {
	codes := append(region.Ancestors(regionCode), regionCode)
	ss, err := queryAll(ctx, db.reader(ctx), "user share", `SELECT region_code, version, user_share, updated_by, updated_at FROM pekppp_user_shares
		WHERE region_code IN (`+placeholders(1, len(codes))+`) ORDER BY version`, anys(codes), scanUserShare)
	if err != nil {
		return UserShare{}, err
	}
	best := UserShare{Share: instrument.DefaultUserShare}
	for _, s := range ss { // by version: a region's latest stays
		if len(s.RegionCode) >= len(best.RegionCode) {
			best = s
		}
	}
	return best, nil
}

// UserShareHistory returns the versions a region set itself, newest first.
func (db *DB) UserShareHistory(ctx context.Context, regionCode string) ([]UserShare, error) {
	return queryAll(ctx, db.reader(ctx), "user share history", `SELECT region_code, version, user_share, updated_by, updated_at FROM pekppp_user_shares
		WHERE region_code = $1 ORDER BY version DESC`, []any{regionCode}, scanUserShare)
}

// SaveUserShare sets a region's share (0–100, checked by the caller
// through instrument.Combine's rule) as its next version, audited.
func (db *DB) SaveUserShare(ctx context.Context, actor audit.Actor, regionCode string, share int) (UserShare, error) {
	s := UserShare{RegionCode: regionCode, Share: share, UpdatedBy: actor.Name, UpdatedAt: db.Now()}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM pekppp_user_shares WHERE region_code = $1`,
			regionCode).Scan(&s.Version); err != nil {
			return fmt.Errorf("user share version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pekppp_user_shares (region_code, version, user_share, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5)`, regionCode, s.Version, share, actor.Name, ts(s.UpdatedAt)); err != nil {
			return fmt.Errorf("save user share: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "monitoring.user_share", ObjectType: "region", ObjectID: regionCode,
			ObjectLabel: "porsi penilaian pengguna", RegionCode: regionCode,
			Detail: fmt.Sprintf("versi %d: pengguna (SKM) %d%%, evaluator %d%%", s.Version, share, 100-share)})
	})
	if err != nil {
		return UserShare{}, err
	}
	return s, nil
}
