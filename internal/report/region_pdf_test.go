package report

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/signintech/gopdf"

	"mutu/internal/geo"
	"mutu/internal/maps"
	"mutu/internal/region"
)

// TestHatchLines: the "no data" hatching stays inside its area and out of
// its hole.
func TestHatchLines(t *testing.T) {
	square := func(x0, y0, x1, y1 float64) []gopdf.Point {
		return []gopdf.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
	}
	segs := hatchLines([][]gopdf.Point{square(0, 0, 10, 10), square(4, 4, 6, 6)}, 1)
	if len(segs) < 15 {
		t.Fatalf("%d segments", len(segs))
	}
	inHole := 0
	for _, s := range segs {
		for _, f := range []float64{0, 0.25, 0.5, 0.75, 1} {
			x, y := s[0].X+f*(s[1].X-s[0].X), s[0].Y+f*(s[1].Y-s[0].Y)
			if x < -1e-9 || x > 10+1e-9 || y < -1e-9 || y > 10+1e-9 {
				t.Errorf("a line leaves the square at (%.2f, %.2f)", x, y)
			}
			if x > 4+1e-9 && x < 6-1e-9 && y > 4+1e-9 && y < 6-1e-9 {
				inHole++
			}
		}
	}
	if inHole > 0 {
		t.Errorf("%d points of the hatching lie in the hole", inHole)
	}
}

// TestRegionPDF: every area of a map is numbered as its table row, the
// legend names each class and "no data", and the period is stated.
func TestRegionPDF(t *testing.T) {
	sq := func(code, name string, x float64) geo.Boundary {
		return geo.Boundary{Code: code, Name: name, Level: region.Village, Shape: orb.MultiPolygon{{{
			{x, -6.2}, {x + 0.01, -6.2}, {x + 0.01, -6.19}, {x, -6.19}, {x, -6.2}}}}}
	}
	lay := maps.NewLayout([]geo.Boundary{sq("31.71.01.1001", "Gambir", 106.80), sq("31.71.01.1002", "Cideng", 106.81)}, 800)
	chart := maps.Choropleth{Classes: []maps.Class{{Fill: "#225ea8", Label: "A — Sangat Baik (88,31–100)"}},
		Values: map[string]maps.Value{"31.71.01.1001": {Class: 0, Text: "90,00 (A)"}, "31.71.01.1002": {Class: maps.NoData}}}
	b, err := RegionPDF(RegionReport{Region: "Kecamatan Gambir", Code: "31.71.01", Level: "Kecamatan", Period: "Triwulan IV 2026",
		Generated: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC),
		Sections: []RegionSection{{Title: "IKM konversi per Kelurahan", Period: "Triwulan IV 2026", Head: []string{"Kelurahan", "IKM konversi"},
			Rows: [][]string{{"Gambir", "90,00"}, {"Cideng", "tidak ada data"}},
			Maps: []RegionMap{{Title: "IKM konversi per Kelurahan", Layout: lay, Chart: chart, NoData: "tidak ada data"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	r := openPDF(t, b)
	mustContain(t, "region PDF", r.all, "LAPORAN WILAYAH", "Kecamatan Gambir", "Periode survei: Triwulan IV 2026", "Dicetak: 24 Nov 2026 10.00 WIB",
		"Gambar 1.1 IKM konversi per Kelurahan · Triwulan IV 2026", "A — Sangat Baik (88,31–100)", "Tidak ada data",
		"Tabel 1.1 IKM konversi per Kelurahan", "1 Gambir 90,00", "2 Cideng tidak ada data")
	if len(r.pages) != 1 {
		t.Errorf("%d pages, want 1", len(r.pages))
	}
}

// FuzzRegionPDFFromBoundaries: whatever boundary file the import accepts
// (geo.Parse) is drawn as a map and printed in a region's report without a
// panic or an error, every area hatched as "no data".
func FuzzRegionPDFFromBoundaries(f *testing.F) {
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"31.71.01.1001","name":"A","level":"kelurahan"},` +
		`"geometry":{"type":"Polygon","coordinates":[[[106.80,-6.20],[106.81,-6.20],[106.81,-6.19],[106.80,-6.19],[106.80,-6.20]],` +
		`[[106.803,-6.197],[106.807,-6.197],[106.807,-6.193],[106.803,-6.197]]]}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"31.71","name":"B","level":"kota"},` +
		`"geometry":{"type":"MultiPolygon","coordinates":[[[[106.82,-6.20],[106.83,-6.20],[106.83,-6.19],[106.82,-6.19],[106.82,-6.20]]],` +
		`[[[106.5,-5.7],[106.5001,-5.7],[106.5001,-5.6999],[106.5,-5.7]]]]}}]}`)
	f.Fuzz(func(t *testing.T, file string) {
		bs, err := geo.Parse(strings.NewReader(file))
		if err != nil || len(bs) > 50 {
			return
		}
		lay := maps.NewLayout(bs, 800)
		var rows [][]string
		for _, a := range lay.Areas {
			rows = append(rows, []string{a.Name})
		}
		_, err = RegionPDF(RegionReport{Region: "R", Code: "31", Level: "Provinsi", Period: "P", Sections: []RegionSection{{
			Title: "T", Head: []string{"Wilayah"}, Rows: rows,
			Maps: []RegionMap{{Title: "M", Layout: lay, Chart: maps.Choropleth{Classes: []maps.Class{{Fill: "#225ea8", Label: "A"}}}, NoData: "tidak ada data"}}}}})
		if err != nil {
			t.Fatal(err)
		}
	})
}
