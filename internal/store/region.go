package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/region"
)

// regionBatch is how many regions one INSERT carries (4 parameters each).
const regionBatch = 500

// UpsertRegions inserts or renames regions in one transaction, parents
// first, calling progress(done, total) after each batch. Nothing is stored
// if any batch fails.
func (db *DB) UpsertRegions(ctx context.Context, actor audit.Actor, rs []region.Region, progress func(done, total int)) error {
	region.SortTopDown(rs)
	return db.tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(rs); start += regionBatch {
			batch := rs[start:min(start+regionBatch, len(rs))]
			q := "INSERT INTO regions (code, name, level, parent_code) VALUES "
			args := make([]any, 0, 4*len(batch))
			for i, r := range batch {
				if i > 0 {
					q += ", "
				}
				q += "(" + placeholders(4*i+1, 4) + ")"
				args = append(args, r.Code, r.Name, string(r.Level), nullable(r.ParentCode))
			}
			q += " ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code"
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("upsert regions: %w", err)
			}
			if progress != nil {
				progress(start+len(batch), len(rs))
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "region.import", ObjectType: "region", ObjectLabel: "Daftar wilayah",
			Detail: strconv.Itoa(len(rs)) + " wilayah"})
	})
}

// Region returns one region.
func (db *DB) Region(ctx context.Context, code string) (*region.Region, error) {
	var r region.Region
	var parent sql.NullString
	err := db.r.QueryRowContext(ctx, `SELECT code, name, level, parent_code FROM regions WHERE code = $1`, code).
		Scan(&r.Code, &r.Name, &r.Level, &parent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "region.err.not_found", code)
	}
	if err != nil {
		return nil, fmt.Errorf("region %s: %w", code, err)
	}
	r.ParentCode = parent.String
	return &r, nil
}

// RegionPath returns the region and its ancestors, province first.
func (db *DB) RegionPath(ctx context.Context, code string) ([]region.Region, error) {
	codes := append(region.Ancestors(code), code)
	found, err := db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE code IN (`+placeholders(1, len(codes))+`) ORDER BY code`, anys(codes)...)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 || found[len(found)-1].Code != code {
		return nil, errs.New(errs.NotFound, "region.err.not_found", code)
	}
	return found, nil
}

// Children returns the regions directly below code ("" = the provinces).
func (db *DB) Children(ctx context.Context, code string) ([]region.Region, error) {
	if code == "" {
		return db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE parent_code IS NULL ORDER BY code`)
	}
	return db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE parent_code = $1 ORDER BY code`, code)
}

// RegionsByLevelWithin lists regions of one level inside scope (e.g. the
// kecamatan of a city), for filters.
func (db *DB) RegionsByLevelWithin(ctx context.Context, level region.Level, scope string) ([]region.Region, error) {
	if scope == "" {
		return db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE level = $1 ORDER BY code`, string(level))
	}
	return db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE level = $1 AND (code = $2 OR code LIKE $3) ORDER BY code`,
		string(level), scope, scope+".%")
}

func (db *DB) regions(ctx context.Context, q string, args ...any) ([]region.Region, error) {
	return queryAll(ctx, db.r, "regions", q, args, func(row scanner, r *region.Region) error {
		var parent sql.NullString
		err := row.Scan(&r.Code, &r.Name, &r.Level, &parent)
		r.ParentCode = parent.String
		return err
	})
}

// RegionsExist reports which of codes exist.
func (db *DB) RegionsExist(ctx context.Context, codes []string) (map[string]bool, error) {
	return db.existing(ctx, "SELECT code FROM regions WHERE code IN (%s)", codes)
}

// existing runs a "SELECT key … IN (%s)" query in chunks and returns the keys found.
func (db *DB) existing(ctx context.Context, qfmt string, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	uniq := dedupe(keys)
	for start := 0; start < len(uniq); start += 500 {
		chunk := uniq[start:min(start+500, len(uniq))]
		found, err := queryAll(ctx, db.r, "lookup", fmt.Sprintf(qfmt, placeholders(1, len(chunk))), anys(chunk), scanOne[string])
		if err != nil {
			return nil, err
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

// RegionCounts counts regions per level.
func (db *DB) RegionCounts(ctx context.Context) (map[region.Level]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT level, COUNT(*) FROM regions GROUP BY level`)
	if err != nil {
		return nil, fmt.Errorf("region counts: %w", err)
	}
	defer rows.Close()
	out := map[region.Level]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		out[region.Level(l)] = n
	}
	return out, rows.Err()
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
