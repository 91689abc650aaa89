package web

import (
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/finding"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The monitoring team's findings (finding13) under /kelola/temuan: the
// list across the units a user sees, a unit's findings with its follow-up
// rate and speed, and one finding with its history. Team members and the
// region's administrators record, verify and reopen (the monitors rule,
// and membership of a team covering the unit, checked here); the unit's
// managers answer.

// overdueFilter is the status filter's value for the late ones.
const overdueFilter = "terlambat"

// unitStats is a unit's line in the list: how it follows up.
type unitStats struct {
	Unit  unit.Unit
	Stats finding.Stats
}

// findingsData is the list across units (findings.html) and a unit's
// findings (findings_unit.html).
type findingsData struct {
	Unit      *unit.Unit // the unit's page; nil for the list
	Rows      []store.FindingRow
	Sections  []findingSection // the unit's page: by where they stand
	Stats     finding.Stats
	PerUnit   []unitStats
	Filters   []string // the status filter's values
	Now       time.Time
	CanCreate bool
	Visits    []monitor.Visit // done visits, newest first: where a finding is recorded
	Indicator []instrument.Indicator
	Exports   map[string]string // the list's export links by format, with its filters
	AtVisit   *monitor.Visit    // the unit's page for the findings of one visit (?kunjungan=, from the calendar)
	Scale     []finding.Severity
}

// findingSection is a group of a unit's findings.
type findingSection struct {
	Key  string // the heading's id and catalog key: open, overdue, answered, closed
	Rows []store.FindingRow
}

// findingsList: GET /kelola/temuan?status=&severity=&unit= — the findings
// of the units the user sees, with each unit's follow-up rate and speed.
func (s *Server) findingsList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(r)
	q := r.URL.Query()
	now := s.db.Now()
	ff := findingScope(p)
	if sev := finding.Severity(q.Get("severity")); slices.Contains(finding.Severities, sev) {
		ff.Severity = sev
	}
	if code := strings.TrimSpace(q.Get("unit")); code != "" {
		u, err := s.db.UnitByCode(ctx, code)
		if err != nil || !p.SeesUnit(u.ID, u.RegionCode) {
			ff.UnitID = "-" // no such unit in the user's sight: nothing
		} else {
			ff.UnitID = u.ID
		}
	}
	all, err := s.db.Findings(ctx, ff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all = slices.DeleteFunc(all, func(f store.FindingRow) bool { return !p.SeesUnit(f.UnitID, f.RegionCode) })
	d := &findingsData{Now: now, Filters: append(statusNames(), overdueFilter), Scale: finding.Severities}
	byUnit := map[string][]finding.Finding{}
	units := map[string]unit.Unit{}
	st := q.Get("status")
	for _, f := range all {
		byUnit[f.UnitID] = append(byUnit[f.UnitID], f.Finding)
		units[f.UnitID] = unit.Unit{ID: f.UnitID, Code: f.UnitCode, Name: f.UnitName, RegionCode: f.RegionCode}
		if st == "" || st == string(f.Status) || st == overdueFilter && f.Overdue(now) {
			d.Rows = append(d.Rows, f)
		}
	}
	if format := q.Get("format"); format != "" {
		s.sendExport(w, r, "temuan-"+monitor.Day(now).Format("2006-01-02"), format, findingsExport(d.Rows, now))
		return
	}
	d.Exports = exportLinks("/kelola/temuan", q)
	for id, u := range units {
		d.PerUnit = append(d.PerUnit, unitStats{Unit: u, Stats: finding.StatsOf(byUnit[id], now)})
	}
	slices.SortFunc(d.PerUnit, func(a, b unitStats) int { return strings.Compare(a.Unit.Code, b.Unit.Code) })
	v := s.newView(r, "finding.title", d)
	v.Form = q
	s.render(w, r, "findings", http.StatusOK, v)
}

// findingScope limits a list to what p sees: an operator's units, else the
// user's region.
func findingScope(p *account.Principal) store.FindingFilter {
	if p.Role == account.Operator {
		return store.FindingFilter{UnitIDs: slices.Collect(maps.Keys(p.UnitIDs))}
	}
	return store.FindingFilter{RegionCode: p.RegionCode}
}

func statusNames() []string {
	out := make([]string, len(finding.Statuses))
	for i, st := range finding.Statuses {
		out[i] = string(st)
	}
	return out
}

// unitFindings: GET /kelola/temuan/{code} — a unit's findings by where
// they stand, its follow-up rate and speed, and for the team the form of
// a new finding.
func (s *Server) unitFindings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.seenUnit(r)
	var rows []store.FindingRow
	if err == nil {
		rows, err = s.db.Findings(ctx, store.FindingFilter{UnitID: u.ID})
	}
	d := &findingsData{Unit: u, Rows: rows, Now: s.db.Now(), Scale: finding.Severities}
	if id := r.URL.Query().Get("kunjungan"); err == nil && id != "" {
		d.AtVisit, err = s.db.VisitByID(ctx, u.ID, id)
	}
	if err == nil {
		d.CanCreate, err = s.mayActAsTeam(r, u)
	}
	if err == nil && d.CanCreate {
		err = s.findingFormData(r, u, d)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fs := make([]finding.Finding, len(rows))
	groups := map[string][]store.FindingRow{}
	for i, f := range rows {
		fs[i] = f.Finding
		if d.AtVisit != nil && f.VisitID != d.AtVisit.ID {
			continue // the unit's figures count them all, the sections show the visit's
		}
		key := "open"
		switch {
		case f.Overdue(d.Now):
			key = "overdue"
		case f.Status == finding.Answered:
			key = "answered"
		case f.Status == finding.Closed:
			key = "closed"
		}
		groups[key] = append(groups[key], f)
	}
	for _, k := range []string{"overdue", "open", "answered", "closed"} {
		d.Sections = append(d.Sections, findingSection{Key: k, Rows: groups[k]})
	}
	d.Stats = finding.StatsOf(fs, d.Now)
	v := s.newView(r, "finding.unit_title", d)
	v.Title = v.T("finding.unit_title") + " — " + u.Name
	if len(d.Visits) > 0 {
		v.defaults(url.Values{"visit": {d.Visits[0].ID}, "severity": {string(finding.Sedang)}})
	}
	s.render(w, r, "findings_unit", http.StatusOK, v)
}

// findingFormData fills the new finding form's choices: the unit's visits
// done, and the indicators of the newest one's instrument (PEKPPP's when it
// was not scored with one).
func (s *Server) findingFormData(r *http.Request, u *unit.Unit, d *findingsData) error {
	visits, err := s.db.UnitVisits(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d.Visits = slices.DeleteFunc(visits, func(v monitor.Visit) bool { return !v.Done() })
	var ver *instrument.Version
	if len(d.Visits) > 0 {
		ver, err = s.visitInstrument(r, &d.Visits[0])
	} else {
		ver, err = s.visitInstrument(r, &monitor.Visit{})
	}
	if err != nil {
		return err
	}
	for _, a := range ver.Aspects {
		for _, ind := range a.Indicators {
			if ind.Scored {
				d.Indicator = append(d.Indicator, ind)
			}
		}
	}
	return nil
}

// visitInstrument is the instrument version a visit's findings name
// indicators of: the version it was scored with, else the newest PEKPPP.
func (s *Server) visitInstrument(r *http.Request, v *monitor.Visit) (*instrument.Version, error) {
	iv, err := s.visitVersion(r, v)
	switch {
	case err == nil:
		return iv.Version, nil
	case v.InstrumentVersionID == "" && errs.CodeOf(err) == errs.NotFound:
		return instrument.Builtin()[0], nil // no PEKPPP version stored yet
	}
	return nil, err
}

// mayActAsTeam reports whether the user records, verifies and reopens u's
// findings: a member of a team covering it, or an administrator of its
// region (as for visits: teamFor).
func (s *Server) mayActAsTeam(r *http.Request, u *unit.Unit) (bool, error) {
	if !principal(r).Is(account.Admin, account.Evaluator) {
		return false, nil // no query for the unit's own staff
	}
	team, err := s.visitTeam(r, u)
	return team != nil, err
}

// createFinding: POST /kelola/temuan/{code} — a team member records a
// finding of the unit at one of its visits done.
func (s *Server) createFinding(w http.ResponseWriter, r *http.Request) {
	u, _, ok := s.teamForm(w, r)
	if !ok {
		return
	}
	visits, err := s.db.UnitVisits(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := map[string]*monitor.Visit{}
	for i := range visits {
		byID[visits[i].ID] = &visits[i]
	}
	f := r.PostForm
	in := finding.NewInput{VisitID: f.Get("visit"), Indicator: f.Get("indicator"), Severity: f.Get("severity"), Description: f.Get("description"),
		Recommendation: f.Get("recommendation"), Responsible: f.Get("responsible"), DueOn: f.Get("due_on")}
	ver, err := s.visitInstrument(r, visitOf(visits, in.VisitID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	isIndicator := func(code string) bool { ind := ver.Indicator(code); return ind != nil && ind.Scored }
	fd, err := in.Validate(byID, isIndicator, s.db.Now())
	if err == nil {
		err = s.db.CreateFinding(r.Context(), s.actor(r), u, fd)
	}
	if err != nil {
		s.formFailed(w, r, err, s.unitFindings)
		return
	}
	s.flash(r, "finding.created")
	redirect(w, r, "/kelola/temuan/"+u.Code+"/"+fd.ID)
}

// findingData is a finding's page (finding.html).
type findingData struct {
	Unit      *unit.Unit
	Finding   *finding.Finding
	Indicator string // the indicator's name, where the instrument knows it
	Events    []store.FindingEvent
	Files     []store.EvidenceFile
	Visit     *monitor.Visit // the visit it was recorded at
	Now       time.Time
	CanAnswer bool
	CanVerify bool // verify and reopen
	// AwaitVisit: the team would verify, but the unit has not been
	// visited since the finding (finding.NextVisit).
	AwaitVisit bool
}

// findingPage: GET /kelola/temuan/{code}/{id}.
func (s *Server) findingPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := s.seenUnit(r)
	d := &findingData{Unit: u, Now: s.db.Now()}
	if err == nil {
		d.Finding, err = s.db.Finding(ctx, u.ID, r.PathValue("id"))
	}
	if err == nil {
		d.Events, err = s.db.FindingEvents(ctx, u.ID, d.Finding.ID)
	}
	var files map[string][]store.EvidenceFile
	if err == nil {
		files, err = s.db.Evidence(ctx, u.ID, store.OwnerFinding)
	}
	var team bool
	if err == nil {
		team, err = s.mayActAsTeam(r, u)
	}
	var visits []monitor.Visit
	if err == nil {
		visits, err = s.db.UnitVisits(ctx, u.ID)
	}
	var ver *instrument.Version
	if err == nil {
		ver, err = s.visitInstrument(r, visitOf(visits, d.Finding.VisitID))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Visit = visitOf(visits, d.Finding.VisitID)
	if ind := ver.Indicator(d.Finding.Indicator); ind != nil {
		d.Indicator = ind.Name
	}
	d.Files = files[d.Finding.ID]
	p := principal(r)
	d.CanAnswer = p.ManagesUnit(u.ID, u.RegionCode) && slices.Contains(finding.Allowed(d.Finding.Status, finding.Unit), finding.Answer)
	if team && slices.Contains(finding.Allowed(d.Finding.Status, finding.Team), finding.Verify) {
		d.CanVerify = finding.NextVisit(d.Finding, visits) != nil
		d.AwaitVisit = !d.CanVerify
	}
	v := s.newView(r, "finding.page_title", d)
	v.Title = v.T("finding.page_title", d.Finding.Indicator) + " — " + u.Name
	s.render(w, r, "finding", http.StatusOK, v)
}

// visitOf is the visit with an id among visits (an empty one if none).
func visitOf(visits []monitor.Visit, id string) *monitor.Visit {
	for i := range visits {
		if visits[i].ID == id {
			return &visits[i]
		}
	}
	return &monitor.Visit{}
}

// answerFinding: POST /kelola/temuan/{code}/{id}/tanggapan — the unit's
// follow-up, with evidence files.
func (s *Server) answerFinding(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.formFailed(w, r, err, s.findingPage)
		return
	}
	text, err := finding.AnswerInput{FollowUp: r.PostForm.Get("follow_up")}.Validate()
	if err != nil {
		s.formFailed(w, r, err, s.findingPage)
		return
	}
	// The finding is read first: its id, not the path's, names the
	// directory its files are written to.
	fd, err := s.db.Finding(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := fd.ID
	err = s.withEvidence(r, "follow_up_files", "follow_up", id, func(files []store.EvidenceFile) error {
		_, err := s.db.StepFinding(r.Context(), s.actor(r), u, id, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: text,
			Files: files, Expected: finding.Status(r.PostForm.Get("status"))})
		return err
	})
	if err != nil {
		s.formFailed(w, r, err, s.findingPage)
		return
	}
	s.flash(r, "finding.answered")
	redirect(w, r, "/kelola/temuan/"+u.Code+"/"+id)
}

// teamStep: POST /kelola/temuan/{code}/{id}/tutup and …/buka-kembali — the
// team verifies the follow-up and closes the finding (confirmed: it cannot
// be undone), or reopens it with a reason and a new due date.
func (s *Server) teamStep(action finding.Action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, _, ok := s.teamForm(w, r)
		if !ok {
			return
		}
		f := r.PostForm
		st := store.FindingStep{Action: action, Actor: finding.Team, Expected: finding.Status(f.Get("status"))}
		var err error
		if action == finding.Verify {
			st.Text, err = finding.VerifyInput{Note: f.Get("note")}.Validate()
			if err == nil && f.Get("confirmed") != "1" {
				err = errUnconfirmed()
			}
		} else {
			st.Text, st.DueOn, err = finding.ReopenInput{Reason: f.Get("reason"), DueOn: f.Get("due_on")}.Validate(s.db.Now())
		}
		if err == nil {
			_, err = s.db.StepFinding(r.Context(), s.actor(r), u, r.PathValue("id"), st)
		}
		if err != nil {
			s.formFailed(w, r, err, s.findingPage)
			return
		}
		s.flash(r, "finding.saved_"+string(action))
		redirect(w, r, "/kelola/temuan/"+u.Code+"/"+r.PathValue("id"))
	}
}

// findingFile: GET /kelola/temuan/{code}/{id}/berkas/{file} — a file of a
// finding's follow-up.
func (s *Server) findingFile(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), u.ID, r.PathValue("file"))
	}
	if err == nil && (f.OwnerType != store.OwnerFinding || f.OwnerID != r.PathValue("id")) {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}

// FindingTag is the tag class of a finding's state at the page's time.
func (v *view) FindingTag(f finding.Finding, now time.Time) string {
	if f.Overdue(now) {
		return "bad"
	}
	return map[finding.Status]string{finding.Closed: "ok", finding.Answered: "soon", finding.Reopened: "warn", finding.Open: "warn"}[f.Status]
}

// FindingState names a finding's state, "terlambat" when overdue.
func (v *view) FindingState(f finding.Finding, now time.Time) string {
	if f.Overdue(now) {
		return v.T("finding.status.terlambat")
	}
	return v.T("finding.status." + string(f.Status))
}
