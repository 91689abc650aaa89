package web

// The survey kiosk: a tablet at a unit's counter, registered by the unit's
// operator, that keeps taking survey responses when the network is down.
//
// Registration shows the device's secret token once, inside the URL
// fragment of the kiosk link (/kiosk/{code}#t=TOKEN): a fragment never
// reaches the server's logs or a Referer header. The kiosk script keeps it
// in localStorage. The kiosk page itself holds no secret and is public; it
// embeds the questionnaire as JSON so that the script can run without the
// network. Every finished response goes into an IndexedDB queue first and is
// then posted to the JSON API with the token and a per-response
// Idempotency-Key, so a retried sync never stores a response twice
// (static/kiosk.js). A service worker scoped to /kiosk/ keeps the page and
// its assets for offline reloads (static/kiosk-sw.js).

import (
	"encoding/json"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/unit"
)

// Kiosk timing: how long the thank-you screen stays, and how long a
// half-finished survey may sit untouched before the kiosk starts over.
const (
	kioskThanksSeconds = 5
	kioskIdleSeconds   = 60
	maxKioskName       = 100
)

// kioskTextKeys are the catalog messages the kiosk script shows, embedded in
// both languages so that the kiosk can switch language offline. Messages
// with %d are filled in by the script.
var kioskTextKeys = []string{
	"kiosk.start_lead", "kiosk.start", "kiosk.progress", "kiosk.back",
	"kiosk.thanks_text", "kiosk.done", "kiosk.pending", "kiosk.offline", "kiosk.token_rejected",
	"kiosk.not_registered_title", "kiosk.not_registered", "kiosk.save_error", "kiosk.scale_hint",
	"survey.service", "survey.which_service", "survey.service_unknown", "survey.about_you", "survey.about_you_hint",
	"survey.age", "survey.sex", "survey.education", "survey.occupation", "survey.saran", "survey.optional",
	"survey.submit", "survey.privacy", "survey.thanks_title", "skm.err.age",
}

// kioskText is a message in each language.
type kioskText map[i18n.Lang]string

func kioskTextOf(key string) kioskText {
	out := kioskText{}
	for _, l := range i18n.Langs {
		out[l] = i18n.T(l, key)
	}
	return out
}

// kioskOption is one choice of a profile field or a service.
type kioskOption struct {
	Code  string    `json:"code"`
	Label kioskText `json:"label"`
}

// kioskElement is one question of the instrument with its four answers
// (scores 1–4).
type kioskElement struct {
	Code     string       `json:"code"`
	Question kioskText    `json:"question"`
	Labels   [4]kioskText `json:"labels"`
}

// kioskData is the JSON the kiosk page embeds for its script.
type kioskData struct {
	Unit        string                          `json:"unit"` // unit code
	Name        string                          `json:"name"`
	API         string                          `json:"api"`       // where responses are posted
	Scope       string                          `json:"scope"`     // the service worker's scope
	Worker      string                          `json:"worker"`    // the service worker's script
	Cache       []string                        `json:"cache"`     // what the service worker keeps for offline use
	Survey      string                          `json:"survey"`    // the ordinary survey page, for a kiosk without a token
	Langs       []i18n.Lang                     `json:"langs"`     // Indonesian first
	LangNames   map[i18n.Lang]string            `json:"lang_name"` // each language's own name
	Elements    []kioskElement                  `json:"elements"`
	Services    []kioskOption                   `json:"services"`
	Questions   []kioskQuestion                 `json:"questions"` // the unit's own optional questions
	Sexes       []kioskOption                   `json:"sexes"`
	Educations  []kioskOption                   `json:"educations"`
	Occupations []kioskOption                   `json:"occupations"`
	Text        map[i18n.Lang]map[string]string `json:"text"`
	ThanksAfter int                             `json:"thanks_seconds"`
	IdleAfter   int                             `json:"idle_seconds"`
	MaxSaran    int                             `json:"max_saran"`
	MaxExtra    int                             `json:"max_extra"`
}

// kioskQuestion is one of the unit's own questions; the kiosk answers it by code.
type kioskQuestion struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// kioskPageData is what the kiosk template receives.
type kioskPageData struct {
	Unit *unit.Unit
	JSON kioskData
}

func kioskOptions(opts []skm.Option, key string) []kioskOption {
	out := make([]kioskOption, len(opts))
	for i, o := range opts {
		out[i] = kioskOption{Code: o.Code, Label: kioskText{i18n.ID: o.Label, i18n.EN: o.Label}}
		if key != "" {
			out[i].Label = kioskTextOf(key + o.Code)
		}
	}
	return out
}

// kioskPage: GET /kiosk/{code}, the full-screen survey for a counter tablet.
func (s *Server) kioskPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, qs, err := s.questionnaire(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := "/kiosk/" + u.Code
	d := kioskData{Unit: u.Code, Name: u.Name, API: "/api/v1/units/" + url.PathEscape(u.Code) + "/responses",
		Scope: "/kiosk/", Worker: "/kiosk/sw.js", Cache: []string{base, base + "/manifest.webmanifest"}, Survey: "/s/" + u.Code,
		Langs: i18n.Langs, LangNames: map[i18n.Lang]string{i18n.ID: "Bahasa Indonesia", i18n.EN: "English"},
		Sexes: kioskOptions(skm.Sexes, "skm.sex."), Educations: kioskOptions(skm.Educations, ""), Occupations: kioskOptions(skm.Occupations, "skm.occ."),
		Questions: []kioskQuestion{}, Services: []kioskOption{}, Text: map[i18n.Lang]map[string]string{},
		ThanksAfter: kioskThanksSeconds, IdleAfter: kioskIdleSeconds, MaxSaran: skm.MaxSaran, MaxExtra: skm.MaxExtra}
	for _, e := range in.Elements {
		k := kioskElement{Code: e.Code, Question: kioskText{i18n.ID: e.Question, i18n.EN: e.NameEN}}
		en := e.LabelsIn(true)
		for i := range k.Labels {
			k.Labels[i] = kioskText{i18n.ID: e.Labels[i], i18n.EN: en[i]}
		}
		d.Elements = append(d.Elements, k)
	}
	for _, sv := range u.Services {
		if sv.Active {
			d.Services = append(d.Services, kioskOption{Code: sv.Code, Label: kioskText{i18n.ID: sv.Name, i18n.EN: sv.Name}})
		}
	}
	for _, q := range qs {
		d.Questions = append(d.Questions, kioskQuestion{Code: q.Code, Text: q.Text})
	}
	for _, l := range i18n.Langs {
		d.Text[l] = map[string]string{}
		for _, k := range kioskTextKeys {
			d.Text[l][k] = i18n.T(l, k)
		}
	}
	v := s.newView(r, "kiosk.title", &kioskPageData{Unit: u, JSON: d})
	v.Lang = i18n.ID // a kiosk greets every respondent in Indonesian; its own switch offers English
	v.Title = v.T("kiosk.title") + " — " + u.Name
	body, err := s.execute("kiosk", "kiosk-page", v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache") // the service worker keeps its own copy for offline use
	h.Set("X-Robots-Tag", "noindex")
	w.Write(body)
}

// kioskServiceWorker: GET /kiosk/sw.js. Served from /kiosk/ so that its
// default scope is /kiosk/ (no Service-Worker-Allowed header needed).
func (s *Server) kioskServiceWorker(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(staticFiles, "kiosk-sw.js")
	if err != nil {
		s.fail(w, r, errs.Wrap(err, "err.internal"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache") // browsers look for a new worker on every check
	w.Write(b)
}

// kioskManifest: GET /kiosk/{code}/manifest.webmanifest, so that "add to home
// screen" opens the kiosk full screen.
func (s *Server) kioskManifest(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := map[string]any{
		"name": "Mutu — " + i18n.T(i18n.ID, "kiosk.title") + " " + u.Name, "short_name": "Kios SKM", "lang": "id",
		"start_url": "/kiosk/" + u.Code, "scope": "/kiosk/", "display": "fullscreen", "orientation": "any",
		"background_color": "#ffffff", "theme_color": "#0b4f6c",
	}
	b, err := json.Marshal(m)
	if err != nil {
		s.fail(w, r, errs.Wrap(err, "err.internal"))
		return
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// kioskRegistered is the one page that shows a new kiosk's token.
type kioskRegistered struct {
	Unit    *unit.Unit
	Name    string
	Service *unit.Service
	Link    string // path and fragment: /kiosk/{code}#t=TOKEN
	URL     string // the absolute link
	QR      template.HTML
}

// registerKiosk: POST /kelola/skm/unit/{code}/kiosk. The token is shown on
// this response only (no redirect: it is never stored in clear).
func (s *Server) registerKiosk(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	name := strings.Join(strings.Fields(r.PostForm.Get("name")), " ")
	var fs []errs.Field
	if name == "" || utf8.RuneCountInString(name) > maxKioskName {
		fs = append(fs, errs.Field{Name: "name", Key: "kiosk.err.name", Args: []any{maxKioskName}})
	}
	var svc *unit.Service
	if code := r.PostForm.Get("service"); code != "" {
		if svc = findService(u, code); svc == nil {
			fs = append(fs, errs.Field{Name: "service", Key: "service.err.not_found", Args: []any{code}})
		}
	}
	if err := errs.Fields("err.form", fs); err != nil {
		s.formFailed(w, r, err, s.unitSKMPageAgain)
		return
	}
	svcID := ""
	frag := url.Values{}
	if svc != nil {
		svcID = svc.ID
		frag.Set("s", svc.Code)
	}
	_, token, err := s.db.CreateKiosk(r.Context(), s.actor(r), u.ID, u.RegionCode, name, svcID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	frag.Set("t", token)
	d := &kioskRegistered{Unit: u, Name: name, Service: svc, Link: "/kiosk/" + u.Code + "#" + frag.Encode()}
	d.URL = s.baseURL(r) + d.Link
	if svg, err := report.QRSVG(d.URL); err == nil {
		d.QR = template.HTML(svg) // built by our own code; the URL inside is escaped
	} else {
		s.log.Warn("kiosk QR code", "request_id", requestID(r), "err", err)
	}
	v := s.newView(r, "kiosk.registered_title", d)
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, "kiosk_registered", http.StatusCreated, v)
}

// revokeKiosk: POST /kelola/skm/unit/{code}/kiosk/{id}/cabut with
// confirmed=1: a revoked kiosk cannot be brought back (its token is gone).
func (s *Server) revokeKiosk(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	if r.PostForm.Get("confirmed") != "1" {
		s.formFailedRow(w, r, errUnconfirmed(), r.PathValue("id"), s.unitSKMPageAgain)
		return
	}
	if err := s.db.RevokeKiosk(r.Context(), s.actor(r), u.ID, u.RegionCode, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "kiosk.revoked_flash")
	redirect(w, r, "/kelola/skm/unit/"+u.Code+"#kios")
}

// KioskTime reads a kiosk's stored registration time, for the dashboard.
func (d *unitSKM) KioskTime(stored string) time.Time {
	t, _ := clock.Parse(stored)
	return t
}
