package report

import (
	"strconv"
	"time"

	"github.com/signintech/gopdf"

	"mutu/internal/i18n"
)

// Scorecard is a city's or province's scorecard (Rapor Kinerja Pelayanan)
// as printed: the table of units as the page shows it (filters and order
// included), the cities compared on a province's, then the maps with the
// tables behind them. The caller fills it from the page's own data, so the
// document and the page never disagree; the figures arrive as text.
type Scorecard struct {
	Region, Code, Level string // "Kota Administrasi Jakarta Utara", "31.72", "Kota"
	Filter              string // the filters in words ("" for none)
	Generated           time.Time
	Notes               []string // how the figures are made, one paragraph each
	Head                []string // the unit's column first
	Rows                [][]string
	Cities              *RegionSection // a province's cities compared (no maps)
	Sections            []RegionSection
}

// ScorecardPDF returns the scorecard as an A4 PDF.
func ScorecardPDF(s Scorecard) ([]byte, error) {
	title := "Rapor Kinerja Pelayanan " + clean(s.Region)
	d := newDoc(title, s.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: "Mutu", Subject: "IKM, IPP, opini Ombudsman, pengaduan, standar, inovasi dan temuan per unit",
		Creator: "Mutu", Producer: "Mutu", CreationDate: s.Generated})
	d.footer = "Rapor Kinerja Pelayanan · " + clean(s.Region)
	d.newPage()
	d.textColour(ink)
	d.font(bold, 16)
	d.y += d.lines(marginLeft, d.y, contentW, d.wrap("RAPOR KINERJA PELAYANAN", contentW), alignLeft)
	d.font(bold, 14)
	d.y += d.lines(marginLeft, d.y, contentW, d.wrap(s.Region, contentW), alignLeft)
	d.textColour(black)
	d.gap(2)
	d.font(regular, 11)
	lines := []string{s.Level + " · kode wilayah " + s.Code}
	if s.Filter != "" {
		lines = append(lines, "Saringan: "+s.Filter)
	}
	lines = append(lines, "Dicetak: "+i18n.DateTime(i18n.ID, s.Generated))
	for _, l := range lines {
		d.y += d.lines(marginLeft, d.y, contentW, d.wrap(l, contentW), alignLeft)
	}
	d.gap(4)
	for _, n := range s.Notes {
		d.para(n)
	}
	d.startChapter("1")
	cols := []column{{title: "No", width: 8, align: alignRight}}
	for i, h := range s.Head {
		c := column{title: h, align: alignRight}
		if i == 0 {
			c.width, c.align = 40, alignLeft
		}
		cols = append(cols, c)
	}
	rows := make([][]string, len(s.Rows))
	for i, r := range s.Rows {
		rows[i] = append([]string{strconv.Itoa(i + 1)}, r...)
	}
	d.table(table{caption: d.tableTitle("Unit layanan"), cols: cols, rows: rows, size: 7})
	d.gap(4)
	if s.Cities != nil {
		d.heading(2, s.Cities.Title)
		d.regionTable(*s.Cities)
	}
	d.regionSections(s.Sections)
	d.numberPages()
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}
