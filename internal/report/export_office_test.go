package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/testutil"
)

// TestCSVOpensInIndonesianLibreOffice opens a CSV export in LibreOffice
// Calc set to Indonesian (language 1057, id-ID), as a civil servant does,
// and saves it as a workbook: numbers with a decimal comma arrive as
// numbers, ISO dates as dates, and guarded texts as texts (with the
// visible apostrophe, nothing evaluated).
func TestCSVOpensInIndonesianLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice")
	dir := t.TempDir()
	var b bytes.Buffer
	if err := WriteCSV(&b, sampleExport()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ekspor.csv"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: separator ";" (59), quote '"' (34), UTF-8 (76),
	// from line 1, standard column types, language id-ID (1057).
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--infilter=CSV:59,34,76,1,,1057", "--convert-to", "xlsx", "--outdir", dir, filepath.Join(dir, "ekspor.csv"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "ekspor.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetName(0)
	raw := func(cell string) string {
		v, _ := f.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		return v
	}
	for cell, want := range map[string]float64{"B2": 1234, "C2": 87.28, "B3": -2, "C3": 3.49, "G3": -2} {
		got, err := strconv.ParseFloat(raw(cell), 64)
		if typ, _ := f.GetCellType(sh, cell); err != nil || got != want || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s = %q (type %v), want the number %v", cell, raw(cell), typ, want)
		}
	}
	for cell, want := range map[string]string{"D2": "2026-08-17 00:00", "E2": "2026-08-17 14:05"} {
		serial, err := strconv.ParseFloat(raw(cell), 64)
		if err != nil {
			t.Errorf("%s = %q, want a date", cell, raw(cell))
			continue
		}
		d, _ := excelize.ExcelDateToTime(serial, false)
		if got := d.Round(time.Minute).Format("2006-01-02 15:04"); got != want {
			t.Errorf("%s = %s, want %s", cell, got, want)
		}
	}
	for cell, want := range map[string]string{"A2": "'-2+3 Unit Minus", "G2": "'+62 21 6693 1234", "A3": "'=1+1; \"kutip\", koma\nbaris", "A4": "Ünïcödé 'Aisyiyah"} {
		if got := raw(cell); got != want {
			t.Errorf("%s = %q, want the text %q", cell, got, want)
		}
		if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
			t.Errorf("%s became the formula %q", cell, fm)
		}
	}
}

// TestXLSXShowsIndonesianDatesInLibreOffice opens an XLSX export in
// LibreOffice Calc and saves what the cells show: dates read in
// Indonesian ("17 Agu 2026 14.05"), texts as typed, not as formulas.
func TestXLSXShowsIndonesianDatesInLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice")
	dir := t.TempDir()
	var b bytes.Buffer
	if err := WriteXLSX(&b, sampleExport()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ekspor.xlsx"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// Export options: ";" separator, '"' quotes, UTF-8, cells as shown.
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,1057,false,true,true", "--outdir", filepath.Join(dir, "out"), filepath.Join(dir, "ekspor.xlsx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	shown, err := os.ReadFile(filepath.Join(dir, "out", "ekspor.csv"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "the sheet as LibreOffice shows it", string(shown),
		"-2+3 Unit Minus;", ";17 Agu 2026;17 Agu 2026 14.05;17 Agu 2026 14.05.09;+62 21 6693 1234", `"=1+1; ""kutip"", koma`)
}
