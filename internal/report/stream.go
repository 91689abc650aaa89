package report

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// streamSheet writes one sheet of rows to w as a workbook, streamed (the
// rows are never all in memory), with the header row frozen. rows calls
// add once per row, in order.
func streamSheet(w io.Writer, sheet string, header []any, rows func(add func([]any) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(freezePanes(1, 0)); err != nil {
		return err
	}
	n := 1
	if err := sw.SetRow(ref(1, n), header); err != nil {
		return err
	}
	if err := rows(func(cells []any) error {
		n++
		return sw.SetRow(ref(1, n), cells)
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// anys is cells as a spreadsheet row.
func anys(cells []string) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c
	}
	return out
}
