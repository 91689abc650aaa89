package web

import (
	"net/http"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/unit"
)

// unitImportData is the page data of the unit import (import.html).
type unitImportData struct {
	Columns string             // the file's header line
	Result  *unit.ImportResult // what an accepted file added
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "import", http.StatusOK, s.newView(r, "import.title", &unitImportData{Columns: strings.Join(unit.ImportColumns, ",")}))
}

// importUnits imports an uploaded unit file: all rows or none, with every
// problem named by row.
func (s *Server) importUnits(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	res, err := s.importUpload(r)
	if err != nil {
		s.formFailed(w, r, err, s.importForm)
		return
	}
	v := s.newView(r, "import.title", &unitImportData{Columns: strings.Join(unit.ImportColumns, ","), Result: &res})
	v.Flash = v.T("import.done", res.Units, res.Services)
	s.render(w, r, "import", http.StatusOK, v)
}

func (s *Server) importUpload(r *http.Request) (unit.ImportResult, error) {
	file, _, err := r.FormFile("file")
	if err != nil {
		if e := appError(err); e.Code == errs.TooLarge {
			return unit.ImportResult{}, e
		}
		return unit.ImportResult{}, errs.InvalidField("file", "import.err.no_file")
	}
	defer file.Close()
	if err := checkForm(r); err != nil {
		return unit.ImportResult{}, err
	}
	return unit.Import(r.Context(), s.db, s.actor(r), principal(r).AdministersRegion, file)
}
