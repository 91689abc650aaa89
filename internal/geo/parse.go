package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"mutu/internal/errs"
	"mutu/internal/region"
)

// MaxErrors bounds how many problems a refused file lists.
const MaxErrors = 200

// Indonesia's extent, with a margin: every coordinate of a boundary lies
// in it. Its longitudes (95–141) and latitudes (−11–6) do not overlap, so
// a point written (lat, lng) is recognised as swapped.
var indonesia = orb.Bound{Min: orb.Point{94, -12}, Max: orb.Point{142, 7}}

// Parse reads a GeoJSON FeatureCollection of boundaries, each feature a
// Polygon or MultiPolygon with the properties code, name and level, and
// checks it fully (see ParseKnown); codes are not looked up.
func Parse(r io.Reader) ([]Boundary, error) { return ParseKnown(r, nil) }

// ParseKnown is Parse with the codes looked up by known, once for the whole
// file (nil: not looked up; its error is returned as is). It returns every
// boundary, or an Invalid error listing the problems
// feature by feature with their line in the file (nothing is to be stored):
// unknown or malformed codes, duplicates, a level that is not a level or
// not the code's, a missing name, a geometry that is not a polygon, rings
// that are unclosed, have fewer than four points, cross themselves or lie
// outside Indonesia, and coordinates written (lat, lng).
func ParseKnown(r io.Reader, known func(codes []string) (map[string]bool, error)) ([]Boundary, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	raws, err := features(b)
	if err != nil {
		return nil, err
	}
	var fs []errs.Field
	add := func(f errs.Field) {
		if len(fs) < MaxErrors {
			fs = append(fs, f)
		}
	}
	out := make([]Boundary, 0, len(raws))
	seen := map[string]int{}
	var codes []string // every well-formed code, looked up at once below
	for i, raw := range raws {
		name := fmt.Sprintf("features[%d]", i)
		bd, problems := feature(raw.data)
		for _, p := range problems {
			add(errs.Field{Row: raw.line, Name: name, Key: p.key, Args: p.args, Value: bd.Code})
		}
		if prev, dup := seen[bd.Code]; dup && bd.Code != "" {
			add(errs.Field{Row: raw.line, Name: name, Key: "boundary.err.duplicate", Args: []any{prev}, Value: bd.Code})
		} else if bd.Code != "" {
			seen[bd.Code] = raw.line
		}
		if region.ValidCode(bd.Code) {
			codes = append(codes, bd.Code)
		}
		if i == 0 && swapped(bd.Shape) {
			// The whole file is written (lat, lng): one clear message, not one per ring.
			return nil, errs.Fields("boundary.err.file", []errs.Field{{Row: raw.line, Name: name, Key: "boundary.err.swapped", Value: bd.Code}})
		}
		out = append(out, bd)
	}
	if known != nil && len(codes) > 0 {
		exist, err := known(codes)
		if err != nil {
			return nil, err
		}
		for i, bd := range out {
			if region.ValidCode(bd.Code) && !exist[bd.Code] {
				add(errs.Field{Row: raws[i].line, Name: fmt.Sprintf("features[%d]", i), Key: "boundary.err.code_unknown", Value: bd.Code})
			}
		}
		slices.SortStableFunc(fs, func(a, b errs.Field) int { return a.Row - b.Row })
	}
	if err := errs.Fields("boundary.err.file", fs); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errs.New(errs.Invalid, "boundary.err.empty")
	}
	return out, nil
}

type rawFeature struct {
	line int
	data json.RawMessage
}

// features splits a FeatureCollection into its features, each with the
// line it starts on, so that problems can be named by line.
func features(b []byte) ([]rawFeature, error) {
	notGeoJSON := errs.New(errs.Invalid, "boundary.err.not_geojson")
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, notGeoJSON
	}
	var out []rawFeature
	var typ string
	haveFeatures := false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, notGeoJSON
		}
		key, _ := t.(string)
		switch key {
		case "type":
			if err := dec.Decode(&typ); err != nil {
				return nil, notGeoJSON
			}
		case "features":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return nil, notGeoJSON
			}
			haveFeatures = true
			for dec.More() {
				start := dec.InputOffset()
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, errs.Fields("boundary.err.file", []errs.Field{{Row: lineAt(b, start), Name: fmt.Sprintf("features[%d]", len(out)),
						Key: "boundary.err.json", Args: []any{jsonProblem(err)}}})
				}
				out = append(out, rawFeature{line: lineAt(b, start), data: raw})
			}
			if _, err := dec.Token(); err != nil {
				return nil, notGeoJSON
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, notGeoJSON
			}
		}
	}
	if typ != "FeatureCollection" || !haveFeatures {
		return nil, notGeoJSON
	}
	return out, nil
}

// lineAt is the 1-based line of the first token at or after offset.
func lineAt(b []byte, offset int64) int {
	i := int(min(offset, int64(len(b))))
	for i < len(b) && strings.IndexByte(" \t\r\n,", b[i]) >= 0 {
		i++
	}
	return bytes.Count(b[:i], []byte{'\n'}) + 1
}

// jsonProblem says what is wrong in a feature's JSON, without Go's types.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return syn.Error()
	}
	return "JSON"
}

type problem struct {
	key  string
	args []any
}

// feature reads and checks one feature on its own.
func feature(raw []byte) (Boundary, []problem) {
	var ps []problem
	f, err := geojson.UnmarshalFeature(raw)
	if err != nil || f == nil {
		return Boundary{}, []problem{{key: "boundary.err.feature"}}
	}
	bd := Boundary{Code: property(f.Properties, "code"), Name: property(f.Properties, "name")}
	codeLevel, valid := region.LevelOf(bd.Code)
	if !valid {
		ps = append(ps, problem{key: "boundary.err.code"})
	}
	if bd.Name == "" {
		ps = append(ps, problem{key: "boundary.err.name"})
	}
	word := property(f.Properties, "level")
	lvl, ok := ParseLevel(strings.ToLower(strings.TrimSpace(word)))
	switch {
	case !ok:
		ps = append(ps, problem{key: "boundary.err.level", args: []any{word}})
	case valid && lvl != codeLevel:
		ps = append(ps, problem{key: "boundary.err.level_code", args: []any{word}})
	}
	bd.Level = lvl
	switch g := f.Geometry.(type) {
	case orb.Polygon:
		bd.Shape = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		bd.Shape = g
	default:
		return bd, append(ps, problem{key: "boundary.err.geometry"})
	}
	return bd, append(ps, shapeProblems(bd.Shape)...)
}

// property is a text property, trimmed; "" when it is missing or not text
// (a number, a list: Properties.MustString would panic on those), which
// the checks then name as a missing code, name or level.
func property(ps geojson.Properties, key string) string {
	s, _ := ps[key].(string)
	return strings.TrimSpace(s)
}

// shapeProblems checks every ring of a shape; the first problem of each
// ring is enough to find it.
func shapeProblems(mp orb.MultiPolygon) []problem {
	var ps []problem
	if len(mp) == 0 {
		return []problem{{key: "boundary.err.geometry"}}
	}
	for pi, poly := range mp {
		if len(poly) == 0 {
			ps = append(ps, problem{key: "boundary.err.geometry"})
		}
		for ri, ring := range poly {
			p, ok := ringProblem(ring)
			if ok && ri > 0 && !planar.RingContains(poly[0], ring[0]) {
				// A hole outside its polygon's outer ring would make that area count twice or not at all.
				p, ok = problem{key: "boundary.err.hole_outside"}, false
			}
			if !ok {
				p.args = append([]any{pi + 1, ri + 1}, p.args...)
				ps = append(ps, p)
			}
		}
	}
	return ps
}

func ringProblem(r orb.Ring) (problem, bool) {
	if len(r) < 4 {
		return problem{key: "boundary.err.ring_points", args: []any{len(r)}}, false
	}
	for _, p := range r {
		if !finite(p) || !indonesia.Contains(p) {
			return problem{key: "boundary.err.outside", args: []any{deg(p[1]), deg(p[0])}}, false
		}
	}
	if r[0] != r[len(r)-1] {
		return problem{key: "boundary.err.ring_open"}, false
	}
	if p, crosses := selfCrossing(r); crosses {
		return problem{key: "boundary.err.self_intersect", args: []any{deg(p[1]), deg(p[0])}}, false
	}
	return problem{}, true
}

// deg writes a coordinate as the files do.
func deg(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}

// swapped reports whether the first coordinate of a shape reads as
// (lat, lng) in Indonesia.
func swapped(mp orb.MultiPolygon) bool {
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) == 0 {
		return false
	}
	p := mp[0][0][0]
	return indonesia.Contains(orb.Point{p[1], p[0]}) && !indonesia.Contains(p)
}

// selfCrossing finds two edges of a closed ring that cross or touch
// (other than neighbours at their shared vertex) and returns a vertex near
// the crossing. Rings are small (simplified boundaries), so every pair of
// edges is tried, cheapest test first.
func selfCrossing(r orb.Ring) (orb.Point, bool) {
	n := len(r) - 1 // edges; r[n] == r[0]
	for i := 0; i < n; i++ {
		a, b := r[i], r[i+1]
		for j := i + 1; j < n; j++ {
			c, d := r[j], r[j+1]
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if adjacent {
				// Neighbours share one vertex; they are wrong only if they fold back onto each other.
				if collinearOverlap(a, b, c, d) {
					return c, true
				}
				continue
			}
			if segmentsIntersect(a, b, c, d) {
				return c, true
			}
		}
	}
	return orb.Point{}, false
}

func cross(o, a, b orb.Point) float64 {
	return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
}

func sign(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment: p, known to be collinear with a–b, lies within it.
func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// segmentsIntersect: segments a–b and c–d share at least one point.
func segmentsIntersect(a, b, c, d orb.Point) bool {
	if max(a[0], b[0]) < min(c[0], d[0]) || max(c[0], d[0]) < min(a[0], b[0]) ||
		max(a[1], b[1]) < min(c[1], d[1]) || max(c[1], d[1]) < min(a[1], b[1]) {
		return false
	}
	d1, d2 := sign(cross(a, b, c)), sign(cross(a, b, d))
	d3, d4 := sign(cross(c, d, a)), sign(cross(c, d, b))
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return (d1 == 0 && onSegment(a, b, c)) || (d2 == 0 && onSegment(a, b, d)) ||
		(d3 == 0 && onSegment(c, d, a)) || (d4 == 0 && onSegment(c, d, b))
}

// collinearOverlap: neighbouring edges a–b and c–d (b == c) run back over
// each other (a spike of zero width).
func collinearOverlap(a, b, c, d orb.Point) bool {
	if b != c {
		// The closing pair: a–b is the first edge, c–d the last (d == a).
		a, b, c, d = c, d, a, b
	}
	if sign(cross(a, b, d)) != 0 {
		return false
	}
	// d lies on the line through a and b: it folds back if it is on a's side of b.
	return (d[0]-b[0])*(a[0]-b[0])+(d[1]-b[1])*(a[1]-b[1]) > 0
}
