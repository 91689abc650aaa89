package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/finding"
	"mutu/internal/region"
	"mutu/internal/scorecard"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// Scorecard answers the scorecard's reads (scorecard.Source) with the
// functions the detail pages read: the survey rollups through skm.Compute
// (the unit page, the ranking), the results stored with the visits (the
// monitoring results), the complaint rollups and the open reports' late
// steps (the complaint statistics), standard.ReviewCycle.Covers (the
// coverage of standards), the innovation registry and finding.StatsOf (the
// findings). Every read is grouped over the units: its cost follows the
// units, not the history.
type Scorecard struct {
	DB *DB
	// Calendar judges the open reports' deadlines (the server's working
	// calendar); Review is the standards' review cycle (MUTU_STANDARD_REVIEW).
	Calendar complaint.WorkingCalendar
	Review   standard.ReviewCycle
}

var _ scorecard.Source = Scorecard{}

// Units lists the scope's active units.
func (s Scorecard) Units(ctx context.Context, sc scorecard.Scope) ([]unit.Unit, error) {
	units, _, err := s.DB.Units(ctx, UnitFilter{RegionCode: sc.RegionCode, UnitIDs: sc.UnitIDs, Sort: "code"})
	return units, err
}

// Regions names regions by code.
func (s Scorecard) Regions(ctx context.Context, codes []string) ([]region.Region, error) {
	return s.DB.RegionsByCode(ctx, codes)
}

// Survey reads the groups' units' tallies in one read of the rollups and
// pools each group, as the ranking pools a region (a group of one unit is
// what skm.Summarize computes for it).
func (s Scorecard) Survey(ctx context.Context, groups map[string][]string, r skm.Range) (map[string]skm.Result, error) {
	in, err := s.DB.Instrument(ctx, skm.Current)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var ids []string
	for _, g := range groups {
		for _, id := range g {
			if !seen[id] {
				seen[id], ids = true, append(ids, id)
			}
		}
	}
	rows, err := s.DB.Tallies(ctx, TallyQuery{Range: r, Instrument: in.Code, UnitIDs: ids, Elements: len(in.Elements)})
	if err != nil {
		return nil, err
	}
	byUnit := make(map[string]TallyRow, len(rows))
	for _, row := range rows {
		byUnit[row.UnitID] = row
	}
	out := map[string]skm.Result{}
	for key, g := range groups {
		var mine []TallyRow
		for _, id := range g {
			if row, ok := byUnit[id]; ok {
				mine = append(mine, row)
			}
		}
		if len(mine) == 0 {
			continue
		}
		t, _ := Pooled(mine).Tally(len(in.Elements))
		if out[key], err = skm.Compute(in, t, skm.Exact); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Visits are the results stored with the scope's visits done, oldest
// first, as the unit's results page lists them.
func (s Scorecard) Visits(ctx context.Context, sc scorecard.Scope) (map[string][]scorecard.Visit, error) {
	outcomes, err := s.DB.ResultsIn(ctx, sc.RegionCode, time.Time{}, s.DB.Now().In(clock.Jakarta))
	if err != nil {
		return nil, err
	}
	in := inScope(sc)
	out := map[string][]scorecard.Visit{}
	for _, o := range outcomes {
		if in(o.UnitID) {
			out[o.UnitID] = append(out[o.UnitID], scorecard.Visit{Done: o.DoneOn, IPP: o.Result.IPP, Category: o.Result.Category})
		}
	}
	return out, nil
}

// Complaints is each unit's resolutions of the reports received in a
// year and in the year before: done and on time from the rollups, plus the
// open ones already past due, as the complaint statistics' table by unit
// counts them (ComplaintsByUnit and OpenLate for the year); the open queue
// is read once for both years.
func (s Scorecard) Complaints(ctx context.Context, sc scorecard.Scope, year int) ([2]map[string]scorecard.OnTime, error) {
	var out [2]map[string]scorecard.OnTime
	f := ComplaintFilter{RegionCode: sc.RegionCode}
	// Three independent reads, side by side: the open queue is the
	// slowest, and the scorecard waits for this method longest.
	var late map[int]*complaint.Late
	var byUnit [2][]UnitCount
	failed := make([]error, 3)
	var wg sync.WaitGroup
	wg.Go(func() { late, failed[0] = s.DB.OpenLateByYear(ctx, f, year-1, year, s.Calendar, s.DB.Now()) })
	for i := range byUnit {
		wg.Go(func() { byUnit[i], failed[i+1] = s.DB.ComplaintsByUnit(ctx, f, year-i) })
	}
	wg.Wait()
	if err := errors.Join(failed...); err != nil {
		return out, err
	}
	in := inScope(sc)
	for i := range out {
		out[i] = map[string]scorecard.OnTime{}
		for _, c := range byUnit[i] {
			if in(c.UnitID) {
				out[i][c.UnitID] = scorecard.OnTime{OnTime: c.ResolutionOnTime, Judged: c.ResolutionDone}
			}
		}
		for id, n := range late[year-i].ResolutionByHandler {
			if in(id) {
				o := out[i][id]
				o.Judged += n
				out[i][id] = o
			}
		}
	}
	return out, nil
}

// Coverage classifies each unit's active services by their published
// versions now, as the coverage of standards does.
func (s Scorecard) Coverage(ctx context.Context, unitIDs []string) (map[string]standard.Coverage, error) {
	published, err := s.DB.PublishedVersions(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	services, err := s.DB.Services(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	versions := map[string][]standard.Version{}
	for _, v := range published {
		versions[v.ServiceID] = append(versions[v.ServiceID], v)
	}
	now := s.DB.Now()
	out := map[string]standard.Coverage{}
	for id, svcs := range services {
		var c standard.Coverage
		for _, svc := range svcs {
			if svc.Active {
				c.Add(s.Review.Covers(versions[svc.ID], now))
			}
		}
		out[id] = c
	}
	return out, nil
}

// Innovations counts the scope's innovations (store.InnovationCounts).
func (s Scorecard) Innovations(ctx context.Context, sc scorecard.Scope) (map[string]scorecard.Innovations, error) {
	counts, err := s.DB.InnovationCounts(ctx, sc.RegionCode)
	if err != nil {
		return nil, err
	}
	in := inScope(sc)
	out := map[string]scorecard.Innovations{}
	for id, c := range counts {
		if in(id) {
			out[id] = scorecard.Innovations{Launched: c.Launched, Total: c.Total}
		}
	}
	return out, nil
}

// Findings is each unit's follow-up of its findings now (finding.StatsOf,
// as the findings pages count them).
func (s Scorecard) Findings(ctx context.Context, sc scorecard.Scope) (map[string]finding.Stats, error) {
	rows, err := s.DB.Findings(ctx, FindingFilter{RegionCode: sc.RegionCode, UnitIDs: sc.UnitIDs})
	if err != nil {
		return nil, err
	}
	byUnit := map[string][]finding.Finding{}
	for _, r := range rows {
		byUnit[r.UnitID] = append(byUnit[r.UnitID], r.Finding)
	}
	now := s.DB.Now()
	out := make(map[string]finding.Stats, len(byUnit))
	for id, fs := range byUnit {
		out[id] = finding.StatsOf(fs, now)
	}
	return out, nil
}

// Compliance is the units' projected Ombudsman opinion: the projection
// of the readiness pages (ProjectedCompliance), for the units that have
// begun their self-assessment — without it most indicators count at the
// scale's minimum, which says nothing of the unit yet.
func (s Scorecard) Compliance(ctx context.Context, unitIDs []string) (map[string]scorecard.Opinion, error) {
	ps, err := s.DB.ProjectedCompliance(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]scorecard.Opinion, len(ps))
	for id, p := range ps {
		if p.Entered == 0 {
			continue
		}
		label := p.Opinion.Label
		if p.Opinion.Opinion != "" {
			label = p.Opinion.Opinion + " — " + label
		}
		out[id] = scorecard.Opinion{Score: float64(p.Rounded) / 100, Label: label}
	}
	return out, nil
}

// inScope tells whether a unit ID is among the scope's units (any, when
// the scope lists none).
func inScope(sc scorecard.Scope) func(string) bool {
	if sc.UnitIDs == nil {
		return func(string) bool { return true }
	}
	set := make(map[string]bool, len(sc.UnitIDs))
	for _, id := range sc.UnitIDs {
		set[id] = true
	}
	return func(id string) bool { return set[id] }
}
