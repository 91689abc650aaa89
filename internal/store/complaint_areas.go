package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/region"
)

// ComplaintStatsByArea is ComplaintStats for each of areas (region codes of
// one level, as a map draws them), from two grouped queries over their
// parents instead of two per area: a province's 44 kecamatan cost what one
// region does. A report counts in the area its region lies in; one filed
// for a region above the areas' level (a city, when the areas are
// kecamatan) counts in none, as with ComplaintStats of each area.
func (db *DB) ComplaintStatsByArea(ctx context.Context, areas []string, year int) (map[string]complaint.Stats, error) {
	out := make(map[string]complaint.Stats, len(areas))
	if len(areas) == 0 {
		return out, nil
	}
	// Kemendagri codes of one level have one length (31.72.01: 8), so an
	// area is a prefix of its reports' regions that SQL cuts with substr.
	width := len(areas[0])
	var parents []string
	for _, a := range areas {
		if len(a) != width {
			return nil, errs.New(errs.Invalid, "region.err.code")
		}
		if p := region.ParentOf(a); !slices.Contains(parents, p) {
			parents = append(parents, p)
		}
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	scope := make([]string, len(parents))
	for i, p := range parents {
		scope[i] = withinRegion("region_code", p, arg)
	}
	area := "substr(region_code, 1, " + arg(width) + ")"
	where := "(" + strings.Join(scope, " OR ") + ") AND year = " + arg(year)
	type statusRow struct {
		area string
		t    complaint.StatusTally
	}
	statuses, err := queryAll(ctx, db.r, "complaint stats by area", `SELECT `+area+`, kind, status, SUM(n) FROM complaint_status_rollup WHERE `+where+
		` GROUP BY `+area+`, kind, status`, args, func(row scanner, r *statusRow) error { return row.Scan(&r.area, &r.t.Kind, &r.t.Status, &r.t.N) })
	if err != nil {
		return nil, err
	}
	type stepRow struct {
		area string
		t    complaint.StepTally
	}
	steps, err := queryAll(ctx, db.r, "complaint stats by area", `SELECT `+area+`, step, bucket, SUM(n), SUM(on_time) FROM complaint_step_rollup WHERE `+where+
		` GROUP BY `+area+`, step, bucket`, args, func(row scanner, r *stepRow) error {
		return row.Scan(&r.area, &r.t.Step, &r.t.Bucket, &r.t.N, &r.t.OnTime)
	})
	if err != nil {
		return nil, err
	}
	byStatus, byStep := map[string][]complaint.StatusTally{}, map[string][]complaint.StepTally{}
	for _, r := range statuses {
		byStatus[r.area] = append(byStatus[r.area], r.t)
	}
	for _, r := range steps {
		byStep[r.area] = append(byStep[r.area], r.t)
	}
	for _, a := range areas {
		out[a] = complaint.StatsFrom(byStatus[a], byStep[a])
	}
	return out, nil
}
