package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"mutu/internal/i18n"
	"mutu/internal/skm"
)

// Sheet names of the XLSX report.
const (
	sheetData     = "Olah Data"
	sheetUnit     = "Rekap Unit"
	sheetServices = "Rekap Layanan"
	sheetProfile  = "Profil Responden"
)

// The Saran column of Olah Data: its width, and the characters of a
// suggestion that fit on one line of it (text is narrower than the "0"
// widths are counted in).
const (
	saranWidth = 40
	saranLine  = 44
)

// The Layanan column of Rekap Layanan, likewise.
const (
	serviceWidth = 34
	serviceLine  = 36
)

// Olah Data layout: a title row, a header row, then one row per respondent
// from row 3; the profile takes columns A–G, the elements start at H.
const (
	dataFirstRow = 3
	dataFirstEl  = 8 // column H
)

// LaporanXLSX returns the Laporan SKM workbook: "Olah Data" (the processing
// sheet: one row per respondent, then Σ nilai, NRR, NRR tertimbang, IKM,
// IKM konversi and mutu as live Excel formulas), "Rekap Unit", "Rekap
// Layanan" and "Profil Responden". The recaps compute from Olah Data by
// formula, so correcting an answer there updates them. Every formula
// carries its value, at full precision (rounding is only the number
// format's), so that readers which do not calculate still see the numbers;
// Excel recalculates on opening. Every sheet prints on A4, one page wide,
// with its header rows repeated.
func LaporanXLSX(r SKMReport) ([]byte, error) {
	p, err := prepare(r)
	if err != nil {
		return nil, err
	}
	b := newBook()
	defer b.f.Close()
	b.fail(b.f.SetSheetName("Sheet1", sheetData))
	for _, s := range []string{sheetUnit, sheetServices, sheetProfile} {
		_, err := b.f.NewSheet(s)
		b.fail(err)
	}
	d := p.dataSheet(b)
	p.unitSheet(b, d)
	p.servicesSheet(b, d)
	p.profileSheet(b, d)
	full := true
	b.fail(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	props := &excelize.DocProperties{
		Title:    "Laporan SKM " + p.UnitName + " " + p.PeriodLabel,
		Subject:  "Survei Kepuasan Masyarakat (PermenPANRB 14/2017)",
		Creator:  "Mutu",
		Language: "id-ID",
	}
	if !p.Generated.IsZero() {
		props.Created = p.Generated.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	b.fail(b.f.SetDocProps(props))
	if b.err != nil {
		return nil, fmt.Errorf("report: XLSX: %w", b.err)
	}
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("report: XLSX: %w", err)
	}
	out, err := b.finish(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("report: XLSX: %w", err)
	}
	return out, nil
}

// book is a workbook being written, its styles and the first error.
type book struct {
	f     *excelize.File
	err   error
	st    styles
	exact map[string]map[string]float64 // the numbers of each sheet by cell, for finish
}

// styles are the cell styles of the workbook.
type styles struct {
	title, head, text, wrap, int, date, dec2, dec3, pct int
	label, totalText, totalInt, totalDec2, totalDec3    int
	totalPct                                            int
}

func newBook() *book {
	b := &book{f: excelize.NewFile(), exact: map[string]map[string]float64{}}
	border := []excelize.Border{
		{Type: "left", Color: "9AA5B1", Style: 1}, {Type: "right", Color: "9AA5B1", Style: 1},
		{Type: "top", Color: "9AA5B1", Style: 1}, {Type: "bottom", Color: "9AA5B1", Style: 1},
	}
	headFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6ECF2"}}
	totalFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F3F5F8"}}
	bold := &excelize.Font{Bold: true}
	top := &excelize.Alignment{Vertical: "top"}
	format := func(s string) *string { return &s }
	style := func(s excelize.Style) int {
		id, err := b.f.NewStyle(&s)
		b.fail(err)
		return id
	}
	b.st = styles{
		title: style(excelize.Style{Font: &excelize.Font{Bold: true, Size: 13, Color: "0B3D6B"}}),
		head: style(excelize.Style{Font: bold, Fill: headFill, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		text:      style(excelize.Style{Border: border, Alignment: top}),
		wrap:      style(excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		int:       style(excelize.Style{Border: border, Alignment: top, NumFmt: 3}), // #,##0
		date:      style(excelize.Style{Border: border, Alignment: top, CustomNumFmt: format("dd/mm/yyyy")}),
		dec2:      style(excelize.Style{Border: border, Alignment: top, CustomNumFmt: format("0.00")}),
		dec3:      style(excelize.Style{Border: border, Alignment: top, CustomNumFmt: format("0.000")}),
		pct:       style(excelize.Style{Border: border, Alignment: top, CustomNumFmt: format("0.00%")}),
		label:     style(excelize.Style{Font: bold}),
		totalText: style(excelize.Style{Font: bold, Fill: totalFill, Border: border}),
		totalInt:  style(excelize.Style{Font: bold, Fill: totalFill, Border: border, NumFmt: 3}),
		totalDec2: style(excelize.Style{Font: bold, Fill: totalFill, Border: border, CustomNumFmt: format("0.00")}),
		totalDec3: style(excelize.Style{Font: bold, Fill: totalFill, Border: border, CustomNumFmt: format("0.000")}),
		totalPct:  style(excelize.Style{Font: bold, Fill: totalFill, Border: border, CustomNumFmt: format("0.00%")}),
	}
	return b
}

func (b *book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// c is a styled cell value.
func c(v any, style int) excelize.Cell { return excelize.Cell{Value: v, StyleID: style} }

// ref names the cell at column col (1 = A) and row.
func ref(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// colName names column col (1 = A).
func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

// freezePanes keeps the first rows and cols in view (cols 0: header rows
// only, the pane below them active).
func freezePanes(rows, cols int) *excelize.Panes {
	pane := "bottomRight"
	if cols == 0 {
		pane = "bottomLeft"
	}
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: ref(cols+1, rows+1), ActivePane: pane}
}

// title is the first row of every sheet.
func (p *prepared) title(what string) string {
	return what + " — " + p.UnitName + " — " + p.PeriodLabel
}

// dataLayout is where Olah Data keeps its rows, for the recaps' formulas.
type dataLayout struct {
	rows                          int // respondent rows (from dataFirstRow); 0: none, the recaps hold values
	sum, nrr, weighted, ikm, konv int // rows of the totals
}

// lastRow is the last respondent row.
func (d dataLayout) lastRow() int { return dataFirstRow + d.rows - 1 }

// column is the respondent rows of column col as a reference from another
// sheet: 'Olah Data'!$H$3:$H$42.
func (d dataLayout) column(col int) string {
	c := colName(col)
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheetData, c, dataFirstRow, c, d.lastRow())
}

// cell is one cell of Olah Data as a reference from another sheet.
func (d dataLayout) cell(col, row int) string {
	return fmt.Sprintf("'%s'!%s", sheetData, ref(col, row))
}

// formula returns f when the recaps are live (Olah Data has rows), ""
// (a plain value) otherwise.
func (d dataLayout) formula(f string) string {
	if d.rows == 0 {
		return ""
	}
	return f
}

// dataSheet writes "Olah Data" and returns its layout.
func (p *prepared) dataSheet(b *book) dataLayout {
	n := len(p.Instrument.Elements)
	lastEl := dataFirstEl + n - 1
	saranCol := lastEl + 1
	st := b.st
	sw := b.newSheet(sheetData, printSetup{landscape: true, titleRows: dataFirstRow - 1}, p.title("Lembar Pengolahan Data SKM"))
	b.fail(sw.sw.SetPanes(freezePanes(dataFirstRow-1, 1)))
	sw.widths(5, 11, 28, 6, 5, 12, 16)
	b.fail(sw.sw.SetColWidth(dataFirstEl, lastEl, 5.5))
	b.fail(sw.sw.SetColWidth(saranCol, saranCol, saranWidth))

	b.fail(sw.sw.SetRow(ref(1, 1), []any{c(p.title("Lembar Pengolahan Data SKM"), st.title)}, excelize.RowOpts{Height: 20}))
	head := []any{c("No", st.head), c("Tanggal", st.head), c("Layanan", st.head), c("Umur", st.head),
		c("JK", st.head), c("Pendidikan", st.head), c("Pekerjaan", st.head)}
	for _, e := range p.Instrument.Elements {
		head = append(head, c(e.Code, st.head))
	}
	sw.row(2, append(head, c("Saran", st.head))...)

	row := dataFirstRow
	for _, rr := range p.Respondents {
		cells := []any{c(rr.No, st.int), dateCell(rr.Date, st), c(rr.serviceKey(), st.text), c(blankZero(rr.Age), st.int),
			c(rr.Sex, st.text), c(optionLabel(skm.Educations, rr.Education), st.text),
			c(optionLabel(skm.Occupations, rr.Occupation), st.text)}
		for i := range n {
			var a any
			if i < len(rr.Answers) && rr.Answers[i] > 0 {
				a = rr.Answers[i]
			}
			cells = append(cells, c(a, st.int))
		}
		sw.rowWith(row, wrapped(rr.Saran, saranLine), append(cells, c(rr.Saran, st.wrap))...)
		row++
	}

	// The totals. With no respondent rows they are plain values.
	k := len(p.Respondents)
	d := dataLayout{rows: k, sum: row, nrr: row + 1, weighted: row + 2, ikm: row + 3, konv: row + 4}
	mutuRow := row + 5
	// totals writes a summary row: its name across the profile columns,
	// then the cells under the elements.
	totals := func(r int, name string, cells []any) {
		sw.merge(ref(1, r), ref(dataFirstEl-1, r))
		row := []any{c(name, st.totalText)}
		for range dataFirstEl - 2 {
			row = append(row, c("", st.totalText))
		}
		sw.row(r, append(row, cells...)...)
	}
	var sums, nrrs, ws []any
	for i, e := range p.sheet.Elements {
		col := colName(dataFirstEl + i)
		rng := fmt.Sprintf("%s%d:%s%d", col, dataFirstRow, col, dataFirstRow+k-1)
		nrrRef := fmt.Sprintf("%s%d", col, d.nrr)
		sums = append(sums, excelize.Cell{StyleID: st.totalInt, Value: p.sums[i], Formula: d.formula("SUM(" + rng + ")")})
		nrr, w := nrrValues(e)
		nrrs = append(nrrs, excelize.Cell{StyleID: st.totalDec2, Value: nrr,
			Formula: d.formula(fmt.Sprintf(`IF(COUNT(%[1]s)=0,"",SUM(%[1]s)/COUNT(%[1]s))`, rng))})
		ws = append(ws, excelize.Cell{StyleID: st.totalDec3, Value: w,
			Formula: d.formula(fmt.Sprintf(`IF(%[1]s="","",%[1]s%[2]s)`, nrrRef, weightFormula(p.Result.Weighting, n)))})
	}
	totals(d.sum, "Σ Nilai", sums)
	totals(d.nrr, "NRR", nrrs)
	totals(d.weighted, "NRR Tertimbang", ws)

	wRange := fmt.Sprintf("%s%d:%s%d", colName(dataFirstEl), d.weighted, colName(lastEl), d.weighted)
	ikmRef := ref(dataFirstEl, d.ikm)
	konvRef := ref(dataFirstEl, d.konv)
	whole := func(r int, name string, v any, f string, style int) {
		totals(r, name, []any{excelize.Cell{StyleID: style, Value: v, Formula: d.formula(f)}})
		sw.merge(ref(dataFirstEl, r), ref(lastEl, r))
	}
	ikm, konv := ikmValues(p.sheet)
	whole(d.ikm, "IKM", ikm, ikmFormula(wRange, n), st.totalDec3)
	whole(d.konv, "IKM Konversi (IKM × 25)", konv, konversiFormula(ikmRef), st.totalDec2)
	whole(mutuRow, "Mutu (Kinerja)", gradeValue(p.sheet, mutuText(p.sheet)), gradeFormula(p.Instrument, konvRef, mutuKinerja), st.totalText)
	if k == 0 {
		sw.row(mutuRow+2, "Data per responden tidak disertakan; nilai di atas berasal dari rekap hasil.")
	}
	sw.done()
	return d
}

// wrapped is the height of a row whose text wraps at perLine characters:
// spreadsheets do not grow a row for wrapped text when they open a file,
// so it is set here; nil when the text fits on one line.
func wrapped(text string, perLine int) *excelize.RowOpts {
	lines := (utf8.RuneCountInString(text) + perLine - 1) / perLine
	if lines < 2 {
		return nil
	}
	return &excelize.RowOpts{Height: 15 * float64(lines)}
}

// twoLines is the height of a header row whose titles wrap.
var twoLines = &excelize.RowOpts{Height: 30}

// ikmFormula is the IKM of a row of weighted NRRs: their sum, blank unless
// all n elements have answers.
func ikmFormula(weighted string, n int) string {
	return fmt.Sprintf(`IF(COUNT(%[1]s)<%[2]d,"",SUM(%[1]s))`, weighted, n)
}

// konversiFormula is IKM × 25, blank when the IKM is.
func konversiFormula(ikm string) string { return fmt.Sprintf(`IF(%[1]s="","",%[1]s*25)`, ikm) }

// weightFormula is the Excel factor of an NRR's weight: "/9" for the exact
// weight (no rounding in the sheet either), "*0.111" for the legacy ones.
func weightFormula(w skm.Weighting, n int) string {
	switch w {
	case skm.Legacy111:
		return "*0.111"
	case skm.Legacy11:
		return "*0.11"
	}
	return fmt.Sprintf("/%d", n)
}

// gradeFormula classifies a konversi cell on its value rounded to two
// decimals, with the instrument's lower bounds, naming each grade with
// name: "B (Baik)", "B" or "Baik".
func gradeFormula(in *skm.Instrument, konv string, name func(skm.Category) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `IF(%s="",""`, konv)
	for _, c := range in.Categories {
		fmt.Fprintf(&b, `,IF(ROUND(%s,2)>=%s,"%s"`, konv, excelNumber(float64(c.MinHundredths)/100), name(c))
	}
	b.WriteString(`,""`)
	b.WriteString(strings.Repeat(")", len(in.Categories)+1))
	return b.String()
}

// Names of a grade for gradeFormula.
func mutuKinerja(c skm.Category) string { return c.Mutu + " (" + c.Kinerja + ")" }
func mutuOnly(c skm.Category) string    { return c.Mutu }
func kinerjaOnly(c skm.Category) string { return c.Kinerja }

// excelNumber writes a number for a formula: always a dot, no grouping.
func excelNumber(x float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

// dateCell is a survey date as an Excel date, the text itself if unparsable.
func dateCell(s string, st styles) excelize.Cell {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return c(t, st.date)
	}
	return c(s, st.text)
}

// blankZero leaves a zero (not given) cell empty.
func blankZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// nrrValues are an element's NRR and weighted NRR as cell values, blank
// when it has no answers.
func nrrValues(e skm.ElementResult) (nrr, weighted any) {
	if e.Answers == 0 {
		return "", ""
	}
	return e.NRR, e.Weighted
}

// ikmValues are a result's IKM and konversi as cell values, unrounded
// (the number format shows two decimals), blank when not defined.
func ikmValues(r skm.Result) (ikm, konv any) {
	if !r.Complete {
		return "", ""
	}
	return r.IKM, r.Konversi
}

// gradeValue is a grade as a cell value, blank when not defined.
func gradeValue(r skm.Result, v string) any {
	if !r.Complete {
		return ""
	}
	return v
}

// generatedText is when the report was made, "" when unknown.
func generatedText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.DateTime(i18n.ID, t)
}

// unitSheet writes "Rekap Unit": identity, NRR per element, IKM, each
// figure a formula over Olah Data when it has rows.
func (p *prepared) unitSheet(b *book, d dataLayout) {
	st := b.st
	sw := b.newSheet(sheetUnit, printSetup{titleRows: 1}, p.title("Rekap IKM Unit"))
	sw.widths(34, 40, 12, 10, 10, 14)
	sw.row(1, c(p.title("Rekap IKM Unit"), st.title))
	population, sample := any("tidak dicatat"), any("–")
	if p.Population > 0 {
		population, sample = p.Population, p.SampleTarget
	}
	respondents := excelize.Cell{Value: p.Result.Respondents, Formula: d.formula("COUNT(" + d.column(1) + ")")}
	info := [][2]any{
		{"Unit pelayanan", p.UnitName},
		{"Kode unit", p.UnitCode},
		{"Jenis unit", p.UnitType},
		{"Wilayah", p.RegionName},
		{"Periode", p.PeriodLabel},
		{"Rentang tanggal", rangeText(p.Range.From, p.Range.To)},
		{"Instrumen", p.Instrument.Name},
		{"Bobot unsur", weightLabel(p.Result.Weighting, len(p.Instrument.Elements))},
		{"Jumlah responden", respondents},
		{"Populasi (N)", population},
		{"Sampel minimum (Krejcie–Morgan)", sample},
		{"Disusun", generatedText(p.Generated)},
	}
	row := 3
	for _, kv := range info {
		sw.row(row, c(kv[0], st.label), kv[1])
		row++
	}
	row++
	sw.rowWith(row, twoLines, c("Kode", st.head), c("Unsur Pelayanan", st.head), c("Jumlah Jawaban", st.head),
		c("Σ Nilai", st.head), c("NRR", st.head), c("NRR Tertimbang", st.head))
	row++
	for i, e := range p.Result.Elements {
		col := dataFirstEl + i
		nrr, w := nrrValues(e)
		sw.row(row, c(e.Code, st.text), c(p.Instrument.Elements[i].Name, st.text),
			excelize.Cell{StyleID: st.int, Value: e.Answers, Formula: d.formula("COUNT(" + d.column(col) + ")")},
			excelize.Cell{StyleID: st.int, Value: p.sums[i], Formula: d.formula(d.cell(col, d.sum))},
			excelize.Cell{StyleID: st.dec2, Value: nrr, Formula: d.formula(d.cell(col, d.nrr))},
			excelize.Cell{StyleID: st.dec3, Value: w, Formula: d.formula(d.cell(col, d.weighted))})
		row++
	}
	ikm, konv := ikmValues(p.Result)
	konvRef := ref(6, row+1)
	for _, t := range []struct {
		name    string
		v       any
		formula string
		style   int
	}{
		{"IKM (Σ NRR tertimbang)", ikm, d.cell(dataFirstEl, d.ikm), st.totalDec3},
		{"IKM Konversi (IKM × 25)", konv, d.cell(dataFirstEl, d.konv), st.totalDec2},
		{"Mutu", gradeValue(p.Result, p.Result.Mutu), gradeFormula(p.Instrument, konvRef, mutuOnly), st.totalText},
		{"Kinerja", gradeValue(p.Result, p.Result.Kinerja), gradeFormula(p.Instrument, konvRef, kinerjaOnly), st.totalText},
	} {
		sw.merge(ref(1, row), ref(5, row))
		sw.row(row, c(t.name, st.totalText), c("", st.totalText), c("", st.totalText), c("", st.totalText),
			c("", st.totalText), excelize.Cell{StyleID: t.style, Value: t.v, Formula: d.formula(t.formula)})
		row++
	}
	sw.done()
}

// servicesSheet writes "Rekap Layanan": one row per service, then the unit.
// A service's row computes from the Olah Data rows of that service when
// they reproduce its result (they do unless two services share a name).
func (p *prepared) servicesSheet(b *book, d dataLayout) {
	st := b.st
	n := len(p.Instrument.Elements)
	sw := b.newSheet(sheetServices, printSetup{landscape: true, titleRows: 2}, p.title("Rekap IKM per Layanan"))
	b.fail(sw.sw.SetPanes(freezePanes(2, 2)))
	sw.widths(5, serviceWidth, 11)
	b.fail(sw.sw.SetColWidth(4, 3+n, 7.5))
	b.fail(sw.sw.SetColWidth(4+n, 5+n, 10))
	b.fail(sw.sw.SetColWidth(6+n, 6+n, 7))
	b.fail(sw.sw.SetColWidth(7+n, 7+n, 13))
	sw.row(1, c(p.title("Rekap IKM per Layanan"), st.title))
	head := []any{c("No", st.head), c("Layanan", st.head), c("Responden", st.head)}
	for _, e := range p.Instrument.Elements {
		head = append(head, c("NRR "+e.Code, st.head))
	}
	head = append(head, c("IKM", st.head), c("IKM Konversi", st.head), c("Mutu", st.head), c("Kinerja", st.head))
	sw.rowWith(2, twoLines, head...)

	// line is the row y of a result; count and nrr are the formulas of its
	// respondents and of element i's NRR, nil for plain values.
	line := func(y int, no any, name string, r skm.Result, count string, nrr func(i int) string, total bool) []any {
		text, whole, d2, d3 := st.text, st.int, st.dec2, st.dec3
		if total {
			text, whole, d2, d3 = st.totalText, st.totalInt, st.totalDec2, st.totalDec3
		}
		ifLive := func(formula string) string {
			if nrr == nil {
				return ""
			}
			return formula
		}
		nameStyle := st.wrap // long service names wrap rather than hide
		if total {
			nameStyle = text
		}
		cells := []any{c(no, whole), c(name, nameStyle), excelize.Cell{StyleID: whole, Value: r.Respondents, Formula: count}}
		for i, e := range r.Elements {
			v, _ := nrrValues(e)
			var formula string
			if nrr != nil {
				formula = nrr(i)
			}
			cells = append(cells, excelize.Cell{StyleID: d2, Value: v, Formula: formula})
		}
		nrrs := fmt.Sprintf("%s%d:%s%d", colName(4), y, colName(3+n), y)
		ikmRef, konvRef := ref(4+n, y), ref(5+n, y)
		ikm, konv := ikmValues(r)
		weightedSum := fmt.Sprintf(`IF(COUNT(%[1]s)<%[2]d,"",SUM(%[1]s)%[3]s)`, nrrs, n, weightFormula(r.Weighting, n))
		return append(cells,
			excelize.Cell{StyleID: d3, Value: ikm, Formula: ifLive(weightedSum)},
			excelize.Cell{StyleID: d2, Value: konv, Formula: ifLive(konversiFormula(ikmRef))},
			excelize.Cell{StyleID: text, Value: gradeValue(r, r.Mutu), Formula: ifLive(gradeFormula(p.Instrument, konvRef, mutuOnly))},
			excelize.Cell{StyleID: text, Value: gradeValue(r, r.Kinerja), Formula: ifLive(gradeFormula(p.Instrument, konvRef, kinerjaOnly))})
	}
	rows := p.serviceRows()
	y := 3
	for i, sv := range p.Services {
		var count string
		var nrr func(int) string
		if d.rows > 0 && rows[i] {
			is := d.column(3) + "," + textCriterion(sv.Name)
			count = "COUNTIFS(" + is + ")"
			nrr = func(i int) string {
				col := d.column(dataFirstEl + i)
				return fmt.Sprintf(`IF(COUNTIFS(%[1]s,%[2]s,">0")=0,"",SUMIFS(%[2]s,%[1]s)/COUNTIFS(%[1]s,%[2]s,">0"))`, is, col)
			}
		}
		sw.rowWith(y, wrapped(sv.Name, serviceLine), line(y, i+1, sv.Name, sv.Result, count, nrr, false)...)
		y++
	}
	var nrr func(int) string
	if d.rows > 0 {
		nrr = func(i int) string { return d.cell(dataFirstEl+i, d.nrr) }
	}
	sw.row(y, line(y, "", "Unit (seluruh jawaban)", p.Result, d.formula("COUNT("+d.column(1)+")"), nrr, true)...)
	sw.done()
}

// exactCriterion is a COUNTIFS/SUMIFS criterion matching exactly text s:
// "=" first so that a leading "<" or ">" is not read as a comparison, and
// the wildcards "*" and "?" and the escape "~" escaped.
func exactCriterion(s string) string {
	return "=" + strings.NewReplacer("~", "~~", "*", "~*", "?", "~?").Replace(s)
}

// textCriterion is exactCriterion(s) as a string in a formula.
func textCriterion(s string) string {
	return `"` + strings.ReplaceAll(exactCriterion(s), `"`, `""`) + `"`
}

// serviceRows reports for each service whether the respondent rows of its
// name compute exactly its result, so that its recap row may be formulas.
func (p *prepared) serviceRows() []bool {
	n := len(p.Instrument.Elements)
	tallies := map[string]*skm.Tally{}
	for _, rr := range p.Respondents {
		t := tallies[rr.serviceKey()]
		if t == nil {
			nt := skm.NewTally(n)
			t = &nt
			tallies[rr.serviceKey()] = t
		}
		t.Add(rr.Answers)
	}
	out := make([]bool, len(p.Services))
	for i, sv := range p.Services {
		t := tallies[sv.Name]
		if t == nil {
			continue
		}
		res, err := skm.Compute(p.Instrument, *t, sv.Result.Weighting)
		out[i] = err == nil && res.Respondents == sv.Result.Respondents
		for j, e := range res.Elements {
			if want := sv.Result.Elements[j]; e.Answers != want.Answers || e.NRR != want.NRR {
				out[i] = false
			}
		}
	}
	return out
}

// profileSheet writes "Profil Responden": one block per profile field,
// the counts formulas over Olah Data's profile columns when its rows give
// the same counts as the summary.
func (p *prepared) profileSheet(b *book, d dataLayout) {
	st := b.st
	sw := b.newSheet(sheetProfile, printSetup{titleRows: 1}, p.title("Profil Responden"))
	sw.widths(30, 12, 14)
	sw.row(1, c(p.title("Profil Responden"), st.title))
	total := p.Result.Respondents
	share := func(n int64) any {
		if total <= 0 {
			return ""
		}
		return float64(n) / float64(total)
	}
	row := 3
	for _, dim := range profileDims {
		sw.row(row, c(dim.title, st.head), c("Jumlah", st.head), c("Persentase", st.head))
		row++
		rows := p.profileRows(dim)
		live := d.rows > 0 && p.profileFromRows(dim)
		f := func(s string) string {
			if !live {
				return ""
			}
			return s
		}
		first, totalRow := row, row+len(rows)
		totalRef := ref(2, totalRow)
		pct := func(y int) string { return fmt.Sprintf(`IF(%[2]s=0,"",%[1]s/%[2]s)`, ref(2, y), totalRef) }
		for _, pr := range rows {
			count := profileCount(d, dim.key, pr.code)
			if pr.code == "" {
				count = fmt.Sprintf("%s-SUM(%s:%s)", totalRef, ref(2, first), ref(2, row-1))
			}
			sw.row(row, c(pr.label, st.text), excelize.Cell{StyleID: st.int, Value: pr.count, Formula: f(count)},
				excelize.Cell{StyleID: st.pct, Value: share(pr.count), Formula: f(pct(row))})
			row++
		}
		sw.row(row, c("Jumlah", st.totalText), excelize.Cell{StyleID: st.totalInt, Value: total, Formula: f("COUNT(" + d.column(1) + ")")},
			excelize.Cell{StyleID: st.totalPct, Value: share(total), Formula: f(pct(row))})
		row += 2
	}
	sw.done()
}

// profileCount is the formula counting the Olah Data rows whose field key
// (a profileDims key) has the option code: the sex by its code, education
// and occupation by their labels as Olah Data shows them, age by its band.
func profileCount(d dataLayout, key, code string) string {
	text := func(col int, s string) string { return "COUNTIFS(" + d.column(col) + "," + textCriterion(s) + ")" }
	switch key {
	case "sex":
		return text(5, code)
	case "education":
		return text(6, optionLabel(skm.Educations, code))
	case "occupation":
		return text(7, optionLabel(skm.Occupations, code))
	}
	age := d.column(4)
	switch code {
	case "u20":
		return fmt.Sprintf(`COUNTIFS(%[1]s,">0",%[1]s,"<20")`, age)
	case "60":
		return fmt.Sprintf(`COUNTIFS(%s,">=60")`, age)
	}
	lo, _ := strconv.Atoi(code) // the decades "20" … "50" of skm.AgeBand
	return fmt.Sprintf(`COUNTIFS(%[1]s,">=%[2]d",%[1]s,"<%[3]d")`, age, lo, lo+10)
}

// profileFromRows reports whether the respondent rows count the options of
// a profile field as the summary does.
func (p *prepared) profileFromRows(dim profileDim) bool {
	counts := map[string]int64{}
	for _, rr := range p.Respondents {
		code := map[string]string{"sex": rr.Sex, "education": rr.Education, "occupation": rr.Occupation, "age": skm.AgeBand(rr.Age)}[dim.key]
		if code != "" {
			counts[code]++
		}
	}
	for code, n := range p.Profile[dim.key] {
		if n != counts[code] {
			return false
		}
	}
	for code, n := range counts {
		if n != p.Profile[dim.key][code] {
			return false
		}
	}
	return true
}
