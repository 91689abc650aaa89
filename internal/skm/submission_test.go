package skm

import (
	"slices"
	"testing"
)

// TestSubmissionFill: answers keyed by code in any case, profile options by
// code or label, extra answers trimmed and one per question, whichever
// channel filled the submission.
func TestSubmissionFill(t *testing.T) {
	in := &Instrument{}
	for _, c := range []string{"U1", "U2", "U3"} {
		in.Elements = append(in.Elements, Element{Code: c})
	}
	form := Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Age: 35, Sex: "P", Education: "s1", Occupation: "swasta",
		Extra: []string{"  Ramah  ", ""}, Saran: " Bagus "}
	api := Submission{Answers: map[string]int{"u1": 4, "U2": 3, " u3": 2}, Age: 35, Sex: "perempuan", Education: "D4/S1", Occupation: "Swasta",
		Extra: []string{"Ramah"}, Saran: "Bagus"}
	var got []Response
	for _, sub := range []Submission{form, api} {
		var r Response
		if fs := sub.Fill(&r, in, 2); len(fs) != 0 {
			t.Fatalf("%+v: %v", sub, fs)
		}
		got = append(got, r)
	}
	a, b := got[0], got[1]
	if !slices.Equal(a.Answers, []int{4, 3, 2}) || !slices.Equal(a.Answers, b.Answers) || !slices.Equal(a.Extra, []string{"Ramah", ""}) ||
		!slices.Equal(a.Extra, b.Extra) || a.Sex != "P" || a.Education != "s1" || a.Occupation != "swasta" || a.Saran != "Bagus" ||
		a.Sex != b.Sex || a.Education != b.Education || a.Occupation != b.Occupation || a.Saran != b.Saran || a.Age != b.Age {
		t.Errorf("form %+v\napi  %+v", a, b)
	}

	for name, tc := range map[string]struct {
		sub   Submission
		field string
	}{
		"unknown element": {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2, "U9": 1}}, "answers.U9"},
		"missing answer":  {Submission{Answers: map[string]int{"U1": 4, "U2": 3}}, "u3"},
		"unknown option":  {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Sex: "x"}, "sex"},
		"too many extras": {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Extra: []string{"a", "b", "c"}}, "extra"},
	} {
		var r Response
		fs := tc.sub.Fill(&r, in, 2)
		if len(fs) != 1 || fs[0].Name != tc.field {
			t.Errorf("%s: %v, want one problem with %s", name, fs, tc.field)
		}
	}
}
