package complaint

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var wib = time.FixedZone("WIB", 7*3600)

// judged applies the steps' verdicts as the store does after a change.
func judged(r Report, sla SLA) Report {
	r.Judge(&Report{}, ComputeDeadlines(sla, weekdays{}, r.Milestones))
	return r
}

func TestSummarize(t *testing.T) {
	mon := time.Date(2026, 11, 23, 9, 0, 0, 0, wib)
	sla := DefaultSLAs()[0]
	reports := []Report{
		judged(Report{Kind: Complaint, Status: Resolved, Milestones: Milestones{ReceivedAt: mon, VerifiedAt: mon.Add(2 * time.Hour), DispatchedAt: mon.Add(3 * time.Hour),
			FirstResponseAt: mon.Add(5 * time.Hour), RespondedAt: mon.Add(5 * time.Hour), ResolvedAt: mon.Add(24 * time.Hour)}}, sla),
		judged(Report{Kind: Complaint, Status: Closed, ClosedAt: mon.Add(30 * 24 * time.Hour), Milestones: Milestones{ReceivedAt: mon, VerifiedAt: mon.Add(8 * 24 * time.Hour)}}, sla),
		judged(Report{Kind: Complaint, Status: Received, Milestones: Milestones{ReceivedAt: mon}}, sla),
		judged(Report{Kind: Aspiration, Status: Archived, ClosedAt: mon.Add(time.Hour), Milestones: Milestones{ReceivedAt: mon}}, sla),
	}
	s := Summarize(reports)
	if s.Total != 4 || s.ByStatus[Resolved] != 1 || s.ByKind[Aspiration] != 1 || s.VerifyDone != 2 || s.VerifyOnTime != 1 ||
		s.FirstResponseDone != 1 || s.FirstResponseOnTime != 1 || s.ResolutionDone != 2 || s.ResolutionOnTime != 2 || s.Completed != 2 || s.Counted != 3 {
		t.Fatalf("%+v", s)
	}
	// Verification took 2 h and 192 h: exact median 97 h; the estimate is
	// the mean of the two buckets' middles, within a bucket of it.
	mid := func(h float64) float64 { lo, hi := BucketBounds(DurationBucket(h)); return (lo + hi) / 2 }
	if want := (mid(2) + mid(192)) / 2; s.MedianVerifyHours != want || math.Abs(want-97) > 8 || s.MedianFirstResponseHours != mid(2) {
		t.Errorf("medians %v %v, want %v", s.MedianVerifyHours, s.MedianFirstResponseHours, want)
	}
	if Share(2, 3) < 66.6 || Share(1, 0) != 0 {
		t.Error("share")
	}
}

func TestDurationBuckets(t *testing.T) {
	for _, c := range []struct {
		h float64
		b int
	}{
		{math.NaN(), 0}, {-5, 0}, {0, 0}, {0.999, 0}, {1, 1}, {1.1499, 1}, {1.15, 2}, {1.3225, 3}, {2, 5},
		{1895.3, 54}, {1895.4, 55}, {2159.999, 55}, {2160, 56}, {1e12, 56}, {math.Inf(1), 56},
	} {
		if got := DurationBucket(c.h); got != c.b {
			t.Errorf("DurationBucket(%v) = %d, want %d", c.h, got, c.b)
		}
	}
	if NumBuckets != 57 {
		t.Errorf("NumBuckets = %d", NumBuckets)
	}
	// Every bucket holds exactly its bounds, and buckets tile [0, ∞).
	prevHi := 0.0
	for b := range NumBuckets {
		lo, hi := BucketBounds(b)
		if lo != prevHi || DurationBucket(lo) != b {
			t.Fatalf("bucket %d: [%v, %v) after %v", b, lo, hi, prevHi)
		}
		if !math.IsInf(hi, 1) && DurationBucket(math.Nextafter(hi, 0)) != b {
			t.Fatalf("bucket %d: just below %v falls elsewhere", b, hi)
		}
		prevHi = hi
	}
}

func TestHistogramMedianIsWithinABucket(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	width := func(x float64) float64 { lo, hi := BucketBounds(DurationBucket(x)); return hi - lo }
	for trial := range 2000 {
		n := 1 + rng.IntN(60)
		xs := make([]float64, n)
		var h Histogram
		for i := range xs {
			xs[i] = rng.ExpFloat64() * []float64{3, 40, 300, 1500}[trial%4]
			h[DurationBucket(xs[i])]++
		}
		slices.Sort(xs)
		exact, tol := xs[n/2], width(xs[n/2])
		if n%2 == 0 {
			exact, tol = (xs[n/2-1]+xs[n/2])/2, max(width(xs[n/2-1]), width(xs[n/2]))
		}
		if xs[n/2] >= 2160 {
			continue // the open bucket reports its lower bound
		}
		if got := h.Median(); math.Abs(got-exact) > tol {
			t.Fatalf("trial %d: median %v, exact %v, tolerance %v (%v)", trial, got, exact, tol, xs)
		}
	}
	var empty Histogram
	if empty.Median() != 0 {
		t.Error("empty median")
	}
	var open Histogram
	open[NumBuckets-1] = 3
	if open.Median() != 2160 {
		t.Errorf("open bucket median %v", open.Median())
	}
}

func TestJudgeKeepsVerdictsOnceDecided(t *testing.T) {
	mon := time.Date(2026, 11, 23, 9, 0, 0, 0, wib) // Monday
	sla := SLA{Kind: Complaint, VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 14, AutoCloseDays: 10}
	r := Report{Kind: Complaint, Status: Received, Milestones: Milestones{ReceivedAt: mon}}
	step := func(c Change, sla SLA) {
		t.Helper()
		prev := r
		if err := r.Apply(&c); err != nil {
			t.Fatal(err)
		}
		r.Judge(&prev, ComputeDeadlines(sla, weekdays{}, r.Milestones))
	}
	step(Change{Action: Verify, Actor: Verifier, At: mon.Add(4 * 24 * time.Hour)}, sla) // Friday: 3 working days were due Wednesday
	if r.VerifyOnTime {
		t.Fatal("late verification judged on time")
	}
	// A longer limit later does not change a verdict already given.
	lenient := sla
	lenient.VerifyDays = 10
	step(Change{Action: Dispatch, Actor: Verifier, At: mon.Add(4*24*time.Hour + time.Hour), TargetUnit: "u2"}, lenient)
	if r.VerifyOnTime {
		t.Fatal("verdict rewritten by a later limit")
	}
	step(Change{Action: Accept, Actor: UnitStaff, At: mon.Add(5 * 24 * time.Hour)}, sla)
	if !r.FirstResponseOnTime {
		t.Fatal("prompt first response judged late")
	}
	// Returned as not ours: the first response of the dispatch is undone.
	step(Change{Action: NotOurs, Actor: UnitStaff, At: mon.Add(6 * 24 * time.Hour), Reason: "Bukan wewenang kami"}, sla)
	if r.FirstResponseOnTime {
		t.Fatal("verdict kept for an undone first response")
	}
	if _, steps := r.Tallies(); len(steps) != 1 || steps[0].Step != StepVerify {
		t.Fatalf("tallies after not-ours: %+v", steps)
	}
}

// TestTallyDeltasAddUpToTheReports drives random reports through random
// allowed steps and checks that the running sums of TallyDelta are exactly
// the tallies of the reports as they end up: the rollups never drift.
func TestTallyDeltasAddUpToTheReports(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	sla := DefaultSLAs()[0]
	type stepKey struct {
		TallyKey
		Step   StepName
		Bucket int
	}
	sumS := map[TallyKey]map[Status]int{}
	sumT := map[stepKey][2]int{}
	apply := func(ss []StatusTally, ts []StepTally) {
		for _, s := range ss {
			if sumS[s.TallyKey] == nil {
				sumS[s.TallyKey] = map[Status]int{}
			}
			sumS[s.TallyKey][s.Status] += s.N
		}
		for _, s := range ts {
			k := stepKey{s.TallyKey, s.Step, s.Bucket}
			v := sumT[k]
			sumT[k] = [2]int{v[0] + s.N, v[1] + s.OnTime}
		}
	}
	start := time.Date(2026, 1, 30, 20, 0, 0, 0, wib)
	reports := make([]Report, 200)
	for i := range reports {
		at := start.Add(time.Duration(rng.IntN(72)) * time.Hour)
		reports[i] = Report{UnitID: []string{"u1", "u2"}[i%2], RegionCode: "31.72", Number: "ADU-31.72-2026-00001", Kind: Kinds[i%4], Status: Received,
			Milestones: Milestones{ReceivedAt: at}}
		apply(TallyDelta(nil, &reports[i]))
		for range rng.IntN(12) {
			r := &reports[i]
			actor := []Actor{Verifier, UnitStaff, Citizen, System}[rng.IntN(4)]
			acts := Allowed(r.Status, actor)
			if len(acts) == 0 {
				continue
			}
			at = at.Add(time.Duration(1+rng.IntN(200)) * time.Hour)
			c := Change{Action: acts[rng.IntN(len(acts))], Actor: actor, At: at, Reason: "alasan yang cukup", TargetUnit: []string{"u3", "u4"}[rng.IntN(2)],
				MergeInto: "ADU-31.72-2026-00099", Rating: 4}
			prev := *r
			if err := r.Apply(&c); err != nil {
				t.Fatal(err)
			}
			r.Judge(&prev, ComputeDeadlines(sla, weekdays{}, r.Milestones))
			apply(TallyDelta(&prev, r))
		}
	}
	wantS := map[TallyKey]map[Status]int{}
	wantT := map[stepKey][2]int{}
	for i := range reports {
		st, ts := reports[i].Tallies()
		if wantS[st.TallyKey] == nil {
			wantS[st.TallyKey] = map[Status]int{}
		}
		wantS[st.TallyKey][st.Status]++
		for _, s := range ts {
			k := stepKey{s.TallyKey, s.Step, s.Bucket}
			v := wantT[k]
			wantT[k] = [2]int{v[0] + s.N, v[1] + s.OnTime}
		}
	}
	for k, m := range sumS {
		for st, n := range m {
			if n != wantS[k][st] {
				t.Errorf("%+v %s: sum %d, want %d", k, st, n, wantS[k][st])
			}
		}
	}
	for k, v := range sumT {
		if v != wantT[k] {
			t.Errorf("%+v: sum %v, want %v", k, v, wantT[k])
		}
	}
	for k, v := range wantT {
		if sumT[k] != v {
			t.Errorf("%+v: missing %v", k, v)
		}
	}
	// Handlers and months moved: the sums cover more than one cell.
	if len(sumS) < 4 {
		t.Errorf("only %d cells", len(sumS))
	}
}
