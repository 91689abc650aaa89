package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/audit"
	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestJourneyVisitOffline: an evaluator on a 360 px phone opens a planned
// visit from the calendar, goes offline, scores two indicators (one with a
// photo), reloads the page without the network (the drafts stay on the
// device), comes back online after the session expired (the drafts wait
// for the sign-in), signs in again: each score and the photo reach the
// server exactly once. With the other scores in, the evaluator submits the visit,
// which is done with its IPP. The page fits the screen and passes axe-core.
func TestJourneyVisitOffline(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	path, rec := planVisit(t, a, ev)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	photo := filepath.Join(t.TempDir(), "papan.png")
	if err := os.WriteFile(photo, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}

	k := &kioskTab{tab: openTabOn(t, a, testutil.ChromiumTimeout(t, 120*time.Second)), worker: "/kelola/pemantauan/sw.js"}
	k.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(k.tab)
	defer stop()
	k.signIn("evaluator.jakut")
	if st := k.open("/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan=2027-01"); st != http.StatusOK {
		k.fatalf("calendar: %d", st)
	}
	if st := k.follow(`tr[id="v-PTSP-31.72"] a.visit-open`); st != http.StatusOK || !k.has("h1#visit-page") || k.path() != path {
		k.fatalf("the visit from the calendar: %d %s", st, k.path())
	}
	k.waitFor("the service worker", `document.getElementById("visit-sync").dataset.offline === "ready" && !!navigator.serviceWorker.controller`, 10*time.Second)
	if s := sideScroll(k.tab); s != "" {
		k.errorf("the visit page scrolls sideways at 360 px: %s", s)
	}
	for _, v := range axeViolations(k.tab) {
		k.errorf("visit page: axe: %s", v)
	}
	if p := seen.take(); len(p) > 0 {
		k.errorf("visit page: %s", strings.Join(p, "; "))
	}
	codes := eval[[]string](k.tab, `[...document.querySelectorAll("form.team-form input[name=indicator]")].slice(0, 2).map(e => e.value)`)
	if len(codes) != 2 {
		k.fatalf("team forms: %v", codes)
	}

	// Offline: two scores, the first with a photo.
	k.network(false)
	score := func(code, level string, withPhoto bool) {
		t.Helper()
		form := `[id="t-` + code + `"] form`
		k.do("choosing level "+level+" for "+code, chromedp.Click(chromedp.CSS(form+` input[name=level][value="`+level+`"]`)))
		k.do("a note", chromedp.SendKeys(chromedp.CSS(form+` textarea`), "dicatat di lapangan"))
		if withPhoto {
			k.do("a photo", chromedp.SetUploadFiles(chromedp.CSS(form+` input[type=file]`), []string{photo}))
		}
		k.do("saving "+code, chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	}
	score(codes[0], "4", true)
	k.waitFor("one draft", `document.getElementById("visit-sync").dataset.pending === "1"`, stepTimeout)
	score(codes[1], "2", false)
	k.waitFor("two drafts", `document.getElementById("visit-sync").dataset.pending === "2"`, stepTimeout)
	if got, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID); len(got.Scores) != 0 {
		k.fatalf("%d scores reached the server while offline", len(got.Scores))
	}

	// A reload without the network keeps the page and its drafts.
	ctxNav, cancel := k.step()
	resp, err := chromedp.Run(ctxNav, chromedp.NavigateResponse(a.URL+path))
	cancel()
	if err != nil || resp.Status != 200 || !resp.FromServiceWorker {
		k.fatalf("reloading offline: %v %+v", err, resp)
	}
	k.waitFor("the drafts after the reload", `document.getElementById("visit-sync").dataset.pending === "2" &&
		document.getElementById("t-`+codes[0]+`").dataset.draft === "true"`, stepTimeout)

	// The session expired meanwhile: back online, the drafts wait for the
	// sign-in, nothing is stored and the page offers to sign in again.
	expire := a.DB.Sessions()
	expire.Now = func() time.Time { return time.Now().Add(13 * time.Hour) }
	if err := expire.DeleteExpired(ctx); err != nil {
		t.Fatal(err)
	}
	k.network(true)
	k.waitFor("the sign-in link", `!!document.querySelector('#visit-sync a[href^="/masuk?next="]') &&
		document.getElementById("visit-sync").dataset.pending === "2"`, 15*time.Second)
	if got, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID); len(got.Scores) != 0 {
		k.fatalf("%d scores stored without a session", len(got.Scores))
	}
	seen.take() // the refused upload's 401 is the point here

	// Signed in again, the visit page sends each draft and the photo once.
	k.signIn("evaluator.jakut")
	if st := k.open(path); st != http.StatusOK {
		k.fatalf("the visit page after signing in: %d", st)
	}
	k.waitFor("the drafts sent", `document.getElementById("visit-sync").dataset.pending === "0"`, 15*time.Second)
	got, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	levels := monitor.Levels(got.Scores, monitor.TeamSide)
	if len(got.Scores) != 2 || levels[codes[0]] != 4 || levels[codes[1]] != 2 || len(got.Files) != 1 || got.Files[0].Kind != codes[0] {
		k.fatalf("after the sync: scores %+v, %d files", got.Scores, len(got.Files))
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{})
	n := 0
	for _, e := range entries {
		if e.Action == "visit.score" && e.ObjectID == rec.ID {
			n++
		}
	}
	if n != 2 {
		k.errorf("%d score uploads stored, want 2", n)
	}

	// The rest of the scores, then the evaluator submits the visit.
	iv, err := a.DB.InstrumentVersionByID(ctx, got.InstrumentVersionID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range iv.ScoredIndicators() {
		if _, ok := levels[c]; !ok {
			if _, err := a.DB.SaveVisitScore(ctx, audit.Actor{Name: "test"}, ptsp, rec.ID, iv.ID, monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: 5}, "", nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st := k.open(path); st != http.StatusOK {
		k.fatalf("visit page: %d", st)
	}
	k.do("confirming", chromedp.Click(chromedp.CSS(`#complete input[name=confirmed]`)))
	if st := k.follow(`#complete button[type=submit]`); st != http.StatusOK || !k.has("#visit-ipp") {
		k.fatalf("submitting the visit: %d", st)
	}
	final, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	if !final.Done() || final.Result == nil || k.text("#visit-ipp") != i18n.Decimal(i18n.ID, float64(final.Result.IPP)/100, 2) {
		k.fatalf("done %v, result %+v, page %q", final.Done(), final.Result, k.text("#visit-ipp"))
	}
	for _, v := range axeViolations(k.tab) {
		k.errorf("visit page with its result: axe: %s", v)
	}
	if p := seen.take(); len(p) > 0 {
		k.errorf("after the sign-in: %s", strings.Join(p, "; "))
	}
}
