package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// checkWidgetShows is the standard journey's look at the widget once a new
// version is in force: the unit's widget, loaded as the page its iframe
// shows, gives the service the time limit wantTime and the fee the public
// unit page gives it; on a 360 px screen it passes axe-core, does not
// scroll sideways and raises no console error or failed request.
func checkWidgetShows(b *tab, seen *problems, unitCode, service, wantTime string) {
	b.t.Helper()
	if st := b.open("/unit/" + unitCode); st != http.StatusOK {
		b.fatalf("unit page: %d", st)
	}
	fee := b.text(fmt.Sprintf(`article.standard[data-service="%s"] .std-fee`, service))
	seen.take()
	for _, path := range []string{"/widget/unit/" + unitCode, "/widget/unit/" + unitCode + "?layanan=" + service} {
		if st := b.open(path); st != http.StatusOK || !b.has("main#widget") {
			b.fatalf("%s: %d", path, st)
		}
		item := fmt.Sprintf(`li[data-service="%s"]`, service)
		if got := b.text(item + " .std-time"); got != wantTime {
			b.errorf("%s shows %q, want %q", path, got, wantTime)
		}
		if got := b.text(item + " .std-fee"); got == "" || got != fee {
			b.errorf("%s shows the fee %q, the unit page %q", path, got, fee)
		}
		if s := sideScroll(b); s != "" {
			b.errorf("%s scrolls sideways at 360 px: %s", path, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s: axe: %s", path, v)
		}
		if p := seen.take(); len(p) > 0 {
			b.errorf("%s: %s", path, strings.Join(p, "; "))
		}
	}
}

// TestJourneyWidgetEmbedded: a unit's website on another origin pastes the
// snippet; the script inserts a titled iframe that loads the widget, while
// an iframe of the public unit page on the same site is refused by the
// browser (frame-ancestors 'none').
func TestJourneyWidgetEmbedded(t *testing.T) {
	a := newApp(t)
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Situs unit</title><link rel="icon" href="data:,"></head>
<body><main><h1>Situs web unit</h1>
<script src="%[1]s/widget.js" data-unit="PTSP-31.72" async></script>
<iframe id="page" src="%[1]s/unit/PTSP-31.72" title="Halaman unit"></iframe>
</main></body></html>`, a.URL)
	}))
	defer site.Close()
	_, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	b := openTab(t, a)
	seen, stop := watch(b)
	defer stop()
	ctx, cancel := b.step()
	defer cancel()
	// Navigate returns once the site has loaded, its static iframe included.
	if _, err := chromedp.Run(ctx, chromedp.Navigate(site.URL)); err != nil {
		b.fatalf("opening the unit's site: %v", err)
	}
	sel := chromedp.CSS(`main > script + iframe[src="` + a.URL + `/widget/unit/PTSP-31.72"]`)
	b.do("waiting for the widget's iframe", chromedp.WaitVisible(sel))
	frames, err := chromedp.Run(ctx, chromedp.Nodes(sel))
	if err != nil || len(frames) != 1 {
		b.fatalf("the widget's iframe: %v", err)
	}
	if title := frames[0].AttributeValue("title"); title == "" {
		b.errorf("the widget's iframe has no title")
	}
	got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main#widget li[data-service="`+pbg+`"] .std-time`), chromedp.FromNode(frames[0])))
	if err != nil || got != "28 hari kerja" {
		b.errorf("the framed widget shows %q (%v), want the PBG standard's 28 working days", got, err)
	}
	tree, err := chromedp.Call(ctx, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		b.fatalf("frame tree: %v", err)
	}
	var refused []string
	for _, c := range tree.FrameTree.ChildFrames {
		if c.Frame.UnreachableURL != "" {
			refused = append(refused, c.Frame.UnreachableURL)
		}
	}
	if len(tree.FrameTree.ChildFrames) != 2 || len(refused) != 1 || refused[0] != a.URL+"/unit/PTSP-31.72" {
		b.errorf("%d frames, refused %q: want the unit page refused and the widget shown", len(tree.FrameTree.ChildFrames), refused)
	}
	if p := strings.Join(seen.take(), "; "); !strings.Contains(p, "frame-ancestors 'none'") || strings.Contains(p, "/widget") {
		b.errorf("the browser's reports: %s", p)
	}
}
