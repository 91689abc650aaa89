package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyKepatuhanGap: a unit's operator opens the self-assessment,
// follows a gap's link to its fix (the item form, on the indicator the
// gap names), enters the top score with a note, and is back on the page
// with the projected score risen by exactly what the gap said it was
// worth; the page passes axe-core and raises no console error.
func TestJourneyKepatuhanGap(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	seen, stop := watch(b)
	defer stop()
	b.signIn("operator.ptsp")
	page := "/kelola/kepatuhan/unit/PTSP-31.72"
	if st := b.open(page); st != http.StatusOK || !b.has("h1#kepatuhan-unit-page") {
		b.fatalf("the self-assessment: %d", st)
	}
	for _, v := range axeViolations(b) {
		b.errorf("axe: %s", v)
	}
	hundredths := func() int64 {
		s := strings.NewReplacer(",", "", ".", "").Replace(strings.TrimSpace(b.text("#projected-score")))
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			b.fatalf("projected score %q", b.text("#projected-score"))
		}
		return n
	}
	before := hundredths()
	gap := `li.gap[data-indicator="IN-13"]`
	worth, err := strconv.ParseInt(eval[string](b, `document.querySelector('`+gap+`').dataset.worth`), 10, 64)
	if err != nil || worth <= 0 {
		b.fatalf("the gap's worth: %v", err)
	}
	if got := b.text(gap + " .worth"); got != "+"+strings.Replace(strconv.FormatFloat(float64(worth)/100, 'f', 2, 64), ".", ",", 1) {
		b.errorf("the gap shows %q for %d hundredths", got, worth)
	}
	if st := b.follow(gap + " a.fix"); st != http.StatusOK || !strings.Contains(b.path(), "butir=IN-13") {
		b.fatalf("following the gap: %d at %s", st, b.path())
	}
	if got := eval[string](b, `document.querySelector("#f-indicator").value`); got != "IN-13" {
		b.errorf("the form is on %q, want IN-13", got)
	}
	b.do("entering the top score with a note",
		chromedp.SetValue(chromedp.ID("f-score"), "5"),
		chromedp.SendKeys(chromedp.ID("f-note"), "Ruang tunggu, toilet dan loket tersedia; foto terlampir"))
	if st := b.follow("form#item-form button[type=submit]"); st != http.StatusOK || !b.has("h1#kepatuhan-unit-page") {
		b.fatalf("saving: %d at %s", st, b.path())
	}
	if after := hundredths(); after-before != worth {
		b.errorf("the projected score went from %d to %d; the gap was worth %d", before, after, worth)
	}
	if b.has(gap) {
		b.errorf("the closed gap is still listed")
	}
	if p := seen.take(); len(p) > 0 {
		b.errorf("%s", strings.Join(p, "; "))
	}
}
