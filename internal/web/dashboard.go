package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/maps"
	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// dashboardData is each role's first page: what waits for administrators
// and operators (Tasks), how the region is doing for leaders, evaluators
// and assessors (Insight). Every number comes from the functions the
// detail pages use, so the two never disagree.
type dashboardData struct {
	Scope   *region.Region
	Total   int // units in scope
	Tasks   *myTasks
	Insight *insight
	// ReportHref links the region's report for the quarter shown (for
	// leaders; "" for none).
	ReportHref string
	// ScorecardHref links the region's scorecard (scorecard14; "" when
	// the scope is no province or city).
	ScorecardHref string
}

// myTasks is "tugas saya": the reports waiting for the user's step, the
// open reports past a deadline, and the units' follow-ups and held responses.
type myTasks struct {
	Verifier                       bool            // the user verifies and dispatches (else answers)
	ToVerify, ToDispatch, ToAnswer int             // counts up to store.CountCap (+1: "more than")
	Overdue                        []overdueReport // the most overdue, at most overdueShown
	OverdueCount                   int
	OverdueScanned                 int  // open reports looked at, oldest first
	OverdueMore                    bool // there are more open reports than were looked at
	Units                          []unitTask
	Reviews                        []reviewTask // std12: units with standards due for review
}

type overdueReport struct {
	Report complaint.Report
	Due    complaint.Due
}

type unitTask struct {
	Unit unit.Unit
	store.UnitTasks
}

// insight is the region's survey result this quarter against the previous
// one, its trend, the weakest units and elements, and complaint handling.
type insight struct {
	Label, PrevLabel, PeriodCode string
	Now, Prev                    skm.Result
	Change                       float64 // konversi points against the previous quarter (when both are complete)
	Trend                        barChart
	TrendRows                    []trendRow
	Weakest                      []rankRow // the five units with the lowest IKM this quarter
	Ranked                       int       // units with a complete result this quarter
	WeakElements                 []skm.ElementResult
	Year                         int
	Complaints                   complaint.Stats
	// Maps by kecamatan (dashboard_maps.go): the IKM this quarter, then
	// the complaints received this year and resolved on time.
	MapIKM        *mapView
	MapComplaints []*mapView
	Coverage      *coverageReport // standards in force and due for review (coverage_pages.go)
	in            *skm.Instrument
	units         []unit.Unit
	nowRows       []store.TallyRow // this quarter's tallies of the units
	mapLayout     *maps.Layout     // the areas of the maps (nil: no maps)
	mapLevel      region.Level
	areaStats     map[string]complaint.Stats // this year's complaints by map area
}

// overdueScan bounds the open reports the dashboard reads for overdue steps:
// the oldest first, as those are the ones past their deadlines.
const overdueScan = 500

// overdueShown is how many overdue reports the dashboard lists.
const overdueShown = 20

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	d, err := s.dashboardData(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "dashboard.title", d)
	if d.Insight != nil {
		d.Insight.Trend = trendChart(v, "region-trend", v.T("dashboard.trend_title"), v.T("dashboard.trend_desc"), d.Insight.TrendRows)
		if err := s.insightMaps(r.Context(), v, d); err != nil {
			s.fail(w, r, err)
			return
		}
		if d.Scope != nil {
			d.ReportHref = regionReportHref(p, *d.Scope, url.Values{"p": {d.Insight.PeriodCode}})
			if scorecardLevel(d.Scope.Level) {
				d.ScorecardHref = "/kelola/rapor/" + d.Scope.Code
			}
		}
	}
	s.render(w, r, "dashboard", http.StatusOK, v)
}

func (s *Server) dashboardData(r *http.Request, p *account.Principal) (*dashboardData, error) {
	ctx := r.Context()
	f := scopeFilter(p)
	units, total, err := s.db.Units(ctx, f)
	if err != nil {
		return nil, err
	}
	d := &dashboardData{Total: total}
	if p.RegionCode != "" {
		if d.Scope, err = s.db.Region(ctx, p.RegionCode); err != nil {
			return nil, err
		}
	}
	switch p.Role {
	case account.Admin, account.Operator:
		d.Tasks, err = s.myTasks(ctx, p, units)
	default:
		var lay *maps.Layout
		var level region.Level
		if lay, level, err = s.areasLayout(ctx, d.Scope); err == nil {
			d.Insight, err = s.insight(ctx, p, units, lay)
		}
		if d.Insight != nil {
			d.Insight.mapLayout, d.Insight.mapLevel = lay, level
			// dir13: the coverage of standards in the scope
			d.Insight.Coverage, err = s.coverage(ctx, units, d.Scope)
		}
	}
	return d, err
}

func (s *Server) myTasks(ctx context.Context, p *account.Principal, units []unit.Unit) (*myTasks, error) {
	t := &myTasks{}
	count := func(f store.ComplaintFilter, statuses ...complaint.Status) (int, error) {
		f.Statuses, f.Limit = statuses, 1
		_, n, err := s.db.Complaints(ctx, f)
		return n, err
	}
	var scope store.ComplaintFilter
	complaintScope(p, &scope)
	var err error
	if t.Verifier = p.Role == account.Admin; t.Verifier {
		if t.ToVerify, err = count(scope, complaint.Received); err != nil {
			return nil, err
		}
		if t.ToDispatch, err = count(scope, complaint.Verified); err != nil {
			return nil, err
		}
	} else if t.ToAnswer, err = count(store.ComplaintFilter{AssignedTo: scope.AssignedTo}, complaint.Dispatched, complaint.InProgress); err != nil {
		return nil, err
	}
	open := scope
	open.Statuses, open.Limit = complaint.OpenStatuses, overdueScan
	list, n, err := s.db.Complaints(ctx, open)
	if err != nil {
		return nil, err
	}
	t.OverdueScanned, t.OverdueMore = len(list), n > len(list)
	slas, err := s.db.SLAs(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	cal := s.workingCalendar()
	for _, rep := range list {
		dl := complaint.ComputeDeadlines(slas[rep.Kind], cal, rep.Milestones)
		if len(complaint.Overdue(rep.Status, dl, rep.Milestones, now)) == 0 {
			continue
		}
		due, _ := complaint.NextDue(cal, rep.Status, dl, rep.Milestones, now)
		t.Overdue = append(t.Overdue, overdueReport{Report: rep, Due: due})
	}
	// The most overdue first; the queue sorted by deadline has the rest.
	slices.SortStableFunc(t.Overdue, func(a, b overdueReport) int { return b.Due.Late - a.Due.Late })
	t.OverdueCount = len(t.Overdue)
	t.Overdue = t.Overdue[:min(len(t.Overdue), overdueShown)]
	byID := make(map[string]unit.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	tasks, err := s.db.Tasks(ctx, unitIDs(units))
	if err != nil {
		return nil, err
	}
	for _, ut := range tasks {
		t.Units = append(t.Units, unitTask{Unit: byID[ut.UnitID], UnitTasks: ut})
	}
	if t.Reviews, err = s.standardReviews(ctx, units); err != nil {
		return nil, err
	}
	return t, nil
}

// insight computes the region's results the way the ranking page does:
// the units' tallies from the rollups, pooled, through skm.Compute.
func (s *Server) insight(ctx context.Context, p *account.Principal, units []unit.Unit, lay *maps.Layout) (*insight, error) {
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		return nil, err
	}
	ids := unitIDs(units)
	now := s.db.Now()
	d := &insight{Year: now.In(clock.Jakarta).Year(), in: in, units: units}
	// Six quarters of survey tallies and the year's complaint statistics
	// (with the map areas' when there is a map) are independent reads of
	// rollups: run them side by side. The current
	// quarter is read per unit (for the weakest units); the five before it,
	// needed only pooled for the trend, in one read by month.
	codes := skm.QuarterCodes(now, 6)
	ranges := make([]skm.Range, len(codes))
	labels := make([]string, len(codes))
	for i, code := range codes {
		if ranges[i], labels[i], err = skm.ParsePeriod(code); err != nil {
			return nil, err
		}
	}
	last := len(codes) - 1
	var current, months []store.TallyRow
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	wg.Go(func() {
		var err error
		current, err = s.db.Tallies(ctx, store.TallyQuery{Range: ranges[last], Instrument: in.Code, UnitIDs: ids, Elements: len(in.Elements)})
		errc <- err
	})
	wg.Go(func() {
		var err error
		months, err = s.db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: ranges[0].From, To: ranges[last-1].To}, Instrument: in.Code,
			UnitIDs: ids, Elements: len(in.Elements), ByMonth: true})
		errc <- err
	})
	wg.Go(func() {
		y := strconv.Itoa(d.Year)
		f := store.ComplaintFilter{ReceivedFrom: y + "-01-01", ReceivedTo: y + "-12-31"}
		complaintScope(p, &f)
		var err error
		switch {
		case lay == nil:
			d.Complaints, err = s.db.ComplaintStats(ctx, f, d.Year)
		case f.RegionCode != "":
			// The region's figures and its map areas' in one read.
			d.Complaints, d.areaStats, err = s.db.ComplaintStatsByArea(ctx, f.RegionCode, lay.Codes(), d.Year)
		default: // no region: ComplaintStats counts nothing; the map areas still count
			_, d.areaStats, err = s.db.ComplaintStatsByArea(ctx, "", lay.Codes(), d.Year)
		}
		errc <- err
	})
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			return nil, err
		}
	}
	for i, rng := range ranges {
		rows := current
		if i < last {
			rows = nil
			for _, m := range months {
				if m.Month >= rng.From[:7] && m.Month <= rng.To[:7] {
					rows = append(rows, m)
				}
			}
		}
		pooled, _ := store.Pooled(rows).Tally(len(in.Elements))
		res, err := skm.Compute(in, pooled, skm.Exact)
		if err != nil {
			return nil, err
		}
		d.TrendRows = append(d.TrendRows, trendRow{Label: labels[i], Result: res})
	}
	d.nowRows = current
	d.Now, d.Label, d.PeriodCode = d.TrendRows[last].Result, labels[last], codes[last]
	d.Prev, d.PrevLabel = d.TrendRows[last-1].Result, labels[last-1]
	if d.Weakest, d.Ranked, err = weakestUnits(in, units, current, 5); err != nil {
		return nil, err
	}
	if d.Now.Complete {
		d.WeakElements = skm.Weakest(d.Now, 3)
	}
	if d.Now.Complete && d.Prev.Complete {
		d.Change = float64(d.Now.KonversiHundredths-d.Prev.KonversiHundredths) / 100
	}
	return d, nil
}

// weakestUnits is the n units with the lowest IKM konversi among those
// with a complete result, and how many have one.
func weakestUnits(in *skm.Instrument, units []unit.Unit, rows []store.TallyRow, n int) ([]rankRow, int, error) {
	byUnit := make(map[string]unit.Unit, len(units))
	for _, u := range units {
		byUnit[u.ID] = u
	}
	var out []rankRow
	for _, row := range rows {
		t, _ := row.Tally(len(in.Elements))
		res, err := skm.Compute(in, t, skm.Exact)
		if err != nil {
			return nil, 0, err
		}
		if res.Complete {
			out = append(out, rankRow{Unit: byUnit[row.UnitID], Result: res})
		}
	}
	// The ranking page's order and ranks; the weakest are its last n, lowest first.
	rankUnits(out)
	weakest := slices.Clone(out[max(0, len(out)-n):])
	slices.Reverse(weakest)
	return weakest, len(out), nil
}
