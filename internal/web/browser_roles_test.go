package web_test

// Every page as every role, in a real browser: nothing scrolls sideways on a
// 360 px phone, axe-core finds no serious or critical accessibility problem,
// and each demo user's dashboard fits at 360 and 1280 px with a staff menu
// that opens by keyboard.

import (
	"context"
	_ "embed"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/testutil"
	"mutu/internal/web"
)

// axeSource is axe-core (npm axe-core 4.14.1, MPL-2.0, see testdata/axe).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// demoUsers are the demo accounts of the README, one per role and scope; unit
// is a unit each may open.
var demoUsers = []struct{ username, unit string }{
	{"admin", "PTSP-31.72"},
	{"admin.jakut", "PTSP-31.72"},
	{"evaluator.jakut", "PTSP-31.72"},
	{"operator.ptsp", "PTSP-31.72"},
	{"operator.pkm", "PKM-31.72.01"},
	{"pimpinan.jakut", "PTSP-31.72"},
	{"pimpinan.dki", "PTSP-31.72"},
	{"asesor", "PTSP-31.72"},
}

// pagesOf returns the HTML pages of the route table a client may open: every
// GET route with its parameters filled in, kept when it answers 200 with
// text/html (files, images, JSON and redirects are not pages).
func pagesOf(t *testing.T, a *app, c *http.Client, unit, complaintNumber string, staffOnly bool) []string {
	t.Helper()
	u, err := a.DB.UnitByCode(t.Context(), unit)
	if err != nil {
		t.Fatal(err)
	}
	params := strings.NewReplacer("{code}", unit, "{number}", complaintNumber, "{service}", u.Services[0].Code, "{id}", userID(t, a, "operator.pkm"), "{$}", "")
	var pages []string
	for _, rt := range a.Srv.Routes() {
		method, path, _ := strings.Cut(web.RoutePattern(rt), " ")
		if method != http.MethodGet || staffOnly && !strings.HasPrefix(path, "/kelola/") && !strings.HasPrefix(path, "/akun/") && path != "/dasbor" {
			continue
		}
		switch {
		case strings.HasPrefix(path, "/wilayah/"):
			path = "/wilayah/31.72"
		case strings.HasPrefix(path, "/kelola/rapor/"):
			path = "/kelola/rapor/31.72" // scorecard14: a city's scorecard
		case path == "/kelola/instrumen/{id}":
			path = "/kelola/instrumen/" + pekpppVersionID(t, a) // ins13: the shipped PEKPPP version
		case strings.HasSuffix(path, "/inovasi/{id}"), strings.HasSuffix(path, "/inovasi/unit/{code}/{id}"):
			// inov14: the unit's first innovation, when it has one
			path = strings.NewReplacer("{code}", unit, "{id}", firstInnovation(t, a, u.ID)).Replace(path)
		case strings.HasPrefix(path, "/kiosk/"), strings.HasPrefix(path, "/bahasa/"), strings.HasPrefix(path, "/widget/"):
			// the kiosk is its own app (kiosk_test.go); the language switch
			// redirects; the widget is a document of its own for other sites'
			// frames (checked in browser_widget_test.go)
			continue
		default:
			path = params.Replace(path)
		}
		res := a.get(t, c, path)
		media, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if res.StatusCode == http.StatusOK && media == "text/html" {
			pages = append(pages, path)
		}
	}
	return pages
}

// firstComplaint is the number of a demo report of PTSP-31.72.
// firstInnovation is the id of a unit's first innovation ("" for none).
func firstInnovation(t *testing.T, a *app, unitID string) string {
	t.Helper()
	list, err := a.DB.UnitInnovations(t.Context(), unitID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		return ""
	}
	return list[0].ID
}

func firstComplaint(t *testing.T, a *app) string {
	t.Helper()
	body, numbers := queueNumbers(t, a, "/kelola/pengaduan?unit=PTSP-31.72")
	if len(numbers) == 0 || !strings.HasPrefix(numbers[0], "PTSP-31.72-") {
		t.Fatalf("no report of PTSP-31.72 in the queue:\n%s", body)
	}
	return numbers[0]
}

// axeViolations runs axe-core on the page and returns its serious and
// critical violations, one line each.
func axeViolations(b *tab) []string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";true")); err != nil {
		b.fatalf("loading axe-core: %v", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		r.violations.filter(v => v.impact === "serious" || v.impact === "critical").flatMap(v =>
			v.nodes.slice(0, 5).map(n => v.impact + " " + v.id + ": " + n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " "))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.fatalf("running axe-core: %v", err)
	}
	return v
}

// sideScroll describes what makes the page wider than the window, or "".
func sideScroll(b *tab) string {
	b.t.Helper()
	return eval[string](b, `(() => {
		if (document.documentElement.scrollWidth <= innerWidth) return "";
		// Inside a box that scrolls on its own (a wide table, a chart) wide
		// content is fine; report only what sticks out of the page.
		const inScroller = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true } return false };
		const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && !inScroller(e));
		return "scrollWidth " + document.documentElement.scrollWidth + " > " + innerWidth + "; too wide: " +
			wide.slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.replace(/ /g, ".") : "") + " right=" + Math.round(e.getBoundingClientRect().right)).join(", ");
	})()`)
}

// checkPages opens each page on a 360 px screen and checks the width and axe.
func checkPages(b *tab, who string, pages []string) {
	b.t.Helper()
	for _, p := range pages {
		if st := b.open(p); st != http.StatusOK {
			b.errorf("%s as %s: status %d, want 200", p, who, st)
			continue
		}
		if !b.has("main#isi") {
			b.errorf("%s as %s: no main#isi, not a page of the site", p, who)
			continue
		}
		if s := sideScroll(b); s != "" {
			b.errorf("%s as %s scrolls sideways at 360 px: %s", p, who, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s as %s: axe: %s", p, who, v)
		}
	}
}

// TestJourneyEveryPageEveryRole visits every GET page of the route table as
// a citizen and as each demo user on a 360 px screen.
func TestJourneyEveryPageEveryRole(t *testing.T) {
	a := newApp(t)
	number := firstComplaint(t, a)
	ctx := testutil.ChromiumTimeout(t, 10*time.Minute) // every page for every role: minutes on a loaded machine
	b := openTabOn(t, a, ctx)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))

	pages := pagesOf(t, a, a.client(t), "PTSP-31.72", number, false)
	if len(pages) < 8 {
		t.Fatalf("public pages = %q, want the home, region, unit, survey, complaint and sign-in pages", pages)
	}
	checkPages(b, "a citizen", pages)
	for _, u := range demoUsers {
		pages := pagesOf(t, a, a.login(t, u.username), u.unit, number, true)
		if len(pages) < 5 {
			t.Errorf("%s: staff pages = %q, want at least the dashboard, units, SKM, complaints and password pages", u.username, pages)
		}
		b.signIn(u.username)
		checkPages(b, u.username, append(pages, "/"))
		b.signOut()
	}
}

// firstTasks is where each role's dashboard leads first: the section that
// comes first on the page; the page its first link opens, known by an
// element only that page has (page); the first task listed there (task);
// and the task's own page (taskPage). Administrators and operators start
// with "tugas saya" and reach a report through the complaint queue;
// leaders, evaluators and assessors start with the region's results and
// reach a unit's survey results through the ranking.
var firstTasks = map[string]struct{ section, page, task, taskPage string }{
	"admin":           {"tugas-saya", queuePage, queueTask, reportPage},
	"admin.jakut":     {"tugas-saya", queuePage, queueTask, reportPage},
	"operator.ptsp":   {"tugas-saya", queuePage, queueTask, reportPage},
	"operator.pkm":    {"tugas-saya", queuePage, queueTask, reportPage},
	"evaluator.jakut": {"kinerja-wilayah", rankingPage, rankingTask, unitSKMPage},
	"pimpinan.jakut":  {"kinerja-wilayah", rankingPage, rankingTask, unitSKMPage},
	"pimpinan.dki":    {"kinerja-wilayah", rankingPage, rankingTask, unitSKMPage},
	"asesor":          {"kinerja-wilayah", rankingPage, rankingTask, unitSKMPage},
}

const (
	queuePage   = "main#isi form.filters[action='/kelola/pengaduan']"
	queueTask   = "main#isi table tbody a[href^='/kelola/pengaduan/']"
	reportPage  = "main#isi nav.breadcrumbs ~ ol.timeline"
	rankingPage = "main#isi div#ranking-results"
	rankingTask = "main#isi #ranking-results table tbody a[href^='/kelola/skm/unit/']"
	unitSKMPage = "main#isi h2#rtl"
)

// TestJourneyRoleDashboard: each demo user signs in and opens the dashboard on
// a phone and on a desktop: it fits the window, the staff menu opens from
// the keyboard and leads to the user's pages, and the first link of the
// dashboard's first section leads to a list whose first task opens.
// axe-core finds no serious or critical problem on the pages visited.
func TestJourneyRoleDashboard(t *testing.T) {
	a := newApp(t)
	ctx := testutil.ChromiumTimeout(t, 4*time.Minute)
	b := openTabOn(t, a, ctx)
	if len(firstTasks) != len(demoUsers) {
		t.Fatalf("firstTasks names %d users, demoUsers %d", len(firstTasks), len(demoUsers))
	}
	for _, u := range demoUsers {
		first, ok := firstTasks[u.username]
		if !ok {
			t.Fatalf("no first task for %s", u.username)
		}
		b.signIn(u.username)
		for _, width := range []int64{360, 1280} {
			where := fmt.Sprintf("/dasbor as %s at %d px", u.username, width)
			b.do("resizing the window", chromedp.EmulateViewport(width, 800))
			if st := b.open("/dasbor"); st != http.StatusOK || !b.has("main#isi h1") {
				b.fatalf("%s: status %d", where, st)
			}
			if s := sideScroll(b); s != "" {
				b.errorf("%s scrolls sideways: %s", where, s)
			}
			// The menu starts closed; Tab reaches its button, Enter opens it.
			if !b.has("header.site details.staffmenu:not([open]) > summary") {
				b.fatalf("%s: no closed staff menu (details.staffmenu) in the header", where)
			}
			reached := false
			for range 12 {
				if strings.HasPrefix(b.tabKey(), "summary") {
					reached = true
					break
				}
			}
			if !reached {
				b.fatalf("%s: Tab never reaches the staff menu button", where)
			}
			b.do("pressing Enter on the menu button", chromedp.KeyEvent("\r"))
			links := eval[[]string](b, `[...document.querySelectorAll("header.site details.staffmenu[open] a")]
				.filter(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right <= innerWidth + 0.5 })
				.map(a => a.getAttribute("href"))`)
			if !slices.Contains(links, "/kelola/pengaduan") || !slices.Contains(links, "/kelola/skm") {
				b.errorf("%s: the opened staff menu shows %q, want the complaints and SKM pages on screen", where, links)
			}
			if s := sideScroll(b); s != "" {
				b.errorf("%s with the menu open scrolls sideways: %s", where, s)
			}
			for _, v := range axeViolations(b) {
				b.errorf("%s: axe: %s", where, v)
			}

			// The first task: the first link of the first section.
			if st := b.open("/dasbor"); st != http.StatusOK {
				b.fatalf("%s: status %d", where, st)
			}
			if got := eval[string](b, `document.querySelector("main#isi section")?.id ?? ""`); got != first.section {
				b.fatalf("%s: the first section is %q, want %q", where, got, first.section)
			}
			link := "main#isi section#" + first.section + " a[href]"
			href := eval[string](b, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, link))
			if st := b.follow(link); st != http.StatusOK || !b.has(first.page) {
				b.fatalf("%s: the first link %s answers %d, or the page has no %s", where, href, st, first.page)
			}
			if !b.has(first.task) {
				b.fatalf("%s: %s shows nothing to do (no %s)", where, href, first.task)
			}
			if s := sideScroll(b); s != "" {
				b.errorf("%s → %s scrolls sideways: %s", where, href, s)
			}
			for _, v := range axeViolations(b) {
				b.errorf("%s → %s: axe: %s", where, href, v)
			}
			// And the task itself opens.
			task := eval[string](b, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, first.task))
			if st := b.follow(first.task); st != http.StatusOK || !b.has(first.taskPage) {
				b.fatalf("%s → %s: the first task %s answers %d, or the page has no %s", where, href, task, st, first.taskPage)
			}
			for _, v := range axeViolations(b) {
				b.errorf("%s → %s: axe: %s", where, task, v)
			}
		}
		b.signOut()
	}
}

// TestJourneyPhoneKeyColumns: on a 360 px phone the tables keep their key
// columns on screen without scrolling: konversi and mutu in the ranking,
// status and deadline in the queue, the totals of the NRR table.
func TestJourneyPhoneKeyColumns(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))
	b.signIn("admin.jakut")
	for _, c := range []struct {
		page, table string // table: a selector only that page's table has
		cells       []string
	}{
		{"/kelola/skm?p=2026", "main table caption", []string{"IKM konversi", "Mutu pelayanan"}},
		{"/kelola/pengaduan", "main table a[href^='/kelola/pengaduan/']", []string{"Status", "Batas waktu"}},
		{"/kelola/skm/unit/PTSP-31.72?p=2026", "main table tfoot", []string{"IKM (skala 1–4)", "IKM konversi (25–100)"}},
	} {
		if st := b.open(c.page); st != http.StatusOK || !b.has(c.table) {
			b.fatalf("%s: status %d or no %s", c.page, st, c.table)
		}
		for _, name := range c.cells {
			// The header cell (or the totals row) named so, and the value in
			// its last cell, lie on screen.
			got := eval[string](b, fmt.Sprintf(`(() => {
				const th = [...document.querySelectorAll("main table th")].find(e => e.textContent.trim().startsWith(%q));
				if (!th) return "no header";
				const cells = th.scope === "row" ? [th, th.parentElement.lastElementChild] : [th];
				for (const e of cells) { const r = e.getBoundingClientRect();
					if (r.width === 0 || r.left < 0 || r.right > innerWidth + 0.5) return e.tagName + " at " + Math.round(r.left) + "–" + Math.round(r.right) }
				return "";
			})()`, name))
			if got != "" {
				b.errorf("%s at 360 px: column %q is not on screen: %s", c.page, name, got)
			}
		}
	}
	// The chart's labels stay legible: the chart scrolls in its box rather
	// than shrinking its text below 10 px.
	if h := eval[float64](b, `document.querySelector(".chart text.label").getBoundingClientRect().height`); h < 10 {
		b.errorf("NRR chart labels at 360 px are %.1f px high, want at least 10", h)
	}
}
