package tabular

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mutu/internal/errs"
)

// book is a workbook whose first sheet holds rows from A1 (nil rows stay blank).
func book(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSX(t *testing.T) {
	b := book(t, nil, []any{" Name ", "Phone", "n"}, []any{"'-2+3 Unit Minus", "+62 21 6693 1234", 1234}, nil, []any{"'Aisyiyah", "''=x", 2.5})
	tb, err := Read(bytes.NewReader(b), []string{"name"}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tb.Columns, ",") != "name,phone,n" || len(tb.Rows) != 2 {
		t.Fatalf("columns %q, %d rows", tb.Columns, len(tb.Rows))
	}
	r := tb.Rows[0]
	if r.Line != 3 || r.Get("name") != "-2+3 Unit Minus" || r.Get("phone") != "+62 21 6693 1234" || r.Get("n") != "1234" {
		t.Errorf("row %d: %q %q %q", r.Line, r.Get("name"), r.Get("phone"), r.Get("n"))
	}
	r = tb.Rows[1]
	if r.Line != 5 || r.Get("name") != "'Aisyiyah" || r.Get("phone") != "'=x" || r.Get("n") != "2.5" {
		t.Errorf("row %d: %q %q %q", r.Line, r.Get("name"), r.Get("phone"), r.Get("n"))
	}
}

func TestReadXLSXErrors(t *testing.T) {
	key := func(err error) string {
		var e *errs.Error
		if errors.As(err, &e) {
			return e.Key
		}
		return ""
	}
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"not a workbook", []byte("PK\x03\x04garbage"), "import.err.xlsx"},
		{"empty sheet", book(t), "import.err.empty"},
		{"header only", book(t, []any{"name"}), "import.err.no_rows"},
		{"missing column", book(t, []any{"nama"}, []any{"x"}), "import.err.missing_columns"},
		{"duplicate column", book(t, []any{"name", "Name"}, []any{"x", "y"}), "import.err.duplicate_column"},
		{"cell too long", book(t, []any{"name"}, []any{strings.Repeat("x", 5000)}), "import.err.cell_too_long"},
	}
	for _, tc := range cases {
		if _, err := Read(bytes.NewReader(tc.in), []string{"name"}, Limits{}); key(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}

// FuzzReadXLSX: any upload is a table or an error for the user (never a
// panic, never an internal error); a table's rows have the header's columns.
func FuzzReadXLSX(f *testing.F) {
	f.Add(book(f, []any{"name", "phone"}, []any{"'-2+3 Unit Minus", "+62 21 6693 1234"}))
	f.Add(book(f, []any{"name"}))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ReadXLSX(bytes.NewReader(b), []string{"name"}, Limits{})
		if err != nil {
			if e, ok := errs.As(err); !ok || (e.Code != errs.Invalid && e.Code != errs.TooLarge) {
				t.Fatalf("%v: not an error for the user", err)
			}
			return
		}
		for _, r := range tb.Rows {
			if r.Line < 2 {
				t.Fatalf("row on line %d", r.Line)
			}
		}
	})
}
