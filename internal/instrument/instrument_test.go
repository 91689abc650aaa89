package instrument

import (
	"math/big"
	"slices"
	"strings"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/skm"
)

func pekppp(t *testing.T) *Version {
	t.Helper()
	v := Builtin()[0]
	if v.Label != PEKPPPLabel {
		t.Fatalf("the shipped version is %s", v.Label)
	}
	return v
}

// all gives every scored indicator of v the same score.
func all(v *Version, s int) map[string]int {
	out := map[string]int{}
	for _, c := range v.ScoredIndicators() {
		out[c] = s
	}
	return out
}

func TestPEKPPPFromSharedData(t *testing.T) {
	v := pekppp(t)
	if v.Label != "pekppp-2023" || v.Scale != (Scale{0, 5}) || len(v.Aspects) != 7 || len(v.Categories) != 9 {
		t.Fatalf("version: %s %+v %d aspects %d categories", v.Label, v.Scale, len(v.Aspects), len(v.Categories))
	}
	codes := v.ScoredIndicators()
	if len(codes) != 30 || codes[0] != "1.a.Ak" || codes[29] != "30.f.B" {
		t.Fatalf("scored indicators: %d %v", len(codes), codes)
	}
	var weights []string
	for _, a := range v.Aspects {
		weights = append(weights, a.Code+"="+string(a.Weight))
	}
	if got := strings.Join(weights, " "); got != "a=24 b=25 c=18 d=11 e=10 f=12 tambahan=0" {
		t.Errorf("aspect weights: %s", got)
	}
	extra := v.Indicator("31")
	if extra == nil || extra.Scored || extra.Weight != nil || len(extra.Levels) != 6 {
		t.Errorf("the unscored extra item: %+v", extra)
	}
	first := v.Indicator("1.a.Ak")
	if len(first.Evidence) != 3 || first.Levels[5].Score != 5 || !strings.HasPrefix(first.Levels[0].Descriptor, "Tidak tersedia Standar Pelayanan") {
		t.Errorf("1.a.Ak: %+v", first)
	}
}

// Unknown weights: the aspect's rest split equally, marked assumed
// (methods.md §4: Sarana Prasarana 18–20 14 % each, SIPP and Konsultasi &
// Pengaduan 25 % each); the sources' weights stay as they are.
func TestWeights(t *testing.T) {
	v := pekppp(t)
	w := v.Weights()
	cases := []struct {
		code    string
		percent string
		assumed bool
	}{
		{"1.a.Ak", "17", false}, {"4.a.K", "14", false}, {"14.b.K", "30", false},
		{"15.c.K", "15", false}, {"16.c.As", "23", false}, {"17.c.As", "20", false},
		{"18.c.K", "14", true}, {"19.c.As", "14", true}, {"20.c.B", "14", true},
		{"21.d.T", "25", true}, {"24.d.T", "25", true}, {"25.e.P", "25", true}, {"28.e.Ak", "25", true},
		{"29.f.B", "50", false}, {"30.f.B", "50", false},
	}
	for _, c := range cases {
		got, ok := w[c.code]
		if !ok || got.Percent.RatString() != c.percent || got.Assumed != c.assumed {
			t.Errorf("%s: %v %v, want %s assumed=%v", c.code, got.Percent, got.Assumed, c.percent, c.assumed)
		}
	}
	if _, ok := w["31"]; ok || len(w) != 30 {
		t.Errorf("weights of %d indicators, the unscored one included: %v", len(w), ok)
	}
	for _, a := range v.Aspects {
		sum := new(big.Rat)
		for _, ind := range a.Indicators {
			if ind.Scored {
				sum.Add(sum, w[ind.Code].Percent)
			}
		}
		if a.Code != "tambahan" && sum.Cmp(big.NewRat(100, 1)) != 0 {
			t.Errorf("aspect %s: weights sum to %s", a.Code, sum.RatString())
		}
	}
	// A split that is not a finite decimal stays exact: 100/3 each.
	third := checklist(nil, nil, nil)
	for _, code := range []string{"k1", "k2", "k3"} {
		if got := third.Weights()[code]; got.Percent.RatString() != "100/3" || !got.Assumed {
			t.Errorf("%s: %v", code, got)
		}
	}
}

// checklist is a one-aspect version with three indicators of the given
// weights (nil: unknown) and the PEKPPP category table.
func checklist(w1, w2, w3 *Percent) *Version {
	cats := Builtin()[0].Categories
	return &Version{Instrument: "ceklis-31.72", Kind: KindChecklist, Label: "ceklis-31.72-1", Number: 1, Name: "Ceklis kunjungan",
		Scale: Scale{0, 5}, Categories: cats,
		Aspects: []Aspect{{Code: "umum", Name: "Umum", Weight: "100", Indicators: []Indicator{
			{Code: "k1", Name: "Papan informasi", Scored: true, Weight: w1},
			{Code: "k2", Name: "Ruang tunggu", Scored: true, Weight: w2},
			{Code: "k3", Name: "Toilet", Scored: true, Weight: w3},
		}}}}
}

func pct(s string) *Percent { p := Percent(s); return &p }

// The category table at every edge, on the index rounded to hundredths.
func TestCategoryEdges(t *testing.T) {
	v := pekppp(t)
	cases := []struct {
		hundredths int64
		kategori   string
		predikat   string
	}{
		{500, "A", "Pelayanan Prima"}, {451, "A", "Pelayanan Prima"}, {450, "A-", "Sangat Baik"}, {401, "A-", "Sangat Baik"},
		{400, "B", "Baik"}, {351, "B", "Baik"}, {350, "B-", "Baik dengan Catatan"}, {301, "B-", "Baik dengan Catatan"},
		{300, "C", "Cukup"}, {251, "C", "Cukup"},
		// The sources give no predikat below C.
		{250, "C-", ""}, {201, "C-", ""}, {200, "D", ""}, {151, "D", ""}, {150, "E", ""}, {101, "E", ""},
		{100, "F", ""}, {1, "F", ""}, {0, "F", ""},
	}
	for _, c := range cases {
		got := v.CategoryOf(c.hundredths)
		if got.Kategori != c.kategori || got.Predikat != c.predikat {
			t.Errorf("%d: %+v, want %s %q", c.hundredths, got, c.kategori, c.predikat)
		}
	}
}

// Scores computed exactly; the category decided on the index rounded
// half-up to two decimals.
func TestScoreRounding(t *testing.T) {
	cases := []struct {
		w1, w2   string
		s1, s2   int
		exact    string // the index, exact
		rounded  int64
		kategori string
	}{
		{"50.5", "49.5", 5, 4, "901/200", 451, "A"},            // 4,505 → 4,51
		{"50.4", "49.6", 5, 4, "563/125", 450, "A-"},           // 4,504 → 4,50
		{"0.5", "99.5", 2, 1, "201/200", 101, "E"},             // 1,005 → 1,01
		{"0.8", "99.2", 2, 1, "126/125", 101, "E"},             // 1,008 → 1,01
		{"0.4", "99.6", 2, 1, "1004/1000", 100, "F"},           // 1,004 → 1,00
		{"50", "50", 5, 4, "9/2", 450, "A-"},                   // 4,50 exactly
		{"33.333", "66.667", 5, 4, "433333/100000", 433, "A-"}, // 4,33333
		{"99.999", "0.001", 5, 4, "499999/100000", 500, "A"},   // 4,99999 → 5,00
		{"0.001", "99.999", 2, 3, "299999/100000", 300, "C"},   // 2,99999 → 3,00
		{"0.001", "99.999", 4, 3, "300001/100000", 300, "C"},   // 3,00001 → 3,00
		{"0.5", "99.5", 5, 3, "301/100", 301, "B-"},            // 3,01
		{"50", "50", 0, 0, "0", 0, "F"},
	}
	for _, c := range cases {
		v := &Version{Instrument: "x", Kind: KindChecklist, Label: "x-1", Name: "x", Scale: Scale{0, 5},
			Categories: pekppp(t).Categories,
			Aspects: []Aspect{{Code: "a", Name: "A", Weight: "100", Indicators: []Indicator{
				{Code: "i1", Name: "1", Scored: true, Weight: pct(c.w1)}, {Code: "i2", Name: "2", Scored: true, Weight: pct(c.w2)}}}}}
		if err := v.Validate(); err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		r, err := v.Score(map[string]int{"i1": c.s1, "i2": c.s2})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := new(big.Rat).SetString(c.exact)
		if r.Exact.Cmp(want) != 0 || r.Rounded != c.rounded || r.Category.Kategori != c.kategori {
			t.Errorf("%+v: %s %d %s", c, r.Exact.RatString(), r.Rounded, r.Category.Kategori)
		}
	}
	// The rule is the IKM's: the same function.
	if skm.RoundHalfUp(big.NewRat(4505, 1000), 2) != 451 {
		t.Error("half-up")
	}
}

func TestScorePEKPPP(t *testing.T) {
	v := pekppp(t)
	mixed := all(v, 3)
	for _, c := range v.ScoredIndicators()[:9] { // Kebijakan Pelayanan all 5
		mixed[c] = 5
	}
	// Sarana Prasarana: the assumed 14 % indicators at 0, the rest at 5:
	// (15+23+20)% × 5 = 2,9.
	for _, c := range []string{"15.c.K", "16.c.As", "17.c.As"} {
		mixed[c] = 5
	}
	for _, c := range []string{"18.c.K", "19.c.As", "20.c.B"} {
		mixed[c] = 0
	}
	cases := []struct {
		name     string
		scores   map[string]int
		ipp      string
		rounded  int64
		kategori string
		predikat string
	}{
		{"all 5", all(v, 5), "5", 500, "A", "Pelayanan Prima"},
		{"all 4", all(v, 4), "4", 400, "B", "Baik"},
		{"all 0", all(v, 0), "0", 0, "F", ""},
		// 5×0,24 + 3×0,25 + 2,9×0,18 + 3×(0,11+0,10+0,12) = 1,2+0,75+0,522+0,99 = 3,462
		{"mixed", mixed, "1731/500", 346, "B-", "Baik dengan Catatan"},
	}
	for _, c := range cases {
		r, err := v.Score(c.scores)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.Exact.RatString() != c.ipp || r.Rounded != c.rounded || r.Category.Kategori != c.kategori || r.Category.Predikat != c.predikat {
			t.Errorf("%s: %s %d %+v", c.name, r.Exact.RatString(), r.Rounded, r.Category)
		}
		if len(r.Aspects) != 6 || r.Version != "pekppp-2023" {
			t.Errorf("%s: %d aspects of %s", c.name, len(r.Aspects), r.Version)
		}
	}
	r, _ := v.Score(mixed)
	if r.Aspects[0].Score.RatString() != "5" || r.Aspects[2].Score.RatString() != "29/10" || r.Aspects[2].Weight.RatString() != "18" {
		t.Errorf("aspect scores: %+v", r.Aspects)
	}
}

// Every problem at once, each by its field.
func TestScoreProblems(t *testing.T) {
	v := pekppp(t)
	s := all(v, 3)
	delete(s, "2.a.P")
	delete(s, "30.f.B")
	s["1.a.Ak"] = 6
	s["5.a.K"] = -1
	s["99.z.X"] = 3
	s["31"] = 2
	_, err := v.Score(s)
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("%v", err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name+" "+f.Key)
	}
	want := []string{
		"scores.1.a.Ak instrument.err.range", "scores.31 instrument.err.unscored", "scores.5.a.K instrument.err.range",
		"scores.99.z.X instrument.err.unknown_indicator",
		"scores.2.a.P instrument.err.missing", "scores.30.f.B instrument.err.missing",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(v *Version)
		field  string
		key    string
	}{
		{"kind", func(v *Version) { v.Kind = "survey" }, "kind", "instrument.err.kind"},
		{"label", func(v *Version) { v.Label = "" }, "label", "instrument.err.label"},
		{"scale", func(v *Version) { v.Scale = Scale{5, 5} }, "scale", "instrument.err.scale"},
		{"aspect sum", func(v *Version) { v.Aspects[0].Weight = "25" }, "aspects", "instrument.err.aspect_sum"},
		{"aspect weight", func(v *Version) { v.Aspects[0].Weight = "x" }, "aspects.a.weight", "instrument.err.weight"},
		{"negative weight", func(v *Version) { v.Aspects[0].Indicators[0].Weight = pct("-17") }, "indicators.1.a.Ak.weight", "instrument.err.weight"},
		{"duplicate aspect", func(v *Version) { v.Aspects[1].Code = "a" }, "aspects.a.code", "instrument.err.aspect_code"},
		{"duplicate indicator", func(v *Version) { v.Aspects[1].Indicators[0].Code = "1.a.Ak" }, "indicators.1.a.Ak.code", "instrument.err.indicator_code"},
		{"indicator sum", func(v *Version) { v.Aspects[0].Indicators[0].Weight = pct("18") }, "aspects.a.indicators", "instrument.err.indicator_sum"},
		{"no rest for the unknown", func(v *Version) { v.Aspects[2].Indicators[0].Weight = pct("57") }, "aspects.c.indicators", "instrument.err.indicator_rest"},
		{"weight without indicators", func(v *Version) { v.Aspects[5].Indicators = nil }, "aspects.f.indicators", "instrument.err.no_indicators"},
		{"scored in a zero aspect", func(v *Version) { v.Aspects[6].Indicators[0].Scored = true }, "aspects.tambahan.weight", "instrument.err.weight_zero"},
		{"levels missing one", func(v *Version) { v.Aspects[0].Indicators[0].Levels = v.Aspects[0].Indicators[0].Levels[:5] }, "indicators.1.a.Ak.levels", "instrument.err.levels"},
		{"level outside the scale", func(v *Version) { v.Aspects[0].Indicators[0].Levels[5].Score = 6 }, "indicators.1.a.Ak.levels", "instrument.err.levels"},
		{"categories ascending", func(v *Version) { v.Categories[1].Min = 460 }, "categories", "instrument.err.categories"},
		{"categories not down to 0", func(v *Version) { v.Categories = v.Categories[:8] }, "categories", "instrument.err.categories"},
		{"category repeated", func(v *Version) { v.Categories[1].Kategori = "A" }, "categories", "instrument.err.categories"},
	}
	for _, c := range cases {
		v := pekppp(t)
		c.change(v)
		e, ok := errs.As(v.Validate())
		if !ok || len(e.Fields) == 0 || e.Fields[0].Name != c.field || e.Fields[0].Key != c.key {
			t.Errorf("%s: %+v", c.name, e)
		}
	}
	if err := checklist(pct("50"), nil, nil).Validate(); err != nil {
		t.Errorf("a checklist with two unknown weights: %v", err)
	}
	noTable := checklist(pct("20"), pct("30"), pct("50"))
	noTable.Categories = nil
	r, err := noTable.Score(map[string]int{"k1": 5, "k2": 5, "k3": 0})
	if err != nil || r.Rounded != 250 || r.Category != (Category{}) {
		t.Errorf("a checklist without a category table: %+v %v", r, err)
	}
}

func TestCombine(t *testing.T) {
	ev, us := big.NewRat(4, 1), big.NewRat(3, 1)
	cases := []struct {
		share int
		want  string
	}{{0, "4"}, {100, "3"}, {30, "37/10"}, {50, "7/2"}}
	for _, c := range cases {
		got, err := Combine(ev, us, c.share)
		if err != nil || got.RatString() != c.want {
			t.Errorf("share %d: %v %v", c.share, got, err)
		}
	}
	for _, bad := range []int{-1, 101} {
		if _, err := Combine(ev, us, bad); !errs.Is(err, errs.Invalid) {
			t.Errorf("share %d: %v", bad, err)
		}
	}
}
