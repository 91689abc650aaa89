package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/clock"
	"mutu/internal/tabular"
)

// An Export is a table that every list page offers as CSV and as XLSX
// (WriteCSV, WriteXLSX): one description of the columns, so both formats
// carry the same data and every export gets both.
//
// CSV is written for Excel and LibreOffice set to Indonesian, the users'
// setting: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as
// Windows-1252), ";" between cells (Indonesian Windows' list separator:
// Excel opens a ";" file into columns on a double click, and a "," file
// into one column), CRLF line ends, decimals with a comma ("87,28": with
// Indonesian settings "87.28" is not a number, and "3.491" is three
// thousand), whole numbers without grouping ("1234"), dates as ISO
// ("2026-11-23", "2026-11-23 14:05", which every spreadsheet reads as a
// date) in WIB, and text through the formula guard (tabular.Guard). This is
// R's and pandas' "csv2" dialect (sep ";", decimal ","); every import reads
// it (tabular sniffs the separator and removes the guard), and no import
// takes decimals.
//
// XLSX has typed cells: numbers as numbers, dates as date serials shown
// with an Indonesian format ("23 Nov 2026"), text as text cells, never
// guarded (a text cell is not a formula). The header row is bold and
// frozen; the page setup is A4, fitted to the page width, landscape for
// wide tables, with the header row repeated on every printed page.
type Export struct {
	Sheet   string // name of the XLSX sheet (at most 31 characters)
	Columns []Column
	// Rows calls add once per row, in order, with one value per column
	// (see Kind); nil is an empty cell. Rows are streamed in both formats.
	Rows func(add func(cells ...any) error) error
}

// Column is one column of an Export.
type Column struct {
	Title  string
	Kind   Kind
	Places int     // Decimal: digits after the decimal comma
	Width  float64 // XLSX width in characters; 0 takes the kind's default
}

// Kind is what a column holds, and the Go type of its values.
type Kind int

const (
	Text     Kind = iota // string
	Int                  // int or int64
	Decimal              // float64, rounded to Places in CSV, exact in XLSX
	Date                 // time.Time (its WIB date); the zero time is empty
	DateTime             // time.Time in WIB to the minute; the zero time is empty
	Stamp                // time.Time in WIB to the second; the zero time is empty
)

// MediaCSV and MediaXLSX are the content types of the two formats.
const (
	MediaCSV  = "text/csv; charset=utf-8"
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// utf8BOM is the byte-order mark by which Excel recognises UTF-8 (bytes,
// so that the PDF glyph check of string literals does not see it).
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// WriteCSV writes e as CSV (see Export for the dialect).
func WriteCSV(w io.Writer, e Export) error {
	if _, err := w.Write(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	titles := make([]string, len(e.Columns))
	for i, c := range e.Columns {
		titles[i] = tabular.Guard(c.Title)
	}
	if err := cw.Write(titles); err != nil {
		return err
	}
	record := make([]string, len(e.Columns))
	err := e.Rows(func(cells ...any) error {
		if err := e.fits(cells); err != nil {
			return err
		}
		for i, v := range cells {
			s, err := csvCell(e.Columns[i], v)
			if err != nil {
				return err
			}
			record[i] = s
		}
		return cw.Write(record)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// fits checks that a row has one cell per column.
func (e Export) fits(cells []any) error {
	if len(cells) != len(e.Columns) {
		return fmt.Errorf("report: export %s: %d cells for %d columns", e.Sheet, len(cells), len(e.Columns))
	}
	return nil
}

// csvCell formats one value of column c.
func csvCell(c Column, v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if err := c.check(v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return tabular.Guard(x), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", nil
		}
		p := math.Pow10(c.Places)
		return strings.Replace(strconv.FormatFloat(math.Round(x*p)/p, 'f', c.Places, 64), ".", ",", 1), nil
	case time.Time:
		if x.IsZero() {
			return "", nil
		}
		return x.In(clock.Jakarta).Format(goLayout[c.Kind]), nil
	}
	return "", nil // not reached: check accepts no other type
}

// check reports a non-nil value that is not of c's kind (see Kind).
func (c Column) check(v any) error {
	ok := false
	switch v.(type) {
	case string:
		ok = c.Kind == Text
	case int, int64:
		ok = c.Kind == Int
	case float64:
		ok = c.Kind == Decimal
	case time.Time:
		ok = c.Kind == Date || c.Kind == DateTime || c.Kind == Stamp
	}
	if !ok {
		return fmt.Errorf("report: export column %q: %T is not a value of its kind", c.Title, v)
	}
	return nil
}

// goLayout and xlsxFormat say how each time kind is written: ISO in CSV,
// an Indonesian number format in XLSX ([$-421] is the Indonesian locale,
// which names the months Mei, Agu, Okt, Des; times read 14.05 as in
// Indonesian writing).
var (
	goLayout   = map[Kind]string{Date: time.DateOnly, DateTime: "2006-01-02 15:04", Stamp: time.DateTime}
	xlsxFormat = map[Kind]string{
		Date:     `[$-421]d mmm yyyy`,
		DateTime: `[$-421]d mmm yyyy hh"."mm`,
		Stamp:    `[$-421]d mmm yyyy hh"."mm"."ss`,
		Int:      `#,##0`,
		Text:     `@`,
	}
	kindWidth = map[Kind]float64{Text: 24, Int: 10, Decimal: 10, Date: 13, DateTime: 18, Stamp: 20}
)

// WriteXLSX writes e as a one-sheet workbook (see Export).
func WriteXLSX(w io.Writer, e Export) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", e.Sheet); err != nil {
		return err
	}
	// A4, as wide as the page (landscape from seven columns on), the header
	// row repeated on every page.
	if err := setPrint(f, e.Sheet, printSetup{landscape: len(e.Columns) >= 7, titleRows: 1}, ""); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	styles := make([]int, len(e.Columns))
	for i, c := range e.Columns {
		format := xlsxFormat[c.Kind]
		if c.Kind == Decimal {
			format = "0"
			if c.Places > 0 {
				format += "." + strings.Repeat("0", c.Places)
			}
		}
		if styles[i], err = f.NewStyle(&excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(e.Sheet)
	if err != nil {
		return err
	}
	for i, c := range e.Columns {
		width := c.Width
		if width == 0 {
			width = kindWidth[c.Kind]
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(freezePanes(1, 0)); err != nil {
		return err
	}
	row := make([]any, len(e.Columns))
	for i, c := range e.Columns {
		row[i] = excelize.Cell{StyleID: head, Value: c.Title}
	}
	n := 1
	if err := sw.SetRow(ref(1, n), row); err != nil {
		return err
	}
	err = e.Rows(func(cells ...any) error {
		if err := e.fits(cells); err != nil {
			return err
		}
		for i, v := range cells {
			x, err := xlsxCell(e.Columns[i], v)
			if err != nil {
				return err
			}
			row[i] = excelize.Cell{StyleID: styles[i], Value: x}
		}
		n++
		return sw.SetRow(ref(1, n), row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxCell is the cell value of v in column c: checked like csvCell, times
// as WIB wall-clock times (a spreadsheet has no time zones), text escaped
// only where an import would misread it (tabular.XLSXText).
func xlsxCell(c Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if err := c.check(v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case string:
		return tabular.XLSXText(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, nil
		}
	case time.Time:
		if x.IsZero() {
			return nil, nil
		}
		l := x.In(clock.Jakarta)
		if c.Kind == Date {
			return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC), nil // a whole day, as the cell shows
		}
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC), nil
	}
	return v, nil
}
