package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/finding"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestJourneyMonitoringCycle follows one finding through a cycle of the
// monitoring team, on a 360 px phone, in the browser: the evaluator
// schedules PTSP's visit from the calendar; the unit's operator fills its
// self-assessment (F-01) with evidence and submits it; at the visit the
// evaluator scores offline with a photo (the draft waits in IndexedDB and
// reaches the server exactly once when back online), submits the visit
// and records a finding; the unit answers with its follow-up and
// evidence; at the next visit, two months on, the evaluator verifies and
// closes it from the calendar's link to the visit's findings. Last, a
// window that closes without a visit shows as overdue (injected clock).
// Of the 30 indicators, one a side is scored through the page; the store
// takes the rest, as the page would.
func TestJourneyMonitoringCycle(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	photo := filepath.Join(t.TempDir(), "papan.png")
	if err := os.WriteFile(photo, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	day := func(d int, m time.Month) { a.setNow(time.Date(2027, m, d, 9, 0, 0, 0, clock.Jakarta)) }
	k := &kioskTab{tab: openTabOn(t, a, testutil.ChromiumTimeout(t, 180*time.Second)), worker: "/kelola/pemantauan/sw.js"}
	k.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(k.tab)
	defer stop()
	const calendar = "/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan="
	const row = `tr[id="v-PTSP-31.72"]`

	// 5 January: the evaluator schedules the visit for the 12th. The city
	// has its own checklist too; this visit keeps PEKPPP.
	day(5, time.January)
	def, err := instrument.ParseChecklist("Ceklis Jakarta Utara", checklistLines)
	if err == nil {
		_, err = a.DB.AddChecklistVersion(ctx, audit.CLI, "31.72", def)
	}
	if err != nil {
		t.Fatal(err)
	}
	k.signIn("evaluator.jakut")
	if st := k.open(calendar + "2027-01"); st != http.StatusOK || eval[string](k.tab, `document.querySelector('`+row+`').dataset.status`) != "due" {
		k.fatalf("the calendar: %d", st)
	}
	eval[bool](k.tab, `(document.querySelector('`+row+` input[name="planned_on"]').value = "2027-01-12") !== ""`)
	if st := k.follow(row + ` form input[value="plan"] ~ button`); st != http.StatusOK || eval[string](k.tab, `document.querySelector('`+row+`').dataset.status`) != "planned" {
		k.fatalf("planning: %d", st)
	}
	if st := k.follow(row + ` a.visit-open`); st != http.StatusOK || !k.has("h1#visit-page") {
		k.fatalf("the planned visit: %d", st)
	}
	path := k.path()
	if !k.has("form#visit-instrument select#f-instrument") {
		k.errorf("the evaluator is not offered the instrument")
	}
	checkShown(k.tab, seen, "the planned visit")
	visits, _ := a.DB.UnitVisits(ctx, ptsp.ID)
	visit := visits[0] // newest window first
	if path != "/kelola/pemantauan/unit/PTSP-31.72/kunjungan/"+visit.ID || visit.Done() {
		k.fatalf("the visit page %s of visit %+v", path, visit)
	}
	k.signOut()

	// The unit's operator fills the self-assessment with evidence.
	k.signIn("operator.ptsp")
	if st := k.open(calendar + "2027-01"); st != http.StatusOK {
		k.fatalf("the operator's calendar: %d", st)
	}
	if st := k.follow(row + ` a.visit-open`); st != http.StatusOK || !k.has("form.self-form") || k.has("form.team-form") {
		k.fatalf("the operator's visit page: %d", st)
	}
	code := eval[string](k.tab, `document.querySelector("form.self-form input[name=indicator]").value`)
	self := `[id="s-` + code + `"] form`
	k.do("the unit's level, note and evidence",
		chromedp.Click(chromedp.CSS(self+` input[name=level][value="4"]`)),
		chromedp.SendKeys(chromedp.CSS(self+` textarea`), "Maklumat dipajang di ruang tunggu."),
		chromedp.SetUploadFiles(chromedp.CSS(self+` input[type=file]`), []string{photo}))
	if st := k.follow(self + ` button[type=submit]`); st != http.StatusOK || k.text(`[id="s-`+code+`"] [data-level]`) != "4" {
		k.fatalf("the self score: %d", st)
	}
	checkShown(k.tab, seen, "the self-assessment")
	iv, err := a.DB.InstrumentVersionByID(ctx, mustVisit(t, a, ptsp.ID, visit.ID).InstrumentVersionID)
	if err != nil {
		t.Fatal(err)
	}
	scoreRest(t, a, ptsp.ID, visit.ID, iv, monitor.SelfSide, code)
	k.open(path)
	if st := k.follow(`#self form button[type=submit]`); st != http.StatusOK || !k.has(`p#self .tag`) || k.has("form.self-form") {
		k.fatalf("submitting the self-assessment: %d", st)
	}
	rec := mustVisit(t, a, ptsp.ID, visit.ID)
	if rec.SelfSubmitted.IsZero() || len(rec.Files) != 1 || rec.Files[0].OwnerType != store.OwnerSelfAssessment {
		k.fatalf("the self-assessment: submitted %v, %d files", rec.SelfSubmitted, len(rec.Files))
	}
	k.signOut()

	// 12 January, at the unit on a poor connection: the evaluator scores
	// offline with a photo; back online the draft is sent exactly once.
	day(12, time.January)
	k.signIn("evaluator.jakut")
	k.open(path)
	k.waitFor("the service worker", `document.getElementById("visit-sync").dataset.offline === "ready" && !!navigator.serviceWorker.controller`, 10*time.Second)
	k.network(false)
	team := `[id="t-` + code + `"] form`
	k.do("the team's level, note and photo, offline",
		chromedp.Click(chromedp.CSS(team+` input[name=level][value="2"]`)),
		chromedp.SendKeys(chromedp.CSS(team+` textarea`), "Maklumat belum ditandatangani kepala unit."),
		chromedp.SetUploadFiles(chromedp.CSS(team+` input[type=file]`), []string{photo}),
		chromedp.Click(chromedp.CSS(team+` button[type=submit]`)))
	k.waitFor("the draft on the device", `document.getElementById("visit-sync").dataset.pending === "1" &&
		document.getElementById("t-`+code+`").dataset.draft === "true"`, stepTimeout)
	if n := len(monitor.Levels(mustVisit(t, a, ptsp.ID, visit.ID).Scores, monitor.TeamSide)); n != 0 {
		k.fatalf("%d team scores reached the server offline", n)
	}
	k.network(true)
	k.waitFor("the draft sent", `document.getElementById("visit-sync").dataset.pending === "0"`, 15*time.Second)
	seen.take() // offline, the page's requests failed on purpose
	rec = mustVisit(t, a, ptsp.ID, visit.ID)
	if iv.Kind != instrument.KindPEKPPP {
		k.errorf("the visit is scored on %s", iv.Label)
	}
	if lv := monitor.Levels(rec.Scores, monitor.TeamSide); len(lv) != 1 || lv[code] != 2 || len(rec.Files) != 2 {
		k.fatalf("after the sync: team levels %v, %d files", lv, len(rec.Files))
	}
	if n := auditCount(t, a, "visit.score", visit.ID); n != 1 {
		k.errorf("%d uploads stored for one score", n)
	}
	scoreRest(t, a, ptsp.ID, visit.ID, iv, monitor.TeamSide, code)
	k.open(path)
	k.do("confirming", chromedp.Click(chromedp.CSS(`#complete input[name=confirmed]`)))
	if st := k.follow(`#complete button[type=submit]`); st != http.StatusOK || !k.has("#visit-ipp") || !k.has("#visit-report-pdf") {
		k.fatalf("submitting the visit: %d", st)
	}

	// The finding, recorded on the unit's findings page.
	k.open("/kelola/temuan/PTSP-31.72")
	k.do("the finding",
		chromedp.SetValue(chromedp.ID("f-indicator"), code),
		chromedp.SendKeys(chromedp.ID("f-description"), "Maklumat pelayanan belum ditandatangani."),
		chromedp.SendKeys(chromedp.ID("f-recommendation"), "Tanda tangani maklumat dan pajang di ruang tunggu."),
		chromedp.SendKeys(chromedp.ID("f-responsible"), "Kepala Unit"))
	eval[bool](k.tab, `(document.getElementById("f-due_on").value = "2027-02-12") !== ""`)
	if st := k.follow(`form[action="/kelola/temuan/PTSP-31.72"] button[type=submit]`); st != http.StatusOK || !k.has("h1#finding-page") {
		k.fatalf("recording the finding: %d", st)
	}
	findingPath := k.path()
	if k.text("#finding-state") != "Terbuka" || !k.has(`a#finding-visit[href="`+path+`"]`) {
		k.fatalf("the new finding")
	}
	checkShown(k.tab, seen, "the new finding")
	k.signOut()

	// 20 January: the unit answers with its follow-up and evidence.
	day(20, time.January)
	k.signIn("operator.ptsp")
	k.open(findingPath)
	k.do("the follow-up",
		chromedp.SendKeys(chromedp.ID("f-follow_up"), "Maklumat sudah ditandatangani dan dipajang."),
		chromedp.SetUploadFiles(chromedp.ID("f-follow_up_files"), []string{photo}))
	if st := k.follow(`form[action$="/tanggapan"] button[type=submit]`); st != http.StatusOK || k.text("#finding-state") != "Ditanggapi" {
		k.fatalf("answering: %d", st)
	}
	k.signOut()

	// 9 March, the next visit: the evaluator records it done, follows the
	// January visit's findings from the calendar and closes the finding.
	day(9, time.March)
	k.signIn("evaluator.jakut")
	k.open(calendar + "2027-03")
	eval[bool](k.tab, `(document.querySelector('`+row+` input[name="done_on"]').value = "2027-03-09") !== ""`)
	if st := k.follow(row + ` form input[value="done"] ~ button`); st != http.StatusOK || eval[string](k.tab, `document.querySelector('`+row+`').dataset.status`) != "done" {
		k.fatalf("the next visit: %d", st)
	}
	k.open(calendar + "2027-01")
	if st := k.follow(row + ` a.visit-findings`); st != http.StatusOK || !k.has("p#at-visit") {
		k.fatalf("the January visit's findings: %d", st)
	}
	checkShown(k.tab, seen, "the January visit's findings")
	if st := k.follow(`table.findings a[href="` + findingPath + `"]`); st != http.StatusOK || !k.has(`form[action$="/tutup"]`) {
		k.fatalf("the finding to verify: %d", st)
	}
	k.do("verifying", chromedp.SendKeys(chromedp.ID("f-note"), "Maklumat terpajang dan ditandatangani."),
		chromedp.Click(chromedp.ID("f-confirmed")))
	if st := k.follow(`form[action$="/tutup"] button[type=submit]`); st != http.StatusOK || k.text("#finding-state") != "Ditutup" {
		k.fatalf("closing: %d", st)
	}
	f, err := a.DB.Finding(ctx, ptsp.ID, findingPath[len("/kelola/temuan/PTSP-31.72/"):])
	if err != nil || f.Status != finding.Closed || f.VisitID != visit.ID {
		t.Fatalf("the finding at the end: %+v, %v", f, err)
	}

	// A window without a visit: due while it is open, overdue once closed.
	day(30, time.April)
	if k.open(calendar + "2027-03"); eval[string](k.tab, `document.querySelector('tr[id="v-DKP-31.72"]').dataset.status`) != "due" {
		k.errorf("DKP-31.72 on the window's last day")
	}
	day(3, time.May)
	if k.open(calendar + "2027-03"); eval[string](k.tab, `document.querySelector('tr[id="v-DKP-31.72"]').dataset.status`) != "overdue" {
		k.errorf("DKP-31.72 after the window closed without a visit")
	}
}

// mustVisit reads a visit with everything recorded on it.
func mustVisit(t *testing.T, a *app, unitID, id string) *store.VisitRecord {
	t.Helper()
	rec, err := a.DB.VisitDetails(context.Background(), unitID, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// scoreRest scores one side's indicators other than done at level 4.
func scoreRest(t *testing.T, a *app, unitID, visitID string, iv *store.InstrumentVersion, side monitor.Side, done string) {
	t.Helper()
	u, err := a.DB.UnitByID(context.Background(), unitID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range iv.ScoredIndicators() {
		if c == done {
			continue
		}
		if _, err := a.DB.SaveVisitScore(context.Background(), audit.Actor{Name: "test"}, u, visitID, iv.ID, monitor.Score{Side: side, Indicator: c, Level: 4}, "", nil); err != nil {
			t.Fatal(err)
		}
	}
}

// auditCount counts the audit rows of an action on an object.
func auditCount(t *testing.T, a *app, action, objectID string) int {
	t.Helper()
	entries, err := a.DB.AuditLog(context.Background(), store.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.ObjectID == objectID {
			n++
		}
	}
	return n
}
