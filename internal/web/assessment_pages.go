package web

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/instrument"
	"mutu/internal/jobs"
	"mutu/internal/kepatuhan"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The Ombudsman's assessment of a city (assess14) under
// /kelola/penilaian-ombudsman: the list per year, an assessment's page
// (loci, dates, assessors, results, Piagam, evidence packs) and its forms.
// The city's (or province's) administrators write; its leaders and
// evaluators read; an assessor reads only the assessments they are on,
// and through them the evidence of those loci and nothing else.

const assessmentsPath = "/kelola/penilaian-ombudsman"

// assessmentsData is the list page (assessments.html).
type assessmentsData struct {
	Rows    []assessmentRow
	Years   []int
	Year    int // 0: every year
	CanEdit bool
}

// assessmentRow is an assessment with what its page and the list show.
type assessmentRow struct {
	kepatuhan.Assessment
	City    string
	Version *store.InstrumentVersion
	Opinion *instrument.Opinion // the city's, from its score; nil: no score
}

// opinionOf reads a score's opinion under v.
func opinionOf(v *store.InstrumentVersion, score *int64) *instrument.Opinion {
	if v == nil || score == nil {
		return nil
	}
	o := v.OpinionOf(v.CategoryOf(*score))
	return &o
}

// assessmentScope is the filter of the assessments the user sees.
func assessmentScope(p *account.Principal) store.AssessmentFilter {
	if p.Role == account.Assessor {
		return store.AssessmentFilter{AssessorID: p.UserID}
	}
	return store.AssessmentFilter{RegionCode: p.RegionCode}
}

// assessmentRows adds the city and the version to assessments.
func (s *Server) assessmentRows(r *http.Request, as []kepatuhan.Assessment) ([]assessmentRow, error) {
	out := make([]assessmentRow, len(as))
	for i, a := range as {
		out[i].Assessment = a
		reg, err := s.db.Region(r.Context(), a.RegionCode)
		if err != nil {
			return nil, err
		}
		out[i].City = reg.Name
		if out[i].Version, err = s.db.InstrumentVersionByID(r.Context(), a.VersionID); err != nil {
			return nil, err
		}
		out[i].Opinion = opinionOf(out[i].Version, a.Score)
	}
	return out, nil
}

// assessments: GET /kelola/penilaian-ombudsman?tahun= — the assessments in
// the user's scope, newest year first.
func (s *Server) assessments(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f := assessmentScope(p)
	all, err := s.db.Assessments(r.Context(), f)
	d := &assessmentsData{CanEdit: p.Is(account.Admin)}
	if y, convErr := strconv.Atoi(r.URL.Query().Get("tahun")); convErr == nil {
		d.Year = y
	}
	var shown []kepatuhan.Assessment
	for _, a := range all {
		if !slices.Contains(d.Years, a.Year) {
			d.Years = append(d.Years, a.Year)
		}
		if d.Year == 0 || a.Year == d.Year {
			shown = append(shown, a)
		}
	}
	if err == nil {
		d.Rows, err = s.assessmentRows(r, shown)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "assessments", http.StatusOK, s.newView(r, "penilaian.title", d))
}

// seenAssessment loads the assessment in the path if the user may read it:
// an assessor only one they are on; the others one of their region (or
// of the province above their city).
func (s *Server) seenAssessment(r *http.Request) (*kepatuhan.Assessment, error) {
	a, err := s.db.Assessment(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := principal(r)
	switch {
	case p.Role == account.Assessor:
		if !a.HasAssessor(p.UserID) {
			return nil, errs.New(errs.Forbidden, "err.out_of_scope")
		}
	case p.RegionCode == "" || !region.Within(a.RegionCode, p.RegionCode) && !region.Within(p.RegionCode, a.RegionCode):
		return nil, errs.New(errs.Forbidden, "err.out_of_scope")
	}
	return a, nil
}

// administeredAssessment is seenAssessment for those who may change it:
// the administrators of its region.
func (s *Server) administeredAssessment(r *http.Request) (*kepatuhan.Assessment, error) {
	a, err := s.seenAssessment(r)
	if err == nil && !principal(r).AdministersRegion(a.RegionCode) {
		err = errs.New(errs.Forbidden, "err.out_of_scope")
	}
	return a, err
}

// locusOf loads the unit in the path if it is a locus of a.
func (s *Server) locusOf(r *http.Request, a *kepatuhan.Assessment) (*unit.Unit, error) {
	u, err := s.db.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	if !a.HasLocus(u.ID) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	return u, nil
}

// assessmentData is an assessment's page and its forms (assessment.html).
type assessmentData struct {
	Row        *assessmentRow // nil: the new-assessment form
	Loci       []locusRow
	Assessors  []account.User // the assessment's
	AwardFiles []store.EvidenceFile
	CanEdit    bool
	Polling    bool // a pack is being built: the page refreshes its packs
	// the form's choices
	Cities     []region.Region
	Versions   []store.InstrumentVersion
	Units      []unit.Unit
	Candidates []account.User // assessor accounts that may see the city
}

// locusRow is a locus on the assessment's page.
type locusRow struct {
	Unit     unit.Unit
	Products []unit.Service
	Score    *int64
	Opinion  *instrument.Opinion
	// Projected is the unit's score as Mutu projects it today, under the
	// latest four-dimension version (store.ProjectedCompliance): where the
	// unit stands now next to what the assessors found.
	Projected *int64
	Pack      *store.Pack
}

// assessmentFormData fills the choices of the assessment form: cities the
// administrator may assess, the Ombudsman versions, the units of those
// cities and the assessor accounts that may see them.
func (s *Server) assessmentFormData(r *http.Request, d *assessmentData) error {
	p := principal(r)
	var err error
	if lvl, _ := region.LevelOf(p.RegionCode); lvl == region.Province {
		d.Cities, err = s.db.RegionsByLevelWithin(r.Context(), region.City, p.RegionCode)
	} else if reg, rerr := s.db.Region(r.Context(), cityOf(p.RegionCode)); rerr == nil {
		d.Cities = []region.Region{*reg}
	} else {
		err = rerr
	}
	if err != nil {
		return err
	}
	vs, err := s.db.InstrumentVersions(r.Context())
	if err != nil {
		return err
	}
	for _, v := range vs {
		if v.Kind == instrument.KindOmbudsman {
			d.Versions = append(d.Versions, v)
		}
	}
	if d.Units, _, err = s.db.Units(r.Context(), store.UnitFilter{RegionCode: p.RegionCode, Sort: "code"}); err != nil {
		return err
	}
	ids := make([]string, len(d.Units))
	for i, u := range d.Units {
		ids[i] = u.ID
	}
	services, err := s.db.Services(r.Context(), ids) // the products a locus may have
	if err != nil {
		return err
	}
	for i := range d.Units {
		d.Units[i].Services = services[d.Units[i].ID]
	}
	users, err := s.db.Users(r.Context(), "")
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Active && u.Role == account.Assessor && (region.Within(u.RegionCode, p.RegionCode) || region.Within(p.RegionCode, u.RegionCode)) {
			d.Candidates = append(d.Candidates, u)
		}
	}
	return nil
}

// assessmentValues are the form values of a stored assessment.
func assessmentValues(a *kepatuhan.Assessment) url.Values {
	f := url.Values{"region_code": {a.RegionCode}, "year": {strconv.Itoa(a.Year)}, "version_id": {a.VersionID},
		"starts_on": {a.StartsOn.Format(time.DateOnly)}, "ends_on": {a.EndsOn.Format(time.DateOnly)}, "assessors": a.Assessors}
	if a.Score != nil {
		f.Set("score", kepatuhan.FormatScore(*a.Score))
	}
	for _, l := range a.Loci {
		f.Add("loci", l.UnitID)
		for _, sid := range l.ServiceIDs {
			f.Add("products", l.UnitID+"/"+sid)
		}
		if l.Score != nil {
			f.Set("score_"+l.UnitID, kepatuhan.FormatScore(*l.Score))
		}
	}
	f.Set("award_name", a.Award.Name)
	if !a.Award.On.IsZero() {
		f.Set("award_on", a.Award.On.Format(time.DateOnly))
	}
	return f
}

// newAssessmentForm: GET /kelola/penilaian-ombudsman/baru.
func (s *Server) newAssessmentForm(w http.ResponseWriter, r *http.Request) {
	d := &assessmentData{CanEdit: true}
	if err := s.assessmentFormData(r, d); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "penilaian.new", d)
	v.defaults(url.Values{"year": {strconv.Itoa(s.db.Now().Year())}})
	s.render(w, r, "assessment", http.StatusOK, v)
}

// assessmentPage: GET /kelola/penilaian-ombudsman/{id} — the assessment;
// its forms for the administrators of its region.
func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.seenAssessment(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &assessmentData{CanEdit: principal(r).AdministersRegion(a.RegionCode)}
	if err := s.fillAssessment(r, d, a); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "penilaian.assessment", d)
	v.Title = v.T("penilaian.assessment_of", d.Row.City, a.Year)
	v.defaults(assessmentValues(a))
	s.render(w, r, "assessment", http.StatusOK, v)
}

// fillAssessment loads what the page shows of a.
func (s *Server) fillAssessment(r *http.Request, d *assessmentData, a *kepatuhan.Assessment) error {
	rows, err := s.assessmentRows(r, []kepatuhan.Assessment{*a})
	if err != nil {
		return err
	}
	d.Row = &rows[0]
	ids := make([]string, len(a.Loci))
	for i, l := range a.Loci {
		ids[i] = l.UnitID
	}
	units, err := s.unitsByID(r, ids)
	if err != nil {
		return err
	}
	packs, err := s.db.Packs(r.Context(), a.ID)
	if err != nil {
		return err
	}
	projected, err := s.db.ProjectedCompliance(r.Context(), ids)
	if err != nil {
		return err
	}
	for _, l := range a.Loci {
		u := units[l.UnitID]
		row := locusRow{Unit: u, Score: l.Score, Opinion: opinionOf(d.Row.Version, l.Score)}
		for _, svc := range u.Services {
			if slices.Contains(l.ServiceIDs, svc.ID) {
				row.Products = append(row.Products, svc)
			}
		}
		if p, ok := packs[u.ID]; ok {
			row.Pack = &p
			d.Polling = d.Polling || p.State == store.PackQueued || p.State == store.PackRunning
		}
		if p, ok := projected[u.ID]; ok && p.Entered > 0 {
			row.Projected = &p.Rounded
		}
		d.Loci = append(d.Loci, row)
	}
	for _, id := range a.Assessors {
		u, err := s.db.UserByID(r.Context(), id)
		if err != nil {
			return err
		}
		d.Assessors = append(d.Assessors, *u)
	}
	if d.AwardFiles, err = s.db.AwardFiles(r.Context(), a.ID); err != nil {
		return err
	}
	if d.CanEdit {
		return s.assessmentFormData(r, d)
	}
	return nil
}

// assessmentInput reads the assessment form and its choices for the city.
func (s *Server) assessmentInput(r *http.Request, cityCode string) (*kepatuhan.Assessment, error) {
	var d assessmentData
	if err := s.assessmentFormData(r, &d); err != nil {
		return nil, err
	}
	c := kepatuhan.Choices{Versions: map[string]int{}, Services: map[string][]string{}}
	for _, v := range d.Versions {
		c.Versions[v.ID] = versionYear(v)
	}
	for _, u := range d.Units {
		if region.Within(u.RegionCode, cityCode) {
			for _, svc := range u.Services {
				c.Services[u.ID] = append(c.Services[u.ID], svc.ID)
			}
			if c.Services[u.ID] == nil {
				c.Services[u.ID] = []string{}
			}
		}
	}
	for _, u := range d.Candidates {
		if region.Within(cityCode, u.RegionCode) || region.Within(u.RegionCode, cityCode) {
			c.Assessors = append(c.Assessors, u.ID)
		}
	}
	f := r.PostForm
	a, err := kepatuhan.Input{Year: f.Get("year"), VersionID: f.Get("version_id"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"),
		Loci: f["loci"], Products: f["products"], Assessors: f["assessors"]}.Validate(s.db.Now(), c)
	if err != nil {
		return nil, err
	}
	a.RegionCode = cityCode
	return a, nil
}

// versionYear is the assessment year of an Ombudsman version: the year in
// its label ("ombudsman-2023"), or 0.
func versionYear(v store.InstrumentVersion) int {
	var y int
	if _, err := fmt.Sscanf(v.Label, "ombudsman-%d", &y); err != nil {
		return 0
	}
	return y
}

// createAssessment: POST /kelola/penilaian-ombudsman/baru.
func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	city := r.PostForm.Get("region_code")
	if lvl, _ := region.LevelOf(city); lvl != region.City || !principal(r).AdministersRegion(city) {
		s.formFailed(w, r, errs.InvalidField("region_code", "penilaian.err.city"), s.newAssessmentForm)
		return
	}
	a, err := s.assessmentInput(r, city)
	if err == nil {
		err = s.db.SaveAssessment(r.Context(), s.actor(r), a, true)
	}
	if err != nil {
		s.formFailed(w, r, err, s.newAssessmentForm)
		return
	}
	s.flash(r, "penilaian.saved")
	redirect(w, r, assessmentsPath+"/"+a.ID)
}

// updateAssessment: POST /kelola/penilaian-ombudsman/{id} — its year,
// version, days, loci and assessors (the city stays).
func (s *Server) updateAssessment(w http.ResponseWriter, r *http.Request) {
	old, err := s.administeredAssessment(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.assessmentInput(r, old.RegionCode)
	if err == nil {
		a.ID = old.ID
		err = s.db.SaveAssessment(r.Context(), s.actor(r), a, false)
	}
	if err != nil {
		s.formFailed(w, r, err, s.assessmentPage)
		return
	}
	s.flash(r, "penilaian.saved")
	redirect(w, r, assessmentsPath+"/"+a.ID)
}

// saveAssessmentResults: POST /kelola/penilaian-ombudsman/{id}/hasil — the
// official scores of the city and each locus.
func (s *Server) saveAssessmentResults(w http.ResponseWriter, r *http.Request) {
	a, err := s.administeredAssessment(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := kepatuhan.Results{City: r.PostForm.Get("score"), Loci: map[string]string{}}
	for _, l := range a.Loci {
		in.Loci[l.UnitID] = r.PostForm.Get("score_" + l.UnitID)
	}
	city, loci, err := in.Validate(a)
	if err == nil {
		err = s.db.SaveAssessmentResults(r.Context(), s.actor(r), a, city, loci)
	}
	if err != nil {
		s.formFailed(w, r, err, s.assessmentPage)
		return
	}
	s.flash(r, "penilaian.results_saved")
	redirect(w, r, assessmentsPath+"/"+a.ID+"#hasil")
}

// saveAward: POST /kelola/penilaian-ombudsman/{id}/piagam — the award's
// name and date with its scan.
func (s *Server) saveAward(w http.ResponseWriter, r *http.Request) {
	a, err := s.administeredAssessment(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseEvidenceForm(w, r); err != nil {
		s.formFailed(w, r, err, s.assessmentPage)
		return
	}
	aw, err := kepatuhan.AwardInput{Name: r.PostForm.Get("award_name"), On: r.PostForm.Get("award_on")}.Validate()
	if err == nil {
		err = s.withEvidence(r, "award_file", "award", a.ID, func(files []store.EvidenceFile) error {
			return s.db.SaveAward(r.Context(), s.actor(r), a, aw, files)
		})
	}
	if err != nil {
		s.formFailed(w, r, err, s.assessmentPage)
		return
	}
	s.flash(r, "penilaian.award_saved")
	redirect(w, r, assessmentsPath+"/"+a.ID+"#piagam")
}

// awardFile: GET /kelola/penilaian-ombudsman/{id}/piagam/{file}.
func (s *Server) awardFile(w http.ResponseWriter, r *http.Request) {
	a, err := s.seenAssessment(r)
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), "", r.PathValue("file"))
	}
	if err == nil && (f.OwnerType != store.OwnerAward || f.OwnerID != a.ID) {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}

// requestPack: POST /kelola/penilaian-ombudsman/{id}/paket/{code} — asks
// the background job for the locus's evidence pack.
func (s *Server) requestPack(w http.ResponseWriter, r *http.Request) {
	a, err := s.administeredAssessment(r)
	var u *unit.Unit
	if err == nil {
		u, err = s.locusOf(r, a)
	}
	if err == nil {
		err = s.db.RequestPack(r.Context(), s.actor(r), a, u.ID, u.Name)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "penilaian.pack_queued")
	redirect(w, r, assessmentsPath+"/"+a.ID+"#paket")
}

// packFile: GET /kelola/penilaian-ombudsman/{id}/paket/{code} — the
// finished pack of a locus, streamed from disk.
func (s *Server) packFile(w http.ResponseWriter, r *http.Request) {
	a, err := s.seenAssessment(r)
	var u *unit.Unit
	if err == nil {
		u, err = s.locusOf(r, a)
	}
	var packs map[string]store.Pack
	if err == nil {
		packs, err = s.db.Packs(r.Context(), a.ID)
	}
	if err == nil && packs[u.ID].State != store.PackDone {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	path := jobs.PackPath(s.cfg.AttachmentDir, a.ID, u.ID)
	f, err := os.Open(path)
	if err != nil {
		s.fail(w, r, errs.New(errs.NotFound, "err.not_found"))
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bukti-%s-%d.zip"`, u.Code, a.Year))
	w.Header().Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", packs[u.ID].FinishedAt, f)
}

// locusEvidenceData is a locus's evidence for its readers (assessment_evidence.html).
type locusEvidenceData struct {
	Row   *assessmentRow
	Unit  *unit.Unit
	Files []store.EvidenceFile
}

// locusEvidence: GET /kelola/penilaian-ombudsman/{id}/bukti/{code} — every
// evidence file of a locus, read-only: what an assessor sees of the unit.
func (s *Server) locusEvidence(w http.ResponseWriter, r *http.Request) {
	a, err := s.seenAssessment(r)
	var u *unit.Unit
	if err == nil {
		u, err = s.locusOf(r, a)
	}
	d := &locusEvidenceData{Unit: u}
	var rows []assessmentRow
	if err == nil {
		rows, err = s.assessmentRows(r, []kepatuhan.Assessment{*a})
	}
	if err == nil {
		d.Row = &rows[0]
		d.Files, err = s.db.UnitEvidence(r.Context(), u.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "penilaian.evidence", d)
	v.Title = v.T("penilaian.evidence_of", u.Name)
	s.render(w, r, "assessment_evidence", http.StatusOK, v)
}

// locusEvidenceFile: GET /kelola/penilaian-ombudsman/{id}/bukti/{code}/{file}.
func (s *Server) locusEvidenceFile(w http.ResponseWriter, r *http.Request) {
	a, err := s.seenAssessment(r)
	var u *unit.Unit
	if err == nil {
		u, err = s.locusOf(r, a)
	}
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), u.ID, r.PathValue("file"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}

// OfficialScore writes a score in hundredths as the page's language
// writes it ("87,28"), a dash for none.
func (v *view) OfficialScore(h *int64) string {
	if h == nil {
		return "–"
	}
	return i18n.Decimal(v.Lang, float64(*h)/100, 2)
}

// EvidenceOwner names the kind of record an evidence file documents; an
// owner the catalog does not know yet shows as stored.
func (v *view) EvidenceOwner(ownerType string) string {
	if key := "penilaian.owner." + ownerType; i18n.Has(key) {
		return v.T(key)
	}
	return ownerType
}
