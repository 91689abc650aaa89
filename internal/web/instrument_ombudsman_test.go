package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"mutu/internal/store"
)

// The staff instrument pages show the Ombudsman's versions: dimensions
// with their weights, indicators (sourced or assumed weights), the index
// scale and the opinion table, its bounds marked unconfirmed.
func TestOmbudsmanInstrumentPages(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	doc := mustBePage(t, a.get(t, ev, "/kelola/instrumen"), http.StatusOK, "section#instrumen-ombudsman")
	links := findAll(doc, "section#instrumen-ombudsman td a")
	if labels := textOf(doc, "section#instrumen-ombudsman td a"); len(links) != 4 ||
		labels != "ombudsman-2024\nombudsman-2023\nombudsman-2022\nombudsman-2021" {
		t.Fatalf("Ombudsman versions listed: %q", labels)
	}
	if !strings.Contains(textOf(doc, "section#instrumen-ombudsman p.muted"), "Penilaian Kepatuhan Ombudsman RI") {
		t.Errorf("kind: %q", textOf(doc, "section#instrumen-ombudsman p.muted"))
	}

	doc = mustBePage(t, a.get(t, ev, attr(links[1], "href")), http.StatusOK, "dl#instrument-version")
	if !strings.Contains(textOf(doc, "dl#instrument-version"), "ombudsman-2023") || textOf(doc, "dd#index-scale") != "0–100" ||
		!strings.Contains(textOf(doc, "p#index-rule"), "0–5") {
		t.Errorf("version header: %q", textOf(doc, "dl#instrument-version"))
	}
	for code, want := range map[string]string{"input": "21,85 %", "proses": "32,37 %", "output": "24,24 %", "pengaduan": "21,54 %"} {
		if h := textOf(doc, "section#aspek-"+code+" h2"); !strings.Contains(h, want) {
			t.Errorf("dimension %s: %q, want %s", code, h, want)
		}
	}
	if n := len(findAll(doc, "details.indicator")); n != 36 {
		t.Errorf("%d indicators, want 15 + 11 + 5 + 5", n)
	}
	for id, want := range map[string]string{"IN-01": "12,22 % bersumber", "IN-02": "6,27 % asumsi", "PG-01": "20 % asumsi"} {
		if s := strings.Join(strings.Fields(textOf(doc, "details#indikator-"+id+" summary")), " "); !strings.HasSuffix(s, want) {
			t.Errorf("%s: %q, want it to end %q", id, s, want)
		}
	}
	if !strings.Contains(textOf(doc, "p#unconfirmed-bounds"), "belum terkonfirmasi") {
		t.Error("the unconfirmed bounds are not explained")
	}
	rows := findAll(doc, "table#categories tbody tr")
	if len(rows) != 5 {
		t.Fatalf("%d opinions", len(rows))
	}
	for i, want := range map[int]string{0: "88,01 – 100,00 belum terkonfirmasi A Kualitas Tertinggi hijau",
		2: "56,01 – 78,00 belum terkonfirmasi C Kualitas Sedang kuning", 4: "0,00 – 44,00 belum terkonfirmasi E Kualitas Terendah merah"} {
		if got := strings.Join(strings.Fields(textOf(rows[i], "td")), " "); got != want {
			t.Errorf("opinion row %d: %q, want %q", i, got, want)
		}
	}

	// The zones up to 2021 are published: no unconfirmed mark.
	doc = mustBePage(t, a.get(t, ev, attr(links[3], "href")), http.StatusOK, "dl#instrument-version")
	rows = findAll(doc, "table#categories tbody tr")
	if len(rows) != 3 || strings.Join(strings.Fields(textOf(rows[0], "td")), " ") != "81,00 – 100,00 hijau Kepatuhan Tinggi hijau" {
		t.Fatalf("2021 zones: %d rows", len(rows))
	}
	if len(findAll(doc, "p#unconfirmed-bounds")) != 0 || strings.Contains(textOf(doc, "table#categories"), "belum terkonfirmasi") {
		t.Error("the published 2021 zones are marked unconfirmed")
	}
}

// checked reports whether the checkbox of a name is checked.
func checked(doc *html.Node, name string) bool {
	for _, e := range findAll(doc, "input[name="+name+"]") {
		for _, a := range e.Attr {
			if a.Key == "checked" {
				return true
			}
		}
	}
	return false
}

// ombudsmanVersionID is the id of a stored Ombudsman version.
func ombudsmanVersionID(t *testing.T, a *app, label string) string {
	t.Helper()
	all, err := a.DB.InstrumentVersions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range all {
		if v.Label == label {
			return v.ID
		}
	}
	t.Fatalf("no version %s stored", label)
	return ""
}

// A province administrator saves new opinion bounds as the next version:
// problems come back by field and store nothing; the version edited stays.
func TestOmbudsmanBoundsForm(t *testing.T) {
	a := newApp(t)
	id := ombudsmanVersionID(t, a, "ombudsman-2023")
	path := "/kelola/instrumen/" + id + "/batas"
	// A city's administrator neither sees the link nor edits national data.
	city := a.login(t, "admin.jakut")
	doc := mustBePage(t, a.get(t, city, "/kelola/instrumen/"+id), http.StatusOK, "dl#instrument-version")
	if len(findAll(doc, "a#edit-bounds")) != 0 {
		t.Error("a city administrator is offered the bounds form")
	}
	mustBePage(t, a.get(t, city, path), http.StatusForbidden, "main")

	prov := a.login(t, "admin")
	doc = mustBePage(t, a.get(t, prov, "/kelola/instrumen/"+id), http.StatusOK, "a#edit-bounds")
	doc = mustBePage(t, a.get(t, prov, path), http.StatusOK, "h1#bounds-form")
	if attr(findAll(doc, "input#f-min-A")[0], "value") != "88,01" || len(findAll(doc, "input#f-min-E")) != 0 ||
		checked(doc, "sourced-A") {
		t.Fatalf("the form does not start from the stored bounds")
	}
	// The 2021 zones are published: they start checked.
	doc = mustBePage(t, a.get(t, prov, "/kelola/instrumen/"+ombudsmanVersionID(t, a, "ombudsman-2021")+"/batas"), http.StatusOK, "h1#bounds-form")
	if !checked(doc, "sourced-hijau") {
		t.Error("a published bound is not shown confirmed")
	}
	count := func() int {
		all, err := a.DB.InstrumentVersions(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return len(all)
	}
	before := count()
	form := url.Values{"min-A": {"88,001"}, "min-B": {"78,01"}, "min-C": {"80"}, "min-D": {"lima"}}
	doc = mustBePage(t, a.post(t, prov, path, form), http.StatusUnprocessableEntity, "h1#bounds-form")
	for field, want := range map[string]string{"min-A": "paling banyak 2 desimal", "min-C": "lebih kecil dari batas kategori di atasnya",
		"min-D": "paling banyak 2 desimal"} {
		if got := textOf(doc, "span#e-"+field); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
	if attr(findAll(doc, "input#f-min-D")[0], "value") != "lima" || !strings.Contains(textOf(doc, "div#kesalahan"), "Batas bawah A") {
		t.Errorf("the refused input or the summary: %q", textOf(doc, "div#kesalahan"))
	}
	if count() != before {
		t.Fatal("a refused form stored a version")
	}

	res := a.post(t, prov, path, url.Values{"min-A": {"90"}, "min-B": {"80,5"}, "min-C": {"56,01"}, "min-D": {"44,01"}, "sourced-A": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	doc = mustBePage(t, a.get(t, prov, res.Header.Get("Location")), http.StatusOK, "dl#instrument-version")
	if !strings.Contains(textOf(doc, "dl#instrument-version"), "ombudsman-2023-v5") {
		t.Errorf("new version: %q", textOf(doc, "dl#instrument-version"))
	}
	rows := findAll(doc, "table#categories tbody tr")
	if got := strings.Join(strings.Fields(textOf(rows[0], "td")), " "); got != "90,00 – 100,00 A Kualitas Tertinggi hijau" {
		t.Errorf("A: %q", got)
	}
	if got := strings.Join(strings.Fields(textOf(rows[1], "td")), " "); got != "80,50 – 89,99 belum terkonfirmasi B Kualitas Tinggi hijau" {
		t.Errorf("B: %q", got)
	}
	doc = mustBePage(t, a.get(t, prov, "/kelola/instrumen/"+id), http.StatusOK, "table#categories")
	if got := strings.Join(strings.Fields(textOf(findAll(doc, "table#categories tbody tr")[0], "td")), " "); !strings.HasPrefix(got, "88,01 – 100,00") {
		t.Errorf("the edited version changed: %q", got)
	}
	entries, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "instrument.version"})
	if len(entries) != 1 || entries[0].ObjectID != "ombudsman-2023-v5" || entries[0].ActorID == "" {
		t.Errorf("audit: %+v", entries)
	}
	// A city's checklist has no bounds to edit.
	mustBePage(t, a.get(t, prov, "/kelola/instrumen/tidak-ada/batas"), http.StatusNotFound, "main")
}
