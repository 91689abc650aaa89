package skm

import "testing"

// TestOfficialFigures: the rounded figures a result publishes are the exact
// values rounded half-up (NRR 2 decimals, IKM 3, konversi 2), and the grade
// follows the rounded konversi, at each grade boundary and where binary
// floating point would round the other way.
func TestOfficialFigures(t *testing.T) {
	// every gives all nine elements the NRR sum/n.
	every := func(sum, n int64) Tally {
		p := make([][2]int64, 9)
		for i := range p {
			p[i] = [2]int64{sum, n}
		}
		return tally(n, p...)
	}
	for _, tc := range []struct {
		name               string
		t                  Tally
		nrr, ikm, konversi float64
		mutu               string
	}{
		{"88,305 rounds up into A", every(17661, 5000), 3.53, 3.532, 88.31, "A"},
		{"88,3049 stays B", every(3532196, 1000000), 3.53, 3.532, 88.30, "B"},
		{"76,605 rounds up into B although the IKM reads 3,064", every(15321, 5000), 3.06, 3.064, 76.61, "B"},
		{"76,6049 stays C", every(3064196, 1000000), 3.06, 3.064, 76.60, "C"},
		{"64,995 rounds up into C", every(12999, 5000), 2.60, 2.600, 65.00, "C"},
		{"64,9949 stays D", every(2599796, 1000000), 2.60, 2.600, 64.99, "D"},
		{"IKM 3,0645 is 3,065, not the float's 3,064", every(6129, 2000), 3.06, 3.065, 76.61, "B"},
		{"NRR 2,625 is 2,63, not the float's 2,62", every(21, 8), 2.63, 2.625, 65.63, "C"},
		{"all 4", every(40, 10), 4, 4, 100, "A"},
		{"all 1", every(3, 3), 1, 1, 25, "D"},
	} {
		r, err := Compute(permen, tc.t, Exact)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Elements[0].NRRRounded != tc.nrr || r.IKMRounded != tc.ikm || r.KonversiRounded != tc.konversi || r.Mutu != tc.mutu {
			t.Errorf("%s: NRR %v IKM %v konversi %v mutu %s; want %v %v %v %s (exact IKM %.7f, konversi %.7f)", tc.name,
				r.Elements[0].NRRRounded, r.IKMRounded, r.KonversiRounded, r.Mutu, tc.nrr, tc.ikm, tc.konversi, tc.mutu, r.IKM, r.Konversi)
		}
	}
	// No answers for an element: no IKM, nothing rounded.
	r, _ := Compute(permen, NewTally(9), Exact)
	if r.Complete || r.IKMRounded != 0 || r.KonversiRounded != 0 || r.Mutu != "" {
		t.Errorf("empty tally: %+v", r)
	}
}
