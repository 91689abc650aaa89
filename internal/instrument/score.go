package instrument

import (
	"maps"
	"math/big"
	"slices"
	"strconv"

	"mutu/internal/errs"
	"mutu/internal/skm"
)

// Result is a version's index computed from one set of scores.
type Result struct {
	Version string // the label of the version it was computed under
	Aspects []AspectScore
	Exact   *big.Rat // the index (IPP for PEKPPP), exact
	Rounded int64    // the index rounded half-up to two decimals, in hundredths: the official figure
	// Category is the row of the category table the rounded index falls in;
	// zero for a version without a table.
	Category Category
}

// AspectScore is one aspect's score: Σ indicator score × weight.
type AspectScore struct {
	Code   string
	Name   string
	Weight *big.Rat // percent of the index
	Score  *big.Rat // exact, on the index's scale
}

// Score computes a result from a score for every scored indicator. It
// reports every problem at once, each by its field "scores.<code>": a
// scored indicator without a score, a code the version does not have or
// does not score, a score outside the scale. Aspect scores (on the
// index's scale) and the index are exact.
func (v *Version) Score(scores map[string]int) (*Result, error) {
	var fs []errs.Field
	for _, code := range slices.Sorted(maps.Keys(scores)) {
		s, ind := scores[code], v.Indicator(code)
		switch {
		case ind == nil:
			fs = append(fs, errs.Field{Name: "scores." + code, Key: "instrument.err.unknown_indicator", Args: []any{v.Label}})
		case !ind.Scored:
			fs = append(fs, errs.Field{Name: "scores." + code, Key: "instrument.err.unscored"})
		case s < v.Scale.Min || s > v.Scale.Max:
			fs = append(fs, errs.Field{Name: "scores." + code, Key: "instrument.err.range", Args: []any{v.Scale.Min, v.Scale.Max},
				Value: strconv.Itoa(s)})
		}
	}
	for _, code := range v.ScoredIndicators() {
		if _, ok := scores[code]; !ok {
			fs = append(fs, errs.Field{Name: "scores." + code, Key: "instrument.err.missing"})
		}
	}
	if err := errs.Fields("instrument.err.scores", fs); err != nil {
		return nil, err
	}
	weights := v.Weights()
	scale, index := v.Scale, v.Index()
	aspects := map[string]*big.Rat{}
	for _, a := range v.Aspects {
		score := new(big.Rat)
		for _, ind := range a.Indicators {
			if ind.Scored {
				score.Add(score, new(big.Rat).Mul(big.NewRat(int64(scores[ind.Code]), 1), weights[ind.Code].Percent))
			}
		}
		score.Quo(score, hundred)
		// Onto the index's scale: the Ombudsman's 0–5 indicators make a
		// 0–100 dimension score (unchanged where the scales are one).
		score.Sub(score, big.NewRat(int64(scale.Min), 1))
		score.Mul(score, big.NewRat(int64(index.Max-index.Min), int64(scale.Max-scale.Min)))
		aspects[a.Code] = score.Add(score, big.NewRat(int64(index.Min), 1))
	}
	return v.index(aspects), nil
}

// ScoreAspects computes a result from a score for every weighted aspect
// (the Ombudsman's dimension scores), each on the index's scale and exact.
// It reports every problem at once, each by its field "dimensions.<code>":
// an aspect without a score, a code the version does not have or does not
// weigh, a score outside the scale.
func (v *Version) ScoreAspects(scores map[string]*big.Rat) (*Result, error) {
	var fs []errs.Field
	index, weighted := v.Index(), map[string]bool{}
	for _, a := range v.Aspects {
		if a.Weight.Rat().Sign() > 0 {
			weighted[a.Code] = true
		}
	}
	for _, code := range slices.Sorted(maps.Keys(scores)) {
		s := scores[code]
		switch {
		case !weighted[code]:
			fs = append(fs, errs.Field{Name: "dimensions." + code, Key: "instrument.err.unknown_dimension", Args: []any{v.Label}})
		case s.Cmp(big.NewRat(int64(index.Min), 1)) < 0 || s.Cmp(big.NewRat(int64(index.Max), 1)) > 0:
			fs = append(fs, errs.Field{Name: "dimensions." + code, Key: "instrument.err.dimension_range", Args: []any{index.Min, index.Max},
				Value: clip(decimalText(s))})
		}
	}
	for _, a := range v.Aspects {
		if _, ok := scores[a.Code]; weighted[a.Code] && !ok {
			fs = append(fs, errs.Field{Name: "dimensions." + a.Code, Key: "instrument.err.missing"})
		}
	}
	if err := errs.Fields("instrument.err.scores", fs); err != nil {
		return nil, err
	}
	return v.index(scores), nil
}

// index weighs valid aspect scores into the result. The index is exact;
// the category is decided on it rounded half-up to two decimals (4,505 →
// 4,51), as the IKM's mutu is.
func (v *Version) index(aspects map[string]*big.Rat) *Result {
	r := &Result{Version: v.Label, Exact: new(big.Rat)}
	for _, a := range v.Aspects {
		aw := a.Weight.Rat()
		if aw.Sign() == 0 {
			continue // unscored items only
		}
		score := aspects[a.Code]
		r.Aspects = append(r.Aspects, AspectScore{Code: a.Code, Name: a.Name, Weight: aw, Score: score})
		r.Exact.Add(r.Exact, new(big.Rat).Quo(new(big.Rat).Mul(score, aw), hundred))
	}
	r.Rounded = skm.RoundHalfUp(r.Exact, 2)
	r.Category = v.CategoryOf(r.Rounded)
	return r
}

// CategoryOf returns the category of an index rounded to hundredths: the
// first row of the table whose minimum it reaches (zero without a table).
func (v *Version) CategoryOf(hundredths int64) Category {
	for _, c := range v.Categories {
		if hundredths >= int64(c.Min) {
			return c
		}
	}
	return Category{}
}

// Combine is the final index when the evaluator's result and the users'
// (PEKPPP's F-03) count together: the users' index weighs userShare percent
// (0–100), the evaluator's the rest. The sources do not say how they
// combine (methods.md §4, [C]), so the share is the deployment's choice.
func Combine(evaluator, users *big.Rat, userShare int) (*big.Rat, error) {
	if userShare < 0 || userShare > 100 {
		return nil, errs.InvalidField("user_share", "instrument.err.share")
	}
	u := big.NewRat(int64(userShare), 100)
	e := new(big.Rat).Sub(big.NewRat(1, 1), u)
	out := new(big.Rat).Mul(evaluator, e)
	return out.Add(out, new(big.Rat).Mul(users, u)), nil
}

// decimalText writes a score as it was given (100.001, -1), to six
// decimals at most.
func decimalText(r *big.Rat) string {
	n, exact := r.FloatPrec()
	if !exact || n > 6 {
		n = 6
	}
	return r.FloatString(n)
}
