package region_test

import (
	"slices"
	"strings"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/region"
)

func TestLevelOf(t *testing.T) {
	tests := []struct {
		code  string
		level region.Level
		ok    bool
	}{
		// Good codes at each level.
		{"31", region.Province, true},
		{"00", region.Province, true},
		{"31.72", region.City, true},
		{"31.01", region.City, true},
		{"31.72.01", region.District, true},
		{"31.72.01.1001", region.Village, true},
		{"99.99.99.9999", region.Village, true},

		// Wrong widths at each depth.
		{"3", "", false},
		{"317", "", false},
		{"31.7", "", false},
		{"31.720", "", false},
		{"31.72.1", "", false},
		{"31.72.001", "", false},
		{"31.72.01.100", "", false},
		{"31.72.01.10011", "", false},
		{"31.72.01.01", "", false},
		// Letters and other non-digits.
		{"3A", "", false},
		{"DK", "", false},
		{"31.7x", "", false},
		{"31.72.0a", "", false},
		{"31.72.01.100a", "", false},
		{"３１", "", false}, // full-width digits
		{"31,72", "", false},
		{"31-72", "", false},
		{"31 72", "", false},
		{" 31", "", false},
		{"31 ", "", false},
		{"+1", "", false},
		{"-1", "", false},
		// Dots in the wrong place.
		{"31.", "", false},
		{"31.72.", "", false},
		{"31.72.01.", "", false},
		{"31.72.01.1001.", "", false},
		{".31", "", false},
		{"31..72", "", false},
		{".", "", false},
		// Empty and too many segments.
		{"", "", false},
		{"31.72.01.1001.01", "", false},
		{"31.72.01.1001.1001", "", false},
		{"31.72.01.01.01", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			level, ok := region.LevelOf(tt.code)
			if level != tt.level || ok != tt.ok {
				t.Errorf("LevelOf(%q) = %q, %v; want %q, %v", tt.code, level, ok, tt.level, tt.ok)
			}
			if got := region.ValidCode(tt.code); got != tt.ok {
				t.Errorf("ValidCode(%q) = %v; want %v", tt.code, got, tt.ok)
			}
		})
	}
}

func TestParentOf(t *testing.T) {
	tests := []struct{ code, want string }{
		{"31", ""},
		{"31.72", "31"},
		{"31.72.01", "31.72"},
		{"31.72.01.1001", "31.72.01"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := region.ParentOf(tt.code); got != tt.want {
			t.Errorf("ParentOf(%q) = %q; want %q", tt.code, got, tt.want)
		}
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		code, scope string
		want        bool
	}{
		// An empty scope contains everything, even the empty code.
		{"31", "", true},
		{"31.72.01.1001", "", true},
		{"", "", true},
		// A scope contains itself.
		{"31", "31", true},
		{"31.72", "31.72", true},
		{"31.72.01.1001", "31.72.01.1001", true},
		// ...and everything below it, at any depth.
		{"31.72", "31", true},
		{"31.72.01", "31", true},
		{"31.72.01.1001", "31", true},
		{"31.72.01.1001", "31.72", true},
		{"31.72.01.1001", "31.72.01", true},
		// A code that merely starts with the same characters is not below it.
		{"31.72", "31.7", false},
		{"31.72.01", "31.72.0", false},
		{"311", "31", false},
		{"31.720", "31.72", false},
		{"31.72.011", "31.72.01", false},
		// Parents, siblings and other provinces are outside.
		{"31", "31.72", false},
		{"31.72", "31.72.01", false},
		{"31.71", "31.72", false},
		{"31.71.01", "31.72", false},
		{"32.72", "31", false},
		{"", "31", false},
	}
	for _, tt := range tests {
		if got := region.Within(tt.code, tt.scope); got != tt.want {
			t.Errorf("Within(%q, %q) = %v; want %v", tt.code, tt.scope, got, tt.want)
		}
	}
}

func TestAncestors(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		{"31", nil},
		{"31.72", []string{"31"}},
		{"31.72.01", []string{"31", "31.72"}},
		{"31.72.01.1001", []string{"31", "31.72", "31.72.01"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := region.Ancestors(tt.code); !slices.Equal(got, tt.want) {
			t.Errorf("Ancestors(%q) = %q; want %q", tt.code, got, tt.want)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for _, l := range region.Levels {
		if got, ok := region.ParseLevel(string(l)); !ok || got != l {
			t.Errorf("ParseLevel(%q) = %q, %v", l, got, ok)
		}
	}
	for _, s := range []string{"", "Province", "kota", "village ", "desa"} {
		if got, ok := region.ParseLevel(s); ok || got != "" {
			t.Errorf("ParseLevel(%q) = %q, %v; want \"\", false", s, got, ok)
		}
	}
}

// fieldKeys lists fs as "name:key" in order, for compact comparison.
func fieldKeys(fs []errs.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+":"+f.Key)
	}
	return out
}

func TestRegionValidate(t *testing.T) {
	tests := []struct {
		name string
		r    region.Region
		want []string
	}{
		{"province", region.Region{Code: "31", Name: "DKI Jakarta", Level: region.Province}, nil},
		{"city", region.Region{Code: "31.72", Name: "Jakarta Utara", Level: region.City, ParentCode: "31"}, nil},
		{"district", region.Region{Code: "31.72.01", Name: "Penjaringan", Level: region.District, ParentCode: "31.72"}, nil},
		{"village", region.Region{Code: "31.72.01.1001", Name: "Kamal Muara", Level: region.Village, ParentCode: "31.72.01"}, nil},
		{"name of 200 bytes", region.Region{Code: "31", Name: strings.Repeat("a", 200), Level: region.Province}, nil},

		{"bad code", region.Region{Code: "31.7", Name: "X", Level: region.City, ParentCode: "31"},
			[]string{"code:region.err.code"}},
		{"empty code", region.Region{Name: "X"}, []string{"code:region.err.code"}},
		{"empty name", region.Region{Code: "31", Level: region.Province}, []string{"name:err.required"}},
		{"name of 201 bytes", region.Region{Code: "31", Name: strings.Repeat("a", 201), Level: region.Province},
			[]string{"name:err.too_long"}},
		{"level mismatch", region.Region{Code: "31.72", Name: "X", Level: region.District, ParentCode: "31"},
			[]string{"level:region.err.level"}},
		{"level missing", region.Region{Code: "31.72", Name: "X", ParentCode: "31"},
			[]string{"level:region.err.level"}},
		{"parent mismatch", region.Region{Code: "31.72.01", Name: "X", Level: region.District, ParentCode: "31.71"},
			[]string{"parent_code:region.err.parent"}},
		{"parent missing", region.Region{Code: "31.72.01", Name: "X", Level: region.District},
			[]string{"parent_code:region.err.parent"}},
		{"province with a parent", region.Region{Code: "31", Name: "X", Level: region.Province, ParentCode: "30"},
			[]string{"parent_code:region.err.parent"}},
		{"everything wrong", region.Region{Code: "31.72", Level: region.Village, ParentCode: "32"},
			[]string{"name:err.required", "level:region.err.level", "parent_code:region.err.parent"}},
		// A malformed code makes level and parent unknowable: only the code is reported.
		{"bad code hides level and parent", region.Region{Code: "x", Name: "X", Level: region.Village, ParentCode: "1"},
			[]string{"code:region.err.code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldKeys(tt.r.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestRegionValidateArgs(t *testing.T) {
	fs := region.Region{Code: "31.72.01", Name: "X", Level: region.City, ParentCode: "31"}.Validate()
	if len(fs) != 2 {
		t.Fatalf("Validate() = %+v; want level and parent errors", fs)
	}
	if fs[0].Args[0] != "district" || fs[0].Value != "city" {
		t.Errorf("level error = %+v; want args [district], value city", fs[0])
	}
	if fs[1].Args[0] != "31.72" || fs[1].Value != "31" {
		t.Errorf("parent error = %+v; want args [31.72], value 31", fs[1])
	}
}
