package web_test

import (
	"net/http"
	"strings"
	"testing"
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
