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
)

// TestLinksFollowTheRouteTable: each link of the navigation and of the
// staff pages' action bars appears exactly for the roles the route table
// (and so the access table) lets through: templates ask the route rules,
// they do not compare role names.
func TestLinksFollowTheRouteTable(t *testing.T) {
	a := newApp(t)
	type place struct {
		page     string // where the links are
		proof    string // an element only that page has (see findAll)
		links    string // the element that holds the links
		staffPag bool   // the page itself is for signed-in users
	}
	nav := place{"/", "header.site", "header.site", false} // the main nav and the staff menu
	queue := place{"/kelola/pengaduan", "form[action=/kelola/pengaduan]", "main#isi", true}
	units := place{"/kelola/unit", "form[action=/kelola/unit]", "main#isi", true}
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
				doc := mustBePage(t, a.get(t, c, l.at.page), http.StatusOK, l.at.proof)
				var hrefs []string
				for _, n := range findAll(doc, l.at.links+" a") {
					hrefs = append(hrefs, attr(n, "href"))
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
