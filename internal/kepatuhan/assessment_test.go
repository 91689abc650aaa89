package kepatuhan_test

import (
	"strings"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/kepatuhan"
)

func TestParseScore(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64 // -1: no score
		ok   bool
	}{
		{"", -1, true}, {" ", -1, true},
		{"87,28", 8728, true}, {"87.28", 8728, true}, {"100", 10000, true}, {"0", 0, true}, {"88,01", 8801, true},
		{"88,1", 8810, true}, {"5.", 500, true},
		{"100,01", 0, false}, {"-1", 0, false}, {"87,285", 0, false}, {"abc", 0, false}, {",5", 0, false},
		{"1e2", 0, false}, {"1000", 0, false}, {"87,2,8", 0, false},
	} {
		got, ok := kepatuhan.ParseScore(c.in)
		if ok != c.ok || ok && (c.want < 0) != (got == nil) || ok && got != nil && *got != c.want {
			t.Errorf("ParseScore(%q) = %v, %v", c.in, got, ok)
		}
	}
	if s := kepatuhan.FormatScore(8728); s != "87,28" {
		t.Errorf("FormatScore = %q", s)
	}
	if s := kepatuhan.FormatScore(10000); s != "100,00" {
		t.Errorf("FormatScore = %q", s)
	}
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e, ok := errs.As(err); ok {
		for _, f := range e.Fields {
			out[f.Name] = f.Key
		}
	}
	return out
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	c := kepatuhan.Choices{Versions: map[string]int{"v23": 2023, "v24": 2024},
		Services: map[string][]string{"u1": {"s1", "s2"}, "u2": {"s3"}}, Assessors: []string{"a1"}}
	good := kepatuhan.Input{Year: "2023", VersionID: "v23", StartsOn: "2023-08-14", EndsOn: "2023-08-16",
		Loci: []string{"u1", "u2", "u1"}, Products: []string{"u1/s2"}, Assessors: []string{"a1"}}
	a, err := good.Validate(now, c)
	if err != nil || a.Year != 2023 || len(a.Loci) != 2 || len(a.Loci[0].ServiceIDs) != 1 || a.Loci[0].ServiceIDs[0] != "s2" ||
		len(a.Assessors) != 1 || a.EndsOn.Sub(a.StartsOn) != 48*time.Hour {
		t.Fatalf("%+v, %v", a, err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(in *kepatuhan.Input)
		field string
		key   string
	}{
		{"no year", func(in *kepatuhan.Input) { in.Year = "" }, "year", "err.required"},
		{"year before the assessments", func(in *kepatuhan.Input) { in.Year = "2012" }, "year", "penilaian.err.year"},
		{"year far ahead", func(in *kepatuhan.Input) { in.Year = "2028" }, "year", "penilaian.err.year"},
		{"unknown version", func(in *kepatuhan.Input) { in.VersionID = "x" }, "version_id", "penilaian.err.version"},
		{"another year's version", func(in *kepatuhan.Input) { in.VersionID = "v24" }, "version_id", "penilaian.err.version_year"},
		{"bad date", func(in *kepatuhan.Input) { in.StartsOn = "14-08-2023" }, "starts_on", "penilaian.err.date"},
		{"ends before", func(in *kepatuhan.Input) { in.EndsOn = "2023-08-13" }, "ends_on", "penilaian.err.ends_before"},
		{"a month long", func(in *kepatuhan.Input) { in.EndsOn = "2023-09-14" }, "ends_on", "penilaian.err.too_long"},
		{"days of another year", func(in *kepatuhan.Input) { in.StartsOn, in.EndsOn = "2024-08-14", "2024-08-15" }, "starts_on", "penilaian.err.date_year"},
		{"no locus", func(in *kepatuhan.Input) { in.Loci, in.Products = nil, nil }, "loci", "penilaian.err.no_locus"},
		{"foreign unit", func(in *kepatuhan.Input) { in.Loci = []string{"u9"} }, "loci", "penilaian.err.locus"},
		{"product of a unit not visited", func(in *kepatuhan.Input) { in.Loci = []string{"u2"} }, "products", "penilaian.err.product"},
		{"product of another unit", func(in *kepatuhan.Input) { in.Products = []string{"u1/s3"} }, "products", "penilaian.err.product"},
		{"not an assessor", func(in *kepatuhan.Input) { in.Assessors = []string{"op"} }, "assessors", "penilaian.err.assessor"},
	} {
		in := good
		tc.edit(&in)
		_, err := in.Validate(now, c)
		if got := fieldsOf(err)[tc.field]; got != tc.key {
			t.Errorf("%s: %s = %q (%v)", tc.name, tc.field, got, err)
		}
	}
}

func TestResultsAndAward(t *testing.T) {
	a := &kepatuhan.Assessment{Loci: []kepatuhan.Locus{{UnitID: "u1"}, {UnitID: "u2"}}}
	city, loci, err := kepatuhan.Results{City: "84,5", Loci: map[string]string{"u1": "90"}}.Validate(a)
	if err != nil || *city != 8450 || *loci[0].Score != 9000 || loci[1].Score != nil || a.Loci[0].Score != nil {
		t.Fatalf("%v %+v %v", city, loci, err)
	}
	_, _, err = kepatuhan.Results{City: "101", Loci: map[string]string{"u2": "x"}}.Validate(a)
	if f := fieldsOf(err); f["score"] != "penilaian.err.score" || f["score_u2"] != "penilaian.err.score" {
		t.Errorf("bad scores: %v", err)
	}
	if aw, err := (kepatuhan.AwardInput{}).Validate(); err != nil || aw != (kepatuhan.Award{}) {
		t.Errorf("no award: %+v %v", aw, err)
	}
	if _, err := (kepatuhan.AwardInput{On: "2023-12-12"}).Validate(); fieldsOf(err)["award_name"] != "err.required" {
		t.Errorf("award without a name: %v", err)
	}
	if _, err := (kepatuhan.AwardInput{Name: "Piagam", On: "kemarin"}).Validate(); fieldsOf(err)["award_on"] != "penilaian.err.date" {
		t.Errorf("award with a bad date: %v", err)
	}
}

// FuzzParseScore: a blank is no score; a score read is 0–100 in hundredths and reads back
// from how it is written; anything else is refused, never a panic.
func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"87,28", "100", "0", "87.28", "100,01", "-1", "1e2", " 9,5 ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := kepatuhan.ParseScore(s)
		if !ok || h == nil && strings.TrimSpace(s) == "" { // blank: no score yet
			return
		}
		if h == nil || *h < 0 || *h > 10000 {
			t.Fatalf("%q read as %v", s, h)
		}
		if back, ok := kepatuhan.ParseScore(kepatuhan.FormatScore(*h)); !ok || back == nil || *back != *h {
			t.Fatalf("%q → %d → %q does not read back", s, *h, kepatuhan.FormatScore(*h))
		}
	})
}
