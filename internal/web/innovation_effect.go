package web

import (
	"context"
	"slices"
	"strconv"

	"mutu/internal/innovation"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// innovationEffect measures an innovation's effect (innovation.PeriodsOf
// decides the periods) with the numbers the SKM and complaint pages show:
// the IKM of its services from the survey rollups (store.Tallies, then
// skm.Compute as skm.Summarize does), pooled over those services; the
// complaints about its unit from the complaint rollups
// (store.ComplaintMonths), since reports name the unit, not always the
// service. Both read rollups: the cost does not grow with the history.
func (s *Server) innovationEffect(ctx context.Context, i *innovation.Innovation) (innovation.Effect, error) {
	e := innovation.Effect{Periods: innovation.PeriodsOf(i.LaunchedOn, s.db.Now())}
	e.Before = innovation.Figures{Range: e.Periods.Before, Months: innovation.Window}
	e.After = innovation.Figures{Range: e.Periods.After, Months: e.AfterMonths}
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		return e, err
	}
	var months []innovation.MonthCount
	last := e.Before.Range.To
	if e.After.Range.To != "" {
		last = e.After.Range.To
	}
	first, _ := strconv.Atoi(e.Before.Range.From[:4])
	end, _ := strconv.Atoi(last[:4])
	f := store.ComplaintFilter{UnitIDs: []string{i.UnitID}, AssignedTo: []string{i.UnitID}}
	for y := first; y <= end; y++ {
		ms, err := s.db.ComplaintMonths(ctx, f, y)
		if err != nil {
			return e, err
		}
		for _, m := range ms {
			months = append(months, innovation.MonthCount{Month: m.Month, Received: m.Open + m.Completed + m.SetAside,
				Completed: m.Completed, Count: m.Open + m.Completed})
		}
	}
	for _, side := range []*innovation.Figures{&e.Before, &e.After} {
		side.Required = innovation.RequiredSample(0)
		side.AddComplaints(months)
		if side.Range.From == "" {
			continue
		}
		rows, err := s.db.Tallies(ctx, store.TallyQuery{Range: side.Range, Instrument: in.Code, UnitIDs: []string{i.UnitID}, ByService: true})
		if err != nil {
			return e, err
		}
		rows = slices.DeleteFunc(rows, func(r store.TallyRow) bool { return !slices.Contains(i.ServiceIDs, r.ServiceID) })
		t, _ := store.Pooled(rows).Tally(len(in.Elements))
		if side.IKM, err = skm.Compute(in, t, skm.Exact); err != nil {
			return e, err
		}
	}
	return e, nil
}
