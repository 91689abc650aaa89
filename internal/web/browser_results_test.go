package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/clock"
)

// TestJourneyResultsOnPhone: on a 360 px phone the evaluator opens the
// city's results from the calendar and a unit's results from the
// ranking; both pages, chart and heat map included, fit the screen
// (tables scroll in their own box) and pass axe-core, with no console
// error, CSP report or failed request.
func TestJourneyResultsOnPhone(t *testing.T) {
	a := newApp(t)
	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), at(3))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 3, 9, 0, 0, 0, 0, clock.Jakarta), at(4))
	completeVisitAt(t, a, "DKP-31.72", time.Date(2027, 3, 10, 0, 0, 0, 0, clock.Jakarta), at(2))
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()
	check := func(page string) {
		t.Helper()
		if s := sideScroll(b); s != "" {
			b.errorf("%s scrolls sideways at 360 px: %s", page, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s: axe: %s", page, v)
		}
		if p := seen.take(); len(p) > 0 {
			b.errorf("%s: %s", page, strings.Join(p, "; "))
		}
	}
	b.signIn("evaluator.jakut")
	if st := b.open("/kelola/pemantauan?kota=31.72"); st != http.StatusOK {
		b.fatalf("the calendar: %d", st)
	}
	if st := b.follow("a#city-results-link"); st != http.StatusOK || !b.has("h1#city-results") || !b.has("table.heatmap td.heat svg rect") {
		b.fatalf("the city's results: %d", st)
	}
	check("the city's results")
	if st := b.follow(`tr#u-PTSP-31\.72 a`); st != http.StatusOK || !b.has("h1#unit-results") || !b.has("figure.chart svg rect.bar") {
		b.fatalf("the unit's results: %d", st)
	}
	check("the unit's results")
}
