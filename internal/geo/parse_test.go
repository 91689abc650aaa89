package geo

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/region"
)

// fc is a FeatureCollection with one feature per line (line 2 onwards).
func fc(features ...string) string {
	return "{\"type\": \"FeatureCollection\", \"features\": [\n" + strings.Join(features, ",\n") + "\n]}"
}

func feat(code, name, level, geometry string) string {
	return `{"type": "Feature", "properties": {"code": "` + code + `", "name": "` + name + `", "level": "` + level + `"}, "geometry": ` + geometry + `}`
}

const (
	okSquare  = `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.19], [106.80, -6.20]]]}`
	okHoled   = `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.19], [106.80, -6.20]], [[106.803, -6.197], [106.807, -6.197], [106.807, -6.193], [106.803, -6.197]]]}`
	okSquare2 = `{"type": "MultiPolygon", "coordinates": [[[[106.82, -6.20], [106.83, -6.20], [106.83, -6.19], [106.82, -6.19], [106.82, -6.20]]]]}`
)

// registry answers ParseKnown's lookup with exists.
func registry(exists func(string) bool) func([]string) (map[string]bool, error) {
	return func(codes []string) (map[string]bool, error) {
		out := map[string]bool{}
		for _, c := range codes {
			out[c] = exists(c)
		}
		return out, nil
	}
}

func TestParseValid(t *testing.T) {
	known := registry(func(code string) bool { return code == "31.71.01" || code == "31.71.01.1001" })
	bs, err := ParseKnown(strings.NewReader(fc(
		feat("31.71.01", "Gambir", "kecamatan", okHoled),
		feat("31.71.01.1001", "Gambir", "village", okSquare2), // the registry's word
	)), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].Level != region.District || bs[1].Level != region.Village || len(bs[0].Shape[0]) != 2 || len(bs[1].Shape) != 1 {
		t.Errorf("got %+v", bs)
	}
}

func TestParseRefuses(t *testing.T) {
	known := registry(func(code string) bool { return !strings.HasPrefix(code, "32") })
	for _, tc := range []struct {
		name, file string
		key        string // the file's (no features listed) or the first feature's problem
		line       int
	}{
		{"not JSON", "hello", "boundary.err.not_geojson", 0},
		{"not a collection", `{"type": "Feature"}`, "boundary.err.not_geojson", 0},
		{"empty", fc(), "boundary.err.empty", 0},
		{"unknown code", fc(feat("31.71.01", "Gambir", "kecamatan", okSquare), feat("32.73.01", "Sukasari", "kecamatan", okSquare2)), "boundary.err.code_unknown", 3},
		{"malformed code", fc(feat("31.7", "X", "kota", okSquare)), "boundary.err.code", 2},
		{"a code that is not text", fc(`{"type": "Feature", "properties": {"code": [], "name": 31, "level": {}}, "geometry": ` + okSquare + `}`), "boundary.err.code", 2},
		{"unknown level", fc(feat("31.71", "X", "negara", okSquare)), "boundary.err.level", 2},
		{"level not the code's", fc(feat("31.71", "X", "kecamatan", okSquare)), "boundary.err.level_code", 2},
		{"no name", fc(feat("31.71", "", "kota", okSquare)), "boundary.err.name", 2},
		{"duplicate", fc(feat("31.71", "X", "kota", okSquare), feat("31.71", "X", "kota", okSquare2)), "boundary.err.duplicate", 3},
		{"a point, not a polygon", fc(feat("31.71", "X", "kota", `{"type": "Point", "coordinates": [106.8, -6.2]}`)), "boundary.err.geometry", 2},
		{"unclosed ring", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.19]]]}`)), "boundary.err.ring_open", 2},
		{"too few points", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.80, -6.20]]]}`)), "boundary.err.ring_points", 2},
		{"self-intersecting (a bow tie)", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.19], [106.81, -6.20], [106.80, -6.19], [106.80, -6.20]]]}`)), "boundary.err.self_intersect", 2},
		{"a spike folding back", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.82, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.20]]]}`)), "boundary.err.self_intersect", 2},
		{"a hole outside its polygon", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.19], [106.80, -6.20]], [[106.90, -6.20], [106.91, -6.20], [106.91, -6.19], [106.90, -6.20]]]}`)), "boundary.err.hole_outside", 2},
		{"lat/lng swapped", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[-6.20, 106.80], [-6.20, 106.81], [-6.19, 106.81], [-6.19, 106.80], [-6.20, 106.80]]]}`)), "boundary.err.swapped", 2},
		{"outside Indonesia", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]}`)), "boundary.err.outside", 2},
		{"broken feature JSON", "{\"type\": \"FeatureCollection\", \"features\": [\n\n{\"type\": \"Feature\", \"geometry\": [}]}", "boundary.err.json", 3},
		{"coordinates not numbers", fc(feat("31.71", "X", "kota", `{"type": "Polygon", "coordinates": [[["a", "b"]]]}`)), "boundary.err.feature", 2},
	} {
		_, err := ParseKnown(strings.NewReader(tc.file), known)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid {
			t.Errorf("%s: err %v, want Invalid", tc.name, err)
			continue
		}
		key, line := e.Key, 0
		if len(e.Fields) > 0 {
			key, line = e.Fields[0].Key, e.Fields[0].Row
		}
		if key != tc.key || line != tc.line {
			t.Errorf("%s: %s on line %d, want %s on line %d (%v)", tc.name, key, line, tc.key, tc.line, e.Fields)
		}
	}
}

// A file with problems in several features lists each (all-or-nothing).
func TestParseListsEveryProblem(t *testing.T) {
	_, err := Parse(strings.NewReader(fc(feat("31.71", "X", "kota", okSquare), feat("31.7x", "Y", "kota", okSquare), feat("31.72", "", "kota", okSquare))))
	e, _ := errs.As(err)
	if e == nil || len(e.Fields) != 2 || e.Fields[0].Row != 3 || e.Fields[1].Row != 4 || e.Fields[1].Value != "31.72" {
		t.Fatalf("got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(fc(feat("31.71", "X", "kota", okSquare))))
	f.Add([]byte(fc(feat("31.71.01.1001", "X", "kelurahan", okSquare2))))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e308,-1e308],[0,0]]]}}]}`))
	f.Add(dkiJakarta[:4000])
	f.Fuzz(func(t *testing.T, b []byte) {
		bs, err := Parse(bytes.NewReader(b))
		if err != nil {
			if _, ok := errs.As(err); !ok {
				t.Fatalf("not an application error: %v", err)
			}
			return
		}
		// What Parse accepts is indexable and locatable without a panic.
		ix := NewIndex(bs)
		for _, b := range bs {
			ix.Locate(b.Shape[0][0][0])
		}
	})
}

// The registry is asked once for the whole file; its failure is not the file's.
func TestParseKnownAsksOnce(t *testing.T) {
	calls := 0
	down := errors.New("database down")
	_, err := ParseKnown(strings.NewReader(fc(feat("31.71", "X", "kota", okSquare), feat("31.72", "Y", "kota", okSquare2))),
		func(codes []string) (map[string]bool, error) {
			calls++
			if len(codes) != 2 {
				t.Errorf("asked for %v", codes)
			}
			return nil, down
		})
	if calls != 1 || !errors.Is(err, down) {
		t.Errorf("%d calls, err %v", calls, err)
	}
}
