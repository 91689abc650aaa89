package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"mutu/internal/clock"
	"mutu/internal/complaint"
)

// ComplaintsXLSX exports reports as a workbook. Reporter identities are
// never written (complaint.ViewExport); neither are secret reports' texts.
func ComplaintsXLSX(reports []complaint.Report, slas map[complaint.Kind]complaint.SLA, cal complaint.WorkingCalendar) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Pengaduan"
	f.SetSheetName("Sheet1", sheet)
	header := []any{"Kode", "Diterima (WIB)", "Jenis", "Kerahasiaan", "Saluran", "Status", "Judul", "Isi", "Verifikasi tepat waktu",
		"Tanggapan pertama tepat waktu", "Selesai tepat waktu", "Nilai pelapor"}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return nil, err
	}
	yesNo := func(done, due bool) string {
		switch {
		case !done:
			return ""
		case due:
			return "ya"
		}
		return "tidak"
	}
	for i, r := range reports {
		d := complaint.ComputeDeadlines(slas[r.Kind], cal, r.Milestones)
		title, body := r.Title, r.Body
		if !complaint.ShowsContent(r.Privacy, complaint.ViewPublic) {
			title, body = "(rahasia)", ""
		}
		resolved := r.ResolvedAt
		if resolved.IsZero() && r.Status == complaint.Closed {
			resolved = r.ClosedAt
		}
		rating := ""
		if r.Rating > 0 {
			rating = fmt.Sprint(r.Rating)
		}
		row := []any{r.Code, r.ReceivedAt.In(clock.Jakarta).Format("2006-01-02 15:04"), string(r.Kind), string(r.Privacy), string(r.Channel), string(r.Status),
			SpreadsheetSafe(title), SpreadsheetSafe(body),
			yesNo(!r.VerifiedAt.IsZero(), complaint.OnTime(r.VerifiedAt, d.Verify)),
			yesNo(!r.FirstResponseAt.IsZero(), complaint.OnTime(r.FirstResponseAt, d.FirstResponse)),
			yesNo(!resolved.IsZero(), complaint.OnTime(resolved, d.Resolution)), rating}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SpreadsheetSafe keeps text typed by citizens or staff from being run as a
// formula when a file is opened in a spreadsheet (CSV injection).
func SpreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
