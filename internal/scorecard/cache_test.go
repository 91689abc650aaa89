package scorecard_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/scorecard"
)

// TestCacheStaleness: within CacheTTL a change of the source is not seen,
// at CacheTTL it is; a refreshing read (the warmer's) sees it at once and
// serves it to the next reader; a clock going back does not keep an answer.
func TestCacheStaleness(t *testing.T) {
	f := newFake()
	clock := now
	c := &scorecard.Cache{Now: func() time.Time { return clock }}
	src := c.Over(f)
	q := scorecard.Query{Region: jakut, Scope: scorecard.Scope{RegionCode: "31.72"}, Now: now}
	ipp := func(ctx context.Context) int64 {
		t.Helper()
		card, err := scorecard.Build(ctx, src, q)
		if err != nil {
			t.Fatal(err)
		}
		return rowOf(t, card, "c").IPP.IPP
	}
	ctx := context.Background()
	if got := ipp(ctx); got != 300 {
		t.Fatalf("first read %d", got)
	}
	setIPP := func(v int64) {
		f.mu.Lock() // a new map, as the store answers each read with its own
		visits := map[string][]scorecard.Visit{}
		for id, vs := range f.visits {
			visits[id] = vs
		}
		vs := visits["c"]
		visits["c"] = append(vs[:len(vs)-1:len(vs)-1], scorecard.Visit{IPP: v})
		f.visits = visits
		f.mu.Unlock()
	}
	setIPP(450)
	clock = now.Add(scorecard.CacheTTL - time.Second)
	if got := ipp(ctx); got != 300 {
		t.Errorf("within the TTL: %d, want the cached 300", got)
	}
	clock = now.Add(scorecard.CacheTTL)
	if got := ipp(ctx); got != 450 {
		t.Errorf("at the TTL: %d, want 450", got)
	}
	setIPP(200)
	if got := ipp(scorecard.Refreshing(ctx)); got != 200 {
		t.Errorf("a refreshing read: %d, want 200", got)
	}
	if got := ipp(ctx); got != 200 {
		t.Errorf("after a refresh: %d, want 200", got)
	}
	setIPP(100)
	clock = clock.Add(-time.Hour)
	if got := ipp(ctx); got != 100 {
		t.Errorf("the clock went back: %d, want 100", got)
	}
}
