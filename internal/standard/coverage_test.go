package standard_test

import (
	"testing"
	"time"

	"mutu/internal/standard"
)

func TestCoverage(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { t, _ := standard.ParseDate(s); return t }
	pub := func(n int, eff string) standard.Version {
		return standard.Version{Number: n, Status: standard.Published, EffectiveFrom: day(eff)}
	}
	cycle := standard.DefaultReviewCycle
	for _, c := range []struct {
		name string
		vs   []standard.Version
		want standard.Coverage
	}{
		{"none", nil, standard.Coverage{1, 0, 0}},
		{"a draft only", []standard.Version{{Number: 1, Status: standard.Draft}}, standard.Coverage{1, 0, 0}},
		{"published, not yet in force", []standard.Version{pub(1, "2027-01-02")}, standard.Coverage{1, 0, 0}},
		{"in force, recent", []standard.Version{pub(1, "2026-01-02")}, standard.Coverage{1, 1, 0}},
		{"in force, a year old", []standard.Version{pub(1, "2025-12-03")}, standard.Coverage{1, 1, 1}},
		{"old, replaced by a newer one in force", []standard.Version{pub(1, "2024-01-02"), pub(2, "2026-07-01")}, standard.Coverage{1, 1, 0}},
		{"old, its successor not yet in force", []standard.Version{pub(2, "2027-01-02"), pub(1, "2024-01-02")}, standard.Coverage{1, 1, 1}},
	} {
		if got := cycle.Covers(c.vs, now); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	var sum standard.Coverage
	for _, c := range []standard.Coverage{{1, 1, 0}, {1, 1, 1}, {1, 0, 0}, {1, 0, 0}} {
		sum.Add(c)
	}
	if p, ok := sum.Percent(); !ok || p != 50 || sum.Level() != standard.CoveragePartial || sum.Due != 1 {
		t.Errorf("sum %+v: %v %v %s", sum, p, ok, sum.Level())
	}
	if _, ok := (standard.Coverage{}).Percent(); ok || (standard.Coverage{}).Level() != standard.CoverageNone || (standard.Coverage{2, 2, 0}).Level() != standard.CoverageFull {
		t.Error("levels")
	}
}
