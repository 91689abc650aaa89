package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/open311"
	"mutu/internal/store"
	"mutu/internal/textcheck"
)

// pageTemplate is a page's template set: the layout plus the page's file.
type pageTemplate struct{ t *template.Template }

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"sub": func(a, b int) int { return a - b },
	"pct": func(part, whole int) int {
		if whole == 0 {
			return 0
		}
		return part * 100 / whole
	},
	"join":  strings.Join,
	"share": complaint.Share,
	"month": i18n.Month,
	"args":  func(v ...any) []any { return v },
	"add2":  func(a, b float64) float64 { return a + b },
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
}

// parsePages parses templates/layout.html with each page in templates/pages.
func parsePages() (map[string]*pageTemplate, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*pageTemplate{}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(assets, f)
		if err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(path.Base(f), ".html")] = &pageTemplate{t: t}
	}
	return out, nil
}

// view is what every page template receives.
type view struct {
	Lang      i18n.Lang
	Title     string
	User      *account.Principal
	Flash     string
	Path      string // current path and query, for the language switch
	RequestID string
	Status    int
	Form      url.Values        // submitted values, to refill a form
	Errors    map[string]string // translated message per field name
	// FieldErrors are the same messages for the error summary, each naming
	// its field in words; render puts them in the order of the form.
	FieldErrors []fieldError
	Labels      map[string]string   // names in words of fields the catalog does not know (survey questions)
	Choices     map[string][]choice // the options of a field's picker (pickers.go)
	ErrorList   []string            // translated messages not tied to a field
	Unread      int                 // the signed-in user's unread notifications (staff header)
	Data        any
	rules       map[string]rule // the route table's rules by pattern (Allowed)
	refilled    bool            // Form holds a refused POST's input (defaults leaves it)
	row         string          // the table row whose refused form is shown again (formFailedRow)
	rowForm     url.Values      // that row's input
}

// T translates a catalog key into the page's language.
func (v *view) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// Int formats an integer the Indonesian way (1.234).
func (v *view) Int(n int) string { return i18n.Int(v.Lang, int64(n)) }

// Int64 formats an int64 the Indonesian way.
func (v *view) Int64(n int64) string { return i18n.Int(v.Lang, n) }

// Dec formats a number with fixed decimals (87,28).
func (v *view) Dec(x float64, places int) string { return i18n.Decimal(v.Lang, x, places) }

// Date formats a date in Asia/Jakarta (23 Nov 2026).
func (v *view) Date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.Date(v.Lang, t)
}

// DateTime formats a time in Asia/Jakarta (23 Nov 2026 14.05 WIB).
func (v *view) DateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return i18n.DateTime(v.Lang, t)
}

// Val returns a submitted form value.
func (v *view) Val(name string) string { return v.Form.Get(name) }

// Allowed reports whether the route table lets the user call the route
// with this pattern ("GET /kelola/audit"): templates show a link exactly
// when following it would not be refused. An unknown pattern fails the
// page, so a renamed route cannot leave a link behind silently.
func (v *view) Allowed(pattern string) (bool, error) {
	rl, ok := v.rules[pattern]
	if !ok {
		return false, fmt.Errorf("no route %q", pattern)
	}
	if rl.roles == nil {
		return true, nil
	}
	return v.User != nil && v.User.Is(rl.roles...), nil
}

// RoleName is the translated name of a role.
func (v *view) RoleName(r account.Role) string { return v.T("role." + string(r)) }

const (
	sessionUserID = "uid"
	sessionEpoch  = "epoch" // the user's session epoch at sign-in (account.User.SessionEpoch)
	sessionFlash  = "flash"
)

// lang is the request's language: the one chosen with the language switch
// (a cookie), else Indonesian. Browser preferences are not followed: many
// phones in Indonesia are set to English, and Mutu speaks Indonesian first.
// API clients may ask for English with Accept-Language.
func lang(r *http.Request) i18n.Lang {
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.ParseLang(c.Value)
	}
	if wantsJSON(r) && strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "en") {
		return i18n.EN
	}
	return i18n.ID
}

func (s *Server) newView(r *http.Request, title string, data any) *view {
	v := &view{Lang: lang(r), User: principal(r), Path: r.URL.RequestURI(), RequestID: requestID(r), Data: data, Form: url.Values{}, rules: s.rules}
	v.Title = v.T(title)
	refused(r, v)
	if v.User != nil {
		v.Unread = s.unreadCount(r)
	}
	return v
}

// render writes a page, buffered so that a template error becomes a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, v *view) {
	if _, ok := s.pages[name]; !ok {
		s.fail(w, r, errs.Wrap(errors.New("no page template "+name), "err.internal"))
		return
	}
	if v.Flash == "" && info(r).session {
		if key := s.sessions.PopString(r.Context(), sessionFlash); key != "" {
			v.Flash = v.T(key)
		}
	}
	if status == http.StatusOK {
		status = refusedStatus(r, status)
	}
	v.Status = status
	out, err := s.execute(name, "layout.html", v)
	if err == nil && len(v.FieldErrors) > 0 {
		// The summary takes the order of the inputs on the rendered page.
		orderFieldErrors(v, out)
		out, err = s.execute(name, "layout.html", v)
	}
	if err != nil {
		s.log.Error("render", "request_id", requestID(r), "page", name, "err", err)
		http.Error(w, "Terjadi kesalahan / Internal error: "+requestID(r), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8") // no-store: set for every response in observe
	w.WriteHeader(status)
	w.Write(out)
}

// renderFragment writes one named template of a page (for htmx requests).
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, page, name string, v *view) {
	body, err := s.execute(page, name, v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request")
	w.Write(body)
}

// execute runs one named template of a page into a buffer, so that an error
// leaves the response untouched for fail.
func (s *Server) execute(page, name string, v *view) ([]byte, error) {
	p, ok := s.pages[page]
	if !ok {
		return nil, errs.Wrap(errors.New("no page template "+page), "err.internal")
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, name, v); err != nil {
		return nil, errs.Wrap(err, "err.internal")
	}
	return buf.Bytes(), nil
}

// flash stores a message key shown once on the next page.
func (s *Server) flash(r *http.Request, key string) { s.sessions.Put(r.Context(), sessionFlash, key) }

// redirect answers a successful POST (Post/Redirect/Get).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// statusOf maps an error code to an HTTP status: the one place this happens.
func statusOf(code errs.Code) int {
	switch code {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// retryUnavailable is the Retry-After, in seconds, of a 503: long enough
// for a database restart or a failover, short enough for a citizen waiting.
const retryUnavailable = "30"

// parseForm parses a posted form; a malformed or oversized body, or a
// field that is not plain text, is the client's error (422 or 413), never a
// 500.
func parseForm(r *http.Request) error {
	err := r.ParseForm()
	if err == nil {
		return checkForm(r)
	}
	if e := appError(err); e.Code == errs.TooLarge {
		return e
	}
	return &errs.Error{Code: errs.Invalid, Key: "err.bad_form", Err: err}
}

// appError turns any error into an *errs.Error: an unreachable or full
// database becomes Unavailable (store.Unavailable), oversized bodies
// TooLarge, unknown errors Internal.
func appError(err error) *errs.Error {
	e, ok := errs.As(err)
	if !ok || e.Code == errs.Internal {
		if u := store.Unavailable(err); u != nil {
			return u
		}
	}
	if ok {
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || strings.Contains(err.Error(), "request body too large") {
		return &errs.Error{Code: errs.TooLarge, Key: "err.too_large", Err: err}
	}
	if store.IsTextRefused(err) {
		return &errs.Error{Code: errs.Invalid, Key: "err.text_refused", Err: err}
	}
	return &errs.Error{Code: errs.Internal, Key: "err.internal", Err: err}
}

// fail answers a request with an error in its route's format (surface.go):
// JSON for the API, a GeoReport error list for Open311, a page otherwise.
// Internal errors are logged with the request id; users see a plain message.
// An anonymous visitor who needs to sign in is sent to the sign-in page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if surfaceOf(r).errors == errorGeoReport {
		_, format, _ := open311.Split(r.URL.Path)
		s.o311Fail(w, r, format, err)
		return
	}
	e := appError(err)
	status := statusOf(e.Code)
	if status >= 500 {
		s.log.Error("request failed", "request_id", requestID(r), "err", err)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryUnavailable)
	}
	l := lang(r)
	if wantsJSON(r) {
		writeJSON(w, status, apiError(l, e))
		return
	}
	if e.Code == errs.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/masuk?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	v := s.newView(r, "err.title", nil)
	v.ErrorList = []string{i18n.T(l, e.Key, e.Args...)}
	for _, f := range e.Fields {
		v.ErrorList = append(v.ErrorList, fieldMessage(l, f))
	}
	s.render(w, r, "error", status, v)
}

// fieldMessage renders one field problem: "Baris 3, region_code: …".
func fieldMessage(l i18n.Lang, f errs.Field) string {
	msg := i18n.T(l, f.Key, f.Args...)
	if f.Value != "" {
		msg += " (" + f.Value + ")"
	}
	if f.Row > 0 {
		return i18n.T(l, "import.row", f.Row, f.Name) + ": " + msg
	}
	return msg
}

// formErrors puts an error's field messages on the view; it leaves the
// view alone for errors that are not about the input.
func formErrors(v *view, err error) {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid && e.Code != errs.Conflict && e.Code != errs.TooLarge {
		return
	}
	v.Errors = map[string]string{}
	if slices.ContainsFunc(e.Fields, func(f errs.Field) bool { return f.Row > 0 }) {
		// A file's problems by line: first what happened to the file.
		v.ErrorList = append(v.ErrorList, i18n.T(v.Lang, e.Key, e.Args...))
	}
	for _, f := range e.Fields {
		if f.Row > 0 {
			v.ErrorList = append(v.ErrorList, fieldMessage(v.Lang, f))
			continue
		}
		if _, dup := v.Errors[f.Name]; !dup {
			msg := i18n.T(v.Lang, f.Key, f.Args...)
			v.Errors[f.Name] = msg
			v.FieldErrors = append(v.FieldErrors, fieldError{Name: f.Name, Msg: msg})
		}
	}
	if len(e.Fields) == 0 {
		v.ErrorList = append(v.ErrorList, i18n.T(v.Lang, e.Key, e.Args...))
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

type apiFieldError struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

type apiErrorBody struct {
	Error struct {
		Code    errs.Code       `json:"code"`
		Message string          `json:"message"`
		Fields  []apiFieldError `json:"fields,omitempty"`
	} `json:"error"`
}

func apiError(l i18n.Lang, e *errs.Error) apiErrorBody {
	var b apiErrorBody
	b.Error.Code = e.Code
	b.Error.Message = i18n.T(l, e.Key, e.Args...)
	for _, f := range e.Fields {
		b.Error.Fields = append(b.Error.Fields, apiFieldError{Row: f.Row, Field: f.Name, Message: i18n.T(l, f.Key, f.Args...)})
	}
	return b
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.New(errs.NotFound, "err.not_found"))
}

var staticHandler = http.StripPrefix("/static/", http.FileServerFS(staticFiles))

// static serves the embedded files; a directory is not found (no listing
// of what the binary carries).
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	if fi, err := fs.Stat(staticFiles, strings.TrimPrefix(r.URL.Path, "/static/")); err != nil || fi.IsDir() {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	if strings.HasSuffix(r.URL.Path, ".webmanifest") { // not in Go's MIME table
		w.Header().Set("Content-Type", "application/manifest+json")
	}
	staticHandler.ServeHTTP(w, r)
}

// setLanguage stores the chosen language and returns to the page.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	l := i18n.ParseLang(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	redirect(w, r, localPath(r.URL.Query().Get("next")))
}

// localPath returns p if it is a path on this site, "/" otherwise: the one
// check of every redirect target a request supplies (no open redirects).
func localPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

// isLocalPath: p starts with exactly one "/", has no backslash (browsers
// read "/\evil" as "//evil"), no whitespace or control character anywhere
// (browsers drop tabs and line breaks, so "/\t/evil" is "//evil"), and
// parses as a URL with neither scheme nor host. Its path, percent-decoded
// once, must pass the same checks, so that "/%2F%2Fevil" or "/%5Cevil"
// cannot become an off-site address behind a decoding proxy.
func isLocalPath(p string) bool {
	for range 2 {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") || textcheck.Line(p) != textcheck.OK {
			return false
		}
		for _, r := range p {
			if unicode.IsSpace(r) {
				return false
			}
		}
		u, err := url.Parse(p)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
			return false
		}
		if p, err = url.PathUnescape(u.EscapedPath()); err != nil {
			return false
		}
	}
	return true
}
