package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mutu/internal/seed"
	"mutu/internal/web"
)

// badTexts are inputs no person types: PostgreSQL refuses the first two in
// text columns (500 before the boundary check), the others are control
// characters a single-line field must not hold.
var badTexts = map[string]string{"nul": "a\x00b", "invalid utf-8": "a\xff\xfeb", "escape": "a\x1b[2Jb", "c1 control": "a\u0085b", "newline": "a\nb"}

// TestEveryRouteRefusesBadText sends each bad text in a form field, a JSON
// field, a query parameter, a path segment and a header to every route, as
// the province administrator, on SQLite and PostgreSQL: never a 5xx; the
// path, query string and headers are refused with 422 (400 in Open311's
// format); a posted form or JSON body is refused with a 4xx.
func TestEveryRouteRefusesBadText(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var a *app
			if engine == "postgres" {
				a = newPostgresApp(t)
			} else {
				a = newApp(t)
			}
			everyRouteRefusesBadText(t, a)
		})
	}
}

func everyRouteRefusesBadText(t *testing.T, a *app) {
	h := checkContract(t, a.Srv.Handler()) // API and Open311 refusals are ones the OpenAPI document describes
	cookies := serve(h, http.MethodPost, "/masuk", formType, strings.NewReader("username=admin&password="+seed.DemoPassword)).Result().Cookies()
	if len(cookies) == 0 {
		t.Fatal("sign-in failed")
	}
	params := regexp.MustCompile(`\{[a-z]+\}`)
	good := strings.NewReplacer("{code}", "PKM-31.72.01", "{service}", "imunisasi", "{id}", "x", "{lang}", "en",
		"{resource}", "requests.json", "{file}", "x.json", "{$}", "")
	for _, rt := range a.Srv.Routes() {
		pat := web.RoutePattern(rt)
		method, tmpl, _ := strings.Cut(pat, " ")
		if pat == "POST /keluar" { // would sign the administrator out
			continue
		}
		open311 := strings.HasPrefix(tmpl, "/open311/")
		wantRefused := http.StatusUnprocessableEntity
		if open311 {
			wantRefused = http.StatusBadRequest
		}
		for name, bad := range badTexts {
			esc := url.QueryEscape(bad)
			type attempt struct {
				channel string
				req     *http.Request
				strict  bool // must be refused exactly with wantRefused
			}
			var tries []attempt
			// A query parameter.
			tries = append(tries, attempt{"query", httptest.NewRequest(method, good.Replace(tmpl)+"?q="+esc+"&next="+esc, nil), true})
			// A path segment: the route's first parameter, else a segment added to a prefix route.
			if loc := params.FindStringIndex(tmpl); loc != nil && tmpl[loc[0]:loc[1]] != "{$}" {
				p := good.Replace(tmpl[:loc[0]]) + url.PathEscape(bad) + good.Replace(tmpl[loc[1]:])
				tries = append(tries, attempt{"path", httptest.NewRequest(method, p, nil), true})
			} else if strings.HasSuffix(tmpl, "/") {
				tries = append(tries, attempt{"path", httptest.NewRequest(method, tmpl+url.PathEscape(bad), nil), true})
			}
			// Headers the application reads.
			for _, hd := range []string{"Idempotency-Key", "X-Kiosk-Token", "Accept-Language", "Authorization"} {
				req := httptest.NewRequest(method, good.Replace(tmpl), nil)
				req.Header.Set(hd, bad)
				tries = append(tries, attempt{"header " + hd, req, true})
			}
			// Cookies with bad bytes are dropped by net/http's parser: the
			// request goes on without them.
			cookieReq := httptest.NewRequest(method, good.Replace(tmpl), nil)
			cookieReq.Header.Set("Cookie", "mutu_session="+bad+"; lang="+bad+"; mutu_dev="+bad)
			tries = append(tries, attempt{"cookie", cookieReq, false})
			if method == http.MethodPost {
				form := url.Values{}
				for _, f := range []string{"name", "code", "title", "body", "username", "password", "next", "email", "region_code", "api_key", "description", "saran", "reason", "text", "kind", "service_code"} {
					form.Set(f, bad)
				}
				req := httptest.NewRequest(method, good.Replace(tmpl), strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", formType)
				tries = append(tries, attempt{"form", req, false})
				js := `{"saran":"` + jsonEscape(bad) + `","service":"` + jsonEscape(bad) + `","answers":{"U1":4},"device":"` + jsonEscape(bad) + `"}`
				req = httptest.NewRequest(method, good.Replace(tmpl), strings.NewReader(js))
				req.Header.Set("Content-Type", "application/json")
				tries = append(tries, attempt{"json", req, false})
			}
			for _, try := range tries {
				for _, c := range cookies {
					if try.channel != "cookie" {
						try.req.AddCookie(c)
					}
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, try.req)
				switch {
				case rec.Code >= 500:
					t.Errorf("%s with %s in the %s: status %d", pat, name, try.channel, rec.Code)
				case try.strict && rec.Code != wantRefused:
					t.Errorf("%s with %s in the %s: status %d, want %d", pat, name, try.channel, rec.Code, wantRefused)
				case method == http.MethodPost && try.channel == "form" && rec.Code < 400:
					t.Errorf("%s with %s in the form: status %d, want a refusal", pat, name, rec.Code)
				}
			}
		}
	}
}

// jsonEscape writes s as the inside of a JSON string, escaping control
// characters as \u00XX and keeping invalid bytes as they are.
func jsonEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			b.WriteString(`\u00` + "0123456789abcdef"[c>>4:c>>4+1] + "0123456789abcdef"[c&15:c&15+1])
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// TestRedirectTargetsStayLocal: the sign-in and the language switch send
// the browser home instead of to a target a browser would resolve off-site.
func TestRedirectTargetsStayLocal(t *testing.T) {
	a := newApp(t)
	for _, next := range []string{"/\\evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "https:evil.example", "//evil.example"} {
		if res := a.get(t, nil, "/bahasa/en?next="+url.QueryEscape(next)); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("language switch to %q: %d %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := a.get(t, nil, "/bahasa/en?next="+url.QueryEscape("/kelola/unit?q=a+b&hal=2")); res.Header.Get("Location") != "/kelola/unit?q=a+b&hal=2" {
		t.Errorf("language switch lost a local target: %q", res.Header.Get("Location"))
	}
	for _, next := range []string{"/\t/evil.example", "/\\evil.example", "/%2F%2Fevil.example"} {
		res := a.post(t, nil, "/masuk", url.Values{"username": {"admin.jakut"}, "password": {seed.DemoPassword}, "next": {next}})
		if next == "/\t/evil.example" {
			// A tab is not single-line text: the form is refused before sign-in.
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("sign-in with next %q: %d", next, res.StatusCode)
			}
			continue
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dasbor" {
			t.Errorf("sign-in with next %q: %d %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
