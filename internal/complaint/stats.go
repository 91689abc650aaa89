package complaint

import "slices"

// Stats summarises a set of reports for a dashboard.
type Stats struct {
	Total    int
	ByStatus map[Status]int
	ByKind   map[Kind]int
	// On time: steps done by their deadline, of the steps done.
	VerifyOnTime, VerifyDone               int
	FirstResponseOnTime, FirstResponseDone int
	ResolutionOnTime, ResolutionDone       int
	// Median hours from receipt to verification, from dispatch to the first
	// response, and from receipt to resolution.
	MedianVerifyHours, MedianFirstResponseHours, MedianResolveHours float64
	// FollowedUp is the share of reports followed up to completion (resolved
	// or closed) among those that count (not archived or merged): PEKPPP
	// indicator 28, "persentase pengaduan yang diselesaikan".
	Completed, Counted int
}

// Share returns part/whole as a percentage, 0 for an empty whole.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// Summarize computes the statistics of reports under their SLAs.
func Summarize(reports []Report, slas map[Kind]SLA, cal WorkingCalendar) Stats {
	s := Stats{ByStatus: map[Status]int{}, ByKind: map[Kind]int{}}
	var verify, first, resolve []float64
	for _, r := range reports {
		s.Total++
		s.ByStatus[r.Status]++
		s.ByKind[r.Kind]++
		d := ComputeDeadlines(slas[r.Kind], cal, r.Milestones)
		if !r.VerifiedAt.IsZero() {
			s.VerifyDone++
			if OnTime(r.VerifiedAt, d.Verify) {
				s.VerifyOnTime++
			}
			verify = append(verify, r.VerifiedAt.Sub(r.ReceivedAt).Hours())
		}
		if !r.FirstResponseAt.IsZero() && !r.DispatchedAt.IsZero() {
			s.FirstResponseDone++
			if OnTime(r.FirstResponseAt, d.FirstResponse) {
				s.FirstResponseOnTime++
			}
			first = append(first, r.FirstResponseAt.Sub(r.DispatchedAt).Hours())
		}
		if !r.ResolvedAt.IsZero() || r.Status == Closed {
			done := r.ResolvedAt
			if done.IsZero() {
				done = r.ClosedAt
			}
			s.ResolutionDone++
			if OnTime(done, d.Resolution) {
				s.ResolutionOnTime++
			}
			resolve = append(resolve, done.Sub(r.ReceivedAt).Hours())
		}
		if r.Status != Archived && r.Status != Merged {
			s.Counted++
			if r.Status == Resolved || r.Status == Closed {
				s.Completed++
			}
		}
	}
	s.MedianVerifyHours, s.MedianFirstResponseHours, s.MedianResolveHours = median(verify), median(first), median(resolve)
	return s
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}
