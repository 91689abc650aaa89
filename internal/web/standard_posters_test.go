package web_test

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"mutu/internal/report"
)

// pdfPageSize is the first page's size in points (MediaBox, inherited from
// the page tree when the page has none).
func pdfPageSize(t *testing.T, b []byte) (float64, float64) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	v := r.Page(1).V
	box := v.Key("MediaBox")
	for box.IsNull() && !v.Key("Parent").IsNull() {
		v = v.Key("Parent")
		box = v.Key("MediaBox")
	}
	return box.Index(2).Float64() - box.Index(0).Float64(), box.Index(3).Float64() - box.Index(1).Float64()
}

// TestStandardPosterRoutes fetches each printable as the public does: a
// PDF on A4 or A3 with what is in force (text and the codes' links),
// cacheable and revalidated by its ETag; a service or unit with nothing
// published gets a 404 page saying so, a bad paper size a 422.
func TestStandardPosterRoutes(t *testing.T) {
	a := newApp(t)
	u, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	poster := "/unit/DKP-31.72/layanan/" + ktp + "/poster.pdf"
	cur, err := a.DB.CurrentStandard(t.Context(), u.ID, u.ServiceByCode(ktp).ID)
	if err != nil || cur == nil {
		t.Fatalf("KTP-el's standard in force: %v %v", cur, err)
	}
	m, err := a.DB.Maklumat(t.Context(), u.ID)
	if err != nil || m == nil {
		t.Fatalf("maklumat: %v %v", m, err)
	}
	sizes := map[string][2]float64{"": {595, 842}, "?ukuran=a4": {595, 842}, "?ukuran=A3": {842, 1190}}
	cases := []struct {
		path  string
		wants []string
		links []string
	}{
		{poster, []string{"KTP-el", "1. Persyaratan", "3. Jangka Waktu Penyelesaian", report.TimeLimitText(cur.Content.Time),
			fmt.Sprintf("Versi %d · berlaku mulai", cur.Number), cur.Content.Product},
			[]string{"/unit/DKP-31.72/layanan/" + ktp, "/s/DKP-31.72/" + ktp, "/pengaduan?unit=DKP-31.72&layanan=" + ktp}},
		{"/unit/DKP-31.72/maklumat.pdf", []string{"MAKLUMAT PELAYANAN", m.SignatoryName}, []string{"/unit/DKP-31.72"}},
		{"/unit/DKP-31.72/papan.pdf", []string{"STANDAR PELAYANAN", "KTP-el", "Maklumat Pelayanan"}, []string{"/unit/DKP-31.72"}},
	}
	for _, tc := range cases {
		for q, size := range sizes {
			res := a.get(t, nil, tc.path+q)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s%s: %d %s", tc.path, q, res.StatusCode, res.Header.Get("Content-Type"))
			}
			if w, h := pdfPageSize(t, []byte(res.Body)); math.Abs(w-size[0]) > 1 || math.Abs(h-size[1]) > 1 {
				t.Errorf("%s%s: page %.0f × %.0f pt, want %.0f × %.0f", tc.path, q, w, h, size[0], size[1])
			}
			text, pages := pdfText(t, []byte(res.Body))
			if pages != 1 {
				t.Errorf("%s%s: %d pages", tc.path, q, pages)
			}
			for _, want := range tc.wants {
				if !strings.Contains(text, want) {
					t.Errorf("%s%s lacks %q", tc.path, q, want)
				}
			}
			for _, l := range tc.links {
				if !strings.Contains(res.Body, "("+a.URL+l+")") {
					t.Errorf("%s%s: no code links to %s", tc.path, q, a.URL+l)
				}
			}
			if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=") {
				t.Errorf("%s: Cache-Control %q", tc.path, cc)
			}
		}
	}

	// Revalidation costs nothing while the standard is unchanged.
	res := a.get(t, nil, poster)
	req, _ := http.NewRequest(http.MethodGet, a.URL+poster, nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	if again := a.do(t, nil, req); res.Header.Get("ETag") == "" || again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with ETag %q: %d", res.Header.Get("ETag"), again.StatusCode)
	}

	for path, want := range map[string]struct {
		status int
		text   string
	}{
		"/unit/DKP-31.72/layanan/" + kk + "/poster.pdf": {404, "belum mempunyai standar pelayanan yang diterbitkan"},
		"/unit/PKM-31.72.04/maklumat.pdf":               {404, "belum mempunyai maklumat pelayanan"},
		"/unit/PKM-31.72.04/papan.pdf":                  {404, "belum mempunyai standar pelayanan yang diterbitkan"},
		"/unit/DKP-31.72/layanan/tidak-ada/poster.pdf":  {404, ""},
		"/unit/TIDAK-ADA/papan.pdf":                     {404, ""},
		poster + "?ukuran=a5":                           {422, "a4 atau a3"},
		"/unit/DKP-31.72/papan.pdf?ukuran=letter":       {422, "a4 atau a3"},
	} {
		res := a.get(t, nil, path)
		if res.StatusCode != want.status || !strings.Contains(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(res.Body, want.text) {
			t.Errorf("%s: %d %s, want %d with %q", path, res.StatusCode, res.Header.Get("Content-Type"), want.status, want.text)
		}
	}
}

// TestStandardPosterLinks: the public unit page, the service's page and
// the staff standards page link the printables of what is published, and
// the complaint code's address chooses the service on the form.
func TestStandardPosterLinks(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	poster := "/unit/DKP-31.72/layanan/" + ktp + "/poster.pdf"

	doc := mustBePage(t, a.get(t, nil, "/unit/DKP-31.72"), http.StatusOK, "section#standar")
	for _, sel := range []string{`a[href=` + poster + `]`, `a[href=` + poster + `?ukuran=a3]`,
		`#board-links a[href=/unit/DKP-31.72/papan.pdf]`, `#maklumat-poster a[href=/unit/DKP-31.72/maklumat.pdf?ukuran=a3]`} {
		if len(findAll(doc, sel)) != 1 {
			t.Errorf("unit page: no link %s", sel)
		}
	}
	if n := len(findAll(doc, `article.standard[data-service=`+kk+`] .poster-links`)); n != 0 {
		t.Error("unit page links a poster of a service without a standard")
	}
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/layanan/"+ktp), http.StatusOK, "h1#service-public")
	if len(findAll(doc, `#posters a[href=`+poster+`?ukuran=a3]`)) != 1 {
		t.Error("service page: no A3 poster link")
	}
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/layanan/"+kk), http.StatusOK, "p.std-none")
	if len(findAll(doc, "#posters")) != 0 {
		t.Error("service page without a standard links a poster")
	}
	doc = mustBePage(t, a.get(t, nil, "/unit/PKM-31.72.04"), http.StatusOK, "section#standar")
	if len(findAll(doc, "#board-links")) != 0 || len(findAll(doc, "#maklumat-poster")) != 0 {
		t.Error("a unit with nothing published links a board or a maklumat poster")
	}

	op := a.login(t, "pimpinan.jakut")
	doc = mustBePage(t, a.get(t, op, "/kelola/standar/unit/DKP-31.72"), http.StatusOK, "h1#standards-page")
	for _, sel := range []string{`tr[data-service=` + ktp + `] a[href=` + poster + `]`, `#board-links a[href=/unit/DKP-31.72/papan.pdf?ukuran=a3]`,
		`#board-links a[href=/unit/DKP-31.72/maklumat.pdf]`} {
		if len(findAll(doc, sel)) != 1 {
			t.Errorf("standards page: no link %s", sel)
		}
	}

	doc = mustBePage(t, a.get(t, op, "/kelola/standar/unit/DKP-31.72/layanan/"+ktp), http.StatusOK, "h1#service-standard")
	if len(findAll(doc, `#posters a[href=`+poster+`?ukuran=a3]`)) != 1 {
		t.Error("staff service page: no A3 poster link")
	}
	doc = mustBePage(t, a.get(t, op, "/kelola/standar/unit/PKM-31.72.04"), http.StatusOK, "h1#standards-page")
	if len(findAll(doc, "#board-links")) != 0 {
		t.Error("standards page of a unit with nothing published links printables")
	}

	doc = mustBePage(t, a.get(t, nil, "/pengaduan?unit=DKP-31.72&layanan="+ktp), http.StatusOK, "select#f-service")
	var chosen []string
	for _, o := range findAll(doc, "select#f-service option") {
		for _, at := range o.Attr {
			if at.Key == "selected" {
				chosen = append(chosen, attr(o, "value"))
			}
		}
	}
	if len(chosen) != 1 || chosen[0] != ktp {
		t.Errorf("complaint form from the poster's code chooses %q, want %s", chosen, ktp)
	}
}
