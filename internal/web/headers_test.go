package web_test

import (
	"net/http"
	"strings"
	"testing"

	"mutu/internal/web"
)

// TestPrivateResponsesAreNotStored: every answer that may depend on a
// session or carry private data says Cache-Control: no-store (pages,
// exports, htmx fragments, API answers, errors); only public files say
// they may be cached.
func TestPrivateResponsesAreNotStored(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	get := func(c *http.Client, path string, header ...string) response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return a.do(t, c, req)
	}
	private := []struct {
		c      *http.Client
		path   string
		header []string
		status int
		ctype  string
	}{
		{admin, "/dasbor", nil, 200, "text/html"},
		{admin, "/akun/sandi", nil, 200, "text/html"},
		{admin, "/kelola/pengguna", nil, 200, "text/html"},
		{admin, "/kelola/unit", []string{"HX-Request", "true"}, 200, "text/html"},
		{admin, "/kelola/skm?p=2026", []string{"HX-Request", "true"}, 200, "text/html"},
		{admin, "/kelola/unit?format=csv", nil, 200, "text/csv"},
		{admin, "/kelola/pengaduan-dasbor?tahun=2026&format=xlsx", nil, 200, "application/vnd.openxmlformats"},
		{admin, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=pdf", nil, 200, "application/pdf"},
		{admin, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=xlsx", nil, 200, "application/vnd.openxmlformats"},
		{nil, "/masuk", nil, 200, "text/html"},
		{nil, "/lacak", nil, 200, "text/html"},
		{nil, "/lacak/ABCD-EFGH-JKLM", nil, 404, "text/html"},
		{nil, "/api/v1/units?region=31.72", nil, 200, "application/json"},
		{nil, "/healthz", nil, 200, "application/json"},
	}
	for _, tt := range private {
		res := get(tt.c, tt.path, tt.header...)
		if res.StatusCode != tt.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("%s: %d %s, want %d %s", tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.status, tt.ctype)
			continue
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" && got != "private, no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", tt.path, got)
		}
	}
	for _, path := range []string{"/static/mutu.css", "/qr/PKM-31.72.01"} {
		res := get(nil, path)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Cache-Control"), "public") {
			t.Errorf("%s: %d, Cache-Control %q, want public", path, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	if res := get(nil, "/masuk"); res.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS without MUTU_COOKIE_SECURE: %q", res.Header.Get("Strict-Transport-Security"))
	}
	secure := newApp(t, func(c *web.Config) { c.SecureCookies = true })
	for _, path := range []string{"/", "/masuk", "/static/mutu.css", "/api/v1/units"} {
		if got := secure.get(t, nil, path).Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("%s with MUTU_COOKIE_SECURE=1: HSTS %q", path, got)
		}
	}
}

// TestStaticDirectoriesAreNotListed: /static/ serves files, never a list
// of them.
func TestStaticDirectoriesAreNotListed(t *testing.T) {
	a := newApp(t)
	for _, path := range []string{"/static/", "/static/css/", "/static/nope.css", "/static/..%2f"} {
		res := a.get(t, nil, path)
		if res.StatusCode != 404 || !strings.Contains(res.Body, "Halaman tidak ditemukan") {
			t.Errorf("%s: %d, want the not-found page", path, res.StatusCode)
		}
		// A listing links the files by their bare names.
		if strings.Contains(res.Body, `href="mutu.css"`) || strings.Contains(res.Body, `href="htmx.min.js"`) {
			t.Errorf("%s lists the static files", path)
		}
	}
	if res := a.get(t, nil, "/static/mutu.css"); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("a static file: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}
