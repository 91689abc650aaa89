package monitor_test

import (
	"slices"
	"strings"
	"testing"

	"mutu/internal/instrument"
	"mutu/internal/monitor"
)

// namesOf is the names of the fields an error refuses, sorted.
func namesOf(err error) []string {
	var out []string
	for _, f := range fieldsOf(err) {
		name, _, _ := strings.Cut(f, ":")
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// TestScoreInput: a score is a whole level on the version's scale for one
// of its scored indicators; every problem is named by its field.
func TestScoreInput(t *testing.T) {
	v := instrument.Builtin()[0]
	code := v.ScoredIndicators()[0]
	tests := []struct {
		name string
		in   monitor.ScoreInput
		want []string
	}{
		{"lowest", monitor.ScoreInput{Indicator: code, Level: "0"}, nil},
		{"highest, spaces", monitor.ScoreInput{Indicator: " " + code + " ", Level: " 5 ", Note: " ada "}, nil},
		{"above the scale", monitor.ScoreInput{Indicator: code, Level: "6"}, []string{"level"}},
		{"below the scale", monitor.ScoreInput{Indicator: code, Level: "-1"}, []string{"level"}},
		{"not whole", monitor.ScoreInput{Indicator: code, Level: "4.5"}, []string{"level"}},
		{"empty", monitor.ScoreInput{}, []string{"indicator", "level"}},
		{"unknown indicator", monitor.ScoreInput{Indicator: "9.z.X", Level: "3"}, []string{"indicator"}},
		{"note too long", monitor.ScoreInput{Indicator: code, Level: "3", Note: strings.Repeat("é", monitor.MaxNote+1)}, []string{"note"}},
		{"key too long", monitor.ScoreInput{Indicator: code, Level: "3", Key: strings.Repeat("k", monitor.MaxKey+1)}, []string{"idempotency_key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.in.Validate(v, monitor.TeamSide)
			if got := namesOf(err); !slices.Equal(got, tt.want) {
				t.Fatalf("fields %v, want %v (%v)", got, tt.want, err)
			}
			if err == nil && (s.Indicator != code || s.Side != monitor.TeamSide || s.Note != strings.TrimSpace(tt.in.Note)) {
				t.Errorf("score %+v", s)
			}
		})
	}
}

// TestReportInput: the attendance is one "Name; Position" a line.
func TestReportInput(t *testing.T) {
	coaching, people, err := monitor.ReportInput{Coaching: " Lengkapi maklumat. ", Attendees: "Budi; Kepala Unit\r\n\n Siti ; Staf \n"}.Validate()
	if err != nil || coaching != "Lengkapi maklumat." || len(people) != 2 || people[1] != (monitor.Attendee{Name: "Siti", Title: "Staf"}) {
		t.Fatalf("%q %+v %v", coaching, people, err)
	}
	for _, bad := range []monitor.ReportInput{
		{Attendees: "Budi"},
		{Attendees: "; Kepala"},
		{Attendees: strings.Repeat("Budi; Staf\n", monitor.MaxAttendees+1)},
		{Attendees: strings.Repeat("x", monitor.MaxName) + "; Staf"},
		{Coaching: strings.Repeat("x", monitor.MaxCoaching+1)},
	} {
		if _, _, err := bad.Validate(); len(namesOf(err)) == 0 {
			t.Errorf("%.40q accepted", bad)
		}
	}
}
