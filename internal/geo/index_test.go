package geo

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"mutu/internal/region"
)

func dkiIndex(t testing.TB) *Index {
	bs, err := DKIJakarta()
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(bs)
}

func TestLocateDKIJakarta(t *testing.T) {
	ix := dkiIndex(t)
	for _, tc := range []struct {
		name     string
		lat, lng float64
		want     string // the smallest region holding the point; "" outside every boundary
	}{
		{"Monas", -6.175392, 106.827153, "31.71.01.1001"},                           // Gambir
		{"the data's own example", -6.138414, 106.863956, "31.72.02.1006"},          // Sunter Agung
		{"Gelora Bung Karno", -6.2251, 106.8029, "31.71.07.1001"},                   // Gelora
		{"Pluit (a multipolygon)", -6.1256, 106.7903, "31.72.01.1005"},              // Pluit
		{"west of a border, 11 m", -6.175392, 106.8024, "31.73.02.1003"},            // Tomang
		{"east of the same border", -6.175392, 106.8025, "31.73.07.1004"},           // Jatipulo
		{"Pulau Pramuka, Kepulauan Seribu", -5.7457, 106.6137, "31.01.01.1001"},     // Pulau Panggang
		{"Pulau Untung Jawa, Kepulauan Seribu", -5.9766, 106.7056, "31.01.02.1001"}, // Pulau Untung Jawa
		{"a sliver between kelurahan: its kecamatan", -6.37, 106.8825, "31.75.09"},  // Ciracas
		{"a sliver between cities: the province", -6.37, 106.8818, "31"},
		{"the sea between islands", -5.86, 106.55, ""},
		{"Bandung", -6.9175, 107.6191, ""},
		{"near the last island of a group, in the sea", -5.7431, 106.6116, ""},
	} {
		chain := ix.Locate(orb.Point{tc.lng, tc.lat})
		got := ""
		if len(chain) > 0 {
			got = chain[len(chain)-1].Code
		}
		if got != tc.want {
			t.Errorf("%s (%v, %v): in %q, want %q", tc.name, tc.lat, tc.lng, got, tc.want)
			continue
		}
		// The chain runs from the province down, each the parent of the next.
		for i := 1; i < len(chain); i++ {
			if region.ParentOf(chain[i].Code) != chain[i-1].Code {
				t.Errorf("%s: chain %s after %s", tc.name, chain[i].Code, chain[i-1].Code)
			}
		}
		if len(chain) > 0 && chain[0].Code != "31" {
			t.Errorf("%s: chain starts at %s", tc.name, chain[0].Code)
		}
	}
}

// square is a closed ring around (x, y) with half-width r.
func square(x, y, r float64) orb.Ring {
	return orb.Ring{{x - r, y - r}, {x + r, y - r}, {x + r, y + r}, {x - r, y + r}, {x - r, y - r}}
}

func TestLocateHolesAndMultipolygons(t *testing.T) {
	bs := []Boundary{
		{Code: "99", Name: "P", Level: region.Province, Shape: orb.MultiPolygon{{square(110, -5, 2)}}},
		{Code: "99.01", Name: "K", Level: region.City, Shape: orb.MultiPolygon{{square(110, -5, 1)}}},
		{Code: "99.01.01", Name: "D", Level: region.District, Shape: orb.MultiPolygon{{square(110, -5, 1)}}},
		// A kelurahan with a hole (a lake), and one of two islands.
		{Code: "99.01.01.1001", Name: "Ring", Level: region.Village, Shape: orb.MultiPolygon{{square(110, -5, 0.5), square(110, -5, 0.2)}}},
		{Code: "99.01.01.1002", Name: "Islands", Level: region.Village, Shape: orb.MultiPolygon{{square(110.8, -5.8, 0.1)}, {square(110.8, -4.2, 0.1)}}},
	}
	ix := NewIndex(bs)
	for _, tc := range []struct {
		p    orb.Point
		want string
	}{
		{orb.Point{110.35, -5}, "99.01.01.1001"},
		{orb.Point{110, -5}, "99.01.01"}, // in the hole: the kecamatan holds it
		{orb.Point{110.8, -5.8}, "99.01.01.1002"},
		{orb.Point{110.8, -4.2}, "99.01.01.1002"}, // the other island
		{orb.Point{111.5, -6.5}, "99"},
		{orb.Point{113, -5}, ""},
	} {
		chain := ix.Locate(tc.p)
		got := ""
		if len(chain) > 0 {
			got = chain[len(chain)-1].Code
		}
		if got != tc.want {
			t.Errorf("%v: in %q, want %q", tc.p, got, tc.want)
		}
	}
	if len(ix.Locate(orb.Point{110.35, -5})) != 4 {
		t.Errorf("chain %v, want 4 regions", ix.Locate(orb.Point{110.35, -5}))
	}
}

// BenchmarkLocate: the figures are in docs/performance.md.
func BenchmarkLocate(b *testing.B) {
	ix := dkiIndex(b)
	points := []orb.Point{{106.827153, -6.175392}, {106.863956, -6.138414}, {106.6137, -5.7457}, {106.8825, -6.37}, {107.6191, -6.9175}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Locate(points[i%len(points)])
	}
}

func BenchmarkNewIndex(b *testing.B) {
	bs, err := DKIJakarta()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		NewIndex(bs)
	}
}

func TestNear(t *testing.T) {
	ix := dkiIndex(t)
	var got []string
	for _, b := range ix.Near(orb.Point{106.863956, -6.138414}, region.City, 0.03) {
		got = append(got, b.Code)
	}
	// Sunter Agung: its city (Jakarta Utara) and Jakarta Pusat within 3 km; not Jakarta Selatan.
	if !slices.Contains(got, "31.72") || !slices.Contains(got, "31.71") || slices.Contains(got, "31.74") || !slices.IsSorted(got) {
		t.Errorf("near Sunter Agung: %v", got)
	}
	if near := ix.Near(orb.Point{107.6191, -6.9175}, region.City, 0.03); len(near) != 0 {
		t.Errorf("near Bandung: %v", near)
	}
}
