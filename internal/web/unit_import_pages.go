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
	d := &unitImportData{Columns: strings.Join(unit.ImportColumns, ",")}
	v := s.newView(r, "import.title", d)
	res, err := s.importUpload(r)
	if err != nil {
		s.importFailed(w, r, "import", v, err)
		return
	}
	d.Result = &res
	v.Flash = v.T("import.done", res.Units, res.Services)
	s.render(w, r, "import", http.StatusOK, v)
}

// importFailed shows an import page with why the file was refused: the
// headline ("file refused, nothing stored") above every row's problem.
func (s *Server) importFailed(w http.ResponseWriter, r *http.Request, page string, v *view, err error) {
	e := appError(err)
	if e.Code == errs.Internal {
		s.fail(w, r, err)
		return
	}
	if !formErrors(v, e) || len(e.Fields) > 0 {
		// formErrors already shows the headline of errors without rows.
		v.ErrorList = append([]string{v.T(e.Key, e.Args...)}, v.ErrorList...)
	}
	if r.MultipartForm != nil {
		v.Form = r.MultipartForm.Value
	}
	s.render(w, r, page, statusOf(e.Code), v)
}

func (s *Server) importUpload(r *http.Request) (unit.ImportResult, error) {
	file, _, err := r.FormFile("file")
	if err != nil {
		if e := appError(err); e.Code == errs.TooLarge {
			return unit.ImportResult{}, e
		}
		return unit.ImportResult{}, errs.New(errs.Invalid, "import.err.no_file")
	}
	defer file.Close()
	if err := checkForm(r); err != nil {
		return unit.ImportResult{}, err
	}
	return unit.Import(r.Context(), s.db, s.actor(r), principal(r).AdministersRegion, file)
}
