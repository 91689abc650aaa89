package complaint

import (
	"cmp"
	"math"
	"slices"
	"time"

	"mutu/internal/clock"
)

// Verdicts record whether each completed step was done by its deadline.
// They are decided once, when the step is completed, under the time limits
// and the calendar then in force, and stored with the report: editing the
// limits later does not rewrite past statistics.
type Verdicts struct {
	VerifyOnTime, FirstResponseOnTime, ResolutionOnTime bool
}

// ResolutionAt is when the report's resolution step was done: when the
// reporter confirmed it, or when it was closed after an answer; zero while
// it is not done (archived and merged reports are never resolved).
func (r *Report) ResolutionAt() time.Time {
	if !r.ResolvedAt.IsZero() {
		return r.ResolvedAt
	}
	if r.Status == Closed {
		return r.ClosedAt
	}
	return time.Time{}
}

// FirstResponseDoneAt is when the handling unit first answered its current
// dispatch; zero while it has not.
func (r *Report) FirstResponseDoneAt() time.Time {
	if r.DispatchedAt.IsZero() {
		return time.Time{}
	}
	return r.FirstResponseAt
}

// Judge decides the verdicts of the steps completed since prev (the same
// report before a change), with d the deadlines of r. A step that is not
// done has no verdict (false); a step done earlier keeps its verdict.
func (r *Report) Judge(prev *Report, d Deadlines) {
	judge := func(v *bool, done, before, due time.Time) {
		switch {
		case done.IsZero():
			*v = false
		case !done.Equal(before):
			*v = OnTime(done, due)
		}
	}
	judge(&r.VerifyOnTime, r.VerifiedAt, prev.VerifiedAt, d.Verify)
	judge(&r.FirstResponseOnTime, r.FirstResponseDoneAt(), prev.FirstResponseDoneAt(), d.FirstResponse)
	judge(&r.ResolutionOnTime, r.ResolutionAt(), prev.ResolutionAt(), d.Resolution)
}

// TallyKey is the cell of the handling statistics a report counts in: its
// receiving unit, the unit handling it, its region, the month it was
// received (Asia/Jakarta, "2026-11") and its kind.
type TallyKey struct {
	UnitID, HandlerID, RegionCode, Month string
	Kind                                 Kind
}

// StatusTally counts reports by status.
type StatusTally struct {
	TallyKey
	Status Status
	N      int
}

// StepTally counts completed steps by how long they took (Bucket, see
// DurationBucket) and how many of them were on time.
type StepTally struct {
	TallyKey
	Step   StepName
	Bucket int
	N      int
	OnTime int
}

// Tallies is a report's contribution to the statistics: one status count
// and one count per completed step. The store keeps their sums (the
// complaint rollups, by year and by month), so the dashboard reads
// O(units × years) rows whatever the number of reports.
func (r *Report) Tallies() (StatusTally, []StepTally) {
	key := TallyKey{UnitID: r.UnitID, HandlerID: r.AssignedUnitID, RegionCode: r.RegionCode, Month: clock.LocalDate(r.ReceivedAt)[:7], Kind: r.Kind}
	var steps []StepTally
	step := func(name StepName, from, done time.Time, onTime bool) {
		if done.IsZero() || from.IsZero() {
			return
		}
		t := StepTally{TallyKey: key, Step: name, Bucket: DurationBucket(done.Sub(from).Hours()), N: 1}
		if onTime {
			t.OnTime = 1
		}
		steps = append(steps, t)
	}
	step(StepVerify, r.ReceivedAt, r.VerifiedAt, r.VerifyOnTime)
	step(StepFirstResponse, r.DispatchedAt, r.FirstResponseDoneAt(), r.FirstResponseOnTime)
	step(StepResolution, r.ReceivedAt, r.ResolutionAt(), r.ResolutionOnTime)
	return StatusTally{TallyKey: key, Status: r.Status, N: 1}, steps
}

// TallyDelta is what a change from before to after adds to the sums:
// after's tallies minus before's, equal entries cancelled. A new report has
// a nil before. The result is sorted.
func TallyDelta(before, after *Report) ([]StatusTally, []StepTally) {
	st, steps := after.Tallies()
	statuses := []StatusTally{st}
	if before != nil {
		st, ss := before.Tallies()
		st.N = -st.N
		statuses = append(statuses, st)
		for _, s := range ss {
			s.N, s.OnTime = -s.N, -s.OnTime
			steps = append(steps, s)
		}
	}
	return SumTallies(statuses, steps)
}

// SumTallies adds up the tallies of the same cell (and status, or step and
// bucket) and drops those that come to nothing. The result is sorted, so
// that equal inputs give equal outputs.
func SumTallies(statuses []StatusTally, steps []StepTally) ([]StatusTally, []StepTally) {
	// Keyed by the tally with its counts zeroed: the cell and status, or the
	// cell, step and bucket.
	byStatus := map[StatusTally]int{}
	for _, t := range statuses {
		n := t.N
		t.N = 0
		byStatus[t] += n
	}
	byStep := map[StepTally][2]int{}
	for _, t := range steps {
		n, onTime := t.N, t.OnTime
		t.N, t.OnTime = 0, 0
		v := byStep[t]
		byStep[t] = [2]int{v[0] + n, v[1] + onTime}
	}
	var outS []StatusTally
	for k, n := range byStatus {
		if n != 0 {
			k.N = n
			outS = append(outS, k)
		}
	}
	var outT []StepTally
	for k, v := range byStep {
		if v != [2]int{} {
			k.N, k.OnTime = v[0], v[1]
			outT = append(outT, k)
		}
	}
	slices.SortFunc(outS, func(a, b StatusTally) int {
		return cmp.Or(cmpTallyKey(a.TallyKey, b.TallyKey), cmp.Compare(a.Status, b.Status))
	})
	slices.SortFunc(outT, func(a, b StepTally) int {
		return cmp.Or(cmpTallyKey(a.TallyKey, b.TallyKey), cmp.Compare(a.Step, b.Step), cmp.Compare(a.Bucket, b.Bucket))
	})
	return outS, outT
}

// Duration buckets: [0, 1 h), then buckets growing by 15 % each from one
// hour ([1, 1.15), [1.15, 1.3225), …) up to 90 days, then one open bucket.
// A median read from them is within one bucket of the exact median: less
// than 15 % of its value. Few buckets keep the rollups small (a unit's year
// fills at most NumBuckets rows per step).
const (
	bucketGrowth   = 1.15
	openBucketFrom = 2160.0 // hours: 90 days
	NumBuckets     = 2 + 55 // [0,1), 55 growing buckets, [90 days, ∞)
	lastBucket     = NumBuckets - 1
)

// bucketLow is the lower bound of growing bucket b (1 ≤ b < lastBucket).
func bucketLow(b int) float64 { return math.Pow(bucketGrowth, float64(b-1)) }

// DurationBucket returns the bucket of a duration in hours (negative
// durations, from clock corrections, count as zero).
func DurationBucket(h float64) int {
	switch {
	case !(h >= 1): // also NaN
		return 0
	case h >= openBucketFrom:
		return lastBucket
	}
	b := min(1+int(math.Log(h)/math.Log(bucketGrowth)), lastBucket-1)
	// Settle rounding at the edges against the bounds themselves.
	for b > 1 && h < bucketLow(b) {
		b--
	}
	for b < lastBucket-1 && h >= bucketLow(b+1) {
		b++
	}
	return b
}

// BucketBounds returns the hours a bucket covers, [lo, hi); hi is +Inf
// for the last bucket.
func BucketBounds(b int) (lo, hi float64) {
	switch {
	case b <= 0:
		return 0, 1
	case b >= lastBucket:
		return openBucketFrom, math.Inf(1)
	case b == lastBucket-1:
		return bucketLow(b), openBucketFrom
	}
	return bucketLow(b), bucketLow(b + 1)
}

// Histogram counts durations per bucket.
type Histogram [NumBuckets]int

// Median estimates the median of the counted durations in hours,
// interpolating within the bucket(s) holding the middle value(s); 0 when
// empty. The open last bucket yields its lower bound (90 days).
func (h *Histogram) Median() float64 {
	n := 0
	for _, c := range h {
		n += c
	}
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return h.kth(n / 2)
	}
	return (h.kth(n/2-1) + h.kth(n/2)) / 2
}

// kth estimates the k-th smallest duration (0-based).
func (h *Histogram) kth(k int) float64 {
	cum := 0
	for b, c := range h {
		if c > 0 && k < cum+c {
			lo, hi := BucketBounds(b)
			if math.IsInf(hi, 1) {
				return lo
			}
			return lo + (hi-lo)*(float64(k-cum)+0.5)/float64(c)
		}
		cum += c
	}
	return 0
}

// StatsFrom computes the dashboard statistics from summed tallies (their
// keys are ignored; rows may repeat a status or bucket).
func StatsFrom(statuses []StatusTally, steps []StepTally) Stats {
	s := Stats{ByStatus: map[Status]int{}, ByKind: map[Kind]int{}}
	for _, t := range statuses {
		if t.N == 0 {
			continue // a rollup row emptied by later changes
		}
		s.Total += t.N
		s.ByStatus[t.Status] += t.N
		s.ByKind[t.Kind] += t.N
		if t.Status != Archived && t.Status != Merged {
			s.Counted += t.N
			if t.Status == Resolved || t.Status == Closed {
				s.Completed += t.N
			}
		}
	}
	var verify, first, resolve Histogram
	for _, t := range steps {
		if t.Bucket < 0 || t.Bucket >= NumBuckets {
			continue
		}
		switch t.Step {
		case StepVerify:
			s.VerifyDone += t.N
			s.VerifyOnTime += t.OnTime
			verify[t.Bucket] += t.N
		case StepFirstResponse:
			s.FirstResponseDone += t.N
			s.FirstResponseOnTime += t.OnTime
			first[t.Bucket] += t.N
		case StepResolution:
			s.ResolutionDone += t.N
			s.ResolutionOnTime += t.OnTime
			resolve[t.Bucket] += t.N
		}
	}
	s.MedianVerifyHours, s.MedianFirstResponseHours, s.MedianResolveHours = verify.Median(), first.Median(), resolve.Median()
	return s
}

// Summarize computes the statistics of a list of reports, exactly as the
// rollups would (used for small lists and to test the rollups).
func Summarize(reports []Report) Stats {
	var statuses []StatusTally
	var steps []StepTally
	for i := range reports {
		st, ss := reports[i].Tallies()
		statuses = append(statuses, st)
		steps = append(steps, ss...)
	}
	return StatsFrom(statuses, steps)
}

func cmpTallyKey(a, b TallyKey) int {
	return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), cmp.Compare(a.Month, b.Month), cmp.Compare(a.HandlerID, b.HandlerID),
		cmp.Compare(a.RegionCode, b.RegionCode), cmp.Compare(a.Kind, b.Kind))
}
