// Package report builds the documents Mutu hands out: the SKM report (Laporan
// SKM) as PDF and XLSX, the counter poster with its QR code, and QR codes as
// PNG and SVG. Everything here is pure: a builder takes a struct the caller
// has filled from the store and returns bytes; the same input always gives
// the same bytes (no clock, no randomness), so outputs can be golden-tested
// and cached.
//
// PDFs embed the Go fonts (goregular, gobold: BSD licence, WGL4 coverage, so
// Indonesian text and signs such as ≥ – — Σ λ² render); text is real text, so
// it can be searched, copied and read by screen readers.
package report

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Page geometry of every PDF, in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 25.0
	marginRight  = 20.0
	marginTop    = 20.0
	marginBottom = 22.0 // the footer sits inside it
	contentW     = pageW - marginLeft - marginRight
	ptToMM       = 25.4 / 72
)

// Font families registered in every document.
const (
	regular = "go"
	bold    = "go-bold"
)

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

// The palette: calm and high-contrast, like the web pages.
var (
	black     = rgb{0x1b, 0x1b, 0x1b}
	ink       = rgb{0x0b, 0x3d, 0x6b} // headings, title blocks
	muted     = rgb{0x5a, 0x5a, 0x5a}
	rule      = rgb{0x9a, 0xa5, 0xb1} // table borders, axes
	gridline  = rgb{0xd9, 0xde, 0xe4}
	headFill  = rgb{0xe6, 0xec, 0xf2} // table header
	totalFill = rgb{0xf3, 0xf5, 0xf8} // table summary rows
	white     = rgb{0xff, 0xff, 0xff}
)

// mutuColour is the colour of a mutu grade in charts (A green … D red),
// chosen to stay distinguishable in greyscale print.
func mutuColour(mutu string) rgb {
	switch mutu {
	case "A":
		return rgb{0x1e, 0x6e, 0x3a}
	case "B":
		return rgb{0x1f, 0x5f, 0xa8}
	case "C":
		return rgb{0xd9, 0x8c, 0x1f}
	case "D":
		return rgb{0xb3, 0x26, 0x1e}
	}
	return rule
}

// mutuTextColour is mutuColour for text: grade C's orange is too light for
// letters on white (2.7:1), so text takes the same hue darkened (5.4:1),
// as on the web pages (--grade-c).
func mutuTextColour(mutu string) rgb {
	if mutu == "C" {
		return rgb{0x9a, 0x5b, 0x00}
	}
	return mutuColour(mutu)
}

// goFont is the regular Go font, parsed to look up glyphs. Both Go fonts
// cover the same characters (WGL4), so one check serves both.
var goFont = func() *sfnt.Font {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		panic(fmt.Sprintf("report: Go font: %v", err))
	}
	return f
}()

// hasGlyph reports whether the embedded fonts have a glyph for r.
func hasGlyph(r rune) bool {
	var b sfnt.Buffer
	i, err := goFont.GlyphIndex(&b, r)
	return err == nil && i != 0
}

// clean makes user text printable: whitespace runs become one space, control
// characters go, and characters the font lacks (emoji, most non-Latin
// scripts) become "?" so that nothing silently disappears.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if hasGlyph(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// doc is a gopdf document with Mutu's page layout and a cursor y that flows
// content down the page and breaks pages. The first error sticks: later calls
// do nothing and bytes() returns it, so building code reads straight.
type doc struct {
	pdf      *gopdf.GoPdf
	err      error
	y        float64
	size     float64 // points, of the current font
	numbered int     // pages before this one carry no page number (the cover)
	footer   string  // left part of the page footer
	pending  *pendingHeading
	// marks are the headings, tables and figures in the order drawn, with
	// their pages: the table of contents is made from them.
	marks []mark
	// chapter numbers tables and figures: "Tabel <chapter>.<n>".
	chapter         string
	tables, figures int
	// k is how much larger the paper is than the A4 page the layout is
	// drawn on (A3: √2). Coordinates scale through gopdf's unit,
	// font sizes here.
	k float64
}

// markKind is what a mark records.
type markKind int

const (
	markChapter markKind = iota // a level-1 heading
	markSection                 // a level-2 heading
	markTable
	markFigure
)

// mark is a heading or caption with the page it was drawn on.
type mark struct {
	kind  markKind
	title string
	page  int // physical page, 1 = the first
}

// mark records a heading or caption on the current page.
func (d *doc) mark(kind markKind, title string) {
	d.marks = append(d.marks, mark{kind, title, d.pdf.GetNumberOfPages()})
}

// startChapter numbers the tables and figures that follow "<no>.1", "<no>.2"…
func (d *doc) startChapter(no string) {
	d.chapter, d.tables, d.figures = no, 0, 0
}

// chapterHeading starts chapter "BAB <roman>" with its title; its tables
// and figures are numbered "<no>.n".
func (d *doc) chapterHeading(roman, no, title string) {
	d.heading(1, "BAB "+roman+"\n"+title)
	d.startChapter(no)
}

// tableTitle numbers the next table drawn: "Tabel 2.1 " + title. Numbers
// count what is drawn, so they never skip.
func (d *doc) tableTitle(title string) string {
	d.tables++
	return fmt.Sprintf("Tabel %s.%d %s", d.chapter, d.tables, title)
}

// figureTitle numbers the next figure drawn: "Gambar 3.1 " + title.
func (d *doc) figureTitle(title string) string {
	d.figures++
	return fmt.Sprintf("Gambar %s.%d %s", d.chapter, d.figures, title)
}

// newDoc starts an A4 document. created is written as the PDF's creation
// date; pass a fixed time for reproducible output.
func newDoc(title string, created time.Time) *doc {
	return newDocOn(title, created, gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM}, 1)
}

// newDocOn starts a document on the paper of cfg, drawn k times larger
// than on A4 (the layout still measures an A4 page in millimetres).
func newDocOn(title string, created time.Time, cfg gopdf.Config, k float64) *doc {
	p := &gopdf.GoPdf{}
	p.Start(cfg)
	p.SetCompressLevel(9)
	d := &doc{pdf: p, k: k}
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return '?' }}
	// A slice, not a map: the order fixes the object numbers in the file.
	for _, f := range []struct {
		family string
		data   []byte
	}{{regular, goregular.TTF}, {bold, gobold.TTF}} {
		if err := p.AddTTFFontDataWithOption(f.family, f.data, opt); err != nil {
			d.fail(fmt.Errorf("report: font %s: %w", f.family, err))
		}
	}
	p.SetInfo(gopdf.PdfInfo{Title: title, Creator: "Mutu", Producer: "Mutu", CreationDate: created})
	return d
}

func (d *doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// font sets the current font: family regular or bold, size in points.
func (d *doc) font(family string, size float64) {
	d.size = size
	d.fail(d.pdf.SetFont(family, "", size*d.k))
}

func (d *doc) textColour(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fillColour(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) lineColour(c rgb) { d.pdf.SetStrokeColor(c.r, c.g, c.b) }

// lineH is the line height of the current font (1.35 × its size), in mm.
func (d *doc) lineH() float64 { return d.size * ptToMM * 1.35 }

// width measures s in the current font, in mm.
func (d *doc) width(s string) float64 {
	if s == "" || d.err != nil {
		return 0
	}
	w, err := d.pdf.MeasureTextWidth(s)
	d.fail(err)
	return w
}

// wrap breaks s into lines no wider than w at spaces (and inside a word
// only when the word alone is too wide). Text is cleaned first; an empty
// string gives no lines.
func (d *doc) wrap(s string, w float64) []string {
	s = clean(s)
	if s == "" {
		return nil
	}
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if d.width(try) <= w {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for d.width(line) > w && len([]rune(line)) > 1 {
			head, tail := d.splitWord(line, w)
			lines = append(lines, head)
			line = tail
		}
	}
	return append(lines, line)
}

// splitWord cuts a too-long word at the last rune that still fits in w.
func (d *doc) splitWord(word string, w float64) (string, string) {
	rs := []rune(word)
	n := 1
	for n < len(rs) && d.width(string(rs[:n+1])) <= w {
		n++
	}
	return string(rs[:n]), string(rs[n:])
}

// align says where text sits in its box.
type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// text writes one line of already-fitted text with its top at (x, y) inside
// a box of width w.
func (d *doc) text(x, y, w float64, s string, a align) {
	if d.err != nil || s == "" {
		return
	}
	switch a {
	case alignCenter:
		x += (w - d.width(s)) / 2
	case alignRight:
		x += w - d.width(s)
	}
	d.pdf.SetXY(x, y)
	d.fail(d.pdf.Cell(&gopdf.Rect{W: d.width(s) + 1, H: d.lineH()}, s))
}

// lines writes wrapped lines from (x, y) and returns the height used.
func (d *doc) lines(x, y, w float64, ls []string, a align) float64 {
	for i, l := range ls {
		d.text(x, y+float64(i)*d.lineH(), w, l, a)
	}
	return float64(len(ls)) * d.lineH()
}

// rect draws a rectangle: style "F" fills, "D" strokes, "FD" both.
func (d *doc) rect(x, y, w, h float64, style string) {
	if d.err != nil || w <= 0 || h <= 0 {
		return
	}
	d.pdf.RectFromUpperLeftWithStyle(x, y, w, h, style)
}

func (d *doc) line(x1, y1, x2, y2, width float64, c rgb) {
	d.pdf.SetLineWidth(width)
	d.lineColour(c)
	d.pdf.Line(x1, y1, x2, y2)
}

// bottom is the lowest y content may reach.
func (d *doc) bottom() float64 { return pageH - marginBottom }

// newPage starts a page with the cursor at the top margin.
func (d *doc) newPage() {
	d.pdf.AddPage()
	// gopdf gives a page its content stream on the first drawing, and
	// SetPage counts pages by their streams: a page left blank for later
	// (the contents) must have one, or SetPage finds the wrong page.
	d.pdf.SetLineWidth(0.2)
	d.y = marginTop
}

// need breaks the page unless h more millimetres fit below the cursor. A
// heading waiting to be drawn goes first and is kept with those h mm.
func (d *doc) need(h float64) {
	if p := d.pending; p != nil {
		d.pending = nil
		if d.y+p.h+h > d.bottom() {
			d.newPage()
		}
		p.draw()
		return
	}
	if d.y+h > d.bottom() {
		d.newPage()
	}
}

// pendingHeading is a section heading held back until the content after it
// asks for room, so that a heading never ends a page.
type pendingHeading struct {
	h    float64
	draw func()
}

// gap moves the cursor down.
func (d *doc) gap(h float64) { d.y += h }

// heading writes a chapter (level 1, new page, centred, two lines such as
// "BAB I" / "PENDAHULUAN"), a section (level 2) or a subsection (level 3),
// kept together with the first lines that follow. Chapters and sections go
// into the PDF outline (bookmarks).
func (d *doc) heading(level int, s string) {
	switch level {
	case 1:
		d.need(0) // a heading still waiting
		d.newPage()
		d.pdf.AddOutline(strings.ReplaceAll(s, "\n", " "))
		d.mark(markChapter, strings.ReplaceAll(s, "\n", " "))
		d.textColour(ink)
		d.font(bold, 14)
		for _, part := range strings.Split(s, "\n") {
			d.y += d.lines(marginLeft, d.y, contentW, d.wrap(part, contentW), alignCenter)
		}
		d.gap(6)
	default:
		family, size, before, after, colour := bold, 12.0, 2.0, 2.0, ink
		if level > 2 {
			size, before, after, colour = 11, 1, 1, black
		}
		d.font(family, size)
		ls := d.wrap(s, contentW)
		h := before + float64(len(ls))*d.lineH() + after
		d.pending = &pendingHeading{h: h, draw: func() {
			d.font(family, size)
			d.gap(before)
			if level == 2 {
				d.pdf.AddOutline(s)
				d.mark(markSection, s)
			}
			d.textColour(colour)
			d.y += d.lines(marginLeft, d.y, contentW, ls, alignLeft)
			d.textColour(black)
			d.gap(after)
		}}
	}
	d.textColour(black)
}

// paraHeight is the height para(s) takes.
func (d *doc) paraHeight(s string) float64 {
	d.font(regular, 11)
	return float64(len(d.wrap(s, contentW)))*d.lineH() + 2.5
}

// para writes a paragraph in the body font, breaking pages between lines.
func (d *doc) para(s string) { d.paraAt(marginLeft, contentW, s) }

func (d *doc) paraAt(x, w float64, s string) {
	d.font(regular, 11)
	ls := d.wrap(s, w)
	for i, l := range ls {
		if i == 0 {
			d.need(float64(min(2, len(ls))) * d.lineH()) // no single line at a page foot
			d.font(regular, 11)
		} else {
			d.need(d.lineH())
		}
		d.textColour(black)
		d.text(x, d.y, w, l, alignLeft)
		d.y += d.lineH()
	}
	d.gap(2.5)
}

// list writes numbered ("1.") or bulleted ("•") items with a hanging indent.
func (d *doc) list(items []string, numbered bool) {
	d.font(regular, 11)
	const indent = 8.0
	for i, it := range items {
		mark := "•"
		if numbered {
			mark = fmt.Sprintf("%d.", i+1)
		}
		ls := d.wrap(it, contentW-indent)
		d.need(float64(min(2, len(ls))) * d.lineH())
		d.font(regular, 11)
		d.text(marginLeft+2, d.y, indent, mark, alignLeft)
		for i, l := range ls {
			if i > 0 {
				d.need(d.lineH())
			}
			d.text(marginLeft+indent, d.y, contentW-indent, l, alignLeft)
			d.y += d.lineH()
		}
		d.gap(1)
	}
	d.gap(1.5)
}

// caption writes a table or figure caption, kept with the next h mm.
func (d *doc) caption(s string, h float64) {
	d.font(bold, 10)
	ls := d.wrap(s, contentW)
	d.need(float64(len(ls))*d.lineH() + h)
	d.font(bold, 10)
	d.textColour(black)
	d.y += d.lines(marginLeft, d.y, contentW, ls, alignLeft)
	d.gap(1)
}

// numberPages writes the footer on every page from the first numbered one:
// the document's footer text on the left, "Halaman i dari n" on the right.
// Call it last: it needs the page count.
func (d *doc) numberPages() {
	d.need(0) // a heading still waiting
	n := d.pdf.GetNumberOfPages()
	for p := d.numbered + 1; p <= n; p++ {
		d.fail(d.pdf.SetPage(p))
		y := pageH - marginBottom + 8
		d.line(marginLeft, y-2, pageW-marginRight, y-2, 0.2, rule)
		d.font(regular, 8)
		d.textColour(muted)
		label := fmt.Sprintf("Halaman %d dari %d", p-d.numbered, n-d.numbered)
		lw := d.width(label)
		left := d.wrap(d.footer, contentW-lw-5)
		if len(left) > 0 {
			d.text(marginLeft, y, contentW-lw-5, left[0], alignLeft)
		}
		d.text(marginLeft, y, contentW, label, alignRight)
	}
	d.textColour(black)
}

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	b, err := d.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("report: write PDF: %w", err)
	}
	return b, nil
}
