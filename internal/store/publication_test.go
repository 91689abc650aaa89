package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// TestPublicationRegister: entries are added with their photo and an
// audit row, listed with their latest check, and removed (audited, kept
// but no longer listed or checked).
func TestPublicationRegister(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		u, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		svc := &u.Services[0]
		web := standard.Publication{Kind: standard.Website, URL: "https://dukcapil.jakarta.go.id/standar/ktp", SeenOn: now}
		if err := db.AddPublication(ctx, admin, u, svc, &web, nil); err != nil {
			t.Fatal(err)
		}
		photo := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "papan.jpg", ContentType: "image/jpeg", Size: 10, SHA256: "ab"}, Kind: "photo"}
		board := standard.Publication{Kind: standard.Board, SeenOn: now.AddDate(0, 0, -3)}
		if err := db.AddPublication(ctx, admin, u, svc, &board, []store.EvidenceFile{photo}); err != nil {
			t.Fatal(err)
		}
		ps, err := db.UnitPublications(ctx, u.ID)
		if err != nil || len(ps) != 2 {
			t.Fatalf("register %+v, %v", ps, err)
		}
		if ps[0].ID != web.ID || ps[0].URL != web.URL || ps[0].CreatedBy != admin.Name || !ps[0].CreatedAt.Equal(now) || !ps[0].Check.At.IsZero() ||
			ps[1].ID != board.ID || ps[1].SeenOn.Format(time.DateOnly) != "2026-11-30" {
			t.Errorf("register %+v", ps)
		}
		files, err := db.Evidence(ctx, u.ID, store.OwnerPublication)
		if err != nil || len(files[board.ID]) != 1 {
			t.Errorf("photo %+v, %v", files, err)
		}
		// Only the website is due: a board has nothing to fetch.
		due, err := db.ClaimDuePublications(ctx, "t1", now, time.Minute, 10)
		if err != nil || len(due) != 1 || due[0].ID != web.ID {
			t.Fatalf("due %+v, %v", due, err)
		}
		check := standard.LinkCheck{At: now, Status: 200, Millis: 120, Version: 1, Names: standard.NamesYes}
		if ok, err := db.RecordPublicationCheck(ctx, &due[0], "t1", check, now.Add(24*time.Hour)); !ok || err != nil {
			t.Fatalf("record %v, %v", ok, err)
		}
		ps, _ = db.UnitPublications(ctx, u.ID)
		if ps[0].Check != check {
			t.Errorf("latest check %+v, want %+v", ps[0].Check, check)
		}

		if err := db.RemovePublication(ctx, admin, u, web.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RemovePublication(ctx, admin, u, web.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("second removal: %v, want not found", err)
		}
		if ps, _ := db.UnitPublications(ctx, u.ID); len(ps) != 1 || ps[0].ID != board.ID {
			t.Errorf("after removal %+v", ps)
		}
		if due, _ := db.ClaimDuePublications(ctx, "t2", now.Add(48*time.Hour), time.Minute, 10); len(due) != 0 {
			t.Errorf("a removed entry was claimed: %+v", due)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, e := range entries {
			if e.ObjectType == "publication" {
				acts = append(acts, e.Action+" "+e.ActorName)
			}
		}
		slices.Sort(acts)
		if want := []string{"publication.add tester", "publication.add tester", "publication.remove tester"}; !slices.Equal(acts, want) {
			t.Errorf("audit %v, want %v", acts, want)
		}
	})
}

// TestClaimPublicationsOnce: two checkers claiming at the same moment
// share the due entries, each entry going to exactly one; a claimed entry
// is not claimed again while its lease runs, is again after the lease of
// a checker that died, and a check made under a lost lease is not
// recorded.
func TestClaimPublicationsOnce(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		u, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		const n = 12
		for i := range n {
			p := standard.Publication{Kind: standard.Social, URL: "https://example.org/p/" + string(rune('a'+i)), SeenOn: now}
			if err := db.AddPublication(ctx, admin, u, &u.Services[i%len(u.Services)], &p, nil); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		got := make([][]standard.Publication, 2)
		errc := make([]error, 2)
		for w := range 2 {
			wg.Go(func() {
				got[w], errc[w] = db.ClaimDuePublications(ctx, []string{"node-a", "node-b"}[w], now, time.Minute, n)
			})
		}
		wg.Wait()
		seen := map[string]int{}
		for w := range 2 {
			if errc[w] != nil {
				t.Fatal(errc[w])
			}
			for _, p := range got[w] {
				seen[p.ID]++
			}
		}
		if len(seen) != n {
			t.Errorf("%d entries claimed, want %d (a: %d, b: %d)", len(seen), n, len(got[0]), len(got[1]))
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("%s claimed %d times", id, c)
			}
		}
		if again, _ := db.ClaimDuePublications(ctx, "node-c", now.Add(30*time.Second), time.Minute, n); len(again) != 0 {
			t.Errorf("%d entries claimed again during their lease", len(again))
		}
		// node-a died: after its lease, its entries are claimed anew, and
		// its late result is not recorded over the new claim.
		later := now.Add(2 * time.Minute)
		again, err := db.ClaimDuePublications(ctx, "node-c", later, time.Minute, n)
		if err != nil || len(again) != n {
			t.Fatalf("after the lease: %d claimed, %v", len(again), err)
		}
		if len(got[0]) > 0 {
			if ok, err := db.RecordPublicationCheck(ctx, &got[0][0], "node-a", standard.LinkCheck{At: now, Status: 500}, later); ok || err != nil {
				t.Errorf("a check under a lost lease was recorded (%v, %v)", ok, err)
			}
		}
		for i := range again {
			if ok, err := db.RecordPublicationCheck(ctx, &again[i], "node-c", standard.LinkCheck{At: later, Status: 200}, later.Add(time.Hour)); !ok || err != nil {
				t.Fatalf("record %v, %v", ok, err)
			}
		}
		if due, _ := db.ClaimDuePublications(ctx, "node-d", later.Add(time.Minute), time.Minute, n); len(due) != 0 {
			t.Errorf("%d entries due again before their next check", len(due))
		}
		if due, _ := db.ClaimDuePublications(ctx, "node-d", later.Add(time.Hour), time.Minute, n); len(due) != n {
			t.Errorf("%d entries due after the interval, want %d", len(due), n)
		}
	})
}
