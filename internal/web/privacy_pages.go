package web

import (
	"net/http"
	"net/url"
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

// privacyForm: GET /kelola/data-pribadi, and the page of a refused
// request: a refused erase shows the reporter's reports again with its
// question.
func (s *Server) privacyForm(w http.ResponseWriter, r *http.Request) {
	d := &privacyData{Kinds: complaint.ReporterFields, Max: store.MaxReporterReports}
	v := s.newView(r, "privacy.title", d)
	v.defaults(url.Values{"contact_kind": {"email"}})
	if v.refilled {
		if q, err := complaint.ParseReporterQuery(v.Val("contact_kind"), v.Val("contact")); err == nil {
			if d.Reports, err = s.db.ReporterReports(r.Context(), principal(r).RegionCode, q); err != nil {
				s.fail(w, r, err)
				return
			}
			d.Searched = true
		}
	}
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
		s.formFailed(w, r, err, s.privacyForm)
		return
	}
	reports, err := s.db.ReporterReports(r.Context(), principal(r).RegionCode, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPrivacy(w, r, reports, http.StatusOK)
}

// privacyExport: POST /kelola/data-pribadi/ekspor — the reporter's data as
// a JSON download (audited).
func (s *Server) privacyExport(w http.ResponseWriter, r *http.Request) {
	q, err := privacyQuery(w, r)
	if err != nil {
		s.formFailed(w, r, err, s.privacyForm)
		return
	}
	p := principal(r)
	reports, err := s.db.ExportReporter(r.Context(), s.actor(r), p.RegionCode, q)
	if err != nil {
		s.privacyFailed(w, r, err)
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
		s.formFailed(w, r, err, s.privacyForm)
		return
	}
	if r.PostForm.Get("erase_confirm") != "1" {
		s.formFailed(w, r, errs.InvalidField("erase_confirm", "privacy.err.confirm"), s.privacyForm)
		return
	}
	if _, err := s.db.EraseReporter(r.Context(), s.actor(r), principal(r).RegionCode, q); err != nil {
		s.privacyFailed(w, r, err)
		return
	}
	s.flash(r, "privacy.erased")
	redirect(w, r, "/kelola/data-pribadi")
}

// renderPrivacy shows the reports a search found (none: the query
// matched nothing).
func (s *Server) renderPrivacy(w http.ResponseWriter, r *http.Request, reports []complaint.Report, status int) {
	v := s.newView(r, "privacy.title", &privacyData{Kinds: complaint.ReporterFields, Searched: true, Reports: reports, Max: store.MaxReporterReports})
	v.Form = r.PostForm
	s.render(w, r, "privacy", status, v)
}

// privacyFailed answers a refused export or erasure: a query that matches
// no report shows the search's empty result (404), a wrong input the form.
func (s *Server) privacyFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errs.Is(err, errs.NotFound) {
		s.renderPrivacy(w, r, nil, http.StatusNotFound)
		return
	}
	s.formFailed(w, r, err, s.privacyForm)
}
