package instrument

import (
	"math/big"
	"strings"
	"testing"

	"mutu/internal/errs"
)

// ombudsman returns a shipped Ombudsman version by label.
func ombudsman(t testing.TB, label string) *Version {
	t.Helper()
	for _, v := range Builtin() {
		if v.Label == label {
			return v
		}
	}
	t.Fatalf("no shipped version %s", label)
	return nil
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// equal gives every dimension of a version the same score, so that the
// final score is that score exactly (the weights sum to 100 %).
func equal(v *Version, s string) map[string]*big.Rat {
	out := map[string]*big.Rat{}
	for _, a := range v.Aspects {
		out[a.Code] = rat(s)
	}
	return out
}

func TestOmbudsmanShipped(t *testing.T) {
	var labels []string
	for _, v := range Builtin() {
		if v.Kind == KindOmbudsman {
			labels = append(labels, v.Label)
		}
	}
	if strings.Join(labels, " ") != "ombudsman-2021 ombudsman-2022 ombudsman-2023 ombudsman-2024" {
		t.Fatalf("shipped Ombudsman versions: %v", labels)
	}
	v := ombudsman(t, "ombudsman-2023")
	want := map[string]string{"input": "21.85", "proses": "32.37", "output": "24.24", "pengaduan": "21.54"}
	counts := map[string]int{"input": 15, "proses": 11, "output": 5, "pengaduan": 5}
	for _, a := range v.Aspects {
		if string(a.Weight) != want[a.Code] || len(a.Indicators) != counts[a.Code] || a.Confidence != "verified" {
			t.Errorf("dimension %s: weight %s, %d indicators, %s", a.Code, a.Weight, len(a.Indicators), a.Confidence)
		}
	}
	// Input-1 has its sourced 12,22 %; the other 14 share the rest, assumed.
	w := v.Weights()
	if w["IN-01"].Assumed || w["IN-01"].Percent.Cmp(rat("12.22")) != 0 ||
		!w["IN-02"].Assumed || w["IN-02"].Percent.Cmp(rat("8778/1400")) != 0 ||
		!w["PG-01"].Assumed || w["PG-01"].Percent.Cmp(rat("20")) != 0 {
		t.Errorf("weights: %+v %+v %+v", w["IN-01"], w["IN-02"], w["PG-01"])
	}
	// 2022 and 2024 use the 2023 weights and say they are assumed.
	if a := ombudsman(t, "ombudsman-2024").Aspects[0]; string(a.Weight) != "21.85" || a.Confidence != "assumed" {
		t.Errorf("2024 input: %+v", a)
	}
	for _, c := range v.Categories {
		if !c.Unconfirmed {
			t.Errorf("2023 category %s is marked confirmed", c.Kategori)
		}
	}
	for _, c := range ombudsman(t, "ombudsman-2021").Categories {
		if c.Unconfirmed {
			t.Errorf("2021 zone %s is marked unconfirmed", c.Kategori)
		}
	}
}

// Every edge of every category table, both sides, and the rounding rule:
// the opinion is decided on the score rounded half-up to two decimals.
func TestOmbudsmanCategoryEdges(t *testing.T) {
	cases := []struct {
		label, score  string
		rounded       int64
		opinion, name string
		zone          string
		confirmed     bool
	}{
		{"ombudsman-2023", "100", 10000, "A", "Kualitas Tertinggi", "hijau", false},
		{"ombudsman-2023", "88.01", 8801, "A", "Kualitas Tertinggi", "hijau", false},
		{"ombudsman-2023", "88.005", 8801, "A", "Kualitas Tertinggi", "hijau", false},
		{"ombudsman-2023", "88.0049", 8800, "B", "Kualitas Tinggi", "hijau", false},
		{"ombudsman-2023", "88", 8800, "B", "Kualitas Tinggi", "hijau", false},
		{"ombudsman-2023", "78.01", 7801, "B", "Kualitas Tinggi", "hijau", false},
		{"ombudsman-2023", "78.005", 7801, "B", "Kualitas Tinggi", "hijau", false},
		{"ombudsman-2023", "78.0049", 7800, "C", "Kualitas Sedang", "kuning", false},
		{"ombudsman-2023", "78", 7800, "C", "Kualitas Sedang", "kuning", false},
		{"ombudsman-2023", "56.01", 5601, "C", "Kualitas Sedang", "kuning", false},
		{"ombudsman-2023", "56.005", 5601, "C", "Kualitas Sedang", "kuning", false},
		{"ombudsman-2023", "56.0049", 5600, "D", "Kualitas Rendah", "merah", false},
		{"ombudsman-2023", "56", 5600, "D", "Kualitas Rendah", "merah", false},
		{"ombudsman-2023", "44.01", 4401, "D", "Kualitas Rendah", "merah", false},
		{"ombudsman-2023", "44.005", 4401, "D", "Kualitas Rendah", "merah", false},
		{"ombudsman-2023", "44.0049", 4400, "E", "Kualitas Terendah", "merah", false},
		{"ombudsman-2023", "44", 4400, "E", "Kualitas Terendah", "merah", false},
		{"ombudsman-2023", "0", 0, "E", "Kualitas Terendah", "merah", false},
		{"ombudsman-2022", "88.01", 8801, "A", "Kualitas Tertinggi", "hijau", false},
		{"ombudsman-2024", "44", 4400, "E", "Kualitas Terendah", "merah", false},
		// The zones up to 2021: no opinion, bounds confirmed.
		{"ombudsman-2021", "100", 10000, "", "Kepatuhan Tinggi", "hijau", true},
		{"ombudsman-2021", "81", 8100, "", "Kepatuhan Tinggi", "hijau", true},
		{"ombudsman-2021", "80.995", 8100, "", "Kepatuhan Tinggi", "hijau", true},
		{"ombudsman-2021", "80.9949", 8099, "", "Kepatuhan Sedang", "kuning", true},
		{"ombudsman-2021", "80.99", 8099, "", "Kepatuhan Sedang", "kuning", true},
		{"ombudsman-2021", "51", 5100, "", "Kepatuhan Sedang", "kuning", true},
		{"ombudsman-2021", "50.995", 5100, "", "Kepatuhan Sedang", "kuning", true},
		{"ombudsman-2021", "50.9949", 5099, "", "Kepatuhan Rendah", "merah", true},
		{"ombudsman-2021", "50.99", 5099, "", "Kepatuhan Rendah", "merah", true},
		{"ombudsman-2021", "0", 0, "", "Kepatuhan Rendah", "merah", true},
	}
	for _, c := range cases {
		v := ombudsman(t, c.label)
		r, err := v.ScoreAspects(equal(v, c.score))
		if err != nil {
			t.Fatalf("%s %s: %v", c.label, c.score, err)
		}
		o := v.OpinionOf(r.Category)
		if r.Exact.Cmp(rat(c.score)) != 0 || r.Rounded != c.rounded || o.Opinion != c.opinion || o.Label != c.name ||
			o.Zone != c.zone || o.BoundsConfirmed != c.confirmed {
			t.Errorf("%s %s: exact %s rounded %d %+v", c.label, c.score, r.Exact.FloatString(4), r.Rounded, o)
		}
	}
}

// The weighted sum with the 2023 weights, exact before rounding.
func TestOmbudsmanWeightedScore(t *testing.T) {
	v := ombudsman(t, "ombudsman-2023")
	r, err := v.ScoreAspects(map[string]*big.Rat{"input": rat("90"), "proses": rat("80"), "output": rat("70"), "pengaduan": rat("60")})
	if err != nil {
		t.Fatal(err)
	}
	// 90×21,85 + 80×32,37 + 70×24,24 + 60×21,54 = 7545,3 → 75,453
	if r.Exact.Cmp(rat("75.453")) != 0 || r.Rounded != 7545 || r.Category.Kategori != "C" {
		t.Errorf("score %s %d %s", r.Exact.FloatString(4), r.Rounded, r.Category.Kategori)
	}
	// From indicator scores 0–5, each dimension lands on 0–100.
	scores := all(v, 5)
	r, err = v.Score(scores)
	if err != nil || r.Exact.Cmp(rat("100")) != 0 || r.Aspects[0].Score.Cmp(rat("100")) != 0 || r.Category.Kategori != "A" {
		t.Fatalf("all fives: %+v %v", r, err)
	}
	scores["IN-01"] = 0 // 12,22 % of Input at 0: Input 87,78, the score −12,22 × 21,85 %
	r, _ = v.Score(scores)
	if r.Aspects[0].Score.Cmp(rat("87.78")) != 0 || r.Exact.Cmp(rat("97.329930")) != 0 {
		t.Errorf("IN-01 at 0: input %s, score %s", r.Aspects[0].Score.FloatString(4), r.Exact.FloatString(6))
	}
}

func TestOmbudsmanScoreProblems(t *testing.T) {
	v := ombudsman(t, "ombudsman-2023")
	_, err := v.ScoreAspects(map[string]*big.Rat{"input": rat("100.01"), "proses": rat("-1"), "sarana": rat("50")})
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("%v", err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name+":"+f.Key)
	}
	want := "dimensions.input:instrument.err.dimension_range dimensions.proses:instrument.err.dimension_range " +
		"dimensions.sarana:instrument.err.unknown_dimension dimensions.output:instrument.err.missing dimensions.pengaduan:instrument.err.missing"
	if strings.Join(got, " ") != want {
		t.Errorf("problems:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestParseKepatuhanInput(t *testing.T) {
	in, err := ParseKepatuhanInput([]byte(`{"instrument":"ombudsman-2022","dimensions":{"input":87.25,"proses":1e2,"output":0,"pengaduan":50}}`))
	if err != nil || in.Instrument != "ombudsman-2022" || in.Dimensions["input"].Cmp(rat("87.25")) != 0 || in.Dimensions["proses"].Cmp(rat("100")) != 0 {
		t.Fatalf("%+v %v", in, err)
	}
	// Every value that is not a number is named.
	_, err = ParseKepatuhanInput([]byte(`{"dimensions":{"input":"80","proses":null,"output":[1],"pengaduan":true}}`))
	if e, _ := errs.As(err); e == nil || len(e.Fields) != 4 || e.Fields[0].Name != "dimensions.input" {
		t.Errorf("every problem: %v", err)
	}
	for _, bad := range []string{`{"dimensions":`, `{} {}`, `{"dimensi":{}}`, `{"dimensions":{"in\u0000put":3}}`} {
		if _, err := ParseKepatuhanInput([]byte(bad)); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// Without a label: the latest four-dimension version, not a zone one
	// and not PEKPPP.
	for label, want := range map[string]string{"": "ombudsman-2024", "ombudsman-2021": "ombudsman-2021"} {
		v, err := (&KepatuhanInput{Instrument: label}).Choose(Builtin())
		if err != nil || v.Label != want {
			t.Errorf("choose %q: %v %v", label, v, err)
		}
	}
	if _, err := (&KepatuhanInput{Instrument: PEKPPPLabel}).Choose(Builtin()); !errs.Is(err, errs.Invalid) {
		t.Errorf("PEKPPP is not an Ombudsman version: %v", err)
	}
}

func FuzzParseKepatuhanInput(f *testing.F) {
	f.Add([]byte(`{"instrument":"ombudsman-2023","dimensions":{"input":87.25,"proses":90,"output":70,"pengaduan":60}}`))
	f.Add([]byte(`{"dimensions":{"input":1e-400,"proses":9223372036854775808,"output":-0,"pengaduan":1e99999}}`))
	f.Add([]byte(`{"dimensions":{"kepatuhan":80.995},"instrument":"ombudsman-2021"}`))
	f.Add([]byte(`{"dimensions":{"x":null,"y":"3","z":[1]}}`))
	versions := Builtin()
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ParseKepatuhanInput(b)
		if err != nil {
			if _, ok := errs.As(err); !ok {
				t.Fatalf("not an application error: %v", err)
			}
			return
		}
		v, err := in.Choose(versions)
		if err != nil {
			return
		}
		r, err := v.ScoreAspects(in.Dimensions)
		if err != nil {
			if e, ok := errs.As(err); !ok || len(e.Fields) == 0 {
				t.Fatalf("refused without naming a problem: %v", err)
			}
			return
		}
		if r.Exact.Sign() < 0 || r.Exact.Cmp(big.NewRat(100, 1)) > 0 || r.Category.Kategori == "" {
			t.Fatalf("result out of range: %s %+v", r.Exact.RatString(), r.Category)
		}
	})
}
