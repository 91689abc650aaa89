package report

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// PaperTemplateXLSX is the paper-survey template as a workbook: the first
// sheet ("Data", the one the importer reads) holds only the header row,
// frozen; a second sheet ("Petunjuk") holds notes, one per row, on what
// each column takes.
func PaperTemplateXLSX(header []string, notes []string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Data")
	for i, h := range header {
		if err := f.SetCellStr("Data", ref(i+1, 1), h); err != nil {
			return nil, err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle("Data", "A1", ref(len(header), 1), bold); err != nil {
		return nil, err
	}
	if err := f.SetPanes("Data", freezePanes(1, 0)); err != nil {
		return nil, err
	}
	if err := setPrint(f, "Data", printSetup{landscape: len(header) >= 7, titleRows: 1}, ""); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Petunjuk"); err != nil {
		return nil, err
	}
	for i, n := range notes {
		if err := f.SetCellStr("Petunjuk", ref(1, i+1), n); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth("Petunjuk", "A", "A", 120); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
