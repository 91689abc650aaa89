package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyDirectory: on a 360 px phone a citizen opens the directory
// from the home page, searches "KTP hilang" with the GET form, finds the
// KTP-el service with its time limit and fee, and turns to the next page
// of a region's list; every page passes axe-core without sideways
// scrolling, console error or failed request. A leader's coverage page
// does too.
func TestJourneyDirectory(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()

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
	if st := b.open("/"); st != http.StatusOK {
		b.fatalf("home: %d", st)
	}
	if st := b.follow("a#directory-link"); st != http.StatusOK || !b.has("h1#directory") {
		b.fatalf("directory: %d", st)
	}
	check("/layanan")
	b.do("asking for a lost KTP", chromedp.SendKeys(chromedp.ID("f-q"), "KTP hilang"))
	if st := b.follow("form.directory-search button[type=submit]"); st != http.StatusOK || !strings.Contains(b.path(), "q=KTP+hilang") {
		b.fatalf("search: %d at %s", st, b.path())
	}
	if got := b.text(`li.directory-hit[data-unit="DKP-31.72"] .std-time`); got == "" {
		b.errorf("KTP-el at Dukcapil Jakarta Utara not found with its time limit")
	}
	check("/layanan?q=KTP+hilang")
	b.do("choosing Penjaringan", chromedp.Clear(chromedp.ID("f-q")), chromedp.SetValue(chromedp.ID("f-wilayah"), "31.72.01"))
	if st := b.follow("form.directory-search button[type=submit]"); st != http.StatusOK {
		b.fatalf("region: %d", st)
	}
	if st := b.follow(`nav.pager a[rel=next]`); st != http.StatusOK || !strings.Contains(b.path(), "hal=2") {
		b.fatalf("next page: %d at %s", st, b.path())
	}
	check("/layanan?wilayah=31.72.01&hal=2")

	b.signIn("pimpinan.jakut")
	if st := b.open("/kelola/standar/cakupan"); st != http.StatusOK || !b.has("#coverage-units-table") {
		b.fatalf("coverage: %d", st)
	}
	check("/kelola/standar/cakupan")
}
