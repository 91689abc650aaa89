package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyInnovationCatalogue: on a 360 px phone a citizen filters the
// public catalogue by unit with the form, opens KOPILATE and reads its
// effect; the catalogue and the innovation page pass axe-core, do not
// scroll sideways, and raise no console error, CSP report or failed
// request.
func TestJourneyInnovationCatalogue(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()

	if st := b.open("/inovasi"); st != http.StatusOK || !b.has("h1#innovation-catalogue") {
		b.fatalf("catalogue: %d", st)
	}
	check := func(what string) {
		if s := sideScroll(b); s != "" {
			b.errorf("%s scrolls sideways at 360 px: %s", what, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s: axe: %s", what, v)
		}
		if p := seen.take(); len(p) > 0 {
			b.errorf("%s: %s", what, strings.Join(p, "; "))
		}
	}
	check("the catalogue")
	b.do("choosing the Dukcapil office", chromedp.SetValue(chromedp.ID("f-unit"), "DKP-31.72"))
	if st := b.follow("form#catalogue-filter button[type=submit]"); st != http.StatusOK || !strings.Contains(b.path(), "unit=DKP-31.72") {
		b.fatalf("filtering: %d at %s", st, b.path())
	}
	if n := eval[int](b, `document.querySelectorAll("tr.innovation").length`); n != 2 {
		b.errorf("%d innovations of DKP-31.72, want 2", n)
	}
	id := innovationID(t, a, "DKP-31.72", "KOPILATE")
	if st := b.follow(`a[href="/unit/DKP-31.72/inovasi/` + id + `"]`); st != http.StatusOK || !b.has("table.innovation-effect") {
		b.fatalf("KOPILATE: %d", st)
	}
	if got := b.text(".period-after"); !strings.Contains(got, "6 bulan sejak peluncuran") {
		b.errorf("after period %q", got)
	}
	check("the innovation page")
}
