package kepatuhan

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/standard"
)

func latest(t *testing.T) *instrument.Version {
	t.Helper()
	v, err := (&instrument.KepatuhanInput{}).Choose(instrument.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// full is a standard stating every component the Proses indicators check.
func full() *standard.Content {
	return &standard.Content{Requirements: []string{"KTP"}, Steps: []string{"Datang"}, Time: standard.TimeLimit{Value: 1, Unit: "hari_kerja"},
		Fee: standard.Fee{Kind: "gratis"}, Product: "Surat"}
}

func pulled(ps []Pulled, code string) *Pulled {
	for i := range ps {
		if ps[i].Indicator == code {
			return &ps[i]
		}
	}
	return nil
}

func TestPullBoundaries(t *testing.T) {
	v := latest(t)
	noFee := full()
	noFee.Fee = standard.Fee{}
	type want struct {
		code   string
		scored bool
		score  int
	}
	cases := []struct {
		name  string
		f     Facts
		wants []want
	}{
		{"nothing recorded", Facts{}, []want{{"PR-01", false, 0}, {"PR-06", true, 0}, {"PG-03", false, 0}, {"PG-04", false, 0}, {"IN-11", true, 0}, {"IN-07", false, 0}}},
		{"a service without a standard in force", Facts{Services: []Service{{ID: "a"}}}, []want{{"PR-01", true, 0}, {"PR-04", true, 0}}},
		{"stated, not published", Facts{Services: []Service{{ID: "a", Standard: full()}}}, []want{{"PR-01", true, 1}}},
		{"on the board only", Facts{Services: []Service{{ID: "a", Standard: full(), Board: true}}}, []want{{"PR-03", true, 3}}},
		{"board and online: the top", Facts{Services: []Service{{ID: "a", Standard: full(), Board: true, Online: true}}}, []want{{"PR-05", true, 5}}},
		{"the weakest product decides", Facts{Services: []Service{{ID: "a", Standard: full(), Board: true, Online: true}, {ID: "b", Standard: full(), Online: true}}},
			[]want{{"PR-02", true, 3}}},
		{"a component missing from the standard", Facts{Services: []Service{{ID: "a", Standard: noFee, Board: true, Online: true}}},
			[]want{{"PR-04", true, 0}, {"PR-01", true, 5}}},
		{"maklumat recorded, unsigned", Facts{Maklumat: true}, []want{{"PR-06", true, 3}}},
		{"maklumat signed", Facts{Maklumat: true, MaklumatSigned: true}, []want{{"PR-06", true, 5}}},
		{"every complaint completed", Facts{Counted: 7, Completed: 7}, []want{{"PG-03", true, 5}}},
		{"one short of all is not the top", Facts{Counted: 100, Completed: 99}, []want{{"PG-03", true, 4}}},
		{"exactly four fifths", Facts{Counted: 5, Completed: 4}, []want{{"PG-03", true, 4}}},
		{"none on time", Facts{ResolutionDone: 3}, []want{{"PG-04", true, 0}}},
		{"a fifth on time", Facts{ResolutionDone: 5, ResolutionOnTime: 1}, []want{{"PG-04", true, 1}}},
		{"an SKM without follow-up", Facts{SKMRespondents: 1}, []want{{"IN-11", true, 3}}},
		{"an SKM with follow-up", Facts{SKMRespondents: 1, SKMActions: 1}, []want{{"IN-11", true, 5}}},
		{"findings are a figure only", Facts{OpenFindings: 2}, []want{{"IN-07", false, 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := Pull(v, c.f)
			for _, w := range c.wants {
				p := pulled(ps, w.code)
				if p == nil {
					t.Fatalf("%s not pulled", w.code)
				}
				if p.Scored != w.scored || p.Score != w.score {
					t.Errorf("%s = %d (scored %v), want %d (scored %v)", w.code, p.Score, p.Scored, w.score, w.scored)
				}
				if p.Key == "" {
					t.Errorf("%s has no figure", w.code)
				}
			}
		})
	}
}

func TestPullWeakestService(t *testing.T) {
	v := latest(t)
	f := Facts{Services: []Service{{ID: "a", Name: "KTP", Standard: full(), Board: true, Online: true}, {ID: "b", Name: "KK", Standard: full(), Board: true}}}
	p := pulled(Pull(v, f), "PR-04")
	if p.Weakest == nil || p.Weakest.ID != "b" || p.Missing {
		t.Fatalf("weakest = %+v, missing %v; want b, published on the board only", p.Weakest, p.Missing)
	}
	if p.Args[0] != 1 || p.Args[1] != 2 {
		t.Errorf("figure args = %v, want 1 of 2 services at the top", p.Args)
	}
	f.Services[1].Online = true
	if p := pulled(Pull(v, f), "PR-04"); p.Weakest != nil || p.Score != 5 {
		t.Errorf("every service at the top: weakest %+v, score %d", p.Weakest, p.Score)
	}
}

// The sources map only onto indicators the version scores; a version
// without them (the zone system) pulls nothing.
func TestSourcesAreIndicators(t *testing.T) {
	v := latest(t)
	for _, s := range Sources {
		if ind := v.Indicator(s.Indicator); ind == nil || !ind.Scored {
			t.Errorf("%s is not a scored indicator of %s", s.Indicator, v.Label)
		}
	}
	for _, old := range instrument.Builtin() {
		if old.ZoneOnly {
			if ps := Pull(old, Facts{}); len(ps) != 0 {
				t.Errorf("%s pulled %d items", old.Label, len(ps))
			}
		}
	}
}

func TestAssessmentEnteredOverrides(t *testing.T) {
	v := latest(t)
	ps := Pull(v, Facts{Counted: 2, Completed: 2, Maklumat: true})
	a := SelfAssessment("U1", "", v.Label, ps, map[string]instrument.Item{"PR-06": {Score: 5, Note: "ditandatangani"}, "IN-13": {Score: 4}})
	cases := map[string]instrument.Item{
		"PG-03": {Score: 5, Origin: instrument.OriginMutu},
		"PR-06": {Score: 5, Origin: instrument.OriginEntered, Note: "ditandatangani"},
		"IN-13": {Score: 4, Origin: instrument.OriginEntered},
	}
	for code, want := range cases {
		if got := a.Items[code]; got.Score != want.Score || got.Origin != want.Origin || got.Note != want.Note {
			t.Errorf("%s = %+v, want %+v", code, got, want)
		}
	}
	if _, ok := a.Items["PG-04"]; ok {
		t.Error("an indicator Mutu cannot score is assessed")
	}
	if _, ok := a.Items["IN-07"]; ok {
		t.Error("a figure-only source is assessed")
	}
}

func TestCityOf(t *testing.T) {
	v := latest(t)
	result := func(s string) *big.Rat {
		r, _ := new(big.Rat).SetString(s)
		return r
	}
	if CityOf(v, nil) != nil {
		t.Error("a city without units has a projection")
	}
	cases := []struct {
		units   []string
		rounded int64
		opinion string
	}{
		{[]string{"88.01"}, 8801, "A"},
		{[]string{"88.00", "88.01"}, 8801, "A"},  // 88.005 rounds half-up
		{[]string{"88.00", "88.009"}, 8800, "B"}, // 88.0045
		{[]string{"100", "0", "50"}, 5000, "D"},
	}
	for _, c := range cases {
		var rs []*big.Rat
		for _, s := range c.units {
			rs = append(rs, result(s))
		}
		got := CityOf(v, rs)
		if got.Rounded != c.rounded || got.Opinion.Opinion != c.opinion || got.Units != len(c.units) {
			t.Errorf("%v: %d %s (%d units), want %d %s", c.units, got.Rounded, got.Opinion.Opinion, got.Units, c.rounded, c.opinion)
		}
	}
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an app error", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Name] = f.Key
	}
	return out
}

func TestItemInput(t *testing.T) {
	v := latest(t)
	code, it, err := ItemInput{Indicator: " IN-13 ", Score: "5", Note: " ruang tunggu, toilet "}.Validate(v)
	if err != nil || code != "IN-13" || it.Score != 5 || it.Note != "ruang tunggu, toilet" || it.Origin != instrument.OriginEntered {
		t.Fatalf("valid input: %q %+v %v", code, it, err)
	}
	cases := []struct {
		in   ItemInput
		want map[string]string
	}{
		{ItemInput{Indicator: "XX-01", Score: "3", Note: "n"}, map[string]string{"indicator": "kepatuhan.err.indicator"}},
		{ItemInput{Indicator: "IN-13", Score: "6", Note: "n"}, map[string]string{"score": "kepatuhan.err.score"}},
		{ItemInput{Indicator: "IN-13", Score: "-1", Note: "n"}, map[string]string{"score": "kepatuhan.err.score"}},
		{ItemInput{Indicator: "IN-13", Score: "2,5", Note: "n"}, map[string]string{"score": "kepatuhan.err.score"}},
		{ItemInput{Indicator: "IN-13", Score: "0", Note: " "}, map[string]string{"note": "err.required"}},
	}
	for _, c := range cases {
		_, _, err := c.in.Validate(v)
		got := fields(t, err)
		for k, w := range c.want {
			if got[k] != w {
				t.Errorf("%+v: %s = %q, want %q (all: %v)", c.in, k, got[k], w, got)
			}
		}
	}
}

func TestInterviewInput(t *testing.T) {
	v := latest(t)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, clock.Jakarta)
	in := InterviewInput{Dimension: "input", Role: "Petugas loket", HeldOn: "2026-12-03",
		Scores: map[string]string{"IN-01": "4", "IN-02": ""}, Answers: map[string]string{"IN-01": "menyebut 11 komponen"}}
	iv, err := in.Validate(v, now)
	if err != nil || len(iv.Answers) != 1 || iv.Answers[0] != (Answer{"IN-01", 4, "menyebut 11 komponen"}) {
		t.Fatalf("valid interview: %+v %v", iv, err)
	}
	if it := iv.Items()["IN-01"]; it.Score != 4 || it.Note != "Wawancara Petugas loket, 2026-12-03: menyebut 11 komponen" {
		t.Errorf("item = %+v", it)
	}
	cases := []struct {
		name string
		edit func(*InterviewInput)
		want map[string]string
	}{
		{"proses is observed, not interviewed", func(i *InterviewInput) { i.Dimension = "proses" }, map[string]string{"dimension": "kepatuhan.err.dimension"}},
		{"no role", func(i *InterviewInput) { i.Role = "" }, map[string]string{"role": "err.required"}},
		{"tomorrow", func(i *InterviewInput) { i.HeldOn = "2026-12-04" }, map[string]string{"held_on": "kepatuhan.err.future"}},
		{"not a date", func(i *InterviewInput) { i.HeldOn = "3/12/2026" }, map[string]string{"held_on": "kepatuhan.err.date"}},
		{"a score off the scale", func(i *InterviewInput) { i.Scores = map[string]string{"IN-01": "9"} }, map[string]string{"score.IN-01": "kepatuhan.err.score"}},
		{"nothing answered", func(i *InterviewInput) { i.Scores = nil }, map[string]string{"answers": "kepatuhan.err.no_answer"}},
		{"another dimension's question is ignored", func(i *InterviewInput) { i.Scores = map[string]string{"PG-01": "5"} }, map[string]string{"answers": "kepatuhan.err.no_answer"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i := in
			c.edit(&i)
			_, err := i.Validate(v, now)
			got := fields(t, err)
			for k, w := range c.want {
				if got[k] != w {
					t.Errorf("%s = %q, want %q (all: %v)", k, got[k], w, got)
				}
			}
		})
	}
}

// Projected agrees with the engine's Project on the score and the number
// of gaps, at the empty, partial and full ends.
func TestProjectedAgreesWithProject(t *testing.T) {
	v := latest(t)
	full := map[string]instrument.Item{}
	for _, c := range v.ScoredIndicators() {
		full[c] = instrument.Item{Score: 5}
	}
	partial := map[string]instrument.Item{"IN-01": {Score: 4}, "PR-04": {Score: 5}, "PG-03": {Score: 0}, "OUT-02": {Score: 2}}
	for name, items := range map[string]map[string]instrument.Item{"nothing": {}, "partial": partial, "everything at the top": full} {
		a := &instrument.SelfAssessment{Version: v.Label, Items: items}
		want, gaps, err := v.Project(a)
		if err != nil {
			t.Fatal(err)
		}
		got, n, err := Projected(v, a)
		if err != nil || got.Exact.Cmp(want.Exact) != 0 || got.Rounded != want.Rounded || n != len(gaps) {
			t.Errorf("%s: %v (%d gaps), want %v (%d gaps), %v", name, got.Exact, n, want.Exact, len(gaps), err)
		}
	}
}
