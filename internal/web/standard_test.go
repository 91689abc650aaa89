package web_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"mutu/internal/audit"
	"mutu/internal/store"
	"mutu/internal/unit"
	"mutu/internal/web"
)

// serviceCode is the code of u's service with the name.
func serviceCode(t *testing.T, a *app, unitCode, name string) (*unit.Unit, string) {
	t.Helper()
	u, err := a.DB.UnitByCode(t.Context(), unitCode)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range u.Services {
		if s.Name == name {
			return u, s.Code
		}
	}
	t.Fatalf("%s has no service %q", unitCode, name)
	return nil, ""
}

// jsonLD reads the page's schema.org data block.
func jsonLD(t *testing.T, doc *html.Node) map[string]any {
	t.Helper()
	scripts := findAll(doc, `script[type=application/ld+json]`)
	if len(scripts) != 1 || scripts[0].FirstChild == nil {
		t.Fatalf("%d JSON-LD blocks, want 1", len(scripts))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(scripts[0].FirstChild.Data), &v); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, scripts[0].FirstChild.Data)
	}
	return v
}

// TestPublicUnitPageShowsStandards: the unit page shows each service's
// published standard (the six components), the maklumat, the latest IKM
// and schema.org data; a service without a standard says so.
func TestPublicUnitPageShowsStandards(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, akta := serviceCode(t, a, "DKP-31.72", "Akta Kelahiran")
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	doc := mustBePage(t, a.get(t, nil, "/unit/DKP-31.72"), http.StatusOK, "section#standar")
	card := `article.standard[data-service=` + ktp + `]`
	if got := textOf(doc, card+" .std-time"); got != "1 hari kerja" {
		t.Errorf("KTP-el time %q, want the published version 2's one working day", got)
	}
	if got := textOf(doc, card+" .std-fee") + " " + textOf(doc, card+" .std-fee-basis"); !strings.HasPrefix(got, "Gratis ") || !strings.Contains(got, "79A") {
		t.Errorf("KTP-el fee %q", got)
	}
	if n := len(findAll(doc, card+" ol.std-steps li")); n < 3 {
		t.Errorf("%d procedure steps", n)
	}
	if got := textOf(doc, `article.standard[data-service=`+akta+`] .std-time`); got != "15 menit" {
		t.Errorf("akta time %q", got)
	}
	if got := textOf(doc, `article.standard[data-service=`+kk+`] .std-none`); got == "" {
		t.Error("a service without a standard says it has none")
	}
	if got := textOf(doc, "#maklumat .maklumat-text"); !strings.Contains(got, "Kependudukan dan Pencatatan Sipil") {
		t.Errorf("maklumat %q", got)
	}
	if len(findAll(doc, "section#hasil .bigstat")) != 3 {
		t.Error("the latest IKM cards are missing")
	}
	ld := jsonLD(t, doc)
	graph, _ := ld["@graph"].([]any)
	var services []string
	for _, g := range graph {
		m := g.(map[string]any)
		if m["@type"] == "GovernmentService" {
			services = append(services, m["name"].(string))
		}
	}
	if ld["@context"] != "https://schema.org" || len(graph) < 3 || graph[0].(map[string]any)["@type"] != "GovernmentOffice" ||
		strings.Join(services, "|") != "KTP-el|Akta Kelahiran" {
		t.Errorf("JSON-LD %v", ld)
	}
	// The page's CSP allows no inline script; the JSON-LD block is data,
	// which the CSP does not govern (checked in the browser journey).
	res := a.get(t, nil, "/unit/DKP-31.72")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}

	// The page per service, at a stable address.
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/layanan/"+ktp), http.StatusOK, "h1#service-public")
	if got := textOf(doc, ".std-time"); got != "1 hari kerja" || len(findAll(doc, "svg.flow rect.flow-box")) < 3 {
		t.Errorf("service page: time %q, flow boxes %d", got, len(findAll(doc, "svg.flow rect.flow-box")))
	}
	mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/layanan/"+kk), http.StatusOK, "p.std-none")
	if res := a.get(t, nil, "/unit/DKP-31.72/layanan/tidak-ada"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown service: %d", res.StatusCode)
	}
	// A unit left incomplete in the demo has no standard and no maklumat.
	doc = mustBePage(t, a.get(t, nil, "/unit/PKM-31.72.04"), http.StatusOK, "section#standar")
	if len(findAll(doc, "section#standar .std-time")) != 0 || len(findAll(doc, "#maklumat .maklumat-text")) != 0 {
		t.Error("PKM-31.72.04 should have no standard and no maklumat")
	}
}

// TestPromiseOnSurveyAndComplaint: the survey of a service and a complaint
// about it show the published time limit and fee.
func TestPromiseOnSurveyAndComplaint(t *testing.T) {
	a := newApp(t)
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	doc := mustBePage(t, a.get(t, nil, "/s/DKP-31.72/"+ktp), http.StatusOK, "#std-promise")
	if got := textOf(doc, "#std-promise .std-time") + " / " + textOf(doc, "#std-promise .std-fee"); got != "1 hari kerja / Gratis" {
		t.Errorf("survey promise %q", got)
	}
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	doc = mustBePage(t, a.get(t, nil, "/s/DKP-31.72/"+kk), http.StatusOK, "form")
	if len(findAll(doc, "#std-promise")) != 0 {
		t.Error("a service without a standard promises nothing")
	}

	res := a.post(t, nil, "/pengaduan", url.Values{"kind": {"pengaduan"}, "privacy": {"biasa"}, "unit": {"DKP-31.72"}, "service": {ktp},
		"title": {"KTP-el belum jadi"}, "body": {"Sudah tiga hari KTP-el saya belum dicetak padahal berkas lengkap."}, "name": {"Budi"}, "email": {"budi@example.com"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("file: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, nil, res.Header.Get("Location")), http.StatusOK, "#std-promise")
	if got := textOf(doc, "#std-promise .std-time"); got != "1 hari kerja" {
		t.Errorf("tracking promise %q", got)
	}
}

// multipartForm encodes fields and one file.
func multipartForm(t *testing.T, fields url.Values, field, name string, data []byte) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if field != "" {
		fw, _ := w.CreateFormFile(field, name)
		fw.Write(data)
	}
	w.Close()
	return w.FormDataContentType(), &b
}

// TestStandardWorkflowPages: an operator edits the standard of a service
// (bad input comes back by field, nothing saved), approves and publishes
// it with the signed decree; the public page changes and the history keeps
// version 1; another unit's operator and read-only roles cannot write.
func TestStandardWorkflowPages(t *testing.T) {
	a := newApp(t)
	u, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	base := "/kelola/standar/unit/PTSP-31.72/layanan/" + pbg
	op := a.login(t, "operator.ptsp")

	doc := mustBePage(t, a.get(t, op, base), http.StatusOK, "h1#service-standard")
	form := url.Values{}
	for _, in := range findAll(doc, "form.standard-form input") {
		if attr(in, "type") != "radio" || hasAttr(in, "checked") {
			form.Set(attr(in, "name"), attr(in, "value"))
		}
	}
	for _, ta := range findAll(doc, "form.standard-form textarea") {
		form.Set(attr(ta, "name"), textOf(ta, ""))
	}
	if got := form.Get("time_value"); got != "28" {
		t.Fatalf("the form starts from the version in force: time %q", got)
	}
	form.Set("time_unit", "hari_kerja")

	// Bad input: the page again with the input kept and each message by
	// its field; nothing saved.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("time_value", "dua puluh")
	bad.Set("fee_kind", "tarif")
	bad.Set("fee_amount", "")
	res := a.post(t, op, base, bad)
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#service-standard")
	for _, id := range []string{"#e-time_value", "#e-fee_amount", "#kesalahan"} {
		if len(findAll(doc, id)) == 0 {
			t.Errorf("no %s on the refused form", id)
		}
	}
	if got := attr(findAll(doc, "#f-time_value")[0], "value"); got != "dua puluh" {
		t.Errorf("input not kept: %q", got)
	}
	vs, _ := a.DB.ServiceStandard(t.Context(), u.ID, u.ServiceByCode(pbg).ID)
	if len(vs) != 1 {
		t.Fatalf("a refused form saved something: %d versions", len(vs))
	}

	form.Set("time_value", "20")
	if res := a.post(t, op, base, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save draft: %d %s", res.StatusCode, res.Body)
	}
	v2 := base + "/versi/2"
	mustBePage(t, a.get(t, op, v2), http.StatusOK, "button#approve")
	if res := a.post(t, op, v2, url.Values{"action": {"approve"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.StatusCode, res.Body)
	}
	decree := url.Values{"action": {"publish"}, "decree_number": {"e-0101/2026"}, "decree_date": {"2026-11-20"}, "effective_from": {"2026-11-24"}}
	// Without the confirmation publishing is refused, by its field.
	ct, body := multipartForm(t, decree, "decree_file", "sk.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	req, _ := http.NewRequest(http.MethodPost, a.URL+v2, body)
	req.Header.Set("Content-Type", ct)
	doc = mustBePage(t, a.do(t, op, req), http.StatusUnprocessableEntity, "#e-confirmed")
	decree.Set("confirmed", "1")
	ct, body = multipartForm(t, decree, "decree_file", "sk.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	req, _ = http.NewRequest(http.MethodPost, a.URL+v2, body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, op, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, res.Body)
	}

	doc = mustBePage(t, a.get(t, nil, "/unit/PTSP-31.72"), http.StatusOK, "section#standar")
	if got := textOf(doc, `article.standard[data-service=`+pbg+`] .std-time`); got != "20 hari kerja" {
		t.Errorf("public time after publishing %q", got)
	}
	doc = mustBePage(t, a.get(t, op, base), http.StatusOK, "table.history")
	if n := len(findAll(doc, "table.history tbody tr")); n != 2 {
		t.Errorf("history has %d versions, want 2", n)
	}
	doc = mustBePage(t, a.get(t, op, base+"/versi/1"), http.StatusOK, "h1#standard-version")
	if got := textOf(doc, ".std-time"); got != "28 hari kerja" {
		t.Errorf("version 1 still reads %q", got)
	}
	// The decree scan is kept as evidence, for staff only.
	doc = mustBePage(t, a.get(t, op, v2), http.StatusOK, "ul.evidence")
	link := attr(findAll(doc, "ul.evidence a")[0], "href")
	if res := a.get(t, op, link); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
		t.Errorf("evidence file: %d", res.StatusCode)
	}
	if res := a.get(t, nil, link); res.StatusCode != http.StatusSeeOther {
		t.Errorf("evidence file anonymously: %d, want a redirect to sign in", res.StatusCode)
	}
	// A published version is never changed: no step applies to it.
	if res := a.post(t, op, v2, url.Values{"action": {"discard"}, "confirmed": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("discarding a published version: %d", res.StatusCode)
	}
	entries, err := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "standard.publish"})
	if err != nil || len(entries) == 0 || entries[0].ActorName != "operator.ptsp" || !strings.Contains(entries[0].Detail, "e-0101/2026") {
		t.Errorf("audit %+v, %v", entries, err)
	}

	// Another unit's operator may not write; an evaluator reads without forms.
	pkm := a.login(t, "operator.pkm")
	if res := a.post(t, pkm, base, form); res.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's operator: %d", res.StatusCode)
	}
	ev := a.login(t, "evaluator.jakut")
	doc = mustBePage(t, a.get(t, ev, base), http.StatusOK, "table.history")
	if len(findAll(doc, "form.standard-form")) != 0 {
		t.Error("an evaluator sees the edit form")
	}
}

func hasAttr(e *html.Node, name string) bool {
	for _, a := range e.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// TestMaklumatAndForumForms: the maklumat form starts from the stored
// text; bad input comes back by field; a forum is recorded with its file.
func TestMaklumatAndForumForms(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.pkm")
	page := "/kelola/standar/unit/PKM-31.72.01"
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#standards-page")
	if len(findAll(doc, "article.forum")) != 1 || len(findAll(doc, "span.review-due")) == 0 {
		t.Errorf("demo forum or review reminder missing")
	}
	res := a.post(t, op, page+"/maklumat", url.Values{"maklumat": {""}, "signatory_position": {"Kepala Puskesmas"}, "signed_on": {"2030-01-01"}})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#standards-page")
	for _, id := range []string{"#e-maklumat", "#e-signatory_name", "#e-signed_on"} {
		if len(findAll(doc, id)) == 0 {
			t.Errorf("no %s", id)
		}
	}
	if n := len(findAll(doc, "#kesalahan li")); n != 3 {
		t.Errorf("the summary has %d lines, want one per field", n)
	}
	// The user's input comes back, not the stored maklumat.
	for name, want := range map[string]string{"maklumat": "", "signed_on": "2030-01-01", "signatory_position": "Kepala Puskesmas"} {
		if in := findAll(doc, "#f-"+name); len(in) != 1 || strings.TrimSpace(valueOf(in[0])) != want {
			t.Errorf("refused %s shows %d inputs, want %q", name, len(in), want)
		}
	}
	res = a.post(t, op, page+"/maklumat", url.Values{"maklumat": {"Kami sanggup."}, "signatory_name": {"dr. Contoh"},
		"signatory_position": {"Kepala Puskesmas"}, "signed_on": {"2026-11-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("maklumat: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, nil, "/unit/PKM-31.72.01"), http.StatusOK, "#maklumat")
	if got := textOf(doc, "#maklumat .maklumat-text"); got != "Kami sanggup." {
		t.Errorf("public maklumat %q", got)
	}
	png := []byte("\x89PNG\r\n\x1a\n")
	ct, body := multipartForm(t, url.Values{"held_on": {"2026-11-10"}, "topic": {"Evaluasi"}, "participants": {"Kader\nRW 02"}, "minutes": {"Catatan"}},
		"forum_files", "foto.png", png)
	req, _ := http.NewRequest(http.MethodPost, a.URL+page+"/forum", body)
	req.Header.Set("Content-Type", ct)
	doc = mustBePage(t, a.do(t, op, req), http.StatusUnprocessableEntity, "#e-forum_files") // not a decodable image
	fs, _ := a.DB.Forums(t.Context(), mustUnitID(t, a, "PKM-31.72.01"))
	if len(fs) != 1 {
		t.Errorf("a refused forum was stored: %d", len(fs))
	}
}

func mustUnitID(t *testing.T, a *app, code string) string {
	u, err := a.DB.UnitByCode(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestStandardReviewReminder: a standard in force longer than the review
// cycle is flagged on the unit's standards page and in "tugas saya"; a
// longer cycle (MUTU_STANDARD_REVIEW) lifts the reminder.
func TestStandardReviewReminder(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.pkm")
	doc := mustBePage(t, a.get(t, op, "/dasbor"), http.StatusOK, "section#tugas-saya")
	if got := textOf(doc, "ul.standard-reviews li"); !strings.Contains(got, "Puskesmas Kecamatan Penjaringan") || strings.Contains(got, "Tanjung Priok") {
		t.Errorf("review reminders %q, want Penjaringan (in force since June 2025) only", got)
	}
	doc = mustBePage(t, a.get(t, op, "/kelola/standar/unit/PKM-31.72.01"), http.StatusOK, "h1#standards-page")
	if n := len(findAll(doc, "table.standards span.review-due")); n != 2 {
		t.Errorf("%d services flagged, want the two published standards", n)
	}

	b := newApp(t, func(c *web.Config) { c.StandardReview = 24 })
	doc = mustBePage(t, b.get(t, b.login(t, "operator.pkm"), "/dasbor"), http.StatusOK, "section#tugas-saya")
	if len(findAll(doc, "ul.standard-reviews")) != 0 {
		t.Error("with a two-year cycle nothing is due")
	}
}

// TestNewStandardStartsFromComplaintChannels: a service without a standard
// gets a form whose complaint handling lists the unit's channels in Mutu.
func TestNewStandardStartsFromComplaintChannels(t *testing.T) {
	a := newApp(t)
	_, kk := serviceCode(t, a, "DKP-31.72", "Kartu Keluarga (KK)")
	doc := mustBePage(t, a.get(t, a.login(t, "admin.jakut"), "/kelola/standar/unit/DKP-31.72/layanan/"+kk), http.StatusOK, "form.standard-form")
	got := textOf(doc, "#f-complaints")
	if !strings.Contains(got, a.URL+"/pengaduan?unit=DKP-31.72") || !strings.Contains(got, "SP4N-LAPOR!") {
		t.Errorf("complaint handling starts as %q", got)
	}
}

// pngBytes is a small valid PNG.
func pngBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEvidenceAddedLater: files can be added to a published version and to
// a forum afterwards (checked like attachments); an empty upload is refused
// by its field; a discarded draft's files go with it.
func TestEvidenceAddedLater(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.AttachmentDir = dir })
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	admin := a.login(t, "admin.jakut")
	v1 := "/kelola/standar/unit/DKP-31.72/layanan/" + ktp + "/versi/1"
	post := func(path string, fields url.Values, name string, data []byte) response {
		ct, body := multipartForm(t, fields, "evidence_files", name, data)
		req, _ := http.NewRequest(http.MethodPost, a.URL+path, body)
		req.Header.Set("Content-Type", ct)
		return a.do(t, admin, req)
	}
	ct, body := multipartForm(t, nil, "", "", nil)
	req, _ := http.NewRequest(http.MethodPost, a.URL+v1+"/bukti", body)
	req.Header.Set("Content-Type", ct)
	mustBePage(t, a.do(t, admin, req), http.StatusUnprocessableEntity, "#e-evidence_files")
	if res := post(v1+"/bukti", nil, "sk-lama.png", pngBytes(t)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add to version 1: %d %s", res.StatusCode, res.Body)
	}
	doc := mustBePage(t, a.get(t, admin, v1), http.StatusOK, "h1#standard-version")
	if got := textOf(doc, "ul.evidence a"); got != "sk-lama.png" {
		t.Errorf("version 1 files %q", got)
	}

	fs, _ := a.DB.Forums(t.Context(), mustUnitID(t, a, "DKP-31.72"))
	if res := post("/kelola/standar/unit/DKP-31.72/bukti", url.Values{"owner_ref": {"forum/" + fs[0].ID}}, "foto.png", pngBytes(t)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add to the forum: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, admin, "/kelola/standar/unit/DKP-31.72"), http.StatusOK, "h1#standards-page")
	if got := textOf(doc, "article.forum ul.evidence a"); got != "foto.png" {
		t.Errorf("forum files %q", got)
	}
	if res := post("/kelola/standar/unit/DKP-31.72/bukti", url.Values{"owner_ref": {"forum/" + store.NewID()}}, "foto.png", pngBytes(t)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a forum that does not exist: %d", res.StatusCode)
	}

	// A draft with a file, discarded: the version, its rows and its file go.
	u, _ := a.DB.UnitByCode(t.Context(), "DKP-31.72")
	cur, _ := a.DB.CurrentStandard(t.Context(), u.ID, u.ServiceByCode(ktp).ID)
	v3, err := a.DB.SaveDraft(t.Context(), audit.CLI, u, u.ServiceByCode(ktp), cur.Content)
	if err != nil || v3.Number != 3 {
		t.Fatalf("draft %+v, %v", v3, err)
	}
	draft := "/kelola/standar/unit/DKP-31.72/layanan/" + ktp + "/versi/3"
	if res := post(draft+"/bukti", nil, "draf.png", pngBytes(t)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add to the draft: %d", res.StatusCode)
	}
	files, _ := os.ReadDir(filepath.Join(dir, "bukti", v3.ID))
	if len(files) != 1 {
		t.Fatalf("%d files stored for the draft", len(files))
	}
	mustBePage(t, a.post(t, admin, draft, url.Values{"action": {"discard"}}), http.StatusUnprocessableEntity, "#e-discard_confirmed")
	if res := a.post(t, admin, draft, url.Values{"action": {"discard"}, "confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(dir, "bukti", v3.ID)); !os.IsNotExist(err) {
		t.Errorf("the discarded draft's files are still there: %v", err)
	}
	if res := a.get(t, admin, draft); res.StatusCode != http.StatusNotFound {
		t.Errorf("discarded draft: %d", res.StatusCode)
	}
}

// TestServicePageDueBy: a limit in working days tells the citizen the last
// day, on the holiday calendar.
func TestServicePageDueBy(t *testing.T) {
	a := newApp(t) // today is Tuesday 24 Nov 2026
	_, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	doc := mustBePage(t, a.get(t, nil, "/unit/PTSP-31.72/layanan/"+pbg), http.StatusOK, "#due-by")
	// 28 working days, skipping 24 and 25 Dec 2026, 1 and 5 Jan 2027.
	if got := textOf(doc, "#due-by"); !strings.Contains(got, "7 Jan 2027") {
		t.Errorf("due by %q", got)
	}
	_, akta := serviceCode(t, a, "DKP-31.72", "Akta Kelahiran")
	doc = mustBePage(t, a.get(t, nil, "/unit/DKP-31.72/layanan/"+akta), http.StatusOK, "h1#service-public")
	if len(findAll(doc, "#due-by")) != 0 {
		t.Error("a limit in minutes has no last day")
	}
}
