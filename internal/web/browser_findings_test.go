package web_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyFindingsOnPhone: on a 360 px phone the unit's operator opens
// the unit's findings and a finding, and the evaluator the list across
// units and the unit's page with the form of a new finding; every page
// fits the screen and passes axe-core, with no console error, CSP report
// or failed request.
func TestJourneyFindingsOnPhone(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()
	check := func(path string) {
		t.Helper()
		checkShown(b, seen, path)
	}
	b.signIn("operator.ptsp")
	if st := b.open("/kelola/temuan/PTSP-31.72"); st != http.StatusOK || !b.has("h1#unit-findings") || !b.has("#follow-up-rate") {
		b.fatalf("the unit's findings: %d", st)
	}
	check("/kelola/temuan/PTSP-31.72")
	if st := b.follow(`section[aria-labelledby="s-overdue"] table.findings a[href*="/kelola/temuan/PTSP-31.72/"]`); st != http.StatusOK ||
		!b.has("h1#finding-page") || !b.has(`form[action$="/tanggapan"]`) {
		b.fatalf("an overdue finding: %d", st)
	}
	check("an overdue finding")

	b.signOut()
	b.signIn("evaluator.jakut")
	if st := b.open("/kelola/temuan"); st != http.StatusOK || !b.has("h1#findings-page") {
		b.fatalf("the list: %d", st)
	}
	check("/kelola/temuan")
	if st := b.open("/kelola/temuan/PTSP-31.72"); st != http.StatusOK || !b.has("select#f-indicator") {
		b.fatalf("the unit's findings as the team: %d", st)
	}
	check("/kelola/temuan/PTSP-31.72 as the team")
}
