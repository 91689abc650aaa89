package web

// A city's results (issue #13, "Results"), under
// /kelola/pemantauan/kota/{code}?tahun=YYYY: the units ranked by their
// latest IPP of the year, a heat map of aspects × units, the weakest
// indicators across the city and the coverage of the cadence's cycles.
// Every figure is the one stored with the visit (as the unit and visit
// pages show it) or monitor.CoverageOf (as the calendar); the page reads
// the year's visits of the city and one window's visits per cycle.

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/maps"
	"mutu/internal/monitor"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// heatLevels are the heat map's classes: a score s of 0–5 falls in class
// min(⌊s⌋, 4), filled from the sequential scale (higher the darker).
const heatLevels = 5

// cityRankRow is a unit's line in the ranking and the heat map.
type cityRankRow struct {
	Rank   int // 0: no visit scored this year
	Unit   unit.Unit
	Latest *store.VisitOutcome
	Year   *yearResult // the year's parts and final index; nil without Latest
	Cells  []heatCell  // by the columns of the heat map
}

// heatCell is one aspect score of a unit: the value is always printed.
type heatCell struct {
	Text, Fill string // Fill: "" for no score
}

// weakRow is an indicator across the city: the mean of the units' latest
// levels and how many units scored it 2 or lower.
type weakRow struct {
	Code, Name string
	Mean       float64
	Low, Units int
}

// heatLegend is one class of the heat map.
type heatLegend struct {
	Fill, Label string
}

// cityResultsData is the city's results page (monitoring_city.html).
type cityResultsData struct {
	City    *region.Region
	Year    int
	Prev    int
	Next    int // 0: the year after is in the future
	Columns []store.ResultAspect
	Ranked  []cityRankRow // ranked units first, then those without a result
	Legend  []heatLegend
	Weakest []weakRow
	Cycles  []cycleRow
	// The users' share in force, its versions set by the city, and
	// whether the user may set it (the city's administrators).
	Share    store.UserShare
	Shares   []store.UserShare
	CanShare bool
	Teams    []monitor.Team // the city's teams (the recap's signers)
	Mean     *cityMean      // the city's year; nil: no unit scored
}

// weakestShown is how many indicators the weakest list shows.
const weakestShown = 10

// cityResults: GET /kelola/pemantauan/kota/{code}?tahun=YYYY.
func (s *Server) cityResults(w http.ResponseWriter, r *http.Request) {
	d, err := s.cityData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "results.city_title", d)
	v.Title = v.T("results.city_title") + " — " + d.City.Name
	v.defaults(url.Values{"user_share": {strconv.Itoa(d.Share.Share)}})
	fills := maps.Sequential(heatLevels)
	for i, f := range fills {
		hi := int64(i*100 + 99) // scores are in hundredths
		if i == heatLevels-1 {
			hi = 500
		}
		d.Legend = append(d.Legend, heatLegend{Fill: f, Label: v.IPP(int64(i*100)) + "–" + v.IPP(hi)})
	}
	for i := range d.Ranked {
		row := &d.Ranked[i]
		if row.Latest == nil {
			continue
		}
		by := map[string]int64{}
		for _, a := range row.Latest.Result.Aspects {
			by[a.Code] = a.Hundredths
		}
		for _, c := range d.Columns {
			h, ok := by[c.Code]
			if !ok {
				row.Cells = append(row.Cells, heatCell{Text: "–"})
				continue
			}
			class := min(max(int(h/100), 0), heatLevels-1)
			row.Cells = append(row.Cells, heatCell{Text: v.IPP(h), Fill: fills[class]})
		}
	}
	s.render(w, r, "monitoring_city", http.StatusOK, v)
}

// cityData reads the city's results of the year asked for: what the page
// and the recap for the mayor show, so that both say the same.
func (s *Server) cityData(r *http.Request) (*cityResultsData, error) {
	ctx := r.Context()
	p := principal(r)
	today := monitor.Day(s.db.Now())
	cities, err := s.monitoringCities(r)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cities, func(c region.Region) bool { return c.Code == r.PathValue("code") })
	if i < 0 {
		return nil, errs.New(errs.Forbidden, "err.out_of_scope")
	}
	d := &cityResultsData{City: &cities[i], Year: pastYear(r, today.Year())}
	d.Prev = d.Year - 1
	if d.Year < today.Year() {
		d.Next = d.Year + 1
	}
	from := time.Date(d.Year, 1, 1, 0, 0, 0, 0, clock.Jakarta)
	to := time.Date(d.Year, 12, 31, 0, 0, 0, 0, clock.Jakarta)
	teams, err := s.db.Teams(ctx, d.City.Code)
	var units []unit.Unit
	var outs []store.VisitOutcome
	var levels []store.VisitLevel
	var cad monitor.Cadence
	if err == nil {
		units, err = s.db.ScopeUnits(ctx, teams)
	}
	if err == nil {
		outs, err = s.db.ResultsIn(ctx, d.City.Code, from, to)
	}
	if err == nil {
		levels, err = s.db.TeamLevelsIn(ctx, d.City.Code, from, to)
	}
	if err == nil {
		cad, err = s.db.Cadence(ctx, d.City.Code)
	}
	if err == nil {
		d.Share, err = s.db.UserShareOf(ctx, d.City.Code)
	}
	if err == nil {
		d.Shares, err = s.db.UserShareHistory(ctx, d.City.Code)
	}
	if err != nil {
		return nil, err
	}
	d.Teams = teams
	// The units of the calendar: in the teams' scope, in the city, seen by the user.
	units = slices.DeleteFunc(units, func(u unit.Unit) bool {
		return !region.Within(u.RegionCode, d.City.Code) || !p.SeesUnit(u.ID, u.RegionCode)
	})
	inScope := map[string]bool{}
	for _, u := range units {
		inScope[u.ID] = true
	}
	// The ranking and the heat map compare PEKPPP results only: a visit
	// scored on the city's light checklist has other aspects and scale.
	vs := versions{}
	latest := map[string]*store.VisitOutcome{}
	for i := range outs {
		if !inScope[outs[i].UnitID] {
			continue
		}
		if id := outs[i].InstrumentVersionID; id != "" {
			v, err := s.version(ctx, vs, id)
			if err != nil {
				return nil, err
			}
			if v.Kind != instrument.KindPEKPPP {
				continue
			}
		}
		latest[outs[i].UnitID] = &outs[i] // oldest first: the last one stays
	}
	d.CanShare = p.Is(account.Admin) && p.AdministersRegion(d.City.Code)
	for _, u := range units {
		row := cityRankRow{Unit: u, Latest: latest[u.ID]}
		if row.Latest != nil {
			if row.Year, err = s.yearResultOf(ctx, vs, &u, row.Latest, d.Year, d.Share, false); err != nil {
				return nil, err
			}
		}
		d.Ranked = append(d.Ranked, row)
		if row.Latest != nil && d.Columns == nil {
			d.Columns = row.Latest.Result.Aspects
		}
	}
	slices.SortStableFunc(d.Ranked, func(a, b cityRankRow) int {
		// Units without a result last; a tie in IPP by code.
		ia, ib := int64(-1), int64(-1)
		if a.Latest != nil {
			ia = a.Latest.Result.IPP
		}
		if b.Latest != nil {
			ib = b.Latest.Result.IPP
		}
		return cmp.Or(cmp.Compare(ib, ia), cmp.Compare(a.Unit.Code, b.Unit.Code))
	})
	var first *instrument.Version // the category table of the top unit's instrument
	for i := range d.Ranked {
		if o := d.Ranked[i].Latest; o != nil {
			d.Ranked[i].Rank = i + 1
			if first == nil && o.InstrumentVersionID != "" {
				iv, err := s.version(ctx, vs, o.InstrumentVersionID)
				if err != nil {
					return nil, err
				}
				first = iv.Version
			}
		}
	}
	d.Mean = meanOf(d.Ranked, d.Columns, first)
	if d.Weakest, err = s.weakest(r, units, latest, levels); err != nil {
		return nil, err
	}
	if d.Cycles, err = s.yearCoverage(r, cad, d.Year, today, units); err != nil {
		return nil, err
	}
	return d, nil
}

// weakest ranks the indicators by the mean of the units' levels at their
// latest visit scored this year, the lowest first, and counts the units
// that scored each 2 or lower; the names come from those visits'
// instrument versions.
func (s *Server) weakest(r *http.Request, units []unit.Unit, latest map[string]*store.VisitOutcome, levels []store.VisitLevel) ([]weakRow, error) {
	seen := map[string]bool{}
	names := map[string]string{}
	for _, u := range units {
		o := latest[u.ID]
		if o == nil || seen[o.InstrumentVersionID] || o.InstrumentVersionID == "" {
			continue
		}
		seen[o.InstrumentVersionID] = true
		iv, err := s.db.InstrumentVersionByID(r.Context(), o.InstrumentVersionID)
		if err != nil {
			return nil, err
		}
		for _, a := range iv.Aspects {
			for _, ind := range a.Indicators {
				names[ind.Code] = ind.Name
			}
		}
	}
	sums := map[string]*weakRow{}
	for _, l := range levels {
		o := latest[l.UnitID]
		if o == nil || o.ID != l.VisitID {
			continue // an earlier visit, or a unit out of the page's scope
		}
		w := sums[l.Indicator]
		if w == nil {
			w = &weakRow{Code: l.Indicator, Name: names[l.Indicator]}
			sums[l.Indicator] = w
		}
		w.Units++
		w.Mean += float64(l.Level)
		if l.Level <= 2 {
			w.Low++
		}
	}
	out := make([]weakRow, 0, len(sums))
	for _, w := range sums {
		w.Mean /= float64(w.Units)
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b weakRow) int {
		return cmp.Or(cmp.Compare(a.Mean, b.Mean), cmp.Compare(b.Low, a.Low), cmp.Compare(a.Code, b.Code))
	})
	return out[:min(len(out), weakestShown)], nil
}

// yearCoverage is the coverage of each cycle of the year opened by today,
// as the calendar counts it: one window's visits read per cycle.
func (s *Server) yearCoverage(r *http.Request, cad monitor.Cadence, year int, today time.Time, units []unit.Unit) ([]cycleRow, error) {
	scoped := make([]monitor.Scoped, len(units))
	for i, u := range units {
		scoped[i] = monitor.Scoped{UnitID: u.ID, RegionCode: u.RegionCode, TypeCode: u.TypeCode}
	}
	var out []cycleRow
	for _, win := range monitor.Windows(cad, year) {
		if win.Start.After(today) {
			break
		}
		vs, err := s.db.WindowVisits(r.Context(), win)
		if err != nil {
			return nil, err
		}
		done := map[string]bool{}
		for id, vis := range vs {
			done[id] = vis.Done()
		}
		cy := cycleRow{Window: win, Open: !today.After(win.End)}
		if cs := monitor.CoverageOf(scoped, done, nil); len(cs) > 0 {
			cy.Coverage = cs[0]
		}
		out = append(out, cy)
	}
	return out, nil
}
