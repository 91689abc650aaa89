// Package geo knows where regions are: their boundaries (Kemendagri code,
// name, level, shape in WGS84 longitude/latitude), read from GeoJSON.
package geo

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"mutu/internal/region"
)

// Boundary is one region's shape. Shape holds one or more polygons, each
// an outer ring (longitude, latitude) and its holes.
type Boundary struct {
	Code  string
	Name  string
	Level region.Level
	Shape orb.MultiPolygon
}

// levelWords maps the level names boundary files use to the registry's.
var levelWords = map[string]region.Level{
	"provinsi": region.Province, "kabupaten/kota": region.City, "kota": region.City, "kabupaten": region.City,
	"kecamatan": region.District, "kelurahan": region.Village, "desa": region.Village, "kelurahan/desa": region.Village,
}

// ParseLevel reads a level in the registry's words or a boundary file's.
func ParseLevel(s string) (region.Level, bool) {
	if l, ok := region.ParseLevel(s); ok {
		return l, true
	}
	l, ok := levelWords[s]
	return l, ok
}

// Parse reads a GeoJSON FeatureCollection of boundaries: each feature a
// Polygon or MultiPolygon with the properties code, name and level.
func Parse(r io.Reader) ([]Boundary, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, err
	}
	out := make([]Boundary, 0, len(fc.Features))
	for i, f := range fc.Features {
		bd := Boundary{Code: f.Properties.MustString("code", ""), Name: f.Properties.MustString("name", "")}
		lvl, ok := ParseLevel(f.Properties.MustString("level", ""))
		if !ok {
			return nil, fmt.Errorf("feature %d (%s): unknown level %q", i+1, bd.Code, f.Properties.MustString("level", ""))
		}
		bd.Level = lvl
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			bd.Shape = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			bd.Shape = g
		default:
			return nil, fmt.Errorf("feature %d (%s): geometry %T is not a polygon", i+1, bd.Code, f.Geometry)
		}
		out = append(out, bd)
	}
	return out, nil
}

//go:embed data/batas-wilayah-dki-jakarta.geojson
var dkiJakarta []byte

// DKIJakarta returns the boundaries shipped with the binary (DKI Jakarta's
// 318 regions), parsed once.
var DKIJakarta = sync.OnceValues(func() ([]Boundary, error) {
	return Parse(bytes.NewReader(dkiJakarta))
})
