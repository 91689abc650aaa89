package tabular

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"mutu/internal/errs"
)

// Limits of a workbook upload: its size, and what it may unpack to (zip
// bombs); worksheets larger than unzipXMLLimit are spooled to a temporary
// file instead of memory.
const (
	MaxXLSXBytes  = 20 << 20
	unzipLimit    = 128 << 20
	unzipXMLLimit = 16 << 20
)

// Read parses r as a workbook when it is one (it starts like a zip file, as
// every .xlsx does, whatever its name) and as CSV otherwise.
func Read(r io.Reader, required []string, lim Limits) (*Table, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(4); bytes.Equal(head, []byte("PK\x03\x04")) {
		return ReadXLSX(br, required, lim)
	}
	return ReadCSV(br, required, lim)
}

// ReadXLSX parses the first worksheet of a workbook like ReadCSV a file:
// the first non-blank row is the header, line numbers are Excel's row
// numbers, and cells are read as stored (a number as its value, not as
// the sheet displays it). A file that is not a readable .xlsx is an
// Invalid error "import.err.xlsx".
func ReadXLSX(r io.Reader, required []string, lim Limits) (t *Table, err error) {
	lim = lim.withDefaults()
	defer func() {
		// excelize parses untrusted XML, lazily while rows are read; a
		// bug there must not take the server down.
		if p := recover(); p != nil {
			t, err = nil, xlsxError(fmt.Errorf("panic: %v", p))
		}
	}()
	f, err := OpenXLSX(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cols map[string]int
	err = EachXLSXRow(f, lim.MaxCellBytes, func(line int, cells []string) error {
		if cols == nil {
			var err error
			t, cols, err = readHeader(cells, required)
			return err
		}
		if len(t.Rows) >= lim.MaxRows {
			return errs.New(errs.TooLarge, "import.err.too_many_rows", lim.MaxRows)
		}
		t.Rows = append(t.Rows, Row{Line: line, cells: cells, cols: cols})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cols == nil {
		return nil, errs.New(errs.Invalid, "import.err.empty")
	}
	if len(t.Rows) == 0 {
		return nil, errs.New(errs.Invalid, "import.err.no_rows")
	}
	return t, nil
}

// EachXLSXRow calls fn with every non-blank row of the first worksheet of f
// and its Excel row number, cells read as stored (a number as its value,
// not as the sheet displays it), and stops at the first error fn returns.
// A cell longer than maxCellBytes, or that CellError refuses, is an error
// before fn sees its row; a sheet that cannot be read is an Invalid error
// "import.err.xlsx". The caller recovers from panics (see OpenXLSX).
func EachXLSXRow(f *excelize.File, maxCellBytes int, fn func(line int, cells []string) error) error {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return xlsxError(fmt.Errorf("no worksheet"))
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return xlsxError(err)
	}
	defer it.Close()
	line := 0
	for it.Next() {
		line++
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return xlsxError(err)
		}
		if blank(cells) {
			continue
		}
		for _, c := range cells {
			if len(c) > maxCellBytes {
				return errs.New(errs.Invalid, "import.err.cell_too_long", line, maxCellBytes)
			}
			if err := CellError(line, c); err != nil {
				return err
			}
		}
		if err := fn(line, cells); err != nil {
			return err
		}
	}
	if err := it.Error(); err != nil {
		return xlsxError(err)
	}
	return nil
}

// OpenXLSX opens an uploaded workbook of at most MaxXLSXBytes that unpacks
// to at most 128 MB. A file that is not a readable .xlsx is an Invalid
// error "import.err.xlsx". The caller closes the file, and recovers from
// panics while it reads rows (excelize parses them lazily).
func OpenXLSX(r io.Reader) (f *excelize.File, err error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxXLSXBytes+1))
	if err != nil {
		return nil, &errs.Error{Code: errs.Invalid, Key: "import.err.read", Err: err}
	}
	if len(b) > MaxXLSXBytes {
		return nil, errs.New(errs.TooLarge, "err.too_large")
	}
	if len(b) == 0 {
		return nil, errs.New(errs.Invalid, "import.err.empty")
	}
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, xlsxError(fmt.Errorf("panic: %v", p))
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: unzipXMLLimit})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, xlsxError(err)
	}
	return f, nil
}

func xlsxError(err error) error {
	return &errs.Error{Code: errs.Invalid, Key: "import.err.xlsx", Err: err}
}
