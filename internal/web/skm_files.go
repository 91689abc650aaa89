package web

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/unit"
)

// baseURL is the public address of this Mutu, for links printed on paper,
// mailed or opened on another device (a kiosk): the configured one
// (MUTU_BASE_URL, else the listen address). Never the request's Host
// header: anyone can send any Host, and a poster or e-mail built from it
// would point people at another site. r is kept for the callers.
func (s *Server) baseURL(*http.Request) string {
	return strings.TrimRight(s.cfg.BaseURL, "/")
}

// surveyURL is the short survey link of a unit or one of its services.
func (s *Server) surveyURL(r *http.Request, u *unit.Unit, svc *unit.Service) string {
	link := s.baseURL(r) + "/s/" + u.Code
	if svc != nil {
		link += "/" + svc.Code
	}
	return link
}

// qrTarget reads the unit in the path and the optional ?layanan= service.
func (s *Server) qrTarget(r *http.Request) (*unit.Unit, *unit.Service, error) {
	u, err := s.activeUnit(r)
	if err != nil {
		return nil, nil, err
	}
	code := r.URL.Query().Get("layanan")
	if code == "" {
		return u, nil, nil
	}
	svc := findService(u, code)
	if svc == nil {
		return nil, nil, errs.New(errs.NotFound, "service.err.not_found", code)
	}
	return u, svc, nil
}

// qrCode: GET /qr/{code}?format=png|svg&layanan=CODE&ukuran=PX: the
// survey of the unit (or of one service); with untuk=pengaduan, the
// complaint form about the unit instead.
func (s *Server) qrCode(w http.ResponseWriter, r *http.Request) {
	u, svc, err := s.qrTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	link := s.surveyURL(r, u, svc)
	name := "qr-" + u.Code
	if svc != nil {
		name += "-" + svc.Code
	}
	switch r.URL.Query().Get("untuk") {
	case "", "survei":
	case "pengaduan":
		link, name = s.baseURL(r)+"/pengaduan?unit="+url.QueryEscape(u.Code), "qr-pengaduan-"+u.Code
	default:
		s.fail(w, r, errs.New(errs.Invalid, "skm.err.qr_target"))
		return
	}
	var body []byte
	switch r.URL.Query().Get("format") {
	case "svg":
		body, err = report.QRSVG(link)
		w.Header().Set("Content-Type", "image/svg+xml")
		name += ".svg"
	case "", "png":
		size := 512
		if v := r.URL.Query().Get("ukuran"); v != "" {
			if size, err = strconv.Atoi(v); err != nil || size < 64 || size > 2048 {
				s.fail(w, r, errs.New(errs.Invalid, "skm.err.qr_size"))
				return
			}
		}
		body, err = report.QRPNG(link, size)
		w.Header().Set("Content-Type", "image/png")
		name += ".png"
	default:
		s.fail(w, r, errs.New(errs.Invalid, "skm.err.qr_format"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(body)
}

// poster: GET /poster/{code}?layanan=CODE — the A4 PDF for the counter.
func (s *Server) poster(w http.ResponseWriter, r *http.Request) {
	u, svc, err := s.qrTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	link := s.surveyURL(r, u, svc)
	p := report.Poster{UnitName: u.Name, URL: link, ShortURL: strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://")}
	if svc != nil {
		p.ServiceName = svc.Name
	}
	if path, err := s.db.RegionPath(r.Context(), u.RegionCode); err == nil {
		p.RegionName = path[len(path)-1].Name
	}
	body, err := report.PosterPDF(p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="poster-skm-`+u.Code+`.pdf"`)
	w.Write(body)
}

// surveyReport: GET /kelola/skm/unit/{code}/laporan?p=…&format=pdf|xlsx.
func (s *Server) surveyReport(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rng, label, err := s.period(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := report.Assemble(r.Context(), s.db, u, rng, label, s.db.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	var body []byte
	switch format {
	case "xlsx":
		body, err = report.LaporanXLSX(rep)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	case "", "pdf":
		format = "pdf"
		body, err = report.LaporanPDF(rep)
		w.Header().Set("Content-Type", "application/pdf")
	default:
		s.fail(w, r, errs.New(errs.Invalid, "skm.err.report_format"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "laporan-skm-" + u.Code + "-" + strings.ReplaceAll(strings.ToLower(label), " ", "-") + "." + format
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(body)
}

func (s *Server) paperImportForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "skm_import", http.StatusOK, s.paperImportView(r, u))
}

func (s *Server) paperImportView(r *http.Request, u *unit.Unit) *view {
	in, _ := s.db.Instrument(r.Context(), skm.Current)
	v := s.newView(r, "skm.import_title", map[string]any{"Unit": u, "Header": strings.Join(skm.PaperHeader(in), ",")})
	return v
}

// paperImport stores a paper-survey file: every row or none.
func (s *Server) paperImport(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, skm.MaxPaperXLSXBytes+1<<20)
	n, err := s.importPaperUpload(r, u)
	if err != nil {
		s.formFailed(w, r, err, s.paperImportForm)
		return
	}
	v := s.paperImportView(r, u)
	v.Flash = i18n.T(v.Lang, "skm.import_done", n, u.Name)
	s.render(w, r, "skm_import", http.StatusOK, v)
}

func (s *Server) importPaperUpload(r *http.Request, u *unit.Unit) (int, error) {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		if e := appError(err); e.Code == errs.TooLarge {
			return 0, e
		}
		return 0, errs.InvalidField("file", "import.err.no_file")
	}
	defer file.Close()
	if err := checkForm(r); err != nil {
		return 0, err
	}
	order := skm.Order(r.FormValue("order"))
	if order == "" {
		order = skm.PermenOrder
	}
	if order != skm.PermenOrder && order != skm.QuestionnaireOrder {
		return 0, errs.InvalidField("order", "skm.err.order")
	}
	imp := skm.PaperImport{Actor: s.actor(r), UnitID: u.ID, Services: u.ServiceIndex(), Order: order, Now: s.db.Now()}
	if code := r.FormValue("service"); code != "" {
		svc := u.ServiceByCode(code)
		if svc == nil {
			return 0, errs.InvalidField("service", "service.err.not_found", code)
		}
		imp.DefaultServiceID = svc.ID
	}
	// An .xlsx file is a zip archive: tell by content, not by name.
	head := make([]byte, 4)
	n, _ := file.Read(head)
	imp.XLSX = bytes.Equal(head[:n], []byte("PK\x03\x04")) || strings.HasSuffix(strings.ToLower(hdr.Filename), ".xlsx")
	rest := append([]byte(nil), head[:n]...)
	return skm.ImportPaper(r.Context(), s.db, imp, io.MultiReader(bytes.NewReader(rest), file))
}
