// Package skm is the community satisfaction survey (Survei Kepuasan
// Masyarakat) of PermenPANRB 14/2017: instruments (versioned data: elements,
// weights, categories), the IKM computation in exact rational arithmetic,
// and the Krejcie–Morgan sample size. Everything here is pure.
package skm

import (
	"fmt"
	"math/big"
	"slices"
)

// Weighting says how element NRRs combine into the IKM.
type Weighting string

const (
	// Exact weights every element 1/n (PermenPANRB 14/2017: 1/9). The default.
	Exact Weighting = "exact"
	// Legacy111 weights every element 0,111, as many published reports do.
	Legacy111 Weighting = "0.111"
	// Legacy11 weights every element 0,11, as the Permen prints it.
	Legacy11 Weighting = "0.11"
)

// Element is one unsur of an instrument, keyed by a stable code.
type Element struct {
	Code     string    `json:"code"` // U1…U9
	Name     string    `json:"name"`
	NameEN   string    `json:"name_en"`
	Question string    `json:"question"`
	Labels   [4]string `json:"labels"` // answer labels for scores 1–4
	LabelsEN [4]string `json:"labels_en"`
}

// NameIn is the element's name in English when en is true (and the
// instrument has one), else in Indonesian.
func (e Element) NameIn(en bool) string {
	if en && e.NameEN != "" {
		return e.NameEN
	}
	return e.Name
}

// LabelsIn are the answer labels in English when en is true, else in
// Indonesian. An instrument stored before English labels existed has none:
// its English pages show the Indonesian labels rather than blanks.
func (e Element) LabelsIn(en bool) [4]string {
	if en && e.LabelsEN[0] != "" {
		return e.LabelsEN
	}
	return e.Labels
}

// Category is one grade of the konversi scale: the lowest konversi value (in
// hundredths, inclusive) that earns it.
type Category struct {
	Mutu          string `json:"mutu"`    // A, B, C, D
	Kinerja       string `json:"kinerja"` // Sangat Baik, Baik, Kurang Baik, Tidak Baik
	KinerjaEN     string `json:"kinerja_en"`
	MinHundredths int    `json:"min"` // 8831 means konversi ≥ 88,31
}

// Instrument is a versioned questionnaire with its categories. A result
// computed under an instrument keeps its instrument's code.
type Instrument struct {
	Code       string     `json:"code"` // e.g. "permenpanrb-14-2017"
	Name       string     `json:"name"`
	Elements   []Element  `json:"elements"`
	Categories []Category `json:"categories"` // highest first
}

// ElementIndex returns the position of code in the instrument, or -1.
func (in *Instrument) ElementIndex(code string) int {
	return slices.IndexFunc(in.Elements, func(e Element) bool { return e.Code == code })
}

// Tally is what a set of responses adds up to, per element: the sum of the
// scores and the number of filled answers. Rollups store exactly this.
type Tally struct {
	Respondents int64
	Sum         []int64 // per element, in instrument order
	N           []int64 // filled answers per element
}

// NewTally returns an empty tally for an instrument of n elements.
func NewTally(n int) Tally { return Tally{Sum: make([]int64, n), N: make([]int64, n)} }

// Add adds one response; answers are 1–4, 0 for not filled.
func (t *Tally) Add(answers []int) {
	t.Respondents++
	for i, a := range answers {
		if a >= 1 && a <= 4 {
			t.Sum[i] += int64(a)
			t.N[i]++
		}
	}
}

// Merge adds another tally of the same instrument.
func (t *Tally) Merge(o Tally) {
	t.Respondents += o.Respondents
	for i := range t.Sum {
		t.Sum[i] += o.Sum[i]
		t.N[i] += o.N[i]
	}
}

// ElementResult is one element's NRR.
type ElementResult struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	NameEN   string  `json:"name_en,omitempty"`
	Answers  int64   `json:"answers"`
	NRR      float64 `json:"nrr"`      // sum ÷ filled answers, unrounded
	Weighted float64 `json:"weighted"` // NRR × weight
	// NRRRounded is the official figure: NRR rounded half-up to 2 decimals.
	NRRRounded float64 `json:"nrr_rounded"`
}

// NameIn is the element's name in English when en is true (and known),
// else in Indonesian.
func (e ElementResult) NameIn(en bool) string {
	if en && e.NameEN != "" {
		return e.NameEN
	}
	return e.Name
}

// Result is the IKM of a tally.
type Result struct {
	Instrument  string          `json:"instrument"`
	Weighting   Weighting       `json:"weighting"`
	Respondents int64           `json:"respondents"`
	Elements    []ElementResult `json:"elements"`
	IKM         float64         `json:"ikm"`          // 1–4, unrounded
	Konversi    float64         `json:"ikm_konversi"` // 25–100, unrounded
	// KonversiHundredths is konversi rounded half-up to 2 decimals, the
	// value the category is decided on (8728 means 87,28).
	KonversiHundredths int64 `json:"-"`
	// The official figures of methods.md §1.2, rounded half-up from the
	// exact values: IKM to 3 decimals, konversi to 2 (the value the grade
	// is decided on): the figures to publish, shown next to the exact ones.
	IKMRounded      float64 `json:"ikm_rounded"`
	KonversiRounded float64 `json:"ikm_konversi_rounded"`
	Mutu            string  `json:"mutu"`
	Kinerja         string  `json:"kinerja"`
	KinerjaEN       string  `json:"-"`
	// Complete is false when some element has no answers: the IKM is then
	// not defined and Mutu is empty.
	Complete bool `json:"complete"`
}

// Compute returns the IKM of t under the instrument. NRR counts filled
// answers only; IKM = Σ NRRᵢ × weight; konversi = IKM × 25. All arithmetic is
// exact (big.Rat); floats are only the unrounded values reported.
func Compute(in *Instrument, t Tally, w Weighting) (Result, error) {
	n := len(in.Elements)
	if len(t.Sum) != n || len(t.N) != n {
		return Result{}, fmt.Errorf("skm: tally has %d elements, instrument %s has %d", len(t.Sum), in.Code, n)
	}
	weight, err := weightOf(w, n)
	if err != nil {
		return Result{}, err
	}
	res := Result{Instrument: in.Code, Weighting: w, Respondents: t.Respondents, Complete: t.Respondents > 0}
	ikm := new(big.Rat)
	for i, e := range in.Elements {
		er := ElementResult{Code: e.Code, Name: e.Name, NameEN: e.NameEN, Answers: t.N[i]}
		if t.N[i] == 0 {
			res.Complete = false
			res.Elements = append(res.Elements, er)
			continue
		}
		nrr := big.NewRat(t.Sum[i], t.N[i])
		wnrr := new(big.Rat).Mul(nrr, weight)
		ikm.Add(ikm, wnrr)
		er.NRR, _ = nrr.Float64()
		er.Weighted, _ = wnrr.Float64()
		er.NRRRounded = float64(RoundHalfUp(nrr, 2)) / 100
		res.Elements = append(res.Elements, er)
	}
	if !res.Complete {
		return res, nil
	}
	konversi := new(big.Rat).Mul(ikm, big.NewRat(25, 1))
	res.IKM, _ = ikm.Float64()
	res.Konversi, _ = konversi.Float64()
	res.KonversiHundredths = RoundHalfUp(konversi, 2)
	res.IKMRounded = float64(RoundHalfUp(ikm, 3)) / 1000
	res.KonversiRounded = float64(res.KonversiHundredths) / 100
	if c, ok := in.Classify(res.KonversiHundredths); ok {
		res.Mutu, res.Kinerja, res.KinerjaEN = c.Mutu, c.Kinerja, c.KinerjaEN
	}
	return res, nil
}

func weightOf(w Weighting, n int) (*big.Rat, error) {
	switch w {
	case Exact, "":
		return big.NewRat(1, int64(n)), nil
	case Legacy111:
		return big.NewRat(111, 1000), nil
	case Legacy11:
		return big.NewRat(11, 100), nil
	}
	return nil, fmt.Errorf("skm: unknown weighting %q", w)
}

// Classify returns the category of a konversi value given in hundredths:
// the first category (highest first) whose lower bound it reaches.
func (in *Instrument) Classify(hundredths int64) (Category, bool) {
	for _, c := range in.Categories {
		if hundredths >= int64(c.MinHundredths) {
			return c, true
		}
	}
	return Category{}, false
}

// RoundHalfUp rounds a non-negative rational to the given decimal places and
// returns it scaled by 10^places: RoundHalfUp(87.275, 2) = 8728.
func RoundHalfUp(x *big.Rat, places int) int64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	v := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	v.Add(v, big.NewRat(1, 2))
	q := new(big.Int).Quo(v.Num(), v.Denom()) // floor for non-negative values
	return q.Int64()
}

// SampleSize is the Krejcie & Morgan sample for a population of n users:
// S = λ²·N·P·Q ÷ (d²·(N−1) + λ²·P·Q), λ² = 3,841, P = Q = 0,5, d = 0,05,
// rounded half-up (this reproduces the published table). n ≤ 0 gives 0.
func SampleSize(n int64) int64 {
	if n <= 0 {
		return 0
	}
	lambda2 := big.NewRat(3841, 1000)
	pq := big.NewRat(1, 4)
	d2 := big.NewRat(1, 400)
	num := new(big.Rat).Mul(lambda2, pq)
	num.Mul(num, new(big.Rat).SetInt64(n))
	den := new(big.Rat).Mul(d2, new(big.Rat).SetInt64(n-1))
	den.Add(den, new(big.Rat).Mul(lambda2, pq))
	return RoundHalfUp(new(big.Rat).Quo(num, den), 0)
}

// SampleSizeLimit is the sample for an unbounded population (384).
const SampleSizeLimit = 384
