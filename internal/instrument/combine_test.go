package instrument

import (
	"math/big"
	"testing"

	"mutu/internal/errs"
)

// TestUsersFromKonversi: an IKM konversi of 25–100 is the same share of
// 5 on the IPP's scale, exactly.
func TestUsersFromKonversi(t *testing.T) {
	for _, tt := range []struct {
		hundredths int64
		want       string
	}{{10000, "5/1"}, {2500, "5/4"}, {8728, "1091/250"}, {8831, "8831/2000"}, {0, "0/1"}} {
		if got := UsersFromKonversi(tt.hundredths).RatString(); got != tt.want && got+"/1" != tt.want {
			t.Errorf("konversi %d: %s, want %s", tt.hundredths, got, tt.want)
		}
	}
}

// TestFinal: the final index weighs the users' part at its share, is
// rounded half-up before its category is looked up (the table's edges
// 4,50/4,51 and 1,00/1,01 reached through the combination), and without a
// users' part is the evaluator's alone at share 0 and undefined above it.
func TestFinal(t *testing.T) {
	v := pekppp(t)
	r := func(s string) *big.Rat { x, _ := new(big.Rat).SetString(s); return x }
	for _, tt := range []struct {
		name             string
		evaluator, users *big.Rat
		share            int
		rounded          int64
		kategori         string
	}{
		{"share 0: the evaluator's", r("4.5"), r("5"), 0, 450, "A-"},
		{"share 100: the users'", r("4.5"), r("4.51"), 100, 451, "A"},
		{"30 %: 4,5 × 0,7 + 4,52 × 0,3 = 4,506 → 4,51", r("4.5"), r("4.52"), 30, 451, "A"},
		{"30 %: 4,5 × 0,7 + 4,51 × 0,3 = 4,503 → 4,50", r("4.5"), r("4.51"), 30, 450, "A-"},
		{"50 %: (1 + 1,01) / 2 = 1,005 → 1,01", r("1"), r("1.01"), 50, 101, "E"},
		{"50 %: (1 + 1,009) / 2 = 1,0045 → 1,00", r("1"), r("1.009"), 50, 100, "F"},
		{"share 0 without users", r("3.2"), nil, 0, 320, "B-"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := v.Final(tt.evaluator, tt.users, tt.share)
			if err != nil {
				t.Fatal(err)
			}
			if f.Exact == nil || f.Rounded != tt.rounded || f.Category.Kategori != tt.kategori {
				t.Errorf("%v → %d %q, want %d %q", f.Exact, f.Rounded, f.Category.Kategori, tt.rounded, tt.kategori)
			}
		})
	}
	f, err := v.Final(r("4"), nil, 30)
	if err != nil || f.Exact != nil || f.Category.Kategori != "" {
		t.Errorf("a share without a users' part: %v %v", f.Exact, err)
	}
	for _, share := range []int{-1, 101} {
		if _, err := v.Final(r("4"), r("4"), share); !errs.Is(err, errs.Invalid) {
			t.Errorf("share %d: %v", share, err)
		}
		if _, err := v.Final(r("4"), nil, share); !errs.Is(err, errs.Invalid) {
			t.Errorf("share %d without users: %v", share, err)
		}
	}
}
