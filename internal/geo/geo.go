// Package geo knows where regions are: their boundaries (Kemendagri code,
// name, level, shape in WGS84 longitude/latitude), read from GeoJSON and
// checked (Parse), and which region holds a point (Index).
package geo

import (
	"bytes"
	_ "embed"
	"sync"

	"github.com/paulmach/orb"

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

//go:embed data/batas-wilayah-dki-jakarta.geojson
var dkiJakarta []byte

// DKIJakarta returns the boundaries shipped with the binary (DKI Jakarta's
// 318 regions), parsed once.
var DKIJakarta = sync.OnceValues(func() ([]Boundary, error) {
	return Parse(bytes.NewReader(dkiJakarta))
})
