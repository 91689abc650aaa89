package instrument

import (
	"math/big"
	"strings"
	"testing"

	"mutu/internal/errs"
)

func TestParseInput(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		scores map[string]int
		label  string
		field  string // first problem's field, "" for none
		code   errs.Code
	}{
		{"plain", `{"instrument":"pekppp-2023","scores":{"1.a.Ak":4,"2.a.P":0}}`, map[string]int{"1.a.Ak": 4, "2.a.P": 0}, "pekppp-2023", "", ""},
		{"whole in other notation", `{"scores":{"1.a.Ak":4.0,"2.a.P":5e0}}`, map[string]int{"1.a.Ak": 4, "2.a.P": 5}, "", "", ""},
		{"huge stays out of range", `{"scores":{"1.a.Ak":1e300}}`, map[string]int{"1.a.Ak": -1}, "", "", ""},
		{"fraction", `{"scores":{"1.a.Ak":3.5,"2.a.P":"4","3.a.T":null}}`, nil, "", "scores.1.a.Ak", errs.Invalid},
		{"not json", `{"scores":`, nil, "", "", errs.Invalid},
		{"two documents", `{} {}`, nil, "", "", errs.Invalid},
		{"unknown key", `{"skor":{}}`, nil, "", "", errs.Invalid},
		{"control character", `{"scores":{"1.a\u0000Ak":3}}`, nil, "", "scores", errs.Invalid},
		{"too large", `{"instrument":"` + strings.Repeat("x", MaxInputBytes) + `"}`, nil, "", "", errs.TooLarge},
	}
	for _, c := range cases {
		in, err := ParseInput([]byte(c.in))
		if c.code != "" {
			e, ok := errs.As(err)
			if !ok || e.Code != c.code || (c.field != "" && (len(e.Fields) == 0 || e.Fields[0].Name != c.field)) {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err != nil || in.Instrument != c.label || len(in.Scores) != len(c.scores) {
			t.Errorf("%s: %+v %v", c.name, in, err)
			continue
		}
		for k, v := range c.scores {
			if in.Scores[k] != v {
				t.Errorf("%s: %s = %d, want %d", c.name, k, in.Scores[k], v)
			}
		}
	}
	// Every non-whole score is named, not only the first.
	_, err := ParseInput([]byte(`{"scores":{"1.a.Ak":3.5,"2.a.P":"4","3.a.T":null}}`))
	if e, _ := errs.As(err); e == nil || len(e.Fields) != 3 {
		t.Errorf("every problem: %v", err)
	}
}

func TestChoose(t *testing.T) {
	later := *pekppp(t)
	later.Label, later.Number = "pekppp-2026", 2
	versions := []*Version{pekppp(t), &later}
	for label, want := range map[string]string{"": "pekppp-2026", "pekppp-2023": "pekppp-2023"} {
		v, err := (&Input{Instrument: label}).Choose(versions)
		if err != nil || v.Label != want {
			t.Errorf("%q: %v %v", label, v, err)
		}
	}
	if _, err := (&Input{Instrument: "pekppp-1999"}).Choose(versions); !errs.Is(err, errs.Invalid) {
		t.Errorf("unknown version: %v", err)
	}
	// `mutu pekppp score` scores PEKPPP only, whatever else is shipped.
	if v, err := (&Input{Instrument: "ombudsman-2023"}).Choose(Builtin()); !errs.Is(err, errs.Invalid) {
		t.Errorf("an Ombudsman version chosen for PEKPPP: %v %v", v, err)
	}
	if v, err := (&Input{}).Choose(Builtin()); err != nil || v.Label != PEKPPPLabel {
		t.Errorf("latest among the shipped: %v %v", v, err)
	}
}

// FuzzParseInput: no input panics; what is accepted scores to an index
// inside the scale with a category, or is refused with field problems.
func FuzzParseInput(f *testing.F) {
	f.Add([]byte(`{"instrument":"pekppp-2023","scores":{"1.a.Ak":4}}`))
	f.Add([]byte(`{"scores":{"1.a.Ak":4.0,"2.a.P":-0,"3.a.T":1e1}}`))
	f.Add([]byte(`{"scores":{"31":2,"x":null,"y":"3","z":[1]}}`))
	f.Add([]byte(`{"scores":{"1.a.Ak":1e-400,"2.a.P":9223372036854775808}}`))
	v := Builtin()[0]
	full := `{"scores":{`
	for i, c := range v.ScoredIndicators() {
		if i > 0 {
			full += ","
		}
		full += `"` + c + `":` + string(rune('0'+i%6))
	}
	f.Add([]byte(full + `}}`))
	versions := []*Version{v}
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ParseInput(b)
		if err != nil {
			if _, ok := errs.As(err); !ok {
				t.Fatalf("not an application error: %v", err)
			}
			return
		}
		chosen, err := in.Choose(versions)
		if err != nil {
			return
		}
		r, err := chosen.Score(in.Scores)
		if err != nil {
			if e, ok := errs.As(err); !ok || len(e.Fields) == 0 {
				t.Fatalf("refused without naming a problem: %v", err)
			}
			return
		}
		if r.Exact.Sign() < 0 || r.Exact.Cmp(big.NewRat(5, 1)) > 0 || r.Category.Kategori == "" {
			t.Fatalf("result out of range: %s %+v", r.Exact.RatString(), r.Category)
		}
	})
}
