package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/geo"
)

// TestUnitPointForm: a unit's administrators set its coordinates on the
// unit form; swapped or malformed ones come back beside their field with
// nothing saved.
func TestUnitPointForm(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	op := a.login(t, "operator.pkm")
	mustBePage(t, a.get(t, op, "/kelola/unit/PKM-31.72.01"), 200, "fieldset#lokasi input#f-lat")
	u, err := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"name": {u.Name}, "address": {u.Address}, "phone": {u.Phone}, "email": {u.Email}, "website": {u.Website},
		"lat": {"106.7966"}, "lng": {"-6.1261"}}
	doc := mustBePage(t, a.post(t, op, "/kelola/unit/PKM-31.72.01", form), http.StatusUnprocessableEntity, "fieldset#lokasi #e-lat")
	if msg := textOf(doc, "#e-lat"); !strings.Contains(msg, "tertukar") {
		t.Errorf("swapped: %q", msg)
	}
	if got := attr(findAll(doc, "#f-lat")[0], "value"); got != "106.7966" {
		t.Errorf("the input is not shown again: %q", got)
	}
	form.Set("lat", "utara")
	mustBePage(t, a.post(t, op, "/kelola/unit/PKM-31.72.01", form), http.StatusUnprocessableEntity, "fieldset#lokasi #e-lat")
	if u, _ := a.DB.UnitByID(ctx, u.ID); u.Point != nil {
		t.Fatalf("saved despite the bad point: %v", u.Point)
	}

	form.Set("lat", "-6,1261") // a decimal comma, as Indonesian spreadsheets write it
	form.Set("lng", "106.7966")
	if res := a.post(t, op, "/kelola/unit/PKM-31.72.01", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", res.StatusCode, res.Body)
	}
	if u, _ := a.DB.UnitByID(ctx, u.ID); u.Point == nil || *u.Point != (geo.Point{Lat: -6.1261, Lng: 106.7966}) {
		t.Fatalf("saved point %v", u.Point)
	}
	doc = mustBePage(t, a.get(t, op, "/kelola/unit/PKM-31.72.01"), 200, "fieldset#lokasi input#f-lat")
	if attr(findAll(doc, "#f-lat")[0], "value") != "-6.1261" || attr(findAll(doc, "#f-lng")[0], "value") != "106.7966" {
		t.Error("the saved point is not in the form")
	}
	// Emptying both removes it.
	form.Set("lat", "")
	form.Set("lng", "")
	if res := a.post(t, op, "/kelola/unit/PKM-31.72.01", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear: %d", res.StatusCode)
	}
	if u, _ := a.DB.UnitByID(ctx, u.ID); u.Point != nil {
		t.Errorf("point kept after clearing: %v", u.Point)
	}
}

// TestUnitPointInAPI: the public unit API shows a unit's location.
func TestUnitPointInAPI(t *testing.T) {
	a := newApp(t)
	u, err := a.DB.UnitByCode(t.Context(), "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	if res := a.get(t, nil, "/api/v1/units/PKM-31.72.01"); res.StatusCode != 200 || strings.Contains(res.Body, `"location"`) {
		t.Fatalf("before: %d %s", res.StatusCode, res.Body)
	}
	u.Point = &geo.Point{Lat: -6.1261, Lng: 106.7966}
	if err := a.DB.UpdateUnit(t.Context(), audit.CLI, u); err != nil {
		t.Fatal(err)
	}
	if res := a.get(t, nil, "/api/v1/units/PKM-31.72.01"); !strings.Contains(res.Body, `"location":{"lat":-6.1261,"lng":106.7966}`) {
		t.Errorf("after: %s", res.Body)
	}
}
