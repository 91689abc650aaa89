package complaint

import "time"

// SLA is the time limits of one kind of report, in working days
// (methods.md §3; kept as data, editable by an administrator).
type SLA struct {
	Kind              Kind `json:"kind"`
	VerifyDays        int  `json:"verify_days"`         // verify and dispatch, from receipt
	FirstResponseDays int  `json:"first_response_days"` // first response by the unit, from dispatch
	ResolutionDays    int  `json:"resolution_days"`     // resolution, from verification (the file is complete)
	AutoCloseDays     int  `json:"auto_close_days"`     // a responded report closes after the reporter's silence
}

// DefaultSLAs are the defaults of Perpres 76/2013 and SP4N-LAPOR!, the same
// for every kind.
func DefaultSLAs() []SLA {
	out := make([]SLA, len(Kinds))
	for i, k := range Kinds {
		out[i] = SLA{Kind: k, VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 10}
	}
	return out
}

// WorkingCalendar turns a number of working days after an instant into a
// deadline (internal/calendar implements it).
type WorkingCalendar interface {
	Deadline(from time.Time, workingDays int) time.Time
}

// Milestones are the moments of a report's life the deadlines count from.
type Milestones struct {
	ReceivedAt, VerifiedAt, DispatchedAt, FirstResponseAt, RespondedAt, ResolvedAt time.Time
}

// Deadlines are a report's due times; a zero time means the step is not yet
// due (it starts from a milestone not reached).
type Deadlines struct {
	Verify        time.Time `json:"verify"`
	FirstResponse time.Time `json:"first_response"`
	Resolution    time.Time `json:"resolution"`
	AutoClose     time.Time `json:"auto_close"`
}

// ComputeDeadlines derives the due times of a report from its milestones.
func ComputeDeadlines(sla SLA, cal WorkingCalendar, m Milestones) Deadlines {
	var d Deadlines
	if !m.ReceivedAt.IsZero() {
		d.Verify = cal.Deadline(m.ReceivedAt, sla.VerifyDays)
	}
	if !m.DispatchedAt.IsZero() {
		d.FirstResponse = cal.Deadline(m.DispatchedAt, sla.FirstResponseDays)
	}
	if !m.VerifiedAt.IsZero() {
		d.Resolution = cal.Deadline(m.VerifiedAt, sla.ResolutionDays)
	}
	if !m.RespondedAt.IsZero() {
		d.AutoClose = cal.Deadline(m.RespondedAt, sla.AutoCloseDays)
	}
	return d
}

// Step names the step a deadline belongs to.
type StepName string

const (
	StepVerify        StepName = "verifikasi"
	StepFirstResponse StepName = "tanggapan_pertama"
	StepResolution    StepName = "penyelesaian"
)

// Overdue lists the steps of a report in status s that are past due at now:
// verification while not yet verified, the first response while the unit
// has not answered, resolution while the report is open.
func Overdue(s Status, d Deadlines, m Milestones, now time.Time) []StepName {
	var out []StepName
	for _, step := range pending(s, d, m) {
		if now.After(d.due(step)) {
			out = append(out, step)
		}
	}
	return out
}

// pending lists the steps of a report in status s that are still to be
// done (the steps Overdue and DueSoon look at), with their deadlines set.
func pending(s Status, d Deadlines, m Milestones) []StepName {
	var out []StepName
	if (s == Received || s == OnHold) && !d.Verify.IsZero() {
		out = append(out, StepVerify)
	}
	if m.FirstResponseAt.IsZero() && (s == Dispatched || s == InProgress) && !d.FirstResponse.IsZero() {
		out = append(out, StepFirstResponse)
	}
	if s.Open() && s != Responded && !d.Resolution.IsZero() {
		out = append(out, StepResolution)
	}
	return out
}

// due returns the deadline of a step.
func (d Deadlines) due(s StepName) time.Time {
	switch s {
	case StepVerify:
		return d.Verify
	case StepFirstResponse:
		return d.FirstResponse
	case StepResolution:
		return d.Resolution
	}
	return time.Time{}
}

// OnTime reports whether a step was done by its deadline.
func OnTime(done, due time.Time) bool { return !done.IsZero() && !due.IsZero() && !done.After(due) }
