package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/audit"
	"mutu/internal/complaint"
)

// TestSheetsFreezeTheirHeader: the complaint and audit exports and the
// paper-survey template open with their header row written and frozen
// (only the row: no frozen column, the pane below it active).
func TestSheetsFreezeTheirHeader(t *testing.T) {
	var complaints, audits bytes.Buffer
	rep := &complaint.Report{Number: "PKM-31.72.01-2026-00001", Kind: complaint.Complaint, Privacy: complaint.Public,
		Title: "=HYPERLINK(1)", Body: "Isi", Milestones: complaint.Milestones{ReceivedAt: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)}}
	if err := ComplaintsXLSX(&complaints, func(f func(*complaint.Report) error) error { return f(rep) }); err != nil {
		t.Fatal(err)
	}
	row := AuditRow{Entry: audit.Entry{At: time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC), ActorName: "Admin", ObjectType: "unit", ObjectID: "u1"}, Action: "Unit dibuat"}
	if err := AuditXLSX(&audits, []AuditRow{row}); err != nil {
		t.Fatal(err)
	}
	template, err := PaperTemplateXLSX([]string{"tanggal", "unsur 1"}, []string{"catatan"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sheet  string
		book   []byte
		header []string
		rows   int
	}{
		{"Pengaduan", complaints.Bytes(), []string{"Nomor", "Diterima (WIB)"}, 2},
		{"Audit", audits.Bytes(), auditHeader, 2},
		{"Data", template, []string{"tanggal", "unsur 1"}, 1},
	} {
		f, err := excelize.OpenReader(bytes.NewReader(tc.book))
		if err != nil {
			t.Fatalf("%s: %v", tc.sheet, err)
		}
		if f.GetSheetName(0) != tc.sheet {
			t.Errorf("first sheet %q, want %q", f.GetSheetName(0), tc.sheet)
		}
		rows, err := f.GetRows(tc.sheet)
		if err != nil || len(rows) != tc.rows || !slices.Equal(rows[0][:len(tc.header)], tc.header) {
			t.Errorf("%s rows %q (%v), want %d with header %q", tc.sheet, rows, err, tc.rows, tc.header)
		}
		p, err := f.GetPanes(tc.sheet)
		if err != nil || !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" || p.ActivePane != "bottomLeft" {
			t.Errorf("%s panes %+v (%v), want the header row frozen", tc.sheet, p, err)
		}
		if tc.sheet == "Pengaduan" && len(rows) > 1 && !strings.HasPrefix(rows[1][6], "'") {
			t.Errorf("title %q not made spreadsheet-safe", rows[1][6])
		}
		if tc.sheet == "Audit" && len(rows) > 1 && rows[1][3] != "unit u1" {
			t.Errorf("audit object %q, want the type and id of a row without a label", rows[1][3])
		}
		f.Close()
	}
}
