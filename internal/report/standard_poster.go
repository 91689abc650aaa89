package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"mutu/internal/clock"
	"mutu/internal/i18n"
	"mutu/internal/standard"
)

// The printables of a unit's service standards (issue #12): a poster per
// service with the six service-delivery components and QR codes, the
// maklumat poster, and a board of all the unit's services. Each is laid
// out on an A4 page in millimetres; A3 is the same layout √2 larger, so a
// poster reads the same on both papers.
//
// Each fits one page whatever the length: the body is drawn at the largest
// type scale from 1 down to MinTypeScale that fits; below that it flows on
// continuation pages marked "lanjutan" with the service's name and
// "Halaman x dari y". Headings are kept with what follows them.

// Paper is a poster's paper size.
type Paper string

// Papers of the posters.
const (
	A4 Paper = "a4"
	A3 Paper = "a3"
)

// Papers in the order offered.
var Papers = []Paper{A4, A3}

// MinTypeScale is the smallest type a poster shrinks to before it goes on
// a continuation page: body text of 8.4 pt on A4 (11.9 pt on A3), still
// read at arm's length.
const MinTypeScale = 0.8

// typeScales are the scales tried, largest first.
var typeScales = []float64{1, 0.95, 0.9, 0.85, MinTypeScale}

// newPaperDoc starts a document on paper p (A4 unless A3).
func newPaperDoc(title string, p Paper) *doc {
	if p == A3 {
		return newDocOn(title, time.Time{}, gopdf.Config{PageSize: *gopdf.PageSizeA3, Unit: gopdf.UnitMM,
			ConversionForUnit: math.Sqrt2 / ptToMM}, math.Sqrt2)
	}
	return newDoc(title, time.Time{})
}

// Poster geometry on the A4 design page, in mm.
const (
	sheetMargin = 15.0
	sheetW      = pageW - 2*sheetMargin
	sheetFoot   = pageH - 13 // the footer's rule
	colGap      = 8.0
	qrSide      = 30.0 // a code for a phone held at the poster
	qrStripH    = 52.0 // codes with their captions and addresses
)

// ServicePoster is what the poster of one service's standard shows: the
// version in force and where it is online.
type ServicePoster struct {
	Paper        Paper
	RegionName   string // the band across the top
	UnitName     string
	ServiceName  string
	Standard     standard.Version // published: number, effective date, decree, content
	StandardURL  string           // the service's public page
	SurveyURL    string           // the survey of the service
	ComplaintURL string           // the complaint form about the service
}

// ServicePosterPDF draws the poster of one service's standard.
func ServicePosterPDF(p ServicePoster) ([]byte, error) {
	if strings.TrimSpace(p.UnitName) == "" || strings.TrimSpace(p.ServiceName) == "" {
		return nil, fmt.Errorf("report: a standard poster needs a unit and a service")
	}
	codes := []posterCode{{"Standar pelayanan daring", p.StandardURL}, {"Isi survei kepuasan", p.SurveyURL}, {"Sampaikan pengaduan", p.ComplaintURL}}
	version := versionLine(p.Standard)
	return fit(func(scale float64, breaks bool) *sheet {
		sh := newSheet("Standar Pelayanan – "+clean(p.ServiceName), p.Paper, p.RegionName, version, breaks)
		sh.head = func(cont bool) {
			d := sh.d
			if cont {
				d.textColour(ink)
				d.y += d.fitted(p.ServiceName+" (lanjutan)", bold, 14, 11, sheetMargin, sheetW, 2)
				d.textColour(muted)
				d.y += d.fitted("Standar Pelayanan — "+p.UnitName, regular, 9, 8, sheetMargin, sheetW, 2)
				return
			}
			d.textColour(ink)
			d.y += d.fitted("STANDAR PELAYANAN", bold, 13, 13, sheetMargin, sheetW, 1)
			d.gap(1)
			d.y += d.fitted(p.ServiceName, bold, 22, 14, sheetMargin, sheetW, 2)
			d.textColour(black)
			d.y += d.fitted(p.UnitName, bold, 12, 10, sheetMargin, sheetW, 2)
			d.gap(1)
			d.textColour(muted)
			d.y += d.fitted(version, regular, 9.5, 8, sheetMargin, sheetW, 2)
		}
		sh.strip = func(top float64) { sh.codes(codes, top) }
		sh.start(2, qrStripH)
		sh.place(servicePieces(sh, p.Standard.Content, scale))
		return sh
	})
}

// versionLine is "Versi 2 · berlaku mulai 23 November 2026 · SK …".
func versionLine(v standard.Version) string {
	s := fmt.Sprintf("Versi %d · berlaku mulai %s", v.Number, longDate(v.EffectiveFrom.In(clock.Jakarta)))
	if v.DecreeNumber != "" {
		s += " · SK " + v.DecreeNumber
	}
	return s
}

// TimeLimitText is a time limit as the posters print it: "14 hari kerja".
func TimeLimitText(t standard.TimeLimit) string {
	unit := map[standard.TimeUnit]string{standard.WorkingDays: "hari kerja", standard.CalendarDays: "hari kalender",
		standard.Hours: "jam", standard.Minutes: "menit"}[t.Unit]
	return i18n.Int(i18n.ID, int64(t.Value)) + " " + unit
}

// FeeText is a fee as the posters print it: "Gratis", "Rp 1.500.000", or
// a charge set by regulation.
func FeeText(f standard.Fee) string {
	switch f.Kind {
	case standard.Fixed:
		return i18n.Rupiah(i18n.ID, f.AmountRp)
	case standard.Regulated:
		return "Retribusi sesuai peraturan daerah"
	}
	return "Gratis"
}

// servicePieces are the six service-delivery components as pieces of the
// flow, each under its numbered heading.
func servicePieces(sh *sheet, c standard.Content, s float64) []piece {
	var ps []piece
	ps = append(ps, sh.heading("1. Persyaratan", s))
	for _, r := range c.Requirements {
		ps = append(ps, sh.item("•", r, s))
	}
	ps = append(ps, sh.heading("2. Sistem, Mekanisme dan Prosedur", s))
	for i, st := range c.Steps {
		ps = append(ps, sh.step(i+1, st, i > 0, s))
	}
	ps = append(ps, sh.heading("3. Jangka Waktu Penyelesaian", s), sh.value(TimeLimitText(c.Time), s))
	if c.TimeNote != "" {
		ps = append(ps, sh.para(c.TimeNote, regular, 10, muted, s))
	}
	ps = append(ps, sh.heading("4. Biaya/Tarif", s), sh.value(FeeText(c.Fee), s))
	if c.Fee.Basis != "" {
		ps = append(ps, sh.para("Dasar hukum: "+c.Fee.Basis, regular, 10, muted, s))
	}
	ps = append(ps, sh.heading("5. Produk Pelayanan", s), sh.para(c.Product, regular, 10.5, black, s))
	ps = append(ps, sh.heading("6. Penanganan Pengaduan, Saran dan Masukan", s))
	for _, l := range c.Complaints {
		ps = append(ps, sh.item("•", l, s))
	}
	return ps
}

// MaklumatPoster is what the maklumat poster shows.
type MaklumatPoster struct {
	Paper      Paper
	RegionName string
	UnitName   string
	Place      string // where it was signed: "Jakarta Utara" (SigningPlace)
	Maklumat   standard.Maklumat
	UnitURL    string // the unit's public page: its standards online
}

// MaklumatPosterPDF draws the maklumat pelayanan: the text, the place and
// date, the signatory's position, room to sign and stamp, name and NIP.
// An unsigned maklumat prints dotted blanks to fill in by hand.
func MaklumatPosterPDF(p MaklumatPoster) ([]byte, error) {
	if strings.TrimSpace(p.UnitName) == "" || strings.TrimSpace(p.Maklumat.Text) == "" {
		return nil, fmt.Errorf("report: a maklumat poster needs a unit and a text")
	}
	codes := []posterCode{{"Standar pelayanan kami", p.UnitURL}}
	return fit(func(scale float64, breaks bool) *sheet {
		sh := newSheet("Maklumat Pelayanan – "+clean(p.UnitName), p.Paper, p.RegionName, "Maklumat Pelayanan — "+p.UnitName, breaks)
		sh.head = func(cont bool) {
			d := sh.d
			d.textColour(ink)
			if cont {
				d.y += d.fitted("Maklumat Pelayanan (lanjutan)", bold, 14, 11, sheetMargin, sheetW, 2)
				return
			}
			d.gap(4)
			d.y += d.fitted("MAKLUMAT PELAYANAN", bold, 28, 20, sheetMargin, sheetW, 1)
			d.gap(2)
			d.textColour(black)
			d.y += d.fitted(p.UnitName, bold, 16, 11, sheetMargin, sheetW, 2)
			d.gap(6)
		}
		sh.strip = func(top float64) { sh.codes(codes, top) }
		sh.start(1, qrStripH)
		ps := sh.text(p.Maklumat.Text, 20, scale)
		ps = append(ps, sh.signature(p.Place, p.Maklumat, 14*scale, 28))
		sh.place(ps)
		return sh
	})
}

// Board is the whole-unit board: every service with a published standard,
// compactly, and the maklumat when it fits.
type Board struct {
	Paper      Paper
	RegionName string
	UnitName   string
	Place      string
	UnitURL    string
	Services   []BoardService
	Maklumat   *standard.Maklumat // nil: none
}

// BoardService is one row of the board.
type BoardService struct {
	Name     string
	Standard standard.Version
}

// BoardPDF draws the board. The maklumat is added below the services only
// when both fit on one page; a list too long for one page continues
// without it (the maklumat has a poster of its own).
func BoardPDF(b Board) ([]byte, error) {
	if strings.TrimSpace(b.UnitName) == "" {
		return nil, fmt.Errorf("report: a board needs a unit")
	}
	codes := []posterCode{{"Standar lengkap, survei dan pengaduan", b.UnitURL}}
	draw := func(withMaklumat bool) func(float64, bool) *sheet {
		return func(scale float64, breaks bool) *sheet {
			sh := newSheet("Standar Pelayanan – "+clean(b.UnitName), b.Paper, b.RegionName, "Standar Pelayanan — "+b.UnitName, breaks)
			sh.head = func(cont bool) {
				d := sh.d
				d.textColour(ink)
				if cont {
					d.y += d.fitted("Standar Pelayanan — "+b.UnitName+" (lanjutan)", bold, 14, 11, sheetMargin, sheetW, 2)
					return
				}
				d.y += d.fitted("STANDAR PELAYANAN", bold, 22, 16, sheetMargin, sheetW, 1)
				d.gap(1)
				d.textColour(black)
				d.y += d.fitted(b.UnitName, bold, 16, 11, sheetMargin, sheetW, 2)
				d.textColour(muted)
				d.y += d.fitted("Layanan dengan standar pelayanan yang berlaku", regular, 10, 9, sheetMargin, sheetW, 1)
			}
			sh.strip = func(top float64) { sh.codes(codes, top) }
			sh.start(1, qrStripH)
			sh.repeat = sh.boardHeader(scale)
			ps := []piece{sh.repeat}
			for i, s := range b.Services {
				ps = append(ps, sh.boardRow(i+1, s, scale))
			}
			if withMaklumat && b.Maklumat != nil {
				ps = append(ps, sh.heading("Maklumat Pelayanan", scale))
				ps = append(ps, sh.text(b.Maklumat.Text, 10.5, scale)...)
				ps = append(ps, sh.signature(b.Place, *b.Maklumat, 10*scale, 25))
			}
			sh.place(ps)
			return sh
		}
	}
	if b.Maklumat != nil {
		if out, ok, err := fitOne(draw(true)); ok || err != nil {
			return out, err
		}
	}
	return fit(draw(false))
}

// fit draws at the largest type scale that fits one page, else at the
// smallest on continuation pages.
func fit(draw func(scale float64, breaks bool) *sheet) ([]byte, error) {
	if out, ok, err := fitOne(draw); ok || err != nil {
		return out, err
	}
	return draw(MinTypeScale, true).finish()
}

// fitOne is the first one-page drawing from the largest type scale down;
// ok is false when none fits.
func fitOne(draw func(scale float64, breaks bool) *sheet) ([]byte, bool, error) {
	for _, s := range typeScales {
		sh := draw(s, false)
		if sh.d.err != nil {
			return nil, false, sh.d.err
		}
		if !sh.overflow {
			out, err := sh.finish()
			return out, true, err
		}
	}
	return nil, false, nil
}

// piece is an unbreakable part of a poster's body in a column of the
// sheet's column width: its height and how to draw it at (x, y).
type piece struct {
	h    float64
	keep bool // stays in one column with the next piece (a heading)
	// draw draws at (x, y); top says the piece starts a column (a step's
	// arrow from the step before is drawn only within a column).
	draw func(x, y float64, top bool)
}

// sheet is a poster being drawn: a head, the body flowing down columns,
// on the first page a strip of QR codes above the footer, and, when the
// body does not fit and breaks is set, continuation pages.
type sheet struct {
	d        *doc
	region   string
	footer   string
	breaks   bool
	overflow bool // the body ran past the first page without breaks
	head     func(cont bool)
	strip    func(top float64)
	repeat   piece // drawn at the top of every continuation page (a table's header), if any

	cols        int
	colW        float64
	col         int
	top, bottom float64
}

// posterCode is a QR code with its caption.
type posterCode struct{ caption, url string }

func newSheet(title string, p Paper, region, footer string, breaks bool) *sheet {
	return &sheet{d: newPaperDoc(title, p), region: region, footer: footer, breaks: breaks}
}

// start draws the first page's head and strip and lays out cols columns
// between them; the strip takes stripH mm above the footer.
func (sh *sheet) start(cols int, stripH float64) {
	sh.cols = cols
	sh.colW = (sheetW - float64(cols-1)*colGap) / float64(cols)
	sh.page(false)
	sh.bottom = sheetFoot - stripH - 3
	y := sh.d.y
	sh.strip(sh.bottom + 3)
	sh.d.y = y
}

// page starts a page: the band, the head, a rule, the columns' top.
func (sh *sheet) page(cont bool) {
	d := sh.d
	d.newPage()
	d.band(12, 3.5, sheetMargin, sheetW, sh.region)
	d.y = 18
	sh.head(cont)
	d.gap(2)
	d.line(sheetMargin, d.y, pageW-sheetMargin, d.y, 0.4, ink)
	d.gap(5)
	sh.top, sh.bottom, sh.col = d.y, sheetFoot-3, 0
}

// place flows the pieces down the columns: a piece (with the next, when
// kept with it) that does not fit below the cursor goes to the next column,
// then to a continuation page. Without breaks the body runs on past the
// bottom and the sheet records the overflow (the caller tries smaller
// type).
func (sh *sheet) place(ps []piece) {
	d := sh.d
	for i, p := range ps {
		need := p.h
		if p.keep && i+1 < len(ps) {
			need += ps[i+1].h
		}
		if d.y+need > sh.bottom && d.y > sh.top {
			sh.next()
		}
		p.draw(sheetMargin+float64(sh.col)*(sh.colW+colGap), d.y, d.y == sh.top)
		d.y += p.h
		if d.y > sh.bottom+0.01 && !sh.breaks {
			sh.overflow = true
		}
	}
}

// next moves the cursor to the top of the next column or page.
func (sh *sheet) next() {
	d := sh.d
	switch {
	case sh.col+1 < sh.cols:
		sh.col++
		d.y = sh.top
		return
	case !sh.breaks:
		sh.overflow = true
		return
	}
	sh.page(true)
	if sh.repeat.draw != nil {
		sh.repeat.draw(sheetMargin, d.y, true)
		d.y += sh.repeat.h
		sh.top = d.y
	}
}

// finish writes every page's footer (with "Halaman x dari y" when the
// poster took more than one page) and returns the PDF.
func (sh *sheet) finish() ([]byte, error) {
	d := sh.d
	n := d.pdf.GetNumberOfPages()
	for p := 1; p <= n; p++ {
		d.fail(d.pdf.SetPage(p))
		d.line(sheetMargin, sheetFoot, pageW-sheetMargin, sheetFoot, 0.3, rule)
		d.font(regular, 8)
		d.textColour(muted)
		label := ""
		if n > 1 {
			label = fmt.Sprintf("Halaman %d dari %d", p, n)
		}
		lw := d.width(label) + 5
		left := "Standar pelayanan: UU 25/2009 Pasal 21, PermenPANRB 15/2014 · " + sh.footer
		d.text(sheetMargin, sheetFoot+2, sheetW-lw, firstLine(d, left, sheetW-lw), alignLeft)
		d.text(sheetMargin, sheetFoot+2, sheetW, label, alignRight)
		d.font(bold, 9)
		d.textColour(ink)
		d.text(sheetMargin, sheetFoot+6, sheetW, "Mutu", alignLeft)
	}
	return d.bytes()
}

// codes draws QR codes side by side from top: each code with its caption
// above and its address below, in a slot of equal width.
func (sh *sheet) codes(cs []posterCode, top float64) {
	d := sh.d
	d.line(sheetMargin, top, pageW-sheetMargin, top, 0.3, rule)
	slot := sheetW / float64(len(cs))
	for i, c := range cs {
		m, err := qrMatrix(c.url)
		if err != nil {
			d.fail(err)
			return
		}
		x := sheetMargin + float64(i)*slot
		d.y = top + 2
		d.font(bold, 9.5)
		d.textColour(ink)
		d.text(x, d.y, slot, firstLine(d, c.caption, slot-4), alignCenter)
		d.gap(d.lineH() + 2)
		d.qr(m, c.url, x+(slot-qrSide)/2, d.y, qrSide)
		d.gap(qrSide + 2)
		d.textColour(black)
		d.fittedURL(strings.TrimPrefix(strings.TrimPrefix(c.url, "https://"), "http://"), regular, 8, 6.5, x+2, slot-4, 2)
	}
}

// heading is a numbered component heading, kept with what follows.
func (sh *sheet) heading(s string, k float64) piece {
	d := sh.d
	size := 12 * k
	d.font(bold, size)
	ls := d.wrap(s, sh.colW)
	before, after := 2.5*k, 1.2*k
	h := before + float64(len(ls))*d.lineH() + after
	return piece{h: h, keep: true, draw: func(x, y float64, _ bool) {
		d.font(bold, size)
		d.textColour(ink)
		d.lines(x, y+before, sh.colW, ls, alignLeft)
	}}
}

// item is a list item with a hanging mark.
func (sh *sheet) item(mark, s string, k float64) piece {
	d := sh.d
	size := 10.5 * k
	indent := 5 * k
	d.font(regular, size)
	ls := d.wrap(s, sh.colW-indent)
	h := float64(len(ls))*d.lineH() + 0.8*k
	return piece{h: h, draw: func(x, y float64, _ bool) {
		d.font(regular, size)
		d.textColour(black)
		d.text(x+0.5, y, indent, mark, alignLeft)
		d.lines(x+indent, y, sh.colW-indent, ls, alignLeft)
	}}
}

// step is one step of the procedure drawn as a numbered box, joined to the
// step before by an arrow when both are in the same column.
func (sh *sheet) step(n int, s string, arrow bool, k float64) piece {
	d := sh.d
	size := 10.5 * k
	pad, numW, gap := 1.8*k, 7*k, 0.0
	if arrow {
		gap = 5 * k
	}
	d.font(regular, size)
	ls := d.wrap(s, sh.colW-numW-2*pad)
	boxH := float64(len(ls))*d.lineH() + 2*pad
	return piece{h: gap + boxH, draw: func(x, y float64, top bool) {
		if arrow && !top {
			mid := x + numW/2
			d.line(mid, y+0.5, mid, y+gap-1.2*k, 0.4, ink)
			d.fillColour(ink)
			d.pdf.Polygon([]gopdf.Point{{X: mid - 1.3*k, Y: y + gap - 1.8*k}, {X: mid + 1.3*k, Y: y + gap - 1.8*k}, {X: mid, Y: y + gap - 0.3*k}}, "F")
		}
		y += gap
		d.fillColour(ink)
		d.rect(x, y, numW, boxH, "F")
		d.lineColour(ink)
		d.pdf.SetLineWidth(0.4)
		d.rect(x, y, sh.colW, boxH, "D")
		d.font(bold, size)
		d.textColour(white)
		d.text(x, y+pad, numW, fmt.Sprint(n), alignCenter)
		d.font(regular, size)
		d.textColour(black)
		d.lines(x+numW+pad, y+pad, sh.colW-numW-2*pad, ls, alignLeft)
	}}
}

// value is a component's value in large bold type: "14 hari kerja".
func (sh *sheet) value(s string, k float64) piece {
	return sh.para(s, bold, 15, black, k)
}

// para is a paragraph in the given font and colour.
func (sh *sheet) para(s, family string, size float64, c rgb, k float64) piece {
	d := sh.d
	size *= k
	d.font(family, size)
	ls := d.wrap(s, sh.colW)
	h := float64(len(ls))*d.lineH() + 1.5*k
	return piece{h: h, draw: func(x, y float64, _ bool) {
		d.font(family, size)
		d.textColour(c)
		d.lines(x, y, sh.colW, ls, alignLeft)
	}}
}

// text is a free text of several paragraphs (a maklumat, up to
// standard.MaxText characters) as one piece per line, so that a text longer
// than a page continues on the next.
func (sh *sheet) text(s string, size, k float64) []piece {
	d := sh.d
	size *= k
	var ps []piece
	for _, para := range strings.Split(s, "\n") {
		d.font(regular, size)
		ls := d.wrap(para, sh.colW)
		for i, l := range ls {
			h := d.lineH()
			if i == len(ls)-1 {
				h += 2 * k // the paragraph's space below
			}
			ps = append(ps, piece{h: h, draw: func(x, y float64, _ bool) {
				d.font(regular, size)
				d.textColour(black)
				d.text(x, y, sh.colW, l, alignLeft)
			}})
		}
	}
	return ps
}

// signature is the maklumat's signature block on the right: "Jakarta
// Utara, 3 Desember 2026", the position, room to sign of the given height,
// the name and the NIP; blanks are dotted lines to fill in by hand.
func (sh *sheet) signature(place string, m standard.Maklumat, size, room float64) piece {
	d := sh.d
	const dots = "...................................."
	date := dots
	if !m.SignedOn.IsZero() {
		date = longDate(m.SignedOn.In(clock.Jakarta))
	}
	if place != "" {
		date = place + ", " + date
	}
	name, nip := m.SignatoryName, "NIP "+nipText(m.SignatoryNIP)
	if name == "" {
		name = dots
	}
	if m.SignatoryNIP == "" {
		nip = "NIP " + dots
	}
	w := sh.colW * 0.55
	d.font(regular, size)
	pos := d.wrap(m.SignatoryPosition, w)
	lh := d.lineH()
	h := 6 + lh*float64(1+len(pos)) + room + 2*lh
	return piece{h: h, draw: func(x, y float64, _ bool) {
		x += sh.colW - w
		y += 6
		d.font(regular, size)
		d.textColour(black)
		d.text(x, y, w, firstLine(d, date, w), alignLeft)
		y += lh
		y += d.lines(x, y, w, pos, alignLeft) + room
		d.font(bold, size)
		d.text(x, y, w, firstLine(d, name, w), alignLeft)
		d.font(regular, size)
		d.text(x, y+lh, w, nip, alignLeft)
	}}
}

// Board table columns, as shares of the width: no, service, time, fee,
// version and effective date.
var boardCols = []float64{0.06, 0.38, 0.16, 0.2, 0.2}

// boardHeader is the board's table header row.
func (sh *sheet) boardHeader(k float64) piece {
	return sh.boardLine([]string{"No", "Layanan", "Jangka waktu", "Biaya", "Berlaku"}, bold, headFill, k)
}

// boardRow is one service of the board.
func (sh *sheet) boardRow(n int, s BoardService, k float64) piece {
	v := s.Standard
	return sh.boardLine([]string{fmt.Sprint(n), s.Name, TimeLimitText(v.Content.Time), FeeText(v.Content.Fee),
		fmt.Sprintf("%s (versi %d)", longDate(v.EffectiveFrom.In(clock.Jakarta)), v.Number)}, regular, white, k)
}

// boardLine is a table row: cells wrapped in their columns, as tall as the
// tallest, with a rule below.
func (sh *sheet) boardLine(cells []string, family string, fill rgb, k float64) piece {
	d := sh.d
	size, pad := 10.5*k, 1.5*k
	d.font(family, size)
	var wrapped [][]string
	rows := 1
	for i, c := range cells {
		ls := d.wrap(c, boardCols[i]*sh.colW-2*pad)
		wrapped = append(wrapped, ls)
		rows = max(rows, len(ls))
	}
	h := float64(rows)*d.lineH() + 2*pad
	return piece{h: h, draw: func(x, y float64, _ bool) {
		if fill != white {
			d.fillColour(fill)
			d.rect(x, y, sh.colW, h, "F")
		}
		d.font(family, size)
		d.textColour(black)
		cx := x
		for i, ls := range wrapped {
			d.lines(cx+pad, y+pad, boardCols[i]*sh.colW-2*pad, ls, alignLeft)
			cx += boardCols[i] * sh.colW
		}
		d.line(x, y+h, x+sh.colW, y+h, 0.2, rule)
	}}
}
