package web_test

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cssColours reads the custom properties (--name: #rrggbb) of the stylesheet.
func cssColours(t *testing.T, css string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{6})`).FindAllStringSubmatch(css, -1) {
		out[m[1]] = strings.ToLower(m[2])
	}
	return out
}

// rgbOf splits #rrggbb into its channels (0–1).
func rgbOf(hex string) (r, g, b float64) {
	n, _ := strconv.ParseUint(hex[1:], 16, 32)
	return float64(n>>16) / 255, float64(n>>8&0xff) / 255, float64(n&0xff) / 255
}

// hue is the colour's hue in degrees.
func hue(hex string) float64 {
	r, g, b := rgbOf(hex)
	mx, mn := max(r, g, b), min(r, g, b)
	if mx == mn {
		return 0
	}
	var h float64
	switch mx {
	case r:
		h = math.Mod((g-b)/(mx-mn), 6)
	case g:
		h = (b-r)/(mx-mn) + 2
	default:
		h = (r-g)/(mx-mn) + 4
	}
	return math.Mod(h*60+360, 360)
}

// saturation is the colour's HSL saturation (0–1).
func saturation(hex string) float64 {
	r, g, b := rgbOf(hex)
	mx, mn := max(r, g, b), min(r, g, b)
	if mx == mn {
		return 0
	}
	l := (mx + mn) / 2
	return (mx - mn) / (1 - math.Abs(2*l-1))
}

// contrast is the WCAG contrast ratio of the colour on white.
func contrast(hex string) float64 {
	lin := func(c float64) float64 {
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	r, g, b := rgbOf(hex)
	l := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	return 1.05 / (l + 0.05)
}

// TestColoursMeanOneThing: orange is grade C — the PDF's grade-C colour
// fills the web's weakest-element bars, and grade-C letters are the same
// hue, dark enough to read; nothing else is orange, and "due soon" has a
// colour of its own.
func TestColoursMeanOneThing(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/static/mutu.css")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("stylesheet: %d", res.StatusCode)
	}
	css := res.Body
	c := cssColours(t, css)
	if c["weak"] != "#d98c1f" {
		t.Errorf("--weak = %q, want the PDF's grade-C orange #d98c1f (internal/report/pdf.go)", c["weak"])
	}
	gradeC := c["grade-c"]
	if !strings.Contains(css, ".mutu-C { color: var(--grade-c); }") || gradeC == "" {
		t.Fatalf("grade-C letters do not use --grade-c (%q)", gradeC)
	}
	if d := math.Abs(hue(gradeC) - hue(c["weak"])); d > 3 {
		t.Errorf("--grade-c %s is not the PDF's orange: hue %.0f° vs %.0f°", gradeC, hue(gradeC), hue(c["weak"]))
	}
	if k := contrast(gradeC); k < 4.5 {
		t.Errorf("--grade-c %s has contrast %.2f on white, want at least 4.5", gradeC, k)
	}
	soon := c["soon"]
	if !strings.Contains(css, ".tag.soon { color: var(--soon); }") || soon == "" || contrast(soon) < 4.5 {
		t.Fatalf("no readable .tag.soon colour (%q)", soon)
	}
	// Orange (hue 20–45°, saturated) is grade C only: no other colour of
	// the stylesheet — tags, notices, boxes — is orange.
	for _, hex := range regexp.MustCompile(`#[0-9a-fA-F]{6}\b`).FindAllString(css, -1) {
		hex = strings.ToLower(hex)
		if h := hue(hex); h >= 20 && h <= 45 && saturation(hex) > 0.3 && hex != c["weak"] && hex != gradeC {
			t.Errorf("%s is orange (hue %.0f°) but not grade C", hex, h)
		}
	}
	for _, other := range []string{"weak", "grade-c", "bad", "ok"} {
		if d := math.Abs(hue(soon) - hue(c[other])); math.Min(d, 360-d) < 40 {
			t.Errorf("--soon %s is too close in hue to --%s %s (%.0f°)", soon, other, c[other], d)
		}
	}
}

// TestColouredMarksHaveLegends: the queue's and the report page's deadline
// tags and the ranking's grade letters come with a legend; due-soon tags are
// "soon", not the orange of the warnings.
func TestColouredMarksHaveLegends(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	// Thursday 26 Nov 2026: a demo report's step falls due the next working day.
	a.advance(48 * time.Hour)

	res := a.get(t, admin, "/kelola/pengaduan")
	doc := mustBePage(t, res, http.StatusOK, "main table a")
	legend := textOf(doc, "main ul.due-legend li")
	if len(findAll(doc, "main ul.due-legend span.swatch.soon")) != 1 || !strings.Contains(legend, "Jatuh tempo") || !strings.Contains(legend, "Terlambat") {
		t.Errorf("queue: no legend of the deadline colours: %q", legend)
	}
	if len(findAll(doc, "main table span.tag.soon")) == 0 {
		t.Errorf("queue: no due-soon tag (span.tag.soon)")
	}
	for _, e := range findAll(doc, "main table span.tag.warn") {
		if text := textOf(e.Parent, "span.tag.warn"); strings.Contains(text, "jatuh tempo") {
			t.Errorf("queue: a due-soon tag is coloured as a warning: %q", text)
		}
	}

	number := firstComplaint(t, a)
	res = a.get(t, admin, "/kelola/pengaduan/"+number)
	doc = mustBePage(t, res, http.StatusOK, "main dl.props")
	if len(findAll(doc, "main dd span.tag")) > 0 && len(findAll(doc, "main ul.due-legend")) != 1 {
		t.Errorf("report page: deadline tags without a legend")
	}

	res = a.get(t, admin, "/kelola/skm?p=2026")
	doc = mustBePage(t, res, http.StatusOK, "div#ranking-results")
	if got := textOf(doc, "main ul.mutu-legend li"); !strings.Contains(got, "C\u00a0Kurang Baik") || len(findAll(doc, "main ul.mutu-legend span.mutu-C")) != 1 {
		t.Errorf("ranking: no legend of the grade colours: %q", got)
	}
}
