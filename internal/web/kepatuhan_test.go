package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
	"mutu/internal/web"
)

// projected reads the projected score of a self-assessment page in
// hundredths ("31,05" → 3105).
func projected(t *testing.T, body string) int64 {
	t.Helper()
	doc := mustBePage(t, response{StatusCode: http.StatusOK, Body: body}, http.StatusOK, "#projected-score")
	s := strings.NewReplacer(",", "", ".", "").Replace(textOf(doc, "#projected-score"))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("projected score %q", textOf(doc, "#projected-score"))
	}
	return n
}

// TestKepatuhanAccess: the unit's staff edit, the city's administrators,
// evaluators and leaders and the assessors read; other units' operators are
// refused; the list shows the city's projection to those who see the city.
func TestKepatuhanAccess(t *testing.T) {
	a := newApp(t)
	page := "/kelola/kepatuhan/unit/PTSP-31.72"
	op := a.login(t, "operator.ptsp")
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#kepatuhan-unit-page")
	if len(findAll(doc, "form#item-form")) != 1 || len(findAll(doc, "ol.gaps li.gap")) == 0 {
		t.Errorf("the operator's page: %d item forms, %d gaps", len(findAll(doc, "form#item-form")), len(findAll(doc, "ol.gaps li.gap")))
	}
	for _, user := range []string{"admin.jakut", "evaluator.jakut", "pimpinan.jakut", "asesor"} {
		doc := mustBePage(t, a.get(t, a.login(t, user), page), http.StatusOK, "h1#kepatuhan-unit-page")
		if manage := len(findAll(doc, "form#item-form")) == 1; manage != (user == "admin.jakut") {
			t.Errorf("%s: item form shown %v", user, manage)
		}
	}
	if res := a.get(t, a.login(t, "operator.pkm"), page); res.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's operator reading: %d", res.StatusCode)
	}
	good := url.Values{"indicator": {"IN-13"}, "score": {"5"}, "note": {"Ruang tunggu"}}
	for _, user := range []string{"pimpinan.jakut", "evaluator.jakut", "asesor"} {
		if res := a.post(t, a.login(t, user), page+"/butir", good); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s entering a score: %d", user, res.StatusCode)
		}
	}
	if res := a.post(t, a.login(t, "operator.pkm"), page+"/butir", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's operator entering a score: %d", res.StatusCode)
	}
	if res := a.get(t, op, page+"?layanan=TIDAK-ADA"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown service product: %d", res.StatusCode)
	}
	if res := a.get(t, op, page+"?versi=ombudsman-2021"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the zone system: %d", res.StatusCode)
	}

	doc = mustBePage(t, a.get(t, a.login(t, "pimpinan.jakut"), "/kelola/kepatuhan"), http.StatusOK, "h1#kepatuhan-page")
	if len(findAll(doc, "table.kepatuhan-cities tr.city")) != 1 || len(findAll(doc, "tr.unit[data-unit=PTSP-31.72]")) != 1 || textOf(doc, "#city-rule") == "" {
		t.Errorf("the leader's list: cities %q", textOf(doc, "table.kepatuhan-cities"))
	}
	if len(findAll(doc, "tr.unit[data-unit=DKP-31.74]")) != 0 {
		t.Error("the leader of Jakarta Utara sees a unit of Jakarta Selatan")
	}
	doc = mustBePage(t, a.get(t, op, "/kelola/kepatuhan"), http.StatusOK, "h1#kepatuhan-page")
	if n := len(findAll(doc, "tr.unit")); n != 1 || len(findAll(doc, "table.kepatuhan-cities")) != 0 {
		t.Errorf("the operator's list: %d units, city shown %d", n, len(findAll(doc, "table.kepatuhan-cities")))
	}
}

// TestKepatuhanItem: an entered score raises the projection by its gap's
// worth; a refused form comes back with the input and each error by its
// field, nothing saved; the entry can be removed again.
func TestKepatuhanItem(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	page := "/kelola/kepatuhan/unit/PTSP-31.72"
	res := a.get(t, op, page)
	doc := mustBePage(t, res, http.StatusOK, "h1#kepatuhan-unit-page")
	before := projected(t, res.Body)
	gaps := findAll(doc, "li.gap[data-indicator=IN-13]")
	if len(gaps) != 1 {
		t.Fatalf("no gap for IN-13: %q", textOf(doc, "ol.gaps"))
	}
	worth, _ := strconv.ParseInt(attr(gaps[0], "data-worth"), 10, 64)
	link := findAll(gaps[0], "a.fix")
	if len(link) != 1 || attr(link[0], "href") != page+"?butir=IN-13#butir" {
		t.Fatalf("the gap's link %v", link)
	}
	// the link opens the form on that indicator
	doc = mustBePage(t, a.get(t, op, strings.TrimSuffix(attr(link[0], "href"), "#butir")), http.StatusOK, "form#item-form")
	if len(findAll(doc, "select#f-indicator option[value=IN-13][selected]")) != 1 {
		t.Error("the gap's link does not choose its indicator")
	}

	count := func() int {
		entries, err := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "kepatuhan.item"})
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	for _, c := range []struct {
		name, field string
		form        url.Values
	}{
		{"a score off the scale", "score", url.Values{"indicator": {"IN-13"}, "score": {"9"}, "note": {"Ruang tunggu ber-AC"}}},
		{"no note", "note", url.Values{"indicator": {"IN-13"}, "score": {"4"}, "note": {" "}}},
		{"an unknown indicator", "indicator", url.Values{"indicator": {"XX-99"}, "score": {"4"}, "note": {"Ruang tunggu ber-AC"}}},
	} {
		res := a.post(t, op, page+"/butir", c.form)
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#kepatuhan-unit-page")
		if textOf(doc, "#e-"+c.field) == "" || len(findAll(doc, "div.errors a[href=#f-"+c.field+"]")) != 1 {
			t.Errorf("%s: no error beside %s: %q", c.name, c.field, textOf(doc, "div.errors"))
		}
		if c.field != "note" && textOf(doc, "textarea#f-note") != "Ruang tunggu ber-AC" {
			t.Errorf("%s: the note was lost: %q", c.name, textOf(doc, "textarea#f-note"))
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("refused forms saved %d items", n)
	}

	ct, body := multipartForm(t, url.Values{"indicator": {"IN-13"}, "score": {"5"}, "note": {"Ruang tunggu, toilet, loket"}}, "item_files", "ruang-tunggu.png", pngBytes(t))
	req, _ := http.NewRequest(http.MethodPost, a.URL+page+"/butir", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, op, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("entering IN-13: %d %s", res.StatusCode, res.Body)
	}
	res = a.get(t, a.login(t, "asesor"), page)
	doc = mustBePage(t, res, http.StatusOK, "tr#i-IN-13")
	if got := projected(t, res.Body); got-before < worth-1 || got-before > worth+1 {
		t.Errorf("the projection rose by %d, the gap was worth %d", got-before, worth)
	}
	if textOf(doc, "tr#i-IN-13 .tag.origin-entered") == "" || textOf(doc, "tr#i-IN-13 ul.files a") != "ruang-tunggu.png" || len(findAll(doc, "li.gap[data-indicator=IN-13]")) != 0 {
		t.Errorf("IN-13 after entering: %q", textOf(doc, "tr#i-IN-13"))
	}
	if href := attr(findAll(doc, "tr#i-IN-13 ul.files a")[0], "href"); a.get(t, a.login(t, "asesor"), href).StatusCode != http.StatusOK {
		t.Errorf("the assessor cannot open the evidence %s", href)
	}
	if n := count(); n != 1 {
		t.Errorf("%d audit rows, want 1", n)
	}
	if res := a.post(t, op, page+"/butir/hapus", url.Values{"indicator": {"IN-13"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing: %d", res.StatusCode)
	}
	if got := projected(t, a.get(t, op, page).Body); got != before {
		t.Errorf("after removing, the projection is %d, was %d", got, before)
	}
}

// TestKepatuhanInterview: an interview's answers become entered items; a
// refused interview comes back in its own form, open, with its input.
func TestKepatuhanInterview(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	page := "/kelola/kepatuhan/unit/PTSP-31.72"
	// the form opens from its link
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#kepatuhan-unit-page")
	links := findAll(doc, "a.record-interview")
	if len(links) != 3 || len(findAll(doc, "div.interview-form")) != 0 {
		t.Fatalf("%d interview links, %d forms shown", len(links), len(findAll(doc, "div.interview-form")))
	}
	doc = mustBePage(t, a.get(t, op, strings.Split(attr(links[1], "href"), "#")[0]), http.StatusOK, "div#wawancara-output form")
	if len(findAll(doc, "div.interview-form")) != 1 || len(findAll(doc, "select[id=f-output-score.OUT-05]")) != 1 {
		t.Errorf("the Output form: %d forms", len(findAll(doc, "div.interview-form")))
	}
	bad := url.Values{"dimension": {"output"}, "role": {""}, "held_on": {"2026-11-20"}, "score.OUT-01": {"4"}, "answer.OUT-01": {"Tidak ada penundaan"}}
	doc = mustBePage(t, a.post(t, op, page+"/wawancara", bad), http.StatusUnprocessableEntity, "div#wawancara-output form")
	if textOf(doc, "#e-output-role") == "" || textOf(doc, "textarea[id=f-output-answer.OUT-01]") != "Tidak ada penundaan" ||
		len(findAll(doc, "select[id=f-output-score.OUT-01] option[value=4][selected]")) != 1 {
		t.Errorf("the refused interview: %q", textOf(doc, "div.errors"))
	}
	good := bad
	good.Set("role", "Pengguna layanan")
	if res := a.post(t, op, page+"/wawancara", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("interview: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, op, page), http.StatusOK, "ul.interviews li.interview")
	if !strings.Contains(textOf(doc, "tr#i-OUT-01"), "Wawancara Pengguna layanan, 2026-11-20: Tidak ada penundaan") || textOf(doc, "tr#i-OUT-01 td.score strong") != "4" {
		t.Errorf("OUT-01 after the interview: %q", textOf(doc, "tr#i-OUT-01"))
	}
}

// TestKepatuhanDemo: the demo's self-assessments are marked demo, show
// entered scores with their photos, an interview, Mutu's own figures from
// the publication register, and gaps; the city list projects both cities.
func TestKepatuhanDemo(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.AttachmentDir = dir })
	if err := seed.Publications(t.Context(), a.DB, a.URL, dir, a.DB.Now()); err != nil {
		t.Fatal(err)
	}
	if err := seed.SelfAssessments(t.Context(), a.DB, dir, a.DB.Now()); err != nil {
		t.Fatal(err)
	}
	// the complaint figures are the complaints dashboard's, unit by unit
	var units []unit.Unit
	for _, code := range []string{"DKP-31.72", "PTSP-31.72", "PTSP-31.74"} {
		u, err := a.DB.UnitByCode(t.Context(), code)
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, *u)
	}
	facts, err := a.DB.KepatuhanFacts(t.Context(), units, "", 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		st, err := a.DB.ComplaintStats(t.Context(), store.ComplaintFilter{UnitIDs: []string{u.ID}}, 2026)
		f := facts[u.ID]
		if err != nil || st.Counted == 0 || f.Counted != st.Counted || f.Completed != st.Completed || f.ResolutionDone != st.ResolutionDone ||
			f.ResolutionOnTime != st.ResolutionOnTime {
			t.Errorf("%s: facts %+v, dashboard %+v (%v)", u.Code, f, st, err)
		}
	}
	leader := a.login(t, "pimpinan.jakut")
	doc := mustBePage(t, a.get(t, leader, "/kelola/kepatuhan/unit/DKP-31.72"), http.StatusOK, "h1#kepatuhan-unit-page")
	if textOf(doc, "p.lead .tag.demo") == "" || len(findAll(doc, "ul.interviews li.interview")) != 1 || len(findAll(doc, "ol.gaps li.gap")) == 0 {
		t.Errorf("the demo self-assessment: %q", textOf(doc, "p.lead"))
	}
	files := findAll(doc, "tr#i-IN-13 ul.files a")
	if len(files) != 1 || a.get(t, leader, attr(files[0], "href")).StatusCode != http.StatusOK {
		t.Fatalf("IN-13's photo: %q", textOf(doc, "tr#i-IN-13"))
	}
	// KTP-el and Akta Kelahiran are published; the other services are not
	if textOf(doc, "tr#i-PR-04 .tag.origin-mutu") == "" || len(findAll(doc, "tr#i-PR-04 a.source[href=/kelola/standar/unit/DKP-31.72#publikasi]")) != 1 {
		t.Errorf("PR-04 from the register: %q", textOf(doc, "tr#i-PR-04"))
	}
	// the province's units are listed by city
	province := a.login(t, "pimpinan.dki")
	doc = mustBePage(t, a.get(t, province, "/kelola/kepatuhan"), http.StatusOK, "h1#kepatuhan-page")
	for _, city := range []string{"31.72", "31.74"} {
		if len(findAll(doc, "tr.city[data-city="+city+"] td.score")) != 1 {
			t.Errorf("no projection for %s: %q", city, textOf(doc, "table.kepatuhan-cities"))
		}
	}
	if textOf(doc, "#choose-city") == "" || len(findAll(doc, "tr.unit")) != 0 {
		t.Errorf("the province's list shows %d units before a city is chosen", len(findAll(doc, "tr.unit")))
	}
	doc = mustBePage(t, a.get(t, province, "/kelola/kepatuhan?kota=31.74"), http.StatusOK, "h1#kepatuhan-page")
	if len(findAll(doc, "tr.unit[data-unit=DKP-31.74]")) != 1 || len(findAll(doc, "tr.unit[data-unit=DKP-31.72]")) != 0 {
		t.Errorf("Jakarta Selatan's units: %d rows", len(findAll(doc, "tr.unit")))
	}
}

// TestKepatuhanProductAndVersion: a service product's self-assessment
// under an older version is its own; the form's scope survives the
// redirect and does not touch the unit's.
func TestKepatuhanProductAndVersion(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	u, err := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	svc := u.Services[0]
	scope := "?layanan=" + url.QueryEscape(svc.Code) + "&versi=ombudsman-2023"
	page := "/kelola/kepatuhan/unit/PTSP-31.72"
	doc := mustBePage(t, a.get(t, op, page+scope), http.StatusOK, "h1#kepatuhan-unit-page")
	if textOf(doc, "#product") != svc.Name || len(findAll(doc, "select#s-versi option[value=ombudsman-2023][selected]")) != 1 {
		t.Errorf("the scope: %q", textOf(doc, "p.lead"))
	}
	res := a.post(t, op, page+"/butir"+scope, url.Values{"indicator": {"IN-13"}, "score": {"4"}, "note": {"Loket khusus"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page+scope+"#i-IN-13" {
		t.Fatalf("saving: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	doc = mustBePage(t, a.get(t, op, page+scope), http.StatusOK, "tr#i-IN-13")
	if textOf(doc, "tr#i-IN-13 td.score strong") != "4" {
		t.Errorf("the product's IN-13: %q", textOf(doc, "tr#i-IN-13"))
	}
	for _, other := range []string{"", "?layanan=" + url.QueryEscape(svc.Code), "?versi=ombudsman-2023"} {
		doc = mustBePage(t, a.get(t, op, page+other), http.StatusOK, "tr#i-IN-13")
		if textOf(doc, "tr#i-IN-13 .tag.origin-entered") != "" {
			t.Errorf("%q shows the product's entry under 2023", other)
		}
	}
}
