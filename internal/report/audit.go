package report

import (
	"mutu/internal/audit"
)

// AuditRow is one audit entry as exported: the action in the reader's
// language. IP addresses and request ids stay in the database (they are
// for investigating one row, not for circulating); entries never hold
// reporters' identities (privacy rows name a masked query) nor secrets.
type AuditRow struct {
	Entry  audit.Entry
	Action string // the action's label
}

var auditColumns = []Column{{Title: "Waktu (WIB)", Kind: Stamp}, {Title: "Pelaku"}, {Title: "Aksi"},
	{Title: "Objek", Width: 40}, {Title: "Rincian", Width: 40}, {Title: "Wilayah", Width: 12}}

// AuditExport is rows as an export (CSV or XLSX), with a header row.
func AuditExport(rows []AuditRow) Export {
	return Export{Sheet: "Audit", Columns: auditColumns, Rows: func(add func(...any) error) error {
		for _, r := range rows {
			if err := add(r.Entry.At, r.Entry.ActorName, r.Action, r.Entry.Object(), r.Entry.Detail, r.Entry.RegionCode); err != nil {
				return err
			}
		}
		return nil
	}}
}
