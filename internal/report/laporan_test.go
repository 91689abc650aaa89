package report

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/calendar"
	"mutu/internal/skm"
)

// konversiID formats konversi hundredths the way the report must: "84,60".
func konversiID(h int64) string { return fmt.Sprintf("%d,%02d", h/100, h%100) }

func TestLaporanPDF(t *testing.T) {
	r := sampleReport(t, 40)
	b, err := LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "laporan-40.pdf", b)
	doc := openPDF(t, b)
	n := doc.r.NumPage()
	if n <= 5 {
		t.Fatalf("%d pages, want more than 5", n)
	}

	// The chapters, in order: the cover, then the body after the lists of
	// contents (which name them all first).
	_, listsEnd := listPages(doc, "DAFTAR GAMBAR")
	body := doc.pages[0] + " " + strings.Join(doc.pages[listsEnd+1:], " ")
	at := -1
	for _, h := range []string{"LAPORAN SURVEI KEPUASAN MASYARAKAT", "BAB I PENDAHULUAN", "Dasar Hukum",
		"BAB II PENGUMPULAN DATA", "Jumlah Hari Kerja", "Krejcie", "BAB III HASIL", "BAB IV ANALISIS",
		"Rencana Tindak Lanjut", "Tren IKM", "BAB V KESIMPULAN", "LAMPIRAN", "Lampiran 1. Kuesioner", "Lampiran 2. Lembar Pengolahan Data"} {
		i := strings.Index(body, h)
		if i < 0 {
			t.Errorf("text lacks %q", h)
			continue
		}
		if i < at {
			t.Errorf("%q out of order", h)
		}
		at = i
	}

	res := r.Result
	konv := konversiID(res.KonversiHundredths)
	mustContain(t, "report", doc.all,
		r.UnitName, r.PeriodLabel, "Kota Administrasi Jakarta Utara",
		"Undang-Undang Nomor 25 Tahun 2009", "Nomor 14 Tahun 2017",
		"Persiapan", "Pengumpulan Data", "Pengolahan Data dan Analisis", "Penyusunan dan Pelaporan Hasil",
		"N = 100", "S = 80", "λ² = 3,841",
		konv, "dengan mutu pelayanan "+res.Mutu+" ("+res.Kinerja+")",
		"Laki-laki", "Perempuan", "Tidak mengisi",
		"Prioritas Unsur", "Program/Kegiatan", "Penanggung Jawab", r.Actions[0].Programme,
		"Triwulan II 2026", "83,90",
		"Sangat sesuai", r.Instrument.Elements[8].Question,
		"Σ nilai", "NRR tertimbang",
	)
	// Every element's NRR with two decimals and a comma.
	for _, e := range res.Elements {
		mustContain(t, "report", doc.all, strings.Replace(strconv.FormatFloat(math.Round(e.NRR*100)/100, 'f', 2, 64), ".", ",", 1))
	}
	// The IKM with three decimals.
	mustContain(t, "report", doc.all, strings.Replace(strconv.FormatFloat(res.IKM, 'f', 3, 64), ".", ",", 1))
	if strings.Contains(doc.all, fmt.Sprintf("%.2f", res.Konversi)) {
		t.Error("konversi printed with a decimal point")
	}

	// Page numbers on every page but the cover.
	if strings.Contains(doc.pages[0], "Halaman") {
		t.Error("the cover carries a page number")
	}
	for i := 1; i < n; i++ {
		mustContain(t, fmt.Sprintf("page %d", i+1), doc.pages[i], fmt.Sprintf("Halaman %d dari %d", i, n-1))
	}

	// Bookmarks for the chapters.
	var outline []string
	for _, o := range doc.r.Outline().Child {
		outline = append(outline, o.Title)
	}
	mustContain(t, "outline", strings.Join(outline, "|"), "BAB I PENDAHULUAN", "BAB V KESIMPULAN", "LAMPIRAN")

	// Fonts are embedded (TrueType font files), not referenced.
	if c := bytes.Count(b, []byte("/FontFile2")); c != 2 {
		t.Errorf("%d embedded font files, want 2 (regular, bold)", c)
	}
}

// TestLaporanPDFTablesBreak checks that a table longer than a page goes on
// with its caption marked "(lanjutan)" and its header repeated, and that no
// row is lost.
func TestLaporanPDFTablesBreak(t *testing.T) {
	r := sampleReport(t, 40)
	r.Actions = nil
	for i := range 45 {
		r.Actions = append(r.Actions, Action{No: i + 1, Element: "U3 Waktu Penyelesaian",
			Programme: fmt.Sprintf("Kegiatan perbaikan nomor %03d yang cukup panjang sehingga memerlukan dua baris", i+1),
			Timeline:  "Okt–Des 2026", Responsible: "Kepala Subbagian Tata Usaha", Status: "Berjalan"})
	}
	b, err := LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "laporan-long-rtl.pdf", b)
	doc := openPDF(t, b)
	pages := 0
	for i, p := range doc.pages {
		if !strings.Contains(p, "Kegiatan perbaikan nomor") {
			continue
		}
		pages++
		mustContain(t, fmt.Sprintf("page %d", i+1), p, "Prioritas Unsur", "Penanggung Jawab")
		if pages > 1 {
			mustContain(t, fmt.Sprintf("page %d", i+1), p, "Rencana Tindak Lanjut (lanjutan)")
		}
	}
	if pages < 2 {
		t.Fatalf("the table of 45 actions fits on %d page", pages)
	}
	for i := range 45 {
		mustContain(t, "report", doc.all, fmt.Sprintf("nomor %03d", i+1))
	}
}

func TestLaporanPDFLarge(t *testing.T) {
	r := sampleReport(t, MaxPDFRespondents+1)
	doc := laporanPDF(t, r)
	mustContain(t, "report", doc.all, "lihat berkas XLSX", konversiID(r.Result.KonversiHundredths), "IKM = Σ NRR tertimbang")
	if strings.Contains(doc.all, "Tabel L.2 Lembar pengolahan data (lanjutan)") {
		t.Error("the processing sheet of 201 respondents is printed in full")
	}
}

// TestLaporanEmpty: a period without answers still gives both files, saying
// that the IKM cannot be computed.
func TestLaporanEmpty(t *testing.T) {
	res, err := skm.Compute(permen, skm.NewTally(len(permen.Elements)), skm.Exact)
	if err != nil {
		t.Fatal(err)
	}
	r := SKMReport{UnitName: "Kelurahan Tugu Utara", PeriodLabel: "Triwulan III 2026",
		Range: skm.Range{From: "2026-07-01", To: "2026-09-30"}, Instrument: permen, Result: res, Generated: generated}
	doc := laporanPDF(t, r)
	mustContain(t, "report", doc.all, "belum dapat dihitung", "belum ada responden", "tidak tercatat", "384",
		"Belum ada hasil periode sebelumnya")
	if _, err := LaporanXLSX(r); err != nil {
		t.Fatal(err)
	}
}

func TestLaporanRejects(t *testing.T) {
	good := sampleReport(t, 12)
	cases := []struct {
		name   string
		change func(*SKMReport)
	}{
		{"no instrument", func(r *SKMReport) { r.Instrument = nil }},
		{"bad range", func(r *SKMReport) { r.Range = skm.Range{From: "2026-09-30", To: "2026-07-01"} }},
		{"a row too many", func(r *SKMReport) { r.Respondents = append(r.Respondents, r.Respondents[0]) }},
		{"rows disagree with the result", func(r *SKMReport) {
			rows := append([]RespondentRow(nil), r.Respondents...)
			rows[0].Answers = []int{1, 1, 1, 1, 1, 1, 1, 1, 1}
			r.Respondents = rows
		}},
		{"answer out of range", func(r *SKMReport) {
			rows := append([]RespondentRow(nil), r.Respondents...)
			rows[0].Answers = []int{5, 1, 1, 1, 1, 1, 1, 1, 1}
			r.Respondents = rows
		}},
		{"too many answers", func(r *SKMReport) {
			rows := append([]RespondentRow(nil), r.Respondents...)
			rows[0].Answers = make([]int, 10)
			r.Respondents = rows
		}},
		{"service of another instrument", func(r *SKMReport) {
			r.Services = []ServiceResult{{Name: "x", Result: skm.Result{}}}
		}},
	}
	for _, tc := range cases {
		r := good
		tc.change(&r)
		if _, err := LaporanPDF(r); err == nil {
			t.Errorf("%s: PDF built", tc.name)
		}
		if _, err := LaporanXLSX(r); err == nil {
			t.Errorf("%s: XLSX built", tc.name)
		}
	}
}

// TestLaporanDeterministic: the same input gives the same bytes (no clock,
// no map order), so files can be golden-tested and cached.
func TestLaporanDeterministic(t *testing.T) {
	r := withFront(t, sampleReport(t, 40)) // with the kop surat's logo
	for name, build := range map[string]func(SKMReport) ([]byte, error){"pdf": LaporanPDF, "xlsx": LaporanXLSX} {
		a, err := build(r)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			b, err := build(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("%s: two runs give different bytes", name)
			}
		}
	}
	// The PDF's creation date is the report's, in Asia/Jakarta.
	b, _ := LaporanPDF(r)
	if !bytes.Contains(b, []byte("/CreationDate(D:20261005093000+07'00')")) {
		t.Error("creation date is not Generated")
	}
}

func TestLaporanXLSX(t *testing.T) {
	r := sampleReport(t, 40)
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "laporan-40.xlsx", b)
	f := openXLSX(t, b)
	if got, want := strings.Join(f.GetSheetList(), "|"), "Olah Data|Rekap Unit|Rekap Layanan|Profil Responden"; got != want {
		t.Fatalf("sheets %s, want %s", got, want)
	}
	raw := excelize.Options{RawCellValue: true}
	get := func(sheet, cell string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell, raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	num := func(sheet, cell string) float64 {
		t.Helper()
		x, err := strconv.ParseFloat(get(sheet, cell), 64)
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, cell, err)
		}
		return x
	}
	formula := func(sheet, cell string) string {
		t.Helper()
		s, err := f.GetCellFormula(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.15g, want %.15g", what, got, want)
		}
	}

	// Olah Data: title, header, one row per respondent, then the totals.
	const s = "Olah Data"
	head := []string{"No", "Tanggal", "Layanan", "Umur", "JK", "Pendidikan", "Pekerjaan", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Saran"}
	for i, h := range head {
		if got := get(s, ref(i+1, 2)); got != h {
			t.Errorf("header %s: %q, want %q", ref(i+1, 2), got, h)
		}
	}
	last := 2 + len(r.Respondents)
	for i, row := range r.Respondents {
		y := 3 + i
		if got := get(s, ref(1, y)); got != strconv.Itoa(row.No) {
			t.Errorf("row %d: No %q", y, got)
		}
		for e, a := range row.Answers {
			want := ""
			if a > 0 {
				want = strconv.Itoa(a)
			}
			if got := get(s, ref(8+e, y)); got != want {
				t.Errorf("%s: %q, want %q", ref(8+e, y), got, want)
			}
		}
	}
	if v, _ := f.GetCellValue(s, "B3"); v != shortDateYYYY(r.Respondents[0].Date) {
		t.Errorf("B3 shows %q, want %q (a date formatted dd/mm/yyyy)", v, shortDateYYYY(r.Respondents[0].Date))
	}
	sumRow, nrrRow, wRow, ikmRow, konvRow, mutuRow := last+1, last+2, last+3, last+4, last+5, last+6
	labels := map[int]string{sumRow: "Σ Nilai", nrrRow: "NRR", wRow: "NRR Tertimbang", ikmRow: "IKM", konvRow: "IKM Konversi (IKM × 25)", mutuRow: "Mutu (Kinerja)"}
	for y, l := range labels {
		if got := get(s, ref(1, y)); got != l {
			t.Errorf("A%d: %q, want %q", y, got, l)
		}
	}
	var tally = skm.NewTally(9)
	for _, row := range r.Respondents {
		tally.Add(row.Answers)
	}
	for i, e := range r.Result.Elements {
		col := colName(8 + i)
		rng := fmt.Sprintf("%s3:%s%d", col, col, last)
		if got, want := formula(s, ref(8+i, sumRow)), "SUM("+rng+")"; got != want {
			t.Errorf("Σ %s: formula %q, want %q", e.Code, got, want)
		}
		if got := formula(s, ref(8+i, nrrRow)); !strings.Contains(got, "SUM("+rng+")/COUNT("+rng+")") {
			t.Errorf("NRR %s: formula %q lacks SUM/COUNT", e.Code, got)
		}
		if got := formula(s, ref(8+i, wRow)); !strings.Contains(got, fmt.Sprintf("%s%d/9", col, nrrRow)) {
			t.Errorf("NRR tertimbang %s: formula %q lacks /9", e.Code, got)
		}
		near("Σ "+e.Code, num(s, ref(8+i, sumRow)), float64(tally.Sum[i]))
		near("NRR "+e.Code, num(s, ref(8+i, nrrRow)), e.NRR)
		near("NRR tertimbang "+e.Code, num(s, ref(8+i, wRow)), e.Weighted)
	}
	if got := formula(s, ref(8, ikmRow)); !strings.Contains(got, fmt.Sprintf("SUM(H%d:P%d)", wRow, wRow)) {
		t.Errorf("IKM formula %q", got)
	}
	near("IKM", num(s, ref(8, ikmRow)), r.Result.IKM)
	near("IKM konversi", num(s, ref(8, konvRow)), r.Result.Konversi)
	if got := get(s, ref(8, mutuRow)); got != r.Result.Mutu+" ("+r.Result.Kinerja+")" {
		t.Errorf("mutu %q", got)
	}
	// excelize's own calculation engine agrees with the cached values: the
	// formulas compute what Mutu computed.
	for _, cell := range []string{ref(8, nrrRow), ref(12, wRow), ref(8, ikmRow), ref(8, konvRow), ref(8, mutuRow)} {
		calc, err := f.CalcCellValue(s, cell, raw)
		if err != nil {
			t.Fatalf("calc %s: %v", cell, err)
		}
		cached := get(s, cell)
		if x, err := strconv.ParseFloat(calc, 64); err == nil {
			near("calculated "+cell, x, num(s, cell))
		} else if calc != cached {
			t.Errorf("calculated %s = %q, cached %q", cell, calc, cached)
		}
	}
	if p, err := f.GetPanes(s); err != nil || !p.Freeze || p.YSplit != 2 {
		t.Errorf("Olah Data panes %+v (%v), want the two top rows frozen", p, err)
	}

	// Rekap Unit: the element table and the IKM.
	const u = "Rekap Unit"
	rows, _ := f.GetRows(u, raw)
	found := map[string]bool{}
	for y, row := range rows {
		if len(row) < 2 {
			continue
		}
		for i, e := range r.Result.Elements {
			if row[0] == e.Code {
				found[e.Code] = true
				near("Rekap NRR "+e.Code, num(u, ref(5, y+1)), e.NRR)
				near("Rekap weighted "+e.Code, num(u, ref(6, y+1)), r.Result.Elements[i].Weighted)
			}
		}
		if row[0] == "IKM (Σ NRR tertimbang)" {
			near("Rekap IKM", num(u, ref(6, y+1)), r.Result.IKM)
			found["IKM"] = true
		}
		if row[0] == "Mutu" && row[5] == r.Result.Mutu {
			found["Mutu"] = true
		}
	}
	if len(found) != 11 {
		t.Errorf("Rekap Unit lacks rows: found %v", found)
	}

	// Rekap Layanan: one row per service and the unit.
	const l = "Rekap Layanan"
	for i, sv := range r.Services {
		if got := get(l, ref(2, 3+i)); got != sv.Name {
			t.Errorf("service row %d: %q, want %q", i+1, got, sv.Name)
		}
		near("service IKM "+sv.Name, num(l, ref(13, 3+i)), sv.Result.IKM)
	}
	if got := get(l, ref(2, 3+len(r.Services))); got != "Unit (seluruh jawaban)" {
		t.Errorf("unit row %q", got)
	}

	// Profil Responden: every block adds up to the respondents.
	const pr = "Profil Responden"
	prow, _ := f.GetRows(pr, raw)
	blocks := 0
	var sum int64
	for y, row := range prow {
		if len(row) < 2 || y < 2 {
			continue
		}
		switch {
		case row[1] == "Jumlah":
			sum, blocks = 0, blocks+1
		case row[0] == "Jumlah":
			if want := r.Result.Respondents; sum != want || row[1] != strconv.FormatInt(want, 10) {
				t.Errorf("profile block %d sums to %d, total says %s, want %d", blocks, sum, row[1], want)
			}
		default:
			n, _ := strconv.ParseInt(row[1], 10, 64)
			sum += n
		}
	}
	if blocks != 4 {
		t.Errorf("%d profile blocks, want 4", blocks)
	}
}

// openXLSX opens a built workbook, closed when the test ends.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("read XLSX: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// shortDateYYYY is a YYYY-MM-DD date as dd/mm/yyyy.
func shortDateYYYY(s string) string { return s[8:10] + "/" + s[5:7] + "/" + s[:4] }

func TestLaporanXLSXLegacyWeight(t *testing.T) {
	r := sampleReport(t, 20)
	var tally = skm.NewTally(9)
	for _, row := range r.Respondents {
		tally.Add(row.Answers)
	}
	res, err := skm.Compute(permen, tally, skm.Legacy111)
	if err != nil {
		t.Fatal(err)
	}
	r.Result = res
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	wRow := 2 + len(r.Respondents) + 3
	got, _ := f.GetCellFormula("Olah Data", ref(8, wRow))
	if !strings.Contains(got, "*0.111") {
		t.Errorf("legacy weight formula %q", got)
	}
	v, _ := f.GetCellValue("Olah Data", ref(8, wRow+1), excelize.Options{RawCellValue: true})
	if x, _ := strconv.ParseFloat(v, 64); math.Abs(x-res.IKM) > 1e-9 {
		t.Errorf("legacy IKM %s, want %v", v, res.IKM)
	}
}

func TestLaporanXLSXWithoutRows(t *testing.T) {
	r := sampleReport(t, 30)
	r.Respondents = nil
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	// Totals start right below the header; values, no formulas.
	v, _ := f.GetCellValue("Olah Data", "H4", excelize.Options{RawCellValue: true})
	if x, _ := strconv.ParseFloat(v, 64); math.Abs(x-r.Result.Elements[0].NRR) > 1e-9 {
		t.Errorf("NRR U1 %s, want %v", v, r.Result.Elements[0].NRR)
	}
	if fm, _ := f.GetCellFormula("Olah Data", "H4"); fm != "" {
		t.Errorf("formula %q over no rows", fm)
	}
}

// TestSchedule: the Waktu Pelaksanaan counts the working days of the
// calendar the complaint deadlines use: weekends, libur nasional and cuti
// bersama are skipped, and the stages before and after the collection move
// over them.
func TestSchedule(t *testing.T) {
	cal, _ := calendar.Builtin()
	for _, tc := range []struct {
		name string
		rng  skm.Range
		want []Activity
	}{
		{"Triwulan III 2026 (17 and 25 Aug are holidays)", skm.Range{From: "2026-07-01", To: "2026-09-30"}, []Activity{
			{"Persiapan", "2026-06-24", "2026-06-30", 5},
			{"Pengumpulan Data", "2026-07-01", "2026-09-30", 64},
			{"Pengolahan Data dan Analisis", "2026-10-01", "2026-10-07", 5},
			{"Penyusunan dan Pelaporan Hasil", "2026-10-08", "2026-10-14", 5},
		}},
		// Monday to Friday gives 261; the 2026 decree takes 21 weekdays off.
		{"Tahun 2026", skm.Range{From: "2026-01-01", To: "2026-12-31"}, []Activity{
			{"Persiapan", "2025-12-23", "2025-12-31", 5}, // over Christmas and its cuti bersama
			{"Pengumpulan Data", "2026-01-01", "2026-12-31", 240},
			{"Pengolahan Data dan Analisis", "2027-01-04", "2027-01-11", 5}, // 5 Jan 2027: Isra Mikraj
			{"Penyusunan dan Pelaporan Hasil", "2027-01-12", "2027-01-18", 5},
		}},
		{"25–31 Dec 2025", skm.Range{From: "2025-12-25", To: "2025-12-31"}, []Activity{
			{"Persiapan", "2025-12-18", "2025-12-24", 5},
			{"Pengumpulan Data", "2025-12-25", "2025-12-31", 3},
			{"Pengolahan Data dan Analisis", "2026-01-02", "2026-01-08", 5},
			{"Penyusunan dan Pelaporan Hasil", "2026-01-09", "2026-01-15", 5},
		}},
	} {
		acts, err := Schedule(tc.rng, cal)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(acts) != fmt.Sprint(tc.want) {
			t.Errorf("%s: Schedule\n got %v\nwant %v", tc.name, acts, tc.want)
		}
	}
	if _, err := Schedule(skm.Range{From: "2026-07-01", To: "x"}, cal); err == nil {
		t.Error("bad range: no error")
	}
}

func TestWorkingDays(t *testing.T) {
	cal, _ := calendar.Builtin()
	edited, err := calendar.New(append(cal.Days(2026), calendar.Day{Date: "2026-07-02", Name: "Libur daerah", Kind: calendar.NationalHoliday}))
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	cases := []struct {
		cal      *calendar.Calendar
		from, to string
		want     int
	}{
		{cal, "2026-07-01", "2026-07-01", 1}, // Wednesday
		{cal, "2026-07-04", "2026-07-05", 0}, // a weekend
		{cal, "2026-07-01", "2026-07-31", 23},
		{cal, "2026-08-17", "2026-08-17", 0}, // Proklamasi, a Monday
		{cal, "2025-12-25", "2025-12-31", 3}, // Christmas and its cuti bersama
		{cal, "2025-12-24", "2025-12-24", 1},
		{cal, "2026-01-01", "2026-12-31", 240},
		{cal, "2026-07-02", "2026-07-01", 0},
		{edited, "2026-07-01", "2026-07-03", 2}, // a day the administrator added
	}
	for _, tc := range cases {
		if got := workingDays(tc.cal, d(tc.from), d(tc.to)); got != tc.want {
			t.Errorf("workingDays(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestLaporanLegacyInstrument: the 14-element KepMenPAN 25/2004 instrument
// (historical imports) lays out its wider tables and weights by 1/14.
func TestLaporanLegacyInstrument(t *testing.T) {
	in := skm.BuiltinByCode("kepmenpan-25-2004")
	if in == nil {
		t.Fatal("no builtin instrument kepmenpan-25-2004")
	}
	n := len(in.Elements)
	tally := skm.NewTally(n)
	var rows []RespondentRow
	for i := range 30 {
		a := make([]int, n)
		for e := range a {
			a[e] = 1 + (i*7+e*3)%4
		}
		tally.Add(a)
		rows = append(rows, RespondentRow{No: i + 1, Date: "2019-03-01", Answers: a})
	}
	res, err := skm.Compute(in, tally, skm.Exact)
	if err != nil {
		t.Fatal(err)
	}
	r := SKMReport{UnitName: "Kecamatan Koja", PeriodLabel: "Tahun 2019", Range: skm.Range{From: "2019-01-01", To: "2019-12-31"},
		Instrument: in, Result: res, Respondents: rows, Generated: generated}
	pdfBytes, err := LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "laporan-legacy.pdf", pdfBytes)
	doc := openPDF(t, pdfBytes)
	mustContain(t, "report", doc.all, in.Elements[n-1].Code, konversiID(res.KonversiHundredths), fmt.Sprintf("bobot 1/%d", n))
	b, err := LaporanXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	wRow := 2 + len(rows) + 3
	if got, _ := f.GetCellFormula("Olah Data", ref(8+n-1, wRow)); !strings.Contains(got, fmt.Sprintf("/%d", n)) {
		t.Errorf("weight formula %q, want /%d", got, n)
	}
	if got, _ := f.GetCellValue("Olah Data", ref(8+n, 2)); got != "Saran" {
		t.Errorf("column after the %d elements is %q, want Saran", n, got)
	}
}
