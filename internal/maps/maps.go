// Package maps draws regions as SVG maps on the server: no tiles, no
// external requests, so a map works offline and prints. A Layout is the
// expensive part (projection and simplification of the boundaries for the
// drawing's scale), made once per set of boundaries; colouring a layout as
// a choropleth is cheap and done per request.
package maps

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"mutu/internal/geo"
)

// Tolerance is the Douglas–Peucker tolerance in drawing units (pixels at
// the map's natural size): detail finer than half a pixel is invisible.
const Tolerance = 0.5

// pad keeps strokes and markers at the edge inside the drawing.
const pad = 4.0

// Layout is a set of regions projected to a drawing Width units wide.
type Layout struct {
	Width, Height float64
	Areas         []Outline
	// Inset is the frame (x, y, width, height) of the box at the left
	// where outlying regions are drawn at their own scale (Kepulauan
	// Seribu, 40 km out at sea, beside Jakarta's mainland); nil for none.
	Inset *[4]float64
	main  projection
	inset *projection
	outer orb.Bound // the outlying regions' extent, when inset
}

// Codes are the region codes of the areas, in drawing order.
func (l *Layout) Codes() []string {
	out := make([]string, len(l.Areas))
	for i, a := range l.Areas {
		out[i] = a.Code
	}
	return out
}

// Outline is one region's shape in the drawing.
type Outline struct {
	Code, Name string
	Path       string // SVG path data, coordinates in tenths rounded (0.1 unit)
	// Shape is the same outline as polygons in drawing units (projected
	// and simplified), for drawings that are not SVG (the PDF reports).
	Shape orb.MultiPolygon
	// Dot is set for a region smaller than the drawing's resolution (a
	// small island): it is drawn as a small circle there so that it stays
	// visible and can be clicked.
	Dot *orb.Point
}

// projection is equirectangular with the longitude scaled by the cosine of
// the middle latitude: near the equator (Jakarta, 6° S) its distortion
// across a province is well under 1 %. (x0, y0) is where the north-west
// corner of its extent is drawn.
type projection struct {
	minLon, maxLat, kx, scale, x0, y0 float64
}

func (p projection) xy(pt orb.Point) orb.Point {
	return orb.Point{p.x0 + (pt[0]-p.minLon)*p.kx*p.scale, p.y0 + (p.maxLat-pt[1])*p.scale}
}

// fit returns the projection drawing extent b within w × h units at (x0, y0).
func fit(b orb.Bound, x0, y0, w, h float64) projection {
	kx := math.Cos(b.Center()[1] * math.Pi / 180)
	bw, bh := max((b.Max[0]-b.Min[0])*kx, 1e-9), max(b.Max[1]-b.Min[1], 1e-9)
	return projection{minLon: b.Min[0], maxLat: b.Max[1], kx: kx, scale: min(w/bw, h/bh), x0: x0, y0: y0}
}

// insetShare is the share of the drawing's width the inset takes.
const insetShare = 0.2

// NewLayout projects bs into a drawing width units wide, its height
// following the regions' shape, and simplifies each outline for that scale.
// Regions lying apart from the rest (no bounding box near the others') that
// would shrink the rest to under a quarter of the extent are drawn in an
// inset instead.
func NewLayout(bs []geo.Boundary, width float64) *Layout {
	l := &Layout{Width: width}
	if len(bs) == 0 {
		l.Height = width / 2
		return l
	}
	bounds := make([]orb.Bound, len(bs))
	for i, bd := range bs {
		bounds[i] = bd.Shape.Bound()
	}
	outlying := outliers(bounds)
	var main orb.Bound
	first := true
	for i, b := range bounds {
		if outlying[i] {
			if l.outer.IsZero() {
				l.outer = b
			}
			l.outer = l.outer.Union(b)
			continue
		}
		if first {
			main, first = b, false
		}
		main = main.Union(b)
	}
	if l.outer.IsZero() {
		l.main = fit(main, pad, pad, width-2*pad, math.Inf(1))
		l.Height = math.Ceil((main.Max[1]-main.Min[1])*l.main.scale + 2*pad)
	} else {
		iw := math.Round(width * insetShare)
		l.main = fit(main, iw+2*pad, pad, width-iw-3*pad, math.Inf(1))
		mh := (main.Max[1] - main.Min[1]) * l.main.scale
		l.Height = math.Ceil(mh + 2*pad)
		in := fit(l.outer, pad+2, pad+2, iw-4, mh-4)
		l.inset = &in
		l.Inset = &[4]float64{pad, pad, iw, mh}
	}
	dp := simplify.DouglasPeucker(Tolerance)
	for i, bd := range bs {
		proj := l.main
		if outlying[i] {
			proj = *l.inset
		}
		mp := make(orb.MultiPolygon, 0, len(bd.Shape))
		for _, poly := range bd.Shape {
			if len(poly) == 0 || len(poly[0]) == 0 {
				continue // nothing to draw (and orb/simplify needs an outer ring)
			}
			pp := make(orb.Polygon, len(poly))
			for i, ring := range poly {
				pr := make(orb.Ring, len(ring))
				for j, pt := range ring {
					pr[j] = proj.xy(pt)
				}
				pp[i] = pr
			}
			mp = append(mp, pp)
		}
		mp = dp.MultiPolygon(mp)
		o := Outline{Code: bd.Code, Name: bd.Name, Path: pathData(mp), Shape: mp}
		if o.Path == "" {
			c := proj.xy(bounds[i].Center())
			o.Dot = &c
		}
		l.Areas = append(l.Areas, o)
	}
	return l
}

// outliers marks the regions to draw in an inset: those outside the
// largest group of regions whose bounding boxes touch (within 2 % of the
// extent), when that group covers under a quarter of the whole extent and
// holds more regions than the rest.
func outliers(bounds []orb.Bound) []bool {
	all := bounds[0]
	for _, b := range bounds[1:] {
		all = all.Union(b)
	}
	d := 0.02 * max(all.Max[0]-all.Min[0], all.Max[1]-all.Min[1])
	group := make([]int, len(bounds)) // union-find
	for i := range group {
		group[i] = i
	}
	var root func(i int) int
	root = func(i int) int {
		for group[i] != i {
			group[i] = group[group[i]]
			i = group[i]
		}
		return i
	}
	for i := range bounds {
		for j := i + 1; j < len(bounds); j++ {
			if bounds[i].Pad(d).Intersects(bounds[j]) {
				group[root(i)] = root(j)
			}
		}
	}
	size := map[int]int{}
	best := 0
	for i := range bounds {
		r := root(i)
		size[r]++
		if size[r] > size[best] || size[r] == size[best] && r == best {
			best = r
		}
	}
	out := make([]bool, len(bounds))
	if size[best] == len(bounds) || 2*size[best] <= len(bounds) {
		return out
	}
	var main orb.Bound
	first := true
	for i, b := range bounds {
		if root(i) == best {
			if first {
				main, first = b, false
			}
			main = main.Union(b)
		}
	}
	area := func(b orb.Bound) float64 { return (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) }
	if area(main) >= area(all)/4 {
		return out
	}
	for i := range bounds {
		out[i] = root(i) != best
	}
	return out
}

// Project returns where a point (longitude, latitude) lies in the drawing,
// and whether that is inside it.
func (l *Layout) Project(pt orb.Point) (orb.Point, bool) {
	if len(l.Areas) == 0 {
		return orb.Point{}, false
	}
	xy := l.main.xy(pt)
	if l.inset != nil && l.outer.Contains(pt) {
		xy = l.inset.xy(pt)
	}
	return xy, xy[0] >= 0 && xy[0] <= l.Width && xy[1] >= 0 && xy[1] <= l.Height
}

// pathData writes rings as relative path commands in tenths of a unit:
// each point rounded once and written as the difference from the previous
// rounded point, so rounding never accumulates. Rings that round to fewer
// than three distinct points are left out.
func pathData(mp orb.MultiPolygon) string {
	var b []byte
	var px, py int // the pen, in tenths
	for _, poly := range mp {
		for _, ring := range poly {
			pts := make([][2]int, 0, len(ring))
			for _, pt := range ring {
				q := [2]int{int(math.Round(pt[0] * 10)), int(math.Round(pt[1] * 10))}
				if n := len(pts); n > 0 && pts[n-1] == q {
					continue
				}
				pts = append(pts, q)
			}
			if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
				pts = pts[:len(pts)-1] // Z closes the ring
			}
			if len(pts) < 3 {
				continue
			}
			for i, q := range pts {
				switch i {
				case 0:
					b = append(b, 'm')
				case 1:
					b = append(b, 'l')
				default:
					b = append(b, ' ')
				}
				b = tenths(b, q[0]-px)
				b = append(b, ' ')
				b = tenths(b, q[1]-py)
				px, py = q[0], q[1]
			}
			// After z the pen is back at the ring's first point.
			b = append(b, 'z')
			px, py = pts[0][0], pts[0][1]
		}
	}
	if len(b) > 0 {
		b[0] = 'M' // the first move is absolute, from the origin: the same numbers
	}
	return string(b)
}

// tenths appends n/10 with at most one decimal: 123 → "12.3", -5 → "-.5", 40 → "4".
func tenths(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	if n >= 10 || n%10 == 0 {
		b = strconv.AppendInt(b, int64(n/10), 10)
	}
	if n%10 != 0 {
		b = append(b, '.', byte('0'+n%10))
	}
	return b
}
