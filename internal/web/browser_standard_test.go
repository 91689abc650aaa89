package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// problems records the console errors, uncaught exceptions, CSP reports
// and failed requests of a tab while it is on.
type problems struct {
	mu   sync.Mutex
	on   bool
	seen []string
}

func (p *problems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.on {
		p.seen = append(p.seen, s)
	}
}

// take returns what was recorded since the last call.
func (p *problems) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.seen
	p.seen = nil
	return out
}

// watch starts recording b's problems until the returned function is called.
func watch(b *tab) (*problems, func()) {
	p := &problems{on: true}
	ctx, cancel := context.WithCancel(b.ctx)
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			p.add("exception: " + e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p.add("console error: " + strings.Join(args, " "))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				p.add("log: " + e.Entry.Text)
			}
		case *network.EventLoadingFailed:
			p.add("failed request: " + e.ErrorText)
		case *network.EventResponseReceived:
			// The page's own status is the caller's to check; what it
			// loads must not fail.
			if e.Type != network.ResourceTypeDocument && e.Response.Status >= 400 {
				p.add(fmt.Sprintf("%s %s: status %d", e.Type, e.Response.URL, e.Response.Status))
			}
		}
	})
	if err == nil {
		_, err = chromedp.Call(b.ctx, log.Enable, cdp.Empty{})
	}
	if err != nil {
		b.fatalf("listening to the tab: %v", err)
	}
	return p, func() { p.mu.Lock(); p.on = false; p.mu.Unlock(); cancel() }
}

// TestJourneyStandardVersion2: an operator edits the PBG standard in the
// browser, approves and publishes version 2; the public unit page shows
// the new time limit, version 1 stays in the history, and the public pages
// pass axe-core on a 360 px phone with no console error, CSP report or
// failed request (the JSON-LD block is data, which the CSP lets be).
func TestJourneyStandardVersion2(t *testing.T) {
	a := newApp(t)
	_, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	base := "/kelola/standar/unit/PTSP-31.72/layanan/" + pbg
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()

	b.signIn("operator.ptsp")
	if st := b.open(base); st != http.StatusOK || !b.has("form.standard-form") {
		b.fatalf("standard page: %d", st)
	}
	b.do("changing the time limit",
		chromedp.SetValue(chromedp.ID("f-time_value"), ""),
		chromedp.SendKeys(chromedp.ID("f-time_value"), "21"))
	if st := b.follow("form.standard-form button[type=submit]"); st != http.StatusOK || b.path() != base {
		b.fatalf("saving the draft: %d at %s", st, b.path())
	}
	if st := b.follow(`a[href="` + base + `/versi/2"]`); st != http.StatusOK {
		b.fatalf("opening version 2: %d", st)
	}
	if st := b.follow("button#approve"); st != http.StatusOK || !b.has("form#publish-form") {
		b.fatalf("approving: %d", st)
	}
	b.do("filling in the decree",
		chromedp.SendKeys(chromedp.ID("f-decree_number"), "e-0102/2026"),
		chromedp.SetValue(chromedp.ID("f-decree_date"), "2026-11-20"),
		chromedp.SetValue(chromedp.ID("f-effective_from"), "2026-11-23"),
		chromedp.Click(chromedp.ID("f-confirmed")))
	if st := b.follow("button#publish"); st != http.StatusOK || b.path() != base+"/versi/2" {
		b.fatalf("publishing: %d at %s", st, b.path())
	}
	if got := b.text("main .tag.std-status-published"); got == "" {
		b.errorf("version 2 is not shown as published")
	}
	if st := b.open(base); st != http.StatusOK {
		b.fatalf("history: %d", st)
	}
	if n := eval[int](b, `document.querySelectorAll("table.history tbody tr").length`); n != 2 {
		b.errorf("history has %d versions, want 2", n)
	}
	if st := b.follow(`table.history a[href="` + base + `/versi/1"]`); st != http.StatusOK || b.text(".std-time") != "28 hari kerja" {
		b.errorf("version 1 no longer reads 28 working days: %d %q", st, b.text(".std-time"))
	}
	b.signOut()
	seen.take() // staff pages are checked by TestJourneyEveryPageEveryRole

	for _, path := range []string{"/unit/PTSP-31.72", "/unit/PTSP-31.72/layanan/" + pbg} {
		if st := b.open(path); st != http.StatusOK {
			b.fatalf("%s: %d", path, st)
		}
		sel := fmt.Sprintf(`article.standard[data-service="%s"] .std-time`, pbg)
		if got := b.text(sel); got != "21 hari kerja" {
			b.errorf("%s shows %q, want version 2's 21 working days", path, got)
		}
		if s := sideScroll(b); s != "" {
			b.errorf("%s scrolls sideways at 360 px: %s", path, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s: axe: %s", path, v)
		}
		if ld := eval[string](b, `document.querySelector('script[type="application/ld+json"]')?.textContent ?? ""`); path == "/unit/PTSP-31.72" && !strings.Contains(ld, "GovernmentService") {
			b.errorf("no GovernmentService in the JSON-LD: %s", ld)
		}
		if p := seen.take(); len(p) > 0 {
			b.errorf("%s: %s", path, strings.Join(p, "; "))
		}
	}
	checkWidgetShows(b, seen, "PTSP-31.72", pbg, "21 hari kerja")
	posterShowsVersion(b, "/unit/PTSP-31.72/layanan/"+pbg, 2, "21 hari kerja", "28 hari kerja")
}

// posterShowsVersion opens a service's public page, fetches the A4 poster
// it links and reads it back: one page with the version in force, its
// number and time limit, and not the time limit of the version before.
func posterShowsVersion(b *tab, page string, number int, limit, old string) {
	if st := b.open(page); st != http.StatusOK {
		b.fatalf("%s: %d", page, st)
	}
	href := eval[string](b, `document.querySelector("#posters a")?.getAttribute("href") ?? ""`)
	if href == "" {
		b.errorf("%s links no poster", page)
		return
	}
	res := b.a.get(b.t, nil, href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		b.errorf("poster %s: %d %s", href, res.StatusCode, res.Header.Get("Content-Type"))
		return
	}
	text, pages := pdfText(b.t, []byte(res.Body))
	if want := fmt.Sprintf("Versi %d · berlaku mulai", number); pages != 1 || !strings.Contains(text, want) || !strings.Contains(text, limit) || strings.Contains(text, old) {
		b.errorf("poster %s (%d pages) does not show version %d (%q, not %q): %q", href, pages, number, limit, old, text)
	}
}
