// Package kepatuhan is a unit's readiness for the Ombudsman's compliance
// assessment (issue #14): which of the Ombudsman's indicators Mutu's own
// data answers, and how (Sources, as data), the self-assessment that
// merges those pulled scores with the ones the unit enters, and the
// projection of a unit and of a city. Scoring itself is the instrument
// engine's (instrument.Version.Project); this package only decides the
// indicator scores Mutu can vouch for. It is pure: the store gathers the
// Facts, the web shows the result.
package kepatuhan

import (
	"math/big"

	"mutu/internal/instrument"
	"mutu/internal/skm"
	"mutu/internal/standard"
)

// Evidence is a kind of Mutu data that answers an indicator.
type Evidence string

// Kinds of evidence Mutu holds.
const (
	Publication Evidence = "publication" // the standard in force and the publication register
	Maklumat    Evidence = "maklumat"    // the service declaration
	Resolved    Evidence = "resolved"    // complaints completed of those that count
	OnTime      Evidence = "on_time"     // complaints resolved within the SLA
	SKM         Evidence = "skm"         // SKM responses this year and the follow-up recorded
	Findings    Evidence = "findings"    // open monitoring findings: a figure, not a score
)

// Source is one indicator Mutu's data answers. Component names the
// standard's component the Proses indicators look for (Publication only).
type Source struct {
	Indicator string
	Evidence  Evidence
	Component string
}

// Components of a standard the Proses dimension checks per service
// product (methods.md §5: "the standard's components available and
// published physically at the unit and digitally").
const (
	Requirements = "requirements"
	Steps        = "steps"
	Time         = "time"
	Fee          = "fee"
	Product      = "product"
)

// Sources maps Mutu's data onto the four-dimension Ombudsman versions'
// indicators (docs/kepatuhan.md explains each row). An indicator absent
// here is entered by the unit, with a note and evidence, or from an
// interview record.
var Sources = []Source{
	{"PR-01", Publication, Requirements},
	{"PR-02", Publication, Steps},
	{"PR-03", Publication, Time},
	{"PR-04", Publication, Fee},
	{"PR-05", Publication, Product},
	{"PR-06", Maklumat, ""},
	{"PG-03", Resolved, ""},
	{"PG-04", OnTime, ""},
	{"IN-11", SKM, ""},
	{"IN-07", Findings, ""},
}

// Service is what Mutu knows of one service product's standard.
type Service struct {
	ID, Code, Name string
	Standard       *standard.Content // the version in force; nil: none
	Board          bool              // the register has a notice-board photo
	Online         bool              // the register has a website or social-media entry
}

// Facts is Mutu's data on a unit (or on one of its service products) for
// a year: what Pull reads.
type Facts struct {
	Services           []Service // the active services in scope
	Maklumat           bool      // recorded
	MaklumatSigned     bool      // signed: its date and at least one evidence file
	Counted, Completed int       // complaints that count, and those completed (complaint.Stats)
	ResolutionDone     int       // complaints resolved, and of them on time
	ResolutionOnTime   int
	SKMRespondents     int64 // SKM responses this year
	SKMActions         int   // follow-up actions recorded on SKM results
	OpenFindings       int   // monitoring findings not closed
}

// Pulled is what Mutu's data says of one indicator: a score when it can
// vouch for one, and the figure it rests on (a catalog key and its
// arguments) in every case.
type Pulled struct {
	Source
	Score  int
	Scored bool // false: the figure informs, the unit enters the score
	Key    string
	Args   []any
	// Weakest is the service product whose fix raises a Publication
	// score (nil: none short of the top); Missing: its standard in force
	// lacks the component (the fix is the standard, not the register).
	Weakest *Service
	Missing bool
}

// has reports whether a standard states the component.
func has(c *standard.Content, component string) bool {
	switch component {
	case Requirements:
		return len(c.Requirements) > 0
	case Steps:
		return len(c.Steps) > 0
	case Time:
		return c.Time.Value > 0
	case Fee:
		return c.Fee.Kind != ""
	case Product:
		return c.Product != ""
	}
	return false
}

// serviceScore is one service product's score on a component, 0–5: the
// component stated in the standard in force 1, published on the notice
// board 2 more, online 2 more. Without a standard in force there is
// nothing to publish: 0.
func serviceScore(s *Service, component string) (score int, missing bool) {
	if s.Standard == nil || !has(s.Standard, component) {
		return 0, true
	}
	score = 1
	if s.Board {
		score += 2
	}
	if s.Online {
		score += 2
	}
	return score, false
}

// share scores part of whole on the 0–5 scale, rounded down: only a
// complete record earns the top.
func share(part, whole int) int {
	return 5 * part / whole
}

// Pull answers every Source the version has from the facts, in the order
// of Sources. A Publication indicator takes the weakest service product's
// score (the Ombudsman observes products it picks: every one must pass).
func Pull(v *instrument.Version, f Facts) []Pulled {
	var out []Pulled
	for _, src := range Sources {
		if ind := v.Indicator(src.Indicator); ind == nil || !ind.Scored {
			continue
		}
		p := Pulled{Source: src}
		switch src.Evidence {
		case Publication:
			if len(f.Services) == 0 {
				p.Key = "kepatuhan.fig.no_services"
				break
			}
			p.Scored, p.Score = true, v.Scale.Max
			full := 0
			for i := range f.Services {
				s, missing := serviceScore(&f.Services[i], src.Component)
				if s >= v.Scale.Max {
					full++
				}
				if s < p.Score {
					p.Score, p.Weakest, p.Missing = s, &f.Services[i], missing
				}
			}
			p.Key, p.Args = "kepatuhan.fig.publication", []any{full, len(f.Services)}
		case Maklumat:
			p.Scored = true
			switch {
			case f.MaklumatSigned:
				p.Score, p.Key = 5, "kepatuhan.fig.maklumat_signed"
			case f.Maklumat:
				p.Score, p.Key = 3, "kepatuhan.fig.maklumat_unsigned"
			default:
				p.Key = "kepatuhan.fig.maklumat_none"
			}
		case Resolved:
			p.Key, p.Args = "kepatuhan.fig.resolved", []any{f.Completed, f.Counted}
			if f.Counted > 0 {
				p.Scored, p.Score = true, share(f.Completed, f.Counted)
			}
		case OnTime:
			p.Key, p.Args = "kepatuhan.fig.on_time", []any{f.ResolutionOnTime, f.ResolutionDone}
			if f.ResolutionDone > 0 {
				p.Scored, p.Score = true, share(f.ResolutionOnTime, f.ResolutionDone)
			}
		case SKM:
			// an SKM held this year is an evaluation of the service; acting
			// on its results completes it
			p.Scored, p.Key, p.Args = true, "kepatuhan.fig.skm", []any{f.SKMRespondents, f.SKMActions}
			switch {
			case f.SKMRespondents > 0 && f.SKMActions > 0:
				p.Score = 5
			case f.SKMRespondents > 0:
				p.Score = 3
			}
		case Findings:
			p.Key, p.Args = "kepatuhan.fig.findings", []any{f.OpenFindings}
		}
		out = append(out, p)
	}
	return out
}

// SelfAssessment merges the pulled scores with the unit's entered items into
// the self-assessment the version projects: an entered item overrides
// what Mutu pulled (the unit may know better, and says why in its note).
func SelfAssessment(unitCode, product, version string, pulled []Pulled, entered map[string]instrument.Item) *instrument.SelfAssessment {
	a := &instrument.SelfAssessment{UnitCode: unitCode, Product: product, Version: version, Items: map[string]instrument.Item{}}
	for _, p := range pulled {
		if p.Scored {
			a.Items[p.Indicator] = instrument.Item{Score: p.Score, Origin: instrument.OriginMutu}
		}
	}
	for code, it := range entered {
		it.Origin = instrument.OriginEntered
		a.Items[code] = it
	}
	return a
}

// Projected scores a self-assessment as instrument.Version.Project does —
// an indicator not assessed counts at the scale's minimum — and counts its
// gaps (scored indicators of weighted aspects below the top) without
// scoring each one again: what a list of many units needs.
func Projected(v *instrument.Version, a *instrument.SelfAssessment) (*instrument.Result, int, error) {
	scores, gaps := map[string]int{}, 0
	for _, asp := range v.Aspects {
		for _, ind := range asp.Indicators {
			if !ind.Scored {
				continue
			}
			scores[ind.Code] = v.Scale.Min
			if it, ok := a.Items[ind.Code]; ok {
				scores[ind.Code] = it.Score
			}
			if scores[ind.Code] < v.Scale.Max && asp.Weight.Rat().Sign() > 0 {
				gaps++
			}
		}
	}
	res, err := v.Score(scores)
	return res, gaps, err
}

// City is a city's projection: the mean of its units' projected scores,
// exact, then rounded half-up to hundredths and categorised as a unit's
// score is. The Ombudsman publishes one opinion per government; Mutu's
// reading of it is the units' mean, each unit counting once whatever its
// size (docs/kepatuhan.md).
type City struct {
	Units   int
	Exact   *big.Rat
	Rounded int64
	Opinion instrument.Opinion
}

// CityOf combines the units' exact projected scores under v (none: nil).
func CityOf(v *instrument.Version, units []*big.Rat) *City {
	if len(units) == 0 {
		return nil
	}
	sum := new(big.Rat)
	for _, r := range units {
		sum.Add(sum, r)
	}
	mean := sum.Quo(sum, big.NewRat(int64(len(units)), 1))
	rounded := skm.RoundHalfUp(mean, 2)
	return &City{Units: len(units), Exact: mean, Rounded: rounded, Opinion: v.OpinionOf(v.CategoryOf(rounded))}
}
