package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// With a browser, a verifier's search for the report to merge into
// replaces only the pickers: the reason already typed stays, and the
// report found can be chosen and merged into.
func TestJourneyMergePickerSearch(t *testing.T) {
	a := newApp(t)
	report := func(title string) string {
		return numberOf(t, a, fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
			"title": {title}, "body": {"Kejadian ini terjadi pagi hari di loket pendaftaran."}}))
	}
	num, water := report("Loket tutup lebih awal"), report("Air wastafel mati")
	b := openTab(t, a)
	b.signIn("admin.jakut")
	if st := b.open("/kelola/pengaduan/" + num); st != 200 || !b.has("form#picker-search") {
		b.fatalf("report page: %d", st)
	}
	if ok, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`typeof htmx !== "undefined" && !!htmx.version`, chromedp.WithPollingTimeout(stepTimeout))); err != nil || !ok {
		b.fatalf("htmx is not loaded: %v", err)
	}
	eval[bool](b, `window.mutuNoReload = true`) // survives a swap, not a page load
	b.do("choosing a merge and typing its reason",
		chromedp.SetValue(chromedp.ID("f-action"), "gabung"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "Laporan yang sama."),
		chromedp.SendKeys(chromedp.ID("f-cari_laporan"), "wastafel"),
		chromedp.Click(`#picker-search button`),
	)
	ctx, cancel := b.step()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector("#merge-results")`, chromedp.WithPollingTimeout(stepTimeout)))
	cancel()
	if err != nil {
		b.fatalf("no search results: %v", err)
	}
	if got := b.text("#merge-results"); !strings.Contains(got, water) || strings.Contains(got, num) {
		b.errorf("results %q, want %s only", got, water)
	}
	if !eval[bool](b, `window.mutuNoReload === true`) || eval[string](b, `document.getElementById("f-reason").value`) != "Laporan yang sama." {
		b.errorf("the page reloaded: the reason typed is gone")
	}
	if n := eval[int](b, `document.querySelectorAll("#pickers").length`); n != 1 {
		b.errorf("%d picker regions after the swap, want 1", n)
	}
	b.do("choosing the report found and confirming",
		chromedp.SendKeys(chromedp.ID("f-merge_into"), water),
		chromedp.Click(chromedp.ID("f-confirmed")),
	)
	if st := b.follow(`main form[action="/kelola/pengaduan/` + num + `"] .actions button[type=submit]`); st != 200 || b.path() != "/kelola/pengaduan/"+num {
		b.fatalf("merge: %d at %s", st, b.path())
	}
	if rep, err := a.DB.ComplaintByNumber(t.Context(), num); err != nil || rep.MergedInto != water {
		t.Errorf("merged into %q (%v), want %s", rep.MergedInto, err, water)
	}
}
