package complaint

import (
	"slices"

	"mutu/internal/errs"
)

// Status is where a report stands.
type Status string

const (
	Received   Status = "diterima"       // filed, waiting for the city's verifiers
	Verified   Status = "diverifikasi"   // complete and within the city's remit, to be dispatched
	Dispatched Status = "didisposisikan" // sent to the unit that must handle it
	InProgress Status = "diproses"       // the unit is working on it
	Responded  Status = "ditanggapi"     // the unit answered; the reporter may accept or reject
	Resolved   Status = "selesai"        // the reporter accepted the answer
	Closed     Status = "ditutup"        // closed (after the reporter's silence, or by a verifier)
	OnHold     Status = "ditunda"        // held by the verifiers, with a reason
	Archived   Status = "diarsipkan"     // not pursued, with a reason
	Merged     Status = "digabung"       // a duplicate, merged into another report
)

// Statuses in lifecycle order.
var Statuses = []Status{Received, Verified, Dispatched, InProgress, Responded, Resolved, Closed, OnHold, Archived, Merged}

// OpenStatuses are those of reports that still need work, ClosedStatuses
// the others; both in lifecycle order.
var (
	OpenStatuses   = []Status{Received, Verified, Dispatched, InProgress, Responded, OnHold}
	ClosedStatuses = []Status{Resolved, Closed, Archived, Merged}
)

// Open reports whether a report in status s still needs work.
func (s Status) Open() bool { return !slices.Contains(ClosedStatuses, s) }

// Actor is who may take an action.
type Actor string

const (
	Verifier  Actor = "verifikator" // the city's complaint managers (administrators in scope)
	UnitStaff Actor = "unit"        // staff of the unit handling the report
	Citizen   Actor = "pelapor"     // the reporter, with the tracking code
	System    Actor = "sistem"      // the background job
)

// Action is a step of the lifecycle.
type Action string

const (
	Verify    Action = "verifikasi"
	Hold      Action = "tunda"
	Resume    Action = "lanjutkan"
	Archive   Action = "arsipkan"
	Dispatch  Action = "disposisi"
	NotOurs   Action = "bukan_wewenang" // the unit returns it: not within its authority
	Accept    Action = "proses"
	Respond   Action = "tanggapi"
	Confirm   Action = "terima" // the reporter accepts the answer
	Reject    Action = "tolak"  // the reporter rejects it: the report reopens
	Close     Action = "tutup"
	AutoClose Action = "tutup_otomatis"
	Merge     Action = "gabung"
	AddInfo   Action = "tambah_info" // the reporter adds information; the status stays
	Note      Action = "catatan"     // an internal note by staff; the status stays
	Escalate  Action = "eskalasi"    // a deadline passed: the next level up is told
	Rate      Action = "nilai"       // the reporter rates the response 1–5
)

// Transition is one allowed step: from any of From, Actor may take Action,
// which leads to To ("" keeps the status). Reason says the step needs a
// written reason (or answer, or information).
type Transition struct {
	Action Action
	From   []Status
	To     Status
	Actors []Actor
	Reason bool
}

// Transitions is the lifecycle, as data.
var Transitions = []Transition{
	{Verify, []Status{Received}, Verified, []Actor{Verifier}, false},
	{Hold, []Status{Received, Verified}, OnHold, []Actor{Verifier}, true},
	{Resume, []Status{OnHold}, Received, []Actor{Verifier}, false},
	{Archive, []Status{Received, Verified, OnHold}, Archived, []Actor{Verifier}, true},
	{Dispatch, []Status{Verified}, Dispatched, []Actor{Verifier}, false},
	{NotOurs, []Status{Dispatched, InProgress}, Verified, []Actor{UnitStaff}, true},
	{Accept, []Status{Dispatched}, InProgress, []Actor{UnitStaff}, false},
	{Respond, []Status{Dispatched, InProgress}, Responded, []Actor{UnitStaff}, true},
	{Confirm, []Status{Responded}, Resolved, []Actor{Citizen}, false},
	{Reject, []Status{Responded}, InProgress, []Actor{Citizen}, true},
	{Close, []Status{Responded, Resolved}, Closed, []Actor{Verifier}, false},
	{AutoClose, []Status{Responded}, Closed, []Actor{System}, false},
	{Merge, OpenStatuses, Merged, []Actor{Verifier}, true},
	{AddInfo, OpenStatuses, "", []Actor{Citizen}, true},
	{Note, append(slices.Clone(OpenStatuses), Resolved, Closed), "", []Actor{Verifier, UnitStaff}, true},
	{Escalate, []Status{Received, Verified, Dispatched, InProgress}, "", []Actor{System}, false},
	{Rate, []Status{Responded, Resolved, Closed}, "", []Actor{Citizen}, false},
}

// Step checks that actor may take action on a report in status from, and
// returns the status after it.
func Step(from Status, action Action, actor Actor, reason string) (Status, error) {
	for _, t := range Transitions {
		if t.Action != action {
			continue
		}
		if !slices.Contains(t.Actors, actor) {
			return "", errs.New(errs.Forbidden, "complaint.err.actor", string(action))
		}
		if !slices.Contains(t.From, from) {
			return "", errs.New(errs.Conflict, "complaint.err.transition", string(action), string(from))
		}
		if t.Reason && len([]rune(reason)) < 5 {
			return "", errs.InvalidField("reason", "complaint.err.reason")
		}
		if t.To == "" {
			return from, nil
		}
		return t.To, nil
	}
	return "", errs.New(errs.Invalid, "complaint.err.action", string(action))
}

// Allowed lists the actions actor may take on a report in status s.
func Allowed(s Status, actor Actor) []Action {
	var out []Action
	for _, t := range Transitions {
		if slices.Contains(t.From, s) && slices.Contains(t.Actors, actor) {
			out = append(out, t.Action)
		}
	}
	return out
}

// Escalatable reports whether the sweeper may escalate a report in status
// s: one on hold, or answered, is waiting for someone else, and trying
// anyway would fail again at every sweep.
func Escalatable(s Status) bool { return slices.Contains(Allowed(s, System), Escalate) }
