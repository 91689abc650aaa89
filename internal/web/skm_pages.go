package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// period reads the period of a results page: ?p=2026-T3 (quarter),
// 2026-S1 (semester), 2026 (year), or ?dari=…&sampai=… (any dates); the
// current quarter by default.
func (s *Server) period(r *http.Request) (skm.Range, string, error) {
	q := r.URL.Query()
	if q.Get("dari") != "" || q.Get("sampai") != "" {
		rng, err := skm.ParseRange(q.Get("dari"), q.Get("sampai"))
		if err != nil {
			return skm.Range{}, "", err
		}
		return rng, i18n.DateRange(lang(r), rng.From, rng.To), nil
	}
	if p := q.Get("p"); p != "" {
		return skm.ParsePeriod(p)
	}
	rng, label := skm.CurrentQuarter(s.db.Now())
	return rng, label, nil
}

// periodChoice is one entry of the period selector.
type periodChoice struct{ Code, Label string }

func (s *Server) periodChoices() []periodChoice {
	var out []periodChoice
	codes := skm.QuarterCodes(s.db.Now(), 8)
	for i := len(codes) - 1; i >= 0; i-- {
		_, label, _ := skm.ParsePeriod(codes[i])
		out = append(out, periodChoice{codes[i], label})
	}
	year := s.db.Now().In(clock.Jakarta).Year() // the Indonesian year, whatever the server's zone
	for _, code := range []string{skm.PeriodCode(skm.Semester, year, 2), skm.PeriodCode(skm.Semester, year, 1), strconv.Itoa(year), strconv.Itoa(year - 1)} {
		_, label, _ := skm.ParsePeriod(code)
		out = append(out, periodChoice{code, label})
	}
	return out
}

// nrrChart draws the NRR of each element, the three weakest marked.
func nrrChart(v *view, res skm.Result) barChart {
	var labels, texts []string
	var values []float64
	for _, e := range res.Elements {
		labels = append(labels, e.Code+" "+e.NameIn(v.Lang == i18n.EN))
		texts = append(texts, v.Dec(e.NRRRounded, 2))
		values = append(values, e.NRR)
	}
	c := newBarChart("nrr", v.T("skm.chart_nrr"), v.T("skm.chart_nrr_desc"), labels, texts, values, 0, 4, 3,
		[]string{"0", "1", "2", "3", "4"})
	// Orange means one thing: the three weakest elements, as in the PDF.
	c.Legend = []legendItem{{"", v.T("chart.legend_other")}, {"weak", v.T("chart.legend_weak")}}
	return c
}

// unitSKM is the data of a unit's survey dashboard.
type unitSKM struct {
	Unit        *unit.Unit
	Range       skm.Range
	Label       string
	PeriodCode  string
	Periods     []periodChoice
	Summary     skm.Summary
	Chart       barChart
	Trend       barChart
	TrendRows   []trendRow
	Services    []serviceResult
	Weakest     []skm.ElementResult
	Saran       []store.Saran
	Actions     []skm.Action
	Instrument  *skm.Instrument
	Questions   []store.Question
	Kiosks      []store.Kiosk
	Held        int // held responses waiting for review (managers only)
	Manage      bool
	Statuses    []skm.ActionStatus
	ProfileRows []profileRow
	Progress    int // % of the sample target reached
}

type trendRow struct {
	Label  string
	Result skm.Result
}

type serviceResult struct {
	Name   string
	Code   string
	Result skm.Result
}

type profileRow struct {
	Dimension string
	Label     string
	Count     int64
	Percent   float64
}

func (s *Server) unitSKMPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "skm.unit_title", nil)
	d, err := s.unitSKMData(r, v, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Data = d
	v.Title = v.T("skm.unit_title") + " — " + u.Name
	v.Form.Set("p", d.PeriodCode)
	s.render(w, r, "skm_unit", http.StatusOK, v)
}

func (s *Server) unitSKMData(r *http.Request, v *view, u *unit.Unit) (*unitSKM, error) {
	ctx := r.Context()
	rng, label, err := s.period(r)
	if err != nil {
		return nil, err
	}
	sum, err := skm.Summarize(ctx, s.db, u.ID, "", rng)
	if err != nil {
		return nil, err
	}
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		return nil, err
	}
	d := &unitSKM{Unit: u, Range: rng, Label: label, PeriodCode: r.URL.Query().Get("p"), Periods: s.periodChoices(), Summary: sum,
		Instrument: in, Manage: principal(r).ManagesUnit(u.ID, u.RegionCode), Statuses: skm.ActionStatuses}
	d.Chart = nrrChart(v, sum.Result)
	d.Weakest = skm.Weakest(sum.Result, 3)
	if sum.SampleTarget > 0 {
		d.Progress = int(min(100, sum.Respondents*100/sum.SampleTarget))
	}
	// Per service.
	rows, err := s.db.Tallies(ctx, store.TallyQuery{Range: rng, Instrument: in.Code, UnitIDs: []string{u.ID}, ByService: true})
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		t, _ := row.Tally(len(in.Elements))
		res, err := skm.Compute(in, t, skm.Exact)
		if err != nil {
			return nil, err
		}
		sr := serviceResult{Name: v.T("skm.no_service"), Result: res}
		for _, sv := range u.Services {
			if sv.ID == row.ServiceID {
				sr.Name, sr.Code = sv.Name, sv.Code
			}
		}
		d.Services = append(d.Services, sr)
	}
	slices.SortFunc(d.Services, func(a, b serviceResult) int { return strings.Compare(a.Name, b.Name) })
	// Trend over the last six quarters.
	for _, code := range skm.QuarterCodes(s.db.Now(), 6) {
		qr, ql, _ := skm.ParsePeriod(code)
		qs, err := skm.Summarize(ctx, s.db, u.ID, "", qr)
		if err != nil {
			return nil, err
		}
		d.TrendRows = append(d.TrendRows, trendRow{Label: ql, Result: qs.Result})
	}
	d.Trend = trendChart(v, "trend", v.T("skm.chart_trend"), v.T("skm.chart_trend_desc"), d.TrendRows)
	// Profile of respondents.
	for _, dim := range []struct {
		name string
		opts []skm.Option
	}{{"sex", skm.Sexes}, {"age", skm.AgeBands}, {"education", skm.Educations}, {"occupation", skm.Occupations}, {"channel", channelOptions()}} {
		for _, o := range dim.opts {
			n := sum.Profile[dim.name][o.Code]
			pr := profileRow{Dimension: dim.name, Label: profileLabel(v, dim.name, o), Count: n}
			if sum.Respondents > 0 {
				pr.Percent = float64(n) * 100 / float64(sum.Respondents)
			}
			d.ProfileRows = append(d.ProfileRows, pr)
		}
	}
	if d.Saran, err = s.db.LatestSaran(ctx, u.ID, 10); err != nil {
		return nil, err
	}
	if d.Actions, err = s.db.Actions(ctx, u.ID); err != nil {
		return nil, err
	}
	if d.Questions, err = s.db.Questions(ctx, u.ID, false); err != nil {
		return nil, err
	}
	if d.Kiosks, err = s.db.Kiosks(ctx, u.ID); err != nil {
		return nil, err
	}
	if d.Manage {
		held, err := s.db.HeldCounts(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, n := range held {
			d.Held += n
		}
	}
	return d, nil
}

// trendChart draws the IKM konversi per quarter of a unit (the survey
// dashboard) or a region (the dashboard's insight).
func trendChart(v *view, id, title, desc string, rows []trendRow) barChart {
	var labels, texts []string
	var values []float64
	for _, row := range rows {
		labels = append(labels, v.Period(row.Label))
		if row.Result.Complete {
			texts = append(texts, v.Dec(row.Result.KonversiRounded, 2)+" ("+row.Result.Mutu+")")
		} else {
			texts = append(texts, v.T("skm.no_data"))
		}
		values = append(values, row.Result.KonversiRounded)
	}
	return newBarChart(id, title, desc, labels, texts, values, 25, 100, 0, []string{"25", "50", "75", "100"})
}

// profileLabel is an answer of the respondent profile as the page's language
// says it: sexes, occupations and channels have catalog names, the other
// options (education levels, age bands) read the same in both languages.
func profileLabel(v *view, dim string, o skm.Option) string {
	switch dim {
	case "sex":
		return v.T("skm.sex." + o.Code)
	case "occupation":
		return v.T("skm.occ." + o.Code)
	case "channel":
		return v.T("skm.channel." + o.Code)
	}
	return o.Label
}

func channelOptions() []skm.Option {
	out := make([]skm.Option, len(skm.Channels))
	for i, c := range skm.Channels {
		out[i] = skm.Option{Code: string(c), Label: string(c)}
	}
	return out
}

// --- ranking of units ---

type rankRow struct {
	Rank     int
	Unit     unit.Unit
	TypeName string
	Result   skm.Result
}

// rankUnits orders units with a complete result by IKM konversi, highest
// first (ties by name), and numbers their ranks: the ranking page's order,
// which the dashboard's weakest units share.
func rankUnits(rows []rankRow) {
	slices.SortStableFunc(rows, func(a, b rankRow) int {
		if a.Result.KonversiHundredths != b.Result.KonversiHundredths {
			return int(b.Result.KonversiHundredths - a.Result.KonversiHundredths)
		}
		return strings.Compare(a.Unit.Name, b.Unit.Name)
	})
	for i := range rows {
		rows[i].Rank = i + 1
	}
}

type ranking struct {
	Rows        []rankRow
	NoData      []unit.Unit
	Pooled      skm.Result
	MeanOfUnits float64
	Label       string
	Range       skm.Range
	Periods     []periodChoice
	Types       []unit.Type
	TypeNames   map[string]string
	Districts   []region.Region // filter choices: cities and kecamatan in scope
}

// rankingData computes the IKM of every unit the user may see (filtered by
// region and type) from rollups: O(units × months).
func (s *Server) rankingData(r *http.Request) (*ranking, error) {
	ctx := r.Context()
	p := principal(r)
	rng, label, err := s.period(r)
	if err != nil {
		return nil, err
	}
	f := unitListQuery(r, p)
	f.Sort, f.Limit, f.Offset = "name", 0, 0
	units, _, err := s.db.Units(ctx, f)
	if err != nil {
		return nil, err
	}
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		return nil, err
	}
	ids := unitIDs(units)
	rows, err := s.db.Tallies(ctx, store.TallyQuery{Range: rng, Instrument: in.Code, UnitIDs: ids, Elements: len(in.Elements)})
	if err != nil {
		return nil, err
	}
	byUnit := map[string]store.TallyRow{}
	for _, row := range rows {
		byUnit[row.UnitID] = row
	}
	types, err := s.db.UnitTypes(ctx)
	if err != nil {
		return nil, err
	}
	names := typeNameMap(lang(r), types)
	d := &ranking{Label: label, Range: rng, Periods: s.periodChoices(), Types: types, TypeNames: names}
	var sumKonversi float64
	for _, u := range units {
		row, ok := byUnit[u.ID]
		if !ok {
			d.NoData = append(d.NoData, u)
			continue
		}
		t, _ := row.Tally(len(in.Elements))
		res, err := skm.Compute(in, t, skm.Exact)
		if err != nil {
			return nil, err
		}
		if !res.Complete {
			d.NoData = append(d.NoData, u)
			continue
		}
		d.Rows = append(d.Rows, rankRow{Unit: u, TypeName: names[u.TypeCode], Result: res})
		sumKonversi += res.Konversi
	}
	rankUnits(d.Rows)
	if len(d.Rows) > 0 {
		d.MeanOfUnits = sumKonversi / float64(len(d.Rows))
	}
	pooled, _ := store.Pooled(rows).Tally(len(in.Elements))
	if d.Pooled, err = skm.Compute(in, pooled, skm.Exact); err != nil {
		return nil, err
	}
	if p.Role != account.Operator {
		// Cities (for province-wide users) then kecamatan, within the scope.
		for _, lvl := range []region.Level{region.City, region.District} {
			rs, err := s.db.RegionsByLevelWithin(ctx, lvl, p.RegionCode)
			if err != nil {
				return nil, err
			}
			d.Districts = append(d.Districts, rs...)
		}
	}
	return d, nil
}

// rankingExport is the ranking as a table: figures as numbers (the index
// to 3 places and the conversion to 2 in CSV, exact in XLSX), the unit
// code as in imports.
func rankingExport(rows []rankRow) report.Export {
	cols := []report.Column{{Title: "peringkat", Kind: report.Int}, {Title: "unit_code", Width: 16}, {Title: "nama", Width: 40}, {Title: "jenis"},
		{Title: "wilayah", Width: 14}, {Title: "responden", Kind: report.Int}, {Title: "ikm", Kind: report.Decimal, Places: 3},
		{Title: "ikm_konversi", Kind: report.Decimal, Places: 2}, {Title: "mutu", Width: 6}, {Title: "kinerja", Width: 14}}
	return report.Export{Sheet: "Peringkat IKM", Columns: cols, Rows: func(add func(...any) error) error {
		for _, row := range rows {
			res := row.Result
			if err := add(row.Rank, row.Unit.Code, row.Unit.Name, row.TypeName, row.Unit.RegionCode, res.Respondents, res.IKMRounded, res.KonversiRounded, res.Mutu, res.Kinerja); err != nil {
				return err
			}
		}
		return nil
	}}
}

func (s *Server) rankingPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.rankingData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "skm.ranking_title", d)
	v.Form = r.URL.Query()
	if format := r.URL.Query().Get("format"); format != "" {
		s.sendExport(w, r, "peringkat-ikm", format, rankingExport(d.Rows))
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		s.renderFragment(w, r, "skm_ranking", "ranking-results", v)
		return
	}
	s.render(w, r, "skm_ranking", http.StatusOK, v)
}

// --- changes from the unit dashboard ---

// skmBack is the survey dashboard of u, in the period the form was posted from.
func (s *Server) skmBack(u *unit.Unit, r *http.Request) string {
	back := "/kelola/skm/unit/" + u.Code
	if p := r.PostForm.Get("p"); p != "" {
		back += "?p=" + p
	}
	return back
}

func (s *Server) setPopulation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	rng, label, err := skm.ParsePeriod(r.PostForm.Get("p"))
	if err != nil {
		s.formFailed(w, r, err, s.unitSKMPageAgain)
		return
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(r.PostForm.Get("population")), ".", ""), 10, 64)
	if err != nil || n < 1 || n > 100_000_000 {
		s.formFailed(w, r, errs.InvalidField("population", "skm.err.population"), s.unitSKMPageAgain)
		return
	}
	if err := s.db.SetPopulation(r.Context(), s.actor(r), u.ID, u.RegionCode, label, rng, n); err != nil {
		s.formFailed(w, r, err, s.unitSKMPageAgain)
		return
	}
	s.flash(r, "skm.population_saved")
	redirect(w, r, s.skmBack(u, r))
}

func (s *Server) saveAction(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	a := &skm.Action{ID: r.PathValue("id"), UnitID: u.ID, Element: f.Get("element"), Programme: f.Get("programme"), Timeline: f.Get("timeline"),
		Responsible: f.Get("responsible"), Status: skm.ActionStatus(f.Get("status")), Evidence: f.Get("evidence")}
	if a.Status == "" {
		a.Status = skm.Planned
	}
	// A plan's update is the form of its row in the plans' table; a new
	// plan (no ID yet) is the page's own form.
	refused := func(err error) { s.formFailedRow(w, r, err, a.ID, s.unitSKMPageAgain) }
	rng, _, err := skm.ParsePeriod(f.Get("p"))
	if err != nil {
		refused(err)
		return
	}
	a.Range = rng
	in, err := s.db.Instrument(r.Context(), skm.Current)
	if err == nil {
		err = errs.Fields("err.form", a.Validate(in))
	}
	if err == nil {
		err = s.db.SaveAction(r.Context(), s.actor(r), u.RegionCode, a)
	}
	if err != nil {
		refused(err)
		return
	}
	s.flash(r, "skm.action_saved")
	redirect(w, r, s.skmBack(u, r)+"#rtl")
}

func (s *Server) addQuestion(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	text := strings.TrimSpace(r.PostForm.Get("text"))
	if text == "" || len([]rune(text)) > 300 {
		s.formFailed(w, r, errs.InvalidField("text", "skm.err.question"), s.unitSKMPageAgain)
		return
	}
	if err := s.db.AddQuestion(r.Context(), s.actor(r), u.ID, u.RegionCode, text); err != nil {
		s.formFailed(w, r, err, s.unitSKMPageAgain)
		return
	}
	s.flash(r, "skm.question_saved")
	redirect(w, r, s.skmBack(u, r)+"#pertanyaan")
}

func (s *Server) toggleQuestion(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	if err := s.db.SetQuestionActive(r.Context(), s.actor(r), u.ID, u.RegionCode, r.PathValue("id"), r.PostForm.Get("active") == "1"); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "skm.question_saved")
	redirect(w, r, s.skmBack(u, r)+"#pertanyaan")
}

// --- public results ("Anda berkata, kami bertindak") ---

func (s *Server) publicResults(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "skm.results_title", nil)
	rng, label, err := s.period(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := skm.Summarize(r.Context(), s.db, u.ID, "", rng)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actions, err := s.db.Actions(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, _ := s.db.Instrument(r.Context(), skm.Current)
	v.Data = map[string]any{"Unit": u, "Summary": sum, "Label": label, "Range": rng, "Chart": nrrChart(v, sum.Result),
		"Actions": actions, "Instrument": in, "Periods": s.periodChoices()}
	v.Title = v.T("skm.results_title") + " — " + u.Name
	v.Form = r.URL.Query()
	s.render(w, r, "skm_public", http.StatusOK, v)
}

// ElementName returns an element's name for templates ("U3 Waktu Penyelesaian").
func (d *unitSKM) ElementName(code string, en bool) string {
	if i := d.Instrument.ElementIndex(code); i >= 0 {
		return code + " " + d.Instrument.Elements[i].NameIn(en)
	}
	return code
}
