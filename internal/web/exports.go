package web

import (
	"net/http"

	"mutu/internal/errs"
	"mutu/internal/report"
)

// sendExport answers with e as a download named name.csv or name.xlsx:
// format is the page's ?format= value, "csv" or "xlsx" (report.Export
// says how each is written). The answer is never cached (observe's
// no-store stays): exports are staff lists.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, name, format string, e report.Export) {
	if err := checkExportFormat(format); err != nil {
		s.fail(w, r, err)
		return
	}
	write, media := report.WriteCSV, report.MediaCSV
	if format == "xlsx" {
		write, media = report.WriteXLSX, report.MediaXLSX
	}
	w.Header().Set("Content-Type", media)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	if err := write(w, e); err != nil {
		// The status line has gone out; the download ends short.
		s.log.Error("export", "request_id", requestID(r), "name", name, "err", err)
	}
}

// checkExportFormat refuses a ?format= other than csv or xlsx (422), before
// a handler reads the rows.
func checkExportFormat(format string) error {
	if format != "csv" && format != "xlsx" {
		return errs.New(errs.Invalid, "export.err.format")
	}
	return nil
}
