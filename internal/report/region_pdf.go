package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/signintech/gopdf"

	"mutu/internal/i18n"
	"mutu/internal/maps"
)

// RegionReport is a region's report (Laporan Wilayah): the maps of its
// region page and its leaders' dashboard, each with the table behind it.
// The caller fills it from the same functions the pages draw from, so the
// document and the pages never disagree; the figures arrive as text.
type RegionReport struct {
	Region, Code, Level string // "Kota Administrasi Jakarta Utara", "31.72", "Kota"
	Period              string // the survey period of the IKM maps, e.g. "Triwulan IV 2026"
	Generated           time.Time
	Sections            []RegionSection
}

// RegionSection is one subject: one or more maps of the same areas and
// the one table behind them.
type RegionSection struct {
	Title  string
	Intro  string // what the maps show and how the figures are made
	Maps   []RegionMap
	Head   []string   // the area's column first
	Rows   [][]string // per area, in the maps' order: its name, then one cell per Head column but the first
	Period string     // the period of the figures
}

// RegionMap is one choropleth: the layout (internal/maps) and the classes
// and values the web map is drawn with; NoData is the legend's line for an
// area without a figure.
type RegionMap struct {
	Title  string
	Layout *maps.Layout
	Chart  maps.Choropleth
	NoData string
}

// mapMaxH is the tallest a map is drawn, in mm: a map and its legend fit
// one page.
const mapMaxH = 140.0

// RegionPDF returns the region's report as an A4 PDF: a title block with
// the period, then per section its maps (vector drawings: each area
// numbered as in the table, "no data" hatched grey, never as the lowest
// class), their legends and the table.
func RegionPDF(r RegionReport) ([]byte, error) {
	title := "Laporan Wilayah " + clean(r.Region) + " " + clean(r.Period)
	d := newDoc(title, r.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: "Mutu", Subject: "Peta IKM dan pengaduan, " + clean(r.Period),
		Creator: "Mutu", Producer: "Mutu", CreationDate: r.Generated})
	d.footer = "Laporan Wilayah · " + clean(r.Region) + " · " + clean(r.Period)
	d.newPage()
	d.textColour(ink)
	d.font(bold, 16)
	d.y += d.lines(marginLeft, d.y, contentW, d.wrap("LAPORAN WILAYAH", contentW), alignLeft)
	d.font(bold, 14)
	d.y += d.lines(marginLeft, d.y, contentW, d.wrap(r.Region, contentW), alignLeft)
	d.textColour(black)
	d.gap(2)
	d.font(regular, 11)
	for _, l := range []string{
		r.Level + " · kode wilayah " + r.Code,
		"Periode survei: " + r.Period,
		"Dicetak: " + i18n.DateTime(i18n.ID, r.Generated),
	} {
		d.y += d.lines(marginLeft, d.y, contentW, d.wrap(l, contentW), alignLeft)
	}
	d.gap(4)
	d.para("Peta dalam laporan ini digambar dari batas wilayah yang tersimpan di Mutu, tanpa peta dasar dari luar. " +
		"Setiap wilayah diberi nomor yang sama dengan nomor barisnya di tabel di bawah peta. " +
		"Wilayah yang diarsir abu-abu tidak memiliki data pada periodenya; arsiran itu bukan kelas terendah.")
	d.startChapter("1")
	d.regionSections(r.Sections)
	d.numberPages()
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}

// regionMap draws one map at the cursor, scaled to the content width (at
// most mapMaxH tall), then its legend.
func (d *doc) regionMap(m RegionMap, period string) {
	l := m.Layout
	if l == nil || l.Width <= 0 || l.Height <= 0 {
		return
	}
	k := min(contentW/l.Width, mapMaxH/l.Height)
	w, h := l.Width*k, l.Height*k
	caption := d.figureTitle(m.Title)
	if period != "" {
		caption += " · " + period
	}
	d.caption(caption, h+3+legendHeight(m)) // the legend stays with its map
	d.mark(markFigure, caption)
	x0, y0 := marginLeft+(contentW-w)/2, d.y
	at := func(p orb.Point) gopdf.Point { return gopdf.Point{X: x0 + p[0]*k, Y: y0 + p[1]*k} }
	if f := l.Inset; f != nil {
		d.pdf.SetLineWidth(0.2)
		d.lineColour(rule)
		d.rect(x0+f[0]*k, y0+f[1]*k, f[2]*k, f[3]*k, "D")
	}
	// Larger areas first: an area lying in another's hole (an enclave) is
	// drawn after it, on top.
	order := make([]int, len(l.Areas))
	for i := range order {
		order[i] = i
	}
	size := func(a maps.Outline) float64 {
		b := a.Shape.Bound()
		return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1])
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(size(l.Areas[j]), size(l.Areas[i])) })
	d.pdf.SetLineWidth(0.15)
	for _, i := range order {
		a := l.Areas[i]
		fill, noData := d.areaFill(m.Chart, a.Code)
		if a.Dot != nil {
			c := at(*a.Dot)
			r := 1.0
			d.fillColour(fill)
			d.lineColour(rgb{0x4d, 0x4d, 0x4d})
			d.pdf.Polygon([]gopdf.Point{{X: c.X, Y: c.Y - r}, {X: c.X + r, Y: c.Y}, {X: c.X, Y: c.Y + r}, {X: c.X - r, Y: c.Y}}, "DF")
			continue
		}
		var rings [][]gopdf.Point
		for _, poly := range a.Shape {
			for j, ring := range poly {
				if len(ring) < 3 {
					continue
				}
				pts := make([]gopdf.Point, len(ring))
				for n, p := range ring {
					pts[n] = at(p)
				}
				d.fillColour(fill)
				if j > 0 {
					d.fillColour(white) // a hole: not this area
				}
				d.pdf.Polygon(pts, "F")
				rings = append(rings, pts)
			}
		}
		if noData {
			d.hatch(rings)
		}
		d.lineColour(rgb{0x4d, 0x4d, 0x4d})
		d.pdf.SetLineWidth(0.15)
		for _, pts := range rings {
			d.pdf.Polygon(pts, "D")
		}
	}
	// Each area's number, as in the table, where it is drawn.
	d.font(bold, 5.5)
	for i, a := range l.Areas {
		p, ok := labelPoint(a)
		if !ok {
			continue
		}
		c := at(p)
		fill, _ := d.areaFill(m.Chart, a.Code)
		d.textColour(labelColour(fill))
		n := strconv.Itoa(i + 1)
		d.text(c.X-d.width(n)/2, c.Y-d.lineH()/2, d.width(n), n, alignLeft)
	}
	d.textColour(black)
	d.y = y0 + h + 3
	d.mapLegend(m)
}

// areaFill is the colour of an area in a choropleth, and whether it has no
// figure (then drawn hatched over the neutral grey).
func (d *doc) areaFill(c maps.Choropleth, code string) (rgb, bool) {
	if len(c.Classes) == 0 {
		return hexColour(maps.PlainFill), false
	}
	v, ok := c.Values[code]
	if !ok || v.Class < 0 || v.Class >= len(c.Classes) {
		return hexColour(maps.NoDataFill), true
	}
	return hexColour(c.Classes[v.Class].Fill), false
}

// hatch draws the "no data" hatching inside rings, as the web map's
// pattern does.
func (d *doc) hatch(rings [][]gopdf.Point) {
	d.pdf.SetLineWidth(0.2)
	d.lineColour(hexColour(maps.NoDataHatch))
	for _, s := range hatchLines(rings, 1.4) {
		d.pdf.Line(s[0].X, s[0].Y, s[1].X, s[1].Y)
	}
}

// hatchLines are diagonal lines step apart (x − y constant) clipped to the
// inside of rings: gopdf has no clipping path, so each line runs between
// its crossings with the rings' edges taken in pairs (even-odd: a hole's
// edges end a segment and start the next).
func hatchLines(rings [][]gopdf.Point, step float64) [][2]gopdf.Point {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			lo, hi = min(lo, p.X-p.Y), max(hi, p.X-p.Y)
		}
	}
	var out [][2]gopdf.Point
	for c := math.Floor(lo/step)*step + step/2; c < hi; c += step {
		var xs []float64 // where the line x − y = c crosses the edges
		for _, r := range rings {
			for i := range r {
				p, q := r[i], r[(i+1)%len(r)]
				fp, fq := p.X-p.Y-c, q.X-q.Y-c
				if (fp < 0) == (fq < 0) {
					continue
				}
				t := fp / (fp - fq)
				xs = append(xs, p.X+t*(q.X-p.X))
			}
		}
		slices.Sort(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			out = append(out, [2]gopdf.Point{{X: xs[i], Y: xs[i] - c}, {X: xs[i+1], Y: xs[i+1] - c}})
		}
	}
	return out
}

// labelPoint is where an area's number goes: the centroid of its largest
// polygon, when it lies inside that polygon; areas drawn as dots get none.
func labelPoint(a maps.Outline) (orb.Point, bool) {
	best, area := -1, 0.0
	for i, p := range a.Shape {
		if len(p) == 0 {
			continue
		}
		if s := math.Abs(planar.Area(p)); s > area {
			best, area = i, s
		}
	}
	if best < 0 {
		return orb.Point{}, false
	}
	c, _ := planar.CentroidArea(a.Shape[best])
	return c, planar.PolygonContains(a.Shape[best], c)
}

// labelColour is the text colour readable on a fill: white on dark fills.
func labelColour(fill rgb) rgb {
	if 0.299*float64(fill.r)+0.587*float64(fill.g)+0.114*float64(fill.b) < 128 {
		return white
	}
	return black
}

// legendHeight is the height mapLegend takes.
func legendHeight(m RegionMap) float64 {
	n := len(m.Chart.Classes)
	if m.NoData != "" {
		n++
	}
	return float64(n)*(9*ptToMM*1.35+1) + 3
}

// mapLegend draws the legend of a map below it: a swatch per class, then
// the hatched "no data" swatch.
func (d *doc) mapLegend(m RegionMap) {
	type entry struct {
		fill   rgb
		noData bool
		label  string
	}
	var es []entry
	for _, c := range m.Chart.Classes {
		es = append(es, entry{fill: hexColour(c.Fill), label: c.Label})
	}
	if m.NoData != "" {
		es = append(es, entry{fill: hexColour(maps.NoDataFill), noData: true, label: m.NoData})
	}
	d.font(regular, 9)
	d.need(float64(len(es))*(d.lineH()+1) + 2)
	d.font(regular, 9)
	for _, e := range es {
		x, y := marginLeft, d.y+0.4
		d.fillColour(e.fill)
		d.pdf.SetLineWidth(0.15)
		d.lineColour(rgb{0x4d, 0x4d, 0x4d})
		d.rect(x, y, 3.4, 3.4, "F")
		if e.noData {
			d.hatch([][]gopdf.Point{{{X: x, Y: y}, {X: x + 3.4, Y: y}, {X: x + 3.4, Y: y + 3.4}, {X: x, Y: y + 3.4}}})
		}
		d.pdf.SetLineWidth(0.15)
		d.lineColour(rgb{0x4d, 0x4d, 0x4d})
		d.rect(x, y, 3.4, 3.4, "D")
		d.textColour(black)
		d.font(regular, 9)
		d.text(x+5, d.y, contentW-5, firstUpper(e.label), alignLeft)
		d.y += d.lineH() + 1
	}
	d.gap(3)
}

// regionSections writes each section: its heading and intro, its maps,
// then its table.
func (d *doc) regionSections(secs []RegionSection) {
	for _, s := range secs {
		d.heading(2, s.Title)
		if s.Intro != "" {
			d.para(s.Intro)
		}
		for _, m := range s.Maps {
			d.regionMap(m, s.Period)
		}
		d.regionTable(s)
	}
}

// regionTable draws the table behind a section's maps: the area's number
// on the maps, its name and figures.
func (d *doc) regionTable(s RegionSection) {
	if len(s.Rows) == 0 {
		return
	}
	cols := []column{{title: "No", width: 10, align: alignRight}}
	for i, h := range s.Head {
		c := column{title: h, align: alignRight}
		if i == 0 {
			c.width, c.align = 55, alignLeft
		}
		cols = append(cols, c)
	}
	rows := make([][]string, len(s.Rows))
	for i, r := range s.Rows {
		rows[i] = append([]string{strconv.Itoa(i + 1)}, r...)
	}
	caption := s.Title
	if s.Period != "" {
		caption += " · " + s.Period
	}
	d.table(table{caption: d.tableTitle(caption), cols: cols, rows: rows})
	d.gap(4)
}

// firstUpper capitalises a legend line ("tidak ada data", as the web
// map's area titles say it, starts a line here).
func firstUpper(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// hexColour reads "#rrggbb" (the maps' colours); anything else is the rule grey.
func hexColour(s string) rgb {
	var r, g, b uint8
	if _, err := fmt.Sscanf(strings.TrimPrefix(s, "#"), "%02x%02x%02x", &r, &g, &b); err != nil || len(s) != 7 {
		return rule
	}
	return rgb{r, g, b}
}
