package instrument

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mutu/internal/errs"
)

const sampleChecklist = `# Ceklis kunjungan dua bulanan
@umum | Pelayanan umum | 60
k1 | Papan informasi standar pelayanan | 50
k2 | Ruang tunggu bersih

@sarana | Sarana | 40
k3 | Toilet bersih | 100
`

func TestParseChecklist(t *testing.T) {
	v, err := ParseChecklist(" Ceklis Jakarta Utara ", sampleChecklist)
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != "Ceklis Jakarta Utara" || v.Kind != KindChecklist || len(v.Aspects) != 2 || len(v.Aspects[0].Indicators) != 2 || v.Aspects[0].Indicators[1].Weight != nil {
		t.Fatalf("%+v", v)
	}
	if w := v.Weights()["k2"]; w.Percent.RatString() != "50" || !w.Assumed {
		t.Errorf("k2: %+v", w)
	}
	// Written back, it reads the same.
	again, err := ParseChecklist(v.Name, ChecklistText(v))
	if err != nil || ChecklistText(again) != ChecklistText(v) {
		t.Errorf("round trip: %v\n%s", err, ChecklistText(again))
	}
	if !strings.HasPrefix(ChecklistText(v), "@umum | Pelayanan umum | 60\nk1 | Papan informasi standar pelayanan | 50\nk2 | Ruang tunggu bersih\n") {
		t.Errorf("text: %q", ChecklistText(v))
	}
	// A comma as decimal separator, a percent sign.
	v, err = ParseChecklist("C", "@a | A | 100\nk1 | Satu | 33,5%\nk2 | Dua | 66.5")
	if err != nil || string(*v.Aspects[0].Indicators[0].Weight) != "33.5" {
		t.Errorf("decimal comma: %v", err)
	}
}

func TestParseChecklistProblems(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // row:column:key
	}{
		{"", "@a | A | 100\nk1 | Satu", []string{"0:name:instrument.err.name"}},
		{"C", "k1 | Satu | 50", []string{"1:kode:instrument.err.line_orphan"}},
		{"C", "@a | A\nk1 | Satu", []string{"1:kode:instrument.err.line_parts", "2:kode:instrument.err.line_orphan"}},
		{"C", "@a | A | 100\nk 1 | Satu\nk2 | | 3\nk3 | Tiga | 1e2\nk4 | Empat | 0x10", []string{
			"2:kode:instrument.err.line_code", "3:nama:instrument.err.line_name", "4:bobot:instrument.err.weight", "5:bobot:instrument.err.weight"}},
		// The version's rules, on the lines they are about.
		{"C", "@a | A | 60\nk1 | Satu | 50\nk2 | Dua | 40\n@b | B | 30\nk1 | Tiga", []string{
			"0:checklist:instrument.err.aspect_sum", "2:kode:instrument.err.indicator_code", "1:bobot:instrument.err.indicator_sum"}},
		{"C", "@a | A | 100", []string{"1:bobot:instrument.err.no_indicators"}},
		{"C", "", []string{"0:checklist:instrument.err.no_aspects"}},
		{"C", "@a | A | 100\nk1 | Sa\x00tu", []string{"0:checklist:err.text_control"}},
		{"C", strings.Repeat("\n", MaxChecklistLines), []string{"0:checklist:instrument.err.too_many_lines"}},
	}
	for _, c := range cases {
		_, err := ParseChecklist(c.name, c.text)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		var got []string
		onLines, marked := false, false
		for _, f := range e.Fields {
			if f.Key == "instrument.err.lines" {
				marked = true // the text box says where to look
				continue
			}
			onLines = onLines || f.Row > 0
			got = append(got, fmt.Sprintf("%d:%s:%s", f.Row, f.Name, f.Key))
		}
		if onLines != marked {
			t.Errorf("%q: problems on lines %v, text box marked %v", c.text, onLines, marked)
		}
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.text, got, c.want)
		}
	}
}

// FuzzParseChecklist: whatever an administrator types, the parser answers
// with a version or field errors, never a panic, and a version it accepts
// reads back the same from its own text.
func FuzzParseChecklist(f *testing.F) {
	f.Add("Ceklis", sampleChecklist)
	f.Add("C", "@a | A | 100\nk1 | Satu | 33,5%\nk2 | Dua | 66.5")
	f.Add("C", "@a | A | 1e400\nk1 | | -0")
	f.Add("", "|||\n@\n@ | | \n")
	f.Fuzz(func(t *testing.T, name, text string) {
		v, err := ParseChecklist(name, text)
		if err != nil {
			return
		}
		again, err := ParseChecklist(v.Name, ChecklistText(v))
		if err != nil {
			t.Fatalf("its own text refused: %v\n%s", err, ChecklistText(v))
		}
		if ChecklistText(again) != ChecklistText(v) {
			t.Fatalf("round trip changed it:\n%s\n---\n%s", ChecklistText(v), ChecklistText(again))
		}
	})
}
