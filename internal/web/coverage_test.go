package web_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// coverageRows reads a coverage table: code → "services/current/percent/due".
func coverageRows(doc *html.Node, table string) map[string]string {
	out := map[string]string{}
	for _, tr := range findAll(doc, "#"+table+" tbody tr") {
		var cells []string
		for _, td := range findAll(tr, "td") {
			cells = append(cells, strings.TrimSpace(textOf(td, "")))
		}
		out[attr(tr, "data-code")] = strings.Join(cells, "/")
	}
	return out
}

// TestCoverageFigures: on the demo (both engines), the coverage of
// standards per unit, kecamatan and city for the Jakarta Utara leader:
// Kelurahan Penjaringan complete, Dukcapil and Puskesmas Penjaringan
// partly (the Puskesmas's two standards in force since June 2025 due for
// review), Puskesmas Cilincing none; the dashboard's figures are the
// page's; the province leader sees cities; an operator only their unit.
func TestCoverageFigures(t *testing.T) {
	for name, newApp := range map[string]func(testing.TB, ...appOption) *app{
		"sqlite": newApp, "postgres": func(t testing.TB, _ ...appOption) *app { return newPostgresApp(t) },
	} {
		t.Run(name, func(t *testing.T) {
			a := newApp(t)
			leader := a.login(t, "pimpinan.jakut")
			doc := mustBePage(t, a.get(t, leader, "/kelola/standar/cakupan"), 200, "h1#coverage")
			units := coverageRows(doc, "coverage-units-table")
			for code, want := range map[string]string{
				"KEL-31.72.01.1001": "5/5/100,0%/0", // every service
				"KEL-31.72.01.1002": "5/1/20,0%/0",
				"DKP-31.72":         "7/2/28,6%/0",
				"PKM-31.72.01":      "7/2/28,6%/2", // in force since 2 June 2025: due
				"PTSP-31.72":        "5/1/20,0%/0",
				"PKM-31.72.04":      "7/0/0,0%/0",
			} {
				if units[code] != want {
					t.Errorf("unit %s: %q, want %q", code, units[code], want)
				}
			}
			if _, ok := units["DKP-31.74"]; ok || len(units) < 40 {
				t.Errorf("%d units, or one outside Jakarta Utara", len(units))
			}
			districts := coverageRows(doc, "coverage-districts")
			// Penjaringan: the kecamatan office 0/4, five kelurahan (5/5 and
			// 4 × 1/5), the Puskesmas 2/7; the city's own units in its row.
			if districts["31.72.01"] != "36/11/30,6%/2" || districts["31.72"] != "30/3/10,0%/0" {
				t.Errorf("districts %q", districts)
			}
			if len(findAll(doc, "#coverage-cities")) != 0 {
				t.Error("a city leader sees a table of cities")
			}
			share := textOf(doc, "#coverage-share")
			if !strings.Contains(share, "dari") {
				t.Errorf("share %q", share)
			}
			levels := textOf(doc, "#coverage-units")
			if !strings.HasPrefix(strings.TrimSpace(levels), "1") {
				t.Errorf("complete units %q", levels)
			}
			// The dashboard shows the same figures.
			dash := mustBePage(t, a.get(t, leader, "/dasbor"), 200, "#kinerja-wilayah")
			if got := textOf(dash, "#coverage-share"); got != share {
				t.Errorf("dashboard %q, page %q", got, share)
			}
			if got := coverageRows(dash, "coverage-districts"); got["31.72.01"] != districts["31.72.01"] || textOf(dash, "#coverage-due") != textOf(doc, "#coverage-due") {
				t.Errorf("dashboard districts %q", got)
			}
			// The province's leader: cities too.
			prov := mustBePage(t, a.get(t, a.login(t, "pimpinan.dki"), "/kelola/standar/cakupan"), 200, "h1#coverage")
			if cities := coverageRows(prov, "coverage-cities"); cities["31.74"] == "" || cities["31.72"] == "" {
				t.Errorf("cities %q", cities)
			}
			// An operator: their unit only.
			op := mustBePage(t, a.get(t, a.login(t, "operator.ptsp"), "/kelola/standar/cakupan"), 200, "h1#coverage")
			if got := coverageRows(op, "coverage-units-table"); len(got) != 1 || got["PTSP-31.72"] != "5/1/20,0%/0" {
				t.Errorf("operator %q", got)
			}
			// The export: one row per unit, the same figures.
			res := a.get(t, leader, "/kelola/standar/cakupan?format=csv")
			if res.StatusCode != 200 || !strings.Contains(res.Body, "KEL-31.72.01.1001;Kantor Kelurahan Penjaringan;31.72.01.1001;5;5;100,0;0") ||
				!strings.Contains(res.Body, "PKM-31.72.01;Puskesmas Kecamatan Penjaringan;31.72.01;7;2;28,6;2") {
				t.Errorf("csv %d %.400s", res.StatusCode, res.Body)
			}
			if res := a.get(t, leader, "/kelola/standar/cakupan?format=xlsx"); res.StatusCode != 200 || !strings.HasPrefix(res.Body, "PK") {
				t.Errorf("xlsx %d", res.StatusCode)
			}
			if res := a.get(t, leader, "/kelola/standar/cakupan?format=pdf"); res.StatusCode != 422 {
				t.Errorf("pdf export %d", res.StatusCode)
			}
		})
	}
}
