package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"golang.org/x/net/html"

	"mutu/internal/audit"
	"mutu/internal/geo"
	"mutu/internal/region"
)

// fmsForm is a request as FixMyStreet's client (perllib/Open311.pm) posts
// one: the point, the definition's attributes left empty, the
// jurisdiction it was configured with.
func fmsForm(key string) url.Values {
	return url.Values{"api_key": {key}, "jurisdiction_id": {"31.72"}, "service_code": {"pengaduan"},
		"description": {"Lampu penerangan jalan di depan kantor kelurahan mati sejak tiga malam."},
		"first_name":  {"Budi"}, "last_name": {"Santoso"}, "email": {"budi@example.com"},
		"lat": {"-6.118400"}, "long": {"106.906100"}, "media_url": {"https://fms.example/photo/1.jpeg"},
		"attribute[privacy]": {""}, "attribute[region]": {""}, "attribute[unit]": {""}}
}

// TestFixMyStreetSteps replays, in XML as the client asks, every request
// FixMyStreet's Open311 client makes (scripts/fixmystreet runs the client
// itself against mutu serve --demo).
func TestFixMyStreetSteps(t *testing.T) {
	a := newApp(t)
	key := newKey(t, a, "")
	const juris = "?jurisdiction_id=31.72"

	var services specServices
	o311(t, a, "GET", "/open311/v2/services.xml"+juris, nil, &services)
	if len(services.Services) != 4 || services.Services[0].Code != "pengaduan" {
		t.Errorf("services: %+v", services)
	}
	var def specDefinition
	o311(t, a, "GET", "/open311/v2/services/pengaduan.xml"+juris, nil, &def)
	if len(def.Attributes) != 3 || def.Attributes[0].Required {
		t.Errorf("definition: %+v", def)
	}

	// A point and nothing else: the kelurahan holding it (Lagoa) receives it.
	id, code := post311(t, a, "xml", fmsForm(key))
	r := readBack(t, a, "xml", id) // without a key
	if r.Status != "open" || r.ServiceCode != "pengaduan" || r.Description != "" {
		t.Errorf("read back at once: %+v", r)
	}

	// Polling a window: the last hour, and one of 400 days, capped to 90.
	now := a.DB.Now()
	for _, from := range []time.Time{now.Add(-time.Hour), now.AddDate(0, 0, -400)} {
		q := url.Values{"jurisdiction_id": {"31.72"}, "start_date": {from.Format(time.RFC3339)}, "end_date": {now.Format(time.RFC3339)}}
		var list specRequests
		o311(t, a, "GET", "/open311/v2/requests.xml?"+q.Encode(), nil, &list)
		if from.Before(now.AddDate(0, 0, -90)) && len(list.Requests) == 0 {
			t.Errorf("a 400-day window lists nothing")
		}
	}

	// A bad key: 403 and the spec's error list, which the client parses.
	wantO311Error(t, "/open311/v2/requests.xml", a.post(t, nil, "/open311/v2/requests.xml", fmsForm("kunci-salah")), 403, "api_key")

	// Accepted by a verifier: the public fields, and the office it went to.
	admin := a.login(t, "admin.jakut")
	if res := a.post(t, admin, "/kelola/pengaduan/"+numberOf(t, a, code), url.Values{"action": {"verifikasi"}}); res.StatusCode != 303 {
		t.Fatalf("verifikasi: %d %s", res.StatusCode, res.Body)
	}
	r = readBack(t, a, "xml", id)
	if r.AgencyResponsible != "Kantor Kelurahan Lagoa" || r.Lat == nil || *r.Lat != -6.1184 || r.Long == nil || *r.Long != 106.9061 ||
		r.MediaURL != "https://fms.example/photo/1.jpeg" || !strings.HasPrefix(r.Description, "Lampu penerangan jalan") {
		t.Errorf("after verification: %+v", r)
	}
}

// TestOpen311RoutesByPoint: only lat/long, no region or unit: the office
// of the smallest region whose boundary holds the point, else the nearest
// desk; outside every boundary, an error naming the point; a key limited
// to a region may not file elsewhere by point either.
func TestOpen311RoutesByPoint(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	national, jakut := newKey(t, a, ""), newKey(t, a, "31.72")
	point := func(key, lat, long string) url.Values {
		return form311(key, "address_string", "", "lat", lat, "long", long)
	}
	for _, tc := range []struct{ name, lat, long, unit string }{
		{"Monas", "-6.175392", "106.827153", "KEL-31.71.01.1001"},
		{"west of the Tomang–Jatipulo border", "-6.175392", "106.8024", "KEL-31.73.02.1003"},
		{"east of it", "-6.175392", "106.8025", "KEL-31.73.07.1004"},
		{"Pulau Pramuka, Kepulauan Seribu", "-5.7457", "106.6137", "KEL-31.01.01.1001"},
		{"a sliver between kelurahan of Ciracas", "-6.37", "106.8825", "KEC-31.75.09"},
		{"a sliver between cities", "-6.37", "106.8818", "ADU-31"},
	} {
		_, code := post311(t, a, "json", point(national, tc.lat, tc.long))
		rep, err := a.DB.ComplaintByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		u, err := a.DB.UnitByID(ctx, rep.UnitID)
		if err != nil || u.Code != tc.unit {
			t.Errorf("%s: routed to %v, want %s (%v)", tc.name, u, tc.unit, err)
		}
		if rep.Point == nil || rep.Point.Lat == 0 {
			t.Errorf("%s: point not kept: %v", tc.name, rep.Point)
		}
	}
	for _, f := range []string{"json", "xml"} {
		path := "/open311/v2/requests." + f
		wantO311Error(t, path+" Bandung", a.post(t, nil, path, point(national, "-6.9175", "107.6191")), 400, "lat/long")
		wantO311Error(t, path+" swapped", a.post(t, nil, path, point(national, "106.827153", "-6.175392")), 400, "lat")
		wantO311Error(t, path+" Gambir with a Jakarta Utara key", a.post(t, nil, path, point(jakut, "-6.175392", "106.827153")), 403, "31.72")
	}
	res := a.post(t, nil, "/open311/v2/requests.json", point(national, "-6.9175", "107.6191"))
	if !strings.Contains(res.Body, "-6.9175") {
		t.Errorf("the error does not name the point: %s", res.Body)
	}
}

// TestBoundariesFollowTheDatabase: a boundary imported on another node (the
// data version in the database changed) is used by the next request, to
// route a report and to draw the maps.
func TestBoundariesFollowTheDatabase(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	national := newKey(t, a, "")
	monas := func() string {
		_, code := post311(t, a, "json", form311(national, "address_string", "", "lat", "-6.175392", "long", "106.827153"))
		rep, err := a.DB.ComplaintByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := a.DB.UnitByID(ctx, rep.UnitID)
		return u.Code
	}
	// Gambir's shape on its kecamatan's map.
	gambir := func() string {
		doc := mustBePage(t, a.get(t, nil, "/wilayah/31.71.01"), 200, "figure#map-ikm-fig")
		for _, link := range findAll(doc, "figure#map-ikm-fig svg a") {
			if attr(link, "href") != "/wilayah/31.71.01.1001" {
				continue
			}
			for c := link.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					return attr(c, "d") + attr(c, "cx") + attr(c, "cy")
				}
			}
		}
		t.Fatal("no Gambir on Kecamatan Gambir's map")
		return ""
	}
	if got := monas(); got != "KEL-31.71.01.1001" {
		t.Fatalf("Monas before: %s", got)
	}
	before := gambir()
	// Kelurahan Gambir redrawn away from Monas, as another node imports it.
	moved := geo.Boundary{Code: "31.71.01.1001", Name: "Gambir", Level: region.Village,
		Shape: orb.MultiPolygon{{{{106.81, -6.17}, {106.815, -6.17}, {106.815, -6.165}, {106.81, -6.165}, {106.81, -6.17}}}}}
	if err := a.DB.ImportBoundaries(ctx, audit.CLI, []geo.Boundary{moved}); err != nil {
		t.Fatal(err)
	}
	if got := monas(); got != "KEC-31.71.01" {
		t.Errorf("Monas after the import: %s, want the kecamatan's office", got)
	}
	if gambir() == before {
		t.Error("the map still draws Gambir as it was before the import")
	}
}
