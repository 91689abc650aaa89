package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"log/slog"
	"mutu/internal/instrument"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/jobs"
	"mutu/internal/kepatuhan"
	"mutu/internal/report"
	"mutu/internal/seed"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/web"
)

// demoAssessment returns the demo's assessment of a city and year.
func demoAssessment(t *testing.T, a *app, city string, year int) *kepatuhan.Assessment {
	t.Helper()
	as, err := a.DB.Assessments(t.Context(), store.AssessmentFilter{RegionCode: city, Year: year})
	if err != nil || len(as) != 1 || !as[0].Demo {
		t.Fatalf("demo assessment %s %d: %+v %v", city, year, as, err)
	}
	return &as[0]
}

// TestAssessmentPages: the city's administrator lists its assessments
// (the demo's, marked demo, not another city's), reads one with its loci,
// official results and opinions, records a new one (bad input comes back
// by field with nothing stored), its results and its Piagam with the
// scan, and asks for a locus's evidence pack: the page shows its progress
// until the job has built it, then offers the ZIP, whose first entry is
// the PDF index.
func TestAssessmentPages(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.AttachmentDir = dir })
	ctx := t.Context()
	admin := a.login(t, "admin.jakut")

	doc := mustBePage(t, a.get(t, admin, "/kelola/penilaian-ombudsman"), http.StatusOK, "h1#assessments-page")
	list := textOf(doc, "#assessment-list")
	if !strings.Contains(list, "2023") || !strings.Contains(list, "2024") || !strings.Contains(list, "Jakarta Utara") || !strings.Contains(list, "data demo") {
		t.Errorf("the city's assessments: %q", list)
	}
	if strings.Contains(list, "Jakarta Selatan") {
		t.Errorf("another city's assessment listed: %q", list)
	}

	jakut := demoAssessment(t, a, "31.72", 2023)
	doc = mustBePage(t, a.get(t, admin, "/kelola/penilaian-ombudsman/"+jakut.ID), http.StatusOK, "h1#assessment-page")
	if len(findAll(doc, "#demo-notice")) != 1 {
		t.Error("the demo assessment is not marked demo")
	}
	if got := textOf(doc, "tr[data-unit=PTSP-31.72]"); !strings.Contains(got, "86,40") || !strings.Contains(got, "Kualitas Tinggi") {
		t.Errorf("PTSP's result %q", got)
	}
	// Next to the official result, where the unit stands today: the same
	// projection as its readiness page, linked to it — once the unit has
	// begun its self-assessment (before, a dash).
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if len(findAll(doc, "tr[data-unit=PTSP-31.72] a.projected")) != 0 {
		t.Error("a projection shown for a unit without a self-assessment")
	}
	ov, err := a.DB.OmbudsmanVersion(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.SaveSelfAssessmentItem(ctx, audit.Actor{UserID: "t", Name: "t"}, ptsp, "", ov, store.NewID(), "IN-13", instrument.Item{Score: 4}, nil); err != nil {
		t.Fatal(err)
	}
	proj, err := a.DB.ProjectedCompliance(ctx, []string{ptsp.ID})
	if err != nil {
		t.Fatal(err)
	}
	doc = mustBePage(t, a.get(t, admin, "/kelola/penilaian-ombudsman/"+jakut.ID), http.StatusOK, "h1#assessment-page")
	link := findAll(doc, "tr[data-unit=PTSP-31.72] a.projected")
	if want := kepatuhan.FormatScore(proj[ptsp.ID].Rounded); len(link) != 1 || textOf(doc, "tr[data-unit=PTSP-31.72] a.projected") != want ||
		attr(link[0], "href") != "/kelola/kepatuhan/unit/PTSP-31.72" {
		t.Errorf("PTSP's projection: %d links, want %s", len(link), want)
	}
	if got := textOf(doc, "#city-result"); !strings.Contains(got, "84,12") || !strings.Contains(got, "B") || !strings.Contains(got, "zona hijau") {
		t.Errorf("the city's result %q", got)
	}

	// A new assessment: bad input comes back on the form, by field.
	versions, _ := a.DB.InstrumentVersions(ctx)
	var v2022, v2024 string
	for _, v := range versions {
		switch v.Label {
		case "ombudsman-2022":
			v2022 = v.ID
		case "ombudsman-2024":
			v2024 = v.ID
		}
	}
	asesor := userID(t, a, "asesor")
	before, _ := a.DB.Assessments(ctx, store.AssessmentFilter{})
	bad := url.Values{"region_code": {"31.72"}, "year": {"2022"}, "version_id": {v2024}, "starts_on": {"2022-08-03"}, "ends_on": {"2022-08-01"},
		"assessors": {userID(t, a, "operator.ptsp")}}
	doc = mustBePage(t, a.post(t, admin, "/kelola/penilaian-ombudsman/baru", bad), http.StatusUnprocessableEntity, "h1#assessment-new")
	for _, f := range []string{"version_id", "ends_on", "loci", "assessors"} {
		besideField(t, doc, f)
	}
	if after, _ := a.DB.Assessments(ctx, store.AssessmentFilter{}); len(after) != len(before) {
		t.Fatal("a refused assessment was stored")
	}
	if res := a.post(t, admin, "/kelola/penilaian-ombudsman/baru", url.Values{"region_code": {"31.74"}, "year": {"2022"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("another city's assessment: %d", res.StatusCode)
	}
	good := url.Values{"region_code": {"31.72"}, "year": {"2022"}, "version_id": {v2022}, "starts_on": {"2022-08-01"}, "ends_on": {"2022-08-03"},
		"loci": {ptsp.ID}, "products": {ptsp.ID + "/" + ptsp.Services[0].ID}, "assessors": {asesor}}
	res := a.post(t, admin, "/kelola/penilaian-ombudsman/baru", good)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	path := res.Header.Get("Location")
	created := demoOrNew(t, a, "31.72", 2022)
	if path != "/kelola/penilaian-ombudsman/"+created.ID || created.Demo || len(created.Loci) != 1 || len(created.Loci[0].ServiceIDs) != 1 || !created.HasAssessor(asesor) {
		t.Fatalf("created %s %+v", path, created)
	}
	if res := a.post(t, admin, "/kelola/penilaian-ombudsman/baru", good); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a second 2022 assessment: %d", res.StatusCode)
	}

	// Official results: a bad score comes back next to its field.
	scoreField := "score_" + ptsp.ID
	doc = mustBePage(t, a.post(t, admin, path+"/hasil", url.Values{"score": {"101"}, scoreField: {"88,5"}}), http.StatusUnprocessableEntity, "h1#assessment-page")
	besideField(t, doc, "score")
	if got := demoOrNew(t, a, "31.72", 2022); got.Score != nil || got.Loci[0].Score != nil {
		t.Fatal("refused results were stored")
	}
	if res := a.post(t, admin, path+"/hasil", url.Values{"score": {"78,00"}, scoreField: {"88,01"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("results: %d", res.StatusCode)
	}
	doc = mustBePage(t, a.get(t, admin, path), http.StatusOK, "h1#assessment-page")
	if got := textOf(doc, "#city-result"); !strings.Contains(got, "78,00") || !strings.Contains(got, "Kualitas Sedang") {
		t.Errorf("78,00 is C: %q", got)
	}
	if got := textOf(doc, "tr[data-unit=PTSP-31.72]"); !strings.Contains(got, "88,01") || !strings.Contains(got, "Kualitas Tertinggi") {
		t.Errorf("88,01 is A: %q", got)
	}

	// The Piagam with its scan; a bad date comes back next to its field.
	ct, body := multipartForm(t, url.Values{"award_name": {"Piagam Kepatuhan"}, "award_on": {"10-12-2022"}}, "award_file", "piagam.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	req, _ := http.NewRequest(http.MethodPost, a.URL+path+"/piagam", body)
	req.Header.Set("Content-Type", ct)
	besideField(t, mustBePage(t, a.do(t, admin, req), http.StatusUnprocessableEntity, "h1#assessment-page"), "award_on")
	if files, _ := a.DB.AwardFiles(ctx, created.ID); len(files) != 0 || demoOrNew(t, a, "31.72", 2022).Award.Name != "" {
		t.Fatal("a refused award was stored")
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	ct, body = multipartForm(t, url.Values{"award_name": {"Piagam Kepatuhan"}, "award_on": {"2022-12-10"}}, "award_file", "piagam.pdf", pdf)
	req, _ = http.NewRequest(http.MethodPost, a.URL+path+"/piagam", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, admin, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("award: %d %s", res.StatusCode, res.Body)
	}
	files, err := a.DB.AwardFiles(ctx, created.ID)
	if err != nil || len(files) != 1 {
		t.Fatalf("award files %v %v", files, err)
	}
	if res := a.get(t, a.login(t, "asesor"), path+"/piagam/"+files[0].ID); res.StatusCode != http.StatusOK || res.Body != string(pdf) {
		t.Errorf("the assessor reads the scan: %d", res.StatusCode)
	}

	// The evidence pack: asked for, in progress, built by the job, offered.
	if res := a.post(t, admin, path+"/paket/PTSP-31.72", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pack: %d", res.StatusCode)
	}
	doc = mustBePage(t, a.get(t, admin, path), http.StatusOK, "h1#assessment-page")
	if len(findAll(doc, "#pack-polling")) != 1 || len(findAll(doc, "#paket.polling")) != 1 || len(findAll(doc, "tr[data-unit=PTSP-31.72] progress")) != 1 {
		t.Error("the page does not show the pack's progress")
	}
	if res := a.get(t, admin, path+"/paket/PTSP-31.72"); res.StatusCode != http.StatusNotFound {
		t.Errorf("download before it is built: %d", res.StatusCode)
	}
	packs := &jobs.EvidencePacks{DB: a.DB, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), AttachmentDir: dir}
	if n, err := packs.BuildPending(ctx, a.DB.Now()); n != 1 || err != nil {
		t.Fatalf("build: %d %v", n, err)
	}
	doc = mustBePage(t, a.get(t, admin, path), http.StatusOK, "h1#assessment-page")
	if len(findAll(doc, "#pack-polling")) != 0 || len(findAll(doc, "tr[data-unit=PTSP-31.72] a.pack-download")) != 1 {
		t.Error("the built pack is not offered")
	}
	res = a.get(t, a.login(t, "asesor"), path+"/paket/PTSP-31.72")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	z, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
	if err != nil || len(z.File) == 0 || z.File[0].Name != report.PackIndexName {
		t.Fatalf("the pack: %v", err)
	}
}

// demoOrNew returns the one assessment of a city and year.
func demoOrNew(t *testing.T, a *app, city string, year int) *kepatuhan.Assessment {
	t.Helper()
	as, err := a.DB.Assessments(t.Context(), store.AssessmentFilter{RegionCode: city, Year: year})
	if err != nil || len(as) != 1 {
		t.Fatalf("assessment %s %d: %+v %v", city, year, as, err)
	}
	return &as[0]
}

// TestAssessorSeesOnlyTheirAssessments: an assessor reads the assessments
// they are on and the evidence of those loci, read-only; an assessor on
// none sees an empty list and is refused each page of an assessment;
// the evidence of a unit that is not a locus is not found; leaders read
// without the forms; operators are refused.
func TestAssessorSeesOnlyTheirAssessments(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.AttachmentDir = dir })
	ctx := t.Context()
	jakut := demoAssessment(t, a, "31.72", 2023)
	base := "/kelola/penilaian-ombudsman/" + jakut.ID

	hash, _ := account.HashPassword(seed.DemoPassword)
	other := &account.User{Username: "asesor.lain", Name: "Asesor Inspektorat", Role: account.Assessor, RegionCode: "31", PasswordHash: hash}
	if err := a.DB.CreateUser(ctx, audit.CLI, other); err != nil {
		t.Fatal(err)
	}
	outsider := a.login(t, "asesor.lain")
	doc := mustBePage(t, a.get(t, outsider, "/kelola/penilaian-ombudsman"), http.StatusOK, "h1#assessments-page")
	if len(findAll(doc, "#no-assessments")) != 1 || len(findAll(doc, "#assessment-list")) != 0 {
		t.Error("an assessor on no assessment sees some")
	}
	for _, p := range []string{base, base + "/bukti/PTSP-31.72", base + "/paket/PTSP-31.72"} {
		if res := a.get(t, outsider, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s for an assessor not on it: %d", p, res.StatusCode)
		}
	}

	// PTSP's forum minutes, on disk and in evidence_files.
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	minutes := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "notulen.pdf", ContentType: "application/pdf", Size: 4, SHA256: "x"}, Kind: "forum"}
	forum := &standard.Forum{HeldOn: testNow, Topic: "FKP", Participants: []string{"Warga"}, Minutes: "Notulen"}
	if err := a.DB.AddForum(ctx, audit.CLI, ptsp, forum, []store.EvidenceFile{minutes}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(store.EvidenceDir(dir, forum.ID), 0o750)
	if err := os.WriteFile(filepath.Join(store.EvidenceDir(dir, forum.ID), minutes.ID), []byte("%PDF"), 0o640); err != nil {
		t.Fatal(err)
	}
	ev, err := a.DB.UnitEvidence(ctx, ptsp.ID)
	if err != nil || len(ev) == 0 {
		t.Fatal(ev, err)
	}
	asesor := a.login(t, "asesor")
	doc = mustBePage(t, a.get(t, asesor, "/kelola/penilaian-ombudsman"), http.StatusOK, "h1#assessments-page")
	if got := textOf(doc, "#assessment-list"); !strings.Contains(got, "Jakarta Utara") || !strings.Contains(got, "Jakarta Selatan") {
		t.Errorf("the assessor's list %q", got)
	}
	doc = mustBePage(t, a.get(t, asesor, base), http.StatusOK, "h1#assessment-page")
	if len(findAll(doc, "#assessment-form")) != 0 || len(findAll(doc, "#results-form")) != 0 || len(findAll(doc, "button.pack-build")) != 0 {
		t.Error("the assessor is offered a form")
	}
	doc = mustBePage(t, a.get(t, asesor, base+"/bukti/PTSP-31.72"), http.StatusOK, "h1#locus-evidence-page")
	if n := len(findAll(doc, "#evidence-list tbody tr")); n != len(ev) {
		t.Errorf("%d evidence rows, the unit has %d", n, len(ev))
	}
	if res := a.get(t, asesor, base+"/bukti/PTSP-31.72/"+minutes.ID); res.StatusCode != http.StatusOK || res.Body != "%PDF" {
		t.Errorf("evidence file: %d", res.StatusCode)
	}
	if res := a.get(t, outsider, base+"/bukti/PTSP-31.72/"+minutes.ID); res.StatusCode != http.StatusForbidden {
		t.Errorf("evidence file for an assessor not on it: %d", res.StatusCode)
	}
	// SOS-31.72 is not a locus of Jakarta Utara's 2023 assessment.
	for _, p := range []string{base + "/bukti/SOS-31.72", base + "/paket/SOS-31.72"} {
		if res := a.get(t, asesor, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want not found", p, res.StatusCode)
		}
	}
	if res := a.post(t, asesor, base+"/hasil", url.Values{"score": {"99"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the assessor writes results: %d", res.StatusCode)
	}

	leader := a.login(t, "pimpinan.jakut")
	doc = mustBePage(t, a.get(t, leader, base), http.StatusOK, "h1#assessment-page")
	if len(findAll(doc, "#results-form")) != 0 {
		t.Error("the leader is offered the results form")
	}
	selatan := demoAssessment(t, a, "31.74", 2023)
	if res := a.get(t, leader, "/kelola/penilaian-ombudsman/"+selatan.ID); res.StatusCode != http.StatusForbidden {
		t.Errorf("another city's assessment for Jakarta Utara's leader: %d", res.StatusCode)
	}
	if res := a.get(t, a.login(t, "operator.ptsp"), "/kelola/penilaian-ombudsman"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an operator: %d", res.StatusCode)
	}
}
