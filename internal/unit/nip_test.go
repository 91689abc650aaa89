package unit

import "testing"

func TestNIP(t *testing.T) {
	for _, tc := range []struct {
		in    string
		valid bool
	}{
		{"197503122000032002", true},
		{"19750312 200003 2 002", true}, // as printed
		{"19750312.200003.1.002", true},
		{"19750312200003200", false},   // 17 digits
		{"1975031220000320021", false}, // 19
		{"19751312200003200x", false},
		{"197513122000032002", false}, // month 13 of birth
		{"197502302000032002", false}, // 30 February
		{"197503122000132002", false}, // appointment month 13
		{"197503122000033002", false}, // sex 3
		{"197503122000032000", false}, // serial 000
		{"１９７５０３１２２０００３２００２", false},  // full-width digits
	} {
		if got := ValidNIP(NormalizeNIP(tc.in)); got != tc.valid {
			t.Errorf("%q: valid %v, want %v", tc.in, got, tc.valid)
		}
	}
	u := Unit{Code: "PKM-1", Name: "x", TypeCode: "lainnya", RegionCode: "31", HeadNIP: " 19750312 200003 2 002 "}
	u.Normalize()
	if u.HeadNIP != "197503122000032002" || len(u.Validate()) != 0 {
		t.Errorf("normalised %q: %v", u.HeadNIP, u.Validate())
	}
	u.HeadNIP = "12345"
	if fs := u.Validate(); len(fs) != 1 || fs[0].Name != "head_nip" || fs[0].Key != "unit.err.nip" {
		t.Errorf("bad NIP: %v", fs)
	}
}
