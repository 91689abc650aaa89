package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// benchDashboard serves /dasbor to a signed-in user in process, in parallel.
func benchDashboard(b *testing.B, user string) {
	a := newApp(b)
	c := a.login(b, user)
	u, _ := url.Parse(a.URL)
	cookies := c.Jar.Cookies(u)
	h := a.Srv.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rec := serve(h, http.MethodGet, "/dasbor", "", nil, cookies...); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d", user, rec.Code)
			}
		}
	})
}

func BenchmarkDashboardLeader(b *testing.B)   { benchDashboard(b, "pimpinan.dki") }
func BenchmarkDashboardAdmin(b *testing.B)    { benchDashboard(b, "admin") }
func BenchmarkDashboardOperator(b *testing.B) { benchDashboard(b, "operator.pkm") }
