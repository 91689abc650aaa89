package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestUnitSKMPageHasContents: the long unit survey page opens with a table
// of contents whose every link leads to a section on the page (no script).
func TestUnitSKMPageHasContents(t *testing.T) {
	a := newApp(t)
	res := a.get(t, a.login(t, "operator.pkm"), "/kelola/skm/unit/PKM-31.72.01?p=2026-T3")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "<h1>Survei kepuasan: ") {
		t.Fatalf("unit SKM page: %d", res.StatusCode)
	}
	toc := elementByID(t, res.Body, "toc", "nav")
	links := regexp.MustCompile(`href="#([a-z-]+)"`).FindAllStringSubmatch(toc, -1)
	if len(links) < 8 {
		t.Fatalf("table of contents with %d links: %s", len(links), toc)
	}
	for _, l := range links {
		if !strings.Contains(res.Body, `<h2 id="`+l[1]+`">`) {
			t.Errorf("the contents link #%s leads nowhere", l[1])
		}
	}
}
