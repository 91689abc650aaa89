package geo

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"mutu/internal/region"
)

func TestDKIJakarta(t *testing.T) {
	bs, err := DKIJakarta()
	if err != nil {
		t.Fatal(err)
	}
	count := map[region.Level]int{}
	for _, b := range bs {
		count[b.Level]++
	}
	want := map[region.Level]int{region.Province: 1, region.City: 6, region.District: 44, region.Village: 267}
	for l, n := range want {
		if count[l] != n {
			t.Errorf("%s: %d boundaries, want %d", l, count[l], n)
		}
	}
	// The data's README: this point lies in 31.72.02.1006 Sunter Agung.
	p := orb.Point{106.863956, -6.138414}
	var in []string
	for _, b := range bs {
		if b.Level == region.Village && planar.MultiPolygonContains(b.Shape, p) {
			in = append(in, b.Code)
		}
	}
	if len(in) != 1 || in[0] != "31.72.02.1006" {
		t.Errorf("point in %v, want [31.72.02.1006]", in)
	}
}
