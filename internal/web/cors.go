package web

import (
	"net/http"
	"strings"

	"mutu/internal/errs"
)

// corsExposed are the response headers a page on another site may read
// besides the safelisted ones: the rate limit's state and the request id
// to quote when reporting a problem.
const corsExposed = "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, X-Request-Id"

// cors lets pages on other sites (a city's own dashboard) read the public
// GET endpoints of the API and Open311, and answers their preflight
// requests. Those answers are public and asked for without credentials:
// Access-Control-Allow-Origin is *, never with credentials. Posts, pages and
// everything with a session get no CORS headers, so browsers keep other
// sites from reading them.
func (s *Server) cors(mux *http.ServeMux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !machineSurface(r) {
				next.ServeHTTP(w, r) // pages and the rest: no CORS
				return
			}
			switch {
			case (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.publicRead(info(r).pattern):
				h := w.Header()
				h.Set("Access-Control-Allow-Origin", "*")
				h.Set("Access-Control-Expose-Headers", corsExposed)
			case r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "":
				s.preflight(w, r, mux)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// preflight answers a browser asking whether a page on another site may
// call an address of the API or Open311: yes for reading a public route;
// no for anything else. Posts come from servers, kiosks and apps, not from
// other sites' pages: they are refused plainly, without CORS headers, so
// the browser stops there.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) {
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	_, pattern := mux.Handler(get)
	asked := r.Header.Get("Access-Control-Request-Method")
	if asked != http.MethodGet && asked != http.MethodHead || !s.publicRead(pattern) {
		s.fail(w, r, errs.New(errs.Forbidden, "err.cross_origin"))
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language") // the language of names and messages
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// publicRead reports whether pattern, the route a GET reaches (for a GET
// or HEAD, the one classify found), is a route of the API or Open311 that
// anyone may call: what a preflight asks about, and what a GET's answer may
// be shared for.
func (s *Server) publicRead(pattern string) bool {
	rl, ok := s.rules[pattern]
	return ok && strings.HasPrefix(pattern, "GET ") && rl.roles == nil &&
		(rl.surface.name == apiSurface.name || rl.surface.name == open311Surface.name)
}

// machineSurface: r is for the API or Open311 (machines' surfaces, which
// never carry a session).
func machineSurface(r *http.Request) bool {
	name := surfaceOf(r).name
	return name == apiSurface.name || name == open311Surface.name
}
