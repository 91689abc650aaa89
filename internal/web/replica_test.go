package web_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/region"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/unit"
)

// replicaApp serves a node on a real primary with its streaming replica
// (regions and the sample units, caught up).
func replicaApp(t *testing.T) (*app, *testutil.Replicated) {
	t.Helper()
	rp := testutil.ReplicatedPostgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, rp.Primary)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return testNow }
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rs, err := region.ParseCSV(bytes.NewReader(seed.DKIRegions()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertRegions(ctx, audit.CLI, rs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := unit.Import(ctx, db, audit.CLI, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
		t.Fatal(err)
	}
	rp.WaitCaughtUp()
	if err := db.OpenReplica(ctx, rp.Replica, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return newAppOn(t, db), rp
}

var respondentsRe = regexp.MustCompile(`"respondents":(\d+)`)

// respondents reads the unit's respondents of 2026 from the public API (a
// replica route) with client c (nil: a new one, with no cookie).
func respondents(t *testing.T, a *app, c *http.Client) int {
	t.Helper()
	res := a.get(t, c, "/api/v1/units/PKM-31.72.01/ikm?from=2026-01-01&to=2026-12-31")
	m := respondentsRe.FindStringSubmatch(res.Body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("ikm: %d %s", res.StatusCode, res.Body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// metric returns the value of the series line that starts with name in
// /metrics.
func metric(t *testing.T, a *app, name string) float64 {
	t.Helper()
	res := a.get(t, nil, "/metrics")
	for line := range strings.SplitSeq(res.Body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("/metrics (%d) has no %s", res.StatusCode, name)
	return 0
}

// health returns /healthz's status and its replica field.
func health(t *testing.T, a *app) (string, string) {
	t.Helper()
	res := a.get(t, nil, "/healthz")
	if res.StatusCode != 200 {
		t.Fatalf("healthz: %d %s, want 200", res.StatusCode, res.Body)
	}
	st := regexp.MustCompile(`"status":"(\w+)"`).FindStringSubmatch(res.Body)
	rep := regexp.MustCompile(`"replica":"(\w+)"`).FindStringSubmatch(res.Body)
	if st == nil || rep == nil {
		t.Fatalf("healthz: %s", res.Body)
	}
	return st[1], rep[1]
}

// TestReplicaReadYourWrites: with a real streaming replica, public reads
// come from the replica; a citizen who just answered the survey reads their
// own answer (from the primary, by the position cookie) while the replica
// has not replayed it, and from the replica once it has; the lag is in
// /metrics; when the replica stops, /healthz says degraded (200) and the
// pages keep answering from the primary, and all is back when it starts.
func TestReplicaReadYourWrites(t *testing.T) {
	a, rp := replicaApp(t)
	if st, rep := health(t, a); st != "ok" || rep != "ok" {
		t.Fatalf("healthz: %s, replica %s", st, rep)
	}
	if metric(t, a, "mutu_db_replica_up") != 1 {
		t.Error("replica not up in /metrics")
	}
	before := respondents(t, a, nil)
	if metric(t, a, `mutu_db_replica_reads_total{pool="replica"}`) == 0 {
		t.Error("a public read did not go to the replica")
	}

	rp.PauseReplay()
	c := a.client(t)
	// A refused answer writes nothing and sets no position.
	bad := answers(4)
	bad.Del("u3")
	if res := a.post(t, c, "/s/PKM-31.72.01", bad); res.StatusCode != 422 || strings.Contains(res.Header.Get("Set-Cookie"), "mutu_lsn") {
		t.Fatalf("refused answer: %d, cookies %q", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
	res := a.post(t, c, "/s/PKM-31.72.01", answers(4))
	if res.StatusCode != 303 || !strings.Contains(strings.Join(res.Header.Values("Set-Cookie"), ";"), "mutu_lsn=") {
		t.Fatalf("answer: %d, cookies %q", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
	if got := respondents(t, a, c); got != before+1 {
		t.Errorf("the citizen reads %d respondents, want their own answer counted (%d)", got, before+1)
	}
	if got := respondents(t, a, nil); got != before {
		t.Errorf("another client reads %d respondents, want the paused replica's %d", got, before)
	}
	a.advance(store.ReplicaProbeEvery)
	if lag := metric(t, a, "mutu_db_replica_lag_bytes"); lag <= 0 {
		t.Errorf("lag of a paused replica: %v bytes", lag)
	}

	rp.ResumeReplay()
	rp.WaitCaughtUp()
	a.advance(store.ReplicaProbeEvery)
	if st, rep := health(t, a); st != "ok" || rep != "ok" {
		t.Errorf("caught up: %s, replica %s", st, rep)
	}
	onReplica := metric(t, a, `mutu_db_replica_reads_total{pool="replica"}`)
	if got := respondents(t, a, c); got != before+1 {
		t.Errorf("after replay: %d, want %d", got, before+1)
	}
	if metric(t, a, `mutu_db_replica_reads_total{pool="replica"}`) <= onReplica {
		t.Error("after replay the citizen's reads did not go back to the replica")
	}

	rp.StopReplica()
	a.advance(store.ReplicaProbeEvery)
	if st, rep := health(t, a); st != "degraded" || rep != "down" {
		t.Errorf("replica stopped: %s, replica %s; want degraded, down", st, rep)
	}
	if got := respondents(t, a, nil); got != before+1 {
		t.Errorf("replica stopped: %d respondents, want the primary's %d", got, before+1)
	}
	if res := a.get(t, nil, "/unit/PKM-31.72.01"); res.StatusCode != 200 {
		t.Errorf("unit page with the replica stopped: %d", res.StatusCode)
	}
	if metric(t, a, "mutu_db_replica_up") != 0 {
		t.Error("stopped replica up in /metrics")
	}

	rp.StartReplica()
	rp.WaitCaughtUp()
	a.advance(store.ReplicaProbeEvery)
	if st, rep := health(t, a); st != "ok" || rep != "ok" {
		t.Errorf("replica back: %s, replica %s", st, rep)
	}
}

// TestLeaseHoldersInMetrics: /metrics names the node holding each job's
// lease and when the lease expires.
func TestLeaseHoldersInMetrics(t *testing.T) {
	a := newApp(t)
	until := testNow.Add(45 * time.Second)
	if ok, err := a.DB.TakeLease(t.Context(), "complaint-sweep", "node-a", testNow, 45*time.Second); err != nil || !ok {
		t.Fatal(ok, err)
	}
	got := metric(t, a, `mutu_job_lease_expiry_timestamp_seconds{holder="node-a",job="complaint-sweep"}`)
	if got != float64(until.Unix()) {
		t.Errorf("lease expiry %v, want %d", got, until.Unix())
	}
}
