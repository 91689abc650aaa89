package tabular_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"mutu/internal/errs"
	"mutu/internal/tabular"
	"mutu/internal/textcheck"
)

// row is a data row as the tests see it: its line and the values of the
// columns code and name.
type row struct {
	Line       int
	Code, Name string
}

func rowsOf(t *tabular.Table) []row {
	var out []row
	for _, r := range t.Rows {
		out = append(out, row{r.Line, r.Get("code"), r.Get("name")})
	}
	return out
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		columns []string
		rows    []row
	}{
		{
			name:    "plain",
			in:      "code,name\n31,DKI Jakarta\n31.72,Jakarta Utara\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI Jakarta"}, {3, "31.72", "Jakarta Utara"}},
		},
		{
			name:    "no final newline",
			in:      "code,name\n31,DKI Jakarta",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI Jakarta"}},
		},
		{
			name:    "byte-order mark",
			in:      "\ufeffcode,name\n31,DKI Jakarta\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI Jakarta"}},
		},
		{
			name:    "CRLF",
			in:      "code,name\r\n31,DKI Jakarta\r\n31.72,Jakarta Utara\r\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI Jakarta"}, {3, "31.72", "Jakarta Utara"}},
		},
		{
			name:    "Excel in the Indonesian locale: BOM, semicolons, CRLF",
			in:      "\ufeffcode;name\r\n31;DKI Jakarta\r\n31.72;Jakarta Utara, Kota\r\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI Jakarta"}, {3, "31.72", "Jakarta Utara, Kota"}},
		},
		{
			name:    "header with commas and semicolons stays comma-separated",
			in:      "code,name,note;alias\n31,A;B,x;y\n",
			columns: []string{"code", "name", "note;alias"},
			rows:    []row{{2, "31", "A;B"}},
		},
		{
			name:    "semicolons only in data rows do not switch the separator",
			in:      "code,name\n31,A;B\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "A;B"}},
		},
		{
			name:    "quoted fields holding separators, quotes and newlines",
			in:      "code,name\n\"31\",\"Jakarta, \"\"DKI\"\"\"\n\"31.72\",\"Utara\nbaris dua\"\n31.73,x\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", `Jakarta, "DKI"`}, {3, "31.72", "Utara\nbaris dua"}, {5, "31.73", "x"}},
		},
		{
			name:    "quoted semicolons in a semicolon file",
			in:      "code;name\n31;\"A;B\"\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "A;B"}},
		},
		{
			name:    "header names lower-cased and trimmed",
			in:      " Code ,NAME\t,Extra\n31,X,y\n",
			columns: []string{"code", "name", "extra"},
			rows:    []row{{2, "31", "X"}},
		},
		{
			name:    "blank and separator-only lines skipped, line numbers kept",
			in:      "code,name\n\n31,A\n   \n,\n  , \t\n\r\n31.72,B\n\n",
			columns: []string{"code", "name"},
			rows:    []row{{3, "31", "A"}, {8, "31.72", "B"}},
		},
		{
			name:    "blank lines before the header",
			in:      "\n\ncode,name\n31,A\n",
			columns: []string{"code", "name"},
			rows:    []row{{4, "31", "A"}},
		},
		{
			name:    "short and long rows",
			in:      "code,name,extra\n31\n31.72,B,c,d,e\n",
			columns: []string{"code", "name", "extra"},
			rows:    []row{{2, "31", ""}, {3, "31.72", "B"}},
		},
		{
			name:    "unnamed columns are allowed, even twice",
			in:      "code,,name,\n31,x,A,y\n",
			columns: []string{"code", "", "name", ""},
			rows:    []row{{2, "31", "A"}},
		},
		{
			name:    "cells trimmed by Get",
			in:      "code,name\n  31 ,\t DKI \t\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "DKI"}},
		},
		{
			name:    "cell of exactly 4,096 bytes",
			in:      "code,name\n31," + strings.Repeat("a", 4096) + "\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", strings.Repeat("a", 4096)}},
		},
		{
			name:    "multi-byte UTF-8",
			in:      "code,name\n31,Kepulauan Seribu — Pulau Panggang ✓\n",
			columns: []string{"code", "name"},
			rows:    []row{{2, "31", "Kepulauan Seribu — Pulau Panggang ✓"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := tabular.ReadCSV(strings.NewReader(tt.in), []string{"code", "name"}, tabular.Limits{})
			if err != nil {
				t.Fatalf("ReadCSV error: %v", err)
			}
			if !slices.Equal(tb.Columns, tt.columns) {
				t.Errorf("Columns = %q; want %q", tb.Columns, tt.columns)
			}
			if got := rowsOf(tb); !slices.Equal(got, tt.rows) {
				t.Errorf("rows =\n %+v\nwant\n %+v", got, tt.rows)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		required []string
		lim      tabular.Limits
		code     errs.Code
		key      string
		args     []any // nil: not checked
	}{
		{"empty", "", nil, tabular.Limits{}, errs.Invalid, "import.err.empty", nil},
		{"BOM only", "\ufeff", nil, tabular.Limits{}, errs.Invalid, "import.err.empty", nil},
		{"blank lines only", "\n\r\n\n", nil, tabular.Limits{}, errs.Invalid, "import.err.empty", nil},
		{"header only", "code,name\n", nil, tabular.Limits{}, errs.Invalid, "import.err.no_rows", nil},
		{"header and blank rows", "code,name\n\n,\n  \n", nil, tabular.Limits{}, errs.Invalid, "import.err.no_rows", nil},
		{"duplicate header", "code,name,Code\n1,2,3\n", nil, tabular.Limits{}, errs.Invalid, "import.err.duplicate_column", []any{"code"}},
		{"duplicate header after trimming", "code,name, NAME \n1,2,3\n", nil, tabular.Limits{}, errs.Invalid, "import.err.duplicate_column", []any{"name"}},
		{"one required column missing", "code,nama\n1,2\n", []string{"code", "name"}, tabular.Limits{},
			errs.Invalid, "import.err.missing_columns", []any{"name", "code,name"}},
		{"two required columns missing", "kode\n1\n", []string{"code", "name"}, tabular.Limits{},
			errs.Invalid, "import.err.missing_columns", []any{"code, name", "code,name"}},
		{"quoted header is one column", "\"code,name\"\n1\n", []string{"code", "name"}, tabular.Limits{},
			errs.Invalid, "import.err.missing_columns", []any{"code, name", "code,name"}},
		{"MaxRows + 1 rows", "code\n1\n2\n3\n", nil, tabular.Limits{MaxRows: 2}, errs.TooLarge, "import.err.too_many_rows", []any{2}},
		{"MaxCellBytes + 1", "code,name\n1,ok\n2," + strings.Repeat("é", 3) + "\n", nil, tabular.Limits{MaxCellBytes: 5},
			errs.Invalid, "import.err.cell_too_long", []any{3, 5}},
		{"default MaxCellBytes + 1", "code\n" + strings.Repeat("a", 4097) + "\n", nil, tabular.Limits{},
			errs.Invalid, "import.err.cell_too_long", []any{2, 4096}},
		{"cell too long in an unnamed column", "code,\n1,abcdef\n", nil, tabular.Limits{MaxCellBytes: 5},
			errs.Invalid, "import.err.cell_too_long", []any{2, 5}},
		{"invalid UTF-8 names the line", "code,name\n1,ok\n\n2,caf\xe9\n", nil, tabular.Limits{}, errs.Invalid, "import.err.encoding", []any{4}},
		{"Latin-1 file", "code,name\n1,Pulau Tidung\n2,S\xe3o\n", nil, tabular.Limits{}, errs.Invalid, "import.err.encoding", []any{3}},
		{"UTF-16 BOM", "\xff\xfec\x00o\x00d\x00e\x00\n\x001\x00\n\x00", []string{"code"}, tabular.Limits{},
			errs.Invalid, "import.err.encoding", []any{1}},
		// PostgreSQL cannot store a NUL: refused as a row error, never a 500.
		{"NUL in a cell names the line", "code,name\n1,ok\n2,a\x00b\n", nil, tabular.Limits{}, errs.Invalid, "import.err.control", []any{3}},
		{"escape character in a quoted cell", "code,name\n1,\"a\x1b[2J\"\n", nil, tabular.Limits{}, errs.Invalid, "import.err.control", []any{2}},
		{"NUL in the header", "code,na\x00me\n1,2\n", nil, tabular.Limits{}, errs.Invalid, "import.err.control", []any{1}},
		{"bare quote", "code,name\n1,ok\n2,Jl. \"Melati\"\n", nil, tabular.Limits{}, errs.Invalid, "import.err.csv", []any{3, nil}},
		{"text after a closing quote", "code,name\n1,\"ok\"x\n", nil, tabular.Limits{}, errs.Invalid, "import.err.csv", []any{2, nil}},
		{"bare quote in the header", "co\"de,name\n1,2\n", nil, tabular.Limits{}, errs.Invalid, "import.err.csv", []any{1, nil}},
		// An unterminated quote swallows the rest of the file; the error
		// names the line where the broken record starts.
		{"unterminated quote", "code,name\n1,ok\n2,\"Melati\n3,x\n4,y\n", nil, tabular.Limits{}, errs.Invalid, "import.err.csv", []any{3, nil}},
		{"quote closed lines later, then junk", "code,name\n1,\"a\n2,b\n3,\"c\n", nil, tabular.Limits{}, errs.Invalid, "import.err.csv", []any{2, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := tabular.ReadCSV(strings.NewReader(tt.in), tt.required, tt.lim)
			if err == nil {
				t.Fatalf("ReadCSV succeeded with %d rows; want %s", len(tb.Rows), tt.key)
			}
			if tb != nil {
				t.Errorf("table returned beside an error")
			}
			e, ok := errs.As(err)
			if !ok || e.Code != tt.code || e.Key != tt.key {
				t.Fatalf("error = %v; want %s %s", err, tt.code, tt.key)
			}
			if tt.args == nil {
				return
			}
			if len(e.Args) != len(tt.args) {
				t.Fatalf("args = %v; want %v", e.Args, tt.args)
			}
			for i, a := range tt.args {
				if a != nil && e.Args[i] != a {
					t.Errorf("args = %v; want %v", e.Args, tt.args)
				}
			}
		})
	}
}

func TestReadCSVMaxRows(t *testing.T) {
	tests := []struct {
		rows, max int
		ok        bool
	}{
		{1, 1, true},
		{2, 1, false},
		{99, 100, true},
		{100, 100, true},
		{101, 100, false},
	}
	for _, tt := range tests {
		var b strings.Builder
		b.WriteString("code\n")
		for i := range tt.rows {
			fmt.Fprintf(&b, "%d\n\n", i) // blank lines do not count
		}
		tb, err := tabular.ReadCSV(strings.NewReader(b.String()), nil, tabular.Limits{MaxRows: tt.max})
		if tt.ok && (err != nil || len(tb.Rows) != tt.rows) {
			t.Errorf("%d rows, MaxRows %d: error %v; want %d rows", tt.rows, tt.max, err, tt.rows)
		}
		if !tt.ok && !errs.Is(err, errs.TooLarge) {
			t.Errorf("%d rows, MaxRows %d: error %v; want TooLarge", tt.rows, tt.max, err)
		}
	}
}

func TestReadCSVReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("code,name\n1,a\n"), iotest.ErrReader(boom))
	_, err := tabular.ReadCSV(r, nil, tabular.Limits{})
	if !errors.Is(err, boom) || !errs.Is(err, errs.Invalid) {
		t.Errorf("error = %v; want Invalid wrapping %v", err, boom)
	}
	// One byte at a time: sniffing must not depend on one Read returning the whole header.
	tb, err := tabular.ReadCSV(iotest.OneByteReader(strings.NewReader("\ufeffcode;name\n1;a,b\n")), nil, tabular.Limits{})
	if err != nil || tb.Rows[0].Get("name") != "a,b" {
		t.Errorf("one-byte reader: %v", err)
	}
}

func TestTableHasAndGet(t *testing.T) {
	tb, err := tabular.ReadCSV(strings.NewReader("Code,Name\n31,DKI\n"), nil, tabular.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"code", "name"} {
		if !tb.Has(c) {
			t.Errorf("Has(%q) = false", c)
		}
	}
	for _, c := range []string{"Code", "level", ""} {
		if tb.Has(c) {
			t.Errorf("Has(%q) = true", c)
		}
	}
	r := tb.Rows[0]
	if r.Get("level") != "" || r.Get("Code") != "" || r.Get("") != "" {
		t.Errorf("Get of an absent column is not empty")
	}
	var zero tabular.Row
	if zero.Get("code") != "" {
		t.Errorf("zero Row Get is not empty")
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("code,name\n31,DKI Jakarta\n31.72,Jakarta Utara\n"), 0, 0)
	f.Add([]byte("\ufeffcode;name\r\n31;DKI\r\n\r\n31.72;\"Utara; Kota\"\r\n"), 10, 64)
	f.Add([]byte("code,name\n\"31\",\"a \"\"b\"\"\nc\"\n"), 1, 8)
	f.Add([]byte("code,name,code\n1,2,3\n"), 0, 0)
	f.Add([]byte("code,name\n1,\"open\n2,x\n"), 0, 0)
	f.Add([]byte("code,name\n1,caf\xe9\n"), 0, 0)
	f.Add([]byte("code\n1\n2\n3\n"), 2, 0)
	f.Add([]byte("\n\n,\n;;\n"), 0, 3)
	f.Fuzz(func(t *testing.T, in []byte, maxRows, maxCell int) {
		// Limits as callers set them: positive, or 0 for the default.
		maxRows = max(0, maxRows%50)
		maxCell = max(0, maxCell%300)
		tb, err := tabular.ReadCSV(bytes.NewReader(in), []string{"code"}, tabular.Limits{MaxRows: maxRows, MaxCellBytes: maxCell})
		if err != nil {
			if tb != nil {
				t.Fatal("table beside an error")
			}
			if c := errs.CodeOf(err); c != errs.Invalid && c != errs.TooLarge {
				t.Fatalf("error %v has code %s", err, c)
			}
			return
		}
		if maxRows == 0 {
			maxRows = 1_000_000
		}
		if maxCell == 0 {
			maxCell = 4096
		}
		if n := len(tb.Rows); n == 0 || n > maxRows {
			t.Fatalf("%d rows; want 1..%d", n, maxRows)
		}
		if !tb.Has("code") {
			t.Fatal("required column missing")
		}
		seen := map[string]bool{}
		for _, c := range tb.Columns {
			if c != strings.ToLower(strings.TrimSpace(c)) {
				t.Fatalf("column %q not normalised", c)
			}
			if c != "" && seen[c] {
				t.Fatalf("column %q twice", c)
			}
			seen[c] = true
		}
		lines := bytes.Count(in, []byte("\n")) + 1
		prev := 1
		for _, r := range tb.Rows {
			if r.Line <= prev || r.Line > lines {
				t.Fatalf("row line %d after %d, file has %d lines", r.Line, prev, lines)
			}
			prev = r.Line
			for _, c := range tb.Columns {
				if v := r.Get(c); len(v) > maxCell || !utf8.ValidString(v) || textcheck.Text(v) != textcheck.OK {
					t.Fatalf("line %d: cell %q breaks the limits", r.Line, v)
				}
			}
		}
	})
}
