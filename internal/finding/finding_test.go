package finding

import (
	"slices"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/monitor"
)

func TestStep(t *testing.T) {
	for _, tc := range []struct {
		from   Status
		action Action
		actor  Actor
		to     Status
		code   errs.Code
	}{
		{Open, Answer, Unit, Answered, ""},
		{Reopened, Answer, Unit, Answered, ""},
		{Answered, Verify, Team, Closed, ""},
		{Answered, Reopen, Team, Reopened, ""},
		{Open, Answer, Team, "", errs.Forbidden},     // the team does not answer for the unit
		{Answered, Verify, Unit, "", errs.Forbidden}, // nor the unit verify itself
		{Answered, Reopen, Unit, "", errs.Forbidden},
		{Open, Verify, Team, "", errs.Conflict}, // nothing to verify yet
		{Open, Reopen, Team, "", errs.Conflict},
		{Answered, Answer, Unit, "", errs.Conflict}, // answered once: wait for the team
		{Closed, Answer, Unit, "", errs.Conflict},   // closed is final
		{Closed, Reopen, Team, "", errs.Conflict},
		{Closed, Verify, Team, "", errs.Conflict},
		{Open, "hapus", Team, "", errs.Invalid},
	} {
		to, err := Step(tc.from, tc.action, tc.actor)
		if to != tc.to || errs.CodeOf(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("Step(%s, %s, %s) = %q, %v; want %q, code %q", tc.from, tc.action, tc.actor, to, err, tc.to, tc.code)
		}
	}
}

func TestAllowed(t *testing.T) {
	for _, tc := range []struct {
		s     Status
		actor Actor
		want  []Action
	}{
		{Open, Unit, []Action{Answer}},
		{Open, Team, nil},
		{Answered, Team, []Action{Verify, Reopen}},
		{Answered, Unit, nil},
		{Reopened, Unit, []Action{Answer}},
		{Closed, Team, nil},
		{Closed, Unit, nil},
	} {
		if got := Allowed(tc.s, tc.actor); !slices.Equal(got, tc.want) {
			t.Errorf("Allowed(%s, %s) = %v, want %v", tc.s, tc.actor, got, tc.want)
		}
	}
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, clock.Jakarta)
	if err != nil {
		panic(err)
	}
	return t
}

func fieldNames(err error) []string {
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

func TestNewInputValidate(t *testing.T) {
	now := at("2026-12-03 10:00")
	visits := map[string]*monitor.Visit{
		"done":    {ID: "done", DoneOn: at("2026-11-20 00:00")},
		"planned": {ID: "planned", PlannedOn: at("2026-12-20 00:00")},
	}
	isIndicator := func(c string) bool { return c == "1.a.Ak" }
	good := NewInput{VisitID: "done", Indicator: "1.a.Ak", Severity: "sedang", Description: "Standar belum dipajang",
		Recommendation: "Pajang di ruang tunggu", Responsible: "Kepala TU", DueOn: "2027-01-15"}
	f, err := good.Validate(visits, isIndicator, now)
	if err != nil || f.Status != Open || f.Severity != Sedang || !f.DueOn.Equal(at("2027-01-15 00:00")) {
		t.Fatalf("good input: %+v, %v", f, err)
	}
	today := good
	today.DueOn = "2026-12-03" // due today is allowed
	if _, err := today.Validate(visits, isIndicator, now); err != nil {
		t.Errorf("due today: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(*NewInput)
		want []string
	}{
		{"empty", func(in *NewInput) { *in = NewInput{} }, []string{"visit:err.required", "indicator:err.required", "severity:finding.err.severity",
			"description:err.required", "recommendation:err.required", "responsible:err.required", "due_on:err.required"}},
		{"unknown visit", func(in *NewInput) { in.VisitID = "x" }, []string{"visit:finding.err.visit"}},
		{"visit not done", func(in *NewInput) { in.VisitID = "planned" }, []string{"visit:finding.err.visit_not_done"}},
		{"unknown indicator", func(in *NewInput) { in.Indicator = "9.z" }, []string{"indicator:finding.err.indicator"}},
		{"severity", func(in *NewInput) { in.Severity = "fatal" }, []string{"severity:finding.err.severity"}},
		{"long responsible", func(in *NewInput) { in.Responsible = string(make([]rune, MaxName+1)) + "x" }, []string{"responsible:err.too_long"}},
		{"bad date", func(in *NewInput) { in.DueOn = "15/01/2027" }, []string{"due_on:monitor.err.date"}},
		{"past", func(in *NewInput) { in.DueOn = "2026-12-02" }, []string{"due_on:finding.err.due_past"}},
		{"too far", func(in *NewInput) { in.DueOn = "2027-12-05" }, []string{"due_on:finding.err.due_far"}},
	} {
		in := good
		tc.edit(&in)
		f, err := in.Validate(visits, isIndicator, now)
		if got := fieldNames(err); f != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: fields %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAnswerAndReopenInput(t *testing.T) {
	now := at("2026-12-03 10:00")
	if s, err := (AnswerInput{FollowUp: "  Sudah dipajang di loket  "}).Validate(); err != nil || s != "Sudah dipajang di loket" {
		t.Errorf("answer: %q, %v", s, err)
	}
	for in, want := range map[string]string{"": "follow_up:err.required", "sudah": "follow_up:finding.err.follow_up_short"} {
		if _, err := (AnswerInput{FollowUp: in}).Validate(); !slices.Equal(fieldNames(err), []string{want}) {
			t.Errorf("answer %q: %v, want %s", in, fieldNames(err), want)
		}
	}
	if _, _, err := (ReopenInput{}).Validate(now); !slices.Equal(fieldNames(err), []string{"reason:err.required", "due_on:err.required"}) {
		t.Errorf("empty reopen: %v", fieldNames(err))
	}
	if r, d, err := (ReopenInput{Reason: "Foto tidak menunjukkan papan", DueOn: "2027-01-31"}).Validate(now); err != nil || r == "" || !d.Equal(at("2027-01-31 00:00")) {
		t.Errorf("reopen: %q %v %v", r, d, err)
	}
}

func TestOverdue(t *testing.T) {
	due := at("2026-12-03 00:00")
	for _, tc := range []struct {
		status Status
		now    string
		want   bool
	}{
		{Open, "2026-12-03 23:59", false}, // the whole due day is in time (WIB)
		{Open, "2026-12-04 00:00", true},
		{Reopened, "2026-12-04 00:00", true},
		{Answered, "2027-01-04 00:00", false}, // answered: waiting for the team, not late
		{Closed, "2027-01-04 00:00", false},
	} {
		f := Finding{Status: tc.status, DueOn: due}
		if got := f.Overdue(at(tc.now)); got != tc.want {
			t.Errorf("%s at %s: overdue %v, want %v", tc.status, tc.now, got, tc.want)
		}
	}
	// 2026-12-03 17:00 UTC is already 4 Dec in Jakarta.
	if !(&Finding{Status: Open, DueOn: due}).Overdue(time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC)) {
		t.Error("the day must be Jakarta's")
	}
}

func TestStatsOf(t *testing.T) {
	now := at("2026-12-10 10:00")
	created := at("2026-11-01 10:00")
	fs := []Finding{
		{ID: "a", Status: Open, DueOn: at("2026-12-31 00:00"), CreatedAt: created},
		{ID: "b", Status: Open, DueOn: at("2026-12-01 00:00"), CreatedAt: created}, // overdue
		{ID: "c", Status: Answered, DueOn: at("2026-12-01 00:00"), CreatedAt: created, FirstAnswerAt: at("2026-11-05 10:00")},
		{ID: "d", Status: Closed, CreatedAt: created, FirstAnswerAt: at("2026-11-11 10:00")},
		{ID: "e", Status: Reopened, DueOn: at("2026-12-31 00:00"), CreatedAt: created, FirstAnswerAt: at("2026-11-07 10:00")},
	}
	s := StatsOf(fs, now)
	want := Stats{Total: 5, Open: 2, Answered: 1, Overdue: 1, Closed: 1, Followed: 2, Days: 20.0 / 3, Timed: 3}
	if s != want {
		t.Errorf("StatsOf = %+v, want %+v", s, want)
	}
	if r := s.Rate(); r != 40 {
		t.Errorf("rate %v, want 40", r)
	}
	if r := StatsOf(nil, now).Rate(); r != 0 {
		t.Errorf("empty rate %v", r)
	}
}

func TestNextVisit(t *testing.T) {
	win := func(s string) time.Time { return at(s + " 00:00") }
	visits := []monitor.Visit{
		{ID: "may", Window: win("2026-05-01"), DoneOn: win("2026-05-10")},
		{ID: "jul", Window: win("2026-07-01"), DoneOn: win("2026-07-10")},
		{ID: "sep", Window: win("2026-09-01"), PlannedOn: win("2026-10-10")}, // planned, not done
		{ID: "nov", Window: win("2026-11-01"), DoneOn: win("2026-11-10")},
	}
	for _, tc := range []struct{ of, want string }{
		{"may", "nov"}, // the latest visit done after it
		{"jul", "nov"},
		{"nov", ""}, // no visit after the latest
		{"x", ""},   // an unknown visit
	} {
		got := NextVisit(&Finding{VisitID: tc.of}, visits)
		if id := ""; got != nil {
			id = got.ID
			if id != tc.want {
				t.Errorf("NextVisit(%s) = %s, want %q", tc.of, id, tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("NextVisit(%s) = nil, want %s", tc.of, tc.want)
		}
	}
}
