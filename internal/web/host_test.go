package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/seed"
	"mutu/internal/web"
)

// evilHost sends every request with a forged Host and forwarding headers.
type evilHost struct{ next http.RoundTripper }

func (e evilHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = "evil.example"
	r.Header.Set("X-Forwarded-Host", "evil.example")
	r.Header.Set("X-Forwarded-Proto", "https")
	return e.next.RoundTrip(r)
}

// TestAbsoluteURLsIgnoreHost: whatever Host a request names, the absolute
// links Mutu hands out — QR code, poster, kiosk link, Open311 discovery and
// service notice, the tracking page, e-mails — use the configured address.
// Here none is configured (a caller of web.New that sets none): the
// default, never the request's host.
func TestAbsoluteURLsIgnoreHost(t *testing.T) {
	smtp, mail := withMail(t)
	a := newApp(t, mail, func(c *web.Config) { c.BaseURL = "" })
	const base = "http://localhost"
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: evilHost{http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	clean := func(what, body, want string) {
		t.Helper()
		if strings.Contains(body, "evil.example") || !strings.Contains(body, want) {
			t.Errorf("%s: want %q and no evil.example in %.300q", what, want, body)
		}
	}

	res := a.get(t, c, "/qr/PKM-31.72.01?format=svg")
	if res.StatusCode != 200 {
		t.Fatalf("qr: %d", res.StatusCode)
	}
	clean("QR SVG", res.Body, base+"/s/PKM-31.72.01</title>")
	res = a.get(t, c, "/poster/PKM-31.72.01?layanan=imunisasi")
	text, _ := pdfText(t, []byte(res.Body))
	clean("poster", text, strings.TrimPrefix(base, "http://")+"/s/PKM-31.72.01/imunisasi")

	res = a.get(t, c, "/open311/v2/discovery.json")
	clean("Open311 discovery", res.Body, `"url":"`+base+`/open311/v2"`)
	key := newKey(t, a, "31.72")
	res = a.post(t, c, "/open311/v2/requests.json", form311(key))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("open311 post: %d %s", res.StatusCode, res.Body)
	}
	clean("Open311 service notice", res.Body, base+"/lacak/MT-")

	// A complaint filed through the forged host: the tracking page and the
	// reporter's e-mail link to the real address.
	res = a.post(t, c, "/pengaduan", url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"anonim"},
		"title": {"Obat habis"}, "body": {"Obat untuk anak saya selalu habis di apotek puskesmas."}, "email": {"ibu@example.com"}})
	code := codeRE.FindString(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || code == "" {
		t.Fatalf("file: %d", res.StatusCode)
	}
	clean("tracking page", a.get(t, c, "/lacak/"+code+"?baru=1").Body, base+"/lacak/"+code)
	clean("e-mail", waitMail(t, smtp, 1)[0].Data, base+"/lacak/"+code)

	// The kiosk link shown to the operator who registers a tablet.
	if res := a.post(t, c, "/masuk", url.Values{"username": {"operator.ptsp"}, "password": {seed.DemoPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	res = a.post(t, c, "/kelola/skm/unit/PTSP-31.72/kiosk", url.Values{"name": {"Tablet loket 3"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("kiosk: %d", res.StatusCode)
	}
	clean("kiosk link", res.Body, base+"/kiosk/PTSP-31.72#t=")
}
