// Package tabular reads the CSV and XLSX files civil servants upload: a
// header row naming the columns, then data rows. It accepts a UTF-8
// byte-order mark, CRLF line ends, and the semicolon separator that Excel
// uses in the Indonesian locale, and reports problems with the file's own
// line numbers. It also holds the formula guard every export and import
// shares (Guard, Unguard).
package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

// Row is one data row with its line number in the file (the header is line 1).
type Row struct {
	Line  int
	cells []string
	cols  map[string]int
}

// Get returns the trimmed value of the named column without the formula
// guard (see Guard), "" when absent.
func (r Row) Get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return Unguard(strings.TrimSpace(r.cells[i]))
}

// Table is a parsed file.
type Table struct {
	Columns []string // normalised header names in file order
	Rows    []Row
}

// Has reports whether the file has the named column.
func (t *Table) Has(name string) bool { return slices.Contains(t.Columns, name) }

// Limits bound what a file may hold.
type Limits struct {
	MaxRows      int // data rows; 0 means 1,000,000
	MaxCellBytes int // 0 means 4,096
}

func (lim Limits) withDefaults() Limits {
	if lim.MaxRows == 0 {
		lim.MaxRows = 1_000_000
	}
	if lim.MaxCellBytes == 0 {
		lim.MaxCellBytes = 4096
	}
	return lim
}

// ReadCSV parses r. Every name in required must appear in the header (names
// are compared lower-cased and trimmed). Blank lines are skipped.
func ReadCSV(r io.Reader, required []string, lim Limits) (*Table, error) {
	lim = lim.withDefaults()
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	first, _ := br.Peek(4096)
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(first)
	cr.FieldsPerRecord = -1

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.New(errs.Invalid, "import.err.empty")
	}
	if err != nil {
		return nil, csvError(err)
	}
	headerLine, _ := cr.FieldPos(0)
	for _, h := range header {
		if err := CellError(headerLine, h); err != nil {
			return nil, err
		}
	}
	t, cols, err := readHeader(header, required)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(t.Rows) >= lim.MaxRows {
			return nil, errs.New(errs.TooLarge, "import.err.too_many_rows", lim.MaxRows)
		}
		for _, c := range rec {
			if len(c) > lim.MaxCellBytes {
				return nil, errs.New(errs.Invalid, "import.err.cell_too_long", line, lim.MaxCellBytes)
			}
			if err := CellError(line, c); err != nil {
				return nil, err
			}
		}
		t.Rows = append(t.Rows, Row{Line: line, cells: rec, cols: cols})
	}
	if len(t.Rows) == 0 {
		return nil, errs.New(errs.Invalid, "import.err.no_rows")
	}
	return t, nil
}

// readHeader reads a header row: names lower-cased and trimmed, no duplicates,
// every required name present.
func readHeader(cells []string, required []string) (*Table, map[string]int, error) {
	t := &Table{}
	cols := map[string]int{}
	for i, h := range cells {
		name := strings.ToLower(strings.TrimSpace(h))
		t.Columns = append(t.Columns, name)
		if name != "" {
			if _, dup := cols[name]; dup {
				return nil, nil, errs.New(errs.Invalid, "import.err.duplicate_column", name)
			}
			cols[name] = i
		}
	}
	var missing []string
	for _, req := range required {
		if _, ok := cols[req]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		return nil, nil, errs.New(errs.Invalid, "import.err.missing_columns", strings.Join(missing, ", "), strings.Join(required, ","))
	}
	return t, cols, nil
}

// CellError refuses a cell that is not text a person typed: invalid UTF-8
// (a file saved in another encoding) or a control character such as NUL,
// which PostgreSQL cannot store. Tabs and line breaks (a quoted multi-line
// cell) are text. Every import checks its cells with it, CSV or XLSX.
func CellError(line int, c string) error {
	switch textcheck.Text(c) {
	case textcheck.BadUTF8:
		return errs.New(errs.Invalid, "import.err.encoding", line)
	case textcheck.Control:
		return errs.New(errs.Invalid, "import.err.control", line)
	}
	return nil
}

// sniffComma picks ';' when the header line has semicolons and no commas.
func sniffComma(head []byte) rune {
	if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
		head = head[:i]
	}
	if bytes.IndexByte(head, ';') >= 0 && bytes.IndexByte(head, ',') < 0 {
		return ';'
	}
	return ','
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// StartLine, not Line: an unterminated quote is only detected lines
		// later (often at the end of the file); the user must fix the record
		// where it starts.
		return &errs.Error{Code: errs.Invalid, Key: "import.err.csv", Args: []any{pe.StartLine, pe.Err.Error()}, Err: err}
	}
	return &errs.Error{Code: errs.Invalid, Key: "import.err.read", Err: err}
}
