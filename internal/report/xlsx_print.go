package report

import (
	"archive/zip"
	"bytes"
	"fmt"
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
	b.fail(setPrint(b.f, sheet, ps, footer))
}

// setPrint applies ps to sheet, with footer (if any) on the left of every
// page's foot and the page numbers on the right.
func setPrint(f *excelize.File, sheet string, ps printSetup, footer string) error {
	fit, one, tall := true, 1, 0 // fitToHeight 0: as many pages as needed
	orientation := "portrait"
	if ps.landscape {
		orientation = "landscape"
	}
	size := paperA4
	side, edge, band := 0.4, 0.6, 0.3 // inches: narrow sides, room for the footer
	// In header and footer text "&" starts a code; a literal one is "&&".
	foot := "&R&8Halaman &P dari &N"
	if footer != "" {
		foot = "&L&8" + strings.ReplaceAll(footer, "&", "&&") + foot
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &side, Right: &side, Top: &edge, Bottom: &edge, Header: &band, Footer: &band}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: foot}); err != nil {
		return err
	}
	if ps.titleRows > 0 {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!$1:$" + strconv.Itoa(ps.titleRows)})
	}
	return nil
}

// sheetWriter writes one sheet, row by row, through a stream writer: the
// only way in excelize to store a formula together with a numeric cached
// value, so that readers which do not calculate still see the numbers.
type sheetWriter struct {
	b     *book
	sw    *excelize.StreamWriter
	exact map[string]float64 // the numbers written, by cell, for exactNumbers
}

// newSheet sets up sheet for printing and starts writing it.
func (b *book) newSheet(sheet string, ps printSetup, footer string) *sheetWriter {
	b.setupPrint(sheet, ps, footer)
	sw, err := b.f.NewStreamWriter(sheet)
	b.fail(err)
	w := &sheetWriter{b, sw, map[string]float64{}}
	b.exact[sheet] = w.exact
	return w
}

// widths sets column widths from column A on (before any row).
func (s *sheetWriter) widths(ws ...float64) {
	for i, w := range ws {
		s.b.fail(s.sw.SetColWidth(i+1, i+1, w))
	}
}

// row writes cells from column A of row r; rows must come in order. A nil
// cell is left empty.
func (s *sheetWriter) row(r int, cells ...any) { s.rowWith(r, nil, cells...) }

// rowWith is row with row options (a height), when opts is not nil.
func (s *sheetWriter) rowWith(r int, opts *excelize.RowOpts, cells ...any) {
	for i, x := range cells {
		if cell, ok := x.(excelize.Cell); ok {
			x = cell.Value
		}
		if v, ok := x.(float64); ok {
			s.exact[ref(i+1, r)] = v
		}
	}
	if opts != nil {
		s.b.fail(s.sw.SetRow(ref(1, r), cells, *opts))
		return
	}
	s.b.fail(s.sw.SetRow(ref(1, r), cells))
}

// merge merges the cells from one corner to the other.
func (s *sheetWriter) merge(from, to string) { s.b.fail(s.sw.MergeCell(from, to)) }

// done writes the sheet out.
func (s *sheetWriter) done() { s.b.fail(s.sw.Flush()) }

// finish rewrites the written workbook: its parts in one fixed order,
// [Content_Types].xml first, the rest by name (excelize writes the sheets of
// several stream writers in map order, and the same report must give the
// same bytes), and every number at full precision (excelize cuts numbers
// to 15 significant digits, truncating; a double needs up to 17). Parts
// left as they are are copied compressed, not recompressed.
func (b *book) finish(written []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(written), int64(len(written)))
	if err != nil {
		return nil, err
	}
	exact := map[string]map[string]float64{}
	for id, name := range b.f.GetSheetMap() {
		exact[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = b.exact[name]
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
		if err := copyPart(zw, f, exact[f.Name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// copyPart copies one part of a workbook, its numbers written exactly.
func copyPart(zw *zip.Writer, f *zip.File, exact map[string]float64) error {
	if len(exact) == 0 {
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			return err
		}
		r, err := f.OpenRaw()
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	xml, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	h := f.FileHeader
	w, err := zw.CreateHeader(&h)
	if err != nil {
		return err
	}
	_, err = w.Write(exactNumbers(xml, exact))
	return err
}

// exactNumbers writes the value of each cell of exact in a worksheet's XML
// as the shortest decimal that reads back as the same float64. The stream
// writer writes rows in order and cells in column order, so one forward
// pass finds them all.
func exactNumbers(xml []byte, exact map[string]float64) []byte {
	type cell struct {
		name     string
		col, row int
	}
	var cells []cell
	for name := range exact {
		col, row, _ := excelize.CellNameToCoordinates(name)
		cells = append(cells, cell{name, col, row})
	}
	slices.SortFunc(cells, func(a, b cell) int {
		if a.row != b.row {
			return a.row - b.row
		}
		return a.col - b.col
	})
	var out bytes.Buffer
	at := 0
	for _, c := range cells {
		start := bytes.Index(xml[at:], []byte(`<c r="`+c.name+`"`))
		if start < 0 {
			continue
		}
		start += at
		end := start + bytes.Index(xml[start:], []byte("</c>"))
		v := bytes.Index(xml[start:end], []byte("<v>"))
		if v < 0 {
			continue
		}
		v += start + len("<v>")
		out.Write(xml[at:v])
		out.WriteString(strconv.FormatFloat(exact[c.name], 'f', -1, 64))
		at = v + bytes.Index(xml[v:], []byte("</v>"))
	}
	out.Write(xml[at:])
	return out.Bytes()
}
