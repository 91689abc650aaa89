package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
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
			if rec := serve(h, http.MethodGet, path, "", nil); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", path, rec.Code)
			}
		}
	})
}

func BenchmarkRegionPage(b *testing.B)     { benchGet(b, "/wilayah/31.72") }
func BenchmarkUnitPage(b *testing.B)       { benchGet(b, "/unit/PKM-31.72.01") }
func BenchmarkAPIUnitsOfCity(b *testing.B) { benchGet(b, "/api/v1/units?region=31.72") }
func BenchmarkAPIUnit(b *testing.B)        { benchGet(b, "/api/v1/units/DKP-31.72") }

// BenchmarkSubmitResponse is the ingestion path in-process: JSON API →
// validation → group commit on SQLite with rollups.
func BenchmarkSubmitResponse(b *testing.B) {
	a := newApp(b)
	h := a.Srv.Handler()
	units := []string{"PKM-31.72.01", "DKP-31.72", "PTSP-31.72", "PKM-31.74.08"}
	key := responsesKey(b, a)
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body := fmt.Sprintf(`{"answers":{"U1":%d,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"device":"bench-%d"}`, 1+i%4, i)
			rec := serveAPI(h, "/api/v1/units/"+units[i%4]+"/responses", key, body)
			if rec.Code != http.StatusCreated {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkFileComplaint is the public complaint intake in process: form →
// validation → routing → one transaction (report, code index, timeline).
func BenchmarkFileComplaint(b *testing.B) {
	a := newApp(b)
	h := a.Srv.Handler()
	form := "unit=PKM-31.72.01&kind=pengaduan&privacy=anonim&title=Antrean+tidak+tertib&body=Nomor+antrean+saya+dilewati+dua+kali+oleh+petugas.&email=warga%40example.com"
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := serve(h, http.MethodPost, "/pengaduan", formType, strings.NewReader(form))
			if rec.Code != http.StatusSeeOther {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
		}
	})
}

// The province's page with its map of all 267 kelurahan coloured by IKM
// (maps.go; the layout is cached, the figures are read per request).
func BenchmarkRegionMapProvince(b *testing.B) { benchGet(b, "/wilayah/31?peta=kelurahan") }
