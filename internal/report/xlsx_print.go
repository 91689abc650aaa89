package report

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// paperA4 is the A4 paper size in SpreadsheetML's numbering.
const paperA4 = 9

// printSetup is how a sheet prints: A4 in orientation, scaled to one page
// wide (as many pages tall as it needs), the first titleRows rows repeated
// on every page, and a footer with the report's title and page numbers.
type printSetup struct {
	landscape bool
	titleRows int
}

// setupPrint applies ps to sheet. It must run before the sheet's stream
// writer is made: the stream writer writes the sheet properties, where
// fit-to-page is switched on, when it starts.
func (b *book) setupPrint(sheet string, ps printSetup, footer string) {
	fit, one, tall := true, 1, 0 // fitToHeight 0: as many pages as needed
	orientation := "portrait"
	if ps.landscape {
		orientation = "landscape"
	}
	size := paperA4
	b.fail(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	b.fail(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &tall}))
	side, edge, band := 0.4, 0.6, 0.3 // inches: narrow sides, room for the footer
	b.fail(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band}))
	// In header and footer text "&" starts a code; a literal one is "&&".
	footer = strings.ReplaceAll(footer, "&", "&&")
	b.fail(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&8" + footer + "&R&8Halaman &P dari &N"}))
	if ps.titleRows > 0 {
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$1:$" + strconv.Itoa(ps.titleRows)}))
	}
}

// sheetWriter writes one sheet, row by row, through a stream writer: the
// only way in excelize to store a formula together with a numeric cached
// value, so that readers which do not calculate still see the numbers.
type sheetWriter struct {
	b  *book
	sw *excelize.StreamWriter
}

// newSheet sets up sheet for printing and starts writing it.
func (b *book) newSheet(sheet string, ps printSetup, footer string) *sheetWriter {
	b.setupPrint(sheet, ps, footer)
	sw, err := b.f.NewStreamWriter(sheet)
	b.fail(err)
	return &sheetWriter{b, sw}
}

// widths sets column widths from column A on (before any row).
func (s *sheetWriter) widths(ws ...float64) {
	for i, w := range ws {
		s.b.fail(s.sw.SetColWidth(i+1, i+1, w))
	}
}

// row writes cells from column A of row r; rows must come in order. A nil
// cell is left empty.
func (s *sheetWriter) row(r int, cells ...any) {
	s.b.fail(s.sw.SetRow(ref(1, r), cells))
}

// merge merges the cells from one corner to the other.
func (s *sheetWriter) merge(from, to string) { s.b.fail(s.sw.MergeCell(from, to)) }

// done writes the sheet out.
func (s *sheetWriter) done() { s.b.fail(s.sw.Flush()) }

// canonicalZip rewrites a workbook with its parts in one fixed order,
// [Content_Types].xml first, the rest by name: excelize writes the sheets
// of several stream writers in map order, and the same report must give
// the same bytes. The parts are copied as compressed, not recompressed.
func canonicalZip(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(x, y *zip.File) int {
		if (x.Name == "[Content_Types].xml") != (y.Name == "[Content_Types].xml") {
			if x.Name == "[Content_Types].xml" {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Name, y.Name)
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			return nil, err
		}
		r, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		if _, err := io.Copy(w, r); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
