package complaint_test

import (
	"testing"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
)

// TestNextDue reads deadlines across a weekend and a holiday: received on
// Thursday 19 Nov 2026 with Monday 23 Nov a holiday, three working days
// end on Wednesday 25 Nov (Fri 20, Tue 24, Wed 25).
func TestNextDue(t *testing.T) {
	cal, err := calendar.New([]calendar.Day{{Date: "2026-11-23", Name: "Libur uji", Kind: calendar.NationalHoliday}})
	if err != nil {
		t.Fatal(err)
	}
	at := func(d string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", d, clock.Jakarta)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	sla := complaint.SLA{VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 60}
	m := complaint.Milestones{ReceivedAt: at("2026-11-19 10:00")}
	d := complaint.ComputeDeadlines(sla, cal, m)
	for _, tc := range []struct {
		now        string
		left, late int
		overdue    bool
	}{
		{"2026-11-19 11:00", 3, 0, false},
		{"2026-11-21 09:00", 2, 0, false}, // Saturday: Tue and Wed remain (Mon is a holiday)
		{"2026-11-24 09:00", 1, 0, false},
		{"2026-11-25 23:59", 0, 0, false}, // the last day
		{"2026-11-26 00:00", 0, 1, true},
		{"2026-11-30 08:00", 0, 3, true}, // Thu, Fri, Mon
	} {
		due, ok := complaint.NextDue(cal, complaint.Received, d, m, at(tc.now))
		if !ok || due.Step != complaint.StepVerify {
			t.Fatalf("%s: %+v %v", tc.now, due, ok)
		}
		if got := due.Day.In(clock.Jakarta).Format("2006-01-02"); got != "2026-11-25" {
			t.Errorf("%s: last day %s, want 2026-11-25", tc.now, got)
		}
		if due.Left != tc.left || due.Late != tc.late || due.Overdue != tc.overdue {
			t.Errorf("%s: got left %d late %d overdue %v, want %d %d %v", tc.now, due.Left, due.Late, due.Overdue, tc.left, tc.late, tc.overdue)
		}
	}
	if _, ok := complaint.NextDue(cal, complaint.Resolved, d, m, at("2026-11-20 10:00")); ok {
		t.Error("a resolved report has nothing due")
	}
}
