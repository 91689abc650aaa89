package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/monitor"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// NoticeVisitDue is the kind of the in-app reminder that a unit's visit
// window closes soon (notifications.kind); it names no complaint.
const NoticeVisitDue = "visit_due"

// Cadence returns the cadence of a region's monitoring: its own, or the
// nearest set above it, or monitor.Default.
func (db *DB) Cadence(ctx context.Context, regionCode string) (monitor.Cadence, error) {
	codes := append(region.Ancestors(regionCode), regionCode)
	cs, err := queryAll(ctx, db.reader(ctx), "cadence", `SELECT region_code, months, reminder_days, updated_by, updated_at FROM monitoring_cadences
		WHERE region_code IN (`+placeholders(1, len(codes))+`)`, anys(codes), func(row scanner, c *monitor.Cadence) error {
		var at string
		err := row.Scan(&c.RegionCode, &c.Months, &c.ReminderDays, &c.UpdatedBy, &at)
		c.UpdatedAt = parseTS(at)
		return err
	})
	if err != nil {
		return monitor.Cadence{}, err
	}
	best := monitor.Default
	best.RegionCode = ""
	for _, c := range cs {
		if len(c.RegionCode) > len(best.RegionCode) {
			best = c
		}
	}
	return best, nil
}

// SaveCadence sets a region's cadence, audited.
func (db *DB) SaveCadence(ctx context.Context, actor audit.Actor, c monitor.Cadence) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_cadences (region_code, months, reminder_days, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code) DO UPDATE SET months = $2, reminder_days = $3, updated_by = $4, updated_at = $5`,
			c.RegionCode, c.Months, c.ReminderDays, actor.Name, ts(db.Now())); err != nil {
			return fmt.Errorf("save cadence: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "monitoring.cadence", ObjectType: "region", ObjectID: c.RegionCode,
			ObjectLabel: "siklus pemantauan", RegionCode: c.RegionCode,
			Detail: fmt.Sprintf("setiap %d bulan, pengingat %d hari", c.Months, c.ReminderDays)})
	})
}

const teamColumns = `id, region_code, name, decree_number, decree_date, updated_by, updated_at`

func scanTeam(row scanner, t *monitor.Team) error {
	var date, at string
	err := row.Scan(&t.ID, &t.RegionCode, &t.Name, &t.DecreeNumber, &date, &t.UpdatedBy, &at)
	t.DecreeDate, t.UpdatedAt = parseDay(date), parseTS(at)
	return err
}

// Teams lists the monitoring teams whose region lies within regionCode,
// or contains it (a province's team covers its cities), with their
// members and scope, by name.
func (db *DB) Teams(ctx context.Context, regionCode string) ([]monitor.Team, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := withinRegion("region_code", regionCode, arg)
	if up := region.Ancestors(regionCode); len(up) > 0 {
		where = "(" + where + " OR " + inList("region_code", up, arg) + ")"
	}
	teams, err := queryAll(ctx, db.reader(ctx), "teams", `SELECT `+teamColumns+` FROM monitoring_teams WHERE `+where+` ORDER BY name, id`, args, scanTeam)
	if err != nil {
		return nil, err
	}
	return teams, db.teamDetails(ctx, teams)
}

// Team returns one team with its members and scope.
func (db *DB) Team(ctx context.Context, id string) (*monitor.Team, error) {
	t := make([]monitor.Team, 1)
	err := scanTeam(db.reader(ctx).QueryRowContext(ctx, `SELECT `+teamColumns+` FROM monitoring_teams WHERE id = $1`, id), &t[0])
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "monitor.err.team_not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("team: %w", err)
	}
	return &t[0], db.teamDetails(ctx, t)
}

// teamDetails reads the teams' members (with their names, ketua first)
// and scope: two queries for all the teams.
func (db *DB) teamDetails(ctx context.Context, teams []monitor.Team) error {
	if len(teams) == 0 {
		return nil
	}
	byID := make(map[string]*monitor.Team, len(teams))
	ids := make([]string, len(teams))
	for i := range teams {
		t := &teams[i]
		t.Members, t.Regions, t.UnitIDs = nil, nil, nil
		byID[t.ID], ids[i] = t, t.ID
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	inTeams := inList("team_id", ids, arg)
	type member struct {
		team string
		monitor.Member
	}
	members, err := queryAll(ctx, db.reader(ctx), "team members", `SELECT m.team_id, m.user_id, u.name, m.role FROM monitoring_members m JOIN users u ON u.id = m.user_id
		WHERE m.`+inTeams+` ORDER BY CASE m.role WHEN 'ketua' THEN 0 WHEN 'sekretaris' THEN 1 ELSE 2 END, u.name`, args,
		func(row scanner, m *member) error { return row.Scan(&m.team, &m.UserID, &m.Name, &m.Role) })
	if err != nil {
		return err
	}
	for _, m := range members {
		t := byID[m.team]
		t.Members = append(t.Members, m.Member)
	}
	type ref struct{ team, kind, ref string }
	refs, err := queryAll(ctx, db.reader(ctx), "team scope", `SELECT team_id, kind, ref FROM monitoring_scope WHERE `+inTeams+` ORDER BY kind, ref`, args,
		func(row scanner, r *ref) error { return row.Scan(&r.team, &r.kind, &r.ref) })
	if err != nil {
		return err
	}
	for _, r := range refs {
		t := byID[r.team]
		if r.kind == "region" {
			t.Regions = append(t.Regions, r.ref)
		} else {
			t.UnitIDs = append(t.UnitIDs, r.ref)
		}
	}
	return nil
}

// SaveTeam creates a team (isNew; its ID is set by the caller, who names
// the decree files' directory by it) or replaces an existing one's fields,
// members and scope, with the scanned decree's files, audited.
func (db *DB) SaveTeam(ctx context.Context, actor audit.Actor, t *monitor.Team, isNew bool, files []EvidenceFile) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		action := "monitoring.team_update"
		t.UpdatedBy, t.UpdatedAt = actor.Name, now
		if isNew {
			action = "monitoring.team_create"
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_teams (`+teamColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				t.ID, t.RegionCode, t.Name, t.DecreeNumber, day(t.DecreeDate), actor.Name, ts(now)); err != nil {
				return fmt.Errorf("create team: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE monitoring_teams SET name = $1, decree_number = $2, decree_date = $3, updated_by = $4, updated_at = $5
				WHERE id = $6 AND region_code = $7`, t.Name, t.DecreeNumber, day(t.DecreeDate), actor.Name, ts(now), t.ID, t.RegionCode)
			if err != nil {
				return fmt.Errorf("update team: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.New(errs.NotFound, "monitor.err.team_not_found")
			}
			for _, q := range []string{`DELETE FROM monitoring_members WHERE team_id = $1`, `DELETE FROM monitoring_scope WHERE team_id = $1`} {
				if _, err := tx.ExecContext(ctx, q, t.ID); err != nil {
					return fmt.Errorf("replace team: %w", err)
				}
			}
		}
		for _, m := range t.Members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_members (team_id, user_id, role) VALUES ($1, $2, $3)`, t.ID, m.UserID, string(m.Role)); err != nil {
				return fmt.Errorf("team member: %w", err)
			}
		}
		for kind, refs := range map[string][]string{"region": t.Regions, "unit": t.UnitIDs} {
			for _, ref := range refs {
				if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_scope (team_id, kind, ref) VALUES ($1, $2, $3)`, t.ID, kind, ref); err != nil {
					return fmt.Errorf("team scope: %w", err)
				}
			}
		}
		if err := insertEvidence(ctx, tx, actor, "", OwnerTeam, t.ID, now, files); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "monitoring_team", ObjectID: t.ID, ObjectLabel: t.Name,
			RegionCode: t.RegionCode, Detail: fmt.Sprintf("SK %s; %d anggota; cakupan %d wilayah, %d unit", t.DecreeNumber, len(t.Members),
				len(t.Regions), len(t.UnitIDs))})
	})
}

// TeamFiles lists a team's decree files, oldest first.
func (db *DB) TeamFiles(ctx context.Context, teamID string) ([]EvidenceFile, error) {
	return queryAll(ctx, db.reader(ctx), "team files", `SELECT `+evidenceColumns+` FROM evidence_files
		WHERE unit_id = '' AND owner_type = $1 AND owner_id = $2 ORDER BY created_at, id`, []any{OwnerTeam, teamID}, scanEvidence)
}

// ScopeUnits returns the active units in the scope of any of the teams
// (each once), by code.
func (db *DB) ScopeUnits(ctx context.Context, teams []monitor.Team) ([]unit.Unit, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	var or []string
	for _, t := range teams {
		for _, r := range t.Regions {
			or = append(or, withinRegion("region_code", r, arg))
		}
		if len(t.UnitIDs) > 0 {
			or = append(or, inList("id", t.UnitIDs, arg))
		}
	}
	if len(or) == 0 {
		return nil, nil
	}
	return queryAll(ctx, db.reader(ctx), "scope units", `SELECT `+unitColumns+` FROM units WHERE active = TRUE AND (`+strings.Join(or, " OR ")+`) ORDER BY code`,
		args, into(scanUnit))
}

const visitColumns = `unit_id, id, team_id, window_start, planned_on, done_on, COALESCE(instrument_version_id, ''), planned_by, done_by, updated_at`

func scanVisit(row scanner, v *monitor.Visit) error {
	var w, planned, done, at string
	err := row.Scan(&v.UnitID, &v.ID, &v.TeamID, &w, &planned, &done, &v.InstrumentVersionID, &v.PlannedBy, &v.DoneBy, &at)
	v.Window, v.PlannedOn, v.DoneOn, v.UpdatedAt = parseDay(w), parseDay(planned), parseDay(done), parseTS(at)
	return err
}

// WindowVisits returns the visits of one window (its first day), by unit:
// one indexed range, whatever the history.
func (db *DB) WindowVisits(ctx context.Context, w monitor.Window) (map[string]*monitor.Visit, error) {
	vs, err := queryAll(ctx, db.reader(ctx), "window visits", `SELECT `+visitColumns+` FROM monitoring_visits WHERE window_start = $1`,
		[]any{w.Key()}, scanVisit)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*monitor.Visit, len(vs))
	for i := range vs {
		out[vs[i].UnitID] = &vs[i]
	}
	return out, nil
}

// VisitStep is what a team member records on a unit's visit of a window:
// the day it is planned for, or the day it was done.
type VisitStep struct {
	Team   *monitor.Team
	Window monitor.Window
	Plan   time.Time // set: plan the visit for this day
	Done   time.Time // set: the visit took place on this day
}

// RecordVisit plans a unit's visit in a window, or marks it done, creating
// the window's visit if it has none (one per unit and window), audited.
// A visit done is final: its scores and report will hang on it.
func (db *DB) RecordVisit(ctx context.Context, actor audit.Actor, u *unit.Unit, st VisitStep) (*monitor.Visit, error) {
	var v monitor.Visit
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		err := scanVisit(tx.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM monitoring_visits WHERE unit_id = $1 AND window_start = $2`,
			u.ID, st.Window.Key()), &v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v = monitor.Visit{UnitID: u.ID, ID: NewID(), TeamID: st.Team.ID, Window: st.Window.Start}
			if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_visits (unit_id, id, team_id, window_start, updated_at) VALUES ($1, $2, $3, $4, $5)`,
				u.ID, v.ID, v.TeamID, st.Window.Key(), ts(now)); err != nil {
				if isUniqueViolation(err) {
					return errs.New(errs.Conflict, "monitor.err.concurrent")
				}
				return fmt.Errorf("create visit: %w", err)
			}
		case err != nil:
			return fmt.Errorf("read visit: %w", err)
		}
		return db.recordStep(ctx, tx, actor, u, &v, st, "")
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// recordStep is the plan or done transition of visit v in tx, audited
// (extra ends the audit detail): the calendar's and the scoring's.
func (db *DB) recordStep(ctx context.Context, tx *sql.Tx, actor audit.Actor, u *unit.Unit, v *monitor.Visit, st VisitStep, extra string) error {
	now := db.Now()
	if v.Done() {
		return errs.New(errs.Conflict, "monitor.err.already_done")
	}
	action, detail := "monitoring.visit_plan", "direncanakan "+day(st.Plan)
	if !st.Done.IsZero() {
		action, detail = "monitoring.visit_done", "dilaksanakan "+day(st.Done)
		v.DoneOn, v.DoneBy = st.Done, actor.Name
		if v.PlannedOn.IsZero() {
			v.PlannedOn, v.PlannedBy = st.Done, actor.Name
		}
	} else {
		v.PlannedOn, v.PlannedBy = st.Plan, actor.Name
	}
	v.TeamID, v.UpdatedAt = st.Team.ID, now
	if _, err := tx.ExecContext(ctx, `UPDATE monitoring_visits SET team_id = $1, planned_on = $2, planned_by = $3, done_on = $4, done_by = $5, updated_at = $6
			WHERE unit_id = $7 AND id = $8`, v.TeamID, day(v.PlannedOn), v.PlannedBy, day(v.DoneOn), v.DoneBy, ts(now), u.ID, v.ID); err != nil {
		return fmt.Errorf("record visit: %w", err)
	}
	return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "monitoring_visit", ObjectID: v.ID,
		ObjectLabel: u.Name + ", jendela " + st.Window.Key(), RegionCode: u.RegionCode, UnitID: u.ID, Detail: detail + extra})
}

// ReminderMail is an e-mail owed for a visit reminder.
type ReminderMail struct {
	To       string
	UnitCode string
	UnitName string
	Closes   time.Time // the window's last day
}

// ClaimReminder sends the reminder that unit u's window w closes soon to
// the members of the teams that cover it: it claims the (unit, window)
// pair and creates the members' notifications in one transaction, and
// returns the e-mails to send once it has committed. A pair claimed
// before (by this node or another) returns nothing.
func (db *DB) ClaimReminder(ctx context.Context, u *unit.Unit, w monitor.Window, teams []monitor.Team, now time.Time) ([]ReminderMail, error) {
	var userIDs []string
	for _, t := range teams {
		if !t.Covers(u.ID, u.RegionCode) {
			continue
		}
		for _, m := range t.Members {
			userIDs = append(userIDs, m.UserID)
		}
	}
	var mails []ReminderMail
	err := db.tx(ctx, func(tx *sql.Tx) error {
		mails = nil
		res, err := tx.ExecContext(ctx, `INSERT INTO monitoring_reminders (unit_id, window_start, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			u.ID, w.Key(), ts(now))
		if err != nil {
			return fmt.Errorf("claim reminder: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 || len(userIDs) == 0 {
			return nil
		}
		to, err := queryAll(ctx, tx, "reminder recipients", `SELECT id, email FROM users WHERE active = TRUE AND role IN ($1, $2) AND id IN (`+
			placeholders(3, len(userIDs))+`) ORDER BY id`, append([]any{string(account.Evaluator), string(account.Admin)}, anys(userIDs)...),
			func(row scanner, r *recipient) error { return row.Scan(&r.id, &r.email) })
		if err != nil {
			return err
		}
		for _, r := range to {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at)
				VALUES ($1, $2, $3, '', $4, $5, '', $6, $7, $8) ON CONFLICT DO NOTHING`,
				u.ID, NewID(), r.id, u.Code, NoticeVisitDue, day(w.End), w.Key(), ts(now)); err != nil {
				return fmt.Errorf("reminder notification: %w", err)
			}
			if r.email != "" {
				mails = append(mails, ReminderMail{To: r.email, UnitCode: u.Code, UnitName: u.Name, Closes: w.End})
			}
		}
		return nil
	})
	return mails, err
}

// RemindedUnits returns the units of a window whose reminder was sent.
func (db *DB) RemindedUnits(ctx context.Context, w monitor.Window) (map[string]bool, error) {
	ids, err := queryAll(ctx, db.reader(ctx), "reminded units", `SELECT unit_id FROM monitoring_reminders WHERE window_start = $1`, []any{w.Key()},
		func(row scanner, id *string) error { return row.Scan(id) })
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// AllTeams lists every team, for the reminder job.
func (db *DB) AllTeams(ctx context.Context) ([]monitor.Team, error) {
	teams, err := queryAll(ctx, db.reader(ctx), "all teams", `SELECT `+teamColumns+` FROM monitoring_teams ORDER BY region_code, id`, nil, scanTeam)
	if err != nil {
		return nil, err
	}
	return teams, db.teamDetails(ctx, teams)
}
