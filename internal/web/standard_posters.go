package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"mutu/internal/errs"
	"mutu/internal/report"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// The printed standards (issue #12) are public documents at stable
// addresses, linked from the public pages and the staff standards page:
//
//	/unit/{code}/layanan/{service}/poster.pdf  the standard of one service
//	/unit/{code}/maklumat.pdf                  the maklumat pelayanan
//	/unit/{code}/papan.pdf                     every service on one board
//
// each on A4, or A3 with ?ukuran=a3. Each shows what is in force when it
// is fetched; something not yet published is a 404 that says so.

// publicMaxAge is how long a cache may keep a printable, the widget or a
// service card: a newly published version reaches every copy within
// minutes (and a printable's ETag lets a browser revalidate for nothing).
const publicMaxAge = "public, max-age=300"

// paperOf reads ?ukuran= (a4 by default).
func paperOf(r *http.Request) (report.Paper, error) {
	switch p := report.Paper(strings.ToLower(r.URL.Query().Get("ukuran"))); p {
	case "":
		return report.A4, nil
	case report.A4, report.A3:
		return p, nil
	}
	return "", errs.New(errs.Invalid, "standard.err.paper")
}

// posterUnit reads the active unit of the path, the paper, and the unit's
// region line and signing place.
func (s *Server) posterUnit(r *http.Request) (u *unit.Unit, paper report.Paper, region, place string, err error) {
	if u, err = s.activeUnit(r); err != nil {
		return
	}
	if paper, err = paperOf(r); err != nil {
		return
	}
	path, err := s.db.RegionPath(r.Context(), u.RegionCode)
	if err != nil {
		return
	}
	if len(path) > 0 {
		region = path[len(path)-1].Name
	}
	return u, paper, region, report.SigningPlace(path), nil
}

// currentServiceStandard reads the active service {service} of u and its
// standard in force (nil while it has none), for the public page, the
// poster and the card of one service.
func (s *Server) currentServiceStandard(r *http.Request, u *unit.Unit) (*unit.Service, *standard.Version, error) {
	svc := findService(u, r.PathValue("service"))
	if svc == nil {
		return nil, nil, errs.New(errs.NotFound, "service.err.not_found", r.PathValue("service"))
	}
	cur, err := s.db.CurrentStandard(r.Context(), u.ID, svc.ID)
	return svc, cur, err
}

// servicePoster: GET /unit/{code}/layanan/{service}/poster.pdf?ukuran=a4|a3.
func (s *Server) servicePoster(w http.ResponseWriter, r *http.Request) {
	u, paper, region, _, err := s.posterUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc, cur, err := s.currentServiceStandard(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cur == nil {
		s.fail(w, r, errs.New(errs.NotFound, "standard.err.no_poster", svc.Name))
		return
	}
	base := s.baseURL(r)
	body, err := report.ServicePosterPDF(report.ServicePoster{Paper: paper, RegionName: region, UnitName: u.Name, ServiceName: svc.Name,
		Standard: *cur, StandardURL: base + "/unit/" + u.Code + "/layanan/" + svc.Code, SurveyURL: s.surveyURL(r, u, svc),
		ComplaintURL: base + "/pengaduan?unit=" + url.QueryEscape(u.Code) + "&layanan=" + url.QueryEscape(svc.Code)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendPoster(w, r, "standar-"+u.Code+"-"+svc.Code+"-"+string(paper)+".pdf", body)
}

// maklumatPoster: GET /unit/{code}/maklumat.pdf?ukuran=a4|a3.
func (s *Server) maklumatPoster(w http.ResponseWriter, r *http.Request) {
	u, paper, region, place, err := s.posterUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.db.Maklumat(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m == nil {
		s.fail(w, r, errs.New(errs.NotFound, "standard.err.no_maklumat_poster"))
		return
	}
	body, err := report.MaklumatPosterPDF(report.MaklumatPoster{Paper: paper, RegionName: region, UnitName: u.Name, Place: place,
		Maklumat: *m, UnitURL: s.baseURL(r) + "/unit/" + u.Code})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendPoster(w, r, "maklumat-"+u.Code+"-"+string(paper)+".pdf", body)
}

// standardBoard: GET /unit/{code}/papan.pdf?ukuran=a4|a3 — every active
// service with a standard in force, and the maklumat when it fits.
func (s *Server) standardBoard(w http.ResponseWriter, r *http.Request) {
	u, paper, region, place, err := s.posterUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.db.UnitStandards(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b := report.Board{Paper: paper, RegionName: region, UnitName: u.Name, Place: place, UnitURL: s.baseURL(r) + "/unit/" + u.Code}
	now := s.db.Now()
	for _, svc := range u.Services {
		if cur := standard.Current(all[svc.ID], now); svc.Active && cur != nil {
			b.Services = append(b.Services, report.BoardService{Name: svc.Name, Standard: *cur})
		}
	}
	if len(b.Services) == 0 {
		s.fail(w, r, errs.New(errs.NotFound, "standard.err.no_board"))
		return
	}
	if b.Maklumat, err = s.db.Maklumat(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := report.BoardPDF(b)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendPoster(w, r, "papan-standar-"+u.Code+"-"+string(paper)+".pdf", body)
}

// sendPoster answers with a printable PDF: shown in the browser, cached
// for a few minutes by anyone (it is public), revalidated by its ETag.
func sendPoster(w http.ResponseWriter, r *http.Request, name string, body []byte) {
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", publicMaxAge)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}
