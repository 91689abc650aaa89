package tabular

import (
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	cases := []struct{ in, csv, xlsx string }{
		{"", "", ""},
		{"Puskesmas Koja", "Puskesmas Koja", "Puskesmas Koja"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"},
		{"@SUM(A1)", "'@SUM(A1)", "@SUM(A1)"},
		{"+62 21 6693 1234", "'+62 21 6693 1234", "+62 21 6693 1234"},
		{"-2+3 Unit Minus", "'-2+3 Unit Minus", "-2+3 Unit Minus"},
		{"-2", "-2", "-2"},
		{"+3", "+3", "+3"},
		{"-1,5", "-1,5", "-1,5"},
		{"2.5", "2.5", "2.5"},
		{"- pelayanan lambat", "'- pelayanan lambat", "- pelayanan lambat"},
		{"\t=1+1", "'\t=1+1", "\t=1+1"},
		{"\r=1+1", "'\r=1+1", "\r=1+1"},
		{"'Aisyiyah", "''Aisyiyah", "'Aisyiyah"},
		{"'=x", "''=x", "''=x"},
		{"''", "'''", "'''"},
		{"'", "''", "'"},
		{"021-6693-1234", "021-6693-1234", "021-6693-1234"},
		{"Jl. Raya; Blok \"A\", No. 1\nKoja", "Jl. Raya; Blok \"A\", No. 1\nKoja", "Jl. Raya; Blok \"A\", No. 1\nKoja"},
	}
	for _, c := range cases {
		if got := Guard(c.in); got != c.csv {
			t.Errorf("Guard(%q) = %q, want %q", c.in, got, c.csv)
		}
		if got := Unguard(Guard(c.in)); got != c.in {
			t.Errorf("Unguard(Guard(%q)) = %q", c.in, got)
		}
		if got := XLSXText(c.in); got != c.xlsx {
			t.Errorf("XLSXText(%q) = %q, want %q", c.in, got, c.xlsx)
		}
		if got := Unguard(XLSXText(c.in)); got != c.in {
			t.Errorf("Unguard(XLSXText(%q)) = %q", c.in, got)
		}
	}
	// A leading apostrophe typed by hand before text stays.
	for _, s := range []string{"'Aisyiyah", "'-2", "'123"} {
		if got := Unguard(s); got != s {
			t.Errorf("Unguard(%q) = %q, want it unchanged", s, got)
		}
	}
}

// FuzzGuard: whatever the text, an import gets back what was exported, and
// a guarded CSV cell never starts like a formula.
func FuzzGuard(f *testing.F) {
	for _, s := range []string{"", "=1", "-2", "-2+3 x", "'", "''=", "+62 21", "\t@", "1,5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g := Guard(s)
		if Unguard(g) != s || Unguard(XLSXText(s)) != s {
			t.Fatalf("%q: Guard %q → %q, XLSXText %q → %q", s, g, Unguard(g), XLSXText(s), Unguard(XLSXText(s)))
		}
		if g != "" && strings.ContainsRune("=@\t\r", rune(g[0])) {
			t.Fatalf("Guard(%q) = %q starts like a formula", s, g)
		}
	})
}
