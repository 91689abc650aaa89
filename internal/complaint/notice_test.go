package complaint_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
)

func wib(month time.Month, day, hour, min int) time.Time {
	return time.Date(2026, month, day, hour, min, 0, 0, clock.Jakarta)
}

// endOf is the deadline at the end of a WIB date: 00:00 of the next day.
func endOf(month time.Month, day int) time.Time { return wib(month, day, 0, 0).AddDate(0, 0, 1) }

func TestDueSoon(t *testing.T) {
	weekends, err := calendar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Monday 30 Nov 2026 made a holiday for the test.
	holiday, err := calendar.New([]calendar.Day{{Date: "2026-11-30", Name: "Libur uji", Kind: calendar.NationalHoliday}})
	if err != nil {
		t.Fatal(err)
	}
	answered := complaint.Milestones{FirstResponseAt: wib(11, 20, 9, 0)}
	for _, tc := range []struct {
		name   string
		status complaint.Status
		d      complaint.Deadlines
		m      complaint.Milestones
		now    time.Time
		cal    complaint.WorkingCalendar
		want   []complaint.StepName
	}{
		{"due end of tomorrow", complaint.Received, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 24, 10, 0), weekends, []complaint.StepName{complaint.StepVerify}},
		{"due end of today", complaint.Received, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 25, 23, 59), weekends, []complaint.StepName{complaint.StepVerify}},
		{"due in two working days", complaint.Received, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 23, 10, 0), weekends, nil},
		{"already late: overdue, not due soon", complaint.Received, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 26, 0, 1), weekends, nil},
		{"on hold counts for verification", complaint.OnHold, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 24, 10, 0), weekends, []complaint.StepName{complaint.StepVerify}},
		{"verified: verification done", complaint.Verified, complaint.Deadlines{Verify: endOf(11, 25)}, complaint.Milestones{}, wib(11, 24, 10, 0), weekends, nil},
		{"Friday, due end of Monday: over the weekend", complaint.Dispatched, complaint.Deadlines{FirstResponse: endOf(11, 30)}, complaint.Milestones{}, wib(11, 27, 10, 0), weekends, []complaint.StepName{complaint.StepFirstResponse}},
		{"Saturday, due end of Monday", complaint.InProgress, complaint.Deadlines{FirstResponse: endOf(11, 30)}, complaint.Milestones{}, wib(11, 28, 10, 0), weekends, []complaint.StepName{complaint.StepFirstResponse}},
		{"Thursday, due end of Monday", complaint.Dispatched, complaint.Deadlines{FirstResponse: endOf(11, 30)}, complaint.Milestones{}, wib(11, 26, 10, 0), weekends, nil},
		{"Friday, due end of Tuesday, no holiday", complaint.Dispatched, complaint.Deadlines{FirstResponse: endOf(12, 1)}, complaint.Milestones{}, wib(11, 27, 10, 0), weekends, nil},
		{"Friday, due end of Tuesday, Monday a holiday", complaint.Dispatched, complaint.Deadlines{FirstResponse: endOf(12, 1)}, complaint.Milestones{}, wib(11, 27, 10, 0), holiday, []complaint.StepName{complaint.StepFirstResponse}},
		{"first response given", complaint.InProgress, complaint.Deadlines{FirstResponse: endOf(11, 25)}, answered, wib(11, 25, 10, 0), weekends, nil},
		{"resolution while open", complaint.InProgress, complaint.Deadlines{Resolution: endOf(11, 25)}, answered, wib(11, 25, 10, 0), weekends, []complaint.StepName{complaint.StepResolution}},
		{"resolution waits on the reporter once answered", complaint.Responded, complaint.Deadlines{Resolution: endOf(11, 25)}, answered, wib(11, 25, 10, 0), weekends, nil},
		{"closed", complaint.Closed, complaint.Deadlines{Resolution: endOf(11, 25)}, answered, wib(11, 25, 10, 0), weekends, nil},
		{"two steps at once", complaint.Dispatched, complaint.Deadlines{FirstResponse: endOf(11, 25), Resolution: endOf(11, 26)}, complaint.Milestones{}, wib(11, 25, 10, 0), weekends,
			[]complaint.StepName{complaint.StepFirstResponse, complaint.StepResolution}},
		{"not yet started", complaint.Dispatched, complaint.Deadlines{}, complaint.Milestones{}, wib(11, 25, 10, 0), weekends, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := complaint.DueSoon(tc.status, tc.d, tc.m, tc.now, tc.cal); !slices.Equal(got, tc.want) {
				t.Errorf("DueSoon = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEscalationRegion(t *testing.T) {
	for _, tc := range []struct {
		region string
		level  int
		want   string
	}{
		{"31.72.01.1001", 1, "31.72.01"},
		{"31.72.01.1001", 2, "31.72"},
		{"31.72.01", 1, "31.72"},
		{"31.72", 1, "31"},
		{"31.72", 2, "31"}, // never above the province
		{"31", 1, "31"},
		{"31.72", 0, "31.72"},
	} {
		if got := complaint.EscalationRegion(tc.region, tc.level); got != tc.want {
			t.Errorf("EscalationRegion(%q, %d) = %q, want %q", tc.region, tc.level, got, tc.want)
		}
	}
}

func TestNoticesFor(t *testing.T) {
	at := wib(11, 24, 10, 0)
	atKey := "2026-11-24T03:00:00Z"
	desk := complaint.Report{UnitID: "desk", RegionCode: "31.72", Status: complaint.Verified}
	assigned := desk
	assigned.AssignedUnitID, assigned.Status = "pkm", complaint.InProgress
	escalated := assigned
	escalated.Escalations = 1
	for _, tc := range []struct {
		name          string
		before, after complaint.Report
		action        complaint.Action
		want          []complaint.Notice
	}{
		{"dispatch tells the target unit", desk, assigned, complaint.Dispatch,
			[]complaint.Notice{{Kind: complaint.NoticeDispatched, To: complaint.ToUnit, Unit: "pkm", Occasion: atKey}}},
		{"not ours tells the verifiers", assigned, desk, complaint.NotOurs,
			[]complaint.Notice{{Kind: complaint.NoticeReturned, To: complaint.ToVerifiers, Region: "31.72", Occasion: atKey}}},
		{"added information goes to the handling unit", assigned, assigned, complaint.AddInfo,
			[]complaint.Notice{{Kind: complaint.NoticeInfoAdded, To: complaint.ToUnit, Unit: "pkm", Occasion: atKey}}},
		{"added information before dispatch goes to the verifiers", desk, desk, complaint.AddInfo,
			[]complaint.Notice{{Kind: complaint.NoticeInfoAdded, To: complaint.ToVerifiers, Region: "31.72", Occasion: atKey}}},
		{"a rejection reopens it for the unit", assigned, assigned, complaint.Reject,
			[]complaint.Notice{{Kind: complaint.NoticeReopened, To: complaint.ToUnit, Unit: "pkm", Occasion: atKey}}},
		{"escalation tells the staff of the region reached", assigned, escalated, complaint.Escalate,
			[]complaint.Notice{{Kind: complaint.NoticeEscalated, To: complaint.ToRegion, Region: "31", Occasion: "1"}}},
		{"a response tells no staff", assigned, assigned, complaint.Respond, nil},
		{"a verification tells no staff", desk, desk, complaint.Verify, nil},
		{"an internal note tells no staff", assigned, assigned, complaint.Note, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := complaint.NoticesFor(&tc.before, &tc.after, &complaint.Change{Action: tc.action, At: at})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("NoticesFor = %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDueNotices(t *testing.T) {
	cal, _ := calendar.New(nil)
	now := wib(11, 25, 10, 0)
	d := complaint.Deadlines{Verify: endOf(11, 20), FirstResponse: endOf(11, 24), Resolution: endOf(11, 26)}
	// With the verifiers: verification late.
	r := complaint.Report{UnitID: "desk", RegionCode: "31.72.01", Status: complaint.Received}
	got := complaint.DueNotices(&r, complaint.Deadlines{Verify: d.Verify}, now, cal)
	want := []complaint.Notice{{Kind: complaint.NoticeOverdue, Step: complaint.StepVerify, To: complaint.ToVerifiers, Region: "31.72.01", Occasion: "2026-11-20T17:00:00Z"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unassigned: %+v\nwant %+v", got, want)
	}
	// With a unit: the first response late, resolution due tomorrow.
	r.Status, r.AssignedUnitID = complaint.InProgress, "pkm"
	got = complaint.DueNotices(&r, d, now, cal)
	want = []complaint.Notice{
		{Kind: complaint.NoticeDueSoon, Step: complaint.StepResolution, To: complaint.ToUnit, Unit: "pkm", Occasion: "2026-11-26T17:00:00Z"},
		{Kind: complaint.NoticeOverdue, Step: complaint.StepFirstResponse, To: complaint.ToUnit, Unit: "pkm", Occasion: "2026-11-24T17:00:00Z"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assigned: %+v\nwant %+v", got, want)
	}
	if got := complaint.DueNotices(&complaint.Report{Status: complaint.Resolved}, d, now, cal); len(got) != 0 {
		t.Errorf("resolved: %+v", got)
	}
}

func TestNoticeMessage(t *testing.T) {
	for _, tc := range []struct {
		kind   complaint.NoticeKind
		step   complaint.StepName
		detail string
		key    string
		args   []any
	}{
		{complaint.NoticeDispatched, "", "", "notif.msg.disposisi", []any{"ADU-31.72-2026-00001"}},
		{complaint.NoticeOverdue, complaint.StepVerify, "", "notif.msg.terlambat.verifikasi", []any{"ADU-31.72-2026-00001"}},
		{complaint.NoticeDueSoon, complaint.StepResolution, "", "notif.msg.segera_jatuh_tempo.penyelesaian", []any{"ADU-31.72-2026-00001"}},
		{complaint.NoticeEscalated, "", "31.72", "notif.msg.eskalasi", []any{"ADU-31.72-2026-00001", "31.72"}},
	} {
		key, args := complaint.NoticeMessage(tc.kind, tc.step, "ADU-31.72-2026-00001", tc.detail)
		if key != tc.key || !reflect.DeepEqual(args, tc.args) {
			t.Errorf("%s/%s: %s %v, want %s %v", tc.kind, tc.step, key, args, tc.key, tc.args)
		}
	}
}
