package skm

import (
	"strings"
	"testing"
)

func TestActionValidate(t *testing.T) {
	good := func() Action {
		return Action{Element: "U3", Programme: " Menambah loket ", Timeline: "Okt–Des 2026", Responsible: "Kepala TU", Status: Planned}
	}
	a := good()
	if fs := a.Validate(permen); len(fs) != 0 {
		t.Fatalf("valid action: %v", fs)
	}
	if a.Programme != "Menambah loket" {
		t.Errorf("programme not trimmed: %q", a.Programme)
	}
	for _, tc := range []struct {
		name, field string
		change      func(*Action)
	}{
		{"unknown element", "element", func(a *Action) { a.Element = "U10" }},
		{"no programme", "programme", func(a *Action) { a.Programme = "  " }},
		{"long timeline", "timeline", func(a *Action) { a.Timeline = strings.Repeat("x", 201) }},
		{"long evidence", "evidence", func(a *Action) { a.Evidence = strings.Repeat("x", 1001) }},
		{"unknown status", "status", func(a *Action) { a.Status = "batal" }},
		{"no status", "status", func(a *Action) { a.Status = "" }},
	} {
		a := good()
		tc.change(&a)
		fs := a.Validate(permen)
		if len(fs) != 1 || fs[0].Name != tc.field {
			t.Errorf("%s: %v, want one problem with %s", tc.name, fs, tc.field)
		}
	}
}

func TestWeakestStrongest(t *testing.T) {
	r := Result{Elements: []ElementResult{
		{Code: "U1", Answers: 3, NRR: 3.2},
		{Code: "U2", Answers: 0},
		{Code: "U3", Answers: 3, NRR: 2.9},
		{Code: "U4", Answers: 3, NRR: 3.2},
		{Code: "U5", Answers: 3, NRR: 3.6},
	}}
	codes := func(es []ElementResult) string {
		var s []string
		for _, e := range es {
			s = append(s, e.Code)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		name, got, want string
	}{
		{"Weakest 3", codes(Weakest(r, 3)), "U3 U1 U4"}, // ties keep instrument order; U2 has no answers
		{"Weakest all", codes(Weakest(r, 9)), "U3 U1 U4 U5"},
		{"Strongest 2", codes(Strongest(r, 2)), "U5 U1"},
		{"Weakest of none", codes(Weakest(Result{}, 3)), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
