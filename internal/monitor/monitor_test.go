package monitor_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/monitor"
)

// utc is an instant in UTC; WIB is UTC+7, so a WIB day starts at 17:00 UTC
// the evening before.
func utc(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, time.UTC)
}

func date(s string) time.Time {
	d, ok := monitor.ParseDate(s)
	if !ok {
		panic(s)
	}
	return d
}

func TestWindows(t *testing.T) {
	tests := []struct {
		months int
		year   int
		want   []string // first–last day of each window
	}{
		{2, 2026, []string{"2026-01-01–2026-02-28", "2026-03-01–2026-04-30", "2026-05-01–2026-06-30", "2026-07-01–2026-08-31",
			"2026-09-01–2026-10-31", "2026-11-01–2026-12-31"}},
		{2, 2028, []string{"2028-01-01–2028-02-29", "2028-03-01–2028-04-30", "2028-05-01–2028-06-30", "2028-07-01–2028-08-31",
			"2028-09-01–2028-10-31", "2028-11-01–2028-12-31"}}, // leap year
		{3, 2026, []string{"2026-01-01–2026-03-31", "2026-04-01–2026-06-30", "2026-07-01–2026-09-30", "2026-10-01–2026-12-31"}},
		{12, 2026, []string{"2026-01-01–2026-12-31"}},
		{5, 2026, []string{"2026-01-01–2026-02-28", "2026-03-01–2026-04-30", "2026-05-01–2026-06-30", "2026-07-01–2026-08-31",
			"2026-09-01–2026-10-31", "2026-11-01–2026-12-31"}}, // not a divisor of 12: the default
	}
	for _, tt := range tests {
		var got []string
		for _, w := range monitor.Windows(monitor.Cadence{Months: tt.months}, tt.year) {
			got = append(got, w.Key()+"–"+w.End.Format(time.DateOnly))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Windows(%d, %d) = %v, want %v", tt.months, tt.year, got, tt.want)
		}
	}
	if n := len(monitor.Windows(monitor.Cadence{Months: 1}, 2026)); n != 12 {
		t.Errorf("monthly: %d windows", n)
	}
}

func TestWindowAtJakartaMidnight(t *testing.T) {
	c := monitor.Default
	tests := []struct {
		at   time.Time
		want string
	}{
		{utc(2026, 2, 28, 16, 59, 59), "2026-01-01"}, // 23.59.59 WIB on the last day
		{utc(2026, 2, 28, 17, 0, 0), "2026-03-01"},   // 00.00 WIB on the first day of the next
		{utc(2026, 12, 31, 16, 59, 59), "2026-11-01"},
		{utc(2026, 12, 31, 17, 0, 0), "2027-01-01"}, // year end: already 2027 in Jakarta
		{utc(2025, 12, 31, 17, 0, 0), "2026-01-01"},
		{utc(2026, 1, 1, 0, 0, 0), "2026-01-01"},
	}
	for _, tt := range tests {
		if got := monitor.WindowAt(c, tt.at).Key(); got != tt.want {
			t.Errorf("WindowAt(%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
	if _, ok := monitor.WindowByKey(c, "2026-03-01"); !ok {
		t.Error("2026-03-01 is a window")
	}
	for _, k := range []string{"2026-02-01", "2026-13-01", "", "x"} {
		if _, ok := monitor.WindowByKey(c, k); ok {
			t.Errorf("WindowByKey(%q) ok", k)
		}
	}
}

func TestStatusOf(t *testing.T) {
	w := monitor.WindowAt(monitor.Default, date("2026-03-15")) // 1 Mar – 30 Apr 2026
	planned := &monitor.Visit{PlannedOn: date("2026-04-20")}
	done := &monitor.Visit{PlannedOn: date("2026-04-20"), DoneOn: date("2026-04-21")}
	tests := []struct {
		name string
		v    *monitor.Visit
		now  time.Time
		want monitor.Status
	}{
		{"before the window opens", nil, utc(2026, 2, 28, 16, 59, 59), monitor.Upcoming},
		{"planned ahead of the window", planned, utc(2026, 2, 28, 16, 59, 59), monitor.Planned},
		{"first day, nothing planned", nil, utc(2026, 2, 28, 17, 0, 0), monitor.Due},
		{"first day, planned", planned, utc(2026, 2, 28, 17, 0, 0), monitor.Planned},
		{"last day 23.59 WIB, planned", planned, utc(2026, 4, 30, 16, 59, 59), monitor.Planned},
		{"last day 23.59 WIB, nothing planned", nil, utc(2026, 4, 30, 16, 59, 59), monitor.Due},
		{"closed at WIB midnight, planned but not done", planned, utc(2026, 4, 30, 17, 0, 0), monitor.Overdue},
		{"closed, nothing planned", nil, utc(2026, 12, 31, 17, 0, 0), monitor.Overdue},
		{"done stays done after the window", done, utc(2027, 1, 1, 0, 0, 0), monitor.Done},
		{"done", done, utc(2026, 4, 22, 3, 0, 0), monitor.Done},
	}
	for _, tt := range tests {
		if got := monitor.StatusOf(w, tt.v, tt.now); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestReminderDue(t *testing.T) {
	c := monitor.Cadence{Months: 2, ReminderDays: 7}
	w := monitor.WindowAt(c, date("2026-11-10")) // 1 Nov – 31 Dec 2026
	tests := []struct {
		at   time.Time
		want bool
	}{
		{utc(2026, 12, 23, 16, 59, 59), false}, // 23 Dec WIB: eight days before
		{utc(2026, 12, 23, 17, 0, 0), true},    // 24 Dec WIB: seven days before the last day
		{utc(2026, 12, 31, 16, 59, 59), true},  // the last day
		{utc(2026, 12, 31, 17, 0, 0), false},   // closed: 1 Jan 2027 WIB
	}
	for _, tt := range tests {
		if got := c.ReminderDue(w, tt.at); got != tt.want {
			t.Errorf("ReminderDue at %s = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func fieldsOf(err error) []string {
	e, ok := errs.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name+":"+f.Key)
	}
	return out
}

func TestCheckPlanAndDone(t *testing.T) {
	w := monitor.WindowAt(monitor.Default, date("2026-03-15"))
	now := utc(2026, 3, 9, 20, 0, 0) // 10 Mar WIB
	plans := []struct {
		on   string
		want []string
	}{
		{"2026-03-10", nil},
		{"2026-04-30", nil},
		{"2026-05-01", []string{"planned_on:monitor.err.outside_window"}},
		{"2026-03-09", []string{"planned_on:monitor.err.plan_past"}},
		{"", []string{"planned_on:err.required"}},
		{"10/03/2026", []string{"planned_on:monitor.err.date"}},
	}
	for _, tt := range plans {
		_, err := monitor.CheckPlan(w, tt.on, now)
		if got := fieldsOf(err); !slices.Equal(got, tt.want) {
			t.Errorf("CheckPlan(%q) = %v, want %v", tt.on, got, tt.want)
		}
	}
	dones := []struct {
		on   string
		want []string
	}{
		{"2026-03-10", nil},
		{"2026-03-01", nil},
		{"2026-03-11", []string{"done_on:monitor.err.done_future"}},
		{"2026-02-28", []string{"done_on:monitor.err.outside_window"}},
		{"", []string{"done_on:err.required"}},
		{"10/03/2026", []string{"done_on:monitor.err.date"}},
	}
	for _, tt := range dones {
		_, err := monitor.CheckDone(w, tt.on, now)
		if got := fieldsOf(err); !slices.Equal(got, tt.want) {
			t.Errorf("CheckDone(%q) = %v, want %v", tt.on, got, tt.want)
		}
	}
}

func TestCadenceInput(t *testing.T) {
	tests := []struct {
		in   monitor.CadenceInput
		want []string
	}{
		{monitor.CadenceInput{Months: "2", ReminderDays: "7"}, nil},
		{monitor.CadenceInput{Months: " 3 ", ReminderDays: "0"}, nil},
		{monitor.CadenceInput{Months: "5", ReminderDays: "7"}, []string{"months:monitor.err.months"}},
		{monitor.CadenceInput{Months: "", ReminderDays: "61"}, []string{"months:monitor.err.months", "reminder_days:monitor.err.reminder_days"}},
		{monitor.CadenceInput{Months: "2", ReminderDays: "-1"}, []string{"reminder_days:monitor.err.reminder_days"}},
	}
	for _, tt := range tests {
		_, err := tt.in.Validate("31.72")
		if got := fieldsOf(err); !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTeamInput(t *testing.T) {
	now := utc(2026, 12, 3, 3, 0, 0)
	isUser := func(id string) bool { return id != "ghost" }
	isUnit := func(id string) bool { return id != "elsewhere" }
	valid := func() monitor.TeamInput {
		return monitor.TeamInput{Name: " Tim Pengendalian ", DecreeNumber: "E.0066/2022", DecreeDate: "2022-03-14",
			Members: []monitor.Member{{UserID: "u1", Role: monitor.Ketua}, {UserID: "u2", Role: monitor.Sekretaris}, {UserID: "u3", Role: monitor.Anggota}},
			Regions: []string{"31.72.01", "31.72.01"}, UnitIDs: []string{"x"}}
	}
	tests := []struct {
		name string
		edit func(*monitor.TeamInput)
		want []string
	}{
		{"valid", func(*monitor.TeamInput) {}, nil},
		{"no name", func(in *monitor.TeamInput) { in.Name = " " }, []string{"name:err.required"}},
		{"no decree", func(in *monitor.TeamInput) { in.DecreeNumber = ""; in.DecreeDate = "" },
			[]string{"decree_number:err.required", "decree_date:err.required"}},
		{"decree tomorrow (WIB)", func(in *monitor.TeamInput) { in.DecreeDate = "2026-12-04" }, []string{"decree_date:monitor.err.decree_future"}},
		{"decree today", func(in *monitor.TeamInput) { in.DecreeDate = "2026-12-03" }, nil},
		{"bad date", func(in *monitor.TeamInput) { in.DecreeDate = "14-03-2022" }, []string{"decree_date:monitor.err.date"}},
		{"no ketua", func(in *monitor.TeamInput) { in.Members[0].Role = monitor.Anggota }, []string{"members:monitor.err.one_ketua"}},
		{"two ketua", func(in *monitor.TeamInput) { in.Members[1].Role = monitor.Ketua }, []string{"members:monitor.err.one_ketua"}},
		{"two sekretaris", func(in *monitor.TeamInput) { in.Members[2].Role = monitor.Sekretaris }, []string{"members:monitor.err.one_sekretaris"}},
		{"member twice", func(in *monitor.TeamInput) { in.Members[2].UserID = "u1" }, []string{"members:monitor.err.member_twice"}},
		{"unknown user", func(in *monitor.TeamInput) { in.Members[2].UserID = "ghost" }, []string{"members:monitor.err.member_unknown"}},
		{"bad role", func(in *monitor.TeamInput) { in.Members[2].Role = "bos" }, []string{"members:monitor.err.role"}},
		{"region outside", func(in *monitor.TeamInput) { in.Regions = []string{"31.71"} }, []string{"regions:monitor.err.region"}},
		{"unit outside", func(in *monitor.TeamInput) { in.UnitIDs = []string{"elsewhere"} }, []string{"units:monitor.err.unit"}},
		{"no scope", func(in *monitor.TeamInput) { in.Regions, in.UnitIDs = nil, nil }, []string{"regions:monitor.err.scope"}},
		{"unit only", func(in *monitor.TeamInput) { in.Regions = nil }, nil},
	}
	for _, tt := range tests {
		in := valid()
		tt.edit(&in)
		team, err := in.Validate("31.72", now, isUser, isUnit)
		if got := fieldsOf(err); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		if tt.name == "valid" {
			if team.Name != "Tim Pengendalian" || len(team.Regions) != 1 || len(team.Members) != 3 {
				t.Errorf("team %+v", team)
			}
			if !team.Covers("y", "31.72.01.1001") || !team.Covers("x", "31.72.02") || team.Covers("y", "31.72.02") {
				t.Error("Covers")
			}
		}
	}
}

func TestCoverageOf(t *testing.T) {
	units := []monitor.Scoped{
		{UnitID: "a", RegionCode: "31.72", TypeCode: "ptsp"},
		{UnitID: "b", RegionCode: "31.72.01", TypeCode: "kantor_kecamatan"},
		{UnitID: "c", RegionCode: "31.72.01.1001", TypeCode: "kantor_kelurahan"},
		{UnitID: "d", RegionCode: "31.72.02.1001", TypeCode: "kantor_kelurahan"},
	}
	visited := map[string]bool{"a": true, "c": true}
	show := func(cs []monitor.Coverage) string { return fmt.Sprint(cs) }
	if got := show(monitor.CoverageOf(units, visited, nil)); got != "[{ 4 2}]" {
		t.Errorf("city: %s", got)
	}
	if got := show(monitor.CoverageOf(units, visited, func(u monitor.Scoped) string { return monitor.Kecamatan(u.RegionCode) })); got != "[{ 1 1} {31.72.01 2 1} {31.72.02 1 0}]" {
		t.Errorf("kecamatan: %s", got)
	}
	if got := show(monitor.CoverageOf(units, visited, func(u monitor.Scoped) string { return u.TypeCode })); got != "[{kantor_kecamatan 1 0} {kantor_kelurahan 2 1} {ptsp 1 1}]" {
		t.Errorf("type: %s", got)
	}
	if p := (monitor.Coverage{Due: 4, Visited: 1}).Percent(); p != 25 {
		t.Errorf("percent %v", p)
	}
	if p := (monitor.Coverage{}).Percent(); p != 0 {
		t.Errorf("percent of nothing %v", p)
	}
}
