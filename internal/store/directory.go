package store

import (
	"context"

	"mutu/internal/region"
	"mutu/internal/standard"
)

// ChangeStamp is the newest audit row's id. Every change a public
// directory shows (a unit, a service, a region, a standard published) is
// audited in its own transaction, and audit ids are UUIDv7 (time-ordered),
// so the stamp moves whenever one commits, on any node; reading it is one
// step down the primary key.
func (db *DB) ChangeStamp(ctx context.Context) (string, error) {
	var id string
	err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), '') FROM audit_log`).Scan(&id)
	return id, err
}

// PublishedStandards lists every published version with its content, of
// every unit: what the public directory indexes (standard.Current picks
// the one in force per service).
func (db *DB) PublishedStandards(ctx context.Context) ([]standard.Version, error) {
	return queryAll(ctx, db.r, "published standards", `SELECT `+versionColumns+` FROM standard_versions
		WHERE status = 'published' ORDER BY unit_id, service_id, number`, nil, scanVersion)
}

// RegionsByCode returns the regions with these codes (unknown codes are
// left out), in code order.
func (db *DB) RegionsByCode(ctx context.Context, codes []string) ([]region.Region, error) {
	var out []region.Region
	for start := 0; start < len(codes); start += 500 {
		chunk := codes[start:min(start+500, len(codes))]
		rs, err := db.regions(ctx, `SELECT code, name, level, parent_code FROM regions WHERE code IN (`+placeholders(1, len(chunk))+`) ORDER BY code`,
			anys(chunk)...)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// KnownEvidence returns which of ids have a row in evidence_files (the
// orphan sweep of the evidence directory).
func (db *DB) KnownEvidence(ctx context.Context, ids []string) (map[string]bool, error) {
	return db.knownIDs(ctx, "evidence_files", ids)
}
