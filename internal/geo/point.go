package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Point is a place in WGS84 degrees, as people write it: latitude first.
type Point struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// Orb is the point as orb (and GeoJSON) write it: longitude first.
func (p Point) Orb() orb.Point { return orb.Point{p.Lng, p.Lat} }

// InIndonesia reports whether the point is a finite coordinate within
// Indonesia's extent (with a margin): the only points Mutu stores.
func (p Point) InIndonesia() bool { return finite(p.Orb()) && indonesia.Contains(p.Orb()) }

// E6 is the point in microdegrees (about 0.1 m), as the store keeps it:
// integers are exact and the same in every database engine.
func (p Point) E6() (lat, lng int64) {
	return int64(math.Round(p.Lat * 1e6)), int64(math.Round(p.Lng * 1e6))
}

// FromE6 is the point E6 wrote.
func FromE6(lat, lng int64) Point { return Point{float64(lat) / 1e6, float64(lng) / 1e6} }

// Distance is the great-circle distance between two points in metres
// (haversine on a sphere of the Earth's mean radius: within 0.5 %, plenty
// to order units by nearness).
func Distance(a, b Point) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	dLat, dLng := (b.Lat-a.Lat)*rad, (b.Lng-a.Lng)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
