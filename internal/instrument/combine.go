package instrument

import (
	"math/big"

	"mutu/internal/skm"
)

// The year's final index (issue #13, "Results"): the evaluator's result
// and, where the city counts them, the users' view, combined by
// Combine. PEKPPP's users' survey (F-03) is not held in Mutu; the users'
// part is the unit's own SKM result of the same year, converted below.

// DefaultUserShare is the users' share of the final index where a city
// has set none: 0, the evaluator's index alone. methods.md §4 leaves how
// evaluator and user scores combine open ([C]) and the instrument data
// notes no source for it (ipp_composition_note), so nothing is mixed in
// until a city decides.
const DefaultUserShare = 0

// UsersFromKonversi converts an IKM konversi (methods.md §1.2 step 4:
// IKM × 25, 25–100), in hundredths as rounded for its official figure, to
// the IPP's 0–5 scale by the same proportion of the maximum: konversi ×
// 5 / 100 (100 → 5; 87,28 → 4,364; 25 → 1,25). The konversi is a share
// of the best possible answer as the IPP is of 5; the rounded figure is
// used because it is the one the unit published.
func UsersFromKonversi(hundredths int64) *big.Rat {
	return big.NewRat(hundredths, 2000) // (h / 100) × 5 / 100
}

// Final is a year's final index with its parts.
type Final struct {
	Evaluator *big.Rat // the evaluator's index
	Users     *big.Rat // the users' part on the index's scale; nil: none
	Share     int      // the users' share in percent
	// Exact is nil when the share asks for a users' part there is none of.
	Exact    *big.Rat
	Rounded  int64 // hundredths, half-up: the official figure
	Category Category
}

// Final combines the evaluator's index with the users' part at the users'
// share (0–100); with a share of 0 it is the evaluator's index, users'
// part or not. The category is decided on the rounded figure, as for a
// visit's result.
func (v *Version) Final(evaluator, users *big.Rat, share int) (Final, error) {
	f := Final{Evaluator: evaluator, Users: users, Share: share}
	if share != 0 && users == nil {
		if _, err := Combine(evaluator, evaluator, share); err != nil {
			return Final{}, err
		}
		return f, nil
	}
	if users == nil {
		users = evaluator
	}
	exact, err := Combine(evaluator, users, share)
	if err != nil {
		return Final{}, err
	}
	f.Exact, f.Rounded = exact, skm.RoundHalfUp(exact, 2)
	f.Category = v.CategoryOf(f.Rounded)
	return f, nil
}
