package report

import (
	"io"
	"strings"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
)

// ComplaintsXLSX writes reports as a workbook to w; each calls its
// argument with every report in turn. Rows are streamed (excelize's
// StreamWriter), so a year of a whole province fits in little memory.
// Reports are named by number; reporter identities are never written
// (complaint.ViewExport), nor tracking codes (not stored), nor secret
// reports' texts. "On time" is the verdict stored when the step
// was done.
func ComplaintsXLSX(w io.Writer, each func(func(*complaint.Report) error) error) error {
	header := []any{"Nomor", "Diterima (WIB)", "Jenis", "Kerahasiaan", "Saluran", "Status", "Judul", "Isi", "Verifikasi tepat waktu",
		"Tanggapan pertama tepat waktu", "Selesai tepat waktu", "Nilai pelapor"}
	verdict := func(done time.Time, onTime bool) string {
		switch {
		case done.IsZero():
			return ""
		case onTime:
			return "ya"
		}
		return "tidak"
	}
	return streamSheet(w, "Pengaduan", header, func(add func([]any) error) error {
		return each(func(r *complaint.Report) error {
			title, body := r.Title, r.Body
			if !complaint.ShowsContent(r.Privacy, complaint.ViewPublic) {
				title, body = "(rahasia)", ""
			}
			var rating any = ""
			if r.Rating > 0 {
				rating = r.Rating
			}
			return add([]any{r.Number, r.ReceivedAt.In(clock.Jakarta).Format("2006-01-02 15:04"), string(r.Kind), string(r.Privacy), string(r.Channel), string(r.Status),
				SpreadsheetSafe(title), SpreadsheetSafe(body),
				verdict(r.VerifiedAt, r.VerifyOnTime), verdict(r.FirstResponseDoneAt(), r.FirstResponseOnTime), verdict(r.ResolutionAt(), r.ResolutionOnTime), rating})
		})
	})
}

// SpreadsheetSafe keeps text typed by citizens or staff from being run as a
// formula when a file is opened in a spreadsheet (CSV injection).
func SpreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
