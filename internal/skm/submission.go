package skm

import (
	"maps"
	"slices"
	"strings"

	"mutu/internal/errs"
)

// Submission is one respondent's answers as any channel hands them in:
// the survey form, the kiosk and the JSON API all fill it, so that the same
// answers are stored the same way whichever way they came. Fill normalises
// and checks it.
type Submission struct {
	Answers    map[string]int    // element code (any case) → 1–4
	Age        int               // years, 0 = not given
	Sex        string            // a code or a label of Sexes, any case
	Education  string            // … of Educations
	Occupation string            // … of Occupations
	Extra      map[string]string // the unit's own questions: question code (any case) → answer
	Saran      string
}

// Fill puts the submission into r (whose unit, channel, device and times the
// channel sets) against the instrument and the codes of the unit's own
// questions (in their order), and returns its problems. Field names are the
// survey form's ("u1", "sex", "saran"…); another channel may rename them.
func (sub *Submission) Fill(r *Response, in *Instrument, questions []string) []errs.Field {
	var fs []errs.Field
	r.Answers = make([]int, len(in.Elements))
	for _, code := range slices.Sorted(maps.Keys(sub.Answers)) {
		i := in.ElementIndex(strings.ToUpper(strings.TrimSpace(code)))
		if i < 0 {
			fs = append(fs, errs.Field{Name: "answers." + code, Key: "skm.err.element", Value: code})
			continue
		}
		r.Answers[i] = sub.Answers[code]
	}
	for _, p := range []struct {
		opts []Option
		v    string
		dst  *string
	}{{Sexes, sub.Sex, &r.Sex}, {Educations, sub.Education, &r.Education}, {Occupations, sub.Occupation, &r.Occupation}} {
		code, ok := NormalizeOption(p.opts, p.v)
		if !ok {
			code = strings.TrimSpace(p.v) // Validate names it
		}
		*p.dst = code
	}
	r.Age = sub.Age
	r.Saran = strings.TrimSpace(sub.Saran)
	// One answer (possibly empty) per question, in the questions' order, as
	// responses store them.
	r.Extra = nil
	if len(questions) > 0 {
		r.Extra = make([]string, len(questions))
	}
	for _, code := range slices.Sorted(maps.Keys(sub.Extra)) {
		i := slices.Index(questions, strings.ToUpper(strings.TrimSpace(code)))
		if i < 0 {
			fs = append(fs, errs.Field{Name: "extra." + code, Key: "skm.err.question_code", Value: code})
			continue
		}
		r.Extra[i] = strings.TrimSpace(sub.Extra[code])
	}
	return append(fs, r.Validate(in, true)...)
}
