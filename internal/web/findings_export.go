package web

import (
	"net/url"
	"time"

	"mutu/internal/report"
	"mutu/internal/store"
)

// findingsExport is the findings list as CSV or XLSX, one row per finding
// as filtered on the page. The only person it names is the one responsible
// at the unit (a position, as the team writes it); who recorded a finding
// and the users' accounts stay out.
func findingsExport(rows []store.FindingRow, now time.Time) report.Export {
	cols := []report.Column{{Title: "unit_code", Width: 18}, {Title: "unit", Width: 40}, {Title: "wilayah", Width: 12},
		{Title: "indikator", Width: 10}, {Title: "tingkat", Width: 10}, {Title: "status", Width: 14}, {Title: "terlambat", Width: 10},
		{Title: "uraian", Width: 50}, {Title: "rekomendasi", Width: 50}, {Title: "penanggung_jawab", Width: 30},
		{Title: "batas_waktu", Kind: report.Date}, {Title: "tindak_lanjut", Width: 50}, {Title: "ditanggapi_pertama", Kind: report.DateTime},
		{Title: "ditutup", Kind: report.DateTime}, {Title: "dicatat", Kind: report.DateTime}}
	return report.Export{Sheet: "Temuan", Columns: cols, Rows: func(add func(...any) error) error {
		for _, f := range rows {
			late := "tidak"
			if f.Overdue(now) {
				late = "ya"
			}
			if err := add(f.UnitCode, f.UnitName, f.RegionCode, f.Indicator, string(f.Severity), string(f.Status), late,
				f.Description, f.Recommendation, f.Responsible, f.DueOn, f.FollowUp, f.FirstAnswerAt, f.ClosedAt, f.CreatedAt); err != nil {
				return err
			}
		}
		return nil
	}}
}

// exportLinks are a list's download addresses per format, keeping the
// list's filters (q) so the file holds what the page shows.
func exportLinks(path string, q url.Values) map[string]string {
	out := map[string]string{}
	for _, format := range []string{"xlsx", "csv"} {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("format", format)
		out[format] = path + "?" + v.Encode()
	}
	return out
}
