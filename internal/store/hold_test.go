package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/unit"
)

// webResponse is an anonymous web response from addr with a fresh device
// (a client without cookies), answers given by i.
func webResponse(u *unit.Unit, at time.Time, addr string, i int) *skm.Response {
	r := response(u, at, 1+i%4, 1+i/4%4, 1+i/16%4, 4, 4, 4, 4, 4, 4)
	r.Client, r.Device = addr, fmt.Sprintf("dev-%s-%d-%d", addr, i, at.UnixNano())
	return r
}

func monthTally(t *testing.T, db *store.DB, u *unit.Unit) skm.Tally {
	t.Helper()
	rows, err := db.Tallies(context.Background(), store.TallyQuery{Range: skm.Range{From: "2026-03-01", To: "2026-03-31"}, Instrument: skm.Current, UnitIDs: []string{u.ID}})
	if err != nil {
		t.Fatal(err)
	}
	tally, _ := store.Pooled(rows).Tally(9)
	return tally
}

func TestHoldOverHourlyThreshold(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.74")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		// A shared address (a Puskesmas Wi-Fi): 20 different answers in an
		// hour all count; the 21st is held.
		for i := range 21 {
			r := webResponse(pkm, at.Add(time.Duration(i)*time.Minute), "10.0.0.1", i)
			switch i {
			case 0:
				r.Saran = "saran dari tanggapan yang dihitung"
			case 20:
				r.Saran = "saran dari tanggapan yang ditahan"
			}
			out, err := db.SubmitResponse(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			want := skm.HoldReason("")
			if i == 20 {
				want = skm.HeldRate
			}
			if out.Held != want || out.ID == "" {
				t.Fatalf("response %d: %+v, want held %q", i+1, out, want)
			}
		}
		if n := monthTally(t, db, pkm).Respondents; n != 20 {
			t.Errorf("IKM counts %d responses, want 20 (the held one excluded)", n)
		}
		// Another address, another unit, the next hour, and authenticated
		// channels (no client address) are counted afresh.
		for _, r := range []*skm.Response{
			webResponse(pkm, at.Add(30*time.Minute), "10.0.0.2", 1),
			webResponse(ptsp, at.Add(30*time.Minute), "10.0.0.1", 1),
			webResponse(pkm, at.Add(time.Hour), "10.0.0.1", 30),
			func() *skm.Response {
				r := webResponse(pkm, at.Add(40*time.Minute), "", 31)
				r.Channel = skm.Kiosk
				return r
			}(),
		} {
			if out, err := db.SubmitResponse(ctx, r); err != nil || out.Held != "" {
				t.Errorf("%s from %q at %s: %+v %v, want counted", r.UnitID, r.Client, r.SubmittedAt, out, err)
			}
		}
		counts, err := db.HeldCounts(ctx, pkm.ID)
		if err != nil || counts[skm.HeldRate] != 1 || len(counts) != 1 {
			t.Errorf("held counts: %v %v", counts, err)
		}
		// The held response's suggestion is not shown; a counted one is.
		if saran, err := db.LatestSaran(ctx, pkm.ID, 10); err != nil || len(saran) != 1 || saran[0].Text != "saran dari tanggapan yang dihitung" {
			t.Errorf("suggestions: %+v %v, want only the counted response's", saran, err)
		}
		// The held response is not in the report's processing sheet.
		sheet, err := db.ResponsesInRange(ctx, pkm.ID, skm.Range{From: "2026-03-01", To: "2026-03-31"})
		if err != nil || len(sheet) != 23 {
			t.Errorf("processing sheet: %d rows, want 23 (%v)", len(sheet), err)
		}
	})
}

func TestHoldBurstOfIdenticalAnswers(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		// Window starts are multiples of ten minutes: 03:10 UTC opens one.
		start := time.Date(2026, 3, 2, 3, 10, 0, 0, time.UTC)
		submit := func(at time.Time, addr string, i int) skm.HoldReason {
			t.Helper()
			r := webResponse(pkm, at, addr, 0)
			r.Device = fmt.Sprintf("dev-%d", i)
			out, err := db.SubmitResponse(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			return out.Held
		}
		// Three identical answer vectors pass; the fourth within the window
		// (here across the boundary: two before 03:20, two after) is held.
		for i, at := range []time.Time{start.Add(8 * time.Minute), start.Add(9 * time.Minute), start.Add(10 * time.Minute)} {
			if h := submit(at, "10.0.0.9", i); h != "" {
				t.Fatalf("identical answer %d held: %q", i+1, h)
			}
		}
		if h := submit(start.Add(11*time.Minute), "10.0.0.9", 3); h != skm.HeldBurst {
			t.Fatalf("fourth identical answer: %q, want burst", h)
		}
		// The same answers from another address count.
		if h := submit(start.Add(11*time.Minute), "10.0.0.10", 4); h != "" {
			t.Errorf("other address held: %q", h)
		}
		// Two windows later the earlier ones no longer weigh.
		if h := submit(start.Add(30*time.Minute), "10.0.0.9", 5); h != "" {
			t.Errorf("identical answer 20 minutes on held: %q", h)
		}
	})
}

func TestReleaseAndDiscardHeld(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Holds = skm.HoldPolicy{PerHour: 2, Burst: 10}
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		var held []string
		want := skm.NewTally(9)
		for i := range 6 {
			r := webResponse(pkm, at.Add(time.Duration(i)*time.Minute), "10.0.0.1", i)
			out, err := db.SubmitResponse(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if out.Held == "" {
				want.Add(r.Answers)
			} else {
				held = append(held, out.ID)
			}
		}
		if len(held) != 4 {
			t.Fatalf("held %d, want 4", len(held))
		}
		if got := monthTally(t, db, pkm); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("before release: %v, want %v", got, want)
		}
		list, err := db.HeldResponses(ctx, pkm.ID, "")
		if err != nil || len(list) != 4 || list[0].ID != held[0] || list[0].Reason != skm.HeldRate || list[0].Answers[0] == 0 || list[0].Service == "" {
			t.Fatalf("held list: %+v %v", list, err)
		}
		// Nothing selected, or another unit's ids: refused, nothing changes.
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.74")
		if _, err := db.ReleaseHeld(ctx, admin, "31.74", store.HeldSelection{UnitID: ptsp.ID, IDs: held}); !errs.Is(err, errs.Invalid) {
			t.Errorf("release of another unit's responses: %v", err)
		}
		if _, err := db.ReleaseHeld(ctx, admin, "31.72", store.HeldSelection{UnitID: pkm.ID}); !errs.Is(err, errs.Invalid) {
			t.Errorf("release of nothing: %v", err)
		}
		// Release two: the tally grows by exactly their answers.
		n, err := db.ReleaseHeld(ctx, admin, "31.72", store.HeldSelection{UnitID: pkm.ID, IDs: held[:2]})
		if err != nil || n != 2 {
			t.Fatalf("release: %d %v", n, err)
		}
		for _, r := range list[:2] {
			want.Add(r.Answers[:9])
		}
		if got := monthTally(t, db, pkm); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after release: %v, want %v", got, want)
		}
		// Discard the rest ("all matching"): stored no more, tally unchanged.
		n, err = db.DiscardHeld(ctx, admin, "31.72", store.HeldSelection{UnitID: pkm.ID, Reason: skm.HeldRate, All: true})
		if err != nil || n != 2 {
			t.Fatalf("discard: %d %v", n, err)
		}
		if got := monthTally(t, db, pkm); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after discard: %v, want %v", got, want)
		}
		if _, err := db.Response(ctx, pkm.ID, held[3]); !errs.Is(err, errs.NotFound) {
			t.Errorf("discarded response still stored: %v", err)
		}
		if counts, _ := db.HeldCounts(ctx, pkm.ID); len(counts) != 0 {
			t.Errorf("held after release and discard: %v", counts)
		}
		for _, action := range []string{"skm.held.release", "skm.held.discard"} {
			entries, err := db.AuditLog(ctx, store.AuditFilter{Action: action})
			if err != nil || len(entries) != 1 || entries[0].UnitID != pkm.ID || entries[0].Detail == "" {
				t.Errorf("audit %s: %+v %v", action, entries, err)
			}
		}
	})
}

// TestReleaseAddsExactly compares the IKM tally before and after a release
// with the released responses' own answers.
func TestReleaseAddsExactly(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Holds = skm.HoldPolicy{PerHour: 1}
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		var heldAnswers [][]int
		for i := range 5 {
			r := webResponse(pkm, at.Add(time.Duration(i)*time.Minute), "10.0.0.1", i*5)
			out, err := db.SubmitResponse(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			if out.Held != "" {
				heldAnswers = append(heldAnswers, r.Answers)
			}
		}
		before := monthTally(t, db, pkm)
		if before.Respondents != 1 || len(heldAnswers) != 4 {
			t.Fatalf("before: %v, %d held", before, len(heldAnswers))
		}
		if n, err := db.ReleaseHeld(ctx, admin, "31.72", store.HeldSelection{UnitID: pkm.ID, All: true}); err != nil || n != 4 {
			t.Fatalf("release all: %d %v", n, err)
		}
		want := before
		want.Sum, want.N = append([]int64(nil), before.Sum...), append([]int64(nil), before.N...)
		for _, a := range heldAnswers {
			want.Add(a)
		}
		if got := monthTally(t, db, pkm); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after release: %v, want %v", got, want)
		}
		// Released once only.
		if _, err := db.ReleaseHeld(ctx, admin, "31.72", store.HeldSelection{UnitID: pkm.ID, All: true}); !errs.Is(err, errs.Invalid) {
			t.Errorf("second release: %v", err)
		}
	})
}

// TestHoldConcurrentNodes posts from many goroutines through two database
// handles at once (two app nodes): no more than the threshold pass unheld.
func TestHoldConcurrentNodes(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := open(t, dsn), open(t, dsn)
		loadUnits(t, a)
		pkm, _ := a.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var mu sync.Mutex
		counted := 0
		for i := range 40 {
			db := a
			if i%2 == 1 {
				db = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := db.SubmitResponse(ctx, webResponse(pkm, at, "10.0.0.1", i))
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Error(err)
				} else if out.Held == "" {
					counted++
				}
			}()
		}
		wg.Wait()
		if counted != 20 {
			t.Errorf("%d of 40 counted, want exactly 20", counted)
		}
		if n := monthTally(t, a, pkm).Respondents; n != 20 {
			t.Errorf("tally %d, want 20", n)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "mutu.db")) })
	t.Run("postgres", func(t *testing.T) { run(t, testutil.Postgres(t)) })
}

func TestPruneClientCounts(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		if _, err := db.SubmitResponse(ctx, webResponse(pkm, at, "10.0.0.1", 1)); err != nil {
			t.Fatal(err)
		}
		if n, err := db.PruneClientCounts(ctx, at); err != nil || n != 0 {
			t.Errorf("prune of current counters: %d %v", n, err)
		}
		if n, err := db.PruneClientCounts(ctx, at.Add(2*time.Hour)); err != nil || n != 2 {
			t.Errorf("prune of old counters: %d %v, want the hour's and the window's", n, err)
		}
	})
}
