package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestThroughPgbouncer: two nodes reach PostgreSQL through a real
// pgbouncer in transaction mode (two server connections shared by all) with
// MUTU_DB_POOLER=transaction: they migrate together, then write responses
// (the batch path, which prepares statements on a direct connection),
// take tokens and leases at once, with no "prepared statement" error.
func TestThroughPgbouncer(t *testing.T) {
	via := testutil.Pgbouncer(t, testutil.Postgres(t))
	dsn, err := store.PoolerDSN(via, store.PoolerTransaction)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var nodes []*store.DB
	for range 2 {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if !db.Pooled() {
			t.Fatal("the pooler mode was not taken from the URL")
		}
		nodes = append(nodes, db)
	}
	var wg sync.WaitGroup
	errc := make(chan error, 100)
	for _, db := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.Migrate(ctx); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatalf("migrate through pgbouncer: %v", err)
	}
	loadUnits(t, nodes[0])
	pkm, err := nodes[1].UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	errc = make(chan error, 400)
	for i, db := range nodes {
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range 10 {
					r := response(pkm, at, 4, 4, 3, 4, 4, 3, 4, 4, 4)
					r.Idempotency = fmt.Sprintf("n%d-g%d-k%d", i, g, k)
					if _, err := db.SubmitResponse(ctx, r); err != nil {
						errc <- fmt.Errorf("submit: %w", err)
					}
					if _, _, err := db.TakeToken(ctx, "public", fmt.Sprint(g), 100, 1, at); err != nil {
						errc <- err
					}
					if _, err := db.TakeLease(ctx, "sweep", fmt.Sprint(i), at, time.Minute); err != nil {
						errc <- err
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}
