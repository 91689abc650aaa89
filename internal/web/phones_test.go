package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestHomeLeadsToCitizenTasks: the home page leads to the three things
// citizens come for and has the unit search.
func TestHomeLeadsToCitizenTasks(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<h1>Mutu pelayanan publik</h1>") {
		t.Fatalf("home: status %d, or not the home page:\n%s", res.StatusCode, res.Body)
	}
	for _, want := range []string{
		`<a href="/cari">Isi survei`,
		`<a href="/pengaduan">Sampaikan pengaduan`,
		`<a href="/lacak">Lacak laporan`,
		`<form class="search" method="get" action="/cari" role="search">`,
		`<label for="f-q">Nama unit layanan</label>`,
	} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("home lacks %s", want)
		}
	}
}

// TestUnitSearch: citizens find a unit by part of its name; a search that
// finds nothing or is too long says so.
func TestUnitSearch(t *testing.T) {
	a := newApp(t)
	for _, c := range []struct {
		query, lang string
		status      int
		want, not   []string
	}{
		{"  penjaringan  ", "id", 200, []string{`<h2 id="hasil">`, `<a href="/unit/PKM-31.72.01">Puskesmas Kecamatan Penjaringan</a>`, `<a href="/s/PKM-31.72.01">Isi survei</a>`, `value="penjaringan"`}, nil},
		{"penjaringan", "en", 200, []string{`<a href="/unit/PKM-31.72.01">Puskesmas Kecamatan Penjaringan</a>`, `Take the survey`, `units found for “penjaringan”`}, []string{"Isi survei</a>"}},
		{"tidak-ada-unit-begini", "id", 200, []string{`<h2 id="hasil">0 unit ditemukan`, "Tidak ada unit layanan yang cocok."}, []string{`<ul class="results">`}},
		{"", "id", 200, []string{`<form class="search"`}, []string{`<h2 id="hasil">`}},
		{strings.Repeat("a", 101), "id", 400, []string{`id="kesalahan"`, `<a href="#f-q">Nama unit layanan: Pencarian terlalu panjang: paling banyak 100 karakter.</a>`, `aria-invalid="true"`}, []string{`<h2 id="hasil">`}},
	} {
		req, _ := http.NewRequest(http.MethodGet, a.URL+"/cari?q="+strings.ReplaceAll(c.query, " ", "+"), nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: c.lang})
		res := a.do(t, nil, req)
		if res.StatusCode != c.status || !strings.Contains(res.Body, `<input id="f-q" name="q" type="search"`) {
			t.Errorf("/cari?q=%q: status %d, want %d on the search page\n%s", c.query, res.StatusCode, c.status, res.Body)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("/cari?q=%q (%s) lacks %s", c.query, c.lang, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(res.Body, n) {
				t.Errorf("/cari?q=%q (%s) shows %s", c.query, c.lang, n)
			}
		}
	}
}

// TestFaviconAndManifest: every page names a favicon (SVG and PNG) and a web
// manifest, and all of them are served.
func TestFaviconAndManifest(t *testing.T) {
	a := newApp(t)
	page := a.get(t, nil, "/masuk")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("/masuk: status %d", page.StatusCode)
	}
	files := map[string]string{
		`<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">`:           "image/svg+xml",
		`<link rel="icon" href="/static/favicon.png" type="image/png" sizes="32x32">`: "image/png",
		`<link rel="apple-touch-icon" href="/static/icon-180.png">`:                   "image/png",
		`<link rel="manifest" href="/static/mutu.webmanifest">`:                       "application/manifest+json",
	}
	for tag, ctype := range files {
		if !strings.Contains(page.Body, tag) {
			t.Errorf("the page lacks %s", tag)
			continue
		}
		_, rest, _ := strings.Cut(tag, `href="`)
		href, _, _ := strings.Cut(rest, `"`)
		res := a.get(t, nil, href)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: status %d, type %q, want 200 %s", href, res.StatusCode, res.Header.Get("Content-Type"), ctype)
		}
		if ctype == "application/manifest+json" {
			var m struct {
				Name, ShortName, StartURL string
				Icons                     []struct{ Src, Sizes string }
			}
			if err := json.Unmarshal([]byte(res.Body), &m); err != nil || m.Name == "" || len(m.Icons) < 2 {
				t.Errorf("manifest %s: %v %+v", href, err, m)
			}
			for _, ic := range m.Icons {
				if r := a.get(t, nil, ic.Src); r.StatusCode != http.StatusOK {
					t.Errorf("manifest icon %s: status %d", ic.Src, r.StatusCode)
				}
			}
		}
	}
}

// TestWeakElementsLegend: the NRR chart marks the three weakest elements in
// the orange the PDF uses for grade C (#d98c1f, report.mutuColour) and says
// so in a legend.
func TestWeakElementsLegend(t *testing.T) {
	a := newApp(t)
	res := a.get(t, a.login(t, "admin.jakut"), "/kelola/skm/unit/PTSP-31.72?p=2026")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `<svg viewBox="0 0 810`) {
		t.Fatalf("unit SKM page: status %d, or no chart", res.StatusCode)
	}
	if n := strings.Count(res.Body, `class="bar weak"`); n != 3 {
		t.Errorf("%d weak bars, want 3", n)
	}
	for _, want := range []string{`<ul class="legend">`, `<span class="swatch weak" aria-hidden="true"></span>Tiga unsur terlemah: prioritas perbaikan`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the NRR chart lacks %s", want)
		}
	}
	css := a.get(t, nil, "/static/mutu.css").Body
	for _, want := range []string{"--weak: #d98c1f;", ".chart .bar.weak { fill: var(--weak); }", ".swatch.weak { background: var(--weak); }"} {
		if !strings.Contains(css, want) {
			t.Errorf("mutu.css lacks %s", want)
		}
	}
}
