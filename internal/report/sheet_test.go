package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/audit"
	"mutu/internal/complaint"
)

// TestSheetsFreezeTheirHeader: the complaint and audit exports and the
// paper-survey template open with their header row written and frozen
// (only the row: no frozen column, the pane below it active).
func TestSheetsFreezeTheirHeader(t *testing.T) {
	var complaints, audits bytes.Buffer
	rep := &complaint.Report{Number: "PKM-31.72.01-2026-00001", Kind: complaint.Complaint, Privacy: complaint.Public,
		Title: "=HYPERLINK(1)", Body: "Isi", Milestones: complaint.Milestones{ReceivedAt: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)}}
	if err := WriteXLSX(&complaints, ComplaintsExport(func(f func(*complaint.Report) error) error { return f(rep) })); err != nil {
		t.Fatal(err)
	}
	row := AuditRow{Entry: audit.Entry{At: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC), ActorName: "Admin", ObjectType: "unit", ObjectID: "u1"}, Action: "Unit dibuat"}
	if err := WriteXLSX(&audits, AuditExport([]AuditRow{row})); err != nil {
		t.Fatal(err)
	}
	template, err := PaperTemplateXLSX([]string{"tanggal", "unsur 1"}, []string{"catatan"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sheet  string
		book   []byte
		header []string
		rows   int
	}{
		{"Pengaduan", complaints.Bytes(), []string{"Nomor", "Diterima (WIB)"}, 2},
		{"Audit", audits.Bytes(), []string{"Waktu (WIB)", "Pelaku", "Aksi", "Objek", "Rincian", "Wilayah"}, 2},
		{"Data", template, []string{"tanggal", "unsur 1"}, 1},
	} {
		f, err := excelize.OpenReader(bytes.NewReader(tc.book))
		if err != nil {
			t.Fatalf("%s: %v", tc.sheet, err)
		}
		if f.GetSheetName(0) != tc.sheet {
			t.Errorf("first sheet %q, want %q", f.GetSheetName(0), tc.sheet)
		}
		rows, err := f.GetRows(tc.sheet)
		if err != nil || len(rows) != tc.rows || !slices.Equal(rows[0][:len(tc.header)], tc.header) {
			t.Errorf("%s rows %q (%v), want %d with header %q", tc.sheet, rows, err, tc.rows, tc.header)
		}
		p, err := f.GetPanes(tc.sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" || p.ActivePane != "bottomLeft" {
			t.Errorf("%s panes %+v (%v), want the header row frozen", tc.sheet, p, err)
		}
		if tc.sheet == "Pengaduan" {
			// A text cell is not a formula: the title is kept as typed.
			if typ, _ := f.GetCellType(tc.sheet, "G2"); rows[1][6] != "=HYPERLINK(1)" || typ == excelize.CellTypeFormula {
				t.Errorf("title %q (type %v), want the text as typed", rows[1][6], typ)
			}
			if got, _ := f.GetCellFormula(tc.sheet, "G2"); got != "" {
				t.Errorf("title cell has a formula %q", got)
			}
		}
		if tc.sheet == "Audit" && len(rows) > 1 && rows[1][3] != "unit u1" {
			t.Errorf("audit object %q, want the type and id of a row without a label", rows[1][3])
		}
		f.Close()
	}
}

// sampleExport has a column of every kind and the awkward values.
func sampleExport() Export {
	at := time.Date(2026, 8, 17, 7, 5, 9, 0, time.UTC) // 14.05.09 WIB
	return Export{Sheet: "Contoh", Columns: []Column{{Title: "nama"}, {Title: "jumlah", Kind: Int}, {Title: "ikm", Kind: Decimal, Places: 2},
		{Title: "tanggal", Kind: Date}, {Title: "waktu", Kind: DateTime}, {Title: "stempel", Kind: Stamp}, {Title: "telepon"}},
		Rows: func(add func(...any) error) error {
			if err := add("-2+3 Unit Minus", 1234, 87.275, at, at, at, "+62 21 6693 1234"); err != nil {
				return err
			}
			if err := add("=1+1; \"kutip\", koma\nbaris", int64(-2), 3.4915, time.Time{}, nil, nil, "-2"); err != nil {
				return err
			}
			return add("Ünïcödé 'Aisyiyah", nil, nil, nil, nil, nil, "")
		}}
}

// TestWriteCSV: the dialect Indonesian spreadsheets open (BOM, ";", CRLF,
// decimal comma, ISO dates in WIB) and the formula guard only where a
// spreadsheet would evaluate the cell.
func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sampleExport()); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\uFEFFnama;jumlah;ikm;tanggal;waktu;stempel;telepon\r\n") {
		t.Fatalf("header line %q, want BOM and ; separators with CRLF", s[:min(len(s), 80)])
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"nama", "jumlah", "ikm", "tanggal", "waktu", "stempel", "telepon"},
		{"'-2+3 Unit Minus", "1234", "87,28", "2026-08-17", "2026-08-17 14:05", "2026-08-17 14:05:09", "'+62 21 6693 1234"},
		{"'=1+1; \"kutip\", koma\nbaris", "-2", "3,49", "", "", "", "-2"},
		{"Ünïcödé 'Aisyiyah", "", "", "", "", "", ""},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d: %q", len(recs), len(want), recs)
	}
	for i := range want {
		if !slices.Equal(recs[i], want[i]) {
			t.Errorf("record %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

// TestWriteXLSX: typed cells (numbers, dates with an Indonesian format,
// text never prefixed), the header frozen and the page setup for printing.
func TestWriteXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sampleExport()); err != nil {
		t.Fatal(err)
	}
	keep(t, "export-contoh.xlsx", b.Bytes())
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sh = "Contoh"
	raw := func(cell string) string {
		v, err := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	typeOf := func(cell string) excelize.CellType {
		typ, err := f.GetCellType(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		return typ
	}
	// Text as typed, in text cells.
	for cell, want := range map[string]string{"A2": "-2+3 Unit Minus", "G2": "+62 21 6693 1234", "A3": "=1+1; \"kutip\", koma\nbaris",
		"G3": "-2", "A4": "Ünïcödé 'Aisyiyah"} {
		if got := raw(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
		if typ := typeOf(cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s is of type %v, want text", cell, typ)
		}
		if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
			t.Errorf("%s has formula %q", cell, fm)
		}
	}
	// Numbers as numbers, exact.
	for cell, want := range map[string]string{"B2": "1234", "C2": "87.275", "B3": "-2", "C3": "3.4915"} {
		if got := raw(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
		if typ := typeOf(cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s is of type %v, want a number", cell, typ)
		}
	}
	// Dates as date serials of the WIB wall-clock time, shown in Indonesian.
	for cell, want := range map[string]string{"D2": "2026-08-17", "E2": "2026-08-17 14:05", "F2": "2026-08-17 14:05:09"} {
		serial := raw(cell)
		got, err := excelize.ExcelDateToTime(mustFloat(t, serial), false)
		if err != nil {
			t.Fatalf("%s = %q: %v", cell, serial, err)
		}
		layout := map[int]string{10: time.DateOnly, 16: "2006-01-02 15:04", 19: time.DateTime}[len(want)]
		if s := got.Round(time.Second).Format(layout); s != want {
			t.Errorf("%s = %s, want %s", cell, s, want)
		}
	}
	if d := raw("D2"); d != "46251" {
		t.Errorf("D2 = %s, want the whole-day serial 46251 (17 Aug 2026)", d)
	}
	for cell, want := range map[string]string{"D2": `[$-421]d mmm yyyy`, "E2": `[$-421]d mmm yyyy hh"."mm`, "B2": `#,##0`, "C2": `0.00`, "A2": `@`} {
		id, err := f.GetCellStyle(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s number format %v (%v), want %q", cell, st.CustomNumFmt, err, want)
		}
	}
	// Empty cells stay empty.
	for _, cell := range []string{"D3", "E3", "B4", "C4", "G4"} {
		if got := raw(cell); got != "" {
			t.Errorf("%s = %q, want empty", cell, got)
		}
	}
	// Printing: A4 landscape (7 columns), one page wide, header repeated.
	pl, err := f.GetPageLayout(sh)
	if err != nil {
		t.Fatal(err)
	}
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 ||
		pl.FitToHeight == nil || *pl.FitToHeight != 0 {
		t.Errorf("page layout %+v, want A4 landscape fitted to one page wide", pl)
	}
	props, err := f.GetSheetProps(sh)
	if err != nil || props.FitToPage == nil || !*props.FitToPage {
		t.Errorf("sheet props %+v (%v), want fit to page", props, err)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sh && dn.RefersTo == "'Contoh'!$1:$1" {
			titles = true
		}
	}
	if !titles {
		t.Errorf("no print titles repeating row 1: %+v", f.GetDefinedName())
	}
	p, err := f.GetPanes(sh)
	if err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v (%v), want the header row frozen", p, err)
	}
}

// TestExportWrongValue: a value that does not fit its column's kind is a
// programming error reported as such, not a cell written wrong.
func TestExportWrongValue(t *testing.T) {
	e := Export{Sheet: "X", Columns: []Column{{Title: "n", Kind: Int}}, Rows: func(add func(...any) error) error { return add("12") }}
	if err := WriteCSV(&bytes.Buffer{}, e); err == nil {
		t.Error("CSV: a string in an Int column: no error")
	}
	if err := WriteXLSX(&bytes.Buffer{}, e); err == nil {
		t.Error("XLSX: a string in an Int column: no error")
	}
	e.Rows = func(add func(...any) error) error { return add(1, 2) }
	if err := WriteCSV(&bytes.Buffer{}, e); err == nil {
		t.Error("CSV: two cells for one column: no error")
	}
	if err := WriteXLSX(&bytes.Buffer{}, e); err == nil {
		t.Error("XLSX: two cells for one column: no error")
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return x
}
