package unit

import (
	"strings"
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

// A unit file's lat and lng columns: a point, or a problem named by its row.
func TestParseCSVPoint(t *testing.T) {
	rows, fs, err := ParseCSV(strings.NewReader("unit_code,name,type,region_code,services,lat,lng\n" +
		"KEL-31.72.02.1006,Kantor Kelurahan Sunter Agung,kantor_kelurahan,31.72.02.1006,Surat domisili,\"-6,138414\",\"106,863956\"\n" +
		"KEL-31.72.02.1001,Kantor Kelurahan Tanjung Priok,kantor_kelurahan,31.72.02.1001,Surat domisili,106.88,-6.11\n" +
		"KEL-31.72.02.1002,Kantor Kelurahan Kebon Bawang,kantor_kelurahan,31.72.02.1002,Surat domisili,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Unit.Point == nil || *rows[0].Unit.Point != (geo.Point{Lat: -6.138414, Lng: 106.863956}) || rows[2].Unit.Point != nil {
		t.Errorf("rows %+v", rows)
	}
	if len(fs) != 1 || fs[0].Row != 3 || fs[0].Key != "unit.err.point_swapped" {
		t.Errorf("problems %+v", fs)
	}
}
