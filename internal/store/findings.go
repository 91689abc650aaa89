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
	"mutu/internal/finding"
	"mutu/internal/monitor"
	"mutu/internal/unit"
)

// The monitoring team's findings (finding13): recorded at a visit, answered
// by the unit, verified or reopened by the team; each step an event and an
// audit row in the same transaction.

// OwnerFinding owns the evidence files of a finding's follow-up.
const OwnerFinding = "monitoring_finding"

// NoticeFindingOverdue is the kind of the in-app notice that a finding's
// follow-up is overdue (notifications.kind): number holds the unit's
// code, detail the finding's id, step its due day.
const NoticeFindingOverdue = "finding_overdue"

const findingColumns = `f.unit_id, f.id, f.visit_id, f.indicator_code, f.severity, f.description, f.recommendation, f.responsible, f.due_on,
	f.status, f.round, f.follow_up, f.answered_at, f.first_answer_at, f.closed_at, f.created_by, f.created_at, f.updated_at`

func scanFinding(row scanner, f *finding.Finding, extra ...any) error {
	var due, answered, first, closed, created, updated string
	err := row.Scan(append([]any{&f.UnitID, &f.ID, &f.VisitID, &f.Indicator, &f.Severity, &f.Description, &f.Recommendation, &f.Responsible, &due,
		&f.Status, &f.Round, &f.FollowUp, &answered, &first, &closed, &f.CreatedBy, &created, &updated}, extra...)...)
	f.DueOn = parseDay(due)
	f.AnsweredAt, f.FirstAnswerAt, f.ClosedAt, f.CreatedAt, f.UpdatedAt = parseTS(answered), parseTS(first), parseTS(closed), parseTS(created), parseTS(updated)
	return err
}

// UnitVisits returns a unit's visits, newest window first, by id: the
// visits a finding may be recorded at.
func (db *DB) UnitVisits(ctx context.Context, unitID string) ([]monitor.Visit, error) {
	return queryAll(ctx, db.reader(ctx), "unit visits", `SELECT `+visitColumns+` FROM monitoring_visits WHERE unit_id = $1 ORDER BY window_start DESC`,
		[]any{unitID}, scanVisit)
}

// CreateFinding records a finding of u at one of its visits, audited.
func (db *DB) CreateFinding(ctx context.Context, actor audit.Actor, u *unit.Unit, f *finding.Finding) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		f.UnitID, f.ID, f.Status, f.Round, f.CreatedBy, f.CreatedAt, f.UpdatedAt = u.ID, NewID(), finding.Open, 0, actor.Name, now, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_findings (unit_id, id, visit_id, indicator_code, severity, description, recommendation,
			responsible, due_on, status, round, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $12)`,
			u.ID, f.ID, f.VisitID, f.Indicator, string(f.Severity), f.Description, f.Recommendation, f.Responsible, day(f.DueOn), string(f.Status),
			actor.Name, ts(now)); err != nil {
			return fmt.Errorf("create finding: %w", err)
		}
		if err := findingEvent(ctx, tx, f, "buat", actor.Name, "", now); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "finding.create", ObjectType: "monitoring_finding", ObjectID: f.ID,
			ObjectLabel: u.Name + ", indikator " + f.Indicator, RegionCode: u.RegionCode, UnitID: u.ID,
			Detail: string(f.Severity) + ", batas " + day(f.DueOn)})
	})
}

func findingEvent(ctx context.Context, tx *sql.Tx, f *finding.Finding, action, actor, detail string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO monitoring_finding_events (unit_id, id, finding_id, action, status, actor, detail, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.UnitID, NewID(), f.ID, action, string(f.Status), actor, detail, ts(now)); err != nil {
		return fmt.Errorf("finding event: %w", err)
	}
	return nil
}

// Finding returns one finding of a unit.
func (db *DB) Finding(ctx context.Context, unitID, id string) (*finding.Finding, error) {
	var f finding.Finding
	err := scanFinding(db.reader(ctx).QueryRowContext(ctx, `SELECT `+findingColumns+` FROM monitoring_findings f WHERE f.unit_id = $1 AND f.id = $2`, unitID, id), &f)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("finding: %w", err)
	}
	return &f, nil
}

// FindingStep is a step of a finding's lifecycle with what it carries.
type FindingStep struct {
	Action   finding.Action
	Actor    finding.Actor
	Text     string    // the follow-up (answer), the note (verify), the reason (reopen)
	DueOn    time.Time // reopen: the new due day
	Files    []EvidenceFile
	Expected finding.Status // the status the user saw: a step on a finding changed meanwhile is refused
}

// StepFinding takes a step of the lifecycle on a finding of u: checks it
// against the table (finding.Step) on the stored status, and for the
// team's steps that the unit was visited since (finding.NextVisit); updates the
// finding, adds the follow-up's evidence files, an event and an audit row,
// in one transaction.
func (db *DB) StepFinding(ctx context.Context, actor audit.Actor, u *unit.Unit, id string, st FindingStep) (*finding.Finding, error) {
	var f finding.Finding
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		err := scanFinding(tx.QueryRowContext(ctx, `SELECT `+findingColumns+` FROM monitoring_findings f WHERE f.unit_id = $1 AND f.id = $2`, u.ID, id), &f)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if err != nil {
			return fmt.Errorf("read finding: %w", err)
		}
		if st.Expected != "" && st.Expected != f.Status {
			return errs.New(errs.Conflict, "finding.err.changed")
		}
		to, err := finding.Step(f.Status, st.Action, st.Actor)
		if err != nil {
			return err
		}
		f.Status, f.UpdatedAt = to, now
		detail := st.Text
		if st.Actor == finding.Team {
			visits, err := queryAll(ctx, tx, "unit visits", `SELECT `+visitColumns+` FROM monitoring_visits WHERE unit_id = $1`, []any{u.ID}, scanVisit)
			if err != nil {
				return err
			}
			next := finding.NextVisit(&f, visits)
			if next == nil {
				return errs.New(errs.Conflict, "finding.err.no_next_visit")
			}
			detail = strings.TrimSpace("kunjungan " + day(next.DoneOn) + ". " + st.Text)
		}
		switch st.Action {
		case finding.Answer:
			f.FollowUp, f.AnsweredAt = st.Text, now
			if f.FirstAnswerAt.IsZero() {
				f.FirstAnswerAt = now
			}
		case finding.Verify:
			f.ClosedAt = now
		case finding.Reopen:
			f.Round++
			f.DueOn = st.DueOn
			detail += " (batas baru " + day(st.DueOn) + ")"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE monitoring_findings SET status = $1, round = $2, follow_up = $3, answered_at = $4, first_answer_at = $5,
			closed_at = $6, due_on = $7, updated_at = $8 WHERE unit_id = $9 AND id = $10`, string(f.Status), f.Round, f.FollowUp, tsOrEmpty(f.AnsweredAt),
			tsOrEmpty(f.FirstAnswerAt), tsOrEmpty(f.ClosedAt), day(f.DueOn), ts(now), u.ID, f.ID); err != nil {
			return fmt.Errorf("step finding: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerFinding, f.ID, now, st.Files); err != nil {
			return err
		}
		if err := findingEvent(ctx, tx, &f, string(st.Action), actor.Name, detail, now); err != nil {
			return err
		}
		auditDetail := string(f.Status)
		if len(st.Files) > 0 {
			auditDetail += ", " + strconv.Itoa(len(st.Files)) + " berkas"
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "finding." + string(st.Action), ObjectType: "monitoring_finding", ObjectID: f.ID,
			ObjectLabel: u.Name + ", indikator " + f.Indicator, RegionCode: u.RegionCode, UnitID: u.ID, Detail: auditDetail})
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// tsOrEmpty stores a time, or "" for none.
func tsOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ts(t)
}

// FindingEvent is a line of a finding's history.
type FindingEvent struct {
	Action, Status, Actor, Detail string
	At                            time.Time
}

// FindingEvents returns a finding's history, oldest first.
func (db *DB) FindingEvents(ctx context.Context, unitID, id string) ([]FindingEvent, error) {
	return queryAll(ctx, db.reader(ctx), "finding events", `SELECT action, status, actor, detail, created_at FROM monitoring_finding_events
		WHERE unit_id = $1 AND finding_id = $2 ORDER BY created_at, id`, []any{unitID, id}, func(row scanner, e *FindingEvent) error {
		var at string
		err := row.Scan(&e.Action, &e.Status, &e.Actor, &e.Detail, &at)
		e.At = parseTS(at)
		return err
	})
}

// FindingFilter selects findings across units.
type FindingFilter struct {
	RegionCode string   // units in the region and below ("" any)
	UnitIDs    []string // only these units (an operator's scope); nil: no restriction
	UnitID     string   // one unit
	VisitIDs   []string // only those recorded at these visits (the calendar's); nil: no restriction
	Status     finding.Status
	Severity   finding.Severity
	Overdue    bool      // only those waiting for their unit past their due day
	Today      time.Time // the WIB day Overdue is judged on
	Limit      int       // 0: no limit
}

// FindingRow is a finding with its unit, for lists.
type FindingRow struct {
	finding.Finding
	UnitCode, UnitName, RegionCode string
}

// Findings lists findings matching ff, the latest due first for the
// waiting ones: overdue at the top.
func (db *DB) Findings(ctx context.Context, ff FindingFilter) ([]FindingRow, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if ff.RegionCode != "" {
		where = append(where, withinRegion("u.region_code", ff.RegionCode, arg))
	}
	if ff.UnitIDs != nil {
		if len(ff.UnitIDs) == 0 {
			return nil, nil
		}
		where = append(where, inList("f.unit_id", ff.UnitIDs, arg))
	}
	if ff.UnitID != "" {
		where = append(where, "f.unit_id = "+arg(ff.UnitID))
	}
	if ff.VisitIDs != nil {
		if len(ff.VisitIDs) == 0 {
			return nil, nil
		}
		where = append(where, inList("f.visit_id", ff.VisitIDs, arg))
	}
	if ff.Status != "" {
		where = append(where, "f.status = "+arg(string(ff.Status)))
	}
	if ff.Severity != "" {
		where = append(where, "f.severity = "+arg(string(ff.Severity)))
	}
	if ff.Overdue {
		where = append(where, inList("f.status", []finding.Status{finding.Open, finding.Reopened}, arg), "f.due_on < "+arg(day(ff.Today)))
	}
	q := `SELECT ` + findingColumns + `, u.code, u.name, u.region_code FROM monitoring_findings f JOIN units u ON u.id = f.unit_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY f.due_on, u.code, f.id`
	if ff.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(ff.Limit)
	}
	return queryAll(ctx, db.reader(ctx), "findings", q, args, func(row scanner, r *FindingRow) error {
		return scanFinding(row, &r.Finding, &r.UnitCode, &r.UnitName, &r.RegionCode)
	})
}

// OverdueFindings lists the findings waiting for their unit past their due
// day (today, WIB) whose current round has not been escalated: the work
// of the escalation job.
func (db *DB) OverdueFindings(ctx context.Context, today time.Time) ([]FindingRow, error) {
	return queryAll(ctx, db.reader(ctx), "overdue findings", `SELECT `+findingColumns+`, u.code, u.name, u.region_code FROM monitoring_findings f
		JOIN units u ON u.id = f.unit_id
		WHERE f.status IN ($1, $2) AND f.due_on < $3 AND NOT EXISTS (SELECT 1 FROM monitoring_finding_escalations e
			WHERE e.unit_id = f.unit_id AND e.finding_id = f.id AND e.round = f.round)
		ORDER BY f.due_on, f.unit_id, f.id`, []any{string(finding.Open), string(finding.Reopened), day(today)},
		func(row scanner, r *FindingRow) error {
			return scanFinding(row, &r.Finding, &r.UnitCode, &r.UnitName, &r.RegionCode)
		})
}

// FindingMail is an e-mail owed for an overdue finding.
type FindingMail struct {
	To                 string
	UnitCode, UnitName string
	FindingID          string
	Indicator          string
	DueOn              time.Time
}

// ClaimFindingEscalation tells the unit's operators, the administrators of
// its city and the members of the teams covering it that finding r's
// follow-up is overdue: it claims the (finding, round) pair and creates
// their notifications and an event in one transaction, and returns the
// e-mails to send once it has committed. A pair claimed before (by this
// node or another), or a finding answered meanwhile, returns nothing and
// claimed false.
func (db *DB) ClaimFindingEscalation(ctx context.Context, r *FindingRow, teams []monitor.Team, now time.Time) (mails []FindingMail, claimed bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		mails, claimed = nil, false
		var status string
		var round int
		if err := tx.QueryRowContext(ctx, `SELECT status, round FROM monitoring_findings WHERE unit_id = $1 AND id = $2`, r.UnitID, r.ID).
			Scan(&status, &round); err != nil {
			return fmt.Errorf("escalated finding: %w", err)
		}
		if !finding.Status(status).Waiting() || round != r.Round {
			return nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO monitoring_finding_escalations (unit_id, finding_id, round, sent_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, r.UnitID, r.ID, r.Round, ts(now))
		if err != nil {
			return fmt.Errorf("claim escalation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		claimed = true
		var members []string
		for _, t := range teams {
			if t.Covers(r.UnitID, r.RegionCode) {
				for _, m := range t.Members {
					members = append(members, m.UserID)
				}
			}
		}
		city := r.RegionCode // the city's administrators: those of the unit's city (NN.NN)
		if len(city) > 5 {
			city = city[:5]
		}
		args := []any{r.UnitID, string(account.Operator), string(account.Admin), city}
		q := `SELECT u.id, u.email FROM users u WHERE u.active = TRUE AND (
			(u.role = $2 AND u.id IN (SELECT user_id FROM user_units WHERE unit_id = $1))
			OR (u.role = $3 AND u.region_code = $4)`
		if len(members) > 0 {
			q += ` OR u.id IN (` + placeholders(len(args)+1, len(members)) + `)`
			args = append(args, anys(members)...)
		}
		to, err := queryAll(ctx, tx, "escalation recipients", q+`) ORDER BY u.id`, args,
			func(row scanner, r *recipient) error { return row.Scan(&r.id, &r.email) })
		if err != nil {
			return err
		}
		occasion := r.ID + "#" + strconv.Itoa(r.Round)
		for _, rc := range to {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at)
				VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
				r.UnitID, NewID(), rc.id, r.UnitCode, NoticeFindingOverdue, day(r.DueOn), r.ID, occasion, ts(now)); err != nil {
				return fmt.Errorf("escalation notification: %w", err)
			}
			if rc.email != "" {
				mails = append(mails, FindingMail{To: rc.email, UnitCode: r.UnitCode, UnitName: r.UnitName, FindingID: r.ID, Indicator: r.Indicator, DueOn: r.DueOn})
			}
		}
		f := r.Finding
		f.Status = finding.Status(status)
		return findingEvent(ctx, tx, &f, "eskalasi", "sistem", strconv.Itoa(len(to))+" penerima", now)
	})
	return mails, claimed, err
}
