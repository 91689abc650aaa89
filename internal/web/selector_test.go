package web_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Page checks: a test that a page must not show something first proves it
// is the right page (its status and an element only that page has), or
// the check would also pass on an error page.

// mustBePage fails the test unless res has the status and an element
// matching selector (see matches), and returns the parsed page.
func mustBePage(t testing.TB, res response, status int, selector string) *html.Node {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d (looking for %q):\n%.600s", res.StatusCode, status, selector, res.Body)
	}
	doc, err := html.Parse(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	if len(findAll(doc, selector)) == 0 {
		t.Fatalf("no %q on the page: not the page expected:\n%.600s", selector, res.Body)
	}
	return doc
}

// findAll returns the elements under n matching selector: compound parts
// ("tag", "#id", ".class", "[attr=value]", "tag#id.class") separated by
// spaces for descendants ("table#audit-log tbody td"); values hold no
// spaces, quotes or brackets.
func findAll(n *html.Node, selector string) []*html.Node {
	parts := strings.Fields(selector)
	nodes := []*html.Node{n}
	for _, part := range parts {
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, root := range nodes {
			for c := root.FirstChild; c != nil; c = c.NextSibling {
				walk(c, func(e *html.Node) {
					if !seen[e] && matches(e, part) {
						seen[e] = true
						next = append(next, e)
					}
				})
			}
		}
		nodes = next
	}
	return nodes
}

// textOf is the text of the elements matching selector under n, joined by
// newlines: what a reader sees there.
func textOf(n *html.Node, selector string) string {
	var out []string
	for _, e := range findAll(n, selector) {
		var b strings.Builder
		walk(e, func(c *html.Node) {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
		}, html.TextNode)
		out = append(out, b.String())
	}
	return strings.Join(out, "\n")
}

// walk calls fn on n and every node below it of the types (elements by default).
func walk(n *html.Node, fn func(*html.Node), types ...html.NodeType) {
	if len(types) == 0 {
		types = []html.NodeType{html.ElementNode}
	}
	for _, ty := range types {
		if n.Type == ty {
			fn(n)
			break
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn, types...)
	}
}

// matches reports whether element e matches one compound selector part.
func matches(e *html.Node, part string) bool {
	if e.Type != html.ElementNode {
		return false
	}
	tag, rest := part, ""
	if i := strings.IndexAny(part, "#.["); i >= 0 {
		tag, rest = part[:i], part[i:]
	}
	if tag != "" && e.Data != tag {
		return false
	}
	for rest != "" {
		kind := rest[0]
		rest = rest[1:]
		name := rest
		if kind == '[' {
			name, rest, _ = strings.Cut(rest, "]")
		} else if i := strings.IndexAny(rest, "#.["); i >= 0 {
			name, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		switch kind {
		case '#':
			if attr(e, "id") != name {
				return false
			}
		case '.':
			if !strings.Contains(" "+attr(e, "class")+" ", " "+name+" ") {
				return false
			}
		case '[':
			key, val, _ := strings.Cut(name, "=")
			if attr(e, key) != val {
				return false
			}
		}
	}
	return true
}

func attr(e *html.Node, name string) string {
	for _, a := range e.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func TestSelectors(t *testing.T) {
	doc, _ := html.Parse(strings.NewReader(`<main id="m"><table id="t" class="a b"><tbody><tr><td>x</td><td class="b">y <b>z</b></td></tr></tbody></table><p class="b">p</p><form action="/f"><b>f</b></form></main>`))
	for sel, want := range map[string]string{"#t td": "x\ny z", "td.b": "y z", "table.a.b td.b b": "z", "main .b": "xy z\ny z\np", "#nope": "", "p#t": "", "form[action=/f] b": "f", "[action=/f]": "f", "form[action=/g]": "", "td[class=b]": "y z", "table[class=b]": ""} {
		if got := textOf(doc, sel); got != want {
			t.Errorf("%q: %q, want %q", sel, got, want)
		}
	}
}
