package web

import (
	"net/http"
	"strings"
)

// surface is whom a route talks to. It decides what happens around the
// handler: whether the session is loaded, the format errors come in, and
// whether posts from other origins are let through. A route's surface comes
// with its rule (routes.go); nothing else looks at the path to decide.
type surface struct {
	name        string
	session     bool        // the session store is loaded (and its cookie written)
	errors      errorFormat // how fail answers
	crossOrigin bool        // unsafe methods from other origins pass: no cookie to forge
	framed      bool        // other sites may frame it (the widget: allowFraming)
}

type errorFormat int

const (
	errorHTML      errorFormat = iota // an error page (JSON if the client accepts nothing else)
	errorJSON                         // the API's {"error": …}
	errorGeoReport                    // Open311's error list, XML or JSON by the path's extension
)

var (
	pageSurface    = surface{name: "page", session: true, errors: errorHTML}
	apiSurface     = surface{name: "api", errors: errorJSON}
	open311Surface = surface{name: "open311", errors: errorGeoReport, crossOrigin: true}
	opsSurface     = surface{name: "ops", errors: errorJSON}
	staticSurface  = surface{name: "static", errors: errorHTML}
	// The widget other sites embed: pages without a session (no cookie)
	// that any site may frame.
	widgetSurface = surface{name: "widget", errors: errorHTML, framed: true}
)

// classify finds the route a request will reach and records its surface
// (from the route's rule in s.rules) for the middleware and handlers that
// follow. A path no route matches is a page (the mux answers it with the
// not-found page).
func (s *Server) classify(mux *http.ServeMux) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, pattern := mux.Handler(r)
			info(r).pattern = pattern
			if rl, ok := s.rules[pattern]; ok {
				info(r).surface = rl.surface
				if rl.surface.framed {
					allowFraming(w.Header())
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// surfaceOf is the surface of the route r reaches.
func surfaceOf(r *http.Request) surface {
	if sf := info(r).surface; sf.name != "" {
		return sf
	}
	return pageSurface
}

// wantsJSON: the API and operations surfaces, or a page asked for by a
// client that accepts JSON and not HTML (the kiosk's scripts).
func wantsJSON(r *http.Request) bool {
	switch surfaceOf(r).errors {
	case errorJSON:
		return true
	case errorHTML:
		accept := r.Header.Get("Accept")
		return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
	}
	return false
}
