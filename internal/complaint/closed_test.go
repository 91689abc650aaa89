package complaint

import (
	"slices"
	"testing"
	"time"
)

// TestClosedAtOnlyWhenClosed: every step from every status leaves closed_at
// set exactly when the report is closed, and no step leaves a closed status
// for an open one. The retention sweep (store.EraseExpiredReporters) relies
// on both: it selects by closed_at alone, which an index answers in order.
func TestClosedAtOnlyWhenClosed(t *testing.T) {
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, tr := range Transitions {
		for _, from := range tr.From {
			for _, actor := range tr.Actors {
				r := Report{Number: "ADU-31.72-2026-00001", Status: from}
				if !from.Open() {
					r.ClosedAt = at.Add(-time.Hour) // closed before this step
				}
				c := &Change{Action: tr.Action, Actor: actor, Reason: "alasan yang cukup panjang", At: at,
					TargetUnit: "unit", MergeInto: "ADU-31.72-2026-00002", Rating: 5}
				if err := r.Apply(c); err != nil {
					continue // a step this table cannot satisfy (e.g. a rule on the reason)
				}
				closed := slices.Contains(ClosedStatuses, r.Status)
				if closed != !r.ClosedAt.IsZero() {
					t.Errorf("%s by %s from %s: status %s, closed_at %v", tr.Action, actor, from, r.Status, r.ClosedAt)
				}
				if !from.Open() && r.Status.Open() {
					t.Errorf("%s by %s reopens a %s report", tr.Action, actor, from)
				}
			}
		}
	}
}
