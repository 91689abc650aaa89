package skm

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPaperImportStripsTheGuard: a suggestion that a spreadsheet would
// take for a formula arrives with the apostrophe an export or a careful
// typist put before it (tabular.Guard); the import stores the text
// without it, from CSV and from XLSX, and keeps an apostrophe that is
// part of the text.
func TestPaperImportStripsTheGuard(t *testing.T) {
	want := []string{"- antrean lama", "=panas", "'Aisyiyah ramah"}
	csv := paperHeader +
		"2026-01-02,,,,,,,4,4,4,4,4,4,4,4,4,'- antrean lama\n" +
		"2026-01-02,,,,,,,4,4,4,4,4,4,4,4,4,'=panas\n" +
		"2026-01-02,,,,,,,4,4,4,4,4,4,4,4,4,'Aisyiyah ramah\n"
	rows, err := parseCSV(t, csv, PermenOrder)
	if err != nil {
		t.Fatal(err)
	}
	xlsx := workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, paperHeaderRow()...)
		for i, s := range []string{"'- antrean lama", "'=panas", "'Aisyiyah ramah"} {
			setRow(t, f, sheet, i+2, "2026-01-02", nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4, s)
		}
	})
	xrows, err := ParsePaperXLSX(bytes.NewReader(xlsx), paperIn, PermenOrder, paperServices, paperNow)
	if err != nil {
		t.Fatal(err)
	}
	for name, rs := range map[string][]PaperRow{"CSV": rows, "XLSX": xrows} {
		if len(rs) != len(want) {
			t.Fatalf("%s: %d rows, want %d", name, len(rs), len(want))
		}
		for i, w := range want {
			if got := rs[i].Response.Saran; got != w {
				t.Errorf("%s row %d: saran %q, want %q", name, i+2, got, w)
			}
		}
	}
}
