package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// ImportBoundaries stores boundaries checked by geo.ParseKnown (replacing
// those of the same regions) in one transaction, all or nothing, under a
// new data version, with an audit entry.
func (db *DB) ImportBoundaries(ctx context.Context, actor audit.Actor, bs []geo.Boundary) error {
	if len(bs) == 0 {
		return errs.New(errs.Invalid, "boundary.err.empty")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var version int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM region_boundaries`).Scan(&version); err != nil {
			return fmt.Errorf("boundary version: %w", err)
		}
		now := ts(db.Now())
		scope := bs[0].Code
		for _, b := range bs {
			shape, err := geojson.NewGeometry(b.Shape).MarshalJSON()
			if err != nil {
				return fmt.Errorf("boundary %s: %w", b.Code, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO region_boundaries (region_code, shape, version, imported_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (region_code) DO UPDATE SET shape = excluded.shape, version = excluded.version, imported_at = excluded.imported_at`,
				b.Code, string(shape), version, now); err != nil {
				if isFKViolation(err) {
					return &errs.Error{Code: errs.Invalid, Key: "boundary.err.code_unknown", Err: err}
				}
				return fmt.Errorf("save boundary %s: %w", b.Code, err)
			}
			for !region.Within(b.Code, scope) {
				scope = region.ParentOf(scope)
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "region.boundaries", ObjectType: "region", ObjectID: scope,
			ObjectLabel: "Batas wilayah", RegionCode: scope, Detail: strconv.Itoa(len(bs)) + " batas wilayah, versi " + strconv.FormatInt(version, 10)})
	})
}

// BoundaryVersion names the boundary data stored now: it changes with
// every import on any node (the largest version, and the row count).
func (db *DB) BoundaryVersion(ctx context.Context) (string, error) {
	var version, n int64
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0), COUNT(*) FROM region_boundaries`).Scan(&version, &n); err != nil {
		return "", fmt.Errorf("boundary version: %w", err)
	}
	return strconv.FormatInt(version, 10) + "/" + strconv.FormatInt(n, 10), nil
}

// Boundaries returns every stored boundary, named and levelled as the
// region registry has them, and the version they are (see BoundaryVersion).
func (db *DB) Boundaries(ctx context.Context) ([]geo.Boundary, string, error) {
	var maxVersion int64
	bs, err := queryAll(ctx, db.r, "boundaries", `SELECT b.region_code, r.name, r.level, b.shape, b.version
		FROM region_boundaries b JOIN regions r ON r.code = b.region_code ORDER BY b.region_code`, nil,
		func(row scanner, b *geo.Boundary) error {
			var shape string
			var version int64
			if err := row.Scan(&b.Code, &b.Name, &b.Level, &shape, &version); err != nil {
				return err
			}
			maxVersion = max(maxVersion, version)
			g, err := geojson.UnmarshalGeometry([]byte(shape))
			if err != nil {
				return fmt.Errorf("boundary %s: %w", b.Code, err)
			}
			switch s := g.Geometry().(type) {
			case orb.MultiPolygon:
				b.Shape = s
			case orb.Polygon:
				b.Shape = orb.MultiPolygon{s}
			default:
				return fmt.Errorf("boundary %s: geometry %T", b.Code, s)
			}
			return nil
		})
	if err != nil {
		return nil, "", err
	}
	return bs, strconv.FormatInt(maxVersion, 10) + "/" + strconv.Itoa(len(bs)), nil
}

// latE6 and lngE6 are a point's columns (NULL for no point).
func latE6(p *geo.Point) any {
	if p == nil {
		return nil
	}
	lat, _ := p.E6()
	return lat
}

func lngE6(p *geo.Point) any {
	if p == nil {
		return nil
	}
	_, lng := p.E6()
	return lng
}

// officeTypes are the unit types that receive the reports located in a
// region of a level: the region's own office.
var officeTypes = map[region.Level]string{region.Village: "kantor_kelurahan", region.District: "kantor_kecamatan"}

// ReceiverAt returns the unit that receives a report located in a region
// (the smallest region whose boundary holds its point): the region's own
// active office (kantor kelurahan, kantor kecamatan), else the nearest
// complaint desk above it (DeskFor).
func (db *DB) ReceiverAt(ctx context.Context, regionCode string) (*unit.Unit, error) {
	lvl, _ := region.LevelOf(regionCode)
	if typ, ok := officeTypes[lvl]; ok {
		var code string
		err := db.reader(ctx).QueryRowContext(ctx, `SELECT code FROM units WHERE active = TRUE AND region_code = $1 AND type_code = $2 ORDER BY code LIMIT 1`,
			regionCode, typ).Scan(&code)
		switch {
		case err == nil:
			return db.UnitByCode(ctx, code)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("office of %s: %w", regionCode, err)
		}
	}
	return db.DeskFor(ctx, regionCode)
}

// UnitsWithPointWithin lists up to limit active units with coordinates in a
// region and below it (for "unit terdekat": the distances are computed by
// the caller).
func (db *DB) UnitsWithPointWithin(ctx context.Context, regionCode string, limit int) ([]unit.Unit, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q := `SELECT ` + unitColumns + ` FROM units WHERE active = TRUE AND lat_e6 IS NOT NULL AND lng_e6 IS NOT NULL AND ` +
		withinRegion("region_code", regionCode, arg) + ` ORDER BY code LIMIT ` + arg(limit)
	return queryAll(ctx, db.reader(ctx), "units with a point", q, args, func(row scanner, u *unit.Unit) error {
		got, err := scanUnit(row)
		if err == nil {
			*u = *got
		}
		return err
	})
}
