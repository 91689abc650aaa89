package web_test

import (
	"net/http"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/geo"
)

// TestUnitsNearby: "unit terdekat" lists the units with coordinates in the
// cities near the point (across a border too), nearest first, with their
// distance; a point outside every boundary and a malformed one are said so.
func TestUnitsNearby(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	place := func(code string, lat, lng float64) {
		u, err := a.DB.UnitByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		u.Point = &geo.Point{Lat: lat, Lng: lng}
		if err := a.DB.UpdateUnit(ctx, audit.CLI, u); err != nil {
			t.Fatal(err)
		}
	}
	place("KEL-31.72.02.1006", -6.1390, 106.8640) // Sunter Agung, about 65 m away
	place("PKM-31.72.01", -6.1261, 106.7966)      // Penjaringan, about 7.6 km
	place("KEL-31.71.01.1001", -6.1754, 106.8271) // Gambir, Jakarta Pusat: across the border, 5.8 km
	place("KEL-31.74.01.1001", -6.2600, 106.8000) // Jakarta Selatan: far from the point, not read

	mustBePage(t, a.get(t, nil, "/"), 200, "a#unit-terdekat")
	doc := mustBePage(t, a.get(t, nil, "/unit-terdekat"), 200, "form#titik input#f-lat")
	if len(findAll(doc, "ol.results")) != 0 {
		t.Error("results without a point")
	}

	doc = mustBePage(t, a.get(t, nil, "/unit-terdekat?lat=-6.138414&lng=106.863956"), 200, "ol.results")
	items := findAll(doc, "ol.results li")
	if len(items) != 3 {
		t.Fatalf("%d units listed, want 3: %s", len(items), textOf(doc, "ol.results"))
	}
	list := textOf(doc, "ol.results")
	near, mid, far := strings.Index(list, "Kantor Kelurahan Sunter Agung"), strings.Index(list, "Kantor Kelurahan Gambir"), strings.Index(list, "Puskesmas")
	if near < 0 || mid < near || far < mid || !strings.Contains(list[near:mid], "70 m") || !strings.Contains(list[mid:far], "5,8 km") || !strings.Contains(list[far:], "7,6 km") {
		t.Errorf("listed %q", list)
	}
	if got := textOf(doc, "#dicari"); !strings.Contains(got, "Jakarta Utara") || !strings.Contains(got, "Jakarta Pusat") || strings.Contains(got, "Jakarta Selatan") {
		t.Errorf("searched in %q", got)
	}
	if got := textOf(doc, "#tempat"); !strings.Contains(got, "Sunter Agung") || !strings.Contains(got, "Tanjung Priok") {
		t.Errorf("the place: %q", got)
	}

	doc = mustBePage(t, a.get(t, nil, "/unit-terdekat?lat=-6.9175&lng=107.6191"), 200, "p#di-luar")
	if len(findAll(doc, "ol.results")) != 0 {
		t.Error("units listed for a point outside every boundary")
	}
	mustBePage(t, a.get(t, nil, "/unit-terdekat?lat=106.8&lng=-6.1"), http.StatusBadRequest, "form#titik #e-lat")
}
