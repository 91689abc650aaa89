package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"mutu/internal/monitor"
)

// Results over time (issue #13, "Results"): the results stored with the
// visits done, read as stored; nothing is recomputed per request, and a
// city's page reads one year of its visits, whatever the history.

// VisitOutcome is one visit done with the result stored with it.
type VisitOutcome struct {
	monitor.Visit
	Result VisitResult
}

const outcomeQuery = `SELECT v.unit_id, v.id, v.team_id, v.window_start, v.planned_on, v.done_on,
	COALESCE(v.instrument_version_id, ''), v.planned_by, v.done_by, v.updated_at, r.ipp, r.ipp_exact, r.category, r.aspects
	FROM monitoring_visits v JOIN visit_reports r ON r.unit_id = v.unit_id AND r.visit_id = v.id`

func scanOutcome(row scanner, o *VisitOutcome) error {
	var aspects string
	if err := scanVisit(withExtra{row, []any{&o.Result.IPP, &o.Result.Exact, &o.Result.Category, &aspects}}, &o.Visit); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(aspects), &o.Result.Aspects); err != nil {
		return fmt.Errorf("visit result aspects: %w", err)
	}
	return nil
}

// UnitResults returns a unit's visits done with a stored result, oldest
// first: the unit's scores over time.
func (db *DB) UnitResults(ctx context.Context, unitID string) ([]VisitOutcome, error) {
	return queryAll(ctx, db.reader(ctx), "unit results", outcomeQuery+` WHERE v.unit_id = $1 AND v.done_on <> '' AND r.ipp IS NOT NULL ORDER BY v.done_on, v.id`,
		[]any{unitID}, scanOutcome)
}

// ResultsIn returns the visits done on the days from..to (inclusive) with
// a stored result of the units within a region, by unit, oldest first.
func (db *DB) ResultsIn(ctx context.Context, regionCode string, from, to time.Time) ([]VisitOutcome, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q := outcomeQuery + ` JOIN units u ON u.id = v.unit_id WHERE ` + withinRegion("u.region_code", regionCode, arg) +
		` AND v.done_on >= ` + arg(day(from)) + ` AND v.done_on <= ` + arg(day(to)) + ` AND r.ipp IS NOT NULL ORDER BY v.unit_id, v.done_on, v.id`
	return queryAll(ctx, db.reader(ctx), "region results", q, args, scanOutcome)
}

// VisitLevel is the team's level of one indicator at one visit.
type VisitLevel struct {
	UnitID, VisitID, Indicator string
	Level                      int
}

// TeamLevelsIn returns the team's levels of the visits ResultsIn returns
// for the same arguments.
func (db *DB) TeamLevelsIn(ctx context.Context, regionCode string, from, to time.Time) ([]VisitLevel, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q := `SELECT s.unit_id, s.visit_id, s.indicator, s.level FROM visit_scores s
		JOIN monitoring_visits v ON v.unit_id = s.unit_id AND v.id = s.visit_id
		JOIN visit_reports r ON r.unit_id = v.unit_id AND r.visit_id = v.id
		JOIN units u ON u.id = v.unit_id
		WHERE s.side = ` + arg(string(monitor.TeamSide)) + ` AND ` + withinRegion("u.region_code", regionCode, arg) +
		` AND v.done_on >= ` + arg(day(from)) + ` AND v.done_on <= ` + arg(day(to)) + ` AND r.ipp IS NOT NULL ORDER BY s.unit_id, s.visit_id, s.indicator`
	return queryAll(ctx, db.reader(ctx), "region levels", q, args, func(row scanner, l *VisitLevel) error {
		return row.Scan(&l.UnitID, &l.VisitID, &l.Indicator, &l.Level)
	})
}

// withExtra scans a row of some columns' scanner (scanVisit) followed by
// more columns into extra.
type withExtra struct {
	row   scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
