package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"mutu/internal/clock"
)

// ServiceCard is what the social-media image of one service's published
// standard shows (issue #12, digital kit).
type ServiceCard struct {
	RegionName    string // the band at the top: "Kota Administrasi Jakarta Utara"
	UnitName      string
	ServiceName   string
	TimeLimit     string // as people read it: "21 hari kerja"
	Fee           string // "Gratis", "Rp 50.000"
	Version       int
	DecreeNumber  string // the SK penetapan, optional
	EffectiveFrom time.Time
	URL           string // the online standard, encoded in the QR code
}

// CardSide is the width and height of the card in pixels: square, the size
// Instagram, Facebook and WhatsApp show without cropping.
const CardSide = 1080

// Card layout, in pixels.
const (
	cardMargin = 64
	cardBand   = 96  // the band naming the government
	cardFoot   = 72  // the band at the bottom
	cardQR     = 300 // the QR code's side, quiet zone included
	cardBottom = CardSide - cardFoot - 24 - cardQR
	cardFactH  = 160 // the time-limit and fee boxes
)

// The Go fonts, parsed once for drawing (the PDFs embed the same files).
var cardRegular, cardBold = parseCardFont(goregular.TTF), parseCardFont(gobold.TTF)

func parseCardFont(ttf []byte) *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		panic(fmt.Sprintf("report: Go font: %v", err))
	}
	return f
}

// cardText is a block of text fitted to a box: its face, lines and line
// height.
type cardText struct {
	face  font.Face
	lines []string
	lineH int
}

// height is the block's height in pixels.
func (t cardText) height() int { return len(t.lines) * t.lineH }

// fitText wraps s in width w at the largest size from maxPx down to minPx
// whose lines are at most maxLines and together at most maxH high. At minPx
// the lines beyond maxLines are cut and the last ends in "…", so a long name
// never runs off the card.
func fitText(f *opentype.Font, s string, maxPx, minPx, w, maxLines, maxH int) (cardText, error) {
	s = clean(s)
	for px := maxPx; ; px -= 2 {
		px = max(px, minPx)
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return cardText{}, fmt.Errorf("report: card font: %w", err)
		}
		t := cardText{face: face, lines: wrapFace(face, s, w), lineH: px * 6 / 5}
		if len(t.lines) <= maxLines && t.height() <= maxH {
			return t, nil
		}
		if px == minPx {
			t.lines = t.lines[:min(len(t.lines), maxLines, max(maxH/t.lineH, 1))]
			last := &t.lines[len(t.lines)-1]
			for *last != "" && font.MeasureString(face, *last+"…").Ceil() > w {
				r := []rune(*last)
				*last = strings.TrimRight(string(r[:len(r)-1]), " ")
			}
			*last += "…"
			return t, nil
		}
	}
}

// wrapFace breaks s into lines no wider than w in face, between words, and
// inside a word only when the word alone is too wide.
func wrapFace(face font.Face, s string, w int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if fits(face, try, w) {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = splitLong(face, word, w, &lines)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func fits(face font.Face, s string, w int) bool { return font.MeasureString(face, s).Ceil() <= w }

// splitLong adds to lines the pieces of s that fill w, cut between runes,
// and returns the rest (all of s when it fits).
func splitLong(face font.Face, s string, w int, lines *[]string) string {
	for !fits(face, s, w) && len([]rune(s)) > 1 {
		r := []rune(s)
		n := len(r) - 1
		for n > 1 && !fits(face, string(r[:n]), w) {
			n--
		}
		*lines = append(*lines, string(r[:n]))
		s = string(r[n:])
	}
	return s
}

// urlLines breaks an address after "/", ".", "-", "?", "&" or "=" (as the
// poster does), so each line is what a person types; a piece wider than w
// alone is cut between characters.
func urlLines(face font.Face, s string, w int) []string {
	var lines []string
	line := ""
	for piece := range urlPieces(clean(s)) {
		if line != "" && !fits(face, line+piece, w) {
			lines = append(lines, line)
			line = ""
		}
		line = splitLong(face, line+piece, w, &lines)
	}
	return append(lines, line)
}

// fitURL is the address in at most three lines, shrinking the font from
// 26 to 16 px until it fits.
func fitURL(s string, w int) (cardText, error) {
	for px := 26; ; px -= 2 {
		face, err := opentype.NewFace(cardBold, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return cardText{}, fmt.Errorf("report: card font: %w", err)
		}
		t := cardText{face: face, lines: urlLines(face, s, w), lineH: px * 6 / 5}
		if len(t.lines) <= 3 || px <= 16 {
			t.lines = t.lines[:min(len(t.lines), 3)]
			return t, nil
		}
	}
}

// cardCanvas draws text and boxes on the card.
type cardCanvas struct{ img *image.RGBA }

func colourOf(c rgb) color.RGBA { return color.RGBA{c.r, c.g, c.b, 0xff} }

func (c cardCanvas) fill(r image.Rectangle, col rgb) {
	draw.Draw(c.img, r, image.NewUniform(colourOf(col)), image.Point{}, draw.Src)
}

// text draws the block with its first line's top at y, from x (centred in
// x…x+w when centre is set); it returns the y below the block.
func (c cardCanvas) text(t cardText, x, y, w int, col rgb, centre bool) int {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(colourOf(col)), Face: t.face}
	ascent := t.face.Metrics().Ascent.Ceil()
	for i, l := range t.lines {
		lx := x
		if centre {
			lx += (w - d.MeasureString(l).Ceil()) / 2
		}
		d.Dot = fixed.P(lx, y+i*t.lineH+ascent+(t.lineH-t.face.Metrics().Height.Ceil())/2)
		d.DrawString(l)
	}
	return y + t.height()
}

// CardPNG draws the 1080×1080 social-media image of a service's published
// standard: the government, unit and service, the time limit and fee in
// two boxes, the version and its effective date, a QR code to the online
// standard with its address, and the Mutu footer. Long names wrap and
// shrink, and are cut with "…" only past the smallest size. The same card
// always gives the same bytes.
func CardPNG(c ServiceCard) ([]byte, error) {
	if strings.TrimSpace(c.UnitName) == "" || strings.TrimSpace(c.ServiceName) == "" {
		return nil, fmt.Errorf("report: card needs a unit and a service name")
	}
	m, err := qrMatrix(c.URL)
	if err != nil {
		return nil, err
	}
	cv := cardCanvas{img: image.NewRGBA(image.Rect(0, 0, CardSide, CardSide))}
	cv.fill(cv.img.Rect, white)
	w := CardSide - 2*cardMargin
	type block struct {
		f              *opentype.Font
		s              string
		maxPx, minPx   int
		width, n, maxH int
	}
	fit := func(b block) cardText {
		if err != nil {
			return cardText{}
		}
		var t cardText
		t, err = fitText(b.f, b.s, b.maxPx, b.minPx, b.width, b.n, b.maxH)
		return t
	}

	// The band: what this is, and whose.
	cv.fill(image.Rect(0, 0, CardSide, cardBand), ink)
	head := "STANDAR PELAYANAN"
	if c.RegionName != "" {
		head += " · " + strings.ToUpper(c.RegionName)
	}
	band := fit(block{cardBold, head, 28, 18, w, 1, cardBand})

	unitName := fit(block{cardBold, c.UnitName, 40, 26, w, 2, 100})
	service := fit(block{cardBold, c.ServiceName, 72, 36, w, 3, 220})
	factW := (w - 32) / 2
	label := fit(block{cardRegular, "Waktu penyelesaian", 28, 22, factW - 48, 1, 40})
	feeLabel := fit(block{cardRegular, "Biaya / tarif", 28, 22, factW - 48, 1, 40})
	timeVal := fit(block{cardBold, c.TimeLimit, 56, 28, factW - 48, 2, cardFactH - 64})
	feeVal := fit(block{cardBold, c.Fee, 56, 28, factW - 48, 2, cardFactH - 64})

	leftW := w - cardQR - 32
	version := fmt.Sprintf("Versi %d · berlaku sejak %s", c.Version, longDate(c.EffectiveFrom.In(clock.Jakarta)))
	versionT := fit(block{cardBold, version, 30, 22, leftW, 2, 80})
	decree := fit(block{cardRegular, "SK " + c.DecreeNumber, 24, 20, leftW, 1, 32})
	scan := fit(block{cardRegular, "Pindai kode QR untuk melihat standar lengkap:", 26, 20, leftW, 2, 70})
	foot := fit(block{cardBold, "Mutu · standar pelayanan, survei kepuasan dan pengaduan", 26, 18, w, 1, cardFoot})
	if err != nil {
		return nil, err
	}
	urlT, err := fitURL(c.URL, leftW)
	if err != nil {
		return nil, err
	}

	cv.text(band, cardMargin, (cardBand-band.height())/2, w, white, false)
	y := cardBand + 40
	y = cv.text(unitName, cardMargin, y, w, muted, false) + 16
	y = cv.text(service, cardMargin, y, w, ink, false) + 28

	// The two promises, side by side.
	for i, f := range []struct{ label, value cardText }{{label, timeVal}, {feeLabel, feeVal}} {
		x := cardMargin + i*(factW+32)
		cv.fill(image.Rect(x, y, x+factW, y+cardFactH), headFill)
		cv.fill(image.Rect(x, y, x+8, y+cardFactH), ink)
		ly := cv.text(f.label, x+32, y+16, factW-48, muted, false)
		cv.text(f.value, x+32, ly+4, factW-48, black, false)
	}

	// The version, the address and the code at the bottom.
	y = cardBottom
	y = cv.text(versionT, cardMargin, y, leftW, black, false)
	if c.DecreeNumber != "" {
		y = cv.text(decree, cardMargin, y, leftW, muted, false)
	}
	y = cv.text(scan, cardMargin, y+20, leftW, black, false)
	cv.text(urlT, cardMargin, y+8, leftW, ink, false)
	n := len(m)
	scale := cardQR / n
	qx := CardSide - cardMargin - n*scale
	qy := cardBottom + (cardQR-n*scale)/2
	for _, r := range runs(m) {
		cv.fill(image.Rect(qx+r.x*scale, qy+r.y*scale, qx+(r.x+r.w)*scale, qy+(r.y+1)*scale), black)
	}

	cv.fill(image.Rect(0, CardSide-cardFoot, CardSide, CardSide), ink)
	cv.text(foot, cardMargin, CardSide-cardFoot+(cardFoot-foot.height())/2, w, white, true)

	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, cv.img); err != nil {
		return nil, fmt.Errorf("report: card PNG: %w", err)
	}
	return b.Bytes(), nil
}
