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
	proj          projection
}

// Outline is one region's shape in the drawing.
type Outline struct {
	Code, Name string
	Path       string // SVG path data, coordinates in tenths rounded (0.1 unit)
	// Dot is set for a region smaller than the drawing's resolution (a
	// small island): it is drawn as a small circle there so that it stays
	// visible and can be clicked.
	Dot *orb.Point
}

// projection is equirectangular with the longitude scaled by the cosine of
// the middle latitude: near the equator (Jakarta, 6° S) its distortion
// across a province is well under 1 %.
type projection struct {
	minLon, maxLat, kx, scale float64
}

func (p projection) xy(pt orb.Point) orb.Point {
	return orb.Point{pad + (pt[0]-p.minLon)*p.kx*p.scale, pad + (p.maxLat-pt[1])*p.scale}
}

// NewLayout projects bs into a drawing width units wide, its height
// following the regions' shape, and simplifies each outline for that scale.
func NewLayout(bs []geo.Boundary, width float64) *Layout {
	l := &Layout{Width: width}
	if len(bs) == 0 {
		l.Height = width / 2
		return l
	}
	b := bs[0].Shape.Bound()
	for _, bd := range bs[1:] {
		b = b.Union(bd.Shape.Bound())
	}
	kx := math.Cos(b.Center()[1] * math.Pi / 180)
	w, h := (b.Max[0]-b.Min[0])*kx, b.Max[1]-b.Min[1]
	scale := (width - 2*pad) / max(w, 1e-9)
	l.proj = projection{minLon: b.Min[0], maxLat: b.Max[1], kx: kx, scale: scale}
	l.Height = math.Ceil(h*scale + 2*pad)
	dp := simplify.DouglasPeucker(Tolerance)
	for _, bd := range bs {
		mp := make(orb.MultiPolygon, 0, len(bd.Shape))
		for _, poly := range bd.Shape {
			pp := make(orb.Polygon, len(poly))
			for i, ring := range poly {
				pr := make(orb.Ring, len(ring))
				for j, pt := range ring {
					pr[j] = l.proj.xy(pt)
				}
				pp[i] = pr
			}
			mp = append(mp, pp)
		}
		mp = dp.MultiPolygon(mp)
		o := Outline{Code: bd.Code, Name: bd.Name, Path: pathData(mp)}
		if o.Path == "" {
			c := l.proj.xy(bd.Shape.Bound().Center())
			o.Dot = &c
		}
		l.Areas = append(l.Areas, o)
	}
	return l
}

// Project returns where a point (longitude, latitude) lies in the drawing,
// and whether that is inside it.
func (l *Layout) Project(pt orb.Point) (orb.Point, bool) {
	if len(l.Areas) == 0 {
		return orb.Point{}, false
	}
	xy := l.proj.xy(pt)
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
