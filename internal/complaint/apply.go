package complaint

import (
	"time"

	"mutu/internal/errs"
)

// Change is one step taken on a report, as recorded in its timeline.
type Change struct {
	Action     Action
	Actor      Actor
	Reason     string // the reason, answer or information the step carries
	At         time.Time
	TargetUnit string // Dispatch: the unit the report goes to
	MergeInto  string // Merge: the number of the surviving report (the store checks it exists and is in scope)
	Rating     int    // Rate: 1–5
	From, To   Status // filled by Apply
}

// Apply takes a step on r: it checks the lifecycle, then moves the status,
// the assignment and the milestones the deadlines count from.
func (r *Report) Apply(c *Change) error {
	to, err := Step(r.Status, c.Action, c.Actor, c.Reason)
	if err != nil {
		return err
	}
	switch c.Action {
	case Dispatch:
		if c.TargetUnit == "" {
			return errs.InvalidField("unit", "complaint.err.target")
		}
		r.AssignedUnitID, r.DispatchedAt = c.TargetUnit, c.At
	case Merge:
		if _, _, _, ok := ParseNumber(c.MergeInto); !ok || c.MergeInto == r.Number {
			return errs.InvalidField("merge_into", "complaint.err.merge")
		}
		r.MergedInto = c.MergeInto
	case Rate:
		if c.Rating < 1 || c.Rating > 5 {
			return errs.InvalidField("rating", "complaint.err.rating")
		}
		r.Rating = c.Rating
	}
	c.From, c.To = r.Status, to
	r.Status, r.UpdatedAt = to, c.At
	switch c.Action {
	case Verify:
		r.VerifiedAt = c.At
	case NotOurs:
		// Back to the verifiers: a new dispatch starts a new first-response clock.
		r.AssignedUnitID, r.DispatchedAt, r.FirstResponseAt = "", time.Time{}, time.Time{}
	case Accept:
		if r.FirstResponseAt.IsZero() {
			r.FirstResponseAt = c.At
		}
	case Respond:
		if r.FirstResponseAt.IsZero() {
			r.FirstResponseAt = c.At
		}
		r.RespondedAt = c.At
	case Reject:
		r.RespondedAt = time.Time{} // reopened: no auto-close until the next answer
	case Confirm:
		r.ResolvedAt, r.ClosedAt = c.At, c.At
	case Close, AutoClose, Archive, Merge:
		r.ClosedAt = c.At
	case Escalate:
		r.Escalations++
	}
	return nil
}
