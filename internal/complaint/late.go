package complaint

import "time"

// Late counts the steps of open reports that are already past their
// deadline. They are not done, so the rollups (which judge a step when it
// is done) do not hold them; yet they are late whatever happens next, so
// every on-time figure counts them as late (Stats.OnTimeRate).
type Late struct {
	Verify, FirstResponse, Resolution int
	// ResolutionByHandler: overdue resolutions by the unit handling the
	// report now (the receiving unit while it is with the verifiers).
	ResolutionByHandler map[string]int
}

// Add counts r's steps that are overdue at now, with deadlines d.
func (l *Late) Add(r *Report, d Deadlines, now time.Time) {
	for _, step := range Overdue(r.Status, d, r.Milestones, now) {
		switch step {
		case StepVerify:
			l.Verify++
		case StepFirstResponse:
			l.FirstResponse++
		case StepResolution:
			l.Resolution++
			if l.ResolutionByHandler == nil {
				l.ResolutionByHandler = map[string]int{}
			}
			h := r.AssignedUnitID
			if h == "" {
				h = r.UnitID
			}
			l.ResolutionByHandler[h]++
		}
	}
}

// OnTimeRate is the percentage of a step done on time among the steps
// judged: those done, and those still open but already late.
func (s Stats) OnTimeRate(step StepName) float64 {
	switch step {
	case StepVerify:
		return Share(s.VerifyOnTime, s.VerifyDone+s.Late.Verify)
	case StepFirstResponse:
		return Share(s.FirstResponseOnTime, s.FirstResponseDone+s.Late.FirstResponse)
	case StepResolution:
		return Share(s.ResolutionOnTime, s.ResolutionDone+s.Late.Resolution)
	}
	return 0
}
