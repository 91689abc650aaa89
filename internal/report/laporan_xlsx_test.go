package report

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/testutil"
)

// xlsxCells reads cells of a built workbook: cached values, formulas and
// what excelize's own engine calculates from the formulas.
type xlsxCells struct {
	t *testing.T
	f *excelize.File
}

var raw = excelize.Options{RawCellValue: true}

func (x xlsxCells) value(sheet, cell string) string {
	x.t.Helper()
	v, err := x.f.GetCellValue(sheet, cell, raw)
	if err != nil {
		x.t.Fatal(err)
	}
	return v
}

func (x xlsxCells) formula(sheet, cell string) string {
	x.t.Helper()
	s, err := x.f.GetCellFormula(sheet, cell)
	if err != nil {
		x.t.Fatal(err)
	}
	return s
}

// live checks that sheet!cell is a formula whose cached value is want (a
// float64 compared exactly, or text) and that calculating the formula gives
// the same.
func (x xlsxCells) live(sheet, cell string, want any) {
	x.t.Helper()
	if f := x.formula(sheet, cell); f == "" {
		x.t.Errorf("%s!%s holds a value, want a formula", sheet, cell)
	}
	x.cached(sheet, cell, want)
	calc, err := x.f.CalcCellValue(sheet, cell, raw)
	if err != nil {
		x.t.Errorf("%s!%s: calculate: %v", sheet, cell, err)
		return
	}
	if w, ok := want.(float64); ok {
		if got, err := strconv.ParseFloat(calc, 64); err != nil || math.Abs(got-w) > 1e-12 {
			x.t.Errorf("%s!%s calculates to %s, want %.17g", sheet, cell, calc, w)
		}
	} else if calc != want {
		x.t.Errorf("%s!%s calculates to %q, want %q", sheet, cell, calc, want)
	}
}

// cached checks the value stored in sheet!cell: a float64 exactly (full
// precision, no rounding), text as it is.
func (x xlsxCells) cached(sheet, cell string, want any) {
	x.t.Helper()
	got := x.value(sheet, cell)
	if w, ok := want.(float64); ok {
		if g, err := strconv.ParseFloat(got, 64); err != nil || g != w {
			x.t.Errorf("%s!%s stores %s, want %.17g", sheet, cell, got, w)
		}
		return
	}
	if got != want {
		x.t.Errorf("%s!%s stores %q, want %q", sheet, cell, got, want)
	}
}

// TestLaporanXLSXRecapFormulas: the recap sheets compute from Olah Data, so
// correcting an answer there updates them; every formula keeps its value
// at full precision for readers that do not calculate.
func TestLaporanXLSXRecapFormulas(t *testing.T) {
	r := sampleReport(t, 40)
	// A name with quotes is matched exactly.
	for i := range r.Respondents {
		if r.Respondents[i].Service == "Laboratorium" {
			r.Respondents[i].Service = `Lab "24 jam"`
		}
	}
	r.Services[2].Name = `Lab "24 jam"`
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	x := xlsxCells{t, openXLSX(t, b)}
	res := r.Result
	f64 := func(n int64) float64 { return float64(n) }

	// Rekap Unit: respondents in row 11, the element table from row 17,
	// then IKM, konversi, mutu and kinerja.
	const u = "Rekap Unit"
	if x.value(u, "A11") != "Jumlah responden" {
		t.Fatalf("Rekap Unit A11 = %q", x.value(u, "A11"))
	}
	x.live(u, "B11", f64(res.Respondents))
	for i, e := range res.Elements {
		y := strconv.Itoa(17 + i)
		if x.value(u, "A"+y) != e.Code {
			t.Fatalf("Rekap Unit A%s = %q, want %s", y, x.value(u, "A"+y), e.Code)
		}
		x.live(u, "C"+y, f64(e.Answers))
		x.live(u, "D"+y, e.NRR*f64(e.Answers))
		x.live(u, "E"+y, e.NRR)
		x.live(u, "F"+y, e.Weighted)
	}
	x.live(u, "F26", res.IKM)
	x.live(u, "F27", res.Konversi) // unrounded: 2 decimals are the number format's
	x.live(u, "F28", res.Mutu)
	x.live(u, "F29", res.Kinerja)
	if res.Konversi == float64(res.KonversiHundredths)/100 {
		t.Fatal("the sample's konversi has no more than two decimals: the test proves nothing")
	}

	// Rekap Layanan: each service from its own rows, then the unit.
	const l = "Rekap Layanan"
	for i, sv := range append(r.Services, ServiceResult{"Unit (seluruh jawaban)", res}) {
		y := strconv.Itoa(3 + i)
		if x.value(l, "B"+y) != sv.Name {
			t.Fatalf("Rekap Layanan B%s = %q, want %q", y, x.value(l, "B"+y), sv.Name)
		}
		x.live(l, "C"+y, f64(sv.Result.Respondents))
		for j, e := range sv.Result.Elements {
			x.live(l, ref(4+j, 3+i), e.NRR)
		}
		x.live(l, "M"+y, sv.Result.IKM)
		x.live(l, "N"+y, sv.Result.Konversi)
		x.live(l, "O"+y, sv.Result.Mutu)
		x.live(l, "P"+y, sv.Result.Kinerja)
	}
	// Profil Responden: each count and share from Olah Data's profile
	// columns.
	pr, err := prepare(r)
	if err != nil {
		t.Fatal(err)
	}
	y := 3
	for _, dim := range profileDims {
		if x.value("Profil Responden", ref(1, y)) != dim.title {
			t.Fatalf("Profil Responden A%d = %q, want %q", y, x.value("Profil Responden", ref(1, y)), dim.title)
		}
		y++
		for _, row := range pr.profileRows(dim) {
			x.live("Profil Responden", ref(2, y), f64(row.count))
			x.live("Profil Responden", ref(3, y), f64(row.count)/f64(res.Respondents))
			y++
		}
		x.live("Profil Responden", ref(2, y), f64(res.Respondents))
		y += 2
	}

	// The figures come from Olah Data: the respondent rows or their totals.
	for _, cell := range []string{"Rekap Unit!B11", "Rekap Unit!C17", "Rekap Unit!D17", "Rekap Unit!E17", "Rekap Unit!F25",
		"Rekap Unit!F26", "Rekap Unit!F27", "Rekap Layanan!C3", "Rekap Layanan!D3", "Rekap Layanan!L5", "Rekap Layanan!C6", "Rekap Layanan!D6",
		"Profil Responden!B4", "Profil Responden!B14"} {
		sheet, at, _ := strings.Cut(cell, "!")
		if f := x.formula(sheet, at); !strings.Contains(f, "'Olah Data'!") {
			t.Errorf("%s: formula %q does not read Olah Data", cell, f)
		}
	}
	if f := x.formula(l, "C5"); f != `COUNTIFS('Olah Data'!$C$3:$C$42,"=Lab ""24 jam""")` {
		t.Errorf("the service is not matched by its exact name: %s", f)
	}
}

// TestExactCriterion: a service name is a COUNTIFS criterion matching only
// itself, whatever comparison signs or wildcards it holds.
func TestExactCriterion(t *testing.T) {
	for name, want := range map[string]string{
		"Poli Umum":        "=Poli Umum",
		"<5 tahun":         "=<5 tahun",
		"Lab * 24 jam? ~1": "=Lab ~* 24 jam~? ~~1",
	} {
		if got := exactCriterion(name); got != want {
			t.Errorf("exactCriterion(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestLaporanXLSXRecapValues: where the rows cannot reproduce a recap line
// (two services share a name; or no rows at all) the line holds values.
func TestLaporanXLSXRecapValues(t *testing.T) {
	r := sampleReport(t, 40)
	// Two services of one name: the rows cannot tell them apart.
	for i := range r.Respondents {
		if r.Respondents[i].Service == r.Services[1].Name {
			r.Respondents[i].Service = r.Services[0].Name
		}
	}
	r.Services[1].Name = r.Services[0].Name
	// And a row whose sex the summary does not count.
	r.Respondents[0].Sex = map[string]string{"": "L", "L": "P", "P": "L"}[r.Respondents[0].Sex]
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	x := xlsxCells{t, openXLSX(t, b)}
	const l = "Rekap Layanan"
	for _, cell := range []string{"C3", "D3", "M3", "C4", "D4"} {
		if f := x.formula(l, cell); f != "" {
			t.Errorf("%s: formula %q for a service its rows cannot tell apart", cell, f)
		}
	}
	x.cached(l, "D3", r.Services[0].Result.Elements[0].NRR)
	x.live(l, "D5", r.Services[2].Result.Elements[0].NRR) // the third is still live
	if x.value("Profil Responden", "A3") != "Jenis Kelamin" || x.formula("Profil Responden", "B4") != "" {
		t.Errorf("Profil Responden: %q counted by formula %q though the rows disagree with the summary",
			x.value("Profil Responden", "A3"), x.formula("Profil Responden", "B4"))
	}

	r = sampleReport(t, 40)
	r.Respondents = nil
	b, err = LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	x = xlsxCells{t, openXLSX(t, b)}
	for _, cell := range []string{"Rekap Unit!B11", "Rekap Unit!E17", "Rekap Unit!F27", "Rekap Layanan!D3", "Rekap Layanan!N6", "Profil Responden!B4"} {
		sheet, at, _ := strings.Cut(cell, "!")
		if f := x.formula(sheet, at); f != "" {
			t.Errorf("%s: formula %q without respondent rows", cell, f)
		}
	}
	x.cached("Rekap Unit", "F27", r.Result.Konversi)
	x.cached("Rekap Layanan", "N6", r.Result.Konversi)
}

// TestLaporanXLSXPrintSetup: every sheet prints on A4, one page wide and as
// many tall as needed, with its header rows on every page; the wide sheets
// lie in landscape.
func TestLaporanXLSXPrintSetup(t *testing.T) {
	r := sampleReport(t, 40)
	r.UnitName = "Puskesmas Gigi & Mulut" // "&" starts a code in a footer
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, tc := range []struct {
		sheet, orientation, titles string
	}{
		{"Olah Data", "landscape", "'Olah Data'!$1:$2"},
		{"Rekap Unit", "portrait", "'Rekap Unit'!$1:$1"},
		{"Rekap Layanan", "landscape", "'Rekap Layanan'!$1:$2"},
		{"Profil Responden", "portrait", "'Profil Responden'!$1:$1"},
	} {
		pl, err := f.GetPageLayout(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != tc.orientation ||
			pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout size %v, orientation %v, fit %v×%v; want A4 (9) %s, 1 wide × 0 (any) tall",
				tc.sheet, deref(pl.Size), deref(pl.Orientation), deref(pl.FitToWidth), deref(pl.FitToHeight), tc.orientation)
		}
		props, err := f.GetSheetProps(tc.sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page is off (%v)", tc.sheet, err)
		}
		if titles[tc.sheet] != tc.titles {
			t.Errorf("%s: print titles %q, want %q", tc.sheet, titles[tc.sheet], tc.titles)
		}
		hf, err := f.GetHeaderFooter(tc.sheet)
		if err != nil || !strings.Contains(hf.OddFooter, "Halaman &P dari &N") || !strings.Contains(hf.OddFooter, "Gigi && Mulut") {
			t.Errorf("%s: footer %+v (%v), want page numbers", tc.sheet, hf, err)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestLaporanXLSXUnrounded: konversi is stored as computed; the sheets
// round only through their number format.
func TestLaporanXLSXUnrounded(t *testing.T) {
	r := sampleReport(t, 40)
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	x := xlsxCells{t, openXLSX(t, b)}
	konv := 2 + len(r.Respondents) + 5
	x.cached("Olah Data", ref(dataFirstEl, konv), r.Result.Konversi)
	x.cached("Rekap Unit", "F27", r.Result.Konversi)
	for i, sv := range r.Services {
		x.cached("Rekap Layanan", ref(14, 3+i), sv.Result.Konversi)
	}
}

// TestLaporanXLSXLibreOffice: LibreOffice, told to recalculate every
// formula on loading, computes what the workbook stores, to 1e-12 (the
// wildcard escapes of a service name included, which excelize's own engine
// does not know). LibreOffice is required under MUTU_REQUIRE_TOOLS (CI).
func TestLaporanXLSXLibreOffice(t *testing.T) {
	soffice := testutil.Tool(t, "soffice")
	r := sampleReport(t, 40)
	for i := range r.Respondents {
		if r.Respondents[i].Service == "Laboratorium" {
			r.Respondents[i].Service = `Lab * 24 jam? "cito"`
		}
	}
	r.Services[2].Name = `Lab * 24 jam? "cito"`
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	os.MkdirAll(filepath.Join(profile, "user"), 0o755)
	// OOXMLRecalcMode 0: always recalculate Excel files on loading.
	os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(`<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`), 0o644)
	in := filepath.Join(dir, "laporan.xlsx")
	os.WriteFile(in, b, 0o644)
	// A copy with the first respondent's U1 answer corrected to 1: the
	// recaps must follow.
	edited := filepath.Join(dir, "koreksi.xlsx")
	f := openXLSX(t, b)
	old, _ := strconv.Atoi(xlsxCells{t, f}.value("Olah Data", "H3"))
	if old < 2 {
		t.Fatalf("the first answer is %d: correcting it to 1 changes nothing", old)
	}
	if err := f.SetCellValue("Olah Data", "H3", 1); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+profile, "--headless", "--convert-to", "xlsx", "--outdir", outDir, in, edited)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	recalculated, err := os.ReadFile(filepath.Join(outDir, "laporan.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	corrected, err := os.ReadFile(filepath.Join(outDir, "koreksi.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	e := r.Result.Elements[0]
	sum := e.NRR*float64(e.Answers) - float64(old-1)
	k := xlsxCells{t, openXLSX(t, corrected)}
	for cell, want := range map[string]float64{"Rekap Unit!D17": sum, "Rekap Unit!E17": sum / float64(e.Answers), "Rekap Layanan!D6": sum / float64(e.Answers)} {
		sheet, at, _ := strings.Cut(cell, "!")
		if got, err := strconv.ParseFloat(k.value(sheet, at), 64); err != nil || math.Abs(got-want) > 1e-12 {
			t.Errorf("after correcting an answer %s = %s, want %v", cell, k.value(sheet, at), want)
		}
	}
	ours, theirs := openXLSX(t, b), openXLSX(t, recalculated)
	formulas := 0
	for _, sheet := range ours.GetSheetList() {
		rows, _ := ours.GetRows(sheet, raw)
		for y, row := range rows {
			for x := range row {
				cell := ref(x+1, y+1)
				if f, _ := ours.GetCellFormula(sheet, cell); f == "" {
					continue
				}
				formulas++
				want, _ := ours.GetCellValue(sheet, cell, raw)
				got, _ := theirs.GetCellValue(sheet, cell, raw)
				w, err1 := strconv.ParseFloat(want, 64)
				g, err2 := strconv.ParseFloat(got, 64)
				if err1 == nil && err2 == nil && math.Abs(w-g) <= 1e-12 || err1 != nil && got == want {
					continue
				}
				t.Errorf("%s!%s: LibreOffice calculates %q, the file stores %q", sheet, cell, got, want)
			}
		}
	}
	if formulas < 100 {
		t.Errorf("only %d formulas compared", formulas)
	}
}
