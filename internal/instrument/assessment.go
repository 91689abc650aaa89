package instrument

import (
	"cmp"
	"math/big"
	"slices"

	"mutu/internal/skm"
)

// A self-assessment is a unit's own scoring of a version before the
// assessors come (the Ombudsman's compliance assessment first): a score
// per indicator, each either pulled from Mutu's own data (published
// standards, maklumat, complaint figures, SKM results) or entered with its
// evidence. It projects the score the unit would get and lists its gaps by
// the points each is worth.

// Origins of a self-assessment item's score.
const (
	OriginMutu    = "mutu"    // computed from Mutu's data
	OriginEntered = "entered" // entered by the unit, with evidence
)

// SelfAssessment is one unit's (and optionally one service product's)
// assessment under a version, by its label.
type SelfAssessment struct {
	UnitCode string
	Product  string // service code; "" for the unit as a whole
	Version  string
	Items    map[string]Item // by indicator code; a missing one is not assessed yet
}

// Item is the score given to one indicator and where it comes from.
type Item struct {
	Score    int
	Origin   string   // OriginMutu or OriginEntered
	Note     string   // what was checked, or the interview's summary
	Evidence []string // ids of evidence files
}

// Gap is an indicator below the top of the scale, with what closing it is
// worth: the projected index with that indicator at the top, minus the
// projection as it stands (exact, and in hundredths rounded half-up).
type Gap struct {
	Indicator, Name, Aspect string
	Score                   int  // as assessed; the scale's minimum when not assessed
	Assessed                bool // false: no score yet
	Assumed                 bool // the indicator's weight is assumed (methods.md §5): so is the worth
	Worth                   *big.Rat
	WorthRounded            int64
}

// Project scores a self-assessment on its version — an indicator not
// assessed yet counts at the scale's minimum, since nothing is shown for
// it — and lists the gaps, the most valuable first (ties in the
// instrument's order). Each gap's worth is found by scoring the assessment
// again with that gap closed, so it follows every weight and rounding rule
// of the version, assumed weights included.
func (v *Version) Project(a *SelfAssessment) (*Result, []Gap, error) {
	scores := map[string]int{}
	for _, code := range v.ScoredIndicators() {
		scores[code] = v.Scale.Min
	}
	for code, it := range a.Items {
		scores[code] = it.Score
	}
	base, err := v.Score(scores)
	if err != nil {
		return nil, nil, err
	}
	weights := v.Weights()
	var gaps []Gap
	for _, asp := range v.Aspects {
		for _, ind := range asp.Indicators {
			s := scores[ind.Code]
			if !ind.Scored || s >= v.Scale.Max {
				continue
			}
			scores[ind.Code] = v.Scale.Max
			closed, err := v.Score(scores)
			scores[ind.Code] = s
			if err != nil {
				return nil, nil, err
			}
			worth := new(big.Rat).Sub(closed.Exact, base.Exact)
			if worth.Sign() == 0 {
				continue // an aspect without weight
			}
			_, assessed := a.Items[ind.Code]
			gaps = append(gaps, Gap{Indicator: ind.Code, Name: ind.Name, Aspect: asp.Code, Score: s, Assessed: assessed,
				Assumed: weights[ind.Code].Assumed, Worth: worth, WorthRounded: skm.RoundHalfUp(worth, 2)})
		}
	}
	slices.SortStableFunc(gaps, func(x, y Gap) int { return cmp.Compare(0, x.Worth.Cmp(y.Worth)) })
	return base, gaps, nil
}
