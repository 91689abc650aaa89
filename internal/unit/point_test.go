package unit

import (
	"testing"

	"mutu/internal/geo"
)

func TestParsePoint(t *testing.T) {
	for _, tc := range []struct {
		lat, lng string
		want     *geo.Point
		key      string
	}{
		{"", "", nil, ""},
		{"-6.138414", "106.863956", &geo.Point{Lat: -6.138414, Lng: 106.863956}, ""},
		{"-6,138414", "106,863956", &geo.Point{Lat: -6.138414, Lng: 106.863956}, ""}, // the export's decimal comma
		{" -6.1 ", "106.9", &geo.Point{Lat: -6.1, Lng: 106.9}, ""},
		{"106.863956", "-6.138414", nil, "unit.err.point_swapped"},
		{"48.85", "2.35", nil, "unit.err.point_outside"},
		{"-6.1", "", nil, "unit.err.lng"},
		{"utara", "106.9", nil, "unit.err.lat"},
		{"NaN", "106.9", nil, "unit.err.lat"},
	} {
		p, fs := ParsePoint(tc.lat, tc.lng)
		key := ""
		if len(fs) > 0 {
			key = fs[0].Key
		}
		if key != tc.key || (p == nil) != (tc.want == nil) || (p != nil && *p != *tc.want) {
			t.Errorf("ParsePoint(%q, %q) = %v %v, want %v %s", tc.lat, tc.lng, p, fs, tc.want, tc.key)
		}
	}
}
