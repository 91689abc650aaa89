package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"mutu/internal/geo"

	"golang.org/x/net/html"
)

// TestComplaintFormUsesMyLocation: "Gunakan lokasi saya" is offered by a
// static script (no inline script; hidden without it); the point sent
// with the form chooses the region, and is kept only when the citizen
// agrees; a point outside every boundary comes back beside its field.
func TestComplaintFormUsesMyLocation(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	doc := mustBePage(t, a.get(t, nil, "/pengaduan"), 200, `form[action=/pengaduan] fieldset#lokasi-saya button[data-geolocate-button]`)
	if !slices.ContainsFunc(findAll(doc, "fieldset#lokasi-saya")[0].Attr, func(at html.Attribute) bool { return at.Key == "hidden" }) {
		t.Error("the fieldset is shown without the script")
	}
	if len(findAll(doc, `script[src=/static/geolocate.js]`)) != 1 || len(findAll(doc, `fieldset#lokasi-saya input[type=checkbox][name=keep_point]`)) != 1 {
		t.Error("the script or the consent box is missing")
	}
	for _, s := range findAll(doc, "script") {
		if attr(s, "src") == "" {
			t.Error("an inline script (the CSP forbids them)")
		}
	}
	if res := a.get(t, nil, "/static/geolocate.js"); res.StatusCode != 200 || !strings.Contains(res.Body, "getCurrentPosition") {
		t.Errorf("geolocate.js: %d", res.StatusCode)
	}

	report := func(extra ...string) url.Values {
		f := url.Values{"kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Trotoar rusak"},
			"body": {"Trotoar di depan halte rusak parah dan membahayakan pejalan kaki."}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	deskOf := func(code string) (string, *geo.Point) {
		t.Helper()
		rep, err := a.DB.ComplaintByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		u, err := a.DB.UnitByID(ctx, rep.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		return u.Code, rep.Point
	}
	// Monas, without consent: Kelurahan Gambir's office receives it, as it
	// would from Open311 (routePoint); no point is kept.
	desk, p := deskOf(fileComplaint(t, a, report("lat", "-6.175392", "lng", "106.827153")))
	if desk != "KEL-31.71.01.1001" || p != nil {
		t.Errorf("without consent: %s %v", desk, p)
	}
	// With consent the point is kept.
	desk, p = deskOf(fileComplaint(t, a, report("lat", "-6.175392", "lng", "106.827153", "keep_point", "1")))
	if desk != "KEL-31.71.01.1001" || p == nil || *p != (geo.Point{Lat: -6.175392, Lng: 106.827153}) {
		t.Errorf("with consent: %s %v", desk, p)
	}
	// A region chosen in the list that does not hold the point wins.
	if desk, _ = deskOf(fileComplaint(t, a, report("region", "31.72", "lat", "-6.175392", "lng", "106.827153"))); desk != "ADU-31.72" {
		t.Errorf("the chosen region: %s", desk)
	}
	// Outside every boundary, or unreadable: beside the field, nothing filed.
	for _, bad := range [][2]string{{"-6.9175", "107.6191"}, {"lintang", "bujur"}} {
		res := a.post(t, a.client(t), "/pengaduan", report("lat", bad[0], "lng", bad[1], "keep_point", "1"))
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "fieldset#lokasi-saya #e-point")
		if !strings.Contains(textOf(doc, "#e-point"), "pilih wilayah dari daftar") {
			t.Errorf("%v: %q", bad, textOf(doc, "#e-point"))
		}
	}
}
