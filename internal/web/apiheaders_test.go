package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"mutu/internal/web"
)

// wantRateLimit checks the RateLimit headers of one answer.
func wantRateLimit(t *testing.T, what string, res response, limit, remaining, reset string) {
	t.Helper()
	h := res.Header
	if h.Get("RateLimit-Limit") != limit || h.Get("RateLimit-Remaining") != remaining || h.Get("RateLimit-Reset") != reset {
		t.Errorf("%s: RateLimit-Limit %q, -Remaining %q, -Reset %q; want %s, %s, %s", what,
			h.Get("RateLimit-Limit"), h.Get("RateLimit-Remaining"), h.Get("RateLimit-Reset"), limit, remaining, reset)
	}
}

// TestRateLimitHeaders: every answer of a rate-limited route tells the
// client its bucket (10 a second, bursts of 30, by the injected clock), a
// refusal tells it when to retry, in the API's and Open311's formats.
func TestRateLimitHeaders(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.RateLimit = 10 })
	res := a.get(t, nil, "/api/v1/units/DKP-31.72")
	if res.StatusCode != 200 {
		t.Fatalf("first request: %d", res.StatusCode)
	}
	wantRateLimit(t, "first request", res, "30", "29", "1")
	for range 29 {
		res = a.get(t, nil, "/open311/v2/services.xml")
	}
	wantRateLimit(t, "30th request", res, "30", "0", "3")
	if res.StatusCode != 200 || res.Header.Get("Retry-After") != "" {
		t.Errorf("30th request: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}

	res = a.get(t, nil, "/api/v1/units/DKP-31.72/ikm?from=2026-01-01&to=2026-12-31")
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" || !strings.Contains(res.Body, `"code":"rate_limited"`) {
		t.Fatalf("31st request: %d, Retry-After %q: %s", res.StatusCode, res.Header.Get("Retry-After"), res.Body)
	}
	wantRateLimit(t, "31st request", res, "30", "0", "3")
	res = a.get(t, nil, "/open311/v2/requests.xml")
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" || !strings.Contains(res.Body, "<errors>") {
		t.Fatalf("Open311 over the limit: %d, Retry-After %q: %s", res.StatusCode, res.Header.Get("Retry-After"), res.Body)
	}

	// Two seconds later the bucket holds 20 tokens again.
	a.advance(2 * time.Second)
	res = a.get(t, nil, "/open311/v2/discovery.json")
	if res.StatusCode != 200 {
		t.Fatalf("after two seconds: %d", res.StatusCode)
	}
	wantRateLimit(t, "after two seconds", res, "30", "19", "2")

	// The per-device limit of survey responses (one a second here, bursts
	// of 30) says when to retry too; the client's IP bucket (60) is told.
	b := newApp(t, func(c *web.Config) { c.RateLimit = 20 })
	key := responsesKey(t, b)
	for i := range 31 {
		body := `{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"device":"one-phone","saran":"` + strings.Repeat("x", i) + `"}`
		res = postJSON(t, b, "/api/v1/units/DKP-31.72/responses", body, key)
		if i < 30 && res.StatusCode != 201 {
			t.Fatalf("response %d: %d %s", i+1, res.StatusCode, res.Body)
		}
	}
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" {
		t.Errorf("31st response from one device: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	wantRateLimit(t, "31st response from one device", res, "60", "29", "2")

	// A route outside the limit has no bucket to tell of.
	if res = a.get(t, nil, "/healthz"); res.StatusCode != 200 || res.Header.Get("RateLimit-Limit") != "" {
		t.Errorf("/healthz: %d, RateLimit-Limit %q", res.StatusCode, res.Header.Get("RateLimit-Limit"))
	}
}

// TestCORS: the public GET endpoints of the API and Open311 (and the
// OpenAPI document) may be read by pages on other sites, without
// credentials, and say so to a preflight; posts, pages and anything with a
// session may not.
func TestCORS(t *testing.T) {
	a := newApp(t)
	key := newKey(t, a, "31.72")
	send := func(method, path, origin string, headers map[string]string, body string) response {
		t.Helper()
		req, _ := http.NewRequest(method, a.URL+path, strings.NewReader(body))
		req.Header.Set("Origin", origin)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		return a.do(t, nil, req)
	}
	const other = "https://dasbor.jakarta.example"
	for _, path := range []string{"/api/v1/units?region=31.72", "/api/v1/units/DKP-31.72", "/api/v1/regions/31.72/children",
		"/api/v1/units/DKP-31.72/ikm?from=2026-01-01&to=2026-12-31", "/api/v1/units/TIDAK-ADA", "/api/openapi.json",
		"/open311/v2/discovery.json", "/open311/v2/services.xml", "/open311/v2/requests.json", "/open311/v2/services/pengaduan.json"} {
		res := send("GET", path, other, nil, "")
		if res.StatusCode >= 500 || res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("GET %s: %d, Allow-Origin %q, Allow-Credentials %q", path, res.StatusCode,
				res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Allow-Credentials"))
		}
		if !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "RateLimit-Remaining") {
			t.Errorf("GET %s: the rate-limit headers are not exposed (%q)", path, res.Header.Get("Access-Control-Expose-Headers"))
		}
		pre := send("OPTIONS", path, other, map[string]string{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept-language"}, "")
		if pre.StatusCode != http.StatusNoContent || pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "GET") ||
			!strings.Contains(strings.ToLower(pre.Header.Get("Access-Control-Allow-Headers")), "accept-language") {
			t.Errorf("preflight GET %s: %d %v", path, pre.StatusCode, pre.Header)
		}
	}

	// Posts: no CORS headers on the answer, and a preflight is refused
	// (403, in the interface's error format, without CORS headers).
	for _, tc := range []struct{ path, contentType, body string }{
		{"/api/v1/units/DKP-31.72/responses", "application/json", `{"answers":{"U1":4}}`},
		{"/open311/v2/requests.json", formType, form311(key).Encode()},
	} {
		res := send("POST", tc.path, other, map[string]string{"Content-Type": tc.contentType}, tc.body)
		if res.StatusCode >= 500 || res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("POST %s: %d, Allow-Origin %q", tc.path, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		pre := send("OPTIONS", tc.path, other, map[string]string{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}, "")
		if pre.StatusCode != http.StatusForbidden || pre.Header.Get("Access-Control-Allow-Origin") != "" || pre.Header.Get("Access-Control-Allow-Methods") != "" {
			t.Errorf("preflight POST %s: %d %v", tc.path, pre.StatusCode, pre.Header)
		}
		if !strings.HasPrefix(pre.Header.Get("Content-Type"), "application/json") {
			t.Errorf("preflight POST %s: answered as %q, not in the interface's format", tc.path, pre.Header.Get("Content-Type"))
		}
	}

	// Pages, signed in or not, and their preflights: no CORS headers.
	staff := a.login(t, "admin.jakut")
	for _, tc := range []struct {
		c    *http.Client
		path string
	}{{nil, "/"}, {nil, "/unit/DKP-31.72"}, {nil, "/api"}, {staff, "/dasbor"}, {staff, "/kelola/kunci-api"}} {
		req, _ := http.NewRequest("GET", a.URL+tc.path, nil)
		req.Header.Set("Origin", other)
		res := a.do(t, tc.c, req)
		if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: %d, Allow-Origin %q", tc.path, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		pre := send("OPTIONS", tc.path, other, map[string]string{"Access-Control-Request-Method": "GET"}, "")
		if pre.Header.Get("Access-Control-Allow-Origin") != "" || pre.StatusCode < 400 {
			t.Errorf("preflight %s: %d, Allow-Origin %q", tc.path, pre.StatusCode, pre.Header.Get("Access-Control-Allow-Origin"))
		}
	}
}

// TestAPIDocsPage: /api shows every operation of the OpenAPI document with
// its parameters and responses, from the binary (no outside resources,
// nothing the CSP would block), and the site's footer links to it.
func TestAPIDocsPage(t *testing.T) {
	c := mustContract(t)
	a := newApp(t)
	doc := mustBePage(t, a.get(t, nil, "/api"), 200, "a#openapi-download[href=/api/openapi.json]")
	articles := map[string]*html.Node{}
	for _, art := range findAll(doc, "article.apidoc-op") {
		articles[textOf(art, "h3")] = art
	}
	ops := 0
	for p, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops++
			art, ok := articles[method+" "+p]
			if !ok {
				t.Errorf("no section for %s %s", method, p)
				continue
			}
			text := textOf(art, "table")
			for _, prm := range op.Parameters {
				if !strings.Contains(text, prm.Value.Name) {
					t.Errorf("%s %s: parameter %q not shown", method, p, prm.Value.Name)
				}
			}
			for status := range op.Responses.Map() {
				if !strings.Contains(text, status) {
					t.Errorf("%s %s: response %s not shown", method, p, status)
				}
			}
		}
	}
	if len(articles) != ops {
		t.Errorf("%d operations on the page, %d in the document", len(articles), ops)
	}
	// Schemas the operations link to are on the page.
	for _, link := range findAll(doc, "article.apidoc-op a") {
		if href := attr(link, "href"); strings.HasPrefix(href, "#") && len(findAll(doc, "#"+href[1:])) == 0 {
			t.Errorf("link %s leads nowhere", href)
		}
	}
	walk(doc, func(e *html.Node) {
		for _, at := range []string{"src", "href"} {
			if v := attr(e, at); strings.Contains(v, "//") {
				t.Errorf("<%s %s=%q>: a resource from outside the binary", e.Data, at, v)
			}
		}
		if attr(e, "style") != "" || e.Data == "script" && attr(e, "src") == "" || e.Data == "style" {
			t.Errorf("<%s>: inline script or style, refused by the CSP", e.Data)
		}
	})
	if !strings.Contains(textOf(doc, "h1"), "API untuk pengembang") {
		t.Errorf("title %q", textOf(doc, "h1"))
	}
	en := mustBePage(t, getIn(t, a, nil, "en", "/api"), 200, "a#openapi-download")
	if !strings.Contains(textOf(en, "h1"), "API for developers") {
		t.Errorf("English title %q", textOf(en, "h1"))
	}

	home := mustBePage(t, a.get(t, nil, "/"), 200, "footer.site")
	if len(findAll(home, "footer.site a#footer-api[href=/api]")) != 1 {
		t.Error("the footer does not link to /api")
	}
	mustBePage(t, a.get(t, a.login(t, "admin.jakut"), "/kelola/kunci-api"), 200, "a#apikeys-api-docs[href=/api]")
}
