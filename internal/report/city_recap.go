package report

import (
	"fmt"
	"time"

	"github.com/signintech/gopdf"
)

// CityRecap is the recap of a city's monitoring year for the mayor (issue
// #13, "Reports"): the ranking of its units, the city's mean of each
// aspect, the weakest indicators, the coverage of the cadence's cycles and
// the findings still open, signed by the team's ketua. The caller fills it
// from what the city's results page shows (web.cityData), so the paper and
// the page agree; figures arrive as text.
type CityRecap struct {
	Front     Front  // kop surat and signing place of the city
	City      string // "Kota Administrasi Jakarta Utara"
	Year      int
	Team      string // the team's name, the letterhead's line
	Share     string // how the final index is made: "evaluator 70 %, pengguna (SKM) 30 %"
	Ranking   []RecapUnit
	Aspects   []RecapAspect
	IPP       string // the mean of the units' IPP, "" without any
	Category  string
	Units     int // the units the means are over
	Weakest   []RecapIndicator
	Coverage  []RecapCycle
	Open      int // the findings of the units still waiting for their unit
	Overdue   int // of which past their due day
	Signer    VisitPerson
	Generated time.Time
}

// RecapUnit is a unit's line of the ranking (figures "" where it has none).
type RecapUnit struct {
	Rank, Code, Name, IPP, Category, Final string
	DoneOn                                 time.Time // its latest visit scored in the year; zero: none
	Open, Overdue                          int
}

// RecapAspect is an aspect's mean over the units ranked.
type RecapAspect struct {
	Code, Name, Weight, Mean string
	Units                    int
}

// RecapIndicator is one of the weakest indicators across the city.
type RecapIndicator struct {
	Code, Name, Mean string
	Low, Units       int
}

// RecapCycle is one cycle's coverage.
type RecapCycle struct {
	Start, End   time.Time
	Share        string
	Visited, Due int
}

// CityRecapPDF returns the recap as an A4 PDF.
func CityRecapPDF(r CityRecap) ([]byte, error) {
	title := fmt.Sprintf("Rekapitulasi Pemantauan Pelayanan Publik %s Tahun %d", clean(r.City), r.Year)
	d := newDoc(title, r.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: "Mutu", Subject: "Rekapitulasi hasil pemantauan dan evaluasi pelayanan publik untuk Wali Kota",
		Creator: "Mutu", Producer: "Mutu", CreationDate: r.Generated})
	d.footer = fmt.Sprintf("Rekapitulasi Pemantauan · %s · %d", clean(r.City), r.Year)
	d.newPage()
	p := &prepared{SKMReport: SKMReport{UnitName: orBlank(r.Team), Front: r.Front}}
	p.letterhead(d)
	d.textColour(ink)
	d.y += d.fitted("REKAPITULASI HASIL PEMANTAUAN", bold, 16, 12, marginLeft, contentW, 1)
	d.y += d.fitted(fmt.Sprintf("PELAYANAN PUBLIK TAHUN %d", r.Year), bold, 12, 10, marginLeft, contentW, 2)
	d.textColour(black)
	d.gap(3)
	d.startChapter("1")
	d.para(fmt.Sprintf("Kepada Yth. Wali Kota, berikut rekapitulasi hasil pemantauan dan evaluasi pelayanan publik unit-unit di %s tahun %d. "+
		"Nilai tahunan unit adalah hasil kunjungan terakhir yang dinilai pada tahun itu; indeks akhir: %s.", clean(r.City), r.Year, orDash(r.Share)))

	d.heading(2, "1. Peringkat unit pelayanan")
	if len(r.Ranking) == 0 {
		d.para("Belum ada unit dalam cakupan tim.")
	} else {
		rows := make([][]string, len(r.Ranking))
		for i, u := range r.Ranking {
			done := "—"
			if !u.DoneOn.IsZero() {
				done = longDate(u.DoneOn)
			}
			rows[i] = []string{orDash(u.Rank), clean(u.Name), done, orDash(u.IPP), orDash(u.Category), orDash(u.Final),
				fmt.Sprint(u.Open), fmt.Sprint(u.Overdue)}
		}
		d.table(table{caption: d.tableTitle("Peringkat menurut IPP"), rows: rows, size: 8, cols: []column{{title: "No", width: 9, align: alignRight},
			{title: "Unit"}, {title: "Kunjungan", width: 22}, {title: "IPP", width: 12, align: alignRight}, {title: "Kategori", width: 16},
			{title: "Indeks akhir", width: 20, align: alignRight}, {title: "Temuan terbuka", width: 17, align: alignRight}, {title: "Lewat batas", width: 15, align: alignRight}}})
	}

	d.heading(2, "2. Rata-rata kota per aspek")
	if len(r.Aspects) == 0 {
		d.para("Belum ada kunjungan yang dinilai pada tahun ini.")
	} else {
		rows := make([][]string, len(r.Aspects))
		for i, a := range r.Aspects {
			rows[i] = []string{clean(a.Code), clean(a.Name), clean(a.Weight), clean(a.Mean), fmt.Sprint(a.Units)}
		}
		d.table(table{caption: d.tableTitle("Rata-rata nilai aspek"), rows: rows,
			totals: [][]string{{fmt.Sprintf("IPP kota (rata-rata %d unit)", r.Units), orDash(r.IPP), fmt.Sprint(r.Units)}, {"Kategori", orDash(r.Category), ""}}, cols: []column{{title: "Kode", width: 14}, {title: "Aspek"},
				{title: "Bobot (%)", width: 22, align: alignRight}, {title: "Rata-rata", width: 22, align: alignRight}, {title: "Unit", width: 14, align: alignRight}}})
	}

	d.heading(2, "3. Indikator terlemah")
	if len(r.Weakest) == 0 {
		d.para("Belum ada indikator yang dinilai pada tahun ini.")
	} else {
		rows := make([][]string, len(r.Weakest))
		for i, w := range r.Weakest {
			rows[i] = []string{clean(w.Code), orDash(w.Name), clean(w.Mean), fmt.Sprint(w.Low), fmt.Sprint(w.Units)}
		}
		d.table(table{caption: d.tableTitle("Indikator dengan rata-rata terendah"), rows: rows, cols: []column{{title: "Kode", width: 18},
			{title: "Indikator"}, {title: "Rata-rata", width: 20, align: alignRight}, {title: "Unit ≤ 2", width: 16, align: alignRight}, {title: "Unit", width: 14, align: alignRight}}})
	}

	d.heading(2, "4. Cakupan kunjungan")
	if len(r.Coverage) == 0 {
		d.para("Belum ada siklus kunjungan yang dimulai pada tahun ini.")
	} else {
		rows := make([][]string, len(r.Coverage))
		for i, c := range r.Coverage {
			rows[i] = []string{longDate(c.Start) + " – " + longDate(c.End), fmt.Sprint(c.Visited), fmt.Sprint(c.Due), orDash(c.Share)}
		}
		d.table(table{caption: d.tableTitle("Unit dikunjungi per siklus"), rows: rows, cols: []column{{title: "Siklus"},
			{title: "Dikunjungi", width: 24, align: alignRight}, {title: "Wajib", width: 20, align: alignRight}, {title: "%", width: 18, align: alignRight}}})
	}

	d.heading(2, "5. Temuan")
	d.para(fmt.Sprintf("Temuan yang masih menunggu tindak lanjut unit: %d, di antaranya %d melewati batas waktu.", r.Open, r.Overdue))
	d.para("Demikian rekapitulasi ini disampaikan sebagai bahan pembinaan dan pengambilan keputusan.")
	recapSignature(d, r)
	d.numberPages()
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}

// recapSignature is the ketua's signature block, on the right.
func recapSignature(d *doc, r CityRecap) {
	const room = 16.0 // mm for a signature
	half := contentW / 2
	d.font(regular, 11)
	d.need(4*d.lineH() + room)
	d.font(regular, 11)
	d.gap(4)
	d.text(marginLeft+half, d.y, half, orBlank(r.Front.Place)+", "+longDate(r.Generated), alignLeft)
	d.y += d.lineH() * 1.5
	for _, l := range d.wrap("Ketua "+orBlank(r.Team)+",", half) {
		d.text(marginLeft+half, d.y, half, l, alignLeft)
		d.y += d.lineH()
	}
	d.y += room
	d.font(bold, 11)
	for _, l := range d.wrap(orBlank(r.Signer.Name), half) {
		d.text(marginLeft+half, d.y, half, l, alignLeft)
		d.y += d.lineH()
	}
	d.font(regular, 11)
}
