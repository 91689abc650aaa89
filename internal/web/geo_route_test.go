package web_test

import (
	"net/url"
	"testing"

	"github.com/paulmach/orb"

	"mutu/internal/audit"
	"mutu/internal/geo"
	"mutu/internal/region"
)

// TestPointRoutingOneRule: a report located by a point goes to the same
// unit whichever channel brings it (the public form with "Gunakan lokasi
// saya", Open311 with lat/long): the kelurahan office holding the point,
// else the nearest desk above the smallest region holding it; on SQLite
// and PostgreSQL, near a border, on islands of Kepulauan Seribu, in
// slivers and in a hole.
func TestPointRoutingOneRule(t *testing.T) {
	for name, newA := range map[string]func(testing.TB) *app{"sqlite": func(t testing.TB) *app { return newApp(t) }, "postgres": newPostgresApp} {
		t.Run(name, func(t *testing.T) {
			a := newA(t)
			ctx := t.Context()
			key := newKey(t, a, "")
			receiver := func(code string) string {
				t.Helper()
				rep, err := a.DB.ComplaintByCode(ctx, code)
				if err != nil {
					t.Fatal(err)
				}
				u, err := a.DB.UnitByID(ctx, rep.UnitID)
				if err != nil {
					t.Fatal(err)
				}
				return u.Code
			}
			check := func(place, lat, lng, want string) {
				t.Helper()
				web := receiver(fileComplaint(t, a, url.Values{"kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Trotoar rusak"},
					"body": {"Trotoar di depan halte rusak parah dan membahayakan pejalan kaki."}, "lat": {lat}, "lng": {lng}}))
				_, code := post311(t, a, "json", form311(key, "address_string", "", "lat", lat, "long", lng))
				if o311 := receiver(code); web != want || o311 != want {
					t.Errorf("%s: the form routes to %s, Open311 to %s, want %s", place, web, o311, want)
				}
			}
			for _, tc := range []struct{ place, lat, lng, want string }{
				{"Monas", "-6.175392", "106.827153", "KEL-31.71.01.1001"},
				{"west of the Tomang–Jatipulo border, 11 m", "-6.175392", "106.8024", "KEL-31.73.02.1003"},
				{"east of it", "-6.175392", "106.8025", "KEL-31.73.07.1004"},
				{"Pulau Pramuka, Kepulauan Seribu", "-5.7457", "106.6137", "KEL-31.01.01.1001"},
				{"Pulau Untung Jawa, Kepulauan Seribu", "-5.9766", "106.7056", "KEL-31.01.02.1001"},
				{"a sliver between kelurahan of Ciracas", "-6.37", "106.8825", "KEC-31.75.09"},
				{"a sliver between cities", "-6.37", "106.8818", "ADU-31"},
			} {
				check(tc.place, tc.lat, tc.lng, tc.want)
			}
			// The shipped boundaries have no holes: Kelurahan Gambir redrawn
			// as a frame around Monas (as "mutu import boundaries" would).
			frame := geo.Boundary{Code: "31.71.01.1001", Name: "Gambir", Level: region.Village, Shape: orb.MultiPolygon{{
				{{106.820, -6.182}, {106.834, -6.182}, {106.834, -6.168}, {106.820, -6.168}, {106.820, -6.182}},
				{{106.824, -6.178}, {106.824, -6.172}, {106.830, -6.172}, {106.830, -6.178}, {106.824, -6.178}},
			}}}
			if err := a.DB.ImportBoundaries(ctx, audit.CLI, []geo.Boundary{frame}); err != nil {
				t.Fatal(err)
			}
			check("Monas, in the hole of Gambir's frame", "-6.175392", "106.827153", "KEC-31.71.01")
			check("the frame itself", "-6.1805", "106.827153", "KEL-31.71.01.1001")
		})
	}
}
