package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"mutu/internal/complaint"
)

// judge decides the verdicts of the steps r completed since prev, under
// the time limit of its kind and the calendar in force now.
func judge(ctx context.Context, tx *sql.Tx, prev, r *complaint.Report) error {
	sla, err := slaOf(ctx, tx, r.Kind)
	if err != nil {
		return fmt.Errorf("sla of %s: %w", r.Kind, err)
	}
	cal, err := loadCalendar(ctx, tx)
	if err != nil {
		return err
	}
	r.Judge(prev, complaint.ComputeDeadlines(sla, cal, r.Milestones))
	return nil
}

// addTallies adds to the complaint rollups what the change from before
// (nil for a new report) to after contributes.
func addTallies(ctx context.Context, tx *sql.Tx, before, after *complaint.Report) error {
	statuses, steps := complaint.TallyDelta(before, after)
	return writeTallies(ctx, tx, statuses, steps)
}

// writeTallies adds tallies to the three rollups: by year, kind and status;
// by month and open/completed/set aside; by year, step and duration bucket.
// Rows are written in key order, so concurrent transactions never wait on
// each other in a cycle.
func writeTallies(ctx context.Context, tx execer, statuses []complaint.StatusTally, steps []complaint.StepTally) error {
	type cell struct{ unit, handler, region string }
	type statusKey struct {
		cell
		year         int
		kind, status string
	}
	type monthKey struct {
		cell
		month string
	}
	type stepKey struct {
		cell
		year   int
		step   string
		bucket int
	}
	year := func(month string) int { y, _ := strconv.Atoi(month[:4]); return y }
	byStatus := map[statusKey]int{}
	byMonth := map[monthKey][3]int{}
	for _, t := range statuses {
		c := cell{t.UnitID, t.HandlerID, t.RegionCode}
		byStatus[statusKey{c, year(t.Month), string(t.Kind), string(t.Status)}] += t.N
		m := byMonth[monthKey{c, t.Month}]
		switch {
		case t.Status.Open():
			m[0] += t.N
		case t.Status == complaint.Archived || t.Status == complaint.Merged:
			m[2] += t.N
		default:
			m[1] += t.N
		}
		byMonth[monthKey{c, t.Month}] = m
	}
	bySteps := map[stepKey][2]int{}
	for _, t := range steps {
		k := stepKey{cell{t.UnitID, t.HandlerID, t.RegionCode}, year(t.Month), string(t.Step), t.Bucket}
		v := bySteps[k]
		bySteps[k] = [2]int{v[0] + t.N, v[1] + t.OnTime}
	}
	for _, k := range slices.SortedFunc(maps.Keys(byStatus), func(a, b statusKey) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.year, b.year), cmp.Compare(a.handler, b.handler), cmp.Compare(a.kind, b.kind), cmp.Compare(a.status, b.status))
	}) {
		if n := byStatus[k]; n != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_status_rollup (unit_id, year, handler_id, region_code, kind, status, n)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (unit_id, year, handler_id, region_code, kind, status) DO UPDATE SET n = complaint_status_rollup.n + excluded.n`,
				k.unit, k.year, k.handler, k.region, k.kind, k.status, n); err != nil {
				return fmt.Errorf("status rollup: %w", err)
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(byMonth), func(a, b monthKey) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.month, b.month), cmp.Compare(a.handler, b.handler))
	}) {
		if m := byMonth[k]; m != [3]int{} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_month_rollup (unit_id, month, handler_id, region_code, open, completed, set_aside)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (unit_id, month, handler_id, region_code) DO UPDATE SET open = complaint_month_rollup.open + excluded.open,
				completed = complaint_month_rollup.completed + excluded.completed, set_aside = complaint_month_rollup.set_aside + excluded.set_aside`,
				k.unit, k.month, k.handler, k.region, m[0], m[1], m[2]); err != nil {
				return fmt.Errorf("month rollup: %w", err)
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(bySteps), func(a, b stepKey) int {
		return cmp.Or(cmp.Compare(a.unit, b.unit), cmp.Compare(a.year, b.year), cmp.Compare(a.handler, b.handler), cmp.Compare(a.step, b.step), cmp.Compare(a.bucket, b.bucket))
	}) {
		if v := bySteps[k]; v != [2]int{} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_step_rollup (unit_id, year, handler_id, region_code, step, bucket, n, on_time)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (unit_id, year, handler_id, region_code, step, bucket)
				DO UPDATE SET n = complaint_step_rollup.n + excluded.n, on_time = complaint_step_rollup.on_time + excluded.on_time`,
				k.unit, k.year, k.handler, k.region, k.step, k.bucket, v[0], v[1]); err != nil {
				return fmt.Errorf("step rollup: %w", err)
			}
		}
	}
	return nil
}

// rollupScope is the WHERE clause of f's scope on a rollup table: the
// region (and below), or the units that received or handle the reports.
// extra conditions (with their arguments) are ANDed.
func rollupScope(f ComplaintFilter, extra string, extraArgs ...any) (string, []any) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	scope := complaintScope(f, arg, "handler_id")
	if scope == "" {
		return "", nil
	}
	for _, v := range extraArgs {
		extra = strings.Replace(extra, "?", arg(v), 1)
	}
	return scope + " AND " + extra, args
}

// ComplaintStats computes the handling statistics of the reports in f's
// scope received in year from the rollups: its cost depends on the units,
// not on the reports. f.Kind, f.Statuses and the dates are not used.
func (db *DB) ComplaintStats(ctx context.Context, f ComplaintFilter, year int) (complaint.Stats, error) {
	where, args := rollupScope(f, "year = ?", year)
	if where == "" {
		return complaint.StatsFrom(nil, nil), nil
	}
	statuses, err := queryAll(ctx, db.reader(ctx), "complaint stats", `SELECT kind, status, SUM(n) FROM complaint_status_rollup WHERE `+where+` GROUP BY kind, status`, args,
		func(row scanner, t *complaint.StatusTally) error { return row.Scan(&t.Kind, &t.Status, &t.N) })
	if err != nil {
		return complaint.Stats{}, err
	}
	steps, err := queryAll(ctx, db.reader(ctx), "complaint stats", `SELECT step, bucket, SUM(n), SUM(on_time) FROM complaint_step_rollup WHERE `+where+` GROUP BY step, bucket`, args,
		func(row scanner, t *complaint.StepTally) error { return row.Scan(&t.Step, &t.Bucket, &t.N, &t.OnTime) })
	if err != nil {
		return complaint.Stats{}, err
	}
	return complaint.StatsFrom(statuses, steps), nil
}

// MonthCount is the reports received in a month, by whether they are
// still open, completed (resolved or closed) or set aside (archived or
// merged).
type MonthCount struct {
	Month                     string
	Open, Completed, SetAside int
}

// ComplaintMonths counts the reports in f's scope received in each month
// of year (months without reports are left out).
func (db *DB) ComplaintMonths(ctx context.Context, f ComplaintFilter, year int) ([]MonthCount, error) {
	y := strconv.Itoa(year)
	where, args := rollupScope(f, "month >= ? AND month <= ?", y+"-01", y+"-12")
	if where == "" {
		return nil, nil
	}
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT month, SUM(open), SUM(completed), SUM(set_aside) FROM complaint_month_rollup WHERE `+where+
		` GROUP BY month ORDER BY month`, args...)
	if err != nil {
		return nil, fmt.Errorf("complaint months: %w", err)
	}
	defer rows.Close()
	var out []MonthCount
	for rows.Next() {
		var m MonthCount
		if err := rows.Scan(&m.Month, &m.Open, &m.Completed, &m.SetAside); err != nil {
			return nil, err
		}
		if m != (MonthCount{Month: m.Month}) {
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

// UnitCount is one unit's share of a year's reports: those it handles now
// (or, while with the verifiers, that its desk received), by where they
// stand, and its resolutions on time.
type UnitCount struct {
	UnitID                           string
	Total, Open, Completed, SetAside int
	ResolutionDone, ResolutionOnTime int
	ResolutionLate                   int // open and past due (set from complaint.Late)
}

// ComplaintsByUnit breaks a year's reports in f's scope down by the unit
// handling them, from the rollups (one row per unit with reports).
func (db *DB) ComplaintsByUnit(ctx context.Context, f ComplaintFilter, year int) ([]UnitCount, error) {
	where, args := rollupScope(f, "year = ?", year)
	if where == "" {
		return nil, nil
	}
	const handler = `CASE WHEN handler_id = '' THEN unit_id ELSE handler_id END`
	byUnit := map[string]*UnitCount{}
	get := func(id string) *UnitCount {
		if byUnit[id] == nil {
			byUnit[id] = &UnitCount{UnitID: id}
		}
		return byUnit[id]
	}
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+handler+`, status, SUM(n) FROM complaint_status_rollup WHERE `+where+` GROUP BY `+handler+`, status`, args...)
	if err != nil {
		return nil, fmt.Errorf("complaints by unit: %w", err)
	}
	for rows.Next() {
		var id string
		var st complaint.Status
		var n int
		if err := rows.Scan(&id, &st, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if n == 0 {
			continue
		}
		c := get(id)
		c.Total += n
		switch {
		case st.Open():
			c.Open += n
		case st == complaint.Archived || st == complaint.Merged:
			c.SetAside += n
		default:
			c.Completed += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.reader(ctx).QueryContext(ctx, `SELECT `+handler+`, SUM(n), SUM(on_time) FROM complaint_step_rollup WHERE `+where+` AND step = $`+
		strconv.Itoa(len(args)+1)+` GROUP BY `+handler, append(args, string(complaint.StepResolution))...)
	if err != nil {
		return nil, fmt.Errorf("complaints by unit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var done, onTime int
		if err := rows.Scan(&id, &done, &onTime); err != nil {
			return nil, err
		}
		if done != 0 {
			c := get(id)
			c.ResolutionDone, c.ResolutionOnTime = done, onTime
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]UnitCount, 0, len(byUnit))
	for _, c := range byUnit {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b UnitCount) int {
		return cmp.Or(cmp.Compare(b.Open, a.Open), cmp.Compare(b.Total, a.Total), cmp.Compare(a.UnitID, b.UnitID))
	})
	return out, nil
}

// RebuildComplaintRollups recomputes the rollups from the reports, in one
// transaction. With rejudge, every report's verdicts are decided again
// under the limits and calendar in force now (used once, for the reports
// that existed before verdicts were stored); otherwise the stored verdicts
// are summed. It reads every report: a repair and migration tool, never
// run by a request.
func (db *DB) RebuildComplaintRollups(ctx context.Context, rejudge bool) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"complaint_status_rollup", "complaint_month_rollup", "complaint_step_rollup"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return fmt.Errorf("rebuild: %w", err)
			}
		}
		var slas map[complaint.Kind]complaint.SLA
		var cal complaint.WorkingCalendar
		if rejudge {
			var err error
			if slas, err = querySLAs(ctx, tx); err != nil {
				return err
			}
			if cal, err = loadCalendar(ctx, tx); err != nil {
				return err
			}
		}
		var statuses []complaint.StatusTally
		var steps []complaint.StepTally
		// Only the keys and verdicts of the reports to update: a migration
		// may rejudge millions.
		type verdict struct {
			unitID, id string
			complaint.Verdicts
		}
		var rejudged []verdict
		rows, err := tx.QueryContext(ctx, `SELECT `+complaintColumns+` FROM complaints`)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		for rows.Next() {
			r, err := scanComplaint(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			if rejudge {
				before := r.Verdicts
				r.Judge(&complaint.Report{}, complaint.ComputeDeadlines(slas[r.Kind], cal, r.Milestones))
				if r.Verdicts != before {
					rejudged = append(rejudged, verdict{r.UnitID, r.ID, r.Verdicts})
				}
			}
			st, ss := r.Tallies()
			statuses = append(statuses, st)
			steps = append(steps, ss...)
			if len(statuses)%50000 == 0 { // keep memory to the size of the sums
				statuses, steps = complaint.SumTallies(statuses, steps)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range rejudged {
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET verify_on_time = $1, first_response_on_time = $2, resolution_on_time = $3 WHERE unit_id = $4 AND id = $5`,
				r.VerifyOnTime, r.FirstResponseOnTime, r.ResolutionOnTime, r.unitID, r.id); err != nil {
				return fmt.Errorf("rebuild: %w", err)
			}
		}
		return writeTallies(ctx, tx, statuses, steps) // it adds up equal cells
	})
	return n, err
}

// OpenLate counts the steps of f's open reports that are past due at now
// (see complaint.Late), on the working calendar cal (the server keeps it in
// memory). It reads only open reports, through the status
// indexes, so its cost follows the open queue, not the history; and only
// the columns a deadline needs, in no order (the count does not depend on
// it).
func (db *DB) OpenLate(ctx context.Context, f ComplaintFilter, cal complaint.WorkingCalendar, now time.Time) (complaint.Late, error) {
	var late complaint.Late
	err := db.openLate(ctx, f, cal, now, func(string) *complaint.Late { return &late })
	return late, err
}

// OpenLateByYear is OpenLate for the reports received in each year from
// first to last (WIB), in one pass over the open queue: the scorecard
// compares this year with the last.
func (db *DB) OpenLateByYear(ctx context.Context, f ComplaintFilter, first, last int, cal complaint.WorkingCalendar, now time.Time) (map[int]*complaint.Late, error) {
	f.ReceivedFrom, f.ReceivedTo = strconv.Itoa(first)+"-01-01", strconv.Itoa(last)+"-12-31"
	out := map[int]*complaint.Late{}
	for y := first; y <= last; y++ {
		out[y] = &complaint.Late{}
	}
	err := db.openLate(ctx, f, cal, now, func(day string) *complaint.Late {
		y, _ := strconv.Atoi(day[:min(4, len(day))])
		return out[y]
	})
	return out, err
}

// openLate counts the steps past due of f's open reports in the Late that
// into picks by the report's local receipt day (nil: not counted).
func (db *DB) openLate(ctx context.Context, f ComplaintFilter, cal complaint.WorkingCalendar, now time.Time, into func(day string) *complaint.Late) error {
	slas, err := db.SLAs(ctx)
	if err != nil {
		return err
	}
	f.Statuses = complaint.OpenStatuses
	where, args := complaintWhere(f)
	if where == "" {
		return nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT unit_id, COALESCE(assigned_unit_id, ''), kind, status, local_date,
		received_at, verified_at, dispatched_at, first_response_at, responded_at, resolved_at FROM complaints WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("open late: %w", err)
	}
	defer rows.Close()
	var r complaint.Report
	for rows.Next() {
		var day, received, verified, dispatched, first, responded, resolved string
		if err := rows.Scan(&r.UnitID, &r.AssignedUnitID, &r.Kind, &r.Status, &day, &received, &verified, &dispatched, &first, &responded, &resolved); err != nil {
			return fmt.Errorf("open late: %w", err)
		}
		r.Milestones = complaint.Milestones{ReceivedAt: parseTS(received), VerifiedAt: parseTS(verified), DispatchedAt: parseTS(dispatched),
			FirstResponseAt: parseTS(first), RespondedAt: parseTS(responded), ResolvedAt: parseTS(resolved)}
		if late := into(day); late != nil {
			late.Add(&r, complaint.ComputeDeadlines(slas[r.Kind], cal, r.Milestones), now)
		}
	}
	return rows.Err()
}
