package maps

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"mutu/internal/geo"
	"mutu/internal/region"
)

// square is a region whose outline is a square of side d degrees at (x, y).
func square(code string, x, y, d float64) geo.Boundary {
	return geo.Boundary{Code: code, Name: "Kel. " + code, Level: region.Village, Shape: orb.MultiPolygon{{{
		{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y},
	}}}}
}

func TestPathData(t *testing.T) {
	for _, c := range []struct {
		name string
		mp   orb.MultiPolygon
		want string
	}{
		{"relative in tenths, closed by z", orb.MultiPolygon{{{{1, 2}, {11.04, 2}, {11.04, 12.35}, {1, 2}}}}, "M1 2l10 0 0 10.4z"},
		{"after z the pen is at the ring's start", orb.MultiPolygon{{{{1, 1}, {5, 1}, {5, 5}}}, {{{2, 1}, {3, 1}, {3, 2}}}}, "M1 1l4 0 0 4zm1 0l1 0 0 1z"},
		{"negative steps", orb.MultiPolygon{{{{5, 5}, {4.5, 5}, {4.5, 4}}}}, "M5 5l-.5 0 0 -1z"},
		{"a ring rounding to fewer than three points is left out", orb.MultiPolygon{{{{1, 1}, {1.01, 1}, {1.02, 1.01}}}}, ""},
	} {
		if got := pathData(c.mp); got != c.want {
			t.Errorf("%s: pathData = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLayoutProjection(t *testing.T) {
	// Two squares of 0.1°, side by side at Jakarta's latitude: the drawing
	// is wider than tall by 2 (squares) × cos(6.2°) (equirectangular).
	l := NewLayout([]geo.Boundary{square("1", 106.7, -6.3, .1), square("2", 106.8, -6.3, .1)}, 800)
	if l.Height != 407 {
		t.Errorf("height = %v, want ⌈4 + 792/2/cos(6.25°) + 4⌉ = 407", l.Height)
	}
	xy, ok := l.Project(orb.Point{106.8, -6.25})
	if !ok || xy[0] != 400 {
		t.Errorf("the shared edge projects to %v %v, want x = 400", xy, ok)
	}
	if _, ok := l.Project(orb.Point{107.5, -6.25}); ok {
		t.Error("a point east of the map is inside the drawing")
	}
	if !strings.HasPrefix(l.Areas[0].Path, "M4 ") {
		t.Errorf("the first square starts at %q, want at x = 4 (the padding)", l.Areas[0].Path)
	}
}

func TestTinyRegionIsADot(t *testing.T) {
	// An island far smaller than half a unit at this scale stays drawn.
	l := NewLayout([]geo.Boundary{square("1", 106, -6, 1), square("2", 106.5, -5, .0001)}, 400)
	if l.Areas[1].Path != "" || l.Areas[1].Dot == nil {
		t.Fatalf("tiny island: path %q dot %v, want a dot", l.Areas[1].Path, l.Areas[1].Dot)
	}
	svg := string(l.SVG(Choropleth{ID: "m", Values: map[string]Value{"2": {Href: "/wilayah/2"}}}))
	if !strings.Contains(svg, `<a href="/wilayah/2" aria-label="Kel. 2"><circle r="3"`) {
		t.Errorf("the island is not a linked dot: %s", svg)
	}
}

func TestChoropleth(t *testing.T) {
	l := NewLayout([]geo.Boundary{square("1", 106.7, -6.3, .1), square("2", 106.8, -6.3, .1), square("3", 106.9, -6.3, .1)}, 600)
	c := Choropleth{
		ID: "ikm", Title: "IKM <per> kelurahan", Desc: "Triwulan IV 2026",
		Classes:    []Class{{Fill: "#225ea8", Label: "A"}, {Fill: "#ffffcc", Label: "D"}},
		NoDataText: "belum ada data",
		Values: map[string]Value{
			"1": {Class: 0, Text: "90,10 (A)", Href: "/wilayah/1?p=2026-T4&x=\"1\""},
			"2": {Class: NoData, Href: "/wilayah/2"},
		},
		Highlight: "1",
		Marker:    &orb.Point{106.75, -6.25}, MarkerLabel: "Titik laporan",
	}
	svg := string(l.SVG(c))
	for _, want := range []string{
		`role="group" aria-labelledby="ikm-t ikm-d"`,
		`<title id="ikm-t">IKM &lt;per&gt; kelurahan</title><desc id="ikm-d">Triwulan IV 2026</desc>`,
		`<a href="/wilayah/1?p=2026-T4&amp;x=&#34;1&#34;" aria-label="Kel. 1: 90,10 (A)"><path d="M`,
		`fill="#225ea8"><title>Kel. 1: 90,10 (A)</title></path></a>`,
		// no data is hatched and says so, never the lowest class
		`fill="url(#ikm-nd)"><title>Kel. 2: belum ada data</title>`,
		`aria-label="Kel. 2: belum ada data"`,
		// an area absent from Values has no data either, and no link
		`fill="url(#ikm-nd)"><title>Kel. 3: belum ada data</title></path></g>`,
		`fill="none" stroke="#000" stroke-width="3"`,
		`<circle r="6" cx="102.7" cy="103.3"`, `<title>Titik laporan</title></circle></svg>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, `fill="#ffffcc"`) {
		t.Error("an area without data is drawn in the lowest class")
	}
	// Without links the drawing is one image.
	if svg := string(l.SVG(Choropleth{ID: "p"})); !strings.Contains(svg, `role="img"`) || strings.Contains(svg, "<a ") {
		t.Errorf("a map without links: %s", svg)
	}
}

func TestSequential(t *testing.T) {
	for n := range 8 {
		got := Sequential(n)
		if len(got) < 3 || len(got) > 5 || (n >= 3 && n <= 5 && len(got) != n) {
			t.Errorf("Sequential(%d) has %d colours", n, len(got))
		}
		// light to dark: each colour darker than the one before
		for i := 1; i < len(got); i++ {
			if luma(got[i]) >= luma(got[i-1]) {
				t.Errorf("Sequential(%d): %s is not darker than %s", n, got[i], got[i-1])
			}
		}
	}
}

// TestGradeFills: grades are coloured from the colour-blind-safe scale, the
// best the darkest, each lighter than the one before, none the grey of
// "no data" or of a plain map.
func TestGradeFills(t *testing.T) {
	for n := 2; n <= 6; n++ {
		got := GradeFills(n)
		if len(got) != len(Sequential(n)) {
			t.Errorf("GradeFills(%d): %d colours", n, len(got))
		}
		for i, f := range got {
			if !slices.Contains(Sequential(n), f) || f == NoDataFill || f == PlainFill {
				t.Errorf("GradeFills(%d)[%d] = %s: not a class of the scale", n, i, f)
			}
			if i > 0 && luma(f) <= luma(got[i-1]) {
				t.Errorf("GradeFills(%d): grade %d (%s) is not lighter than grade %d (%s)", n, i, f, i-1, got[i-1])
			}
		}
	}
}

func luma(hex string) int {
	var r, g, b int
	for i, p := range []*int{&r, &g, &b} {
		for _, c := range hex[1+2*i : 3+2*i] {
			*p = *p*16 + strings.IndexRune("0123456789abcdef", c)
		}
	}
	return 299*r + 587*g + 114*b
}

func TestCountBounds(t *testing.T) {
	for _, c := range []struct {
		max  int
		want []int
	}{
		{0, []int{0}}, {1, []int{0, 1}}, {2, []int{0, 1, 2}}, {3, []int{0, 1, 2, 3}},
		{10, []int{0, 4, 8, 10}}, {12, []int{0, 4, 8, 12}}, {100, []int{0, 34, 68, 100}},
	} {
		got := CountBounds(c.max)
		if !slices.Equal(got, c.want) {
			t.Errorf("CountBounds(%d) = %v, want %v", c.max, got, c.want)
		}
		if ClassOf(0, got) != 0 || ClassOf(c.max, got) != len(got)-1 {
			t.Errorf("ClassOf at the ends of %v", got)
		}
	}
}

var villages = sync.OnceValue(func() []geo.Boundary {
	bs, err := geo.DKIJakarta()
	if err != nil {
		panic(err)
	}
	var out []geo.Boundary
	for _, b := range bs {
		if b.Level == region.Village {
			out = append(out, b)
		}
	}
	return out
})

// TestProvinceMapSize: all 267 kelurahan of DKI Jakarta, linked and
// labelled, stay well under 200 KB, and every one is drawn.
func TestProvinceMapSize(t *testing.T) {
	kel := villages()
	l := NewLayout(kel, 800)
	vals := map[string]Value{}
	for _, b := range kel {
		vals[b.Code] = Value{Class: 1, Text: "87,28 (B)", Href: "/wilayah/" + b.Code}
	}
	svg := l.SVG(Choropleth{ID: "m", Title: "IKM", Classes: []Class{{Fill: "#225ea8"}, {Fill: "#41b6c4"}}, Values: vals})
	if len(kel) != 267 || len(svg) > 200_000 {
		t.Errorf("%d kelurahan in %d bytes, want 267 in at most 200 KB", len(kel), len(svg))
	}
	if n := strings.Count(string(svg), "<a href="); n != 267 {
		t.Errorf("%d linked areas, want 267", n)
	}
	// coordinates are rounded to a tenth
	for _, d := range regexp.MustCompile(` d="([^"]*)"`).FindAllStringSubmatch(string(svg), -1) {
		if m := regexp.MustCompile(`\.\d\d`).FindString(d[1]); m != "" {
			t.Fatalf("a coordinate with more than one decimal: %s", m)
		}
	}
}

// BenchmarkProvinceMap is the cost of the province's kelurahan map: the
// layout (projection and simplification, cached by the server) and the
// drawing of one choropleth on it (per request).
func BenchmarkProvinceMap(b *testing.B) {
	kel := villages()
	vals := map[string]Value{}
	for _, bd := range kel {
		vals[bd.Code] = Value{Class: 1, Text: "87,28 (B)", Href: "/wilayah/" + bd.Code}
	}
	c := Choropleth{ID: "m", Title: "IKM", Classes: []Class{{Fill: "#225ea8"}, {Fill: "#41b6c4"}}, Values: vals}
	b.Run("layout", func(b *testing.B) {
		for b.Loop() {
			NewLayout(kel, 800)
		}
	})
	l := NewLayout(kel, 800)
	b.Run("svg", func(b *testing.B) {
		for b.Loop() {
			b.SetBytes(int64(len(l.SVG(c))))
		}
	})
}

// TestInset: Kepulauan Seribu, 40 km out at sea, is drawn in an inset
// beside the mainland's cities rather than shrinking them to a corner;
// compact regions get no inset.
func TestInset(t *testing.T) {
	bs, err := geo.DKIJakarta()
	if err != nil {
		t.Fatal(err)
	}
	var cities []geo.Boundary
	for _, b := range bs {
		if b.Level == region.City {
			cities = append(cities, b)
		}
	}
	l := NewLayout(cities, 800)
	if l.Inset == nil {
		t.Fatal("no inset for Kepulauan Seribu")
	}
	f := *l.Inset
	inside := func(p orb.Point) bool { return p[0] >= f[0] && p[0] <= f[0]+f[2] && p[1] >= f[1] && p[1] <= f[1]+f[3] }
	// Pulau Pramuka (Kepulauan Seribu) and Monas (Jakarta Pusat).
	if p, ok := l.Project(orb.Point{106.615, -5.745}); !ok || !inside(p) {
		t.Errorf("Pulau Pramuka is drawn at %v, outside the inset %v", p, f)
	}
	if p, ok := l.Project(orb.Point{106.827, -6.175}); !ok || inside(p) || p[0] < 400 {
		t.Errorf("Monas is drawn at %v (inset %v)", p, f)
	}
	if l.Height > 800 {
		t.Errorf("the map is %v units tall: the islands still stretch it", l.Height)
	}
	if svg := l.SVG(Choropleth{ID: "m"}); !strings.Contains(string(svg), `stroke-dasharray="4 3"`) {
		t.Error("the inset has no frame")
	}
	// Kepulauan Seribu's own kecamatan, and compact squares: no inset.
	var kec []geo.Boundary
	for _, b := range bs {
		if b.Level == region.District && region.Within(b.Code, "31.01") {
			kec = append(kec, b)
		}
	}
	if NewLayout(kec, 800).Inset != nil || NewLayout([]geo.Boundary{square("1", 106.7, -6.3, .1), square("2", 106.8, -6.3, .1)}, 800).Inset != nil {
		t.Error("an inset where no region lies apart")
	}
}

// FuzzLayout: any shapes, however degenerate (empty polygons, a single
// point, huge or NaN coordinates), lay out and draw without panicking.
func FuzzLayout(f *testing.F) {
	f.Add(106.7, -6.2, 0.1, 3, 800.0)
	f.Add(0.0, 0.0, 0.0, 0, 1.0)
	f.Add(math.NaN(), 1e308, -1e308, 7, 360.0)
	f.Fuzz(func(t *testing.T, x, y, d float64, n int, width float64) {
		bs := []geo.Boundary{square("1", x, y, d), {Code: "2", Shape: orb.MultiPolygon{{}}}, {Code: "3"}}
		ring := orb.Ring{}
		for i := range n % 50 {
			ring = append(ring, orb.Point{x + float64(i)*d, y - float64(i%3)*d})
		}
		bs = append(bs, geo.Boundary{Code: "4", Shape: orb.MultiPolygon{{ring}}})
		l := NewLayout(bs, width)
		l.SVG(Choropleth{ID: "f", Classes: []Class{{Fill: "#000000"}}, Values: map[string]Value{"1": {Class: 5}, "4": {Class: 0, Href: "/x"}},
			Highlight: "1", Marker: &orb.Point{x, y}})
	})
}
