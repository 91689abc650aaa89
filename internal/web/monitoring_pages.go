package web

import (
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The monitoring team's workspace (issue #13): the calendar of visits and
// the coverage of each cycle (monitoring_pages.go), the teams and the
// city's cadence (monitoring_teams.go).

// cityOf is the city (or province) whose monitoring a region belongs to.
func cityOf(code string) string {
	if len(code) > 5 {
		return code[:5]
	}
	return code
}

// visitRow is a unit's line in a window: its visit and status.
type visitRow struct {
	Unit      unit.Unit
	Kecamatan string
	Visit     *monitor.Visit
	Status    monitor.Status
	CanRecord bool // the user may plan it (ahead too) or mark it done
	Findings  int  // findings recorded at the visit (linked to the unit's findings of it)
}

// calendarDay is a day of the month view with the visits planned or done on it.
type calendarDay struct {
	Day     time.Time
	InMonth bool
	Today   bool
	Visits  []visitRow
}

// cycleRow is a window of the year with its coverage.
type cycleRow struct {
	Window   monitor.Window
	Coverage monitor.Coverage
	Open     bool // the window has not closed
	Current  bool // the window shown
}

// monitoringData is the calendar page (monitoring.html).
type monitoringData struct {
	City        string
	Cities      []region.Region // the cities the user may choose between
	Teams       []monitor.Team
	Cadence     monitor.Cadence
	Window      monitor.Window
	Ahead       bool // the window has not opened: visits are planned, not done
	Month       time.Time
	Prev, Next  string // months, YYYY-MM
	List        bool   // the list view (else the month view)
	Weeks       [][]calendarDay
	Rows        []visitRow
	Statuses    []monitor.Status // in the order the counts are shown
	Counts      map[monitor.Status]int
	Overdue     int
	Total       []monitor.Coverage // the whole city (one group)
	ByKecamatan []monitor.Coverage
	ByType      []monitor.Coverage
	Year        []cycleRow
	Names       map[string]string // region and unit type names by code
	Today       string
}

// monitoringCities are the cities whose calendar the user may see: the
// user's own (a city or kecamatan user), the cities of a province, or for
// an operator the cities of the user's units (the calendar then shows
// those units only).
func (s *Server) monitoringCities(r *http.Request) ([]region.Region, error) {
	p := principal(r)
	codes := []string{cityOf(p.RegionCode)}
	switch lvl, _ := region.LevelOf(p.RegionCode); {
	case p.Role == account.Operator:
		ids := make([]string, 0, len(p.UnitIDs))
		for id := range p.UnitIDs {
			ids = append(ids, id)
		}
		units, _, err := s.db.Units(r.Context(), store.UnitFilter{UnitIDs: ids})
		if err != nil {
			return nil, err
		}
		codes = nil
		for _, u := range units {
			if c := cityOf(u.RegionCode); !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		slices.Sort(codes)
	case lvl == region.Province:
		return s.db.RegionsByLevelWithin(r.Context(), region.City, p.RegionCode)
	}
	var out []region.Region
	for _, c := range codes {
		reg, err := s.db.Region(r.Context(), c)
		if err != nil {
			return nil, err
		}
		out = append(out, *reg)
	}
	return out, nil
}

// monitoringCalendar: GET /kelola/pemantauan?kota=&bulan=YYYY-MM&tampilan=daftar
// — the visits of a city's units in the window of a month: planned, done,
// overdue; the coverage of that cycle and of the year's cycles. Reads one
// window's visits per cycle shown, whatever the history.
func (s *Server) monitoringCalendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(r)
	now := s.db.Now()
	today := monitor.Day(now)
	q := r.URL.Query()
	d := &monitoringData{List: q.Get("tampilan") == "daftar", Counts: map[monitor.Status]int{}, Today: today.Format(time.DateOnly),
		Statuses: []monitor.Status{monitor.Done, monitor.Planned, monitor.Due, monitor.Overdue, monitor.Upcoming}}
	var err error
	if d.Cities, err = s.monitoringCities(r); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Month = time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, clock.Jakarta)
	if m, err := time.ParseInLocation("2006-01", q.Get("bulan"), clock.Jakarta); err == nil && m.Year() >= 2000 && m.Year() <= 2100 {
		d.Month = m
	}
	d.Prev, d.Next = d.Month.AddDate(0, -1, 0).Format("2006-01"), d.Month.AddDate(0, 1, 0).Format("2006-01")
	v := s.newView(r, "monitor.title", d)
	if len(d.Cities) == 0 {
		s.render(w, r, "monitoring", http.StatusOK, v)
		return
	}
	d.City = d.Cities[0].Code
	for _, c := range d.Cities {
		if c.Code == q.Get("kota") {
			d.City = c.Code
		}
	}
	if d.Teams, err = s.db.Teams(ctx, d.City); err == nil {
		d.Cadence, err = s.db.Cadence(ctx, d.City)
	}
	var units []unit.Unit
	if err == nil {
		units, err = s.db.ScopeUnits(ctx, d.Teams)
	}
	var visits map[string]*monitor.Visit
	d.Window = monitor.WindowAt(d.Cadence, d.Month)
	d.Ahead = d.Window.Start.After(today)
	if err == nil {
		visits, err = s.db.WindowVisits(ctx, d.Window)
	}
	if err == nil {
		d.Names, err = s.typeNames(r)
	}
	var districts []region.Region
	if err == nil {
		districts, err = s.db.RegionsByLevelWithin(ctx, region.District, d.City)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range districts {
		d.Names[k.Code] = k.Name
	}
	units = slices.DeleteFunc(units, func(u unit.Unit) bool { return !region.Within(u.RegionCode, d.City) || !p.SeesUnit(u.ID, u.RegionCode) })
	var scoped []monitor.Scoped
	visited := map[string]bool{}
	for _, u := range units {
		row := visitRow{Unit: u, Kecamatan: monitor.Kecamatan(u.RegionCode), Visit: visits[u.ID]}
		row.Status = monitor.StatusOf(d.Window, row.Visit, now)
		row.CanRecord = canRecordVisit(p, d.Teams, &u) && row.Status != monitor.Done
		d.Counts[row.Status]++
		d.Rows = append(d.Rows, row)
		scoped = append(scoped, monitor.Scoped{UnitID: u.ID, RegionCode: u.RegionCode, TypeCode: u.TypeCode})
		visited[u.ID] = row.Visit.Done()
	}
	if err := s.countFindings(r, d.City, d.Rows); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Overdue = d.Counts[monitor.Overdue]
	d.Total = monitor.CoverageOf(scoped, visited, nil)
	d.ByKecamatan = monitor.CoverageOf(scoped, visited, func(u monitor.Scoped) string { return monitor.Kecamatan(u.RegionCode) })
	d.ByType = monitor.CoverageOf(scoped, visited, func(u monitor.Scoped) string { return u.TypeCode })
	for _, win := range monitor.Windows(d.Cadence, d.Window.Start.Year()) {
		if win.Start.After(today) {
			break
		}
		cy := cycleRow{Window: win, Open: !today.After(win.End), Current: win == d.Window}
		done := visited
		if !cy.Current {
			vs, err := s.db.WindowVisits(ctx, win)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			done = map[string]bool{}
			for id, vis := range vs {
				done[id] = vis.Done()
			}
		}
		if cs := monitor.CoverageOf(scoped, done, nil); len(cs) > 0 {
			cy.Coverage = cs[0]
		}
		d.Year = append(d.Year, cy)
	}
	d.Weeks = monthWeeks(d.Month, today, d.Rows)
	v.Title = v.T("monitor.title") + " — " + d.Names[d.City]
	if reg, err := s.db.Region(ctx, d.City); err == nil {
		v.Title = v.T("monitor.title") + " — " + reg.Name
	}
	s.render(w, r, "monitoring", http.StatusOK, v)
}

// countFindings sets each row's number of findings recorded at its visit.
func (s *Server) countFindings(r *http.Request, city string, rows []visitRow) error {
	byVisit := map[string]*visitRow{}
	ids := []string{}
	for i := range rows {
		if v := rows[i].Visit; v.Done() {
			byVisit[v.ID] = &rows[i]
			ids = append(ids, v.ID)
		}
	}
	found, err := s.db.Findings(r.Context(), store.FindingFilter{RegionCode: city, VisitIDs: ids})
	for _, f := range found {
		byVisit[f.VisitID].Findings++
	}
	return err
}

// monthWeeks lays the month out in weeks from Monday, each day with the
// visits planned (not yet done) or done on it.
func monthWeeks(month, today time.Time, rows []visitRow) [][]calendarDay {
	byDay := map[string][]visitRow{}
	for _, row := range rows {
		switch {
		case row.Visit.Done():
			byDay[row.Visit.DoneOn.Format(time.DateOnly)] = append(byDay[row.Visit.DoneOn.Format(time.DateOnly)], row)
		case row.Visit != nil && !row.Visit.PlannedOn.IsZero():
			byDay[row.Visit.PlannedOn.Format(time.DateOnly)] = append(byDay[row.Visit.PlannedOn.Format(time.DateOnly)], row)
		}
	}
	start := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7)) // the Monday on or before the 1st
	var weeks [][]calendarDay
	for day := start; day.Before(month.AddDate(0, 1, 0)); {
		week := make([]calendarDay, 7)
		for i := range week {
			week[i] = calendarDay{Day: day, InMonth: day.Month() == month.Month(), Today: day.Equal(today), Visits: byDay[day.Format(time.DateOnly)]}
			day = day.AddDate(0, 0, 1)
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// canRecordVisit reports whether p may plan or record u's visit: a member
// of a team covering the unit, or an administrator of its region.
func canRecordVisit(p *account.Principal, teams []monitor.Team, u *unit.Unit) bool {
	return teamFor(p, teams, u) != nil
}

// teamFor is the team p records u's visit for: the first covering team p
// is a member of, or for an administrator of the unit's region the first
// covering team; nil when p may not record it.
func teamFor(p *account.Principal, teams []monitor.Team, u *unit.Unit) *monitor.Team {
	var any *monitor.Team
	for i := range teams {
		t := &teams[i]
		if !t.Covers(u.ID, u.RegionCode) {
			continue
		}
		if p.Is(account.Evaluator, account.Admin) && t.HasMember(p.UserID) {
			return t
		}
		if any == nil {
			any = t
		}
	}
	if any != nil && p.AdministersRegion(u.RegionCode) {
		return any
	}
	return nil
}

// recordVisit: POST /kelola/pemantauan/unit/{code} — window=YYYY-MM-DD and
// step=plan with planned_on, or step=done with done_on. A row form: its
// messages stand next to the unit's row in the list.
func (s *Server) recordVisit(w http.ResponseWriter, r *http.Request) {
	u, team, ok := s.teamForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	city := cityOf(u.RegionCode)
	c, err := s.db.Cadence(ctx, city)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	win, ok := monitor.WindowByKey(c, f.Get("window"))
	step := store.VisitStep{Team: team, Window: win}
	now := s.db.Now()
	switch {
	case !ok:
		err = errs.InvalidField("window", "monitor.err.window")
	case f.Get("step") == "done":
		step.Done, err = monitor.CheckDone(win, f.Get("done_on"), now)
	default:
		step.Plan, err = monitor.CheckPlan(win, f.Get("planned_on"), now)
	}
	if err == nil {
		_, err = s.db.RecordVisit(ctx, s.actor(r), u, step)
	}
	if err != nil {
		s.formFailedRow(w, r, err, u.Code, s.monitoringAgain)
		return
	}
	s.flash(r, "monitor.visit_saved")
	redirect(w, r, "/kelola/pemantauan?"+url.Values{"kota": {city}, "bulan": {win.Start.Format("2006-01")}, "tampilan": {"daftar"}}.Encode()+"#v-"+u.Code)
}

// monitoringAgain shows the list of the posted window again for a refused visit.
func (s *Server) monitoringAgain(w http.ResponseWriter, r *http.Request) {
	q := url.Values{"tampilan": {"daftar"}, "kota": {cityOf(r.PathValue("code"))}}
	if u, err := s.db.UnitByCode(r.Context(), r.PathValue("code")); err == nil {
		q.Set("kota", cityOf(u.RegionCode))
	}
	if k := r.PostForm.Get("window"); len(k) >= 7 {
		q.Set("bulan", k[:7])
	}
	r.URL.RawQuery = q.Encode()
	s.monitoringCalendar(w, r)
}

// Percent shows a coverage as a percentage with one decimal ("87,5 %").
func (v *view) Percent(c monitor.Coverage) string {
	return v.Dec(c.Percent(), 1) + " %"
}

// WindowLabel names a window by its days ("1 Nov – 31 Des 2026").
func (v *view) WindowLabel(w monitor.Window) string {
	return v.DateRange(w.Start.Format(time.DateOnly), w.End.Format(time.DateOnly))
}

// StatusTag is the tag class of a visit status.
func (v *view) StatusTag(st monitor.Status) string {
	return map[monitor.Status]string{monitor.Done: "ok", monitor.Overdue: "bad", monitor.Planned: "soon", monitor.Due: "warn"}[st]
}

// MonthName names a month ("Desember 2026").
func (v *view) MonthName(t time.Time) string { return i18n.Month(v.Lang, t.Format("2006-01")) }

// Weekday is the short name of a day's weekday (0 Sunday … 6 Saturday).
func (v *view) Weekday(t time.Time) string {
	return v.T("monitor.weekday." + strconv.Itoa(int(t.Weekday())))
}

// teamFile: GET /kelola/pemantauan/tim/{id}/sk/{file} — a scan of a team's decree.
func (s *Server) teamFile(w http.ResponseWriter, r *http.Request) {
	t, err := s.seenTeam(r)
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), "", r.PathValue("file"))
	}
	if err == nil && (f.OwnerType != store.OwnerTeam || f.OwnerID != t.ID) {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}
