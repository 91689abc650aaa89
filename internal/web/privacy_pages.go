package web

import (
	"net/http"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// Requests of reporters under UU 27/2022 (Pelindungan Data Pribadi): an
// administrator finds one reporter's reports in their region by e-mail,
// phone or NIK, downloads that reporter's data, or erases the contact data
// (the reports and statistics stay). Every request is a POST so that the
// searched value never appears in a URL (history, logs, Referer).

// privacyData is the page's data: the reports found for the posted query.
type privacyData struct {
	Kinds    []string
	Searched bool
	Reports  []complaint.Report
	Max      int
}

// privacyForm: GET /kelola/data-pribadi.
func (s *Server) privacyForm(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "privacy.title", &privacyData{Kinds: complaint.ReporterFields})
	v.Form.Set("contact_kind", "email")
	s.render(w, r, "privacy", http.StatusOK, v)
}

// privacyQuery parses the posted contact kind and value.
func privacyQuery(w http.ResponseWriter, r *http.Request) (complaint.ReporterQuery, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := parseForm(r); err != nil {
		return complaint.ReporterQuery{}, err
	}
	return complaint.ParseReporterQuery(r.PostForm.Get("contact_kind"), r.PostForm.Get("contact"))
}

// privacySearch: POST /kelola/data-pribadi — the reporter's reports in the
// administrator's region.
func (s *Server) privacySearch(w http.ResponseWriter, r *http.Request) {
	q, err := privacyQuery(w, r)
	if err != nil {
		s.renderPrivacy(w, r, nil, err)
		return
	}
	reports, err := s.db.ReporterReports(r.Context(), principal(r).RegionCode, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPrivacy(w, r, reports, nil)
}

// privacyExport: POST /kelola/data-pribadi/ekspor — the reporter's data as
// a JSON download (audited).
func (s *Server) privacyExport(w http.ResponseWriter, r *http.Request) {
	q, err := privacyQuery(w, r)
	if err != nil {
		s.renderPrivacy(w, r, nil, err)
		return
	}
	p := principal(r)
	reports, err := s.db.ExportReporter(r.Context(), s.actor(r), p.RegionCode, q)
	if err != nil {
		s.renderPrivacy(w, r, nil, err)
		return
	}
	now := s.db.Now()
	w.Header().Set("Content-Disposition", `attachment; filename="data-pribadi-`+clock.LocalDate(now)+`.json"`)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, struct {
		ExportedAt time.Time              `json:"exported_at"`
		Region     string                 `json:"region"`
		Reports    []store.ReporterReport `json:"reports"`
	}{now, p.RegionCode, reports})
}

// privacyErase: POST /kelola/data-pribadi/hapus with erase_confirm=1 — erases
// the reporter's contact data from their reports in the region (audited).
// Without the confirmation nothing changes: the reports are shown again
// with the question.
func (s *Server) privacyErase(w http.ResponseWriter, r *http.Request) {
	q, err := privacyQuery(w, r)
	if err != nil {
		s.renderPrivacy(w, r, nil, err)
		return
	}
	region := principal(r).RegionCode
	if r.PostForm.Get("erase_confirm") != "1" {
		reports, err := s.db.ReporterReports(r.Context(), region, q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderPrivacy(w, r, reports, errs.Fields("err.form", []errs.Field{{Name: "erase_confirm", Key: "privacy.err.confirm"}}))
		return
	}
	if _, err := s.db.EraseReporter(r.Context(), s.actor(r), region, q); err != nil {
		s.renderPrivacy(w, r, nil, err)
		return
	}
	s.flash(r, "privacy.erased")
	redirect(w, r, "/kelola/data-pribadi")
}

// renderPrivacy shows the page after a POST: the reports found (none: the
// query matched nothing, 404 when exporting or erasing), or the form with
// its problems.
func (s *Server) renderPrivacy(w http.ResponseWriter, r *http.Request, reports []complaint.Report, formErr error) {
	code := errs.CodeOf(formErr)
	d := &privacyData{Kinds: complaint.ReporterFields, Searched: formErr == nil || reports != nil || code == errs.NotFound,
		Reports: reports, Max: store.MaxReporterReports}
	v := s.newView(r, "privacy.title", d)
	v.Form = r.PostForm
	status := http.StatusOK
	if formErr != nil {
		status = statusOf(code)
		if code != errs.NotFound && !formErrors(v, formErr) {
			s.fail(w, r, formErr)
			return
		}
	}
	s.render(w, r, "privacy", status, v)
}
