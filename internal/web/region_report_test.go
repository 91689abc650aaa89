package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/store"
)

// TestRegionReportPDF: a city's leader prints the city's report: a PDF
// with the IKM maps by kecamatan and by kelurahan and the complaint maps
// by kecamatan, each with its table, the figures those of the region
// page's maps (one source), areas without data saying so, the period
// stated. The province's and a kecamatan's reports print too; a kelurahan
// has none, another city is out of scope, and the link shows only to
// those who may follow it.
func TestRegionReportPDF(t *testing.T) {
	a := newApp(t)
	leader := a.login(t, "pimpinan.jakut")
	page := mustBePage(t, a.get(t, leader, "/wilayah/31.72"), 200, "figure#map-ikm-fig")
	ikm := areaLabels(t, page, "map-ikm")
	penjaringan := strings.TrimPrefix(ikm["/wilayah/31.72.01"], "Penjaringan: ") // "85,12 (B)"
	value, grade, _ := strings.Cut(penjaringan, " ")
	if value == "" || grade == "" {
		t.Fatalf("no IKM for Penjaringan on the page: %v", ikm)
	}
	if got := findAll(page, "a#region-report"); len(got) != 1 || attr(got[0], "href") != "/kelola/wilayah/31.72/laporan" {
		t.Errorf("the region page has no link to the report for its leader")
	}

	res := a.get(t, leader, "/kelola/wilayah/31.72/laporan")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "laporan-wilayah-31.72-") {
		t.Fatalf("report: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	text, pages := pdfText(t, []byte(res.Body))
	flat := strings.Join(strings.Fields(text), " ")
	st, err := a.DB.ComplaintStats(t.Context(), store.ComplaintFilter{RegionCode: "31.72.01"}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"LAPORAN WILAYAH", "Kota Administrasi Jakarta Utara", "Periode survei: Triwulan IV 2026",
		"IKM konversi per Kecamatan", "IKM konversi per Kelurahan", "Pengaduan per Kecamatan",
		"Penjaringan", "Kapuk Muara", "Kalibaru", // a kecamatan, kelurahan of two kecamatan
		value, "Tahun 2026", "Tidak ada data", "tidak ada data", "Tepat waktu",
		"A — Sangat Baik (88,31–100)", "D — Tidak Baik (25,00–64,99)",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Penjaringan's row: its figures as on the page; its complaints as the statistics count them.
	if !strings.Contains(flat, "Penjaringan") || !strings.Contains(flat, value+" "+grade[1:2]) {
		t.Errorf("Penjaringan's IKM %s is not in its table", penjaringan)
	}
	if st.Total == 0 || !strings.Contains(flat, "Penjaringan "+itoa(st.Total)+" ") {
		t.Errorf("Penjaringan's %d complaints are not in the complaints table", st.Total)
	}
	if pages < 4 {
		t.Errorf("%d pages", pages)
	}
	if strings.Contains(res.Body, "/Subtype /Image") || strings.Contains(res.Body, "http") {
		t.Error("the maps are not vector drawings only: an image or an address in the PDF")
	}

	// The province (its cities) and a kecamatan (its kelurahan).
	for _, tc := range []struct{ user, path, want string }{
		{"pimpinan.dki", "/kelola/wilayah/31/laporan?p=2026-T4", "IKM konversi per Kota"},
		{"admin.jakut", "/kelola/wilayah/31.72.01/laporan", "IKM konversi per Kelurahan"},
	} {
		res := a.get(t, a.login(t, tc.user), tc.path)
		if text, _ := pdfText(t, []byte(res.Body)); res.StatusCode != 200 || !strings.Contains(text, tc.want) {
			t.Errorf("%s as %s: %d, lacks %q", tc.path, tc.user, res.StatusCode, tc.want)
		}
	}
	// A kelurahan has no areas to compare; another city is out of scope.
	if res := a.get(t, leader, "/kelola/wilayah/31.72.01.1001/laporan"); res.StatusCode != 404 || !strings.Contains(res.Body, "kelurahan tidak memiliki wilayah di bawahnya") {
		t.Errorf("a kelurahan's report: %d", res.StatusCode)
	}
	if res := a.get(t, leader, "/kelola/wilayah/31.74/laporan"); res.StatusCode != 403 {
		t.Errorf("another city's report: %d", res.StatusCode)
	}
	if res := a.get(t, leader, "/kelola/wilayah/31.72/laporan?p=bukan"); res.StatusCode != 422 && res.StatusCode != 400 {
		t.Errorf("a bad period: %d", res.StatusCode)
	}
	// The link: on the dashboard for the leader, with its quarter; not for
	// the public or an evaluator.
	dash := mustBePage(t, a.get(t, leader, "/dasbor"), 200, "section#kinerja-wilayah")
	if got := findAll(dash, "a#region-report"); len(got) != 1 || attr(got[0], "href") != "/kelola/wilayah/31.72/laporan?p=2026-T4" {
		t.Error("the leader's dashboard has no link to the report")
	}
	for _, c := range []*http.Client{a.client(t), a.login(t, "evaluator.jakut")} {
		doc := mustBePage(t, a.get(t, c, "/wilayah/31.72"), 200, "figure#map-ikm-fig")
		if len(findAll(doc, "a#region-report")) != 0 {
			t.Error("the report is linked for someone who may not print it")
		}
	}
}

// BenchmarkRegionReportPDF prints the reports of a city (kecamatan and
// kelurahan IKM maps, complaint maps) and of the province (cities; 44
// kecamatan for complaints), one at a time.
func BenchmarkRegionReportPDF(b *testing.B) {
	for _, tc := range []struct{ name, user, path string }{
		{"city", "pimpinan.jakut", "/kelola/wilayah/31.72/laporan"},
		{"province", "pimpinan.dki", "/kelola/wilayah/31/laporan"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a := newApp(b)
			c := a.login(b, tc.user)
			u, _ := url.Parse(a.URL)
			cookies := c.Jar.Cookies(u)
			h := a.Srv.Handler()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if rec := serve(h, http.MethodGet, tc.path, "", nil, cookies...); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", tc.path, rec.Code)
				}
			}
		})
	}
}
