package region_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/region"
)

// dkiRegions returns the DKI Jakarta file that package seed embeds
// (seed.DKIRegions), read from disk so that this domain package's tests do
// not depend on seed's imports (store and its drivers) compiling.
func dkiRegions(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../seed/data/wilayah-dki-jakarta.csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseCSVDKI parses the shipped DKI Jakarta file: 1 province, 6 cities,
// 44 districts and 267 villages, every parent before its children.
func TestParseCSVDKI(t *testing.T) {
	rs, err := region.ParseCSV(bytes.NewReader(dkiRegions(t)), nil)
	if err != nil {
		t.Fatalf("ParseCSV(DKI) error: %v", err)
	}
	if len(rs) != 318 {
		t.Fatalf("ParseCSV(DKI) = %d regions; want 318", len(rs))
	}
	count := map[region.Level]int{}
	index := map[string]int{}
	for i, r := range rs {
		if fs := r.Validate(); len(fs) > 0 {
			t.Errorf("region %s does not validate: %+v", r.Code, fs)
		}
		if _, dup := index[r.Code]; dup {
			t.Errorf("region %s appears twice", r.Code)
		}
		index[r.Code] = i
		count[r.Level]++
	}
	want := map[region.Level]int{region.Province: 1, region.City: 6, region.District: 44, region.Village: 267}
	for l, n := range want {
		if count[l] != n {
			t.Errorf("%d regions at level %s; want %d", count[l], l, n)
		}
	}
	assertTopDown(t, rs, nil)
	if rs[0].Code != "31" || rs[0].Name == "" {
		t.Errorf("first region = %+v; want the province 31", rs[0])
	}
	// Jakarta Utara and one of its villages, as in the package comment.
	if i, ok := index["31.72"]; !ok || !strings.Contains(rs[i].Name, "Jakarta Utara") {
		t.Errorf("31.72 missing or misnamed")
	}
	if _, ok := index["31.72.01.1001"]; !ok {
		t.Errorf("31.72.01.1001 missing")
	}
}

// assertTopDown checks that every region's parent comes before it, either in
// rs or among the known codes.
func assertTopDown(t *testing.T, rs []region.Region, known func(string) bool) {
	t.Helper()
	pos := map[string]int{}
	for i, r := range rs {
		pos[r.Code] = i
	}
	for i, r := range rs {
		if r.ParentCode == "" {
			continue
		}
		if j, ok := pos[r.ParentCode]; ok {
			if j >= i {
				t.Errorf("parent %s at %d is not before %s at %d", r.ParentCode, j, r.Code, i)
			}
		} else if known == nil || !known(r.ParentCode) {
			t.Errorf("parent %s of %s is neither in the result nor known", r.ParentCode, r.Code)
		}
	}
}

// rowErr is one expected problem: file line, field name, message key, Args[0]
// (nil to skip) and value.
type rowErr struct {
	Row   int
	Name  string
	Key   string
	Arg   any
	Value string
}

func rowErrs(t *testing.T, err error) []rowErr {
	t.Helper()
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an *errs.Error", err, err)
	}
	if e.Code != errs.Invalid {
		t.Errorf("error code = %s; want %s", e.Code, errs.Invalid)
	}
	var out []rowErr
	for _, f := range e.Fields {
		r := rowErr{Row: f.Row, Name: f.Name, Key: f.Key, Value: f.Value}
		if len(f.Args) > 0 {
			r.Arg = f.Args[0]
		}
		out = append(out, r)
	}
	return out
}

func TestParseCSV(t *testing.T) {
	const header = "code,name,level,parent_code\n"
	tests := []struct {
		name  string
		in    string
		known func(string) bool
		codes []string // on success, in returned order
		want  []rowErr // on failure, the row problems
	}{
		{
			name:  "sorted parents first whatever the file order",
			in:    header + "31.72.01,Penjaringan,district,31.72\n31.72,Jakarta Utara,city,31\n31,DKI Jakarta,province,\n31.72.01.1001,Kamal Muara,village,31.72.01\n31.71,Jakarta Pusat,city,31\n",
			codes: []string{"31", "31.71", "31.72", "31.72.01", "31.72.01.1001"},
		},
		{
			name:  "level and parent derived when the columns are empty",
			in:    header + "31,DKI Jakarta,,\n31.72,Jakarta Utara,,\n31.72.01,Penjaringan,,\n",
			codes: []string{"31", "31.72", "31.72.01"},
		},
		{
			name:  "level and parent derived when the columns are absent",
			in:    "code,name\n31.72,Jakarta Utara\n31,DKI Jakarta\n",
			codes: []string{"31", "31.72"},
		},
		{
			name:  "header in another case and order, semicolons, BOM, CRLF",
			in:    "\ufeffName;Parent_Code;CODE;Level\r\nDKI Jakarta;;31;province\r\nJakarta Utara;31;31.72;city\r\n",
			codes: []string{"31", "31.72"},
		},
		{
			name:  "cells are trimmed",
			in:    header + " 31 , DKI Jakarta , province , \n",
			codes: []string{"31"},
		},
		{
			name:  "parent given by known",
			in:    header + "31.72.01,Penjaringan,district,31.72\n",
			known: func(c string) bool { return c == "31.72" },
			codes: []string{"31.72.01"},
		},
		{
			name: "known is asked only about the missing parent, and says no",
			in:   header + "31.72.01,Penjaringan,district,31.72\n",
			known: func(c string) bool {
				if c != "31.72" {
					panic("known(" + c + ")")
				}
				return false
			},
			want: []rowErr{{2, "parent_code", "region.err.parent_unknown", nil, "31.72"}},
		},
		{
			name: "missing parents named on the child's line",
			in:   header + "31,DKI Jakarta,province,\n31.72.01,Penjaringan,district,31.72\n31.72.01.1001,Kamal Muara,village,31.72.01\n31.73.01,Koja,district,31.73\n",
			want: []rowErr{
				{3, "parent_code", "region.err.parent_unknown", nil, "31.72"},
				{5, "parent_code", "region.err.parent_unknown", nil, "31.73"},
			},
		},
		{
			name: "province needs no parent but the city's province does",
			in:   header + "31.72,Jakarta Utara,city,31\n",
			want: []rowErr{{2, "parent_code", "region.err.parent_unknown", nil, "31"}},
		},
		{
			name: "a parent row that is itself invalid does not count",
			in:   header + "31,,province,\n31.72,Jakarta Utara,city,31\n",
			want: []rowErr{
				{2, "name", "err.required", nil, ""},
				{3, "parent_code", "region.err.parent_unknown", nil, "31"},
			},
		},
		{
			name: "duplicates name the first row",
			in:   header + "31,DKI Jakarta,province,\n31.72,Jakarta Utara,city,31\n31.72,Jakarta Utara lagi,city,31\n31.72,Jakarta Utara ketiga,city,31\n",
			want: []rowErr{
				{4, "code", "import.err.duplicate_in_file", 3, "31.72"},
				{5, "code", "import.err.duplicate_in_file", 3, "31.72"},
			},
		},
		{
			name: "duplicate after blank lines names the file line",
			in:   header + "\n31,DKI Jakarta,province,\n\n\n31,DKI Jakarta,province,\n",
			want: []rowErr{{6, "code", "import.err.duplicate_in_file", 3, "31"}},
		},
		{
			name: "level mismatch",
			in:   header + "31,DKI Jakarta,province,\n31.72,Jakarta Utara,district,31\n",
			want: []rowErr{{3, "level", "region.err.level", "city", "district"}},
		},
		{
			name: "unknown level name",
			in:   header + "31,DKI Jakarta,Provinsi,\n",
			want: []rowErr{{2, "level", "region.err.level", "province", "Provinsi"}},
		},
		{
			name: "parent mismatch",
			in:   header + "31,DKI Jakarta,province,\n31.72,Jakarta Utara,city,32\n",
			want: []rowErr{{3, "parent_code", "region.err.parent", "31", "32"}},
		},
		{
			name: "malformed codes",
			in:   header + "31,DKI Jakarta,province,\n31.7,X,city,31\n31.72.,Y,city,31\n3l,Z,province,\n",
			want: []rowErr{
				{3, "code", "region.err.code", nil, "31.7"},
				{4, "code", "region.err.code", nil, "31.72."},
				{5, "code", "region.err.code", nil, "3l"},
			},
		},
		{
			name: "empty code is malformed, not a duplicate",
			in:   header + "31,DKI Jakarta,province,\n,A,,\n,B,,\n",
			want: []rowErr{
				{3, "code", "region.err.code", nil, ""},
				{4, "code", "region.err.code", nil, ""},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := region.ParseCSV(strings.NewReader(tt.in), tt.known)
			if tt.want != nil {
				if err == nil {
					t.Fatalf("ParseCSV succeeded with %+v; want errors %+v", rs, tt.want)
				}
				if rs != nil {
					t.Errorf("ParseCSV returned regions beside an error")
				}
				if got := rowErrs(t, err); !slices.Equal(got, tt.want) {
					t.Errorf("errors =\n %+v\nwant\n %+v", got, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCSV error: %v", err)
			}
			var codes []string
			for _, r := range rs {
				codes = append(codes, r.Code)
				if fs := r.Validate(); len(fs) > 0 {
					t.Errorf("region %+v does not validate: %+v", r, fs)
				}
			}
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("codes = %q; want %q", codes, tt.codes)
			}
			assertTopDown(t, rs, tt.known)
		})
	}
}

func TestParseCSVDerivedFields(t *testing.T) {
	rs, err := region.ParseCSV(strings.NewReader("code,name\n31,DKI Jakarta\n31.72,Jakarta Utara\n31.72.01,Penjaringan\n31.72.01.1001,Kamal Muara\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []region.Region{
		{Code: "31", Name: "DKI Jakarta", Level: region.Province},
		{Code: "31.72", Name: "Jakarta Utara", Level: region.City, ParentCode: "31"},
		{Code: "31.72.01", Name: "Penjaringan", Level: region.District, ParentCode: "31.72"},
		{Code: "31.72.01.1001", Name: "Kamal Muara", Level: region.Village, ParentCode: "31.72.01"},
	}
	if !slices.Equal(rs, want) {
		t.Errorf("ParseCSV =\n %+v\nwant\n %+v", rs, want)
	}
}

func TestParseCSVFileErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		code errs.Code
		key  string
	}{
		{"empty", "", errs.Invalid, "import.err.empty"},
		{"header only", "code,name,level,parent_code\n", errs.Invalid, "import.err.no_rows"},
		{"no name column", "code,level\n31,province\n", errs.Invalid, "import.err.missing_columns"},
		{"cell over 512 bytes", "code,name\n31," + strings.Repeat("x", 513) + "\n", errs.Invalid, "import.err.cell_too_long"},
		{"bad quotes", "code,name\n31,\"DKI\n", errs.Invalid, "import.err.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := region.ParseCSV(strings.NewReader(tt.in), nil)
			e, ok := errs.As(err)
			if !ok || e.Code != tt.code || e.Key != tt.key {
				t.Errorf("ParseCSV error = %v; want %s %s", err, tt.code, tt.key)
			}
		})
	}
}

// TestParseCSVMaxErrors: a file with many bad rows lists at most MaxErrors.
func TestParseCSVMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,name\n")
	for i := range region.MaxErrors + 50 {
		fmt.Fprintf(&b, "x%d,\n", i) // two problems per row
	}
	_, err := region.ParseCSV(strings.NewReader(b.String()), nil)
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("error = %v", err)
	}
	if len(e.Fields) != region.MaxErrors {
		t.Errorf("%d problems listed; want %d", len(e.Fields), region.MaxErrors)
	}
}

func TestSortTopDown(t *testing.T) {
	rs := []region.Region{{Code: "31.72.01.1001"}, {Code: "31.72.01"}, {Code: "31.71"}, {Code: "31.72"}, {Code: "31"}, {Code: "31.72.02"}, {Code: "31.71.10"}}
	region.SortTopDown(rs)
	var codes []string
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	want := []string{"31", "31.71", "31.71.10", "31.72", "31.72.01", "31.72.01.1001", "31.72.02"}
	if !slices.Equal(codes, want) {
		t.Errorf("SortTopDown = %q; want %q", codes, want)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("code,name,level,parent_code\n31,DKI Jakarta,province,\n31.72,Jakarta Utara,city,31\n"))
	f.Add([]byte("code,name\n31.72.01,Penjaringan\n31.72.01.1001,Kamal Muara\n"))
	f.Add([]byte("\ufeffcode;name;level;parent_code\r\n32;Jawa Barat;province;\r\n32.73;Bandung;city;32\r\n"))
	f.Add([]byte("code,name\n31,A\n31,B\n"))
	f.Add([]byte("code,name,level\n31.72,A,district\n"))
	f.Add([]byte("code,name\n\"31\",\"DKI, Jakarta\"\n\n31.7,\"x\"\"y\"\n"))
	f.Add([]byte("code,name\n31.,A\n.31,B\n31..72,C\n"))
	f.Add([]byte("code,name\n31,\"unterminated\n"))
	// The first 40 lines of the real file: the whole file (15 kB) makes each
	// mutation and minimisation slow for little extra coverage.
	lines := bytes.SplitAfter(dkiRegions(f), []byte("\n"))
	f.Add(bytes.Join(lines[:40], nil))
	// known: provinces 31 and 32 exist already.
	known := func(c string) bool { return c == "31" || c == "32" }
	f.Fuzz(func(t *testing.T, in []byte) {
		rs, err := region.ParseCSV(bytes.NewReader(in), known)
		if err != nil {
			if rs != nil {
				t.Fatalf("regions beside error %v", err)
			}
			e, ok := errs.As(err)
			if !ok || (e.Code != errs.Invalid && e.Code != errs.TooLarge) {
				t.Fatalf("error %v is not Invalid or TooLarge", err)
			}
			if len(e.Fields) > region.MaxErrors {
				t.Fatalf("%d problems listed; at most %d allowed", len(e.Fields), region.MaxErrors)
			}
			for _, fl := range e.Fields {
				if fl.Row < 2 {
					t.Fatalf("problem on line %d: the header is line 1", fl.Row)
				}
			}
			return
		}
		if len(rs) == 0 {
			t.Fatal("no regions and no error")
		}
		seen := map[string]bool{}
		for i, r := range rs {
			if fs := r.Validate(); len(fs) > 0 {
				t.Fatalf("region %+v does not validate: %+v", r, fs)
			}
			if seen[r.Code] {
				t.Fatalf("region %s twice", r.Code)
			}
			seen[r.Code] = true
			if i > 0 && rs[i-1].Code >= r.Code {
				t.Fatalf("not sorted: %s before %s", rs[i-1].Code, r.Code)
			}
			if p := r.ParentCode; p != "" && !seen[p] && !known(p) {
				t.Fatalf("parent %s of %s neither before it nor known", p, r.Code)
			}
		}
	})
}
