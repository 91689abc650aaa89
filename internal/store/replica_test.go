package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

// replicatedDB opens a node on a real primary with its streaming replica
// (testutil.ReplicatedPostgres), migrated and with the sample units,
// caught up; its clock is *now.
func replicatedDB(t *testing.T, now *time.Time, maxLag time.Duration) (*store.DB, *testutil.Replicated) {
	t.Helper()
	rp := testutil.ReplicatedPostgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, rp.Primary)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return *now }
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	loadUnits(t, db)
	rp.WaitCaughtUp()
	if err := db.OpenReplica(ctx, rp.Replica, maxLag); err != nil {
		t.Fatal(err)
	}
	return db, rp
}

// activeUnits counts the active units as the read under ctx sees them.
func activeUnits(t *testing.T, ctx context.Context, db *store.DB) int {
	t.Helper()
	_, n, err := db.Units(ctx, store.UnitFilter{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return n
}

// TestReplicaReads runs a node with a real streaming replica: reads allowed
// on the replica are served there (a write it has not replayed is not seen
// there, but is on the primary), a session that wrote reads its write from
// the primary until the replica has replayed past it, the lag is measured in
// bytes and seconds, and when the replica stops the reads go to the primary
// and come back once it is started again, without reopening anything.
func TestReplicaReads(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	db, rp := replicatedDB(t, &now, 30*time.Second)
	ctx := context.Background()
	tick := func() { now = now.Add(store.ReplicaProbeEvery) }

	st := db.ReplicaStatus(ctx)
	if !st.Up || !st.Usable() || st.LagSeconds != 0 {
		t.Fatalf("caught-up replica: %+v", st)
	}
	before := activeUnits(t, ctx, db)
	onReplica := store.ReadReplica(ctx, 0)
	if got := activeUnits(t, onReplica, db); got != before {
		t.Fatalf("replica sees %d units, primary %d", got, before)
	}
	if r, p := db.ReplicaReads(); r != 2 || p != 0 { // count and page of one listing
		t.Fatalf("reads routed: replica %d, primary %d; want 2, 0", r, p)
	}

	// The replica stops applying the log: a write is on the primary only.
	rp.PauseReplay()
	pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetUnitActive(ctx, admin, pkm, false); err != nil {
		t.Fatal(err)
	}
	written, err := db.WriteLSN(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := activeUnits(t, ctx, db); got != before-1 {
		t.Fatalf("primary after the write: %d units, want %d", got, before-1)
	}
	if got := activeUnits(t, onReplica, db); got != before {
		t.Errorf("replica route before replay: %d units, want %d (the replica's view)", got, before)
	}
	// Read-your-writes: the session that wrote reads from the primary.
	mine := store.ReadReplica(ctx, written)
	if got := activeUnits(t, mine, db); got != before-1 {
		t.Errorf("the writing session: %d units, want its own write (%d)", got, before-1)
	}
	tick()
	st = db.ReplicaStatus(ctx)
	if !st.Up || st.LagBytes <= 0 || st.Replayed >= written {
		t.Errorf("paused replica: %+v, want lag in bytes and replayed before %s", st, written)
	}

	// Replayed: the writer's reads go back to the replica and see the write.
	rp.ResumeReplay()
	rp.WaitCaughtUp()
	tick()
	if st := db.ReplicaStatus(ctx); !st.Usable() || st.Replayed < written {
		t.Fatalf("caught up again: %+v", st)
	}
	r0, _ := db.ReplicaReads()
	if got := activeUnits(t, mine, db); got != before-1 {
		t.Errorf("after replay: %d units, want %d", got, before-1)
	}
	if r, _ := db.ReplicaReads(); r != r0+2 {
		t.Errorf("after replay the session's reads went to the primary (replica reads %d → %d)", r0, r)
	}

	// The replica stops: reads fall back to the primary, with no error.
	rp.StopReplica()
	tick()
	if st := db.ReplicaStatus(ctx); st.Up || st.Usable() || st.Err == nil {
		t.Fatalf("stopped replica: %+v", st)
	}
	_, p0 := db.ReplicaReads()
	if got := activeUnits(t, onReplica, db); got != before-1 {
		t.Errorf("replica down: %d units, want the primary's %d", got, before-1)
	}
	if _, p := db.ReplicaReads(); p != p0+2 {
		t.Errorf("replica down: reads not counted on the primary (%d → %d)", p0, p)
	}

	// It comes back: reads return to it at the next probe.
	rp.StartReplica()
	rp.WaitCaughtUp()
	tick()
	if st := db.ReplicaStatus(ctx); !st.Usable() {
		t.Fatalf("restarted replica: %+v", st)
	}
	r0, _ = db.ReplicaReads()
	if got := activeUnits(t, onReplica, db); got != before-1 {
		t.Errorf("replica back: %d units, want %d", got, before-1)
	}
	if r, _ := db.ReplicaReads(); r != r0+2 {
		t.Errorf("replica back: reads not served by it (%d → %d)", r0, r)
	}
}

// TestReplicaMaxLag: a replica further behind than the maximum lag is not
// used, and is used again once it caught up.
func TestReplicaMaxLag(t *testing.T) {
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	db, rp := replicatedDB(t, &now, time.Millisecond)
	ctx := context.Background()
	rp.PauseReplay()
	pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetUnitActive(ctx, admin, pkm, false); err != nil {
		t.Fatal(err)
	}
	// The lag in seconds is the replica's own clock since the last
	// transaction it replayed: look until it passed the millisecond.
	var st store.ReplicaStatus
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		now = now.Add(store.ReplicaProbeEvery)
		if st = db.ReplicaStatus(ctx); st.LagSeconds > 0.001 {
			break
		}
	}
	if !st.Up || st.Usable() || st.LagBytes <= 0 {
		t.Fatalf("lagging replica: %+v, want up but not usable", st)
	}
	_, p0 := db.ReplicaReads()
	activeUnits(t, store.ReadReplica(ctx, 0), db)
	if _, p := db.ReplicaReads(); p != p0+2 {
		t.Errorf("lagging replica still read (%d → %d)", p0, p)
	}
	rp.ResumeReplay()
	rp.WaitCaughtUp()
	now = now.Add(store.ReplicaProbeEvery)
	if st := db.ReplicaStatus(ctx); !st.Usable() {
		t.Errorf("caught up: %+v", st)
	}
}

// TestReplicaNeedsPostgres: SQLite has no replicas; asking for one is a
// clear error.
func TestReplicaNeedsPostgres(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "mutu.db"))
	err := db.OpenReplica(context.Background(), "postgres://replica/mutu", time.Second)
	if err == nil || !strings.Contains(err.Error(), "SQLite") || db.HasReplica() {
		t.Errorf("%v, want a clear error", err)
	}
}

func TestParseLSN(t *testing.T) {
	for s, want := range map[string]store.LSN{"0/0": 0, "0/16B3748": 0x16B3748, "16/B374D848": 0x16_B374D848, "FFFFFFFF/FFFFFFFF": 1<<64 - 1} {
		got, err := store.ParseLSN(s)
		if err != nil || got != want || got.String() != s {
			t.Errorf("%q: %v %v (%s)", s, got, err, got)
		}
	}
	for _, bad := range []string{"", "0", "/", "0/", "x/1", "1/2/3", "100000000/0", "-1/0"} {
		if _, err := store.ParseLSN(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
