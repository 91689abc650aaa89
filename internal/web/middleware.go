package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	requestIDKey
	infoKey
)

// reqInfo carries what inner handlers learn back out to observe: the
// matched route and the signed-in user, for logs and metrics.
type reqInfo struct {
	route   string
	pattern string  // the mux pattern the request matches (classify)
	surface surface // the route's surface (classify), zero before it is known
	userID  string
	session bool // the session is loaded (inside sessions.LoadAndSave)
}

func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return i
	}
	return &reqInfo{}
}

// principal returns the signed-in user of r, or nil.
func principal(r *http.Request) *account.Principal {
	p, _ := r.Context().Value(principalKey).(*account.Principal)
	return p
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// actor is who r acts as, for the audit log.
func (s *Server) actor(r *http.Request) audit.Actor {
	a := audit.Actor{IP: s.clientIP(r), RequestID: requestID(r)}
	if p := principal(r); p != nil {
		a.UserID, a.Name = p.UserID, p.Username
	}
	return a
}

// statusWriter records the status code for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pageCSP is every answer's content security policy; only the widget's
// allow other sites to frame them (allowFraming).
const pageCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// observe gives each request an id, sets security and caching headers, recovers panics
// (a 500 with the id, never a dropped connection), and logs and counts the
// request. Query strings are never logged: they may carry personal data.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		ri := &reqInfo{route: "unmatched"}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		r = r.WithContext(context.WithValue(ctx, infoKey, ri))
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", pageCSP)
		// Nothing is stored by browsers or proxies unless the handler says
		// it is public (static files, QR codes, posters): pages, exports,
		// fragments and API answers may depend on a session or carry
		// personal data, and a handler that forgets must not leak.
		h.Set("Cache-Control", "no-store")
		if s.cfg.SecureCookies {
			// Served over HTTPS only (MUTU_COOKIE_SECURE=1): browsers must
			// never try plain HTTP, where the cookie would not be sent anyway.
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "Terjadi kesalahan / Internal error: "+id, http.StatusInternalServerError)
				}
			}
			route := ri.route
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			dur := time.Since(start)
			s.metrics.observe(route, r.Method, status, dur)
			attrs := []any{"request_id", id, "method", r.Method, "path", redactPath(r.URL.Path), "route", route,
				"status", status, "bytes", sw.bytes, "duration_ms", float64(dur.Microseconds()) / 1000}
			if ri.userID != "" {
				attrs = append(attrs, "user_id", ri.userID)
			}
			s.log.Info("request", attrs...)
		}()
		next.ServeHTTP(sw, r)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// authenticate loads the signed-in user from the session. A user that was
// deactivated since signing in, or whose password changed since (a newer
// session epoch), is signed out.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info(r).session = true
		uid := s.sessions.GetString(r.Context(), sessionUserID)
		if uid == "" {
			next.ServeHTTP(w, r)
			return
		}
		u, err := s.db.UserByID(r.Context(), uid)
		if errs.Is(err, errs.NotFound) || err == nil && (!u.Active || s.sessions.GetInt(r.Context(), sessionEpoch) != u.SessionEpoch) {
			s.sessions.Destroy(r.Context())
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := account.PrincipalOf(u)
		info(r).userID = p.UserID
		r = r.WithContext(context.WithValue(r.Context(), principalKey, p))
		// Until a new password is set, only the password page and sign-out are open.
		if u.MustChangePassword && r.URL.Path != "/akun/sandi" && r.URL.Path != "/keluar" {
			http.Redirect(w, r, "/akun/sandi", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guard enforces a route's rule and the public rate limit.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info(r).route = rt.pattern
		if rt.limited {
			v := s.public.take(r.Context(), s.clientIP(r), s.db.Now())
			rateLimitHeaders(w.Header(), v)
			if !v.ok {
				s.fail(w, r, errs.New(errs.RateLimited, "err.rate_limited"))
				return
			}
		}
		switch {
		case rt.rule.name == ops.name:
			if !s.opsAllowed(r) {
				s.fail(w, r, errs.New(errs.Forbidden, "err.forbidden"))
				return
			}
		case rt.rule.roles != nil:
			p := principal(r)
			if p == nil {
				s.fail(w, r, errs.New(errs.Unauthorized, "err.unauthorized"))
				return
			}
			if !p.Is(rt.rule.roles...) {
				s.fail(w, r, errs.New(errs.Forbidden, "err.forbidden"))
				return
			}
		}
		if s.db.HasReplica() {
			w, r = s.readYourWrites(rt, w, r) // replica.go
		}
		rt.handler(w, r)
	})
}

// opsAllowed: with a metrics token configured, the request must carry it;
// without one, only loopback clients (a local Prometheus or an SSH tunnel).
func (s *Server) opsAllowed(r *http.Request) bool {
	if s.cfg.MetricsToken != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		return subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) == 1
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.New(errs.Forbidden, "err.cross_origin"))
}

// redactPath is a request path as the access log may record it: a segment
// that reads as a tracking code (the reporter's links, /lacak/{code}/…,
// however the path is spelled) is the reporter's password and becomes
// "•••". Staff pages address reports by number, which stays.
func redactPath(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if complaint.ValidCode(complaint.NormalizeCode(seg)) {
			segs[i] = "•••"
		}
	}
	return strings.Join(segs, "/")
}
