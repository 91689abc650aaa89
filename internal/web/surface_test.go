package web_test

import (
	"net/http"
	"strings"
	"testing"

	"mutu/internal/web"
)

// TestRouteSurfaces: every route's surface is the one its path implies, so
// that session handling, error format and the cross-origin check follow.
func TestRouteSurfaces(t *testing.T) {
	a := newApp(t)
	implied := func(pattern string) string {
		_, path, _ := strings.Cut(pattern, " ")
		switch {
		case strings.HasPrefix(path, "/api/"):
			return "api"
		case strings.HasPrefix(path, "/open311/"):
			return "open311"
		case strings.HasPrefix(path, "/static/"):
			return "static"
		case path == "/healthz" || path == "/metrics":
			return "ops"
		case path == "/widget.js" || strings.HasPrefix(path, "/widget/"):
			return "widget"
		}
		return "page"
	}
	for _, rt := range a.Srv.Routes() {
		if got, want := web.RouteSurface(rt), implied(web.RoutePattern(rt)); got != want {
			t.Errorf("%s: surface %q, want %q", web.RoutePattern(rt), got, want)
		}
	}
}

// TestErrorsComeInTheSurfaceFormat: the same failure (a path nothing
// serves, a cross-site post) answers in each surface's own format.
func TestErrorsComeInTheSurfaceFormat(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	for _, tc := range []struct {
		path, contentType, body string
	}{
		{"/tidak-ada", "text/html", `<main`},
		{"/api/v1/tidak-ada", "application/json", `"error"`},
		{"/open311/v2/tidak/ada.json", "application/json", `"description"`},
		{"/open311/v3/tidak-ada", "text/xml", `<errors>`},
		{"/static/tidak-ada.css", "text/html", `<main`},
	} {
		res := a.get(t, c, tc.path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", tc.path, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tc.contentType) {
			t.Errorf("GET %s: Content-Type %q, want %s", tc.path, ct, tc.contentType)
		}
		if !strings.Contains(res.Body, tc.body) {
			t.Errorf("GET %s: body lacks %s:\n%s", tc.path, tc.body, res.Body)
		}
	}

	// Operations: refused without the token, in JSON.
	tok := newApp(t, func(c *web.Config) { c.MetricsToken = "s3cret" })
	if res := tok.get(t, tok.client(t), "/metrics"); res.StatusCode != http.StatusForbidden ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(res.Body, `"error"`) {
		t.Errorf("GET /metrics without the token: %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), res.Body)
	}

	// Cross-site posts: refused on pages (as a page), let through to Open311
	// (which then wants its API key, in GeoReport).
	for _, tc := range []struct {
		path       string
		status     int
		contentype string
	}{
		{"/pengaduan", http.StatusForbidden, "text/html"},
		{"/open311/v2/requests.json", http.StatusForbidden, "application/json"},
	} {
		req, _ := http.NewRequest(http.MethodPost, a.URL+tc.path, strings.NewReader("service_code=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		res := a.do(t, c, req)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.contentype) {
			t.Errorf("cross-site POST %s: %d %s, want %d %s\n%s", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.status, tc.contentype, res.Body)
		}
		if tc.path == "/pengaduan" {
			mustBePage(t, res, tc.status, "main#isi") // the error page
		}
	}
}
