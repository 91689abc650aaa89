package web_test

import (
	"context"
	"path/filepath"
	"testing"

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
