package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

// twoNodes runs fn on each engine with two handles on one database, as two
// app nodes have.
func twoNodes(t *testing.T, fn func(t *testing.T, a, b *store.DB)) {
	t.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var dsn string
			if engine == "sqlite" {
				dsn = filepath.Join(t.TempDir(), "mutu.db")
			} else {
				dsn = testutil.Postgres(t)
			}
			fn(t, open(t, dsn), open(t, dsn))
		})
	}
}

// TestLeaseOneHolderTakeover: of two nodes, the first to ask holds a job's
// lease and keeps it while it renews; the other gets it only once the
// holder stopped renewing and the lease expired, and at once when the
// holder releases it. On both engines, with the clock injected.
func TestLeaseOneHolderTakeover(t *testing.T) {
	twoNodes(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
		ttl := 45 * time.Second
		take := func(db *store.DB, node string, at time.Duration) bool {
			t.Helper()
			ok, err := db.TakeLease(ctx, "sweep", node, t0.Add(at), ttl)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !take(a, "A", 0) {
			t.Fatal("A did not get a free lease")
		}
		if take(b, "B", time.Second) {
			t.Fatal("B got the lease A holds")
		}
		if !take(a, "A", 15*time.Second) { // renewed until 60 s
			t.Fatal("A could not renew")
		}
		if take(b, "B", 50*time.Second) {
			t.Fatal("B got the lease A renewed")
		}
		if ok, err := b.TakeLease(ctx, "links", "B", t0.Add(50*time.Second), ttl); err != nil || !ok {
			t.Fatalf("B did not get the lease on another job: %v, %v", ok, err)
		}
		// A dies: no renewal after 15 s. At 60 s the lease has expired.
		if !take(b, "B", 60*time.Second) {
			t.Fatal("B did not take over the expired lease")
		}
		if take(a, "A", 61*time.Second) {
			t.Fatal("A came back and took B's lease")
		}
		if holder, until, err := a.LeaseHolder(ctx, "sweep"); err != nil || holder != "B" || !until.Equal(t0.Add(105*time.Second)) {
			t.Fatalf("holder %q until %v, %v", holder, until, err)
		}
		if err := b.ReleaseLease(ctx, "sweep", "B"); err != nil {
			t.Fatal(err)
		}
		if !take(a, "A", 62*time.Second) {
			t.Fatal("A did not get the released lease")
		}
	})
}

// TestTokensAcrossNodes: a client whose requests alternate between two
// nodes gets one bucket, not one per node; it refills with time, and
// another client or another limit has its own.
func TestTokensAcrossNodes(t *testing.T) {
	twoNodes(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
		take := func(db *store.DB, limit, client string, at time.Duration) (bool, float64) {
			t.Helper()
			ok, left, err := db.TakeToken(ctx, limit, client, 4, 0.5, t0.Add(at))
			if err != nil {
				t.Fatal(err)
			}
			return ok, left
		}
		for i, db := range []*store.DB{a, b, a, b} {
			if ok, left := take(db, "public", "10.0.0.1", 0); !ok || left != float64(3-i) {
				t.Fatalf("request %d: ok %v, %v left", i+1, ok, left)
			}
		}
		if ok, _ := take(a, "public", "10.0.0.1", 0); ok {
			t.Fatal("fifth request on node A allowed: the bucket is per node")
		}
		if ok, _ := take(b, "public", "10.0.0.1", time.Second); ok {
			t.Fatal("allowed with half a token")
		}
		if ok, _ := take(b, "public", "10.0.0.2", time.Second); !ok {
			t.Fatal("another client refused")
		}
		if ok, _ := take(b, "device", "10.0.0.1", time.Second); !ok {
			t.Fatal("another limit refused")
		}
		if ok, left := take(b, "public", "10.0.0.1", 2*time.Second); !ok || left != 0 {
			t.Fatalf("after 2 s at 0.5/s: ok %v, %v left", ok, left)
		}
		// A node whose clock is behind neither refills nor breaks the bucket.
		if ok, _ := take(a, "public", "10.0.0.1", time.Second); ok {
			t.Fatal("a late clock refilled the bucket")
		}
		if ok, left := take(a, "public", "10.0.0.1", time.Hour); !ok || left != 3 {
			t.Fatalf("an hour later: ok %v, %v left (want full less one)", ok, left)
		}
		if n, err := a.PruneRateBuckets(ctx, t0.Add(time.Minute)); err != nil || n != 2 {
			t.Fatalf("pruned %d, %v; want the two idle buckets", n, err)
		}
	})
}

// TestMigrateTogether: nodes that start together on one new PostgreSQL
// database migrate it once; each returns without error.
func TestMigrateTogether(t *testing.T) {
	dsn := testutil.Postgres(t)
	ctx := context.Background()
	const nodes = 3
	var wg sync.WaitGroup
	ran := make([]int, nodes)
	errc := make([]error, nodes)
	for i := range nodes {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		wg.Add(1)
		go func() {
			defer wg.Done()
			ran[i], errc[i] = db.Migrate(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range nodes {
		if errc[i] != nil {
			t.Fatalf("node %d: %v", i, errc[i])
		}
		total += ran[i]
	}
	db := open(t, dsn)
	if n, err := db.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("again: %d, %v", n, err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if total != len(files) {
		t.Fatalf("the nodes ran %d migrations in all, there are %d: some ran twice", total, len(files))
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var rows, versions int
	if err := raw.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&rows, &versions); err != nil {
		t.Fatal(err)
	}
	if rows != len(files) || versions != len(files) {
		t.Fatalf("goose_db_version: %d rows, %d versions, want %d", rows, versions, len(files))
	}
}

// TestUnitCacheBound: a unit renamed through another node is seen within
// the unit cache's 30 s by the database clock (docs/scaling.md), and at once
// when renamed through this node.
func TestUnitCacheBound(t *testing.T) {
	twoNodes(t, func(t *testing.T, a, b *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
		at := t0
		a.Now = func() time.Time { return at }
		b.Now = a.Now
		loadUnits(t, a)
		u, err := a.UnitByCode(ctx, "PKM-31.72.01") // cached on a
		if err != nil {
			t.Fatal(err)
		}
		u.Name = "Puskesmas Baru"
		if err := b.UpdateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		at = t0.Add(30 * time.Second)
		if got, err := a.UnitByCode(ctx, "PKM-31.72.01"); err != nil || got.Name != "Puskesmas Baru" {
			t.Fatalf("30 s after the rename through node b, node a sees %q (%v)", got.Name, err)
		}
		u.Name = "Puskesmas Lagi"
		if err := a.UpdateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.UnitByCode(ctx, "PKM-31.72.01"); got.Name != "Puskesmas Lagi" {
			t.Fatalf("renamed through node a itself, it sees %q", got.Name)
		}
	})
}

// BenchmarkTakeToken is the cost the shared rate limit adds to a limited
// request (docs/performance.md): one upsert, on each engine.
func BenchmarkTakeToken(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "mutu.db")
			if engine == "postgres" {
				dsn = testutil.Postgres(b)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(context.Background()); err != nil {
				b.Fatal(err)
			}
			at := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
			for i := 0; b.Loop(); i++ {
				if _, _, err := db.TakeToken(context.Background(), "public", fmt.Sprint(i%1000), 30, 10, at.Add(time.Duration(i)*time.Millisecond)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
