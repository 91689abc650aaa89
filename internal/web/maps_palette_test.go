package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"mutu/internal/maps"
)

// TestDemoKelurahanMap: the demo's kelurahan offices have survey
// responses, so a city's kelurahan map this quarter shows figures for most
// kelurahan and "no data" for the few without; the grades are drawn from
// the maps' colour-blind-safe scale (maps.GradeFills), never in the hues of
// the grade letters (green A, blue B, orange C, red D).
func TestDemoKelurahanMap(t *testing.T) {
	a := newApp(t)
	res := a.get(t, a.client(t), "/wilayah/31.72?peta=kelurahan")
	doc := mustBePage(t, res, 200, "figure#map-ikm-fig")
	areas := areaLabels(t, doc, "map-ikm")
	with, without := 0, 0
	for _, label := range areas {
		if strings.HasSuffix(label, ": tidak ada data") {
			without++
		} else {
			with++
		}
	}
	if len(areas) != 31 || with < 20 || without == 0 {
		t.Errorf("kelurahan of Jakarta Utara this quarter: %d with figures, %d without, want most with and some without", with, without)
	}

	css := cssColours(t, a.get(t, nil, "/static/mutu.css").Body)
	letters := []string{css["ok"], css["bad"], css["grade-c"], css["weak"], "#1a56a6"} // .mutu-A … .mutu-D, the PDF's grade C
	scale := append(maps.Sequential(5), maps.Sequential(4)...)
	scale = append(scale, append(maps.Sequential(3), maps.NoDataFill)...) // the hatching's ground
	drawing := textBetween(res.Body, `<div class="map-drawing">`, `</svg>`)
	fills := regexp.MustCompile(`fill="(#[0-9a-f]{6})"`).FindAllStringSubmatch(drawing, -1)
	if len(fills) < 20 {
		t.Fatalf("%d filled areas on the kelurahan map", len(fills))
	}
	for _, m := range fills {
		if slices.Contains(letters, m[1]) || !slices.Contains(scale, m[1]) {
			t.Errorf("an area is filled %s: not a class of the maps' scale", m[1])
		}
	}
	legend := findAll(doc, "figure#map-ikm-fig ul.map-legend li rect")
	for i, want := range maps.GradeFills(4) {
		if i >= len(legend) || attr(legend[i], "fill") != want {
			t.Errorf("legend line %d is not filled %s", i, want)
		}
	}
}
