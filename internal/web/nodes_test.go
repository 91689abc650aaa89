package web_test

import (
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/web"
)

// TestRateLimitAcrossNodes: a client whose requests alternate between two
// app nodes on one database gets the public limit once (a bucket of 30),
// not once per node. On both engines.
func TestRateLimitAcrossNodes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "mutu.db")
			if engine == "postgres" {
				dsn = testutil.Postgres(t)
			}
			limit := func(c *web.Config) { c.RateLimit = 10 }
			a := newAppOn(t, seededDB(t, dsn), limit)
			other, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			b := newAppOn(t, other, limit)
			for i := range 30 {
				node := []*app{a, b}[i%2]
				if res := node.get(t, nil, "/api/v1/units/DKP-31.72"); res.StatusCode != 200 {
					t.Fatalf("request %d: %d %s", i+1, res.StatusCode, res.Body)
				}
			}
			for name, node := range map[string]*app{"a": a, "b": b} {
				res := node.get(t, nil, "/api/v1/units/DKP-31.72")
				if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" {
					t.Errorf("node %s after 30 requests on both: %d, Retry-After %q", name, res.StatusCode, res.Header.Get("Retry-After"))
				}
				wantRateLimit(t, "over the limit on node "+name, res, "30", "0", "3")
			}
		})
	}
}

// TestCachesAcrossNodes: what one node keeps in memory shows a change made
// through another node on the same database within its stated bound
// (docs/scaling.md): the holiday calendar within a minute, the service
// directory at once. On both engines.
func TestCachesAcrossNodes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "mutu.db")
			if engine == "postgres" {
				dsn = testutil.Postgres(t)
			}
			a := newAppOn(t, seededDB(t, dsn))
			other, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			b := newAppOn(t, other)

			// The calendar: a day off added on node b.
			pa := a.login(t, "admin")
			if res := a.get(t, pa, "/kelola/libur?tahun=2026"); res.StatusCode != 200 || !strings.Contains(res.Body, "2026-12-25") {
				t.Fatalf("calendar page on node a: %d", res.StatusCode)
			}
			if res := b.post(t, b.login(t, "admin"), "/kelola/libur", url.Values{"date": {"2026-12-28"}, "name": {"Cuti bersama tambahan"}, "kind": {"cuti_bersama"}}); res.StatusCode != 303 {
				t.Fatalf("add on node b: %d %s", res.StatusCode, res.Body)
			}
			a.advance(time.Minute)
			if res := a.get(t, pa, "/kelola/libur?tahun=2026"); res.StatusCode != 200 || !strings.Contains(res.Body, "Cuti bersama tambahan") {
				t.Errorf("a minute after node b added a day off, node a does not list it (%d)", res.StatusCode)
			}

			// The directory: a unit renamed on node b is found on node a.
			if got := hitsOf(t, a.get(t, nil, "/layanan?q=akta")); len(got) == 0 {
				t.Fatal("directory on node a: no hits for akta")
			}
			u, err := other.UnitByCode(context.Background(), "DKP-31.72")
			if err != nil {
				t.Fatal(err)
			}
			u.Services[0].Name = "Layanan Zamrudkatulistiwa"
			if err := other.SaveService(context.Background(), audit.CLI, u, &u.Services[0]); err != nil {
				t.Fatal(err)
			}
			if got := hitsOf(t, a.get(t, nil, "/layanan?q=zamrudkatulistiwa")); len(got) != 1 {
				t.Errorf("directory on node a after a service renamed on node b: %q", got)
			}
		})
	}
}
