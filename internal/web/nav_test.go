package web_test

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestLinksFollowTheRouteTable: each link of the navigation and of the
// staff pages' action bars appears exactly for the roles the route table
// (and so the access table) lets through: templates ask the route rules,
// they do not compare role names.
func TestLinksFollowTheRouteTable(t *testing.T) {
	a := newApp(t)
	type place struct {
		page     string   // where the links are
		tag      string   // the element that holds them, only that page has it
		attr     []string // attribute name, value (class: one of the classes)
		staffPag bool     // the page itself is for signed-in users
	}
	nav := place{"/", "header", []string{"class", "site"}, false} // the main nav and the staff menu
	queue := place{"/kelola/pengaduan", "form", []string{"action", "/kelola/pengaduan"}, true}
	units := place{"/kelola/unit", "form", []string{"action", "/kelola/unit"}, true}
	links := []struct {
		at      place
		pattern string
	}{
		{nav, "GET /dasbor"},
		{nav, "GET /kelola/unit"},
		{nav, "GET /kelola/skm"},
		{nav, "GET /kelola/pengaduan"},
		{nav, "GET /kelola/impor"},
		{nav, "GET /kelola/pengguna"},
		{nav, "GET /kelola/audit"},
		{nav, "GET /kelola/kunci-api"},
		{queue, "GET /kelola/pengaduan-baru"},
		{queue, "GET /kelola/pengaduan-dasbor"},
		{queue, "GET /kelola/sla"},
		{queue, "GET /kelola/libur"},
		{units, "GET /kelola/unit-baru"},
		{units, "GET /kelola/impor"},
	}
	for _, ro := range roles {
		t.Run(ro.role, func(t *testing.T) {
			c := a.client(t)
			if ro.username != "" {
				c = a.login(t, ro.username)
			}
			pages := map[string][]string{} // page: hrefs of its links
			for _, l := range links {
				if l.at.staffPag && ro.username == "" {
					continue
				}
				if _, done := pages[l.at.page]; done {
					continue
				}
				res := a.get(t, c, l.at.page)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d", l.at.page, res.StatusCode)
				}
				doc, err := html.Parse(strings.NewReader(res.Body))
				if err != nil {
					t.Fatal(err)
				}
				if findElement(doc, l.at.tag, l.at.attr[0], l.at.attr[1]) == nil {
					t.Fatalf("GET %s: no <%s %s=%q>: not the page\n%s", l.at.page, l.at.tag, l.at.attr[0], l.at.attr[1], res.Body)
				}
				var hrefs []string
				scope := doc
				if l.at.tag == "header" {
					scope = findElement(doc, l.at.tag, l.at.attr[0], l.at.attr[1])
				} else {
					scope = findElement(doc, "main", "id", "isi")
				}
				for _, n := range allElements(scope, "a") {
					hrefs = append(hrefs, attrOf(n, "href"))
				}
				pages[l.at.page] = hrefs
			}
			for _, l := range links {
				hrefs, ok := pages[l.at.page]
				if !ok {
					continue
				}
				_, path, _ := strings.Cut(l.pattern, " ")
				want := allowed(access[l.pattern], ro.role)
				if got := slices.Contains(hrefs, path); got != want {
					t.Errorf("%s on %s: link shown %v, route table allows %v", path, l.at.page, got, want)
				}
			}
		})
	}
}

// findElement is the first element with the tag whose attribute has the
// value (for class: one of its classes), or nil.
func findElement(n *html.Node, tag, key, val string) *html.Node {
	for _, e := range allElements(n, tag) {
		v := attrOf(e, key)
		if v == val || key == "class" && slices.Contains(strings.Fields(v), val) {
			return e
		}
	}
	return nil
}

func allElements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestTemplatesAskTheRouteTable: no template decides by a role's name
// what to show; links ask Allowed, scope-dependent parts get a flag in
// their page data.
func TestTemplatesAskTheRouteTable(t *testing.T) {
	roleTest := regexp.MustCompile(`\.Can\b|\(?\s*eq\s+[$.]*\.?User\.Role|\.User\.Is\b`)
	err := filepath.WalkDir("templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if roleTest.MatchString(line) {
				t.Errorf("%s:%d compares roles: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
