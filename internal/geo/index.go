package geo

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"mutu/internal/region"
)

// Index finds the regions holding a point. It is built once per set of
// boundaries and read concurrently. A grid of cells (cellDeg degrees wide)
// lists the boundaries whose bounding box meets each cell; a lookup tests
// the bounding boxes of one cell's boundaries, then the exact shape
// (orb/planar: holes and multipolygons) of those that pass, deepest level
// first.
type Index struct {
	byCode  map[string]*Boundary
	cells   map[cell][]*entry
	byLevel map[region.Level][]*entry
}

type entry struct {
	b     *Boundary
	depth int // 0 province … 3 kelurahan
	bound orb.Bound
	polys []polygon
	area  float64
}

type polygon struct {
	bound orb.Bound
	shape orb.Polygon
}

type cell struct{ x, y int32 }

// cellDeg is about 11 km: a kelurahan meets a few cells, a cell holds a
// few dozen boundaries.
const cellDeg = 0.1

func cellOf(x, y float64) cell {
	return cell{int32(math.Floor(x / cellDeg)), int32(math.Floor(y / cellDeg))}
}

// NewIndex indexes boundaries (as Parse returns them).
func NewIndex(bs []Boundary) *Index {
	ix := &Index{byCode: make(map[string]*Boundary, len(bs)), cells: map[cell][]*entry{}, byLevel: map[region.Level][]*entry{}}
	for i := range bs {
		b := &bs[i]
		ix.byCode[b.Code] = b
		e := &entry{b: b, depth: slices.Index(region.Levels, b.Level), bound: b.Shape.Bound(), area: math.Abs(planar.Area(b.Shape))}
		for _, p := range b.Shape {
			e.polys = append(e.polys, polygon{bound: p.Bound(), shape: p})
		}
		ix.byLevel[b.Level] = append(ix.byLevel[b.Level], e)
		lo, hi := cellOf(e.bound.Min[0], e.bound.Min[1]), cellOf(e.bound.Max[0], e.bound.Max[1])
		for x := lo.x; x <= hi.x; x++ {
			for y := lo.y; y <= hi.y; y++ {
				ix.cells[cell{x, y}] = append(ix.cells[cell{x, y}], e)
			}
		}
	}
	for c, es := range ix.cells {
		// Deepest first, then smallest: the first hit of a level is the answer.
		slices.SortFunc(es, func(a, b *entry) int {
			return cmp.Or(cmp.Compare(b.depth, a.depth), cmp.Compare(a.area, b.area), strings.Compare(a.b.Code, b.b.Code))
		})
		ix.cells[c] = es
	}
	return ix
}

func (e *entry) contains(p orb.Point) bool {
	if !e.bound.Contains(p) {
		return false
	}
	for _, poly := range e.polys {
		if poly.bound.Contains(p) && planar.PolygonContains(poly.shape, p) {
			return true
		}
	}
	return false
}

// Locate returns the chain of regions holding the point (longitude,
// latitude), from the province down to the smallest region whose boundary
// holds it: its kelurahan, or, in a sliver between simplified kelurahan,
// its kecamatan or city. Ancestors without a boundary of their own are
// left out. nil: the point is outside every boundary.
func (ix *Index) Locate(p orb.Point) []*Boundary {
	if ix == nil || !finite(p) {
		return nil
	}
	for _, e := range ix.cells[cellOf(p[0], p[1])] {
		if e.contains(p) {
			return ix.chain(e.b)
		}
	}
	return nil
}

func (ix *Index) chain(b *Boundary) []*Boundary {
	var out []*Boundary
	for _, code := range region.Ancestors(b.Code) {
		if a, ok := ix.byCode[code]; ok {
			out = append(out, a)
		}
	}
	return append(out, b)
}

// Near returns the regions of a level whose bounding box, widened by margin
// degrees, holds the point (longitude, latitude), in code order: the
// regions a point near a border may be served from. Their number is small
// (a bounding box test over the level's boundaries).
func (ix *Index) Near(p orb.Point, level region.Level, margin float64) []*Boundary {
	if ix == nil || !finite(p) {
		return nil
	}
	var out []*Boundary
	for _, e := range ix.byLevel[level] {
		if e.bound.Pad(margin).Contains(p) {
			out = append(out, e.b)
		}
	}
	slices.SortFunc(out, func(a, b *Boundary) int { return strings.Compare(a.Code, b.Code) })
	return out
}
