package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"mutu/internal/complaint"
)

// judge decides the verdicts of the steps r completed since prev, under
// the time limit of its kind and the calendar in force now.
func judge(ctx context.Context, tx *sql.Tx, prev, r *complaint.Report) error {
	var sla complaint.SLA
	err := tx.QueryRowContext(ctx, `SELECT verify_days, first_response_days, resolution_days, auto_close_days FROM complaint_slas WHERE kind = $1`,
		string(r.Kind)).Scan(&sla.VerifyDays, &sla.FirstResponseDays, &sla.ResolutionDays, &sla.AutoCloseDays)
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

func writeTallies(ctx context.Context, tx *sql.Tx, statuses []complaint.StatusTally, steps []complaint.StepTally) error {
	for _, t := range statuses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_status_rollup (unit_id, month, handler_id, region_code, kind, status, n)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (unit_id, month, handler_id, region_code, kind, status) DO UPDATE SET n = complaint_status_rollup.n + excluded.n`,
			t.UnitID, t.Month, t.HandlerID, t.RegionCode, string(t.Kind), string(t.Status), t.N); err != nil {
			return fmt.Errorf("status rollup: %w", err)
		}
	}
	for _, t := range steps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_step_rollup (unit_id, month, handler_id, region_code, kind, step, bucket, n, on_time)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (unit_id, month, handler_id, region_code, kind, step, bucket)
			DO UPDATE SET n = complaint_step_rollup.n + excluded.n, on_time = complaint_step_rollup.on_time + excluded.on_time`,
			t.UnitID, t.Month, t.HandlerID, t.RegionCode, string(t.Kind), string(t.Step), t.Bucket, t.N, t.OnTime); err != nil {
			return fmt.Errorf("step rollup: %w", err)
		}
	}
	return nil
}

// rollupScope is the WHERE clause of f's scope and months on a rollup
// table: the region (and below), or the units that received or handle the
// reports. Months are YYYY-MM, inclusive; empty means unbounded.
func rollupScope(f ComplaintFilter, fromMonth, toMonth string) (string, []any) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var scope []string
	if f.RegionCode != "" {
		scope = append(scope, "(region_code = "+arg(f.RegionCode)+" OR region_code LIKE "+arg(f.RegionCode+".%")+")")
	}
	if len(f.UnitIDs) > 0 {
		scope = append(scope, "unit_id IN ("+placeholders(len(args)+1, len(f.UnitIDs))+")")
		args = append(args, anys(f.UnitIDs)...)
	}
	if len(f.AssignedTo) > 0 {
		scope = append(scope, "handler_id IN ("+placeholders(len(args)+1, len(f.AssignedTo))+")")
		args = append(args, anys(f.AssignedTo)...)
	}
	if len(scope) == 0 {
		return "", nil
	}
	conds := []string{"(" + strings.Join(scope, " OR ") + ")"}
	if fromMonth != "" {
		conds = append(conds, "month >= "+arg(fromMonth))
	}
	if toMonth != "" {
		conds = append(conds, "month <= "+arg(toMonth))
	}
	if f.Kind != "" {
		conds = append(conds, "kind = "+arg(string(f.Kind)))
	}
	return strings.Join(conds, " AND "), args
}

// ComplaintStats computes the handling statistics of the reports in f's
// scope (and kind) received in the months fromMonth..toMonth from the
// rollups: its cost depends on the units and months, not on the reports.
func (db *DB) ComplaintStats(ctx context.Context, f ComplaintFilter, fromMonth, toMonth string) (complaint.Stats, error) {
	where, args := rollupScope(f, fromMonth, toMonth)
	if where == "" {
		return complaint.StatsFrom(nil, nil), nil
	}
	var statuses []complaint.StatusTally
	rows, err := db.r.QueryContext(ctx, `SELECT kind, status, SUM(n) FROM complaint_status_rollup WHERE `+where+` GROUP BY kind, status`, args...)
	if err != nil {
		return complaint.Stats{}, fmt.Errorf("complaint stats: %w", err)
	}
	for rows.Next() {
		var t complaint.StatusTally
		if err := rows.Scan(&t.Kind, &t.Status, &t.N); err != nil {
			rows.Close()
			return complaint.Stats{}, err
		}
		statuses = append(statuses, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return complaint.Stats{}, err
	}
	var steps []complaint.StepTally
	rows, err = db.r.QueryContext(ctx, `SELECT step, bucket, SUM(n), SUM(on_time) FROM complaint_step_rollup WHERE `+where+` GROUP BY step, bucket`, args...)
	if err != nil {
		return complaint.Stats{}, fmt.Errorf("complaint stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t complaint.StepTally
		if err := rows.Scan(&t.Step, &t.Bucket, &t.N, &t.OnTime); err != nil {
			return complaint.Stats{}, err
		}
		steps = append(steps, t)
	}
	if err := rows.Err(); err != nil {
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
// of fromMonth..toMonth (months without reports are left out).
func (db *DB) ComplaintMonths(ctx context.Context, f ComplaintFilter, fromMonth, toMonth string) ([]MonthCount, error) {
	where, args := rollupScope(f, fromMonth, toMonth)
	if where == "" {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT month, status, SUM(n) FROM complaint_status_rollup WHERE `+where+` GROUP BY month, status ORDER BY month`, args...)
	if err != nil {
		return nil, fmt.Errorf("complaint months: %w", err)
	}
	defer rows.Close()
	var out []MonthCount
	for rows.Next() {
		var month string
		var st complaint.Status
		var n int
		if err := rows.Scan(&month, &st, &n); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Month != month {
			out = append(out, MonthCount{Month: month})
		}
		m := &out[len(out)-1]
		switch {
		case st.Open():
			m.Open += n
		case st == complaint.Archived || st == complaint.Merged:
			m.SetAside += n
		default:
			m.Completed += n
		}
	}
	return out, rows.Err()
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
		for _, table := range []string{"complaint_status_rollup", "complaint_step_rollup"} {
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
		type stepKey struct {
			complaint.TallyKey
			Step   complaint.StepName
			Bucket int
		}
		statuses := map[complaint.StatusTally]int{}
		steps := map[stepKey][2]int{}
		var rejudged []complaint.Report
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
					rejudged = append(rejudged, *r)
				}
			}
			st, ss := r.Tallies()
			st.N = 0
			statuses[st]++
			for _, s := range ss {
				k := stepKey{s.TallyKey, s.Step, s.Bucket}
				v := steps[k]
				steps[k] = [2]int{v[0] + s.N, v[1] + s.OnTime}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range rejudged {
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET verify_on_time = $1, first_response_on_time = $2, resolution_on_time = $3 WHERE unit_id = $4 AND id = $5`,
				r.VerifyOnTime, r.FirstResponseOnTime, r.ResolutionOnTime, r.UnitID, r.ID); err != nil {
				return fmt.Errorf("rebuild: %w", err)
			}
		}
		var outS []complaint.StatusTally
		for k, c := range statuses {
			k.N = c
			outS = append(outS, k)
		}
		var outT []complaint.StepTally
		for k, v := range steps {
			outT = append(outT, complaint.StepTally{TallyKey: k.TallyKey, Step: k.Step, Bucket: k.Bucket, N: v[0], OnTime: v[1]})
		}
		return writeTallies(ctx, tx, outS, outT)
	})
	return n, err
}
