package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/store"
)

// innovationID is the id of a demo innovation of a unit by acronym.
func innovationID(t testing.TB, a *app, unitCode, acronym string) string {
	t.Helper()
	u, err := a.DB.UnitByCode(t.Context(), unitCode)
	if err != nil {
		t.Fatal(err)
	}
	list, err := a.DB.UnitInnovations(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range list {
		if i.Acronym == acronym {
			return i.ID
		}
	}
	t.Fatalf("%s has no innovation %s", unitCode, acronym)
	return ""
}

// TestInnovationCatalogue: the public catalogue lists the seven demo
// innovations of Jakarta Utara, filters by region and unit, and each
// innovation's page states both periods and flags small samples; the
// unit page links to its innovations.
func TestInnovationCatalogue(t *testing.T) {
	a := newApp(t)
	doc := mustBePage(t, a.get(t, nil, "/inovasi"), http.StatusOK, "h1#innovation-catalogue")
	rows := findAll(doc, "table.innovations tr.innovation")
	if len(rows) != 7 {
		t.Fatalf("%d innovations in the catalogue, want the seven of Jakarta Utara", len(rows))
	}
	for _, acr := range []string{"KOPILATE", "REHSOLINE", "SIKELINK", "SILADU", "SIPERAH", "E-CATIN", "KETAPANG KUNING"} {
		if !strings.Contains(textOf(doc, "table.innovations"), acr) {
			t.Errorf("the catalogue has no %s", acr)
		}
	}
	if got := len(findAll(doc, "tr.innovation .tag.demo")); got != 7 {
		t.Errorf("%d rows marked demo, want 7", got)
	}
	if opts := findAll(doc, "select#f-wilayah option[value=31.72]"); len(opts) != 1 || len(findAll(doc, "select#f-wilayah option")) != 2 {
		t.Errorf("the city filter: %q", textOf(doc, "select#f-wilayah"))
	}
	doc = mustBePage(t, a.get(t, nil, "/inovasi?unit=DKP-31.72"), http.StatusOK, "h1#innovation-catalogue")
	if got := textOf(doc, "tr.innovation td strong"); got != "SIPERAH\nKOPILATE" {
		t.Errorf("DKP-31.72 lists %q", got)
	}
	doc = mustBePage(t, a.get(t, nil, "/inovasi?wilayah=31.74"), http.StatusOK, "h1#innovation-catalogue")
	if n := len(findAll(doc, "tr.innovation")); n != 0 || textOf(doc, "td.none") == "" {
		t.Errorf("Jakarta Selatan lists %d innovations", n)
	}

	// The unit page links to its innovations.
	id := innovationID(t, a, "DKP-31.72", "KOPILATE")
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72"), http.StatusOK, "section#inovasi")
	if len(findAll(doc, `section#inovasi a[href=/unit/DKP-31.72/inovasi/`+id+`]`)) != 1 {
		t.Errorf("the unit page does not link to KOPILATE: %q", textOf(doc, "section#inovasi"))
	}

	// KOPILATE launched on 1 May 2026 (six months before the tests' Nov
	// 2026): before is May 2025–Apr 2026, after May–Oct 2026 (since launch).
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/inovasi/"+id), http.StatusOK, "h1#innovation-public")
	if got := textOf(doc, ".period-before"); !strings.Contains(got, "Mei 2025") || !strings.Contains(got, "30 Apr 2026") {
		t.Errorf("before period %q", got)
	}
	if got := textOf(doc, ".period-after"); !strings.Contains(got, "1 Mei") || !strings.Contains(got, "31 Okt 2026") || !strings.Contains(got, "6 bulan sejak peluncuran") {
		t.Errorf("after period %q", got)
	}
	if n := len(findAll(doc, "tr.row-ikm td strong")); n != 2 {
		t.Fatalf("%d IKM figures, want before and after: %q", n, textOf(doc, "table.innovation-effect"))
	}
	if n := len(findAll(doc, "tr.row-ikm .small-sample")); n != 2 {
		t.Errorf("%d small samples flagged, want 2 (fewer than 384 answers each side)", n)
	}
	if textOf(doc, "#effect-skipped") != "" {
		t.Error("a launch on the 1st skips no month")
	}
	// SIPERAH launched on the 20th: its month counts on neither side.
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/inovasi/"+innovationID(t, a, "DKP-31.72", "SIPERAH")), http.StatusOK, "h1#innovation-public")
	if got := textOf(doc, "#effect-skipped"); !strings.Contains(got, "Jul 2026") {
		t.Errorf("skipped month %q", got)
	}

	// The same numbers in the API.
	res := a.get(t, nil, "/api/v1/units/DKP-31.72/innovations")
	var body struct {
		Innovations []struct {
			Acronym string
			Effect  struct {
				Before struct {
					From        string
					IKM         *float64
					SmallSample bool `json:"small_sample"`
				}
				After *struct {
					To  string
					IKM *float64
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil || res.StatusCode != http.StatusOK || len(body.Innovations) != 2 {
		t.Fatalf("API: %d %v %s", res.StatusCode, err, res.Body)
	}
	for _, i := range body.Innovations {
		if i.Acronym == "KOPILATE" {
			e := i.Effect
			if e.Before.From != "2025-05-01" || e.Before.IKM == nil || !e.Before.SmallSample || e.After == nil || e.After.To != "2026-10-31" || e.After.IKM == nil {
				t.Errorf("KOPILATE in the API: %+v", e)
			}
		}
	}
}

// TestInnovationPlannedStaysPrivate: a planned innovation is on the staff
// pages and nowhere public.
func TestInnovationPlannedStaysPrivate(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	u, svc := serviceCode(t, a, "PTSP-31.72", "Sertifikat Laik Fungsi (SLF)")
	var svcID string
	for _, s := range u.Services {
		if s.Code == svc {
			svcID = s.ID
		}
	}
	form := url.Values{"name": {"Antrean Daring SLF"}, "acronym": {"ANDALAS"}, "problem": {"Antre lama"}, "description": {"Nomor antrean daring"},
		"launched_on": {"2027-02-01"}, "status": {"rencana"}, "services": {svcID}}
	res := a.post(t, op, "/kelola/inovasi/unit/PTSP-31.72", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.StatusCode, res.Body)
	}
	page := res.Header.Get("Location")
	id := page[strings.LastIndex(page, "/")+1:]
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#innovation-page")
	if textOf(doc, "#effect-planned") == "" || len(findAll(doc, "#public-link")) != 0 {
		t.Error("a planned innovation's staff page shows an effect or a public link")
	}
	doc = mustBePage(t, a.get(t, nil, "/inovasi"), http.StatusOK, "h1#innovation-catalogue")
	if strings.Contains(textOf(doc, "table.innovations"), "ANDALAS") {
		t.Error("the catalogue shows a planned innovation")
	}
	if res := a.get(t, nil, "/unit/PTSP-31.72/inovasi/"+id); res.StatusCode != http.StatusNotFound {
		t.Errorf("public page of a planned innovation: %d", res.StatusCode)
	}
	res = a.get(t, nil, "/api/v1/units/PTSP-31.72/innovations")
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "ANDALAS") || !strings.Contains(res.Body, "SILADU") {
		t.Errorf("API: %d %s", res.StatusCode, res.Body)
	}
}

// TestInnovationForms: a unit's operator registers and edits an
// innovation; each bad field is named beside its input and nothing is
// saved; every change is audited; other units, other roles and other
// units' services are refused.
func TestInnovationForms(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	u, err := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	dkp, err := a.DB.UnitByCode(t.Context(), "DKP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		list, err := a.DB.Innovations(t.Context(), store.InnovationFilter{RegionCode: "31"})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	before := count()
	good := url.Values{"name": {"Perizinan Tanpa Antre"}, "acronym": {"PETA"}, "problem": {"Antre"}, "description": {"Jadwal daring"},
		"launched_on": {"2026-09-01"}, "status": {"berjalan"}, "services": {u.Services[0].ID, u.Services[1].ID}}
	for _, c := range []struct {
		name  string
		field string
		value []string
	}{
		{"no name", "name", []string{""}},
		{"bad date", "launched_on", []string{"1 September"}},
		{"running from next year", "launched_on", []string{"2027-01-01"}},
		{"unknown status", "status", []string{"selesai"}},
		{"no service", "services", nil},
		{"another unit's service", "services", []string{dkp.Services[0].ID}},
		{"no problem", "problem", []string{" "}},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form[c.field] = c.value
		res := a.post(t, op, "/kelola/inovasi/unit/PTSP-31.72", form)
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#innovation-unit-page")
		if textOf(doc, "#e-"+c.field) == "" || len(findAll(doc, "div.errors a[href=#f-"+c.field+"]")) != 1 {
			t.Errorf("%s: no error beside %s: %q", c.name, c.field, textOf(doc, "div.errors"))
		}
		// the refused form keeps what was typed
		if c.field != "name" && !strings.Contains(res.Body, `value="Perizinan Tanpa Antre"`) {
			t.Errorf("%s: the form lost the name", c.name)
		}
	}
	if n := count(); n != before {
		t.Fatalf("refused forms saved %d innovations", n-before)
	}

	// Other units and roles are refused.
	if res := a.post(t, op, "/kelola/inovasi/unit/DKP-31.72", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("operator of PTSP registering for DKP: %d", res.StatusCode)
	}
	if res := a.post(t, a.login(t, "pimpinan.jakut"), "/kelola/inovasi/unit/PTSP-31.72", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("a leader registering: %d", res.StatusCode)
	}
	if res := a.get(t, op, "/kelola/inovasi/unit/DKP-31.72"); res.StatusCode != http.StatusForbidden {
		t.Errorf("operator of PTSP reading DKP's innovations: %d", res.StatusCode)
	}

	res := a.post(t, op, "/kelola/inovasi/unit/PTSP-31.72", good)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.StatusCode, res.Body)
	}
	page := res.Header.Get("Location")
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#innovation-page")
	if got := textOf(doc, "h1#innovation-page"); got != "PETA — Perizinan Tanpa Antre" {
		t.Errorf("title %q", got)
	}
	if n := len(findAll(doc, "ul.innovation-services li")); n != 2 {
		t.Errorf("%d services, want 2", n)
	}
	// Edit: stopped, one service.
	edit := url.Values{}
	for k, v := range good {
		edit[k] = v
	}
	edit["status"], edit["services"] = []string{"dihentikan"}, []string{u.Services[0].ID}
	bad := url.Values{}
	for k, v := range edit {
		bad[k] = v
	}
	bad.Set("description", strings.Repeat("x", 4001))
	doc = mustBePage(t, a.post(t, op, page, bad), http.StatusUnprocessableEntity, "h1#innovation-page")
	if textOf(doc, "#e-description") == "" {
		t.Errorf("too long a description: %q", textOf(doc, "div.errors"))
	}
	if res := a.post(t, op, page, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, a.login(t, "evaluator.jakut"), page), http.StatusOK, "h1#innovation-page")
	if textOf(doc, ".tag.innovation-status-dihentikan") == "" || len(findAll(doc, "ul.innovation-services li")) != 1 || len(findAll(doc, "form#innovation-form")) != 0 {
		t.Errorf("the evaluator sees %q with a form: %d", textOf(doc, "p.lead"), len(findAll(doc, "form#innovation-form")))
	}
	// The staff list of a leader of the city has the demo's seven and this one.
	doc = mustBePage(t, a.get(t, a.login(t, "pimpinan.jakut"), "/kelola/inovasi"), http.StatusOK, "h1#innovations-page")
	if n := len(findAll(doc, "tr.innovation")); n != 8 {
		t.Errorf("the leader's list has %d innovations, want 8", n)
	}
	// An operator sees only the innovations of the units.
	doc = mustBePage(t, a.get(t, op, "/kelola/inovasi"), http.StatusOK, "h1#innovations-page")
	if n := len(findAll(doc, "tr.innovation")); n != 2 || len(findAll(doc, "ul.managed-units a[href=/kelola/inovasi/unit/PTSP-31.72]")) != 1 {
		t.Errorf("the operator's list has %d innovations (SILADU and PETA expected)", n)
	}

	entries, err := a.DB.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		if e.ObjectType == store.OwnerInnovation && e.ActorName != "" && strings.Contains(e.ObjectLabel, "PETA") {
			seen[e.Action]++
		}
	}
	if seen["innovation.create"] != 1 || seen["innovation.update"] != 1 {
		t.Errorf("audit %v", seen)
	}
}

// TestInnovationEvidence: evidence files reuse the evidence of standards.
func TestInnovationEvidence(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	id := innovationID(t, a, "PTSP-31.72", "SILADU")
	page := "/kelola/inovasi/unit/PTSP-31.72/" + id
	ct, body := multipartForm(t, nil, "", "", nil)
	req, _ := http.NewRequest(http.MethodPost, a.URL+page+"/bukti", body)
	req.Header.Set("Content-Type", ct)
	mustBePage(t, a.do(t, op, req), http.StatusUnprocessableEntity, "#e-evidence_files")
	ct, body = multipartForm(t, nil, "evidence_files", "sk-siladu.png", pngBytes(t))
	req, _ = http.NewRequest(http.MethodPost, a.URL+page+"/bukti", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, op, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("evidence: %d %s", res.StatusCode, res.Body)
	}
	doc := mustBePage(t, a.get(t, a.login(t, "asesor"), page), http.StatusOK, "h1#innovation-page")
	links := findAll(doc, "ul.evidence a")
	if len(links) != 1 || textOf(doc, "ul.evidence a") != "sk-siladu.png" {
		t.Fatalf("evidence list %q", textOf(doc, "ul.evidence"))
	}
	if res := a.get(t, op, attr(links[0], "href")); res.StatusCode != http.StatusOK {
		t.Errorf("the file: %d", res.StatusCode)
	}
	// Another unit's operator cannot add to it.
	ct, body = multipartForm(t, nil, "evidence_files", "x.png", pngBytes(t))
	req, _ = http.NewRequest(http.MethodPost, a.URL+page+"/bukti", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, a.login(t, "operator.pkm"), req); res.StatusCode != http.StatusForbidden {
		t.Errorf("operator of another unit: %d", res.StatusCode)
	}
}
