package unit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// sampleUnits returns the sample file that package seed embeds
// (seed.SampleUnits), read from disk so that this domain package's tests do
// not depend on seed's imports (store and its drivers) compiling.
func sampleUnits(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../seed/data/jakarta-service-units-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const importHeader = "unit_code,name,type,region_code,services\n"

// problem is one expected row problem: file line, field, key, and value.
type problem struct {
	Row   int
	Name  string
	Key   string
	Value string
}

func problemsOf(fs []errs.Field) []problem {
	var out []problem
	for _, f := range fs {
		out = append(out, problem{f.Row, f.Name, f.Key, f.Value})
	}
	return out
}

func TestParseCSVSample(t *testing.T) {
	rows, problems, err := unit.ParseCSV(bytes.NewReader(sampleUnits(t)))
	if err != nil || len(problems) > 0 {
		t.Fatalf("ParseCSV(sample) = %v, %+v", err, problems)
	}
	if len(rows) != 18 {
		t.Errorf("%d units; want 18", len(rows))
	}
	services := 0
	for i, row := range rows {
		if row.Line != i+2 {
			t.Errorf("unit %s on line %d; want %d", row.Unit.Code, row.Line, i+2)
		}
		services += len(row.Unit.Services)
		if len(row.Unit.Services) == 0 {
			t.Errorf("unit %s has no services", row.Unit.Code)
		}
	}
	if services != 114 {
		t.Errorf("%d services; want 114", services)
	}
	dkp := rows[1].Unit
	want := []string{"ktp-el", "kartu-keluarga-kk", "akta-kelahiran", "akta-kematian", "kartu-identitas-anak-kia", "surat-pindah-datang", "layanan-jemput-bola-biduk"}
	var got []string
	for _, s := range dkp.Services {
		got = append(got, s.Code)
	}
	if dkp.Code != "DKP-31.72" || !slices.Equal(got, want) {
		t.Errorf("DKP-31.72 services = %q; want %q", got, want)
	}
}

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		lines    []int
		codes    []string
		services [][]string // service codes per row; nil: not checked
		problems []problem
	}{
		{
			name:     "one unit, services split on ';' and trimmed",
			in:       importHeader + "pkm-31.72.01,Puskesmas Penjaringan,puskesmas_kecamatan,31.72.01, KTP-el ; Akta Kelahiran;;  ;\n",
			lines:    []int{2},
			codes:    []string{"PKM-31.72.01"},
			services: [][]string{{"ktp-el", "akta-kelahiran"}},
		},
		{
			name:     "services column optional",
			in:       "unit_code,name,type,region_code\nPKM-1,Puskesmas,puskesmas,31.72\n",
			lines:    []int{2},
			codes:    []string{"PKM-1"},
			services: [][]string{nil},
		},
		{
			name:     "names that slug alike get distinct codes",
			in:       importHeader + "PKM-1,P,puskesmas,31.72,Akta!;Akta?;(Akta)\n",
			lines:    []int{2},
			codes:    []string{"PKM-1"},
			services: [][]string{{"akta", "akta-2", "akta-3"}},
		},
		{
			name:     "line numbers are file lines: header is 1, blank lines count",
			in:       "\ufeffUnit_Code;Name;Type;Region_Code\r\n\r\nA-1;A;puskesmas;31.72\r\n;;;\r\n\r\nA-2;B;puskesmas;31.72\r\n",
			lines:    []int{3, 6},
			codes:    []string{"A-1", "A-2"},
			services: [][]string{nil, nil},
		},
		{
			name:  "duplicates in the file, after normalising, name the first line",
			in:    importHeader + "PKM-1,A,puskesmas,31.72,\nPKM-2,B,puskesmas,31.72,\n pkm-1 ,C,puskesmas,31.72,\n\nPKM-1,D,puskesmas,31.72,\n",
			lines: []int{2, 3, 4, 6},
			codes: []string{"PKM-1", "PKM-2", "PKM-1", "PKM-1"},
			problems: []problem{
				{4, "unit_code", "import.err.duplicate_in_file", "PKM-1"},
				{6, "unit_code", "import.err.duplicate_in_file", "PKM-1"},
			},
		},
		{
			name:     "duplicate service names, ignoring case",
			in:       importHeader + "PKM-1,A,puskesmas,31.72,KTP-el;Akta;ktp-EL;Akta;KTP-el\n",
			lines:    []int{2},
			codes:    []string{"PKM-1"},
			services: [][]string{{"ktp-el", "akta"}},
			problems: []problem{
				{2, "services", "service.err.duplicate", "ktp-EL"},
				{2, "services", "service.err.duplicate", "Akta"},
				{2, "services", "service.err.duplicate", "KTP-el"},
			},
		},
		{
			name:  "field problems renamed to the file's columns",
			in:    importHeader + "p,,Puskesmas,31.7,\n",
			lines: []int{2},
			codes: []string{"P"},
			problems: []problem{
				{2, "unit_code", "unit.err.code", "P"},
				{2, "name", "err.required", ""},
				{2, "type", "unit.err.type", "Puskesmas"},
				{2, "region_code", "region.err.code", "31.7"},
			},
		},
		{
			name:  "empty codes are malformed, not duplicates",
			in:    importHeader + ",A,puskesmas,31.72,\n,B,puskesmas,31.72,\n",
			lines: []int{2, 3},
			codes: []string{"", ""},
			problems: []problem{
				{2, "unit_code", "unit.err.code", ""},
				{3, "unit_code", "unit.err.code", ""},
			},
		},
		{
			name:  "a malformed code is still a duplicate",
			in:    importHeader + "A B,A,puskesmas,31.72,\na b,B,puskesmas,31.72,\n",
			lines: []int{2, 3},
			codes: []string{"A B", "A B"},
			problems: []problem{
				{2, "unit_code", "unit.err.code", "A B"},
				{3, "unit_code", "unit.err.code", "A B"},
				{3, "unit_code", "import.err.duplicate_in_file", "A B"},
			},
		},
		{
			name:     "service name too long, named by value",
			in:       importHeader + "PKM-1,A,puskesmas,31.72,OK;" + strings.Repeat("x", 201) + "\n",
			lines:    []int{2},
			codes:    []string{"PKM-1"},
			services: [][]string{{"ok", strings.Repeat("x", 50)}},
			problems: []problem{{2, "services", "err.too_long", strings.Repeat("x", 201)}},
		},
		{
			name:     "quoted cells with commas and newlines keep their line",
			in:       importHeader + "PKM-1,\"Puskesmas, Kec.\nPenjaringan\",puskesmas,31.72,\"A, B;C\"\nPKM-2,B,puskesmas,31.72,\n",
			lines:    []int{2, 4},
			codes:    []string{"PKM-1", "PKM-2"},
			services: [][]string{{"a-b", "c"}, nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := unit.ParseCSV(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ParseCSV error: %v", err)
			}
			var lines []int
			var codes []string
			for i, row := range rows {
				lines = append(lines, row.Line)
				codes = append(codes, row.Unit.Code)
				if !row.Unit.Active {
					t.Errorf("row %d: unit not active", row.Line)
				}
				if tt.services != nil {
					var sc []string
					for j, s := range row.Unit.Services {
						sc = append(sc, s.Code)
						if !s.Active || s.SortOrder != j {
							t.Errorf("row %d: service %+v: want active, sort order %d", row.Line, s, j)
						}
					}
					if !slices.Equal(sc, tt.services[i]) {
						t.Errorf("row %d: service codes %q; want %q", row.Line, sc, tt.services[i])
					}
				}
			}
			if !slices.Equal(lines, tt.lines) {
				t.Errorf("lines = %v; want %v", lines, tt.lines)
			}
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("codes = %q; want %q", codes, tt.codes)
			}
			if got := problemsOf(problems); !slices.Equal(got, tt.problems) {
				t.Errorf("problems =\n %+v\nwant\n %+v", got, tt.problems)
			}
		})
	}
}

func TestParseCSVDuplicateArg(t *testing.T) {
	_, problems, err := unit.ParseCSV(strings.NewReader(importHeader + "\nPKM-1,A,puskesmas,31.72,\nPKM-1,B,puskesmas,31.72,\n"))
	if err != nil || len(problems) != 1 {
		t.Fatalf("ParseCSV = %v, %+v", err, problems)
	}
	if p := problems[0]; p.Row != 4 || len(p.Args) != 1 || p.Args[0] != 3 {
		t.Errorf("duplicate = %+v; want row 4 naming line 3", p)
	}
}

func TestParseCSVTooManyServices(t *testing.T) {
	names := func(n int) string {
		var s []string
		for i := range n {
			s = append(s, fmt.Sprintf("Layanan %d", i))
		}
		return strings.Join(s, ";")
	}
	for _, tt := range []struct {
		n    int
		want []string
	}{
		{200, nil},
		{201, []string{"services:service.err.too_many"}},
	} {
		rows, problems, err := unit.ParseCSV(strings.NewReader(importHeader + "PKM-1,A,puskesmas,31.72,\"" + names(tt.n) + "\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := fieldKeys(problems); !slices.Equal(got, tt.want) {
			t.Errorf("%d services: problems %q; want %q", tt.n, got, tt.want)
		}
		if len(rows[0].Unit.Services) != tt.n {
			t.Errorf("%d services parsed; want %d", len(rows[0].Unit.Services), tt.n)
		}
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
		{"header only", importHeader, errs.Invalid, "import.err.no_rows"},
		{"region column missing", "unit_code,name,type\nA,B,c\n", errs.Invalid, "import.err.missing_columns"},
		{"broken quotes", importHeader + "\"PKM-1,A,b,31,\n", errs.Invalid, "import.err.csv"},
		{"not UTF-8", importHeader + "PKM-1,Puskesmas S\xe3o,b,31,\n", errs.Invalid, "import.err.encoding"},
		{"too many rows", importHeader + strings.Repeat("A,B,c,31,\n", unit.MaxImportRows+1), errs.TooLarge, "import.err.too_many_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems, err := unit.ParseCSV(strings.NewReader(tt.in))
			e, ok := errs.As(err)
			if !ok || e.Code != tt.code || e.Key != tt.key {
				t.Errorf("ParseCSV error = %v; want %s %s", err, tt.code, tt.key)
			}
			if rows != nil || problems != nil {
				t.Errorf("rows or problems beside a file error")
			}
		})
	}
}

func TestCheckRows(t *testing.T) {
	types := map[string]bool{"puskesmas": true}
	regions := map[string]bool{"31.72": true, "31.72.01": true, "31.74": true}
	existing := map[string]bool{"PKM-OLD": true}
	inScope := func(code string) bool { return region.Within(code, "31.72") }
	row := func(line int, code, typ, reg string) unit.ImportRow {
		return unit.ImportRow{Line: line, Unit: unit.Unit{Code: code, Name: "x", TypeCode: typ, RegionCode: reg}}
	}
	tests := []struct {
		name string
		rows []unit.ImportRow
		want []problem
	}{
		{"all fine", []unit.ImportRow{row(2, "PKM-1", "puskesmas", "31.72"), row(3, "PKM-2", "puskesmas", "31.72.01")}, nil},
		{"unknown type", []unit.ImportRow{row(2, "PKM-1", "rumah_sakit", "31.72")},
			[]problem{{2, "type", "unit.err.type_unknown", "rumah_sakit"}}},
		{"malformed type already reported", []unit.ImportRow{row(2, "PKM-1", "Rumah Sakit", "31.72")}, nil},
		{"unknown region", []unit.ImportRow{row(2, "PKM-1", "puskesmas", "31.73")},
			[]problem{{2, "region_code", "region.err.unknown", "31.73"}}},
		{"malformed region already reported", []unit.ImportRow{row(2, "PKM-1", "puskesmas", "31.7")}, nil},
		{"region out of scope", []unit.ImportRow{row(2, "PKM-1", "puskesmas", "31.74")},
			[]problem{{2, "region_code", "err.out_of_scope", "31.74"}}},
		{"code taken", []unit.ImportRow{row(2, "PKM-OLD", "puskesmas", "31.72")},
			[]problem{{2, "unit_code", "unit.err.code_taken", ""}}},
		{"everything wrong, rows in order", []unit.ImportRow{row(5, "PKM-OLD", "rs", "31.74"), row(7, "PKM-OLD", "rs", "31.99")},
			[]problem{
				{5, "type", "unit.err.type_unknown", "rs"},
				{5, "region_code", "err.out_of_scope", "31.74"},
				{5, "unit_code", "unit.err.code_taken", ""},
				{7, "type", "unit.err.type_unknown", "rs"},
				{7, "region_code", "region.err.unknown", "31.99"},
				{7, "unit_code", "unit.err.code_taken", ""},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problemsOf(unit.CheckRows(tt.rows, types, regions, existing, inScope)); !slices.Equal(got, tt.want) {
				t.Errorf("CheckRows =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
	// inScope is asked only about known regions.
	unit.CheckRows([]unit.ImportRow{row(2, "A-1", "puskesmas", "31.99"), row(3, "A-2", "puskesmas", "bad")}, types, regions, existing,
		func(code string) bool { t.Errorf("inScope(%q) called", code); return true })
	// At most 200 problems.
	var many []unit.ImportRow
	for i := range 150 {
		many = append(many, row(i+2, "PKM-OLD", "rs", "31.72"))
	}
	if n := len(unit.CheckRows(many, types, regions, existing, inScope)); n != 200 {
		t.Errorf("%d problems; want the cap of 200", n)
	}
	// The taken code is named in Args.
	fs := unit.CheckRows([]unit.ImportRow{row(2, "PKM-OLD", "puskesmas", "31.72")}, types, regions, existing, inScope)
	if len(fs) != 1 || len(fs[0].Args) != 1 || fs[0].Args[0] != "PKM-OLD" {
		t.Errorf("code taken = %+v; want Args [PKM-OLD]", fs)
	}
}

// fakeStore is an in-memory ImportStore.
type fakeStore struct {
	types    map[string]bool
	regions  map[string]bool
	existing map[string]bool
	created  []unit.Unit
	fail     error
}

func (s *fakeStore) UnitTypeCodes(context.Context) (map[string]bool, error) { return s.types, nil }
func (s *fakeStore) RegionsExist(_ context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range codes {
		out[c] = s.regions[c]
	}
	return out, nil
}
func (s *fakeStore) UnitCodesExist(_ context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range codes {
		out[c] = s.existing[c]
	}
	return out, nil
}
func (s *fakeStore) CreateUnits(_ context.Context, _ audit.Actor, units []unit.Unit) error {
	if s.fail != nil {
		return s.fail
	}
	s.created = append(s.created, units...)
	return nil
}

func TestImport(t *testing.T) {
	newStore := func() *fakeStore {
		return &fakeStore{
			types:    map[string]bool{"puskesmas": true},
			regions:  map[string]bool{"31.72": true, "31.74": true},
			existing: map[string]bool{"PKM-OLD": true},
		}
	}
	inScope := func(c string) bool { return region.Within(c, "31.72") }
	ctx := context.Background()

	s := newStore()
	res, err := unit.Import(ctx, s, audit.CLI, inScope, strings.NewReader(importHeader+"PKM-1,A,puskesmas,31.72,KTP-el;KK\nPKM-2,B,puskesmas,31.72,\n"))
	if err != nil || res != (unit.ImportResult{Units: 2, Services: 2}) || len(s.created) != 2 {
		t.Errorf("Import = %+v, %v; created %d", res, err, len(s.created))
	}

	// Any problem rejects the whole file, problems sorted by row.
	s = newStore()
	_, err = unit.Import(ctx, s, audit.CLI, inScope, strings.NewReader(importHeader+
		"PKM-1,A,puskesmas,31.72,\n"+
		"PKM-OLD,B,puskesmas,31.72,\n"+ // taken (found by CheckRows)
		"PKM-1,C,puskesmas,31.74,\n"+ // duplicate (ParseCSV) and out of scope (CheckRows)
		"PKM-4,,puskesmas,31.72,\n")) // name required (ParseCSV)
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid || e.Key != "import.err.rows" {
		t.Fatalf("Import error = %v; want import.err.rows", err)
	}
	want := []problem{
		{3, "unit_code", "unit.err.code_taken", ""},
		{4, "unit_code", "import.err.duplicate_in_file", "PKM-1"},
		{4, "region_code", "err.out_of_scope", "31.74"},
		{5, "name", "err.required", ""},
	}
	if got := problemsOf(e.Fields); !slices.Equal(got, want) {
		t.Errorf("problems =\n %+v\nwant\n %+v", got, want)
	}
	if len(s.created) != 0 {
		t.Errorf("%d units created from a rejected file", len(s.created))
	}

	// A store failure is returned as is.
	s = newStore()
	s.fail = errors.New("disk full")
	if _, err := unit.Import(ctx, s, audit.CLI, inScope, strings.NewReader(importHeader+"PKM-1,A,puskesmas,31.72,\n")); !errors.Is(err, s.fail) {
		t.Errorf("Import error = %v; want %v", err, s.fail)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(importHeader + "PKM-31.72.01,Puskesmas Penjaringan,puskesmas_kecamatan,31.72.01,KTP-el;Kartu Keluarga (KK)\n"))
	f.Add([]byte("\ufeffunit_code;name;type;region_code;services\r\npkm-1;A;puskesmas;31.72;\"A;B\"\r\n\r\nPKM-1;B;puskesmas;31.72;a;A\r\n"))
	f.Add([]byte(importHeader + ",,,,\nA B,x,Y,31.7,!!!;???;Layanan™\n"))
	f.Add([]byte(importHeader + "P,\"multi\nline\",t,31,\"x\"\"y\"\n"))
	f.Add([]byte(importHeader + "PKM-1,\"broken\n"))
	f.Add([]byte("unit_code,name,type,region_code\nPKM-1,A,puskesmas,31.72\nPKM-1,A,puskesmas,31.72\n"))
	// The first rows of the sample file: all of it (4.6 kB) makes each
	// mutation and minimisation slow for little extra coverage.
	lines := bytes.SplitAfter(sampleUnits(f), []byte("\n"))
	f.Add(bytes.Join(lines[:6], nil))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, problems, err := unit.ParseCSV(bytes.NewReader(in))
		if err != nil {
			if rows != nil || problems != nil {
				t.Fatal("rows or problems beside a file error")
			}
			if c := errs.CodeOf(err); c != errs.Invalid && c != errs.TooLarge {
				t.Fatalf("error %v has code %s", err, c)
			}
			return
		}
		if len(rows) == 0 || len(rows) > unit.MaxImportRows {
			t.Fatalf("%d rows", len(rows))
		}
		if len(problems) > 200 {
			t.Fatalf("%d problems; at most 200", len(problems))
		}
		bad := map[int]bool{}
		for _, p := range problems {
			bad[p.Row] = true
		}
		complete := len(problems) < 200 // past the cap, rows may have unlisted problems
		codes := map[string]int{}
		prev := 1
		for _, row := range rows {
			if row.Line <= prev {
				t.Fatalf("line %d after %d", row.Line, prev)
			}
			prev = row.Line
			u := row.Unit
			if u.Code != unit.NormalizeCode(u.Code) {
				t.Fatalf("line %d: code %q not normalised", row.Line, u.Code)
			}
			// Service codes are always valid and distinct within the unit,
			// whatever the names: they are generated.
			sc := map[string]bool{}
			for _, s := range u.Services {
				if !unit.ValidServiceCode(s.Code) || sc[s.Code] {
					t.Fatalf("line %d: service code %q from name %q", row.Line, s.Code, s.Name)
				}
				sc[s.Code] = true
			}
			if bad[row.Line] || !complete {
				continue
			}
			// A row with no problem listed is valid on its own and unique.
			if fs := u.Validate(); len(fs) > 0 {
				t.Fatalf("line %d: unit %+v has no problem listed but %+v", row.Line, u, fs)
			}
			if first, dup := codes[u.Code]; dup {
				t.Fatalf("line %d: code %s also on line %d, no problem listed", row.Line, u.Code, first)
			}
			codes[u.Code] = row.Line
			for _, s := range u.Services {
				if fs := s.Validate(); len(fs) > 0 {
					t.Fatalf("line %d: service %+v has no problem listed but %+v", row.Line, s, fs)
				}
			}
		}
	})
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Kartu Keluarga (KK)", "Layanan™", "𝐀𝐁𝐂", "!!!", "", strings.Repeat("ab ", 30), "Café", "½", "ǅ", "ﬀ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := unit.Slug(name)
		if !unit.ValidServiceCode(s) || len(s) > 50 || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Fatalf("Slug(%q) = %q", name, s)
		}
		if u := unit.UniqueSlug(name, func(c string) bool { return c == s }); u != s+"-2" || !unit.ValidServiceCode(u) {
			t.Fatalf("UniqueSlug(%q) = %q", name, u)
		}
	})
}
