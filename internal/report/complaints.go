package report

import (
	"time"

	"mutu/internal/complaint"
)

// ComplaintsExport is reports as an export (CSV or XLSX); each calls its
// argument with every report in turn. Rows are streamed, so a year of a
// whole province fits in little memory. Reports are named by number;
// reporter identities are never written (complaint.ViewExport), nor
// tracking codes (not stored), nor secret reports' texts. "On time" is the
// verdict stored when the step was done.
func ComplaintsExport(each func(func(*complaint.Report) error) error) Export {
	verdict := func(done time.Time, onTime bool) any {
		switch {
		case done.IsZero():
			return nil
		case onTime:
			return "ya"
		}
		return "tidak"
	}
	cols := []Column{{Title: "Nomor", Width: 26}, {Title: "Diterima (WIB)", Kind: DateTime}, {Title: "Jenis", Width: 12},
		{Title: "Kerahasiaan", Width: 12}, {Title: "Saluran", Width: 10}, {Title: "Status", Width: 14}, {Title: "Judul", Width: 40},
		{Title: "Isi", Width: 60}, {Title: "Verifikasi tepat waktu", Width: 12}, {Title: "Tanggapan pertama tepat waktu", Width: 12},
		{Title: "Selesai tepat waktu", Width: 12}, {Title: "Nilai pelapor", Kind: Int}}
	return Export{Sheet: "Pengaduan", Columns: cols, Rows: func(add func(...any) error) error {
		return each(func(r *complaint.Report) error {
			title, body := r.Title, r.Body
			if !complaint.ShowsContent(r.Privacy, complaint.ViewPublic) {
				title, body = "(rahasia)", ""
			}
			var rating any
			if r.Rating > 0 {
				rating = r.Rating
			}
			return add(r.Number, r.ReceivedAt, string(r.Kind), string(r.Privacy), string(r.Channel), string(r.Status), title, body,
				verdict(r.VerifiedAt, r.VerifyOnTime), verdict(r.FirstResponseDoneAt(), r.FirstResponseOnTime), verdict(r.ResolutionAt(), r.ResolutionOnTime), rating)
		})
	}}
}
