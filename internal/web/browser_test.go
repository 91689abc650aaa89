package web_test

// Real-browser journeys: each drives a headless Chromium (testutil.Chromium)
// through one thing a person does with Mutu. They check what only a browser
// shows: redirects followed, forms filled and uploaded, cookies as scripts
// see them, htmx swaps, focus and layout.
//
// Every tab of the shared browser shares one cookie jar, and cookies ignore
// the port, so every journey clears the cookies first and none of them runs
// in parallel.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mutu/internal/errs"
	"mutu/internal/seed"
	"mutu/internal/testutil"
)

// stepTimeout bounds one browser step, so that a missing element fails the
// journey quickly with the page shown, instead of at the tab timeout.
const stepTimeout = 5 * time.Second

// tab is a browser tab on a test app.
type tab struct {
	t   *testing.T
	a   *app
	ctx context.Context
}

// openTab opens a tab with no cookies (no session, no language choice).
func openTab(t *testing.T, a *app) *tab {
	t.Helper()
	return openTabOn(t, a, testutil.Chromium(t))
}

// openTabOn is openTab on a browser context of the caller's choice.
func openTabOn(t *testing.T, a *app, ctx context.Context) *tab {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatalf("clearing the browser's cookies: %v", err)
	}
	return &tab{t: t, a: a, ctx: ctx}
}

// step returns a context for one step.
func (b *tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// fatalf fails the journey and shows where the browser is and what it shows.
func (b *tab) fatalf(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf("%s\n%s", fmt.Sprintf(format, args...), b.state())
}

// errorf reports a failed check and shows the page.
func (b *tab) errorf(format string, args ...any) {
	b.t.Helper()
	b.t.Errorf("%s\n%s", fmt.Sprintf(format, args...), b.state())
}

// state describes the page: its address and its text.
func (b *tab) state() string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 3*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if err != nil {
		text = "(page text unavailable: " + err.Error() + ")"
	}
	if len(text) > 3000 {
		text = text[:3000] + "…"
	}
	return fmt.Sprintf("--- page %s ---\n%s\n---", loc, text)
}

// do runs steps that return nothing.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

// open loads a path of the app and returns the HTTP status of the page the
// browser ends on (after redirects).
func (b *tab) open(path string) int64 {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.a.URL+path))
	if err != nil {
		b.fatalf("opening %s: %v", path, err)
	}
	return res.Status
}

// follow clicks what sel selects, waits for the page it leads to and returns
// its HTTP status.
func (b *tab) follow(sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.fatalf("clicking %s: %v", sel, err)
	}
	if res == nil {
		b.fatalf("clicking %s: no page loaded", sel)
	}
	return res.Status
}

// path is the path and query of the page, e.g. "/masuk?next=%2Fdasbor".
func (b *tab) path() string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.fatalf("reading the location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		b.fatalf("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// text is the visible text of what sel selects.
func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fatalf("reading the text of %s: %v", sel, err)
	}
	return s
}

// has reports whether sel selects an element now (it does not wait).
func (b *tab) has(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// signIn signs in through the sign-in form and checks that it lands on the
// dashboard.
func (b *tab) signIn(username string) {
	b.t.Helper()
	b.open("/masuk")
	b.do("filling the sign-in form",
		chromedp.SendKeys(chromedp.ID("f-username"), username),
		chromedp.SendKeys(chromedp.ID("f-password"), seed.DemoPassword),
	)
	if st := b.follow(`main form[action="/masuk"] button[type=submit]`); st != 200 || b.path() != "/dasbor" {
		b.fatalf("signing in as %s: status %d at %s, want 200 at /dasbor", username, st, b.path())
	}
}

// signOut signs out with the header's button.
func (b *tab) signOut() {
	b.t.Helper()
	if st := b.follow(`form[action="/keluar"] button`); st != 200 {
		b.fatalf("signing out: status %d", st)
	}
}

// tabKey presses Tab and returns a description of the focused element.
func (b *tab) tabKey() string {
	b.t.Helper()
	b.do("pressing Tab", chromedp.KeyEvent("\t"))
	return eval[string](b, `(() => { const e = document.activeElement; if (!e) return "(none)";
		return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") + " " + JSON.stringify((e.textContent || "").trim()) })()`)
}

// TestJourneySignIn: an administrator is asked to sign in, mistypes the
// password, signs in, sees the dashboard, and signs out.
func TestJourneySignIn(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)

	// The dashboard asks for a sign-in and comes back afterwards.
	if st := b.open("/dasbor"); st != 200 {
		b.fatalf("/dasbor anonymously: status %d after redirects, want 200 (the sign-in page)", st)
	}
	if got := b.path(); got != "/masuk?next=%2Fdasbor" {
		b.fatalf("anonymous /dasbor ended on %s, want /masuk?next=%%2Fdasbor", got)
	}
	if h1 := b.text("main h1"); h1 != "Masuk" {
		b.errorf("sign-in page heading = %q, want Masuk", h1)
	}

	// A wrong password: the error summary is shown, announced and focusable.
	b.do("typing a wrong password",
		chromedp.SendKeys(chromedp.ID("f-username"), "admin.jakut"),
		chromedp.SendKeys(chromedp.ID("f-password"), "salah-sandi-123"),
	)
	if st := b.follow(`main form[action="/masuk"] button[type=submit]`); st != 401 {
		b.errorf("wrong password: status %d, want 401", st)
	}
	b.do("waiting for the error summary", chromedp.WaitVisible(chromedp.ID("kesalahan")))
	if msg := b.text("#kesalahan"); !strings.Contains(msg, "Nama pengguna atau kata sandi salah") {
		b.errorf("error summary = %q, want the wrong-credentials message", msg)
	}
	if role := eval[string](b, `document.getElementById("kesalahan").getAttribute("role")`); role != "alert" {
		b.errorf("error summary role = %q, want alert (announced by screen readers)", role)
	}
	if !eval[bool](b, `(() => { const e = document.getElementById("kesalahan"); e.focus(); return document.activeElement === e })()`) {
		b.errorf("the error summary cannot take the focus")
	}
	// The username is kept, the password is not sent back.
	if v := eval[string](b, `document.getElementById("f-username").value`); v != "admin.jakut" {
		b.errorf("username after a failed sign-in = %q, want admin.jakut", v)
	}
	if v := eval[string](b, `document.getElementById("f-password").value`); v != "" {
		b.errorf("the password field was refilled after a failed sign-in")
	}
	// The "next" page survives the failed attempt.
	if v := eval[string](b, `document.querySelector('input[name=next]').value`); v != "/dasbor" {
		b.errorf("next after a failed sign-in = %q, want /dasbor", v)
	}

	// The right password: the dashboard with the user's name and role.
	b.do("typing the right password", chromedp.SendKeys(chromedp.ID("f-password"), seed.DemoPassword))
	if st := b.follow(`main form[action="/masuk"] button[type=submit]`); st != 200 {
		b.errorf("sign-in: status %d, want 200", st)
	}
	if got := b.path(); got != "/dasbor" {
		b.fatalf("after signing in: at %s, want /dasbor", got)
	}
	dash := b.text("main")
	for _, want := range []string{"Dasbor", "Selamat datang, Administrator Kota Jakarta Utara.", "Administrator", "Kota Administrasi Jakarta Utara"} {
		if !strings.Contains(dash, want) {
			b.errorf("dashboard lacks %q", want)
		}
	}
	if header := b.text("header.site .userbox"); !strings.Contains(header, "Administrator Kota Jakarta Utara") || !strings.Contains(header, "(Administrator)") {
		b.errorf("header user box = %q, want the name and (Administrator)", header)
	}

	// The session cookie exists but scripts cannot read it.
	ctx, cancel := b.step()
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{a.URL}})
	cancel()
	if err != nil {
		b.fatalf("reading the browser's cookies: %v", err)
	}
	var session *network.Cookie
	for _, c := range cookies.Cookies {
		if c.Name == "mutu_session" {
			session = c
		}
	}
	switch {
	case session == nil:
		b.errorf("no mutu_session cookie after signing in; cookies: %v", cookieNames(cookies.Cookies))
	case !session.HTTPOnly:
		b.errorf("the session cookie is not HttpOnly")
	case session.SameSite != network.CookieSameSiteLax:
		b.errorf("the session cookie is SameSite=%q, want Lax", session.SameSite)
	}
	if jsCookies := eval[string](b, `document.cookie`); strings.Contains(jsCookies, "mutu_session") {
		b.errorf("document.cookie shows the session cookie: %q", jsCookies)
	}

	// Sign out with the header button: back home, signed out.
	if st := b.follow(`header.site form[action="/keluar"] button`); st != 200 {
		b.errorf("sign-out: status %d, want 200", st)
	}
	if got := b.path(); got != "/" {
		b.errorf("after signing out: at %s, want /", got)
	}
	if !b.has(`header.site a[href="/masuk"]`) || b.has(`header.site form[action="/keluar"]`) {
		b.errorf("the header still shows a signed-in user after signing out")
	}
	b.open("/dasbor")
	if got := b.path(); got != "/masuk?next=%2Fdasbor" {
		b.errorf("/dasbor after signing out: at %s, want the sign-in page", got)
	}
}

func cookieNames(cs []*network.Cookie) []string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return names
}

// TestJourneyUnitImport: an administrator imports a unit file with a wrong
// row, reads which row is wrong, corrects it, and finds the new units.
func TestJourneyUnitImport(t *testing.T) {
	a := newApp(t)
	for _, code := range []string{"PKM-31.72.03", "PKM-31.72.05"} {
		if _, err := a.DB.UnitByCode(t.Context(), code); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unit %s exists before the import (err %v): pick another code", code, err)
		}
	}
	dir := t.TempDir()
	writeCSV := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const header = "unit_code,name,type,region_code,services\n"
	const good = "PKM-31.72.03,Puskesmas Kecamatan Koja,puskesmas_kecamatan,31.72.03,Imunisasi;Pemeriksaan kesehatan umum\n"
	bad := writeCSV("salah.csv", header+good+
		"PKM-31.72.05,Puskesmas Kecamatan Pademangan,puskesmas_kecamatan,31.72.99,Imunisasi;Laboratorium;Pelayanan gizi\n")
	fixed := writeCSV("benar.csv", header+good+
		"PKM-31.72.05,Puskesmas Kecamatan Pademangan,puskesmas_kecamatan,31.72.05,Imunisasi;Laboratorium;Pelayanan gizi\n")

	b := openTab(t, a)
	b.signIn("admin.jakut")

	// "Impor unit" in the staff menu leads to the import form.
	b.do("opening the staff menu", chromedp.Click(chromedp.CSS(`details.staffmenu > summary`), chromedp.NodeVisible))
	if label := b.text(`details.staffmenu a[href="/kelola/impor"]`); label != "Impor unit" {
		b.errorf("import menu entry = %q, want Impor unit", label)
	}
	if st := b.follow(`details.staffmenu a[href="/kelola/impor"]`); st != 200 || b.path() != "/kelola/impor" {
		b.fatalf("import page: status %d at %s", st, b.path())
	}

	// A file with an unknown region: refused, the row named, nothing stored.
	b.do("choosing the file with a wrong row", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{bad}))
	if st := b.follow(`main form[action="/kelola/impor"] button[type=submit]`); st != 422 {
		b.errorf("import of a wrong file: status %d, want 422", st)
	}
	b.do("waiting for the error summary", chromedp.WaitVisible(chromedp.ID("kesalahan")))
	summary := b.text("#kesalahan")
	for _, want := range []string{"Berkas ditolak", "Baris 3", "region_code", "Wilayah tidak dikenal", "31.72.99"} {
		if !strings.Contains(summary, want) {
			b.errorf("error summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "Baris 2") {
		b.errorf("error summary names the good row 2:\n%s", summary)
	}
	for _, code := range []string{"PKM-31.72.03", "PKM-31.72.05"} {
		if u, err := a.DB.UnitByCode(t.Context(), code); !errs.Is(err, errs.NotFound) {
			b.errorf("refused import stored %s: %+v, %v", code, u, err)
		}
	}
	// The form is still there to try again.
	if !b.has("#f-file") {
		b.fatalf("no file field after a refused import")
	}

	// The corrected file: both units with their services.
	b.do("choosing the corrected file", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{fixed}))
	if st := b.follow(`main form[action="/kelola/impor"] button[type=submit]`); st != 200 {
		b.errorf("import of the corrected file: status %d, want 200", st)
	}
	if b.has("#kesalahan") {
		b.errorf("the corrected file was refused:\n%s", b.text("#kesalahan"))
	}
	const done = "Berhasil: 2 unit dan 5 layanan ditambahkan."
	// The result is said once, in a status region (announced, not repeated).
	if msgs := eval[[]string](b, `[...document.querySelectorAll("main [role=status], main [aria-live]")].map(e => e.innerText.trim())`); len(msgs) != 1 || msgs[0] != done {
		b.errorf("status messages after the import = %q, want just %q", msgs, done)
	}
	if n := strings.Count(b.text("main"), done); n != 1 {
		b.errorf("the import result is shown %d times, want once", n)
	}
	if !b.has(`main a[href="/kelola/unit"]`) {
		b.errorf("no link to the unit list after the import")
	}
	u, err := a.DB.UnitByCode(t.Context(), "PKM-31.72.05")
	if err != nil {
		b.fatalf("imported unit not stored: %v", err)
	}
	if u.RegionCode != "31.72.05" || u.Name != "Puskesmas Kecamatan Pademangan" {
		b.errorf("stored unit: %+v", u)
	}

	// The unit list finds it.
	b.open("/kelola/unit?q=" + url.QueryEscape("Pademangan"))
	if results := b.text("#unit-results"); !strings.Contains(results, "PKM-31.72.05") || !strings.Contains(results, "Puskesmas Kecamatan Pademangan") {
		b.errorf("unit list searched for Pademangan lacks the new unit:\n%s", results)
	}

	// Its public page shows its region and services.
	if st := b.follow(`#unit-results a[href="/unit/PKM-31.72.05"]`); st != 200 || b.path() != "/unit/PKM-31.72.05" {
		b.fatalf("public page of the new unit: status %d at %s", st, b.path())
	}
	if h1 := b.text("main h1"); h1 != "Puskesmas Kecamatan Pademangan" {
		b.errorf("public page heading = %q", h1)
	}
	page := b.text("main")
	for _, want := range []string{"PKM-31.72.05", "Pademangan", "Imunisasi", "Laboratorium", "Pelayanan gizi"} {
		if !strings.Contains(page, want) {
			b.errorf("public page lacks %q", want)
		}
	}
}

// TestJourneyLiveFilter: an evaluator types in the unit search box and the
// list follows without a page load (htmx), with the address updated.
func TestJourneyLiveFilter(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.signIn("evaluator.jakut")
	b.open("/kelola/unit")
	before := b.text("#unit-results > p")
	if !strings.HasPrefix(before, "47 unit") {
		b.errorf("unfiltered count = %q, want 47 unit", before)
	}
	// Wait for htmx to be loaded (deferred script) and to have processed the form.
	if ok, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`typeof htmx !== "undefined" && !!htmx.version`, chromedp.WithPollingTimeout(stepTimeout))); err != nil || !ok {
		b.fatalf("htmx is not loaded: %v", err)
	}
	// A marker on window survives an htmx swap, not a page load.
	eval[bool](b, `window.mutuNoReload = true`)

	b.do("typing in the search box", chromedp.SendKeys(chromedp.ID("f-q"), "Penjaringan"))
	ctx, cancel := b.step()
	// Wait for the count of the whole word (a slow machine may first show
	// the results of a prefix, each one a change of the count).
	after, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`(() => {
		const p = document.querySelector("#unit-results > p");
		return p && p.innerText !== %q && p.innerText.startsWith("3 unit") ? p.innerText : false })()`, before),
		chromedp.WithPollingTimeout(stepTimeout)))
	cancel()
	if err != nil {
		b.fatalf("the count did not change from %q to 3 unit after typing Penjaringan (now %q): %v",
			before, eval[string](b, `(document.querySelector("#unit-results > p") || {}).innerText || ""`), err)
	}
	if !eval[bool](b, `window.mutuNoReload === true`) {
		b.errorf("the page reloaded: the filter should swap the results only")
	}
	names := resultColumn(b, 2)
	if len(names) != 3 {
		b.errorf("rows after filtering: %q, want 3", names)
	}
	for _, n := range names {
		if !strings.Contains(n, "Penjaringan") {
			b.errorf("row %q does not match Penjaringan", n)
		}
	}
	if !b.has(`#unit-results a[href="/unit/PKM-31.72.01"]`) {
		b.errorf("Puskesmas Kecamatan Penjaringan is not in the results")
	}
	// Exactly one results region: htmx replaced its content, not nested a page.
	if n := eval[int](b, `document.querySelectorAll("#unit-results").length`); n != 1 {
		b.errorf("%d #unit-results regions after the swap, want 1", n)
	}
	if n := eval[int](b, `document.querySelectorAll("main h1").length`); n != 1 {
		b.errorf("%d h1 in main after the swap, want 1 (a whole page was swapped in?)", n)
	}
	// The address follows the filter (hx-push-url), so it can be shared or reloaded.
	p := b.path()
	u, _ := url.Parse(p)
	if u.Path != "/kelola/unit" || u.Query().Get("q") != "Penjaringan" {
		b.errorf("address after filtering = %s, want /kelola/unit?…q=Penjaringan", p)
	}
	// The export link follows the filter too.
	href := eval[string](b, `document.querySelector("#unit-results a[download]").href`)
	if eu, err := url.Parse(href); err != nil || eu.Path != "/kelola/unit" || eu.Query().Get("q") != "Penjaringan" ||
		eu.Query().Get("wilayah") != "31.72" || eu.Query().Get("format") != "csv" {
		b.errorf("export link after filtering = %q, want /kelola/unit with q=Penjaringan, wilayah=31.72 and format=csv", href)
	}
	// Reloading the pushed address gives the same list.
	b.open(p)
	if got := b.text("#unit-results > p"); got != after {
		b.errorf("reloaded %s: count %q, want %q", p, got, after)
	}
	if v := eval[string](b, `document.getElementById("f-q").value`); v != "Penjaringan" {
		b.errorf("search box after reload = %q, want Penjaringan", v)
	}
}

// resultColumn is the text of column n (from 1) of every row of the unit list.
func resultColumn(b *tab, n int) []string {
	b.t.Helper()
	return eval[[]string](b, fmt.Sprintf(`[...document.querySelectorAll("#unit-results tbody tr td:nth-child(%d)")].map(td => td.innerText)`, n))
}

// TestJourneyUnitListPages: a province administrator filters a long list and
// pages through it; the filter stays on every page.
func TestJourneyUnitListPages(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.signIn("admin")
	b.open("/kelola/unit?jenis=kantor_kelurahan&urut=code")
	first := resultColumn(b, 1)
	if len(first) != 50 || !strings.HasPrefix(first[0], "KEL-") {
		b.fatalf("page 1 of the village offices: %d rows (%.3q…), want 50 KEL- rows", len(first), first)
	}
	seen := map[string]bool{}
	for _, c := range first {
		seen[c] = true
	}
	for page := 2; page <= 3; page++ {
		if st := b.follow(`#unit-results .pager a[rel=next]`); st != 200 {
			b.fatalf("next page: status %d", st)
		}
		q, _ := url.ParseQuery(strings.TrimPrefix(b.path(), "/kelola/unit?"))
		if q.Get("hal") != fmt.Sprint(page) || len(q["hal"]) != 1 || q.Get("jenis") != "kantor_kelurahan" || q.Get("urut") != "code" {
			b.fatalf("page %d address = %s, want one hal=%d and the filters jenis=kantor_kelurahan, urut=code", page, b.path(), page)
		}
		if got := b.text(".pager span"); !strings.HasPrefix(got, fmt.Sprintf("Halaman %d dari ", page)) {
			b.errorf("pager = %q on page %d", got, page)
		}
		codes := resultColumn(b, 1)
		if len(codes) == 0 {
			b.fatalf("page %d is empty", page)
		}
		for _, c := range codes {
			if !strings.HasPrefix(c, "KEL-") {
				b.errorf("page %d lists %s: the type filter was lost", page, c)
			}
			if seen[c] {
				b.errorf("page %d repeats %s", page, c)
			}
			seen[c] = true
		}
		if sel := eval[string](b, `document.getElementById("f-jenis").value`); sel != "kantor_kelurahan" {
			b.errorf("page %d: type filter shows %q", page, sel)
		}
	}
	// And back.
	if st := b.follow(`#unit-results .pager a[rel=prev]`); st != 200 || !strings.Contains(b.path(), "hal=2") {
		b.errorf("previous page: status %d at %s, want hal=2", st, b.path())
	}
}

// TestJourneyMobileKeyboard: on a 360 px phone screen, pages do not scroll
// sideways, text is readable (contrast), the skip link comes first with Tab,
// and every field has a label.
func TestJourneyMobileKeyboard(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))

	noSideScroll := func(page string) {
		t.Helper()
		size := eval[[]int](b, `[document.documentElement.scrollWidth, innerWidth]`)
		if len(size) != 2 || size[0] > size[1] {
			wide := eval[[]string](b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
				.slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") + " right=" + Math.round(e.getBoundingClientRect().right))`)
			b.errorf("%s scrolls sideways at 360 px: scrollWidth/innerWidth = %v; too wide: %q", page, size, wide)
		}
	}
	skipFirst := func(page string) {
		t.Helper()
		// Start from the top of a fresh page: nothing focused yet.
		if got := b.tabKey(); !strings.HasPrefix(got, `a.skip "Langsung ke isi"`) {
			b.errorf("%s: first Tab focuses %s, want the skip link", page, got)
			return
		}
		rect := eval[[]float64](b, `(() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom] })()`)
		if len(rect) != 4 || rect[0] < 0 || rect[1] < 0 || rect[2] > 360 || rect[3] > 740 || rect[2]-rect[0] < 1 {
			b.errorf("%s: the focused skip link is not on screen: %v", page, rect)
		}
		// Enter follows it: the focus moves to the main content.
		b.do("pressing Enter on the skip link", chromedp.KeyEvent("\r"))
		ctx, cancel := b.step()
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.activeElement && document.activeElement.id === "isi"`, chromedp.WithPollingTimeout(2*time.Second)))
		cancel()
		if err != nil {
			b.errorf("%s: after Enter on the skip link the focus is on %s, want main#isi",
				page, eval[string](b, `document.activeElement ? document.activeElement.tagName + "#" + document.activeElement.id : "(none)"`))
		}
	}
	readable := func(page string) {
		t.Helper()
		for _, p := range eval[[]string](b, contrastJS) {
			b.errorf("%s: text contrast below WCAG AA: %s", page, p)
		}
	}
	allLabelled := func(page string, min int) {
		t.Helper()
		res := eval[struct {
			Count     int      `json:"count"`
			Unlabeled []string `json:"unlabeled"`
		}](b, `(() => {
			const fields = [...document.querySelectorAll("input, select, textarea")].filter(e => e.type !== "hidden");
			const bad = fields.filter(e => !e.labels || e.labels.length === 0 || [...e.labels].every(l => l.textContent.trim() === ""));
			return {count: fields.length, unlabeled: bad.map(e => e.outerHTML.slice(0, 160))};
		})()`)
		if res.Count < min {
			b.errorf("%s: %d form fields, want at least %d (is this the right page?)", page, res.Count, min)
		}
		for _, f := range res.Unlabeled {
			b.errorf("%s: field without a label: %s", page, f)
		}
	}

	// The public page of a unit.
	if st := b.open("/unit/PKM-31.72.01"); st != 200 {
		b.fatalf("public unit page: status %d", st)
	}
	if w := eval[int](b, `innerWidth`); w != 360 {
		b.fatalf("viewport width = %d, want 360", w)
	}
	noSideScroll("/unit/PKM-31.72.01")
	readable("/unit/PKM-31.72.01")
	skipFirst("/unit/PKM-31.72.01")

	// The sign-in page.
	b.open("/masuk")
	noSideScroll("/masuk")
	readable("/masuk")
	skipFirst("/masuk")
	allLabelled("/masuk", 2)
	// Tab order on the form: the username comes before the password.
	if order := eval[bool](b, `!!(document.getElementById("f-username").compareDocumentPosition(document.getElementById("f-password")) & Node.DOCUMENT_POSITION_FOLLOWING)`); !order {
		b.errorf("/masuk: the password field comes before the username")
	}

	// The unit edit page, signed in (same 360 px screen).
	b.signIn("admin.jakut")
	noSideScroll("/dasbor")
	readable("/dasbor") // the header with the user's name and role
	if st := b.open("/kelola/unit/PKM-31.72.01"); st != 200 {
		b.fatalf("unit edit page: status %d", st)
	}
	noSideScroll("/kelola/unit/PKM-31.72.01")
	readable("/kelola/unit/PKM-31.72.01")
	allLabelled("/kelola/unit/PKM-31.72.01", 20)
	skipFirst("/kelola/unit/PKM-31.72.01")

	// The other signed-in forms of an administrator.
	for _, page := range []string{"/kelola/unit", "/kelola/impor"} {
		b.open(page)
		noSideScroll(page)
		readable(page)
		allLabelled(page, 1)
	}
}

// TestJourneyLanguage: the header switches the page to English and back,
// staying on the same page.
func TestJourneyLanguage(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	const page = "/unit/PKM-31.72.01"
	b.open(page)
	if lang := eval[string](b, `document.documentElement.lang`); lang != "id" {
		b.fatalf("default language = %q, want id", lang)
	}
	if nav := b.text("nav.main"); !strings.Contains(nav, "Wilayah") {
		b.errorf("Indonesian menu = %q", nav)
	}

	if st := b.follow(`header.site .langs a[lang=en]`); st != 200 {
		b.errorf("switching to English: status %d", st)
	}
	if got := b.path(); got != page {
		b.errorf("after switching to English: at %s, want %s", got, page)
	}
	if lang := eval[string](b, `document.documentElement.lang`); lang != "en" {
		b.errorf(`<html lang> = %q after choosing English, want "en"`, lang)
	}
	checkTexts(b, "English", map[string]string{
		"nav.main":                      "Regions",
		"header.site .userbox":          "Sign in",
		"header.site .brand":            "Mutu",
		"a.skip":                        "Skip to content",
		"main":                          "Services",
		`header.site .langs a[lang=en]`: "English",
	})
	if cur := eval[string](b, `document.querySelector('header.site .langs a[lang=en]').getAttribute("aria-current")`); cur != "true" {
		b.errorf(`English link aria-current = %q, want "true"`, cur)
	}
	if strings.Contains(b.text("nav.main"), "Wilayah") {
		b.errorf("English menu still says Wilayah")
	}
	// The choice is kept on the next page.
	b.open("/masuk")
	if h1 := b.text("main h1"); h1 != "Sign in" {
		b.errorf("sign-in page in English: heading %q, want Sign in", h1)
	}

	if st := b.follow(`header.site .langs a[lang=id]`); st != 200 {
		b.errorf("switching back to Indonesian: status %d", st)
	}
	if got := b.path(); got != "/masuk" {
		b.errorf("after switching back: at %s, want /masuk", got)
	}
	if lang := eval[string](b, `document.documentElement.lang`); lang != "id" {
		b.errorf(`<html lang> = %q after choosing Bahasa Indonesia, want "id"`, lang)
	}
	checkTexts(b, "Indonesian", map[string]string{
		"nav.main":  "Wilayah",
		"main h1":   "Masuk",
		"a.skip":    "Langsung ke isi",
		"main form": "Kata sandi",
	})
	if cur := eval[string](b, `document.querySelector('header.site .langs a[lang=id]').getAttribute("aria-current") || ""`); cur != "true" {
		b.errorf(`Bahasa Indonesia link aria-current = %q, want "true"`, cur)
	}
}

// checkTexts checks that each selected element's text contains a string.
func checkTexts(b *tab, lang string, want map[string]string) {
	b.t.Helper()
	for sel, s := range want {
		got, err := textContent(b, sel)
		if err != nil {
			b.errorf("%s: %s: %v", lang, sel, err)
			continue
		}
		if !strings.Contains(got, s) {
			b.errorf("%s: %s = %q, want it to contain %q", lang, sel, got, s)
		}
	}
}

// textContent is the text of sel, hidden parts included (the skip link is
// off screen until focused).
func textContent(b *tab, sel string) (string, error) {
	v := eval[*string](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.textContent : null })()`, sel))
	if v == nil {
		return "", errors.New("no such element")
	}
	return *v, nil
}

// contrastJS lists the visible text whose contrast with its background is
// below WCAG AA (4.5:1, 3:1 for large text). The background is the first
// opaque one among the element and its ancestors (with translucent layers
// blended); opacity is applied to the text colour. Background images are
// not considered.
const contrastJS = `(() => {
	const parse = c => {
		const m = /rgba?\(([^)]+)\)/.exec(c);
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
		return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
	};
	const blend = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat([1]);
	const lum = c => {
		const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const background = el => {
		const layers = [];
		for (let e = el; e; e = e.parentElement) {
			const c = parse(getComputedStyle(e).backgroundColor);
			if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
		}
		let bg = [255, 255, 255, 1];
		for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
		return bg;
	};
	const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
	const hex = c => "#" + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
	const bad = [];
	for (const el of document.querySelectorAll("body *")) {
		if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== "")) continue;
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || r.right <= 0 || r.bottom <= 0) continue;
		const cs = getComputedStyle(el);
		if (cs.visibility === "hidden") continue;
		const bg = background(el);
		const fg0 = parse(cs.color);
		if (!fg0) continue;
		fg0[3] *= opacity(el);
		const fg = blend(fg0, bg);
		const l1 = lum(fg), l2 = lum(bg);
		const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		if (ratio < need) {
			bad.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " " + JSON.stringify(el.textContent.trim().slice(0, 40)) +
				": " + hex(fg) + " on " + hex(bg) + " = " + ratio.toFixed(2) + ":1, want " + need + ":1");
		}
	}
	return bad;
})()`
