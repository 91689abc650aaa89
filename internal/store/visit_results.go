package store

import (
	"context"
	"encoding/json"
	"fmt"

	"mutu/internal/monitor"
)

// A unit's results over time (issue #13, "Results"): the results stored
// with its visits done, read as stored; nothing is recomputed per request.

// VisitOutcome is one visit done with the result stored with it.
type VisitOutcome struct {
	monitor.Visit
	Result VisitResult
}

// UnitResults returns a unit's visits done with a stored result, oldest
// first: the unit's scores over time.
func (db *DB) UnitResults(ctx context.Context, unitID string) ([]VisitOutcome, error) {
	return queryAll(ctx, db.r, "unit results", `SELECT v.unit_id, v.id, v.team_id, v.window_start, v.planned_on, v.done_on,
		COALESCE(v.instrument_version_id, ''), v.planned_by, v.done_by, v.updated_at, r.ipp, r.ipp_exact, r.category, r.aspects
		FROM monitoring_visits v JOIN visit_reports r ON r.unit_id = v.unit_id AND r.visit_id = v.id
		WHERE v.unit_id = $1 AND v.done_on <> '' AND r.ipp IS NOT NULL ORDER BY v.done_on, v.id`,
		[]any{unitID}, func(row scanner, o *VisitOutcome) error {
			var aspects string
			if err := scanVisit(withExtra{row, []any{&o.Result.IPP, &o.Result.Exact, &o.Result.Category, &aspects}}, &o.Visit); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(aspects), &o.Result.Aspects); err != nil {
				return fmt.Errorf("visit result aspects: %w", err)
			}
			return nil
		})
}

// withExtra scans a row of some columns' scanner (scanVisit) followed by
// more columns into extra.
type withExtra struct {
	row   scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
