package skm

import (
	"slices"
	"testing"
)

// TestSubmissionFill: answers keyed by code in any case, profile options by
// code or label, extra answers by question code (any case), trimmed and
// one per question in the questions' order, whichever channel filled the
// submission.
func TestSubmissionFill(t *testing.T) {
	in := &Instrument{}
	for _, c := range []string{"U1", "U2", "U3"} {
		in.Elements = append(in.Elements, Element{Code: c})
	}
	form := Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Age: 35, Sex: "P", Education: "s1", Occupation: "swasta",
		Extra: map[string]string{"Q1": "  Ramah  ", "Q3": ""}, Saran: " Bagus "}
	api := Submission{Answers: map[string]int{"u1": 4, "U2": 3, " u3": 2}, Age: 35, Sex: "perempuan", Education: "D4/S1", Occupation: "Swasta",
		Extra: map[string]string{" q1": "Ramah"}, Saran: "Bagus"}
	// Q2 was hidden: the unit's questions are Q1 and Q3.
	questions := []string{"Q1", "Q3"}
	var got []Response
	for _, sub := range []Submission{form, api} {
		var r Response
		if fs := sub.Fill(&r, in, questions); len(fs) != 0 {
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
		"unknown element":     {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2, "U9": 1}}, "answers.U9"},
		"missing answer":      {Submission{Answers: map[string]int{"U1": 4, "U2": 3}}, "u3"},
		"unknown option":      {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Sex: "x"}, "sex"},
		"hidden question":     {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Extra: map[string]string{"Q2": "a"}}, "extra.Q2"},
		"element as question": {Submission{Answers: map[string]int{"U1": 4, "U2": 3, "U3": 2}, Extra: map[string]string{"U1": "a"}}, "extra.U1"},
	} {
		var r Response
		fs := tc.sub.Fill(&r, in, questions)
		if len(fs) != 1 || fs[0].Name != tc.field {
			t.Errorf("%s: %v, want one problem with %s", name, fs, tc.field)
		}
	}
}
