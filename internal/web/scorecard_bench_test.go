package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// benchScorecard serves a scorecard to a signed-in user in process, in
// parallel (bench/scorecard.sh times it on the large dataset).
func benchScorecard(b *testing.B, user, path string) {
	a := newApp(b)
	c := a.login(b, user)
	u, _ := url.Parse(a.URL)
	cookies := c.Jar.Cookies(u)
	h := a.Srv.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rec := serve(h, http.MethodGet, path, "", nil, cookies...); rec.Code != http.StatusOK {
				b.Fatalf("%s %s: %d", user, path, rec.Code)
			}
		}
	})
}

func BenchmarkScorecardProvince(b *testing.B) { benchScorecard(b, "pimpinan.dki", "/kelola/rapor/31") }
func BenchmarkScorecardCity(b *testing.B)     { benchScorecard(b, "pimpinan.jakut", "/kelola/rapor/31.72") }
