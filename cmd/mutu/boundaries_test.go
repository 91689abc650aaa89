package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mutu/internal/store"
)

// TestImportBoundaries: "mutu import boundaries" loads a province's
// GeoJSON, and refuses a broken file whole with each feature's line.
func TestImportBoundaries(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mutu.db")
	if _, _, err := mutu(t, "import", "regions", "../../internal/seed/data/wilayah-dki-jakarta.csv", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := mutu(t, "import", "boundaries", "../../internal/geo/data/batas-wilayah-dki-jakarta.geojson", "--db", db)
	if err != nil || !strings.Contains(out, "318 batas wilayah diimpor: 1 provinsi, 6 kota/kabupaten, 44 kecamatan, 267 kelurahan/desa") {
		t.Fatalf("import: %v %s", err, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	if err := os.WriteFile(bad, []byte(`{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"code": "31.71", "name": "Jakarta Pusat", "level": "kota"}, "geometry": {"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.20], [106.81, -6.19], [106.80, -6.19], [106.80, -6.20]]]}},
{"type": "Feature", "properties": {"code": "32.73", "name": "Kota Bandung", "level": "kota"}, "geometry": {"type": "Polygon", "coordinates": [[[107.60, -6.92], [107.61, -6.92], [107.61, -6.91], [107.60, -6.92]]]}},
{"type": "Feature", "properties": {"code": "31.72", "name": "Jakarta Utara", "level": "kota"}, "geometry": {"type": "Polygon", "coordinates": [[[106.80, -6.20], [106.81, -6.19], [106.81, -6.20], [106.80, -6.19], [106.80, -6.20]]]}}
]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = mutu(t, "import", "boundaries", bad, "--db", db)
	msg := message(err)
	for _, want := range []string{"Berkas batas wilayah ditolak", "Baris 3, kolom features[1]: Kode wilayah tidak ada di daftar wilayah", "(32.73)",
		"Baris 4, kolom features[2]: Poligon 1, cincin 1 memotong dirinya sendiri"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, _ := s.BoundaryVersion(context.Background()); v != "1/318" {
		t.Errorf("a refused file changed the boundaries: %s", v)
	}
}
