package jobs

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestLeaseRunsOnOneNode: two nodes run the same job every five minutes on
// one database; only the lease holder runs it. When the holder stops (it
// dies: no more looks, no renewal), the other runs it within the lease time
// of the holder's last renewal, and then keeps the job's interval. On both
// engines, with the clock injected.
func TestLeaseRunsOnOneNode(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "mutu.db")
			if engine == "postgres" {
				dsn = testutil.Postgres(t)
			}
			t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
			at := t0
			now := func() time.Time { return at }
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			type node struct {
				lease *Lease
				last  time.Time
				runs  int
			}
			var nodes []*node
			for _, name := range []string{"A", "B"} {
				db, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				nodes = append(nodes, &node{lease: &Lease{DB: db, Log: log, Node: name}})
			}
			a, b := nodes[0], nodes[1]
			look := func(n *node, after time.Duration) {
				at = t0.Add(after)
				n.lease.step(ctx, "sweep", 5*time.Minute, now, &n.last, func() { n.runs++ })
			}
			look(a, 0)
			look(b, 0)
			look(a, 15*time.Second) // renews until 60 s, not yet due again
			look(b, 15*time.Second)
			look(b, 30*time.Second)
			look(b, 45*time.Second)
			if a.runs != 1 || b.runs != 0 {
				t.Fatalf("while A holds the lease: A ran %d times, B %d; want 1, 0", a.runs, b.runs)
			}
			// A died after its look at 15 s; B looks every 15 s.
			look(b, 60*time.Second)
			if b.runs != 1 {
				t.Fatalf("B ran %d times after A's lease expired; want 1", b.runs)
			}
			look(b, 75*time.Second)
			look(b, 5*time.Minute+59*time.Second)
			if b.runs != 1 {
				t.Fatalf("B ran %d times before the interval passed; want 1", b.runs)
			}
			look(b, 6*time.Minute)
			if b.runs != 2 {
				t.Fatalf("B ran %d times after the interval; want 2", b.runs)
			}
			// A comes back: B holds the lease now.
			look(a, 6*time.Minute+time.Second)
			if a.runs != 1 {
				t.Fatalf("A ran again while B holds the lease: %d runs", a.runs)
			}
		})
	}
}
