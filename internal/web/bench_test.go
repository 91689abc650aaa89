package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Benchmarks of the pages and API calls citizens hit most, served from a
// seeded SQLite database in-process (no network). Figures: docs/performance.md.

func benchGet(b *testing.B, path string) {
	a := newApp(b)
	h := a.Srv.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", path, rec.Code)
			}
		}
	})
}

func BenchmarkRegionPage(b *testing.B)     { benchGet(b, "/wilayah/31.72") }
func BenchmarkUnitPage(b *testing.B)       { benchGet(b, "/unit/PKM-31.72.01") }
func BenchmarkAPIUnitsOfCity(b *testing.B) { benchGet(b, "/api/v1/units?region=31.72") }
func BenchmarkAPIUnit(b *testing.B)        { benchGet(b, "/api/v1/units/DKP-31.72") }
