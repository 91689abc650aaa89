package web

import (
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/report"
	"mutu/internal/unit"
)

// The digital kit (issue #12): the widget a unit embeds in its own website
// (GET /widget/unit/{code}, inserted by GET /widget.js) and the
// social-media card of a service's standard (GET …/layanan/{service}/kartu.png).
//
// The widget is the only thing other sites may frame. Its routes are on the
// widget surface: no session is loaded, so no cookie is ever written (a
// framed page that set one would be a third-party cookie, and a session
// cookie inside another site's page invites clickjacking), and its answers
// allow any ancestor (frame-ancestors *, no X-Frame-Options) where every
// other answer keeps frame-ancestors 'none'.

// widgetCSP is the page CSP with framing allowed by any site.
var widgetCSP = strings.Replace(pageCSP, "frame-ancestors 'none'", "frame-ancestors *", 1)

// allowFraming replaces the security headers observe set for a page with
// the widget's: any site may frame the answer.
func allowFraming(h http.Header) {
	h.Del("X-Frame-Options")
	h.Set("Content-Security-Policy", widgetCSP)
}

// widgetData is the page data of widget.html.
type widgetData struct {
	*unitPageData
	Service *unit.Service // the one service asked for (?layanan=), or nil: all
}

// widget: GET /widget/unit/{code}?layanan=CODE&lang=en — the unit's services
// with the time limit and fee of the standard in force, the latest IKM and
// mutu (the numbers of the public unit page, from the same function), and
// links that open Mutu in a new tab. Language by ?lang= (no cookie here).
func (s *Server) widget(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	var svc *unit.Service
	if code := r.URL.Query().Get("layanan"); err == nil && code != "" {
		if svc = findService(u, code); svc == nil {
			err = errs.New(errs.NotFound, "service.err.not_found", code)
		}
	}
	var d *unitPageData
	if err == nil {
		d, err = s.unitPageData(r, u)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if svc != nil {
		for _, ps := range d.Services {
			if ps.Service.ID == svc.ID {
				d.Services = []publicService{ps}
			}
		}
	}
	v := s.newView(r, "", &widgetData{unitPageData: d, Service: svc})
	v.Lang = i18n.ParseLang(r.URL.Query().Get("lang"))
	v.Title = v.T("widget.title") + ": " + u.Name
	out, err := s.execute("widget", "widget", v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Public figures, the same for everyone: shared caches may keep them
	// for five minutes, which spares Mutu a query per visitor of a busy
	// unit website and still shows a new standard soon after it applies.
	h.Set("Cache-Control", publicMaxAge)
	w.Write(out)
}

// WidgetLink is a Mutu path for a link out of the widget: in English, through
// the language switch, so the page opens in the widget's language.
func (v *view) WidgetLink(path string) string {
	if v.Lang == i18n.EN {
		return "/bahasa/en?next=" + url.QueryEscape(path)
	}
	return path
}

// widgetScript: GET /widget.js — the script a webmaster pastes. Readable
// by any site (CORS *, without credentials, so a page may load it with
// crossorigin and subresource integrity) and embeddable under a
// cross-origin embedder policy (CORP cross-origin).
func (s *Server) widgetScript(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(staticFiles, "widget.js")
	if err != nil {
		s.fail(w, r, errs.Wrap(err, "err.internal"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	w.Write(b)
}

// embedSnippet is the HTML a webmaster pastes to show a unit's widget:
// the script, and the iframe for sites that allow no script.
type embedSnippet struct {
	Script, IFrame string
}

// embedFor is u's snippet.
func (s *Server) embedFor(r *http.Request, u *unit.Unit) embedSnippet {
	base := s.baseURL(r)
	code := html.EscapeString(u.Code)
	return embedSnippet{
		Script: `<script src="` + base + `/widget.js" data-unit="` + code + `" async></script>`,
		IFrame: `<iframe src="` + base + `/widget/unit/` + html.EscapeString(url.PathEscape(u.Code)) + `" title="` +
			html.EscapeString(i18n.T(i18n.ID, "widget.title")+": "+u.Name) +
			`" width="100%" height="520" loading="lazy" style="border:1px solid #b1b4b6;max-width:32rem"></iframe>`,
	}
}

// serviceCard: GET /unit/{code}/layanan/{service}/kartu.png — the
// 1080×1080 image of the service's standard in force, for social media,
// in Indonesian; its QR code opens the service's public page. Not found
// while the service has no standard in force.
func (s *Server) serviceCard(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc, cur, err := s.currentServiceStandard(r, u)
	if err == nil && cur == nil {
		err = errs.New(errs.NotFound, "widget.err.no_standard", svc.Name)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := &view{Lang: i18n.ID}
	c := report.ServiceCard{UnitName: u.Name, ServiceName: svc.Name, TimeLimit: id.TimeLimit(cur.Content.Time), Fee: id.Fee(cur.Content.Fee),
		Version: cur.Number, DecreeNumber: cur.DecreeNumber, EffectiveFrom: cur.EffectiveFrom,
		URL: s.baseURL(r) + "/unit/" + u.Code + "/layanan/" + svc.Code}
	if path, err := s.db.RegionPath(r.Context(), u.RegionCode); err == nil && len(path) > 0 {
		c.RegionName = path[len(path)-1].Name
	}
	body, err := report.CardPNG(c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Content-Disposition", `inline; filename="standar-`+u.Code+"-"+svc.Code+`.png"`)
	h.Set("Cache-Control", publicMaxAge)
	w.Write(body)
}
