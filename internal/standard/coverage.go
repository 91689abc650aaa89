package standard

import "time"

// Coverage is how far a set of active services is covered by standards:
// how many have a published standard in force (Current) and how many of
// those are due for review (ReviewCycle.NeedsReview). Leaders read it per
// unit, kecamatan, city and province; the standards pages and "tugas saya"
// apply the same two rules.
type Coverage struct {
	Services int // active services
	Current  int // with a standard in force
	Due      int // whose standard in force is due for review
}

// Covers classifies one active service by its published versions (any
// order; drafts and approved versions are ignored by Current).
func (c ReviewCycle) Covers(versions []Version, now time.Time) Coverage {
	out := Coverage{Services: 1}
	if cur := Current(versions, now); cur != nil {
		out.Current = 1
		if c.NeedsReview(cur, now) {
			out.Due = 1
		}
	}
	return out
}

// Add counts o in.
func (a *Coverage) Add(o Coverage) {
	a.Services += o.Services
	a.Current += o.Current
	a.Due += o.Due
}

// Percent is the share of services with a standard in force, 0–100; ok is
// false when there are no services (no share to speak of).
func (a Coverage) Percent() (p float64, ok bool) {
	if a.Services == 0 {
		return 0, false
	}
	return 100 * float64(a.Current) / float64(a.Services), true
}

// Coverage levels: every service covered, some, none (or no services).
const (
	CoverageFull    = "full"
	CoveragePartial = "partial"
	CoverageNone    = "none"
)

// Level says whether all, some or none of the services are covered.
func (a Coverage) Level() string {
	switch {
	case a.Services > 0 && a.Current == a.Services:
		return CoverageFull
	case a.Current > 0:
		return CoveragePartial
	default:
		return CoverageNone
	}
}
