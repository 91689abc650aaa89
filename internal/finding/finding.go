// Package finding is the monitoring team's findings (temuan, issue #13):
// what a visit found wrong in a unit, against an indicator of the
// instrument, with a recommendation, a person responsible and a due date;
// the unit's follow-up; the team's verification at the next visit. It is
// pure: no SQL, no HTTP.
package finding

import (
	"slices"
	"strings"
	"time"

	"mutu/internal/errs"
	"mutu/internal/monitor"
)

// Severity is how much a finding weighs on the service.
type Severity string

const (
	Ringan Severity = "ringan" // minor: a detail of the standard or its publication
	Sedang Severity = "sedang" // moderate: a component of the standard not met
	Berat  Severity = "berat"  // serious: the service itself is at risk (safety, legality, maladministration)
)

// Severities from the lightest.
var Severities = []Severity{Ringan, Sedang, Berat}

// Status is where a finding stands.
type Status string

const (
	Open     Status = "terbuka"        // recorded at a visit, waiting for the unit's follow-up
	Answered Status = "ditanggapi"     // the unit answered with its follow-up, to be verified
	Closed   Status = "ditutup"        // the team verified the follow-up at the next visit
	Reopened Status = "dibuka_kembali" // the team found the follow-up wanting: open again, with a new due date
)

// Statuses in lifecycle order.
var Statuses = []Status{Open, Answered, Closed, Reopened}

// Waiting reports whether a finding in status s waits for the unit (and
// so can be overdue).
func (s Status) Waiting() bool { return s == Open || s == Reopened }

// Actor is who may take an action.
type Actor string

const (
	Team Actor = "tim"  // a member of a team covering the unit, or an administrator of its region
	Unit Actor = "unit" // the unit's operators (and administrators acting for it)
)

// Action is a step of the lifecycle.
type Action string

const (
	Answer Action = "tanggapi"     // the unit's follow-up, with evidence
	Verify Action = "tutup"        // the team verifies the follow-up and closes the finding
	Reopen Action = "buka_kembali" // the team reopens it, with a reason and a new due date
)

// Transition is one allowed step: from any of From, Actor may take Action,
// which leads to To.
type Transition struct {
	Action Action
	From   []Status
	To     Status
	Actor  Actor
}

// Transitions is the lifecycle, as data. A closed finding is final: a
// problem seen again is a new finding.
var Transitions = []Transition{
	{Answer, []Status{Open, Reopened}, Answered, Unit},
	{Verify, []Status{Answered}, Closed, Team},
	{Reopen, []Status{Answered}, Reopened, Team},
}

// Step checks that actor may take action on a finding in status from, and
// returns the status after it.
func Step(from Status, action Action, actor Actor) (Status, error) {
	for _, t := range Transitions {
		if t.Action != action {
			continue
		}
		if t.Actor != actor {
			return "", errs.New(errs.Forbidden, "finding.err.actor", string(action))
		}
		if !slices.Contains(t.From, from) {
			return "", errs.New(errs.Conflict, "finding.err.transition", string(action), string(from))
		}
		return t.To, nil
	}
	return "", errs.New(errs.Invalid, "finding.err.action", string(action))
}

// Allowed lists the actions actor may take on a finding in status s.
func Allowed(s Status, actor Actor) []Action {
	var out []Action
	for _, t := range Transitions {
		if t.Actor == actor && slices.Contains(t.From, s) {
			out = append(out, t.Action)
		}
	}
	return out
}

// NextVisit returns the visit at which the team verifies or reopens f:
// the latest visit done in a window after that of f's visit (the issue's
// "the next visit verifies and closes or reopens it"), or nil while there
// is none.
func NextVisit(f *Finding, visits []monitor.Visit) *monitor.Visit {
	var of *monitor.Visit
	for i := range visits {
		if visits[i].ID == f.VisitID {
			of = &visits[i]
		}
	}
	var next *monitor.Visit
	for i := range visits {
		v := &visits[i]
		if of != nil && v.Done() && v.Window.After(of.Window) && (next == nil || v.Window.After(next.Window)) {
			next = v
		}
	}
	return next
}

// Finding is one finding of a visit.
type Finding struct {
	UnitID         string
	ID             string
	VisitID        string
	Indicator      string // the indicator's code in the visit's instrument version (PEKPPP's when the visit has none)
	Severity       Severity
	Description    string
	Recommendation string
	Responsible    string    // the unit's person responsible (name and position)
	DueOn          time.Time // a WIB date: the follow-up is due by the end of it
	Status         Status
	Round          int // 0; +1 at each reopening (each round escalates once)
	FollowUp       string
	AnsweredAt     time.Time // the latest answer
	FirstAnswerAt  time.Time // the first answer: the unit's speed
	ClosedAt       time.Time
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Overdue reports whether the unit's follow-up is late at now: the finding
// waits for the unit and its due day (WIB) has passed.
func (f *Finding) Overdue(now time.Time) bool {
	return f.Status.Waiting() && monitor.Day(now).After(f.DueOn)
}

// Limits of the texts.
const (
	MaxText     = 4000
	MaxName     = 200
	MinFollowUp = 10
	MaxDueDays  = 366 // a due date at most a year ahead
)

// NewInput is the form of a new finding, filled by a team member.
type NewInput struct {
	VisitID, Indicator, Severity, Description, Recommendation, Responsible, DueOn string
}

// Validate returns the finding, or the field errors: a visit of the unit
// (visits maps the unit's visits by id: a finding is made at a visit done),
// an indicator of the instrument (isIndicator), a severity of the scale,
// description and recommendation, a person responsible and a due date
// from today to a year ahead.
func (in *NewInput) Validate(visits map[string]*monitor.Visit, isIndicator func(code string) bool, now time.Time) (*Finding, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	f := &Finding{VisitID: strings.TrimSpace(in.VisitID), Indicator: strings.TrimSpace(in.Indicator), Severity: Severity(strings.TrimSpace(in.Severity)),
		Description: strings.TrimSpace(in.Description), Recommendation: strings.TrimSpace(in.Recommendation),
		Responsible: strings.TrimSpace(in.Responsible), Status: Open}
	switch v := visits[f.VisitID]; {
	case f.VisitID == "":
		add("visit", "err.required")
	case v == nil:
		add("visit", "finding.err.visit")
	case !v.Done():
		add("visit", "finding.err.visit_not_done")
	}
	switch {
	case f.Indicator == "":
		add("indicator", "err.required")
	case !isIndicator(f.Indicator):
		add("indicator", "finding.err.indicator", clip(f.Indicator))
	}
	if !slices.Contains(Severities, f.Severity) {
		add("severity", "finding.err.severity")
	}
	text(add, "description", f.Description, MaxText)
	text(add, "recommendation", f.Recommendation, MaxText)
	text(add, "responsible", f.Responsible, MaxName)
	f.DueOn, fs = dueDate(fs, in.DueOn, now)
	if err := errs.Fields("finding.err.invalid", fs); err != nil {
		return nil, err
	}
	return f, nil
}

// AnswerInput is the unit's follow-up.
type AnswerInput struct{ FollowUp string }

// Validate returns the follow-up text, or the field error.
func (in AnswerInput) Validate() (string, error) {
	var fs []errs.Field
	s := strings.TrimSpace(in.FollowUp)
	switch {
	case s == "":
		fs = append(fs, errs.Field{Name: "follow_up", Key: "err.required"})
	case len([]rune(s)) < MinFollowUp:
		fs = append(fs, errs.Field{Name: "follow_up", Key: "finding.err.follow_up_short", Args: []any{MinFollowUp}})
	case len([]rune(s)) > MaxText:
		fs = append(fs, errs.Field{Name: "follow_up", Key: "err.too_long", Args: []any{MaxText}})
	}
	return s, errs.Fields("finding.err.invalid", fs)
}

// VerifyInput is the team's verification: an optional note.
type VerifyInput struct{ Note string }

// Validate returns the note, or the field error.
func (in VerifyInput) Validate() (string, error) {
	s := strings.TrimSpace(in.Note)
	if len([]rune(s)) > MaxText {
		return "", errs.Fields("finding.err.invalid", []errs.Field{{Name: "note", Key: "err.too_long", Args: []any{MaxText}}})
	}
	return s, nil
}

// ReopenInput is the team's reopening: why, and by when the unit must
// follow up again.
type ReopenInput struct{ Reason, DueOn string }

// Validate returns the reason and the new due date, or the field errors.
func (in ReopenInput) Validate(now time.Time) (string, time.Time, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	reason := strings.TrimSpace(in.Reason)
	text(add, "reason", reason, MaxText)
	due, fs := dueDate(fs, in.DueOn, now)
	return reason, due, errs.Fields("finding.err.invalid", fs)
}

// text checks a required text of at most max characters.
func text(add func(name, key string, args ...any), name, s string, max int) {
	switch {
	case s == "":
		add(name, "err.required")
	case len([]rune(s)) > max:
		add(name, "err.too_long", max)
	}
}

// dueDate checks a due date: a date from today (WIB) to MaxDueDays ahead.
func dueDate(fs []errs.Field, s string, now time.Time) (time.Time, []errs.Field) {
	d, ok := monitor.ParseDate(s)
	today := monitor.Day(now)
	switch {
	case strings.TrimSpace(s) == "":
		fs = append(fs, errs.Field{Name: "due_on", Key: "err.required"})
	case !ok:
		fs = append(fs, errs.Field{Name: "due_on", Key: "monitor.err.date"})
	case d.Before(today):
		fs = append(fs, errs.Field{Name: "due_on", Key: "finding.err.due_past"})
	case d.After(today.AddDate(0, 0, MaxDueDays)):
		fs = append(fs, errs.Field{Name: "due_on", Key: "finding.err.due_far", Args: []any{MaxDueDays}})
	}
	return d, fs
}

// clip shortens an echoed input for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Stats is how a unit follows up its findings.
type Stats struct {
	Total, Open, Answered, Overdue, Closed int
	// Rate is the share of findings the unit followed up (answered or
	// closed), 0–100; Followed counts them.
	Followed int
	// Days is the mean of the days from a finding to its first answer,
	// over those answered; Timed counts them.
	Days  float64
	Timed int
}

// Rate is the follow-up rate in percent (0 when there is nothing).
func (s Stats) Rate() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Followed) * 100 / float64(s.Total)
}

// StatsOf counts a unit's findings at now. A reopened finding was answered
// once, yet waits again: it counts as open (and overdue when late), not as
// followed up; its speed counts its first answer.
func StatsOf(fs []Finding, now time.Time) Stats {
	var s Stats
	var days float64
	for i := range fs {
		f := &fs[i]
		s.Total++
		switch {
		case f.Overdue(now):
			s.Overdue++
		case f.Status.Waiting():
			s.Open++
		case f.Status == Answered:
			s.Answered++
		case f.Status == Closed:
			s.Closed++
		}
		if f.Status == Answered || f.Status == Closed {
			s.Followed++
		}
		if !f.FirstAnswerAt.IsZero() {
			days += f.FirstAnswerAt.Sub(f.CreatedAt).Hours() / 24
			s.Timed++
		}
	}
	if s.Timed > 0 {
		s.Days = days / float64(s.Timed)
	}
	return s
}
