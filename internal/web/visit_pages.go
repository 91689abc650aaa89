package web

// The visit itself (issue #13): the page of one monitoring visit, under
// /kelola/pemantauan/unit/{code}/kunjungan/{id}. The unit's operators fill
// its self-assessment (F-01) before the visit; the team's members and the
// region's administrators score it during the visit, record the coaching
// notes and who attended, and submit it, which marks the visit done with
// its result.
//
// Scoring on a poor connection (static/visit.js): each score, with its
// photos, goes into an IndexedDB queue on the device first and is then
// posted with a per-upload Idempotency-Key, so that a retry after a lost
// reply stores nothing twice (visit_uploads). When the evaluator's session
// has expired meanwhile the server answers 401 and the queue waits for the
// sign-in: no upload token exists that could be stolen from the device,
// and an upload is only ever stored under a live session of a user allowed
// to score the visit. The queue keeps the user it was made by and sends
// only under that user's session.

import (
	"io/fs"
	"math/big"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// indicatorRow is one indicator on the visit page with both sides' scores.
type indicatorRow struct {
	Aspect    *instrument.Aspect // set on the first indicator of an aspect
	Ind       instrument.Indicator
	Self      *monitor.Score
	Team      *monitor.Score
	SelfFiles []store.EvidenceFile
	TeamFiles []store.EvidenceFile
}

// visitData is the visit page's data (visit.html).
type visitData struct {
	Unit     *unit.Unit
	Visit    *store.VisitRecord
	Version  *store.InstrumentVersion
	Rows     []indicatorRow
	Scale    []int
	CanScore bool // a member of a covering team, or the region's administrator
	CanSelf  bool // an operator of the unit (or its administrator), before submission
	Done     bool
	Window   monitor.Window
	Today    string
	UserID   string
	Base     string // the page's address
	Calendar string // the calendar's list of the visit's window
	Evidence []mutuEvidence
	// Innovations are the unit's registered innovations, shown as the
	// evidence of the Inovasi aspect (monitoring_year.go).
	Innovations []store.ListedInnovation
	Choices     []store.InstrumentVersion // the instruments the team may still choose between (visit_instrument.go)
}

// RowID names an indicator's row form on one side ("t" the team, "s" the
// unit): its inputs' ids, without the dots of the code ("t1-a-Ak").
func (d *visitData) RowID(side, code string) string { return rowID(side, code) }

func rowID(side, code string) string { return side + strings.ReplaceAll(code, ".", "-") }

// visitVersion is the visit's instrument version: the one fixed when
// scoring started, else the newest PEKPPP version.
func (s *Server) visitVersion(r *http.Request, v *monitor.Visit) (*store.InstrumentVersion, error) {
	if v.InstrumentVersionID != "" {
		return s.db.InstrumentVersionByID(r.Context(), v.InstrumentVersionID)
	}
	all, err := s.db.InstrumentVersions(r.Context())
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Kind == instrument.KindPEKPPP {
			return &all[i], nil // newest first
		}
	}
	return nil, errs.New(errs.NotFound, "instrument.err.unknown_version", instrument.KindPEKPPP)
}

// visitTeam is the team p scores u's visit for (nil: p may not score it).
func (s *Server) visitTeam(r *http.Request, u *unit.Unit) (*monitor.Team, error) {
	teams, err := s.db.Teams(r.Context(), cityOf(u.RegionCode))
	if err != nil {
		return nil, err
	}
	return teamFor(principal(r), teams, u), nil
}

// visitPage: GET /kelola/pemantauan/unit/{code}/kunjungan/{id}.
func (s *Server) visitPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.visitData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "visit.title", d)
	v.Labels = map[string]string{}
	for _, row := range d.Rows {
		v.Labels["scores."+row.Ind.Code] = v.T("visit.indicator_label", row.Ind.Code)
	}
	refused(r, v)
	s.render(w, r, "visit", refusedStatus(r, http.StatusOK), v)
}

func (s *Server) visitData(r *http.Request) (*visitData, error) {
	ctx := r.Context()
	u, err := s.seenUnit(r)
	if err != nil {
		return nil, err
	}
	rec, err := s.db.VisitDetails(ctx, u.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	iv, err := s.visitVersion(r, &rec.Visit)
	if err != nil {
		return nil, err
	}
	c, err := s.db.Cadence(ctx, cityOf(u.RegionCode))
	if err != nil {
		return nil, err
	}
	team, err := s.visitTeam(r, u)
	if err != nil {
		return nil, err
	}
	p := principal(r)
	win, _ := monitor.WindowByKey(c, rec.Window.Format("2006-01-02"))
	d := &visitData{Unit: u, Visit: rec, Version: iv, Done: rec.Done(), Window: win, UserID: p.UserID,
		Today: monitor.Day(s.db.Now()).Format("2006-01-02"),
		Base:  "/kelola/pemantauan/unit/" + url.PathEscape(u.Code) + "/kunjungan/" + url.PathEscape(rec.ID)}
	d.Calendar = "/kelola/pemantauan?" + url.Values{"kota": {cityOf(u.RegionCode)}, "bulan": {rec.Window.Format("2006-01")}, "tampilan": {"daftar"}}.Encode()
	d.CanScore = team != nil && !d.Done
	d.CanSelf = p.ManagesUnit(u.ID, u.RegionCode) && !d.Done && rec.SelfSubmitted.IsZero()
	for i := iv.Scale.Min; i <= iv.Scale.Max; i++ {
		d.Scale = append(d.Scale, i)
	}
	scores := map[monitor.Side]map[string]*monitor.Score{monitor.SelfSide: {}, monitor.TeamSide: {}}
	for i := range rec.Scores {
		sc := &rec.Scores[i]
		scores[sc.Side][sc.Indicator] = sc
	}
	files := map[string]map[string][]store.EvidenceFile{store.OwnerSelfAssessment: {}, store.OwnerVisitScore: {}}
	for _, f := range rec.Files {
		files[f.OwnerType][f.Kind] = append(files[f.OwnerType][f.Kind], f)
	}
	for ai := range iv.Aspects {
		a := &iv.Aspects[ai]
		first := true
		for _, ind := range a.Indicators {
			if !ind.Scored {
				continue
			}
			row := indicatorRow{Ind: ind, Self: scores[monitor.SelfSide][ind.Code], Team: scores[monitor.TeamSide][ind.Code],
				SelfFiles: files[store.OwnerSelfAssessment][ind.Code], TeamFiles: files[store.OwnerVisitScore][ind.Code]}
			if first {
				row.Aspect, first = a, false
			}
			d.Rows = append(d.Rows, row)
		}
	}
	if d.Evidence, err = s.mutuEvidence(r, u); err != nil {
		return nil, err
	}
	if d.Innovations, err = s.db.UnitInnovations(ctx, u.ID); err != nil {
		return nil, err
	}
	if d.CanScore && len(rec.Scores) == 0 {
		if d.Choices, err = s.visitChoices(r, u); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// visitBack is the visit page's address, at a fragment.
func visitBack(r *http.Request, fragment string) string {
	return "/kelola/pemantauan/unit/" + url.PathEscape(r.PathValue("code")) + "/kunjungan/" + url.PathEscape(r.PathValue("id")) + fragment
}

// visitScoreForm loads what a score's POST needs: the unit (load decides
// who may), the visit and its version, and parses the form with its files.
func (s *Server) visitScoreForm(w http.ResponseWriter, r *http.Request, load func(*http.Request) (*unit.Unit, error)) (*unit.Unit, *monitor.Visit, *store.InstrumentVersion, error) {
	u, err := load(r)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := s.db.VisitByID(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		return nil, nil, nil, err
	}
	iv, err := s.visitVersion(r, v)
	if err != nil {
		return nil, nil, nil, err
	}
	return u, v, iv, parseEvidenceForm(w, r)
}

// saveScore validates and stores one side's score with its files (field
// "files"); it reports whether the upload was a replay of a stored one.
func (s *Server) saveScore(r *http.Request, u *unit.Unit, v *monitor.Visit, iv *store.InstrumentVersion, side monitor.Side) (bool, error) {
	f := r.PostForm
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		key = f.Get("key")
	}
	sc, err := monitor.ScoreInput{Indicator: f.Get("indicator"), Level: f.Get("level"), Note: f.Get("note"), Key: key}.Validate(iv.Version, side)
	if err != nil {
		return false, err
	}
	files, undo, err := s.saveEvidence(r, "files", sc.Indicator, v.ID)
	if err != nil {
		return false, err
	}
	replayed, err := s.db.SaveVisitScore(r.Context(), s.actor(r), u, v.ID, iv.ID, sc, key, files)
	if err != nil || replayed {
		undo() // a replay's files are the first upload's, already stored
	}
	return replayed, err
}

// scoreFailed answers a refused score: JSON for the offline queue, else
// the page with the row's form again.
func (s *Server) scoreFailed(w http.ResponseWriter, r *http.Request, err error, side string) {
	if wantsJSON(r) {
		s.fail(w, r, err)
		return
	}
	s.formFailedRow(w, r, err, rowID(side, r.PostForm.Get("indicator")), s.visitPage)
}

// scoreVisit: POST …/kunjungan/{id}/nilai — an evaluator's score of one
// indicator (indicator, level, note, files), from the form or from the
// device's queue (Accept: application/json, Idempotency-Key).
func (s *Server) scoreVisit(w http.ResponseWriter, r *http.Request) {
	u, v, iv, err := s.visitScoreForm(w, r, s.seenUnit)
	if err == nil {
		var team *monitor.Team
		if team, err = s.visitTeam(r, u); err == nil && team == nil {
			err = errs.New(errs.Forbidden, "monitor.err.not_member", u.Code)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	replayed, err := s.saveScore(r, u, v, iv, monitor.TeamSide)
	if err != nil {
		s.scoreFailed(w, r, err, "t")
		return
	}
	if wantsJSON(r) {
		if replayed {
			w.Header().Set("Idempotent-Replayed", "true")
		}
		writeJSON(w, http.StatusOK, map[string]any{"stored": true, "replayed": replayed})
		return
	}
	s.flash(r, "visit.score_saved")
	redirect(w, r, visitBack(r, "#t-"+r.PostForm.Get("indicator")))
}

// selfScore: POST …/kunjungan/{id}/mandiri — the unit's own level of one
// indicator with a note and evidence files, before it submits.
func (s *Server) selfScore(w http.ResponseWriter, r *http.Request) {
	u, v, iv, err := s.visitScoreForm(w, r, s.managedUnit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.selfOpen(r, u, v); err != nil {
		s.scoreFailed(w, r, err, "s")
		return
	}
	if _, err := s.saveScore(r, u, v, iv, monitor.SelfSide); err != nil {
		s.scoreFailed(w, r, err, "s")
		return
	}
	s.flash(r, "visit.score_saved")
	redirect(w, r, visitBack(r, "#s-"+r.PostForm.Get("indicator")))
}

// selfOpen refuses a change to a self-assessment already submitted.
func (s *Server) selfOpen(r *http.Request, u *unit.Unit, v *monitor.Visit) error {
	rec, err := s.db.VisitDetails(r.Context(), u.ID, v.ID)
	if err == nil && !rec.SelfSubmitted.IsZero() {
		err = errs.New(errs.Conflict, "visit.err.self_submitted")
	}
	return err
}

// submitSelf: POST …/kunjungan/{id}/mandiri/kirim — the unit submits its
// self-assessment: every indicator must have its level.
func (s *Server) submitSelf(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	rec, err := s.db.VisitDetails(r.Context(), u.ID, r.PathValue("id"))
	var iv *store.InstrumentVersion
	if err == nil {
		iv, err = s.visitVersion(r, &rec.Visit)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err = iv.Score(monitor.Levels(rec.Scores, monitor.SelfSide)); err == nil {
		err = s.db.SubmitSelfAssessment(r.Context(), s.actor(r), u, rec.ID)
	}
	if err != nil {
		s.formFailed(w, r, err, s.visitPage)
		return
	}
	s.flash(r, "visit.self_submitted")
	redirect(w, r, visitBack(r, "#self"))
}

// saveVisitReport: POST …/kunjungan/{id}/laporan — coaching notes and who
// attended ("Name; Position" a line).
func (s *Server) saveVisitReport(w http.ResponseWriter, r *http.Request) {
	u, _, ok := s.teamForm(w, r)
	if !ok {
		return
	}
	coaching, people, err := monitor.ReportInput{Coaching: r.PostForm.Get("coaching"), Attendees: r.PostForm.Get("attendees")}.Validate()
	if err == nil {
		err = s.db.SaveVisitReport(r.Context(), s.actor(r), u, r.PathValue("id"), coaching, people)
	}
	if err != nil {
		s.formFailed(w, r, err, s.visitPage)
		return
	}
	s.flash(r, "visit.report_saved")
	redirect(w, r, visitBack(r, "#report"))
}

// teamForm loads the unit of a team's POST (a visit's scores and report,
// a finding recorded, verified or reopened) and the team the user acts for
// (teamFor), and parses the form; when any fails it has answered.
func (s *Server) teamForm(w http.ResponseWriter, r *http.Request) (*unit.Unit, *monitor.Team, bool) {
	u, ok := withForm(s, w, r, s.seenUnit)
	if !ok {
		return nil, nil, false
	}
	team, err := s.visitTeam(r, u)
	if err == nil && team == nil {
		err = errs.New(errs.Forbidden, "monitor.err.not_member", u.Code)
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return u, team, true
}

// completeVisit: POST …/kunjungan/{id}/selesai — the team submits its
// scoring (done_on, confirmed): every indicator scored, the visit is
// marked done and its result computed by the engine under the visit's
// version and stored with it. Final, so it asks for confirmation.
func (s *Server) completeVisit(w http.ResponseWriter, r *http.Request) {
	u, team, ok := s.teamForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rec, err := s.db.VisitDetails(ctx, u.ID, r.PathValue("id"))
	var iv *store.InstrumentVersion
	if err == nil {
		iv, err = s.visitVersion(r, &rec.Visit)
	}
	var c monitor.Cadence
	if err == nil {
		c, err = s.db.Cadence(ctx, cityOf(u.RegionCode))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	win, _ := monitor.WindowByKey(c, rec.Window.Format("2006-01-02"))
	st := store.VisitStep{Team: team, Window: win}
	var res *instrument.Result
	switch {
	case r.PostForm.Get("confirmed") == "":
		err = errUnconfirmed()
	default:
		if st.Done, err = monitor.CheckDone(win, r.PostForm.Get("done_on"), s.db.Now()); err == nil {
			res, err = iv.Score(monitor.Levels(rec.Scores, monitor.TeamSide))
		}
	}
	if err == nil {
		err = s.db.CompleteVisit(ctx, s.actor(r), u, rec.ID, st, res)
	}
	if err != nil {
		s.formFailed(w, r, err, s.visitPage)
		return
	}
	s.flash(r, "visit.completed")
	redirect(w, r, visitBack(r, "#result"))
}

// visitFile: GET …/kunjungan/{id}/bukti/{file} — a photo or evidence file
// of the visit, for whoever sees the unit.
func (s *Server) visitFile(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), u.ID, r.PathValue("file"))
	}
	if err == nil && (f.OwnerID != r.PathValue("id") || (f.OwnerType != store.OwnerVisitScore && f.OwnerType != store.OwnerSelfAssessment)) {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}

// IPP shows an index in hundredths with two decimals ("4,52").
func (v *view) IPP(hundredths int64) string {
	return v.Dec(float64(hundredths)/100, 2)
}

// Level shows a score's level, or a dash.
func (v *view) Level(sc *monitor.Score) string {
	if sc == nil {
		return "–"
	}
	return strconv.Itoa(sc.Level)
}

// visitServiceWorker: GET /kelola/pemantauan/sw.js — the worker that keeps
// visit pages for an offline reload (static/visit-sw.js), served here so
// that its scope is /kelola/pemantauan/. It holds no secret.
func (s *Server) visitServiceWorker(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(staticFiles, "visit-sw.js")
	if err != nil {
		s.fail(w, r, errs.Wrap(err, "err.internal"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache") // browsers look for a new worker on every check
	w.Write(b)
}

// Weight shows a stored weight (an exact fraction such as "35/2") as a
// percentage in the reader's number format: "17,5", "12,22", "25".
func (v *view) Weight(w string) string { return weightText(v.Lang, w) }

// weightText is Weight for documents: at most two decimals, trailing zeros
// dropped; text that is not a number is shown as it is.
func weightText(l i18n.Lang, w string) string {
	r, ok := new(big.Rat).SetString(w)
	if !ok {
		return w
	}
	f, _ := r.Float64()
	s := i18n.Decimal(l, f, 2) // "17,50": the separator is third from the end
	whole, sep, frac := s[:len(s)-3], s[len(s)-3:len(s)-2], strings.TrimRight(s[len(s)-2:], "0")
	if frac == "" {
		return whole
	}
	return whole + sep + frac
}
