package attach

import (
	"math"
	"testing"

	"mutu/internal/testutil"
)

func TestGPS(t *testing.T) {
	for _, c := range []struct{ lat, lon float64 }{{-6.1184, 106.9061}, {-5.745, 106.615}, {51.5, -0.12}} {
		lat, lon, ok := GPS(testutil.PhotoWithGPS(c.lat, c.lon))
		if !ok || math.Abs(lat-c.lat) > 1e-5 || math.Abs(lon-c.lon) > 1e-5 {
			t.Errorf("GPS of a photo taken at %v, %v: %v, %v, %v", c.lat, c.lon, lat, lon, ok)
		}
	}
	// The location survives Strip when the reporter shares it, and only then.
	photo := testutil.PhotoWithGPS(-6.1184, 106.9061)
	kept, err := Strip("a.jpg", "image/jpeg", photo, true)
	if _, _, ok := GPS(kept); err != nil || !ok {
		t.Errorf("shared location lost by Strip: %v", err)
	}
	gone, err := Strip("a.jpg", "image/jpeg", photo, false)
	if _, _, ok := GPS(gone); err != nil || ok {
		t.Errorf("location kept without consent: %v", err)
	}
	for _, b := range [][]byte{nil, []byte("not a jpeg"), withEXIF(t), photo[:40]} {
		if _, _, ok := GPS(b); ok {
			t.Errorf("a location in %q", b)
		}
	}
}

func FuzzGPS(f *testing.F) {
	f.Add(testutil.PhotoWithGPS(-6.1184, 106.9061))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if lat, lon, ok := GPS(b); ok && (math.Abs(lat) > 90 || math.Abs(lon) > 180) {
			t.Errorf("out of range: %v %v", lat, lon)
		}
	})
}
