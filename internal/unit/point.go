package unit

import (
	"math"
	"strconv"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/geo"
)

// ParsePoint reads a unit's coordinates as typed on its form or in a unit
// file: both empty is no point; a decimal comma is accepted (the unit
// export writes one for Indonesian spreadsheets). Problems are named by
// the fields lat and lng.
func ParsePoint(lat, lng string) (*geo.Point, []errs.Field) {
	lat, lng = strings.TrimSpace(lat), strings.TrimSpace(lng)
	if lat == "" && lng == "" {
		return nil, nil
	}
	var fs []errs.Field
	la, okLat := decimal(lat)
	ln, okLng := decimal(lng)
	if !okLat {
		fs = append(fs, errs.Field{Name: "lat", Key: "unit.err.lat", Value: lat})
	}
	if !okLng {
		fs = append(fs, errs.Field{Name: "lng", Key: "unit.err.lng", Value: lng})
	}
	if len(fs) > 0 {
		return nil, fs
	}
	p := geo.Point{Lat: la, Lng: ln}
	switch {
	case (geo.Point{Lat: ln, Lng: la}).InIndonesia() && !p.InIndonesia():
		return nil, []errs.Field{{Name: "lat", Key: "unit.err.point_swapped"}}
	case !p.InIndonesia():
		return nil, []errs.Field{{Name: "lat", Key: "unit.err.point_outside"}}
	}
	return &p, nil
}

// decimal reads a number written with a decimal point or comma.
func decimal(s string) (float64, bool) {
	if !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(s, 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}

// PointText writes a coordinate for a form field ("" for none).
func PointText(p *geo.Point) (lat, lng string) {
	if p == nil {
		return "", ""
	}
	return strconv.FormatFloat(p.Lat, 'f', -1, 64), strconv.FormatFloat(p.Lng, 'f', -1, 64)
}
