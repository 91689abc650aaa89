package web

// The city and province scorecard (issue #14, "City scorecard"), under
// /kelola/rapor/{code}: every unit of the region in the user's scope with
// its latest IKM, IPP, projected Ombudsman opinion, resolutions on time,
// standards in force, innovations and open findings, each beside its
// previous period; filtered by kecamatan and unit type and ordered by any
// column with plain GET links; maps by kecamatan (by city on a province's)
// from the functions that draw the region page's; the cities compared on a
// province's; ?format=xlsx|csv|pdf prints what the page shows. The figures
// come from internal/scorecard over store.Scorecard (one source each).

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/report"
	"mutu/internal/scorecard"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// scorecardData is the page data of scorecard.html.
type scorecardData struct {
	Region    *region.Region
	Card      *scorecard.Card
	Rows      []scorecardRow
	Cities    []scorecardCity
	Heads     []sortHead
	Districts []region.Region
	Types     []choice // Value: the type's code
	Filtered  bool
	Maps      []*mapView
	Exports   []choice // Value: the link, Label: the format
	OwnUnits  bool     // an operator: only their own units
}

// sortHead is a column heading that orders the table by its column; a
// second click turns the order round.
type sortHead struct {
	Label, Href string
	Sort        string // aria-sort: ascending, descending or ""
}

// trendView is a trend as an arrow for the eye and words for everyone.
type trendView struct {
	Class, Arrow, Text string
}

// scorecardRow is one unit's cells, as text (the page, the PDF and the
// CSV/XLSX print the same figures).
type scorecardRow struct {
	scorecard.Row
	Type                  string
	IKM, IKMPeriod        string
	IKMTrend              trendView
	IPP, IPPCategory      string
	IPPTrend              trendView
	Opinion               string
	OnTime                string
	OnTimeTrend           trendView
	Coverage, Innovations string
	Findings              string
}

type scorecardCity struct {
	scorecard.City
	IKM, IPP, OnTime, Coverage string
	IKMTrend, OnTimeTrend      trendView
}

// scorecardLevel is whether a region has a scorecard: a province or a
// city (a kecamatan's units are read on its city's, filtered).
func scorecardLevel(l region.Level) bool { return l == region.Province || l == region.City }

// scorecardPage: GET /kelola/rapor/{code}?kecamatan=&jenis=&urut=&arah=&format=.
func (s *Server) scorecardPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(r)
	here, err := s.db.Region(ctx, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !scorecardLevel(here.Level) {
		s.fail(w, r, errs.New(errs.NotFound, "scorecard.err.level"))
		return
	}
	q := r.URL.Query()
	sc := scorecard.Scope{RegionCode: here.Code}
	if p.Role == account.Operator {
		sc.UnitIDs = scopeFilter(p).UnitIDs
	} else if !region.Within(here.Code, p.RegionCode) {
		s.fail(w, r, errs.New(errs.Forbidden, "err.out_of_scope"))
		return
	}
	format := q.Get("format")
	if format != "" && format != "pdf" {
		if err := checkExportFormat(format); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	query := scorecard.Query{Region: *here, Scope: sc, Now: s.db.Now(), District: q.Get("kecamatan"), Type: q.Get("jenis"), Sort: q.Get("urut")}
	switch q.Get("arah") {
	case "":
		query.Desc = query.Sort != "nama"
	case "turun":
		query.Desc = true
	case "naik":
	default:
		s.fail(w, r, errs.InvalidField("arah", "scorecard.err.direction"))
		return
	}
	v := s.newView(r, "scorecard.title", nil)
	if format != "" {
		v.Lang = i18n.ID // documents are in Indonesian, as the region's report
	}
	// The spreadsheets hold the table only; the page and the PDF the maps
	// too, drawn while the card is read: the complaint maps need nothing of
	// it, the IKM map is of this quarter unless no unit has answers in it
	// yet (then it is drawn again, of the quarter the units show).
	withMaps := format == "" || format == "pdf"
	current := skm.QuarterCodes(query.Now, 1)[0]
	var ikmMaps, complaintMaps []*mapView
	mapsErr := make([]error, 2)
	var wg sync.WaitGroup
	if withMaps {
		wg.Go(func() { ikmMaps, mapsErr[0] = s.scorecardIKMMaps(ctx, v, here, current) })
		wg.Go(func() { complaintMaps, mapsErr[1] = s.regionComplaintMaps(ctx, v, *here) })
	}
	card, err := scorecard.Build(ctx, s.scorecardSource(), query)
	wg.Wait()
	if err = errors.Join(err, mapsErr[0], mapsErr[1]); err != nil {
		s.fail(w, r, err)
		return
	}
	if latest := latestPeriod(card.Rows); withMaps && latest != "" && latest != current {
		if ikmMaps, err = s.scorecardIKMMaps(ctx, v, here, latest); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d, err := s.scorecardView(r, v, here, card)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Maps = append(ikmMaps, complaintMaps...)
	name := "rapor-" + here.Code + "-" + s.db.Now().In(clock.Jakarta).Format("2006-01-02")
	switch format {
	case "":
	case "pdf":
		body, err := report.ScorecardPDF(scorecardDocument(v, d))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
		w.Write(body)
		return
	default:
		s.sendExport(w, r, name, format, scorecardExport(v, d))
		return
	}
	v.Data = d
	v.Form = q
	s.render(w, r, "scorecard", http.StatusOK, v)
}

// scorecardView turns a card into the page's cells, headings and links.
func (s *Server) scorecardView(r *http.Request, v *view, here *region.Region, c *scorecard.Card) (*scorecardData, error) {
	types, err := s.typeNames(r)
	if err != nil {
		return nil, err
	}
	d := &scorecardData{Region: here, Card: c, Districts: c.Districts, Filtered: c.District != "" || c.Type != "",
		OwnUnits: c.Scope.UnitIDs != nil}
	for _, code := range c.Types {
		d.Types = append(d.Types, choice{code, types[code]})
	}
	for _, row := range c.Rows {
		d.Rows = append(d.Rows, scorecardRowOf(v, row, types[row.Unit.TypeCode]))
	}
	for _, ct := range c.Cities {
		d.Cities = append(d.Cities, scorecardCity{City: ct, IKM: ikmText(v, ct.IKM), IKMTrend: ikmTrend(v, ct.IKM),
			IPP: ippMeanText(v, ct.Figures), OnTime: onTimeText(v, ct.OnTime), OnTimeTrend: onTimeTrendView(v, ct.Figures),
			Coverage: coverageText(v, ct.Coverage)})
	}
	base := url.Values{}
	for _, k := range []string{"kecamatan", "jenis"} {
		if x := r.URL.Query().Get(k); x != "" {
			base.Set(k, x)
		}
	}
	path := "/kelola/rapor/" + here.Code
	for _, key := range scorecard.Sorts {
		h := sortHead{Label: v.T("scorecard.col." + key)}
		next := cloneValues(base)
		next.Set("urut", key)
		desc := key != "nama" // the first click: the best first, names from A
		if key == c.Sort {
			h.Sort = "ascending"
			if c.Desc {
				h.Sort = "descending"
			}
			desc = !c.Desc
		}
		if desc {
			next.Set("arah", "turun")
		} else {
			next.Set("arah", "naik")
		}
		h.Href = path + "?" + next.Encode()
		d.Heads = append(d.Heads, h)
	}
	for _, f := range []string{"xlsx", "csv", "pdf"} {
		x := cloneValues(r.URL.Query())
		x.Set("format", f)
		d.Exports = append(d.Exports, choice{path + "?" + x.Encode(), strings.ToUpper(f)})
	}
	return d, nil
}

// scorecardIKMMaps is the IKM map by kecamatan (by city on a province's)
// of the whole region in a quarter: the region page's.
func (s *Server) scorecardIKMMaps(ctx context.Context, v *view, here *region.Region, code string) ([]*mapView, error) {
	level := region.District
	if here.Level == region.Province {
		level = region.City
	}
	rng, label, err := skm.ParsePeriod(code)
	if err != nil {
		return nil, err
	}
	return s.regionIKMMaps(ctx, v, *here, []region.Level{level}, rng, v.Period(label), func(string) string { return "" })
}

// latestPeriod is the latest IKM period among the rows (the current
// quarter once any unit has answers in it).
func latestPeriod(rows []scorecard.Row) string {
	latest := ""
	for _, r := range rows {
		latest = max(latest, r.IKM.Period)
	}
	return latest
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func scorecardRowOf(v *view, row scorecard.Row, typeName string) scorecardRow {
	out := scorecardRow{Row: row, Type: typeName, IKM: ikmText(v, row.IKM), IKMTrend: ikmTrend(v, row.IKM), IPP: "–",
		OnTime: onTimeText(v, row.OnTime), OnTimeTrend: onTimeTrendView(v, row.Figures), Coverage: coverageText(v, row.Coverage),
		Innovations: v.T("scorecard.innovations", v.Int(row.Innovations.Launched), v.Int(row.Innovations.Total)),
		Findings:    v.Int(row.OpenFindings), Opinion: v.T("scorecard.no_projection")}
	if _, label, err := skm.ParsePeriod(row.IKM.Period); err == nil {
		out.IKMPeriod = v.Period(label)
	}
	if row.IPP != nil {
		out.IPP, out.IPPCategory = v.IPP(row.IPP.IPP), row.IPP.Category
		prev := ""
		if row.PrevIPP != nil {
			prev = v.IPP(row.PrevIPP.IPP)
		}
		out.IPPTrend = trendOf(v, row.IPPTrend, prev)
	}
	if row.Overdue > 0 {
		out.Findings = v.T("scorecard.findings_overdue", v.Int(row.OpenFindings), v.Int(row.Overdue))
	}
	if row.Opinion != nil {
		out.Opinion = row.Opinion.Label + " (" + v.Dec(row.Opinion.Score, 2) + ")"
	}
	return out
}

func ikmText(v *view, s scorecard.Survey) string {
	if !s.HasNow {
		return "–"
	}
	return v.Dec(float64(s.Now.KonversiHundredths)/100, 2) + " (" + s.Now.Mutu + ")"
}

func ikmTrend(v *view, s scorecard.Survey) trendView {
	prev := ""
	if s.Prev.Complete {
		prev = v.Dec(float64(s.Prev.KonversiHundredths)/100, 2)
	}
	return trendOf(v, s.Trend, prev)
}

func ippMeanText(v *view, f scorecard.Figures) string {
	if f.IPPUnits == 0 {
		return "–"
	}
	return v.T("scorecard.ipp_mean", v.Dec(f.IPPMean, 2), v.Int(f.IPPUnits))
}

func onTimeText(v *view, o scorecard.OnTime) string {
	if o.Judged == 0 {
		return "–"
	}
	return v.Dec(o.Rate(), 1) + "%"
}

func onTimeTrendView(v *view, f scorecard.Figures) trendView {
	prev := ""
	if f.PrevOnTime.Judged > 0 {
		prev = onTimeText(v, f.PrevOnTime)
	}
	return trendOf(v, f.OnTimeTrend, prev)
}

func coverageText(v *view, c standard.Coverage) string {
	p, ok := c.Percent()
	if !ok {
		return "–"
	}
	return v.Dec(p, 1) + "%"
}

// trendOf says a trend with the previous figure: "naik dari 82,00".
func trendOf(v *view, t scorecard.Trend, prev string) trendView {
	switch t {
	case scorecard.Up:
		return trendView{"up", "▲", v.T("scorecard.trend_up", prev)}
	case scorecard.Down:
		return trendView{"down", "▼", v.T("scorecard.trend_down", prev)}
	case scorecard.Same:
		return trendView{"same", "=", v.T("scorecard.trend_same", prev)}
	}
	return trendView{Text: v.T("scorecard.trend_none")}
}

// scorecardColumns are the printed table's headings after the unit's.
func scorecardColumns(v *view) []string {
	return []string{v.T("field.unit"), v.T("level.district"), v.T("scorecard.col.ikm"), v.T("scorecard.col.ipp"), v.T("scorecard.col.opini"),
		v.T("scorecard.col.tepat"), v.T("scorecard.col.standar"), v.T("scorecard.col.inovasi"), v.T("scorecard.col.temuan")}
}

// scorecardDocument is the page as a PDF: the same rows in the same order,
// each trend in words.
func scorecardDocument(v *view, d *scorecardData) report.Scorecard {
	c := d.Card
	doc := report.Scorecard{Region: d.Region.Name, Code: d.Region.Code, Level: v.T("level." + string(d.Region.Level)),
		Generated: c.Now.In(clock.Jakarta), Head: scorecardColumns(v), Notes: []string{v.T("scorecard.lead"), v.T("scorecard.periods")}}
	var filter []string
	if c.District != "" {
		for _, k := range d.Districts {
			if k.Code == c.District {
				filter = append(filter, v.T("level.district")+" "+k.Name)
			}
		}
	}
	for _, t := range d.Types {
		if t.Value == c.Type {
			filter = append(filter, v.T("field.type")+" "+t.Label)
		}
	}
	doc.Filter = strings.Join(filter, ", ")
	words := func(s string, t trendView) string {
		if t.Class == "" {
			return s
		}
		return s + " (" + t.Text + ")"
	}
	for _, row := range d.Rows {
		doc.Rows = append(doc.Rows, []string{row.Unit.Name, row.District.Name, words(row.IKM, row.IKMTrend),
			words(row.IPP, row.IPPTrend), row.Opinion, words(row.OnTime, row.OnTimeTrend), row.Coverage, row.Innovations, row.Findings})
	}
	if len(d.Cities) > 0 {
		sec := report.RegionSection{Title: v.T("scorecard.cities"), Head: []string{v.T("level.city"), v.T("scorecard.units"), v.T("scorecard.col.ikm"),
			v.T("scorecard.col.ipp"), v.T("scorecard.col.tepat"), v.T("scorecard.col.standar")}}
		for _, ct := range d.Cities {
			sec.Rows = append(sec.Rows, []string{ct.Region.Name, v.Int(ct.Units), words(ct.IKM, ct.IKMTrend), ct.IPP,
				words(ct.OnTime, ct.OnTimeTrend), ct.Coverage})
		}
		doc.Cities = &sec
	}
	for _, m := range d.Maps {
		doc.Sections = append(doc.Sections, pdfSection(m.Title, "", m.Period, m))
	}
	return doc
}

// scorecardExport is the page's table with typed cells: numbers as
// numbers, an empty cell where there is no figure.
func scorecardExport(v *view, d *scorecardData) report.Export {
	cols := []report.Column{{Title: v.T("field.code"), Kind: report.Text}, {Title: v.T("field.unit"), Kind: report.Text, Width: 36},
		{Title: v.T("field.type"), Kind: report.Text}, {Title: v.T("level.district"), Kind: report.Text},
		{Title: v.T("scorecard.col.ikm"), Kind: report.Decimal, Places: 2}, {Title: v.T("skm.mutu"), Kind: report.Text},
		{Title: v.T("scorecard.ikm_period"), Kind: report.Text}, {Title: v.T("scorecard.ikm_prev"), Kind: report.Decimal, Places: 2},
		{Title: v.T("scorecard.col.ipp"), Kind: report.Decimal, Places: 2}, {Title: v.T("results.category"), Kind: report.Text},
		{Title: v.T("scorecard.ipp_prev"), Kind: report.Decimal, Places: 2},
		{Title: v.T("scorecard.col.opini"), Kind: report.Text},
		{Title: v.T("scorecard.col.tepat"), Kind: report.Decimal, Places: 1}, {Title: v.T("scorecard.ontime_prev"), Kind: report.Decimal, Places: 1},
		{Title: v.T("scorecard.services"), Kind: report.Int}, {Title: v.T("scorecard.col.standar"), Kind: report.Decimal, Places: 1},
		{Title: v.T("scorecard.launched"), Kind: report.Int}, {Title: v.T("scorecard.col.temuan"), Kind: report.Int},
		{Title: v.T("scorecard.overdue"), Kind: report.Int}}
	return report.Export{Sheet: "Rapor", Columns: cols, Rows: func(add func(cells ...any) error) error {
		for _, row := range d.Rows {
			var ikm, ikmPrev, ipp, ippPrev, onTime, onTimePrev, share any
			var opinion any
			if s := row.Row.IKM; s.HasNow {
				ikm = float64(s.Now.KonversiHundredths) / 100
			}
			if s := row.Row.IKM; s.Prev.Complete {
				ikmPrev = float64(s.Prev.KonversiHundredths) / 100
			}
			if row.Row.IPP != nil {
				ipp = float64(row.Row.IPP.IPP) / 100
			}
			if row.PrevIPP != nil {
				ippPrev = float64(row.PrevIPP.IPP) / 100
			}
			if row.Row.OnTime.Judged > 0 {
				onTime = row.Row.OnTime.Rate()
			}
			if row.PrevOnTime.Judged > 0 {
				onTimePrev = row.PrevOnTime.Rate()
			}
			if p, ok := row.Row.Coverage.Percent(); ok {
				share = p
			}
			if row.Row.Opinion != nil {
				opinion = row.Opinion
			}
			if err := add(row.Unit.Code, row.Unit.Name, row.Type, row.District.Name, ikm, row.Row.IKM.Now.Mutu, row.IKMPeriod, ikmPrev,
				ipp, row.IPPCategory, ippPrev, opinion, onTime, onTimePrev, row.Row.Coverage.Services, share,
				row.Row.Innovations.Launched, row.OpenFindings, row.Overdue); err != nil {
				return err
			}
		}
		return nil
	}}
}

// scorecardSource is what scorecards read: the store, behind the cache
// when the server keeps one.
func (s *Server) scorecardSource() scorecard.Source {
	var src scorecard.Source = store.Scorecard{DB: s.db, Calendar: s.workingCalendar(), Review: s.cfg.StandardReview}
	if s.cards != nil {
		src = s.cards.Over(src)
	}
	return src
}

// WarmScorecards reads every province's scorecard (as its leaders first
// open it: no filter) now and then every interval, refreshing the cache
// ahead of its expiry, so the heaviest scorecard is served from answers at
// most an interval old. Each node warms its own cache; nothing to lease.
func (s *Server) WarmScorecards(ctx context.Context, every time.Duration) {
	if s.cards == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		provinces, err := s.db.RegionsByLevelWithin(ctx, region.Province, "")
		for _, p := range provinces {
			if err != nil || ctx.Err() != nil {
				break
			}
			q := scorecard.Query{Region: p, Scope: scorecard.Scope{RegionCode: p.Code}, Now: s.db.Now()}
			_, err = scorecard.Build(scorecard.Refreshing(ctx), s.scorecardSource(), q)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Warn("scorecard warm-up", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
