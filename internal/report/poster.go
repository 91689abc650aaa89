package report

import (
	"fmt"
	"iter"
	"strings"
	"time"
)

// Poster is what the counter poster shows.
type Poster struct {
	UnitName    string // "Puskesmas Kecamatan Koja"
	ServiceName string // optional: the poster of one service
	URL         string // encoded in the QR code
	ShortURL    string // printed under the code for people who type; "" prints URL
	RegionName  string // optional: "Kota Administrasi Jakarta Utara"
}

// Poster layout, in mm. The code itself (without its quiet zone) is 10 to
// 13 cm wide: readable from a metre or two away with any phone camera.
const (
	posterMargin = 15.0
	posterQRMin  = 100.0
	posterQRMax  = 130.0
	footTop      = pageH - 26 // the rule above the foot
)

// PosterPDF returns a one-page A4 portrait poster for the counter: title in
// Indonesian and English, the unit and service, a large QR code (vector, so
// it prints sharp at any size; also a link when the PDF is viewed on
// screen), the short URL, the legal basis and the Mutu footer. Long names
// wrap and shrink.
func PosterPDF(p Poster) ([]byte, error) {
	if strings.TrimSpace(p.UnitName) == "" {
		return nil, fmt.Errorf("report: poster needs a unit name")
	}
	m, err := qrMatrix(p.URL)
	if err != nil {
		return nil, err
	}
	short := p.ShortURL
	if short == "" {
		short = strings.TrimPrefix(strings.TrimPrefix(p.URL, "https://"), "http://")
	}

	d := newDoc("Poster SKM – "+clean(p.UnitName), time.Time{})
	d.newPage()
	w := pageW - 2*posterMargin
	d.y = posterMargin

	// A band across the top naming the government.
	d.band(12, 3.5, posterMargin, w, p.RegionName)
	d.y = 22

	d.textColour(ink)
	d.y += d.fitted("Scan untuk menilai layanan kami", bold, 30, 22, posterMargin, w, 2)
	d.gap(1)
	d.textColour(muted)
	d.y += d.fitted("Scan to rate our service", regular, 16, 16, posterMargin, w, 1)
	d.gap(5)

	d.textColour(black)
	d.y += d.fitted(p.UnitName, bold, 20, 14, posterMargin, w, 3)
	if p.ServiceName != "" {
		d.gap(1)
		d.y += d.fitted("Layanan: "+p.ServiceName, regular, 14, 11, posterMargin, w, 2)
	}
	d.gap(4)

	// The code: dark modules as filled rectangles, one per horizontal run,
	// as large as the space above the URL and the foot allows (≥ 10 cm).
	free := footTop - 30 - d.y // 30 mm for the URL lines below the code
	side := min(max(free-8, posterQRMin), posterQRMax)
	top := d.y + (free-side)/2 // the quiet zone may overlap the white around
	d.qr(m, p.URL, (pageW-side)/2, top, side)
	d.y = top + side + 6

	d.textColour(black)
	d.y += d.fittedURL(short, bold, 24, 12, posterMargin, w, 2)
	d.gap(2)
	d.textColour(muted)
	d.y += d.fitted("atau buka alamat di atas pada peramban ponsel Anda", regular, 11, 9, posterMargin, w, 1)

	// Foot: the legal basis and the product.
	d.line(posterMargin, footTop, pageW-posterMargin, footTop, 0.3, rule)
	d.font(regular, 10)
	d.textColour(black)
	d.text(posterMargin, pageH-23, w, "Survei Kepuasan Masyarakat — PermenPANRB No. 14 Tahun 2017", alignCenter)
	d.font(bold, 12)
	d.textColour(ink)
	d.text(posterMargin, pageH-16, w, "Mutu", alignCenter)
	d.font(regular, 8)
	d.textColour(muted)
	d.text(posterMargin, pageH-10.5, w, "Penilaian Anda membantu kami memperbaiki pelayanan.", alignCenter)
	return d.bytes()
}

// qr draws the code m of url with its dark modules (quiet zone excluded)
// filling the square of the given side at (x, y): filled rectangles, one
// per horizontal run, so it prints sharp at any size; on screen the square
// is also a link to url. The white quiet zone around it is the caller's.
func (d *doc) qr(m [][]bool, url string, x, y, side float64) {
	module := side / float64(len(m)-2*QuietZone)
	x0, y0 := x-QuietZone*module, y-QuietZone*module
	d.fillColour(black)
	for _, r := range runs(m) {
		d.rect(x0+float64(r.x)*module, y0+float64(r.y)*module, float64(r.w)*module+0.02, module+0.02, "F")
	}
	if d.err == nil {
		d.pdf.AddExternalLink(url, x, y, side, side)
	}
}

// fitted writes s centred in the band x…x+w, at the largest size from max down to
// min (in points) that fits in maxLines; at min it wraps as needed. It
// returns the height used.
func (d *doc) fitted(s, family string, maxSize, minSize, x, w float64, maxLines int) float64 {
	size := maxSize
	for {
		d.font(family, size)
		ls := d.wrap(s, w)
		if len(ls) <= maxLines || size <= minSize {
			return d.lines(x, d.y, w, ls, alignCenter)
		}
		size = max(size-1, minSize)
	}
}

// fittedURL is fitted for an address: lines break only after "/", ".",
// "-", "?", "&" or "=", never inside a word, so what a person types from
// the poster is what each line shows. At min it takes the lines it needs;
// a piece too wide even then shrinks the font until it fits.
func (d *doc) fittedURL(s, family string, maxSize, minSize, x, w float64, maxLines int) float64 {
	s = clean(s)
	size := maxSize
	for {
		d.font(family, size)
		ls, widest := d.wrapURL(s, w)
		if size <= minSize && widest > w {
			d.font(family, size*w/widest)
			ls, _ = d.wrapURL(s, w)
		}
		if widest <= w && len(ls) <= maxLines || size <= minSize {
			return d.lines(x, d.y, w, ls, alignCenter)
		}
		size = max(size-1, minSize)
	}
}

// wrapURL breaks an address into lines no wider than w, each ending at a
// break after "/", ".", "-", "?", "&" or "="; it also returns the widest
// line, wider than w when one piece alone does not fit.
func (d *doc) wrapURL(s string, w float64) ([]string, float64) {
	var lines []string
	line := ""
	for piece := range urlPieces(s) {
		if line != "" && d.width(line+piece) > w {
			lines = append(lines, line)
			line = ""
		}
		line += piece
	}
	lines = append(lines, line)
	widest := 0.0
	for _, l := range lines {
		widest = max(widest, d.width(l))
	}
	return lines, widest
}

// urlPieces yields s cut after each "/", ".", "-", "?", "&" and "=".
func urlPieces(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for s != "" {
			i := strings.IndexAny(s, "/.-?&=") + 1
			if i == 0 {
				i = len(s)
			}
			if !yield(s[:i]) {
				return
			}
			s = s[i:]
		}
	}
}

// band fills the top h mm of the page in ink and writes s, if any, on it in
// white: one centred line at y in the band x…x+w.
func (d *doc) band(h, y, x, w float64, s string) {
	d.fillColour(ink)
	d.rect(0, 0, pageW, h, "F")
	if s != "" {
		d.font(bold, 11)
		d.textColour(white)
		d.text(x, y, w, firstLine(d, s, w), alignCenter)
	}
}

// firstLine is the first wrapped line of s in the current font.
func firstLine(d *doc, s string, w float64) string {
	ls := d.wrap(s, w)
	if len(ls) == 0 {
		return ""
	}
	return ls[0]
}
