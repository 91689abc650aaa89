package innovation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/innovation"
	"mutu/internal/skm"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, clock.Jakarta)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPeriodsOf(t *testing.T) {
	for _, c := range []struct {
		name, launch, today string
		before, after       skm.Range
		months              int
		skipped             string
	}{
		{"launch on the 1st: the launch month is after", "2024-03-01", "2026-12-03",
			skm.Range{From: "2023-03-01", To: "2024-02-29"}, skm.Range{From: "2024-03-01", To: "2025-02-28"}, 12, ""},
		{"launch on the last day: the month counts on neither side", "2024-03-31", "2026-12-03",
			skm.Range{From: "2023-03-01", To: "2024-02-29"}, skm.Range{From: "2024-04-01", To: "2025-03-31"}, 12, "2024-03"},
		{"partial: since launch, to the last whole month", "2026-08-15", "2026-12-03",
			skm.Range{From: "2025-08-01", To: "2026-07-31"}, skm.Range{From: "2026-09-01", To: "2026-11-30"}, 3, "2026-08"},
		{"launched this month: nothing after yet", "2026-12-01", "2026-12-03",
			skm.Range{From: "2025-12-01", To: "2026-11-30"}, skm.Range{}, 0, ""},
		{"launched last month mid-month: nothing after yet", "2026-11-20", "2026-12-31",
			skm.Range{From: "2025-11-01", To: "2026-10-31"}, skm.Range{}, 0, "2026-11"},
		{"launched on the 1st of last month: one month after", "2026-11-01", "2026-12-01",
			skm.Range{From: "2025-11-01", To: "2026-10-31"}, skm.Range{From: "2026-11-01", To: "2026-11-30"}, 1, ""},
		{"across a year end", "2025-01-10", "2026-12-03",
			skm.Range{From: "2024-01-01", To: "2024-12-31"}, skm.Range{From: "2025-02-01", To: "2026-01-31"}, 12, "2025-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := innovation.PeriodsOf(day(c.launch), day(c.today).Add(10*time.Hour))
			if p.Before != c.before || p.After != c.after || p.AfterMonths != c.months || p.Skipped != c.skipped {
				t.Errorf("PeriodsOf(%s, %s) = %+v; want before %v after %v (%d months) skipped %q", c.launch, c.today, p, c.before, c.after, c.months, c.skipped)
			}
		})
	}
}

func TestFigures(t *testing.T) {
	ms := []innovation.MonthCount{{"2023-02", 9, 9, 9}, {"2023-03", 2, 1, 2}, {"2024-02", 4, 3, 3}, {"2024-03", 7, 7, 7}}
	f := innovation.Figures{Range: skm.Range{From: "2023-03-01", To: "2024-02-29"}, Months: 12, Required: innovation.RequiredSample(0)}
	f.AddComplaints(ms)
	if f.Received != 6 || f.Completed != 4 || f.Counted != 5 || f.PerMonth() != 0.5 || f.CompletedShare() != 80 {
		t.Errorf("figures %+v: per month %v, completed %v%%", f, f.PerMonth(), f.CompletedShare())
	}
	// no data before: an empty side, no IKM, not flagged (nothing to flag), 0 per month
	var empty innovation.Figures
	empty.AddComplaints(ms)
	if empty.Received != 0 || empty.HasIKM() || empty.Small() || empty.PerMonth() != 0 || empty.CompletedShare() != 0 {
		t.Errorf("empty side %+v", empty)
	}
	// the sample rule: 384 when N is unknown, Krejcie–Morgan of N otherwise
	if innovation.RequiredSample(0) != 384 || innovation.RequiredSample(100) != 80 {
		t.Errorf("required sample: %d, %d", innovation.RequiredSample(0), innovation.RequiredSample(100))
	}
	for _, c := range []struct {
		respondents, required int64
		small                 bool
	}{{383, 384, true}, {384, 384, false}, {79, 80, true}, {80, 80, false}} {
		f := innovation.Figures{IKM: skm.Result{Respondents: c.respondents, Complete: true}, Required: c.required}
		if f.Small() != c.small {
			t.Errorf("%d of %d respondents: small %v", c.respondents, c.required, f.Small())
		}
	}
}

func TestValidate(t *testing.T) {
	now := day("2026-12-03").Add(9 * time.Hour)
	services := []string{"s1", "s2"}
	good := innovation.Input{Name: " Konsultasi Pinter ", Acronym: "KOPILATE", Problem: "Antrean panjang", Description: "Konsultasi daring",
		LaunchedOn: "2024-03-01", Status: "berjalan", Services: []string{"s2", "s1", "s2", ""}}
	in, err := good.Validate(now, services)
	if err != nil {
		t.Fatal(err)
	}
	if in.Name != "Konsultasi Pinter" || !in.LaunchedOn.Equal(day("2024-03-01")) || strings.Join(in.ServiceIDs, ",") != "s1,s2" || in.Status != innovation.Running {
		t.Errorf("validated %+v", in)
	}
	if in.Title() != "KOPILATE — Konsultasi Pinter" {
		t.Errorf("title %q", in.Title())
	}
	for _, c := range []struct {
		name   string
		change func(*innovation.Input)
		field  string
		key    string
	}{
		{"no name", func(i *innovation.Input) { i.Name = "  " }, "name", "err.required"},
		{"long acronym", func(i *innovation.Input) { i.Acronym = strings.Repeat("A", 41) }, "acronym", "err.too_long"},
		{"no problem", func(i *innovation.Input) { i.Problem = "" }, "problem", "err.required"},
		{"no description", func(i *innovation.Input) { i.Description = "" }, "description", "err.required"},
		{"long description", func(i *innovation.Input) { i.Description = strings.Repeat("x", 4001) }, "description", "err.too_long"},
		{"unknown status", func(i *innovation.Input) { i.Status = "selesai" }, "status", "innovation.err.status"},
		{"no date", func(i *innovation.Input) { i.LaunchedOn = "" }, "launched_on", "err.required"},
		{"bad date", func(i *innovation.Input) { i.LaunchedOn = "31/02/2024" }, "launched_on", "innovation.err.date"},
		{"running from tomorrow", func(i *innovation.Input) { i.LaunchedOn = "2026-12-04" }, "launched_on", "innovation.err.launch_future"},
		{"no service", func(i *innovation.Input) { i.Services = nil }, "services", "innovation.err.no_service"},
		{"another unit's service", func(i *innovation.Input) { i.Services = []string{"s1", "x9"} }, "services", "innovation.err.service"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good
			c.change(&in)
			_, err := in.Validate(now, services)
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Name != c.field || e.Fields[0].Key != c.key {
				t.Fatalf("err %#v; want %s: %s", err, c.field, c.key)
			}
		})
	}
	// a planned innovation may launch later
	planned := good
	planned.Status, planned.LaunchedOn = "rencana", "2027-06-01"
	if _, err := planned.Validate(now, services); err != nil {
		t.Errorf("planned: %v", err)
	}
	if innovation.Planned.Public() || !innovation.Trial.Public() || innovation.Status("x").Public() {
		t.Error("public statuses")
	}
}
