// Package instrument is the engine of scored instruments: the PEKPPP
// evaluator's instrument, a city's own checklist for its monitoring visits
// and the Ombudsman's compliance assessment (Penilaian Kepatuhan). An instrument is versioned
// data — aspects with weights, indicators with weights, level descriptors
// and the evidence they ask for, and a category table — and scoring is a
// pure function of a version and the scores given to its indicators.
// Editing an instrument makes a new version; a result names the version it
// was computed under and keeps it.
//
// It is not the SKM instrument (internal/skm): that one takes millions of
// 1–4 answers into rollups; scored instruments serve a few visits a year.
package instrument

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"

	"mutu/internal/errs"
)

// Kinds of instrument.
const (
	KindPEKPPP    = "pekppp"    // KemenPANRB's evaluator instrument (F-02)
	KindChecklist = "checklist" // a city's own light checklist for its visits
	KindOmbudsman = "ombudsman" // the Ombudsman's compliance assessment, one version per year
)

// Version is one version of an instrument: everything needed to score it.
// A stored version is never changed; a new one gets the next Number.
type Version struct {
	Instrument string   `json:"instrument"` // the instrument's code: "pekppp", "ceklis-31.72"
	Kind       string   `json:"kind"`
	Label      string   `json:"label"` // stable name of this version: "pekppp-2023"
	Number     int      `json:"number"`
	Name       string   `json:"name"`
	Basis      []string `json:"basis,omitempty"`  // legal basis or origin
	Source     string   `json:"source,omitempty"` // where the data comes from, with its gaps
	Scale      Scale    `json:"scale"`
	// IndexScale is the range of aspect scores and of the index when it is
	// not the indicators' (the Ombudsman scores indicators 0–5 and its
	// dimensions and final score 0–100); nil: the indicators' scale.
	IndexScale *Scale `json:"index_scale,omitempty"`
	// ZoneOnly: the categories are zones, not opinions (the Ombudsman up
	// to 2021).
	ZoneOnly   bool       `json:"zone_only,omitempty"`
	Aspects    []Aspect   `json:"aspects"`
	Categories []Category `json:"categories,omitempty"` // highest first; none: no category
}

// Scale is the range of an indicator's score (whole numbers).
type Scale struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Aspect is a group of indicators whose weighted score counts toward the
// index with the aspect's weight. An aspect of weight 0 holds unscored
// items only (PEKPPP's "sistem antrian").
type Aspect struct {
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	Weight     Percent     `json:"weight"`
	Confidence string      `json:"confidence,omitempty"` // verified, single-source
	Indicators []Indicator `json:"indicators"`
}

// Indicator is one scored item. Weight is its share of the aspect in
// percent; nil where the sources give none (AssumedWeights fills it).
type Indicator struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Scored     bool     `json:"scored"`
	Weight     *Percent `json:"weight"`
	Evidence   []string `json:"evidence,omitempty"`
	Levels     []Level  `json:"levels,omitempty"` // one per score of the scale, or none
	Confidence string   `json:"confidence,omitempty"`
}

// Level describes what earns a score.
type Level struct {
	Score      int    `json:"score"`
	Descriptor string `json:"descriptor"`
}

// Category is a row of the category table: an index rounded to two
// decimals at or above Min (in hundredths) earns it, unless a higher row
// does. Predikat is empty where the sources give none.
type Category struct {
	Kategori string `json:"kategori"`
	Min      int    `json:"min_hundredths"`
	Predikat string `json:"predikat"`
	Zone     string `json:"zone,omitempty"` // the Ombudsman's hijau, kuning, merah
	// Unconfirmed: the bounds are Mutu's reading, not a published table
	// (methods.md [C]); the product says so wherever it shows them.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
}

// Index returns the range of aspect scores and of the index.
func (v *Version) Index() Scale {
	if v.IndexScale != nil {
		return *v.IndexScale
	}
	return v.Scale
}

// Percent is a weight in percent kept as its decimal text ("17", "12.5"),
// so that sums and scores are exact.
type Percent string

// Rat returns the weight as an exact fraction (nil when it is not a number).
func (p Percent) Rat() *big.Rat {
	r, ok := new(big.Rat).SetString(string(p))
	if !ok {
		return nil
	}
	return r
}

// MarshalJSON writes the weight as a JSON number.
func (p Percent) MarshalJSON() ([]byte, error) {
	if p.Rat() == nil {
		return nil, fmt.Errorf("instrument: weight %q is not a number", string(p))
	}
	return []byte(p), nil
}

// UnmarshalJSON reads a JSON number without passing it through a float.
func (p *Percent) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("instrument: a weight must be a number: %w", err)
	}
	*p = Percent(n)
	return nil
}

// hundred is 100 %.
var hundred = big.NewRat(100, 1)

// Weight is an indicator's weight within its aspect in percent, exact, and
// whether it is assumed by Mutu's rule rather than given by the sources.
type Weight struct {
	Percent *big.Rat
	Assumed bool
}

// Weights returns the weight of every scored indicator by code. Where the
// data gives no weight for some indicators of an aspect, the aspect's
// remaining weight (100 % minus the known ones) is split equally among them
// and marked assumed (methods.md §4). Call it on a valid version.
func (v *Version) Weights() map[string]Weight {
	out := map[string]Weight{}
	for _, a := range v.Aspects {
		known, unknown := new(big.Rat), 0
		for _, ind := range a.Indicators {
			if !ind.Scored {
				continue
			}
			if ind.Weight == nil {
				unknown++
				continue
			}
			w := ind.Weight.Rat()
			known.Add(known, w)
			out[ind.Code] = Weight{Percent: w}
		}
		if unknown == 0 {
			continue
		}
		share := new(big.Rat).Sub(hundred, known)
		share.Quo(share, big.NewRat(int64(unknown), 1))
		for _, ind := range a.Indicators {
			if ind.Scored && ind.Weight == nil {
				out[ind.Code] = Weight{Percent: new(big.Rat).Set(share), Assumed: true}
			}
		}
	}
	return out
}

// ScoredIndicators returns the codes of the indicators a result needs, in
// the instrument's order.
func (v *Version) ScoredIndicators() []string {
	var out []string
	for _, a := range v.Aspects {
		for _, ind := range a.Indicators {
			if ind.Scored {
				out = append(out, ind.Code)
			}
		}
	}
	return out
}

// Validate checks a version's structure and reports every problem by
// field (aspects.<code>.weight, indicators.<code>.levels…): the kind, label
// and scale; unique codes; aspect weights summing to exactly 100 %; inside
// each aspect known weights summing to 100 %, or to less when some are
// unknown; level descriptors one per score; a category table descending to
// the scale's minimum.
func (v *Version) Validate() error {
	var fs []errs.Field
	bad := func(name, key string, args ...any) {
		fs = append(fs, errs.Field{Name: name, Key: key, Args: args})
	}
	if v.Kind != KindPEKPPP && v.Kind != KindChecklist && v.Kind != KindOmbudsman {
		bad("kind", "instrument.err.kind")
	}
	if v.Instrument == "" {
		bad("instrument", "instrument.err.code")
	}
	if v.Label == "" {
		bad("label", "instrument.err.label")
	}
	if v.Name == "" {
		bad("name", "instrument.err.name")
	}
	if v.Scale.Min < 0 || v.Scale.Max <= v.Scale.Min || v.Scale.Max > 100 {
		bad("scale", "instrument.err.scale")
	}
	if is := v.IndexScale; is != nil && (is.Min < 0 || is.Max <= is.Min || is.Max > 100) {
		bad("index_scale", "instrument.err.scale")
	}
	if len(v.Aspects) == 0 {
		bad("aspects", "instrument.err.no_aspects")
	}
	total := new(big.Rat)
	aspects, indicators := map[string]bool{}, map[string]bool{}
	for _, a := range v.Aspects {
		f := "aspects." + a.Code
		if a.Code == "" || aspects[a.Code] {
			bad(f+".code", "instrument.err.aspect_code", a.Code)
		}
		aspects[a.Code] = true
		if a.Name == "" {
			bad(f+".name", "instrument.err.name")
		}
		w := a.Weight.Rat()
		if w == nil || w.Sign() < 0 || w.Cmp(hundred) > 0 {
			bad(f+".weight", "instrument.err.weight")
			w = new(big.Rat)
		}
		total.Add(total, w)
		known, unknown, scored := new(big.Rat), 0, 0
		for _, ind := range a.Indicators {
			g := "indicators." + ind.Code
			if ind.Code == "" || indicators[ind.Code] {
				bad(g+".code", "instrument.err.indicator_code", ind.Code)
			}
			indicators[ind.Code] = true
			if ind.Name == "" {
				bad(g+".name", "instrument.err.name")
			}
			fs = append(fs, v.checkLevels(g, ind.Levels)...)
			if !ind.Scored {
				continue
			}
			scored++
			if ind.Weight == nil {
				unknown++
				continue
			}
			iw := ind.Weight.Rat()
			if iw == nil || iw.Sign() < 0 || iw.Cmp(hundred) > 0 {
				bad(g+".weight", "instrument.err.weight")
				continue
			}
			known.Add(known, iw)
		}
		switch {
		case w.Sign() > 0 && scored == 0:
			bad(f+".indicators", "instrument.err.no_indicators")
		case w.Sign() == 0 && scored > 0:
			bad(f+".weight", "instrument.err.weight_zero")
		case scored > 0 && unknown == 0 && known.Cmp(hundred) != 0:
			bad(f+".indicators", "instrument.err.indicator_sum", known.FloatString(2))
		case unknown > 0 && known.Cmp(hundred) >= 0:
			bad(f+".indicators", "instrument.err.indicator_rest", known.FloatString(2))
		}
	}
	if len(v.Aspects) > 0 && total.Cmp(hundred) != 0 {
		bad("aspects", "instrument.err.aspect_sum", total.FloatString(2))
	}
	fs = append(fs, v.checkCategories()...)
	return errs.Fields("instrument.err.invalid", fs)
}

// checkLevels: none, or one descriptor for every score of the scale.
func (v *Version) checkLevels(field string, levels []Level) []errs.Field {
	if len(levels) == 0 {
		return nil
	}
	want := v.Scale.Max - v.Scale.Min + 1
	seen := map[int]bool{}
	for _, l := range levels {
		if l.Score < v.Scale.Min || l.Score > v.Scale.Max || seen[l.Score] || l.Descriptor == "" {
			return []errs.Field{{Name: field + ".levels", Key: "instrument.err.levels", Args: []any{v.Scale.Min, v.Scale.Max}}}
		}
		seen[l.Score] = true
	}
	if len(levels) != want {
		return []errs.Field{{Name: field + ".levels", Key: "instrument.err.levels", Args: []any{v.Scale.Min, v.Scale.Max}}}
	}
	return nil
}

// checkCategories: distinct names, minimums strictly descending, the last
// at the index's minimum (so every index has a category), none above the
// maximum.
func (v *Version) checkCategories() []errs.Field {
	cs, scale := v.Categories, v.Index()
	if len(cs) == 0 {
		return nil
	}
	bad := []errs.Field{{Name: "categories", Key: "instrument.err.categories", Args: []any{strconv.Itoa(scale.Min)}}}
	seen := map[string]bool{}
	for i, c := range cs {
		if c.Kategori == "" || seen[c.Kategori] || c.Min > scale.Max*100 || (i > 0 && c.Min >= cs[i-1].Min) {
			return bad
		}
		seen[c.Kategori] = true
	}
	if cs[len(cs)-1].Min != scale.Min*100 {
		return bad
	}
	return nil
}

// Indicator returns the indicator with a code, or nil.
func (v *Version) Indicator(code string) *Indicator {
	for i := range v.Aspects {
		for j := range v.Aspects[i].Indicators {
			if v.Aspects[i].Indicators[j].Code == code {
				return &v.Aspects[i].Indicators[j]
			}
		}
	}
	return nil
}
