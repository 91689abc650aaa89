package seed

import (
	"context"
	"math/rand/v2"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// GenerateComplaints adds n synthetic reports spread over every active unit
// and the three years before now, for scale tests ("mutu demo generate
// --complaints N"). Each report goes through its lifecycle in memory with
// the domain's own Apply and Judge, so statuses, milestones and verdicts
// are ones the product could have produced; older reports are mostly
// finished, recent ones mostly open. They are written in large
// transactions (store.ImportComplaints) with their rollup sums.
func GenerateComplaints(ctx context.Context, db *store.DB, n int, now time.Time, progress func(done, total int)) error {
	units, _, err := db.Units(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	slas, err := db.SLAs(ctx)
	if err != nil {
		return err
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(n), 311))
	const batchSize = 5000
	const days = 3 * 365
	batch := make([]*complaint.Report, 0, batchSize)
	last := map[string]string{} // unit id → number of its latest stored report
	for i := range n {
		u := units[i%len(units)]
		// Evenly over the period, in time order, the units in turn.
		at := now.Add(-time.Duration(days*24*(n-i)/n)*time.Hour - time.Duration(rng.IntN(3600))*time.Second)
		tmpl := demoReports[rng.IntN(len(demoReports))]
		r := &complaint.Report{UnitID: u.ID, RegionCode: u.RegionCode, Kind: tmpl.kind, Privacy: complaint.Privacies[rng.IntN(3)],
			Channel: complaint.ChannelWeb, Title: tmpl.title, Body: tmpl.body, Status: complaint.Received}
		r.ReceivedAt, r.UpdatedAt = at, at
		age := now.Sub(at)
		for _, step := range syntheticPath(rng, age) {
			at = at.Add(time.Duration(1+rng.IntN(step.maxHours)) * time.Hour)
			if at.After(now) {
				break
			}
			action := step.action
			if action == complaint.Merge && last[u.ID] == "" {
				action = complaint.Archive // nothing stored yet to merge into
			}
			c := &complaint.Change{Action: action, Actor: actorOf(action), At: at, Reason: "Data sintetis untuk uji skala.",
				TargetUnit: u.ID, MergeInto: last[u.ID], Rating: 1 + rng.IntN(5)}
			prev := *r
			if err := r.Apply(c); err != nil {
				return err
			}
			r.Judge(&prev, complaint.ComputeDeadlines(slas[r.Kind], cal, r.Milestones))
		}
		batch = append(batch, r)
		if len(batch) == batchSize || i == n-1 {
			if err := db.ImportComplaints(ctx, batch); err != nil {
				return err
			}
			for _, r := range batch {
				last[r.UnitID] = r.Number // a stored report a later duplicate of the unit merges into
			}
			batch = batch[:0]
			if progress != nil {
				progress(i+1, n)
			}
		}
	}
	return nil
}

type syntheticStep struct {
	action   complaint.Action
	maxHours int // the step comes 1..maxHours after the previous one
}

// syntheticPath picks the steps of a report received age ago: most reports
// are answered and closed, some archived or merged; young ones are still
// on their way (steps after now are cut by the caller).
func syntheticPath(rng *rand.Rand, age time.Duration) []syntheticStep {
	verify := syntheticStep{complaint.Verify, 120}
	dispatch := syntheticStep{complaint.Dispatch, 24}
	accept := syntheticStep{complaint.Accept, 100}
	respond := syntheticStep{complaint.Respond, 400}
	switch p := rng.IntN(100); {
	case p < 6:
		return []syntheticStep{{complaint.Archive, 72}}
	case p < 9:
		return []syntheticStep{{complaint.Merge, 72}}
	case p < 12 && age < 60*24*time.Hour:
		return []syntheticStep{{complaint.Hold, 72}}
	case p < 50:
		return []syntheticStep{verify, dispatch, accept, respond, {complaint.Confirm, 200}, {complaint.Rate, 2}}
	default:
		return []syntheticStep{verify, dispatch, accept, respond, {complaint.AutoClose, 14 * 24}}
	}
}
