package store

import (
	"context"
	"strconv"
	"strings"

	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// ComplaintStatsByArea is ComplaintStats for each of areas (region codes of
// one level, as a map draws them) within the region within, and for the
// whole of within, from two grouped queries instead of two per area: a
// province's 44 kecamatan cost what the province alone does. A report
// counts in the area its region lies in; one filed for a region above the
// areas' level (a city, when the areas are kecamatan) counts in none, as
// with ComplaintStats of each area, but in the whole.
func (db *DB) ComplaintStatsByArea(ctx context.Context, within string, areas []string, year int) (whole complaint.Stats, byArea map[string]complaint.Stats, err error) {
	byArea = make(map[string]complaint.Stats, len(areas))
	// Kemendagri codes of one level have one length (31.72.01: 8), so an
	// area is a prefix of its reports' regions that SQL cuts with substr;
	// a shorter region code is kept whole.
	width := 0
	if len(areas) > 0 {
		width = len(areas[0])
	}
	for _, a := range areas {
		if len(a) != width || !strings.HasPrefix(a, within) {
			return complaint.Stats{}, nil, errs.New(errs.Invalid, "region.err.code")
		}
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	area := "substr(region_code, 1, " + arg(width) + ")"
	where := "year = " + arg(year)
	if within != "" {
		where += " AND " + withinRegion("region_code", within, arg)
	}
	type statusRow struct {
		area string
		t    complaint.StatusTally
	}
	statuses, err := queryAll(ctx, db.reader(ctx), "complaint stats by area", `SELECT `+area+`, kind, status, SUM(n) FROM complaint_status_rollup WHERE `+where+
		` GROUP BY `+area+`, kind, status`, args, func(row scanner, r *statusRow) error { return row.Scan(&r.area, &r.t.Kind, &r.t.Status, &r.t.N) })
	if err != nil {
		return complaint.Stats{}, nil, err
	}
	type stepRow struct {
		area string
		t    complaint.StepTally
	}
	steps, err := queryAll(ctx, db.reader(ctx), "complaint stats by area", `SELECT `+area+`, step, bucket, SUM(n), SUM(on_time) FROM complaint_step_rollup WHERE `+where+
		` GROUP BY `+area+`, step, bucket`, args, func(row scanner, r *stepRow) error {
		return row.Scan(&r.area, &r.t.Step, &r.t.Bucket, &r.t.N, &r.t.OnTime)
	})
	if err != nil {
		return complaint.Stats{}, nil, err
	}
	var allStatuses []complaint.StatusTally
	var allSteps []complaint.StepTally
	byStatus, byStep := map[string][]complaint.StatusTally{}, map[string][]complaint.StepTally{}
	for _, r := range statuses {
		byStatus[r.area] = append(byStatus[r.area], r.t)
		allStatuses = append(allStatuses, r.t)
	}
	for _, r := range steps {
		byStep[r.area] = append(byStep[r.area], r.t)
		allSteps = append(allSteps, r.t)
	}
	for _, a := range areas {
		byArea[a] = complaint.StatsFrom(byStatus[a], byStep[a])
	}
	return complaint.StatsFrom(allStatuses, allSteps), byArea, nil
}
