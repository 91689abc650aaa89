package web_test

import (
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"golang.org/x/net/html"

	"mutu/internal/testutil"
	"mutu/internal/web"
)

// Caps of the public crawl, so that it stays under a minute on a small
// machine while still reaching every kind of page. A kind of page is a
// route pattern with a set of query parameters (a region's map by
// kecamatan and its second page are two kinds of /wilayah/{code}). The
// HTTP client follows the links of the site from the home page, breadth-
// first, fetching at most crawlPerKind pages of each kind (the demo has
// ~1,300 survey forms, all alike) and crawlFiles files of each route
// pattern (posters are slow to draw). The browser then checks two pages
// of each kind: the first found and the largest (the richest unit or
// service page); in English, the largest page of each route pattern.
const (
	crawlPerKind = 300
	crawlFiles   = 2
)

// mustReach are the route patterns of the pages a citizen reaches from the
// home page; the crawl fails if it finds fewer. Pages added later are
// found by following links, with nothing to list here.
var mustReach = []string{
	"GET /{$}", "GET /wilayah", "GET /wilayah/{code}", "GET /unit/{code}",
	"GET /unit/{code}/layanan/{service}", "GET /s/{code}", "GET /pengaduan",
	"GET /lacak", "GET /masuk", "GET /unit-terdekat", "GET /cari",
}

// fileTypes are the media types a link may lead to that is not a page.
var fileTypes = []string{
	"application/pdf", "image/png", "image/svg+xml", "text/csv", "application/json",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// crawler walks the public site breadth-first with the HTTP client (no
// session): every page answers 200, every file 200 with its type.
type crawler struct {
	t       *testing.T
	a       *app
	mux     *http.ServeMux
	queue   []string
	from    map[string]string  // address → the page that links it
	files   map[string]int     // route pattern → files fetched
	pages   map[string][]found // kind of page → its pages, in the order found
	reached map[string]bool    // route patterns of the pages found
	fetches int
}

type found struct {
	path string
	size int
}

func newCrawler(t *testing.T, a *app) *crawler {
	// A mux with every route of the table maps an address to its pattern.
	mux := http.NewServeMux()
	for _, rt := range a.Srv.Routes() {
		mux.HandleFunc(web.RoutePattern(rt), func(http.ResponseWriter, *http.Request) {})
	}
	return &crawler{t: t, a: a, mux: mux, from: map[string]string{}, files: map[string]int{}, pages: map[string][]found{}, reached: map[string]bool{}}
}

// pattern is the route pattern serving a GET of target, or "".
func (c *crawler) pattern(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	_, p := c.mux.Handler(&http.Request{Method: http.MethodGet, URL: u, Host: u.Host})
	return p
}

// skip reports the addresses of this site not followed: language links
// change the session's language (the English check chooses it once, on
// purpose). Signing out is a POST form, which the crawl never sends.
func skip(p string) bool {
	return strings.HasPrefix(p, "/bahasa/")
}

// add queues the address of this site u, as found on page.
func (c *crawler) add(page string, u *url.URL) {
	if u.Scheme+"://"+u.Host != c.a.URL {
		return // another site, mailto: or tel:
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	if _, ok := c.from[target]; ok || skip(target) {
		return
	}
	c.from[target] = page
	c.queue = append(c.queue, target)
}

// run crawls from start.
func (c *crawler) run(start string) {
	t := c.t
	c.from[start] = "(start)"
	c.queue = []string{start}
	for len(c.queue) > 0 {
		target := c.queue[0]
		c.queue = c.queue[1:]
		rule := c.pattern(target)
		if rule == "" {
			t.Errorf("%s: no route serves this link of %s", target, c.from[target])
			continue
		}
		kind := kindOf(rule, target)
		if c.files[rule] >= crawlFiles || len(c.pages[kind]) >= crawlPerKind {
			continue
		}
		c.fetches++
		res := c.a.get(t, nil, target)
		media, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		base, _ := url.Parse(c.a.URL + target)
		switch {
		case res.StatusCode >= 300 && res.StatusCode < 400:
			// A redirect (a search with one answer): crawl where it leads.
			if u, err := base.Parse(res.Header.Get("Location")); err == nil {
				c.add(target, u)
			}
		case res.StatusCode != http.StatusOK:
			t.Errorf("%s: status %d, want 200; linked from %s", target, res.StatusCode, c.from[target])
		case media != "text/html":
			c.files[rule]++
			byName, _, _ := mime.ParseMediaType(mime.TypeByExtension(path.Ext(base.Path)))
			if byName != "" && byName != media || !slices.Contains(fileTypes, media) {
				t.Errorf("%s: a file of type %q, want one of %q (by its name %q); linked from %s", target, media, fileTypes, byName, c.from[target])
			}
		default:
			c.pages[kind] = append(c.pages[kind], found{target, len(res.Body)})
			c.reached[rule] = true
			doc, err := html.Parse(strings.NewReader(res.Body))
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			for _, u := range links(base, doc) {
				c.add(target, u)
			}
		}
	}
}

// links are the addresses a page leads to: its links, and where its GET
// forms lead with their default values (a filter, a search).
func links(base *url.URL, doc *html.Node) []*url.URL {
	var out []*url.URL
	resolve := func(ref string) *url.URL {
		u, err := base.Parse(ref)
		if err != nil {
			return nil
		}
		u.Fragment = ""
		return u
	}
	walk(doc, func(e *html.Node) {
		switch {
		case e.Data == "a" && attr(e, "href") != "":
			if u := resolve(attr(e, "href")); u != nil {
				out = append(out, u)
			}
		case e.Data == "form" && (attr(e, "method") == "" || strings.EqualFold(attr(e, "method"), "get")):
			if u := resolve(attr(e, "action")); u != nil {
				u.RawQuery = formValues(e).Encode()
				out = append(out, u)
			}
		}
	})
	return out
}

// formValues are the values a form sends as it is: named inputs (checked
// boxes only), the selected (or first) option of each select, textareas.
func formValues(form *html.Node) url.Values {
	v := url.Values{}
	walk(form, func(e *html.Node) {
		name := attr(e, "name")
		if name == "" || hasAttr(e, "disabled") {
			return
		}
		switch e.Data {
		case "input":
			switch attr(e, "type") {
			case "submit", "button", "image", "reset", "file":
			case "checkbox", "radio":
				if hasAttr(e, "checked") && hasAttr(e, "value") {
					v.Add(name, attr(e, "value"))
				} else if hasAttr(e, "checked") {
					v.Add(name, "on")
				}
			default:
				v.Add(name, attr(e, "value"))
			}
		case "textarea":
			v.Add(name, textOf(e, ""))
		case "select":
			opts := findAll(e, "option")
			for _, o := range opts {
				if hasAttr(o, "selected") {
					opts = []*html.Node{o}
					break
				}
			}
			if len(opts) == 0 {
				return
			}
			if hasAttr(opts[0], "value") { // value="" is a value
				v.Add(name, attr(opts[0], "value"))
			} else {
				v.Add(name, strings.TrimSpace(textOf(opts[0], "")))
			}
		}
	})
	return v
}

// kindOf is the kind of the page target of route pattern rule.
func kindOf(rule, target string) string {
	u, _ := url.Parse(target)
	return rule + "?" + strings.Join(slices.Sorted(maps.Keys(u.Query())), "&")
}

// chosen are the pages the browser checks, sorted: of each kind the
// first found and the largest (perKind 2), or only the largest of each
// route pattern (perKind 1).
func (c *crawler) chosen(perKind int) []string {
	largest := map[string]found{}
	for kind, ps := range c.pages {
		key := kind
		if perKind == 1 {
			key, _, _ = strings.Cut(kind, "?")
		}
		l := slices.MaxFunc(ps, func(a, b found) int { return a.size - b.size })
		if l.size > largest[key].size {
			largest[key] = l
		}
		if perKind > 1 && ps[0] != l {
			largest[key+" first"] = ps[0]
		}
	}
	var out []string
	for _, p := range largest {
		out = append(out, p.path)
	}
	slices.Sort(out)
	return out
}

// checkPage opens a page in the tab and checks it: status 200, a page of
// the site in lang, no sideways scroll at 360 px, no serious axe-core
// violation, no problem the tab recorded.
func checkPage(b *tab, seen *problems, target, lang string) {
	b.t.Helper()
	where := fmt.Sprintf("%s (%s)", target, lang)
	if st := b.open(target); st != http.StatusOK {
		b.errorf("%s: status %d in the browser", where, st)
		return
	}
	if got := eval[string](b, "document.documentElement.lang"); !b.has("body > header.site ~ main#isi") || got != lang {
		b.errorf("%s: not a page of the site in %s (no header.site and main#isi, or lang=%q)", where, lang, got)
		return
	}
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

// TestJourneyPublicCrawl: a citizen with no session follows every link of
// the site from the home page, and every GET form with its default values,
// breadth-first: each page answers 200 and each file linked (poster, card,
// QR code, export, JSON) 200 with its type. On a 360×740 phone, two pages
// of each kind found are then opened in Chromium: each is a page
// of the site, fits the screen, passes axe-core, and shows no console
// error, uncaught exception, CSP report, failed request or subresource
// answering 400 or more. Then the largest page of each route pattern in
// English, after choosing English once (the links are the same in both
// languages, so the Indonesian crawl found them). Caps:
// see crawlPerKind and crawlFiles.
func TestJourneyPublicCrawl(t *testing.T) {
	a := newApp(t)
	started := time.Now()
	c := newCrawler(t, a)
	c.run("/")
	for _, p := range mustReach {
		if !c.reached[p] {
			t.Errorf("the crawl from / never reached %s", p)
		}
	}
	crawled := time.Since(started)

	ctx := testutil.ChromiumTimeout(t, 3*time.Minute)
	b := openTabOn(t, a, ctx)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))
	seen, stop := watch(b)
	defer stop()
	id := c.chosen(2)
	for _, p := range id {
		checkPage(b, seen, p, "id")
	}
	if st := b.open("/bahasa/en?next=/"); st != http.StatusOK {
		b.fatalf("choosing English: status %d", st)
	}
	seen.take()
	en := c.chosen(1)
	for _, p := range en {
		checkPage(b, seen, p, "en")
		// The English page leads where the Indonesian one does: nowhere
		// the crawl has not been.
		for _, l := range eval[[]string](b, `[...document.querySelectorAll("a[href]")].map(a => new URL(a.getAttribute("href"), document.baseURI))
			.filter(u => u.origin === location.origin).map(u => u.pathname + u.search)`) {
			if _, ok := c.from[l]; !ok && !skip(l) {
				t.Errorf("%s in English links %s, which no Indonesian page links", p, l)
			}
		}
	}
	t.Logf("crawled %d addresses in %v; checked %d pages in Indonesian and %d in English in %v: %q",
		c.fetches, crawled.Round(time.Millisecond), len(id), len(en), time.Since(started).Round(time.Millisecond), id)
}
