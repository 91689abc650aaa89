package web_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"mutu/internal/testutil"
)

// TestWidget: the embeddable widget shows each service's published time
// limit and fee (or that none is published), the unit's latest IKM and
// mutu as the unit page shows them, and links that open Mutu in a new tab;
// one service with ?layanan=, English with ?lang=en; small and without
// script.
func TestWidget(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	res := a.get(t, nil, "/widget/unit/DKP-31.72")
	doc := mustBePage(t, res, http.StatusOK, "main#widget")
	card := `li[data-service=` + ktp + `]`
	if got := textOf(doc, card+" .std-time") + " / " + textOf(doc, card+" .std-fee"); got != "1 hari kerja / Gratis" {
		t.Errorf("KTP-el: %q", got)
	}
	if textOf(doc, `li[data-service=`+kk+`] .std-none`) == "" {
		t.Error("a service without a standard should say so")
	}
	unitPage := mustBePage(t, a.get(t, nil, "/unit/DKP-31.72"), http.StatusOK, "section#hasil")
	if got, want := textOf(doc, ".w-ikm"), strings.Split(textOf(unitPage, "section#hasil .bigstat"), "\n")[0]; got == "" || got != want {
		t.Errorf("widget IKM %q, unit page %q", got, want)
	}
	if got := textOf(doc, ".w-mutu"); len(got) != 1 {
		t.Errorf("mutu %q", got)
	}
	links := findAll(doc, "a")
	hrefs := map[string]bool{}
	for _, l := range links {
		if attr(l, "target") != "_blank" || !strings.Contains(attr(l, "rel"), "noopener") {
			t.Errorf("link %s: target %q rel %q", attr(l, "href"), attr(l, "target"), attr(l, "rel"))
		}
		hrefs[attr(l, "href")] = true
	}
	for _, want := range []string{"/unit/DKP-31.72", "/s/DKP-31.72", "/pengaduan?unit=DKP-31.72", "/s/DKP-31.72/" + ktp, "/unit/DKP-31.72/layanan/" + ktp} {
		if !hrefs[want] {
			t.Errorf("no link to %s in %v", want, hrefs)
		}
	}
	if n := len(findAll(doc, "script")); n != 0 || len(res.Body) > 8<<10 {
		t.Errorf("%d scripts, %d bytes: the widget is meant to be light", n, len(res.Body))
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("Cache-Control %q", got)
	}

	doc = mustBePage(t, a.get(t, nil, "/widget/unit/DKP-31.72?layanan="+ktp+"&lang=en"), http.StatusOK, "main#widget")
	if n := len(findAll(doc, "ul.services li")); n != 1 || textOf(doc, card+" .std-time") != "1 working day" {
		t.Errorf("one service in English: %d services, time %q", n, textOf(doc, card+" .std-time"))
	}
	if html := findAll(doc, "html"); len(html) != 1 || attr(html[0], "lang") != "en" {
		t.Error("the English widget is not lang=en")
	}
	if l := findAll(doc, "h1 a"); len(l) != 1 || attr(l[0], "href") != "/bahasa/en?next=%2Funit%2FDKP-31.72" {
		t.Error("the English widget's links should open Mutu in English")
	}
	for _, path := range []string{"/widget/unit/DKP-31.72?layanan=tidak-ada", "/widget/unit/TIDAK-ADA"} {
		if res := a.get(t, nil, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

// TestWidgetSetsNoCookie: no widget answer writes a cookie, not even to a
// signed-in browser (its session is never loaded there), while a page
// does (the sign-in proves the client holds a session cookie).
func TestWidgetSetsNoCookie(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	req, _ := http.NewRequest(http.MethodGet, a.URL+"/widget/unit/DKP-31.72", nil)
	if len(admin.Jar.Cookies(req.URL)) == 0 {
		t.Fatal("the signed-in client has no cookie")
	}
	for _, c := range []*http.Client{nil, admin} {
		for _, path := range []string{"/widget/unit/DKP-31.72", "/widget/unit/DKP-31.72?lang=en", "/widget/unit/TIDAK-ADA", "/widget.js"} {
			res := a.get(t, c, path)
			if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, res.StatusCode)
			}
			if sc := res.Header.Values("Set-Cookie"); len(sc) > 0 {
				t.Errorf("%s sets cookies: %q", path, sc)
			}
		}
	}
	// The widget does not know the signed-in user: the same bytes as for
	// anyone.
	if got, want := a.get(t, admin, "/widget/unit/DKP-31.72").Body, a.get(t, nil, "/widget/unit/DKP-31.72").Body; got != want {
		t.Error("the widget differs for a signed-in user")
	}
}

// TestOnlyTheWidgetMayBeFramed: the widget allows any site to frame it
// (frame-ancestors *, no X-Frame-Options); every other answer — the
// public unit page first — keeps frame-ancestors 'none' and DENY.
func TestOnlyTheWidgetMayBeFramed(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	res := a.get(t, nil, "/unit/DKP-31.72")
	mustBePage(t, res, http.StatusOK, "section#standar")
	refused := []string{"/unit/DKP-31.72", "/", "/unit/DKP-31.72/layanan/" + ktp, "/s/DKP-31.72", "/masuk", "/pengaduan",
		"/static/mutu.css", "/static/widget.js", "/api/v1/units", "/unit/DKP-31.72/layanan/" + ktp + "/kartu.png", "/tidak-ada", "/widget"}
	for _, path := range refused {
		res := a.get(t, nil, path)
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s (%d): CSP %q, X-Frame-Options %q: must refuse framing", path, res.StatusCode, csp, res.Header.Get("X-Frame-Options"))
		}
	}
	for _, path := range []string{"/widget/unit/DKP-31.72", "/widget/unit/DKP-31.72?layanan=" + ktp + "&lang=en", "/widget/unit/TIDAK-ADA"} {
		res := a.get(t, nil, path)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "'none'; form") || res.Header.Get("X-Frame-Options") != "" {
			t.Errorf("%s (%d): CSP %q, X-Frame-Options %q: any site may frame the widget", path, res.StatusCode, csp, res.Header.Get("X-Frame-Options"))
		}
		if !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: the widget keeps the rest of the CSP: %q", path, csp)
		}
	}
}

// TestWidgetScript: /widget.js is the script to paste, readable by any
// site without credentials, cached, no cookie.
func TestWidgetScript(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/widget.js")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" || res.Header.Get("Access-Control-Allow-Credentials") != "" ||
		res.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || !strings.HasPrefix(res.Header.Get("Cache-Control"), "public") {
		t.Errorf("headers %v", res.Header)
	}
	for _, want := range []string{"data-unit", `"widget/unit/"`, "iframe", "f.title"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("widget.js lacks %s", want)
		}
	}
}

// TestEmbedSnippet: the staff standards page and the public unit page
// show the snippet to paste; the staff page links each service's card.
func TestEmbedSnippet(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	script := `<script src="` + a.URL + `/widget.js" data-unit="DKP-31.72" async></script>`
	doc := mustBePage(t, a.get(t, a.login(t, "admin.jakut"), "/kelola/standar/unit/DKP-31.72"), http.StatusOK, "h1#standards-page")
	if got := textOf(doc, "textarea#embed-script"); got != script {
		t.Errorf("staff snippet %q, want %q", got, script)
	}
	if got := textOf(doc, "textarea#embed-iframe"); !strings.Contains(got, `<iframe src="`+a.URL+`/widget/unit/DKP-31.72" title="`) {
		t.Errorf("iframe snippet %q", got)
	}
	if l := findAll(doc, "ul.cards a[data-service="+ktp+"]"); len(l) != 1 || attr(l[0], "href") != "/unit/DKP-31.72/layanan/"+ktp+"/kartu.png" {
		t.Error("no card link for KTP-el")
	}
	if len(findAll(doc, "ul.cards a[data-service="+kk+"]")) != 0 {
		t.Error("a card link for a service without a standard")
	}
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72"), http.StatusOK, "section#standar")
	if got := textOf(doc, "details#pasang textarea#embed-script"); got != script {
		t.Errorf("public snippet %q", got)
	}
}

// TestServiceCard: the social-media card is a 1080×1080 PNG whose QR code
// opens the service's public standard; a service without a standard in
// force, an unknown service and an unknown unit have none.
func TestServiceCard(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	res := a.get(t, nil, "/unit/DKP-31.72/layanan/"+ktp+"/kartu.png")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 1080, 1080) {
		t.Errorf("bounds %v", img.Bounds())
	}
	if got, want := testutil.DecodeQR(t, img), a.URL+"/unit/DKP-31.72/layanan/"+ktp; got != want {
		t.Errorf("QR %q, want %q", got, want)
	}
	for _, path := range []string{"/unit/DKP-31.72/layanan/" + kk + "/kartu.png", "/unit/DKP-31.72/layanan/tidak-ada/kartu.png", "/unit/TIDAK-ADA/layanan/" + ktp + "/kartu.png"} {
		if res := a.get(t, nil, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}
