package complaint

import (
	"math"
	"testing"

	"mutu/internal/geo"
)

// TestIntakePoint: a report's point, from any channel, lies in Indonesia.
func TestIntakePoint(t *testing.T) {
	for _, tc := range []struct {
		p    *geo.Point
		want bool
	}{
		{nil, true},
		{&geo.Point{Lat: -6.175392, Lng: 106.827153}, true},
		{&geo.Point{Lat: 106.827153, Lng: -6.175392}, false}, // swapped
		{&geo.Point{Lat: 48.85, Lng: 2.35}, false},
		{&geo.Point{Lat: math.NaN(), Lng: 106.8}, false},
	} {
		in := Intake{Kind: Complaint, Privacy: Public, Channel: ChannelWeb, Title: "Trotoar rusak",
			Body: "Trotoar di depan halte rusak parah dan membahayakan.", Point: tc.p}
		fs := in.Validate()
		if ok := len(fs) == 0; ok != tc.want {
			t.Errorf("%v: %v", tc.p, fs)
		}
	}
}
