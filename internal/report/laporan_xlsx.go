package report

import (
	"fmt"
	"strings"
	"time"

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

// Olah Data layout: a title row, a header row, then one row per respondent
// from row 3; the profile takes columns A–G, the elements start at H.
const (
	dataFirstRow = 3
	dataFirstEl  = 8 // column H
)

// LaporanXLSX returns the Laporan SKM workbook: "Olah Data" (the processing
// sheet: one row per respondent, then Σ nilai, NRR, NRR tertimbang, IKM,
// IKM konversi and mutu as live Excel formulas with their values cached, so
// that readers which do not calculate still see the numbers), "Rekap Unit",
// "Rekap Layanan" and "Profil Responden". Excel recalculates on opening.
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
	p.dataSheet(b)
	p.unitSheet(b)
	p.servicesSheet(b)
	p.profileSheet(b)
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
	return buf.Bytes(), nil
}

// book is a workbook being written, its styles and the first error.
type book struct {
	f   *excelize.File
	err error
	st  styles
}

// styles are the cell styles of the workbook.
type styles struct {
	title, head, text, wrap, int, date, dec2, dec3, pct int
	label, totalText, totalInt, totalDec2, totalDec3    int
	totalPct                                            int
}

func newBook() *book {
	b := &book{f: excelize.NewFile()}
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

// setRow writes cells from column A of a row of a (non-streamed) sheet; a
// nil cell is skipped.
func (b *book) setRow(sheet string, row int, cells ...any) {
	for i, x := range cells {
		v, style := x, 0
		if cell, ok := x.(excelize.Cell); ok {
			v, style = cell.Value, cell.StyleID
		}
		if v == nil {
			continue
		}
		at := ref(i+1, row)
		b.fail(b.f.SetCellValue(sheet, at, v))
		if style != 0 {
			b.fail(b.f.SetCellStyle(sheet, at, at, style))
		}
	}
}

// widths sets column widths from column A on.
func (b *book) widths(sheet string, ws ...float64) {
	for i, w := range ws {
		b.fail(b.f.SetColWidth(sheet, colName(i+1), colName(i+1), w))
	}
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

// dataSheet writes "Olah Data" with a stream writer: the only way in
// excelize to store a formula together with a numeric cached value.
func (p *prepared) dataSheet(b *book) {
	sw, err := b.f.NewStreamWriter(sheetData)
	if err != nil {
		b.fail(err)
		return
	}
	n := len(p.Instrument.Elements)
	lastEl := dataFirstEl + n - 1
	saranCol := lastEl + 1
	st := b.st

	b.fail(sw.SetPanes(freezePanes(dataFirstRow-1, 1)))
	for i, w := range []float64{6, 12, 24, 7, 5, 12, 18} {
		b.fail(sw.SetColWidth(i+1, i+1, w))
	}
	b.fail(sw.SetColWidth(dataFirstEl, lastEl, 8))
	b.fail(sw.SetColWidth(saranCol, saranCol, 60))

	setRow := func(row int, cells []any, opts ...excelize.RowOpts) {
		b.fail(sw.SetRow(ref(1, row), cells, opts...))
	}
	setRow(1, []any{c(p.title("Lembar Pengolahan Data SKM"), st.title)}, excelize.RowOpts{Height: 20})
	head := []any{c("No", st.head), c("Tanggal", st.head), c("Layanan", st.head), c("Umur", st.head),
		c("JK", st.head), c("Pendidikan", st.head), c("Pekerjaan", st.head)}
	for _, e := range p.Instrument.Elements {
		head = append(head, c(e.Code, st.head))
	}
	setRow(2, append(head, c("Saran", st.head)))

	row := dataFirstRow
	for _, rr := range p.Respondents {
		cells := []any{c(rr.No, st.int), dateCell(rr.Date, st), c(rr.Service, st.text), c(blankZero(rr.Age), st.int),
			c(rr.Sex, st.text), c(optionLabel(skm.Educations, rr.Education), st.text),
			c(optionLabel(skm.Occupations, rr.Occupation), st.text)}
		for i := range n {
			var a any
			if i < len(rr.Answers) && rr.Answers[i] > 0 {
				a = rr.Answers[i]
			}
			cells = append(cells, c(a, st.int))
		}
		setRow(row, append(cells, c(rr.Saran, st.text)))
		row++
	}

	// The totals. With no respondent rows they are plain values.
	k := len(p.Respondents)
	sumRow, nrrRow, wRow, ikmRow, konvRow, mutuRow := row, row+1, row+2, row+3, row+4, row+5
	formula := func(f string) string {
		if k == 0 {
			return ""
		}
		return f
	}
	// totals writes a summary row: its name across the profile columns,
	// then the cells under the elements.
	totals := func(r int, name string, cells []any) {
		b.fail(sw.MergeCell(ref(1, r), ref(dataFirstEl-1, r)))
		row := []any{c(name, st.totalText)}
		for range dataFirstEl - 2 {
			row = append(row, c("", st.totalText))
		}
		setRow(r, append(row, cells...))
	}
	var sums, nrrs, ws []any
	for i, e := range p.sheet.Elements {
		col := colName(dataFirstEl + i)
		rng := fmt.Sprintf("%s%d:%s%d", col, dataFirstRow, col, dataFirstRow+k-1)
		nrrRef := fmt.Sprintf("%s%d", col, nrrRow)
		sums = append(sums, excelize.Cell{StyleID: st.totalInt, Value: p.sums[i], Formula: formula("SUM(" + rng + ")")})
		nrr, w := nrrValues(e)
		nrrs = append(nrrs, excelize.Cell{StyleID: st.totalDec2, Value: nrr,
			Formula: formula(fmt.Sprintf(`IF(COUNT(%[1]s)=0,"",SUM(%[1]s)/COUNT(%[1]s))`, rng))})
		ws = append(ws, excelize.Cell{StyleID: st.totalDec3, Value: w,
			Formula: formula(fmt.Sprintf(`IF(%[1]s="","",%[1]s%[2]s)`, nrrRef, weightFormula(p.Result.Weighting, n)))})
	}
	totals(sumRow, "Σ Nilai", sums)
	totals(nrrRow, "NRR", nrrs)
	totals(wRow, "NRR Tertimbang", ws)

	wRange := fmt.Sprintf("%s%d:%s%d", colName(dataFirstEl), wRow, colName(lastEl), wRow)
	ikmRef := ref(dataFirstEl, ikmRow)
	konvRef := ref(dataFirstEl, konvRow)
	whole := func(r int, name string, v any, f string, style int) {
		totals(r, name, []any{excelize.Cell{StyleID: style, Value: v, Formula: formula(f)}})
		b.fail(sw.MergeCell(ref(dataFirstEl, r), ref(lastEl, r)))
	}
	ikm, konv, mutu := any(""), any(""), any("")
	if p.sheet.Complete {
		ikm, konv, mutu = p.sheet.IKM, p.sheet.Konversi, mutuText(p.sheet)
	}
	whole(ikmRow, "IKM", ikm, fmt.Sprintf(`IF(COUNT(%[1]s)<%[2]d,"",SUM(%[1]s))`, wRange, n), st.totalDec3)
	whole(konvRow, "IKM Konversi (IKM × 25)", konv, fmt.Sprintf(`IF(%[1]s="","",%[1]s*25)`, ikmRef), st.totalDec2)
	whole(mutuRow, "Mutu (Kinerja)", mutu, mutuFormula(p.Instrument, konvRef), st.totalText)
	if k == 0 {
		setRow(mutuRow+2, []any{"Data per responden tidak disertakan; nilai di atas berasal dari rekap hasil."})
	}
	b.fail(sw.Flush())
}

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

// mutuFormula classifies a konversi cell on its value rounded to two
// decimals, with the instrument's lower bounds: "B (Baik)".
func mutuFormula(in *skm.Instrument, konv string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `IF(%s="",""`, konv)
	for _, c := range in.Categories {
		fmt.Fprintf(&b, `,IF(ROUND(%s,2)>=%s,"%s (%s)"`, konv, excelNumber(float64(c.MinHundredths)/100), c.Mutu, c.Kinerja)
	}
	b.WriteString(`,""`)
	b.WriteString(strings.Repeat(")", len(in.Categories)+1))
	return b.String()
}

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

// ikmValues are a result's IKM and its konversi as classified (the half-up
// hundredths) as cell values, blank when not defined.
func ikmValues(r skm.Result) (ikm, konv any) {
	if !r.Complete {
		return "", ""
	}
	return r.IKM, float64(r.KonversiHundredths) / 100
}

// generatedText is when the report was made, "" when unknown.
func generatedText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return i18n.DateTime(i18n.ID, t)
}

// unitSheet writes "Rekap Unit": identity, NRR per element, IKM.
func (p *prepared) unitSheet(b *book) {
	s, st := sheetUnit, b.st
	b.widths(s, 34, 40, 14, 12, 12, 16)
	b.setRow(s, 1, c(p.title("Rekap IKM Unit"), st.title))
	population, sample := any("tidak dicatat"), any("–")
	if p.Population > 0 {
		population, sample = p.Population, p.SampleTarget
	}
	info := [][2]any{
		{"Unit pelayanan", p.UnitName},
		{"Kode unit", p.UnitCode},
		{"Jenis unit", p.UnitType},
		{"Wilayah", p.RegionName},
		{"Periode", p.PeriodLabel},
		{"Rentang tanggal", rangeText(p.Range.From, p.Range.To)},
		{"Instrumen", p.Instrument.Name},
		{"Bobot unsur", weightLabel(p.Result.Weighting, len(p.Instrument.Elements))},
		{"Jumlah responden", p.Result.Respondents},
		{"Populasi (N)", population},
		{"Sampel minimum (Krejcie–Morgan)", sample},
		{"Disusun", generatedText(p.Generated)},
	}
	row := 3
	for _, kv := range info {
		b.setRow(s, row, c(kv[0], st.label), kv[1])
		row++
	}
	row++
	b.setRow(s, row, c("Kode", st.head), c("Unsur Pelayanan", st.head), c("Jumlah Jawaban", st.head),
		c("Σ Nilai", st.head), c("NRR", st.head), c("NRR Tertimbang", st.head))
	row++
	for i, e := range p.Result.Elements {
		nrr, w := nrrValues(e)
		b.setRow(s, row, c(e.Code, st.text), c(p.Instrument.Elements[i].Name, st.text), c(e.Answers, st.int),
			c(p.sums[i], st.int), c(nrr, st.dec2), c(w, st.dec3))
		row++
	}
	ikm, konv := ikmValues(p.Result)
	for _, t := range []struct {
		name  string
		v     any
		style int
	}{
		{"IKM (Σ NRR tertimbang)", ikm, st.totalDec3},
		{"IKM Konversi (IKM × 25, dibulatkan)", konv, st.totalDec2},
		{"Mutu", p.Result.Mutu, st.totalText},
		{"Kinerja", p.Result.Kinerja, st.totalText},
	} {
		b.setRow(s, row, c(t.name, st.totalText), c("", st.totalText), c("", st.totalText), c("", st.totalText),
			c("", st.totalText), c(t.v, t.style))
		b.fail(b.f.MergeCell(s, ref(1, row), ref(5, row)))
		row++
	}
}

// servicesSheet writes "Rekap Layanan": one row per service, then the unit.
func (p *prepared) servicesSheet(b *book) {
	s, st := sheetServices, b.st
	n := len(p.Instrument.Elements)
	b.setRow(s, 1, c(p.title("Rekap IKM per Layanan"), st.title))
	head := []any{c("No", st.head), c("Layanan", st.head), c("Responden", st.head)}
	for _, e := range p.Instrument.Elements {
		head = append(head, c("NRR "+e.Code, st.head))
	}
	head = append(head, c("IKM", st.head), c("IKM Konversi", st.head), c("Mutu", st.head), c("Kinerja", st.head))
	b.setRow(s, 2, head...)
	b.fail(b.f.SetPanes(s, freezePanes(2, 2)))
	b.widths(s, 6, 34, 11)
	b.fail(b.f.SetColWidth(s, colName(4), colName(3+n), 9))
	b.fail(b.f.SetColWidth(s, colName(4+n), colName(7+n), 13))

	line := func(no any, name string, r skm.Result, text, whole, d2, d3 int) []any {
		cells := []any{c(no, whole), c(name, text), c(r.Respondents, whole)}
		for _, e := range r.Elements {
			nrr, _ := nrrValues(e)
			cells = append(cells, c(nrr, d2))
		}
		ikm, konv := ikmValues(r)
		return append(cells, c(ikm, d3), c(konv, d2), c(r.Mutu, text), c(r.Kinerja, text))
	}
	row := 3
	for i, sv := range p.Services {
		b.setRow(s, row, line(i+1, sv.Name, sv.Result, st.text, st.int, st.dec2, st.dec3)...)
		row++
	}
	b.setRow(s, row, line("", "Unit (seluruh jawaban)", p.Result, st.totalText, st.totalInt, st.totalDec2, st.totalDec3)...)
}

// profileSheet writes "Profil Responden": one block per profile field.
func (p *prepared) profileSheet(b *book) {
	s, st := sheetProfile, b.st
	b.widths(s, 30, 12, 14)
	b.setRow(s, 1, c(p.title("Profil Responden"), st.title))
	total := p.Result.Respondents
	share := func(n int64) any {
		if total <= 0 {
			return ""
		}
		return float64(n) / float64(total)
	}
	row := 3
	for _, dim := range profileDims {
		b.setRow(s, row, c(dim.title, st.head), c("Jumlah", st.head), c("Persentase", st.head))
		row++
		for _, pr := range p.profileRows(dim) {
			b.setRow(s, row, c(pr.label, st.text), c(pr.count, st.int), c(share(pr.count), st.pct))
			row++
		}
		b.setRow(s, row, c("Jumlah", st.totalText), c(total, st.totalInt), c(share(total), st.totalPct))
		row += 2
	}
}
