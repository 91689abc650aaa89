package instrument

import (
	"math/big"
	"testing"

	"mutu/internal/errs"
)

func TestProjectGaps(t *testing.T) {
	v := ombudsman(t, "ombudsman-2023")
	top := func(changes map[string]int, missing ...string) *SelfAssessment {
		a := &SelfAssessment{UnitCode: "PKM-31.72.01", Version: v.Label, Items: map[string]Item{}}
		for _, c := range v.ScoredIndicators() {
			a.Items[c] = Item{Score: 5, Origin: OriginEntered}
		}
		for c, s := range changes {
			a.Items[c] = Item{Score: s, Origin: OriginMutu}
		}
		for _, c := range missing {
			delete(a.Items, c)
		}
		return a
	}
	type gap struct {
		code     string
		worth    string // exact
		rounded  int64
		score    int
		assessed bool
		assumed  bool
	}
	cases := []struct {
		name string
		a    *SelfAssessment
		gaps []gap
	}{
		{"nothing to fix", top(nil), nil},
		{
			"ordered by worth, ties in the instrument's order, a missing item at 0",
			top(map[string]int{"IN-01": 3, "IN-02": 4, "PR-01": 0, "PR-02": 0}, "PG-01"),
			[]gap{
				// 100 points × 20 % (assumed) × 21,54 %
				{"PG-01", "4.308", 431, 0, false, true},
				// 100 points × 100/11 % (assumed) × 32,37 %
				{"PR-01", "3237/1100", 294, 0, true, true},
				{"PR-02", "3237/1100", 294, 0, true, true},
				// 40 points × 12,22 % (sourced) × 21,85 %
				{"IN-01", "1.068028", 107, 3, true, false},
				// 20 points × 6,27 % (assumed) × 21,85 %
				{"IN-02", "0.273999", 27, 4, true, true},
			},
		},
	}
	for _, c := range cases {
		r, gaps, err := v.Project(c.a)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		// The projection is the sum's complement: every gap is linear here.
		sum := new(big.Rat)
		for _, g := range gaps {
			sum.Add(sum, g.Worth)
		}
		if want := new(big.Rat).Sub(big.NewRat(100, 1), sum); r.Exact.Cmp(want) != 0 {
			t.Errorf("%s: projected %s, want %s", c.name, r.Exact.FloatString(6), want.FloatString(6))
		}
		if len(gaps) != len(c.gaps) {
			t.Fatalf("%s: %d gaps: %+v", c.name, len(gaps), gaps)
		}
		for i, w := range c.gaps {
			g := gaps[i]
			if g.Indicator != w.code || g.Worth.Cmp(rat(w.worth)) != 0 || g.WorthRounded != w.rounded || g.Score != w.score ||
				g.Assessed != w.assessed || g.Assumed != w.assumed {
				t.Errorf("%s: gap %d: %s %s %d score %d assessed %v assumed %v; want %+v", c.name, i, g.Indicator,
					g.Worth.FloatString(6), g.WorthRounded, g.Score, g.Assessed, g.Assumed, w)
			}
		}
	}
	// Closing a gap raises the projection by exactly its worth.
	a := top(map[string]int{"IN-01": 3, "PR-01": 0})
	before, gaps, _ := v.Project(a)
	a.Items[gaps[0].Indicator] = Item{Score: 5, Origin: OriginEntered}
	after, rest, _ := v.Project(a)
	if gaps[0].Indicator != "PR-01" || new(big.Rat).Sub(after.Exact, before.Exact).Cmp(gaps[0].Worth) != 0 || len(rest) != 1 {
		t.Errorf("closing %s: %s → %s, %d gaps left", gaps[0].Indicator, before.Exact.FloatString(4), after.Exact.FloatString(4), len(rest))
	}
	// A score the version does not take is refused as scoring refuses it.
	if _, _, err := v.Project(top(map[string]int{"IN-01": 6, "XX-01": 1})); !errs.Is(err, errs.Invalid) {
		t.Errorf("bad items: %v", err)
	}
}

// The engine projects PEKPPP alike: its unscored item is never a gap and
// a weight-0 aspect is worth nothing.
func TestProjectPEKPPP(t *testing.T) {
	v := pekppp(t)
	a := &SelfAssessment{Version: v.Label, Items: map[string]Item{}}
	for _, c := range v.ScoredIndicators() {
		a.Items[c] = Item{Score: 5}
	}
	a.Items["1.a.Ak"] = Item{Score: 4}
	r, gaps, err := v.Project(a)
	// 1 point × 17 % × 24 % = 0,0408 on the 0–5 index.
	if err != nil || len(gaps) != 1 || gaps[0].Worth.Cmp(rat("0.0408")) != 0 || gaps[0].WorthRounded != 4 || r.Exact.Cmp(rat("4.9592")) != 0 {
		t.Errorf("%+v %v %v", gaps, r, err)
	}
}
