package report

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// qrLevel is the error correction of every code Mutu prints: medium (15 %)
// survives a scratched sticker on a counter without making the code dense.
const qrLevel = qrcode.Medium

// QuietZone is the white border, in modules, around every QR code (ISO/IEC
// 18004 asks for four).
const QuietZone = 4

// qrMatrix returns the modules of url's QR code, quiet zone included:
// m[y][x] is true for a dark module.
func qrMatrix(url string) ([][]bool, error) {
	if url == "" {
		return nil, fmt.Errorf("report: QR code of an empty URL")
	}
	q, err := qrcode.New(url, qrLevel)
	if err != nil {
		return nil, fmt.Errorf("report: QR code: %w", err)
	}
	return q.Bitmap(), nil // go-qrcode's border is the 4-module quiet zone
}

// QRPNG returns url's QR code as a size×size black-and-white PNG. Modules are
// whole pixels (no blurry scaling): the code is drawn at the largest integer
// scale that fits and centred, the rest is white margin. A size smaller than
// the module count gives one pixel per module.
func QRPNG(url string, size int) ([]byte, error) {
	m, err := qrMatrix(url)
	if err != nil {
		return nil, err
	}
	n := len(m)
	scale := max(size/n, 1)
	size = max(size, n)
	off := (size - n*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				start := img.PixOffset(off+x*scale, off+y*scale+dy)
				for dx := range scale {
					img.Pix[start+dx] = 1
				}
			}
		}
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
		return nil, fmt.Errorf("report: QR PNG: %w", err)
	}
	return b.Bytes(), nil
}

// SVGModulePx is the size of one module in the width and height a QR SVG
// declares: renderers that take the SVG at its own size (rsvg-convert,
// ImageMagick, a browser opening the file) draw each module as a block of
// whole pixels that phone cameras and decoders read, instead of one pixel
// per module (the size of a bare viewBox).
const SVGModulePx = 8

// QRSVG returns url's QR code as a standalone SVG: one module per user unit
// (viewBox "0 0 n n", quiet zone included) at SVGModulePx pixels per module
// (width and height), the dark modules as a single filled path of
// horizontal runs without strokes, role="img" and a <title> naming the URL
// for screen readers. It scales to any size with crisp edges.
func QRSVG(url string) ([]byte, error) {
	m, err := qrMatrix(url)
	if err != nil {
		return nil, err
	}
	n := len(m)
	var b bytes.Buffer
	title := html.EscapeString("Kode QR: " + url)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" shape-rendering="crispEdges">`,
		n*SVGModulePx, n*SVGModulePx, n, n)
	fmt.Fprintf(&b, `<title>%s</title>`, title) // the accessible name; no id, so several codes can share a page
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, n, n)
	b.WriteString(`<path fill="#000" d="`)
	b.WriteString(qrPath(m))
	b.WriteString(`"/></svg>`)
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// qrPath draws every horizontal run of dark modules as a 1-high rectangle.
func qrPath(m [][]bool) string {
	var b strings.Builder
	for _, r := range runs(m) {
		fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", r.x, r.y, r.w, r.w)
	}
	return b.String()
}

// run is a horizontal stretch of w dark modules starting at (x, y).
type run struct{ x, y, w int }

// runs returns the dark runs of a module matrix, row by row.
func runs(m [][]bool) []run {
	var out []run
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			out = append(out, run{start, y, x - start})
		}
	}
	return out
}
