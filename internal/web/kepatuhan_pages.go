package web

import (
	"cmp"
	"maps"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/kepatuhan"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// Compliance readiness (issue #14) under /kelola/kepatuhan: every unit in
// the user's scope with its projected Ombudsman score and opinion and the
// city's projection, and per unit (or service product) the
// self-assessment: Mutu's own figures per indicator, the scores the unit
// entered with their evidence and interviews, and the gaps by worth, each
// linking to where it is fixed. Read by every role whose scope covers the
// unit (assessors too); written by the unit's managers.

// kepatuhanRow is one unit of the readiness list.
type kepatuhanRow struct {
	Unit       unit.Unit
	Projection store.Projection
}

// kepatuhanCity is a city's projection on the list, by its code.
type kepatuhanCity struct {
	Code, Name string
	*kepatuhan.City
}

// kepatuhanListData is the page data of kepatuhan.html.
type kepatuhanListData struct {
	Version *store.InstrumentVersion
	Rows    []kepatuhanRow
	Cities  []kepatuhanCity // none for an operator: the city's other units are not in sight
	// City is the city whose units are listed ("" every unit in scope);
	// Choose: the scope spans several cities and none is chosen, so the
	// page lists the cities, each leading to its units.
	City   string
	Choose bool
}

// kepatuhanList: GET /kelola/kepatuhan.
func (s *Server) kepatuhanList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(r)
	f := store.UnitFilter{RegionCode: p.RegionCode}
	if p.Role == account.Operator {
		// never nil: an operator without units sees none, not all
		f = store.UnitFilter{UnitIDs: append([]string{}, slices.Sorted(maps.Keys(p.UnitIDs))...)}
	}
	d := &kepatuhanListData{}
	var units []unit.Unit
	var err error
	if p.Role != account.Operator || len(f.UnitIDs) > 0 {
		units, _, err = s.db.Units(ctx, f)
	}
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	var projections map[string]store.Projection
	if err == nil {
		d.Version, err = s.db.OmbudsmanVersion(ctx, "")
	}
	if err == nil {
		projections, err = s.db.ProjectedCompliance(ctx, ids)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byCity := map[string][]*big.Rat{}
	for _, u := range units {
		byCity[cityCode(u.RegionCode)] = append(byCity[cityCode(u.RegionCode)], projections[u.ID].Exact)
	}
	// A province's units are many: they are listed by city (?kota=).
	d.City = r.URL.Query().Get("kota")
	d.Choose = p.Role != account.Operator && len(byCity) > 1 && d.City == ""
	for _, u := range units {
		if !d.Choose && (d.City == "" || cityCode(u.RegionCode) == d.City) {
			d.Rows = append(d.Rows, kepatuhanRow{Unit: u, Projection: projections[u.ID]})
		}
	}
	if p.Role != account.Operator {
		codes := slices.Sorted(maps.Keys(byCity))
		regions, err := s.db.RegionsByCode(ctx, codes)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		names := map[string]string{}
		for _, rg := range regions {
			names[rg.Code] = rg.Name
		}
		for _, code := range codes {
			d.Cities = append(d.Cities, kepatuhanCity{Code: code, Name: names[code], City: kepatuhan.CityOf(d.Version.Version, byCity[code])})
		}
	}
	// the units furthest from the top first: where the work is
	slices.SortStableFunc(d.Rows, func(a, b kepatuhanRow) int {
		return cmp.Or(a.Projection.Exact.Cmp(b.Projection.Exact), cmp.Compare(a.Unit.Name, b.Unit.Name))
	})
	s.render(w, r, "kepatuhan", http.StatusOK, s.newView(r, "kepatuhan.title", d))
}

// cityCode is the city (kota/kabupaten) of a region code: "31.72.01" →
// "31.72"; a province's own code stays as it is.
func cityCode(code string) string {
	if len(code) > 5 {
		return code[:5]
	}
	return code
}

// kepatuhanIndicator is one indicator's row on the unit's page.
type kepatuhanIndicator struct {
	Code, Name  string
	WeightText  string
	Assumed     bool
	Item        *instrument.Item   // the score that counts; nil: not assessed (counts at the minimum)
	Pulled      *kepatuhan.Pulled  // what Mutu's data says; nil: nothing
	Entered     *store.EnteredItem // what the unit entered; nil: nothing
	Source      string             // the page the pulled figure comes from
	Interviewed bool               // asked in the interviews (Input, Output, Pengaduan)
}

// kepatuhanDimension is one dimension with its indicators.
type kepatuhanDimension struct {
	Code, Name, WeightText string
	Score                  *big.Rat // on 0–100
	Indicators             []kepatuhanIndicator
}

// kepatuhanGap is a gap with what fixes it and where.
type kepatuhanGap struct {
	instrument.Gap
	Fix  string // what to do, in words
	Link string
}

// kepatuhanUnitData is the page data of kepatuhan_unit.html.
type kepatuhanUnitData struct {
	Unit       *unit.Unit
	Services   []unit.Service // the active services: the products one may assess alone
	Product    *unit.Service  // nil: the unit as a whole
	Version    *store.InstrumentVersion
	Versions   []string // labels of the versions one may assess under
	Manage     bool
	Result     *instrument.Result
	Opinion    instrument.Opinion
	Dimensions []kepatuhanDimension
	Gaps       []kepatuhanGap
	Record     *store.SelfAssessmentRecord
	Scores     []int    // the scale, for the forms
	Interview  []string // the dimensions interviewed
	Query      string   // "?layanan=…&versi=…" of the page, for links and redirects
	ItemLink   string   // the item form's address without its indicator: "…?butir="
	// Interviewing is the dimension whose interview form is open
	// (?wawancara=); InterviewLink opens one when its code is appended.
	Interviewing, InterviewLink string
}

// kepatuhanItemLink is the page's address ready for one more parameter
// ("…?" or "…&"): the item form's indicator, the interview's dimension.
func kepatuhanItemLink(u *unit.Unit, query string) string {
	sep := "?"
	if query != "" {
		sep = "&"
	}
	return "/kelola/kepatuhan/unit/" + u.Code + query + sep
}

// scopeParam is a parameter of the page's scope, from its address (the
// forms post to the page's address with its query).
func scopeParam(r *http.Request, name string) string { return r.URL.Query().Get(name) }

// kepatuhanScope loads the unit (with load), the service product and the
// version the request names.
func (s *Server) kepatuhanScope(r *http.Request, load func(*http.Request) (*unit.Unit, error)) (*unit.Unit, *unit.Service, *store.InstrumentVersion, error) {
	u, err := load(r)
	if err != nil {
		return nil, nil, nil, err
	}
	var svc *unit.Service
	if code := scopeParam(r, "layanan"); code != "" {
		if svc = u.ServiceByCode(code); svc == nil || !svc.Active {
			return nil, nil, nil, errs.New(errs.NotFound, "service.err.not_found", code)
		}
	}
	v, err := s.db.OmbudsmanVersion(r.Context(), scopeParam(r, "versi"))
	if err != nil {
		return nil, nil, nil, err
	}
	return u, svc, v, nil
}

// serviceIDOf is the assessed product's id, "" for the unit as a whole.
func serviceIDOf(svc *unit.Service) string {
	if svc == nil {
		return ""
	}
	return svc.ID
}

// kepatuhanQuery is the page's scope as a query ("" for the defaults).
func kepatuhanQuery(svc *unit.Service, v *store.InstrumentVersion, chosen string) string {
	q := url.Values{}
	if svc != nil {
		q.Set("layanan", svc.Code)
	}
	if chosen != "" {
		q.Set("versi", v.Label)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// kepatuhanUnit: GET /kelola/kepatuhan/unit/{code}?layanan=&versi=&butir=.
func (s *Server) kepatuhanUnit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, svc, v, err := s.kepatuhanScope(r, s.seenUnit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &kepatuhanUnitData{Unit: u, Services: activeServices(u), Product: svc, Version: v,
		Manage: principal(r).ManagesUnit(u.ID, u.RegionCode), Interview: kepatuhan.InterviewDimensions,
		Query: kepatuhanQuery(svc, v, scopeParam(r, "versi"))}
	base := kepatuhanItemLink(u, d.Query)
	d.ItemLink, d.InterviewLink, d.Interviewing = base+"butir=", base+"wawancara=", r.URL.Query().Get("wawancara")
	for n := v.Scale.Min; n <= v.Scale.Max; n++ {
		d.Scores = append(d.Scores, n)
	}
	serviceID := serviceIDOf(svc)
	all, err := s.db.InstrumentVersions(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, iv := range all {
		if iv.Kind == instrument.KindOmbudsman && !iv.ZoneOnly && iv.RegionCode == "" {
			d.Versions = append(d.Versions, iv.Label)
		}
	}
	facts, err := s.db.KepatuhanFacts(ctx, []unit.Unit{*u}, serviceID, s.db.Now().In(clock.Jakarta).Year())
	if err == nil {
		d.Record, err = s.db.SelfAssessment(ctx, u.ID, serviceID, v.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pulled := kepatuhan.Pull(v.Version, facts[u.ID])
	productCode := ""
	if svc != nil {
		productCode = svc.Code
	}
	a := kepatuhan.SelfAssessment(u.Code, productCode, v.Label, pulled, d.Record.Entered())
	var gaps []instrument.Gap
	if d.Result, gaps, err = v.Project(a); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Opinion = v.OpinionOf(d.Result.Category)
	byCode := map[string]*kepatuhan.Pulled{}
	for i := range pulled {
		byCode[pulled[i].Indicator] = &pulled[i]
	}
	vw := s.newView(r, "kepatuhan.title", d)
	vw.Title = vw.T("kepatuhan.title") + " — " + u.Name
	// names of the fields the catalog's field.* does not say, for the
	// error summary
	vw.Labels = map[string]string{"held_on": vw.T("kepatuhan.field.held_on"), "answers": vw.T("kepatuhan.field.answers"),
		"dimension": vw.T("kepatuhan.field.dimension"), "item_files": vw.T("field.evidence_files"), "interview_files": vw.T("field.evidence_files")}
	for _, code := range v.ScoredIndicators() {
		name := code + " " + v.Indicator(code).Name
		vw.Labels["score."+code], vw.Labels["answer."+code] = name, name
	}
	d.Dimensions = kepatuhanDimensions(vw, v, a, byCode, d.Record, d.Result, u)
	for _, g := range gaps {
		_, entered := d.Record.Items[g.Indicator]
		fix, link := kepatuhanFix(vw, u, byCode[g.Indicator], entered, g, d.ItemLink)
		d.Gaps = append(d.Gaps, kepatuhanGap{Gap: g, Fix: fix, Link: link})
	}
	// the item form starts from the indicator a gap's link names
	code := r.URL.Query().Get("butir")
	start := url.Values{"indicator": {code}}
	if it, ok := d.Record.Items[code]; ok {
		start.Set("score", strconv.Itoa(it.Score))
		start.Set("note", it.Note)
	}
	vw.defaults(start)
	s.render(w, r, "kepatuhan_unit", http.StatusOK, vw)
}

// kepatuhanDimensions lays the version's dimensions out with what counts
// for each indicator and where it comes from.
func kepatuhanDimensions(vw *view, v *store.InstrumentVersion, a *instrument.SelfAssessment, pulled map[string]*kepatuhan.Pulled,
	rec *store.SelfAssessmentRecord, res *instrument.Result, u *unit.Unit) []kepatuhanDimension {
	weights := v.Weights()
	scores := map[string]*big.Rat{}
	for _, as := range res.Aspects {
		scores[as.Code] = as.Score
	}
	var out []kepatuhanDimension
	for _, asp := range v.Aspects {
		dim := kepatuhanDimension{Code: asp.Code, Name: asp.Name, WeightText: percentText(vw.Lang, asp.Weight.Rat()), Score: scores[asp.Code]}
		for _, ind := range asp.Indicators {
			if !ind.Scored {
				continue
			}
			row := kepatuhanIndicator{Code: ind.Code, Name: ind.Name, WeightText: percentText(vw.Lang, weights[ind.Code].Percent),
				Assumed: weights[ind.Code].Assumed, Pulled: pulled[ind.Code], Interviewed: slices.Contains(kepatuhan.InterviewDimensions, asp.Code)}
			if it, ok := a.Items[ind.Code]; ok {
				row.Item = &it
			}
			if e, ok := rec.Items[ind.Code]; ok {
				row.Entered = &e
			}
			if row.Pulled != nil {
				row.Source = kepatuhanSource(u, row.Pulled)
			}
			dim.Indicators = append(dim.Indicators, row)
		}
		out = append(out, dim)
	}
	return out
}

// kepatuhanSource is the page a pulled figure comes from.
func kepatuhanSource(u *unit.Unit, p *kepatuhan.Pulled) string {
	switch p.Evidence {
	case kepatuhan.Publication:
		return "/kelola/standar/unit/" + u.Code + "#publikasi"
	case kepatuhan.Maklumat:
		return "/kelola/standar/unit/" + u.Code + "#maklumat"
	case kepatuhan.Resolved, kepatuhan.OnTime:
		return "/kelola/pengaduan-dasbor?unit=" + url.QueryEscape(u.Code)
	case kepatuhan.SKM:
		return "/kelola/skm/unit/" + u.Code
	case kepatuhan.Findings:
		return "/kelola/temuan/" + u.Code
	}
	return ""
}

// kepatuhanFix says what closes a gap and links to where it is done: the
// standard or the publication register for a standard's component, the
// maklumat, the complaints or the SKM for what Mutu counts, else the
// item form of this page.
func kepatuhanFix(vw *view, u *unit.Unit, p *kepatuhan.Pulled, entered bool, g instrument.Gap, itemLink string) (string, string) {
	itemForm := func() (string, string) {
		return vw.T("kepatuhan.fix.enter", g.Name), itemLink + url.QueryEscape(g.Indicator) + "#butir"
	}
	if p == nil || !p.Scored || entered {
		// nothing pulled, or the unit's own score overrides it
		return itemForm()
	}
	switch p.Evidence {
	case kepatuhan.Publication:
		if p.Weakest == nil {
			return itemForm()
		}
		component := vw.T("kepatuhan.component." + p.Component)
		if p.Missing {
			return vw.T("kepatuhan.fix.state", component, p.Weakest.Name), "/kelola/standar/unit/" + u.Code + "/layanan/" + p.Weakest.Code
		}
		where := "kepatuhan.fix.publish_online"
		switch {
		case !p.Weakest.Board && !p.Weakest.Online:
			where = "kepatuhan.fix.publish_both"
		case !p.Weakest.Board:
			where = "kepatuhan.fix.publish_board"
		}
		return vw.T(where, component, p.Weakest.Name), "/kelola/standar/unit/" + u.Code + "#publikasi"
	case kepatuhan.Maklumat:
		return vw.T("kepatuhan.fix.maklumat"), kepatuhanSource(u, p)
	case kepatuhan.Resolved:
		return vw.T("kepatuhan.fix.resolved"), kepatuhanSource(u, p)
	case kepatuhan.OnTime:
		return vw.T("kepatuhan.fix.on_time"), kepatuhanSource(u, p)
	case kepatuhan.SKM:
		return vw.T("kepatuhan.fix.skm"), kepatuhanSource(u, p)
	}
	return itemForm()
}

// saveKepatuhanItem: POST /kelola/kepatuhan/unit/{code}/butir — the score
// the unit enters for one indicator, with its note and evidence files.
func (s *Server) saveKepatuhanItem(w http.ResponseWriter, r *http.Request) {
	if err := parseEvidenceForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	u, svc, v, err := s.kepatuhanScope(r, s.managedUnit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serviceID := serviceIDOf(svc)
	code, it, err := kepatuhan.ItemInput{Indicator: r.PostForm.Get("indicator"), Score: r.PostForm.Get("score"), Note: r.PostForm.Get("note")}.Validate(v.Version)
	var rec *store.SelfAssessmentRecord
	if err == nil {
		rec, err = s.db.SelfAssessment(r.Context(), u.ID, serviceID, v.ID)
	}
	if err == nil {
		itemID := rec.ItemID(code)
		err = s.withEvidence(r, "item_files", "kepatuhan", itemID, func(files []store.EvidenceFile) error {
			return s.db.SaveSelfAssessmentItem(r.Context(), s.actor(r), u, serviceID, v, itemID, code, it, files)
		})
	}
	if err != nil {
		s.formFailed(w, r, err, s.kepatuhanUnit)
		return
	}
	s.flash(r, "kepatuhan.saved")
	redirect(w, r, "/kelola/kepatuhan/unit/"+u.Code+kepatuhanQuery(svc, v, scopeParam(r, "versi"))+"#i-"+code)
}

// removeKepatuhanItem: POST /kelola/kepatuhan/unit/{code}/butir/hapus —
// drops an entered score, so that Mutu's own figure (or nothing) counts.
func (s *Server) removeKepatuhanItem(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	_, svc, v, err := s.kepatuhanScope(r, func(*http.Request) (*unit.Unit, error) { return u, nil })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serviceID := serviceIDOf(svc)
	code := strings.TrimSpace(r.PostForm.Get("indicator"))
	if err := s.db.RemoveSelfAssessmentItem(r.Context(), s.actor(r), u, serviceID, v, code); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "kepatuhan.removed")
	redirect(w, r, "/kelola/kepatuhan/unit/"+u.Code+kepatuhanQuery(svc, v, scopeParam(r, "versi"))+"#i-"+code)
}

// addKepatuhanInterview: POST /kelola/kepatuhan/unit/{code}/wawancara — an
// interview record; its answers become entered items.
func (s *Server) addKepatuhanInterview(w http.ResponseWriter, r *http.Request) {
	if err := parseEvidenceForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	u, svc, v, err := s.kepatuhanScope(r, s.managedUnit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serviceID := serviceIDOf(svc)
	in := kepatuhan.InterviewInput{Dimension: r.PostForm.Get("dimension"), Role: r.PostForm.Get("role"), HeldOn: r.PostForm.Get("held_on"),
		Scores: map[string]string{}, Answers: map[string]string{}}
	for name, vals := range r.PostForm {
		if code, ok := strings.CutPrefix(name, "score."); ok {
			in.Scores[code] = vals[0]
		}
		if code, ok := strings.CutPrefix(name, "answer."); ok {
			in.Answers[code] = vals[0]
		}
	}
	iv, err := in.Validate(v.Version, s.db.Now())
	if err == nil {
		iv.ID = store.NewID()
		err = s.withEvidence(r, "interview_files", "interview", iv.ID, func(files []store.EvidenceFile) error {
			return s.db.AddInterview(r.Context(), s.actor(r), u, serviceID, v, &iv, files)
		})
	}
	if err != nil {
		s.formFailedRow(w, r, err, in.Dimension, s.kepatuhanUnit)
		return
	}
	s.flash(r, "kepatuhan.interview_saved")
	redirect(w, r, "/kelola/kepatuhan/unit/"+u.Code+kepatuhanQuery(svc, v, scopeParam(r, "versi"))+"#wawancara")
}

// Points shows an exact score on 0–100 with two decimals, rounded half-up
// as the opinion is decided ("87,29").
func (v *view) Points(r *big.Rat) string { return v.IPP(skm.RoundHalfUp(r, 2)) }

// Figure is what Mutu's data says of an indicator, in words, its counts
// in the reader's number format.
func (v *view) Figure(p *kepatuhan.Pulled) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		switch n := a.(type) {
		case int:
			args[i] = v.Int(n)
		case int64:
			args[i] = v.Int64(n)
		default:
			args[i] = a
		}
	}
	return v.T(p.Key, args...)
}
