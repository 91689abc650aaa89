package kepatuhan

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/instrument"
)

// Limits of the text a self-assessment holds.
const (
	MaxNote   = 2000
	MaxRole   = 120
	MaxAnswer = 2000
)

// ItemInput is one indicator's score as the unit enters it: the score as
// typed and the note that says what was checked.
type ItemInput struct {
	Indicator, Score, Note string
}

// Validate returns the indicator's code and its entered item, or the field
// errors: a scored indicator of v, a whole score on its scale and a note
// (an entered score without a reason is not evidence).
func (in ItemInput) Validate(v *instrument.Version) (string, instrument.Item, error) {
	var fs []errs.Field
	code := strings.TrimSpace(in.Indicator)
	if ind := v.Indicator(code); ind == nil || !ind.Scored {
		fs = append(fs, errs.Field{Name: "indicator", Key: "kepatuhan.err.indicator", Value: code})
	}
	score, ok := scoreOf(v, in.Score)
	if !ok {
		fs = append(fs, errs.Field{Name: "score", Key: "kepatuhan.err.score", Args: []any{v.Scale.Min, v.Scale.Max}})
	}
	note := strings.TrimSpace(in.Note)
	switch {
	case note == "":
		fs = append(fs, errs.Field{Name: "note", Key: "err.required"})
	case utf8.RuneCountInString(note) > MaxNote:
		fs = append(fs, errs.Field{Name: "note", Key: "err.too_long", Args: []any{MaxNote}})
	}
	if err := errs.Fields("kepatuhan.err.invalid", fs); err != nil {
		return "", instrument.Item{}, err
	}
	return code, instrument.Item{Score: score, Origin: instrument.OriginEntered, Note: note}, nil
}

// scoreOf reads a whole score on v's scale.
func scoreOf(v *instrument.Version, s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n >= v.Scale.Min && n <= v.Scale.Max
}

// InterviewDimensions are the dimensions whose indicators the Ombudsman
// answers by interview (methods.md §5: officers for Input, users for
// Output, the complaint officers for Pengaduan); Proses is observed.
var InterviewDimensions = []string{"input", "output", "pengaduan"}

// Interview is an interview record: who was interviewed by role (an
// officer's position or "pengguna layanan", never a citizen's identity),
// when, and an answer per question, each scored.
type Interview struct {
	ID        string
	Dimension string
	Role      string
	HeldOn    time.Time // a WIB date
	Answers   []Answer  // in the instrument's order
	CreatedBy string
	CreatedAt time.Time
}

// Answer is the answer to one indicator's question, with its score.
type Answer struct {
	Indicator string `json:"indicator"`
	Score     int    `json:"score"`
	Text      string `json:"text"`
}

// InterviewInput is an interview record as typed: per indicator of the
// dimension, its score and answer ("score.IN-01", "answer.IN-01" in the
// form). A question left without a score was not asked.
type InterviewInput struct {
	Dimension, Role, HeldOn string
	Scores, Answers         map[string]string
}

// Validate returns the interview, or the field errors. now decides which
// dates are in the future.
func (in InterviewInput) Validate(v *instrument.Version, now time.Time) (Interview, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	iv := Interview{Dimension: strings.TrimSpace(in.Dimension), Role: strings.TrimSpace(in.Role)}
	var aspect *instrument.Aspect
	for i := range v.Aspects {
		if v.Aspects[i].Code == iv.Dimension && slices.Contains(InterviewDimensions, iv.Dimension) {
			aspect = &v.Aspects[i]
		}
	}
	if aspect == nil {
		add("dimension", "kepatuhan.err.dimension")
	}
	switch {
	case iv.Role == "":
		add("role", "err.required")
	case utf8.RuneCountInString(iv.Role) > MaxRole:
		add("role", "err.too_long", MaxRole)
	}
	held, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.HeldOn), clock.Jakarta)
	switch {
	case strings.TrimSpace(in.HeldOn) == "":
		add("held_on", "err.required")
	case err != nil:
		add("held_on", "kepatuhan.err.date")
	case held.After(now):
		add("held_on", "kepatuhan.err.future")
	}
	iv.HeldOn = held
	if aspect != nil {
		for _, ind := range aspect.Indicators {
			raw, text := strings.TrimSpace(in.Scores[ind.Code]), strings.TrimSpace(in.Answers[ind.Code])
			if raw == "" {
				continue
			}
			score, ok := scoreOf(v, raw)
			if !ok || !ind.Scored {
				add("score."+ind.Code, "kepatuhan.err.score", v.Scale.Min, v.Scale.Max)
				continue
			}
			if utf8.RuneCountInString(text) > MaxAnswer {
				add("answer."+ind.Code, "err.too_long", MaxAnswer)
				continue
			}
			iv.Answers = append(iv.Answers, Answer{Indicator: ind.Code, Score: score, Text: text})
		}
		if len(iv.Answers) == 0 && len(fs) == 0 {
			add("answers", "kepatuhan.err.no_answer")
		}
	}
	if err := errs.Fields("kepatuhan.err.invalid", fs); err != nil {
		return Interview{}, err
	}
	return iv, nil
}

// Items are the entered items an interview makes: each answer's score,
// its note naming the interview.
func (iv Interview) Items() map[string]instrument.Item {
	out := map[string]instrument.Item{}
	for _, a := range iv.Answers {
		note := "Wawancara " + iv.Role + ", " + iv.HeldOn.Format(time.DateOnly)
		if a.Text != "" {
			note += ": " + a.Text
		}
		out[a.Indicator] = instrument.Item{Score: a.Score, Origin: instrument.OriginEntered, Note: note}
	}
	return out
}
