package report

import (
	"encoding/csv"
	"io"

	"mutu/internal/audit"
	"mutu/internal/clock"
)

// AuditRow is one audit entry as exported: the action in the reader's
// language. IP addresses and request ids stay in the database (they are
// for investigating one row, not for circulating); entries never hold
// reporters' identities (privacy rows name a masked query) nor secrets.
type AuditRow struct {
	Entry  audit.Entry
	Action string // the action's label
}

var auditHeader = []string{"Waktu (WIB)", "Pelaku", "Aksi", "Objek", "Rincian", "Wilayah"}

func (r AuditRow) cells() []string {
	return []string{r.Entry.At.In(clock.Jakarta).Format("2006-01-02 15:04:05"), SpreadsheetSafe(r.Entry.ActorName), r.Action,
		SpreadsheetSafe(r.Entry.Object()), SpreadsheetSafe(r.Entry.Detail), r.Entry.RegionCode}
}

// AuditCSV writes rows as CSV with a header row.
func AuditCSV(w io.Writer, rows []AuditRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(auditHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.cells()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// AuditXLSX writes rows as a workbook with a frozen header row, like the
// complaint export.
func AuditXLSX(w io.Writer, rows []AuditRow) error {
	return streamSheet(w, "Audit", anys(auditHeader), func(add func([]any) error) error {
		for _, r := range rows {
			if err := add(anys(r.cells())); err != nil {
				return err
			}
		}
		return nil
	})
}
