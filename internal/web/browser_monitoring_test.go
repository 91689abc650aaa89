package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyMonitoringCalendar: on a 360 px phone an evaluator opens the
// monitoring calendar (month view, agenda, coverage), plans a visit from
// the list view, and reads the teams page; every page fits the screen
// and passes axe-core, with no console error, CSP report or failed request;
// so do the administrator's cadence and team forms.
func TestJourneyMonitoringCalendar(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()
	b.signIn("evaluator.jakut")

	check := func(path string) {
		t.Helper()
		checkShown(b, seen, path)
	}
	if st := b.open("/kelola/pemantauan"); st != http.StatusOK || !b.has("table.cal td.today") {
		b.fatalf("month view: %d", st)
	}
	if n := eval[int](b, `document.querySelectorAll("table.cal a.cal-n").length`); n == 0 {
		b.errorf("no day of the month shows a visit")
	}
	if w := eval[int](b, `document.querySelector("table.cal").getBoundingClientRect().right`); w > 360 {
		b.errorf("the month runs past the screen: right edge at %d px", w)
	}
	check("/kelola/pemantauan")

	if st := b.follow(`nav.actions a[href$="tampilan=daftar"]`); st != http.StatusOK || !b.has("table.visits") {
		b.fatalf("list view: %d", st)
	}
	check("list view")
	row := eval[string](b, `document.querySelector('table.visits tr[data-status="due"]')?.id ?? ""`)
	if row == "" {
		b.fatalf("no unit left to plan in the demo's open window")
	}
	sel := `[id="` + row + `"]`
	eval[bool](b, `(document.querySelector('`+sel+` input[name="planned_on"]').value = "2026-12-15") !== ""`)
	if st := b.follow(sel + ` form input[value="plan"] ~ button`); st != http.StatusOK {
		b.fatalf("planning: %d", st)
	}
	if got := eval[string](b, `document.getElementById("`+row+`")?.dataset.status ?? ""`); got != "planned" {
		b.errorf("after planning, %s is %q", row, got)
	}
	check("list view after planning")

	if st := b.open("/kelola/pemantauan/tim"); st != http.StatusOK || !b.has("article.team") {
		b.fatalf("teams: %d", st)
	}
	check("/kelola/pemantauan/tim")
	if st := b.follow("article.team h2 a"); st != http.StatusOK || !b.has("h1#team-page") {
		b.fatalf("team: %d", st)
	}
	check("team page")

	// The administrator's forms: the cadence and the team.
	b.signOut()
	b.signIn("admin.jakut")
	if st := b.open("/kelola/pemantauan/tim"); st != http.StatusOK || !b.has(`form[action="/kelola/pemantauan/siklus"]`) {
		b.fatalf("teams as administrator: %d", st)
	}
	check("/kelola/pemantauan/tim as administrator")
	if st := b.follow("article.team h2 a"); st != http.StatusOK || !b.has("select#f-units") {
		b.fatalf("team form: %d", st)
	}
	check("team form")
}

// checkShown checks the page b shows on a 360 px screen: it does not scroll
// sideways, passes axe-core, and the tab recorded no problem (console
// error, CSP report, failed request) since the last check.
func checkShown(b *tab, seen *problems, where string) {
	b.t.Helper()
	if s := sideScroll(b); s != "" {
		b.errorf("%s scrolls sideways at 360 px: %s", where, s)
	}
	for _, v := range axeViolations(b) {
		b.errorf("%s: axe: %s", where, v)
	}
	if p := seen.take(); len(p) > 0 {
		b.errorf("%s: %s", where, strings.Join(p, "; "))
	}
}
