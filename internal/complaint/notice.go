package complaint

import (
	"strconv"
	"time"

	"mutu/internal/region"
)

// NoticeKind is why staff are told about a report.
type NoticeKind string

const (
	NoticeNew        NoticeKind = "laporan_baru"       // a new report waits for verification
	NoticeDispatched NoticeKind = "disposisi"          // the report was dispatched to the unit
	NoticeReturned   NoticeKind = "bukan_wewenang"     // the unit returned it as not within its authority
	NoticeInfoAdded  NoticeKind = "info_tambahan"      // the reporter added information
	NoticeReopened   NoticeKind = "dibuka_kembali"     // the reporter rejected the answer
	NoticeEscalated  NoticeKind = "eskalasi"           // a late report reached the next level up
	NoticeDueSoon    NoticeKind = "segera_jatuh_tempo" // a step is due within one working day
	NoticeOverdue    NoticeKind = "terlambat"          // a step is past due
)

// NoticeKinds in display order.
var NoticeKinds = []NoticeKind{NoticeNew, NoticeDispatched, NoticeReturned, NoticeInfoAdded, NoticeReopened, NoticeEscalated, NoticeDueSoon, NoticeOverdue}

// Audience is the group of staff a notice goes to.
type Audience string

const (
	// ToUnit: the operators of Notice.Unit.
	ToUnit Audience = "unit"
	// ToVerifiers: the report's verifiers, the administrators whose region
	// is nearest at or above Notice.Region (the receiving unit's region).
	ToVerifiers Audience = "verifikator"
	// ToRegion: the administrators and evaluators whose region is exactly
	// Notice.Region (the level an escalation reached).
	ToRegion Audience = "wilayah"
)

// Notice is one thing a group of staff must hear about a report. The same
// notice (report, kind, step, occasion) is delivered to a user once.
type Notice struct {
	Kind     NoticeKind
	Step     StepName // due-soon and overdue: the step concerned
	To       Audience
	Unit     string // ToUnit: the unit whose operators are told
	Region   string // ToVerifiers, ToRegion: the region whose staff are told
	Occasion string // what makes it new: the change's time, the escalation level, the deadline
}

// EscalationRegion is the region a report received in regionCode reaches
// at its level-th escalation: the parent of the region for the first, the
// grandparent for the second, never above the province.
func EscalationRegion(regionCode string, level int) string {
	to := regionCode
	for range level {
		if p := region.ParentOf(to); p != "" {
			to = p
		}
	}
	return to
}

// handlers is who handles r now: the operators of the unit it is assigned
// to, or, while it has none, the verifiers of the receiving unit's region.
func handlers(r *Report, n Notice) Notice {
	if r.AssignedUnitID != "" {
		n.To, n.Unit = ToUnit, r.AssignedUnitID
	} else {
		n.To, n.Region = ToVerifiers, r.RegionCode
	}
	return n
}

// occasion formats an instant for a notice's occasion.
func occasion(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Mailed reports whether notices of kind k also go out by e-mail. New
// reports do not: they arrive all day, and the verifiers' queue is where
// they are worked; an e-mail each would bury the ones that need action.
func (k NoticeKind) Mailed() bool { return k != NoticeNew }

// NoticesForNew is who must hear of a new report: its verifiers.
func NoticesForNew(r *Report) []Notice {
	return []Notice{{Kind: NoticeNew, To: ToVerifiers, Region: r.RegionCode, Occasion: occasion(r.ReceivedAt)}}
}

// NoticesFor decides who must hear about change c, which took the report
// from before to after: a dispatch tells the target unit's operators; a
// unit's "not ours" tells the verifiers; the reporter's added information
// or rejection tells whoever handles the report; an escalation tells the
// administrators and evaluators of the region it reached.
func NoticesFor(before, after *Report, c *Change) []Notice {
	at := occasion(c.At)
	switch c.Action {
	case Dispatch:
		return []Notice{{Kind: NoticeDispatched, To: ToUnit, Unit: after.AssignedUnitID, Occasion: at}}
	case NotOurs:
		return []Notice{{Kind: NoticeReturned, To: ToVerifiers, Region: after.RegionCode, Occasion: at}}
	case AddInfo:
		return []Notice{handlers(after, Notice{Kind: NoticeInfoAdded, Occasion: at})}
	case Reject:
		return []Notice{handlers(after, Notice{Kind: NoticeReopened, Occasion: at})}
	case Escalate:
		level := after.Escalations
		if level <= before.Escalations {
			return nil
		}
		return []Notice{{Kind: NoticeEscalated, To: ToRegion, Region: EscalationRegion(after.RegionCode, level), Occasion: strconv.Itoa(level)}}
	}
	return nil
}

// DueSoon lists the steps of a report in status s that are not yet late at
// now but fall due within one working day: by the end of the next working
// day after now's date (on a Friday, by the end of Monday; before a holiday,
// by the end of the working day after it). The steps are those of Overdue.
func DueSoon(s Status, d Deadlines, m Milestones, now time.Time, cal WorkingCalendar) []StepName {
	var out []StepName
	horizon := cal.Deadline(now, 1)
	for _, step := range pending(s, d, m) {
		if due := d.due(step); !now.After(due) && !due.After(horizon) {
			out = append(out, step)
		}
	}
	return out
}

// DueNotices are the notices the background job raises for a report at
// now: each step due soon and each step overdue, to whoever handles the
// report. A notice is per deadline: the same deadline is announced once,
// a new one (after a new dispatch) again.
func DueNotices(r *Report, d Deadlines, now time.Time, cal WorkingCalendar) []Notice {
	var out []Notice
	for _, step := range DueSoon(r.Status, d, r.Milestones, now, cal) {
		out = append(out, handlers(r, Notice{Kind: NoticeDueSoon, Step: step, Occasion: occasion(d.due(step))}))
	}
	for _, step := range Overdue(r.Status, d, r.Milestones, now) {
		out = append(out, handlers(r, Notice{Kind: NoticeOverdue, Step: step, Occasion: occasion(d.due(step))}))
	}
	return out
}

// NoticeMessage is the catalog key and arguments of a notice's text, for
// the notification list and the staff e-mail: the report's number and, for
// an escalation, the region it reached (detail). It never names the
// reporter, and never carries the tracking code (the reporter's key).
func NoticeMessage(kind NoticeKind, step StepName, number, detail string) (string, []any) {
	key := "notif.msg." + string(kind)
	if step != "" {
		key += "." + string(step)
	}
	if kind == NoticeEscalated {
		return key, []any{number, detail}
	}
	return key, []any{number}
}
