package web

// A unit's results over time (issue #13, "Results"), under
// /kelola/pemantauan/unit/{code}: its visits done with the IPP, category
// and aspect scores stored with each (the numbers the visit page shows),
// drawn as a bar chart with the table behind it, and its findings'
// follow-up figures from finding.StatsOf, as on its findings page; the
// result of a year chosen by ?tahun= (monitoring_year.go) with its parts,
// and the unit's registered innovations, the Inovasi aspect's evidence.

import (
	"net/http"

	"mutu/internal/finding"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// resultRow is one visit done in the table: its aspect scores in the
// order of the columns ("–" where the visit's instrument had no such
// aspect).
type resultRow struct {
	store.VisitOutcome
	Scores []string
}

// unitResultsData is the unit's results page (monitoring_unit.html).
type unitResultsData struct {
	Unit    *unit.Unit
	Columns []store.ResultAspect // the aspects of the latest result
	Rows    []resultRow          // oldest first
	Chart   barChart
	Stats   finding.Stats
	// The year's result: Year from ?tahun=, Prev and Next for the
	// selector (Next 0: the year after is in the future).
	Year, Prev, Next int
	YearResult       *yearResult
	YearAspects      []store.ResultAspect
	Innovations      []store.ListedInnovation
}

// unitResults: GET /kelola/pemantauan/unit/{code}.
func (s *Server) unitResults(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.seenUnit(r)
	var outs []store.VisitOutcome
	var fs []store.FindingRow
	var share store.UserShare
	d := &unitResultsData{Unit: u}
	if err == nil {
		outs, err = s.db.UnitResults(ctx, u.ID)
	}
	if err == nil {
		fs, err = s.db.Findings(ctx, store.FindingFilter{UnitID: u.ID})
	}
	if err == nil {
		d.Innovations, err = s.db.UnitInnovations(ctx, u.ID)
	}
	if err == nil {
		share, err = s.db.UserShareOf(ctx, cityOf(u.RegionCode))
	}
	this := monitor.Day(s.db.Now()).Year()
	d.Year = pastYear(r, this)
	d.Prev = d.Year - 1
	if d.Year < this {
		d.Next = d.Year + 1
	}
	if err == nil {
		d.YearResult, err = s.yearResultOf(ctx, versions{}, u, latestOfYear(outs, d.Year), d.Year, share, true)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if o := d.YearResult.Outcome; o != nil {
		d.YearAspects = o.Result.Aspects
	}
	v := s.newView(r, "results.unit_title", d)
	v.Title = v.T("results.unit_title") + " — " + u.Name
	ff := make([]finding.Finding, len(fs))
	for i := range fs {
		ff[i] = fs[i].Finding
	}
	d.Stats = finding.StatsOf(ff, s.db.Now())
	if len(outs) > 0 {
		d.Columns = outs[len(outs)-1].Result.Aspects
	}
	labels, texts, values := make([]string, len(outs)), make([]string, len(outs)), make([]float64, len(outs))
	for i, o := range outs {
		by := map[string]int64{}
		for _, a := range o.Result.Aspects {
			by[a.Code] = a.Hundredths
		}
		row := resultRow{VisitOutcome: o}
		for _, c := range d.Columns {
			text := "–"
			if h, ok := by[c.Code]; ok {
				text = v.IPP(h)
			}
			row.Scores = append(row.Scores, text)
		}
		d.Rows = append(d.Rows, row)
		labels[i], texts[i], values[i] = v.Date(o.DoneOn), v.IPP(o.Result.IPP)+" ("+o.Result.Category+")", float64(o.Result.IPP)/100
	}
	d.Chart = newBarChart("ipp", v.T("results.chart_title"), v.T("results.chart_desc"), labels, texts, values, 0, 5, 0,
		[]string{"0", "1", "2", "3", "4", "5"})
	s.render(w, r, "monitoring_unit", http.StatusOK, v)
}
