package monitor

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"mutu/internal/errs"
	"mutu/internal/instrument"
)

// The visit itself: the unit's self-assessment (F-01) before it and the
// evaluators' scores during it, each a level per indicator of the visit's
// instrument version, with a note; the coaching notes (pembinaan) and who
// attended. A score's input is the same from the form and from the
// evaluator's offline queue.

// Side is who gave a score.
type Side string

const (
	SelfSide Side = "self" // the unit's operators (self-assessment)
	TeamSide Side = "team" // the monitoring team's evaluators
)

// Limits of what a visit's records hold.
const (
	MaxNote      = 2000 // a score's note, the coaching notes per line block
	MaxCoaching  = 8000
	MaxAttendees = 50
	MaxName      = 200
	MaxKey       = 128 // an Idempotency-Key
)

// Score is one indicator's level on one side of a visit.
type Score struct {
	Side      Side
	Indicator string
	Level     int
	Note      string
	By        string
}

// ScoreInput is one indicator's score as posted (form or offline queue).
type ScoreInput struct {
	Indicator, Level, Note, Key string
}

// Validate checks a score against the visit's instrument version: a scored
// indicator of it, a whole level on its scale, a note and key within
// their limits. Every problem is reported by field.
func (in ScoreInput) Validate(v *instrument.Version, side Side) (Score, error) {
	var fs []errs.Field
	code := strings.TrimSpace(in.Indicator)
	ind := v.Indicator(code)
	switch {
	case code == "":
		fs = append(fs, errs.Field{Name: "indicator", Key: "err.required"})
	case ind == nil || !ind.Scored:
		fs = append(fs, errs.Field{Name: "indicator", Key: "visit.err.indicator", Args: []any{v.Label}})
	}
	level, err := strconv.Atoi(strings.TrimSpace(in.Level))
	switch {
	case strings.TrimSpace(in.Level) == "":
		fs = append(fs, errs.Field{Name: "level", Key: "err.required"})
	case err != nil || level < v.Scale.Min || level > v.Scale.Max:
		fs = append(fs, errs.Field{Name: "level", Key: "visit.err.level", Args: []any{v.Scale.Min, v.Scale.Max}})
	}
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > MaxNote {
		fs = append(fs, errs.Field{Name: "note", Key: "err.too_long", Args: []any{MaxNote}})
	}
	if len(in.Key) > MaxKey {
		fs = append(fs, errs.Field{Name: "idempotency_key", Key: "err.too_long", Args: []any{MaxKey}})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		return Score{}, err
	}
	return Score{Side: side, Indicator: code, Level: level, Note: note}, nil
}

// Attendee is a person who attended the visit.
type Attendee struct {
	Name  string
	Title string // jabatan
}

// ReportInput is the coaching notes and the attendance as posted: one
// attendee a line, "Name; Position".
type ReportInput struct {
	Coaching, Attendees string
}

// Validate parses the attendance and checks the limits, by field.
func (in ReportInput) Validate() (string, []Attendee, error) {
	var fs []errs.Field
	coaching := strings.TrimSpace(in.Coaching)
	if utf8.RuneCountInString(coaching) > MaxCoaching {
		fs = append(fs, errs.Field{Name: "coaching", Key: "err.too_long", Args: []any{MaxCoaching}})
	}
	var out []Attendee
	for i, line := range strings.Split(in.Attendees, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, title, _ := strings.Cut(line, ";")
		a := Attendee{Name: strings.TrimSpace(name), Title: strings.TrimSpace(title)}
		switch {
		case a.Name == "" || a.Title == "":
			fs = append(fs, errs.Field{Name: "attendees", Key: "visit.err.attendee", Args: []any{i + 1}})
		case utf8.RuneCountInString(line) > MaxName:
			fs = append(fs, errs.Field{Name: "attendees", Key: "err.too_long", Args: []any{MaxName}})
		}
		out = append(out, a)
	}
	if len(out) > MaxAttendees {
		fs = append(fs, errs.Field{Name: "attendees", Key: "visit.err.attendees_many", Args: []any{MaxAttendees}})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		return "", nil, err
	}
	return coaching, out, nil
}

// Levels is the scores of one side by indicator, as the engine takes them.
func Levels(scores []Score, side Side) map[string]int {
	out := map[string]int{}
	for _, s := range scores {
		if s.Side == side {
			out[s.Indicator] = s.Level
		}
	}
	return out
}
