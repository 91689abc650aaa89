package web

import (
	"html/template"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/attach"
	"mutu/internal/errs"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// Service standards (issue #12): the staff pages of a unit's standards,
// maklumat and forums under /kelola/standar/unit/{code}. Every signed-in
// role whose scope covers the unit reads them; the unit's managers
// (operators of the unit, administrators of its region) write. The public
// side is on the unit page (unit_public.go).

// evidenceDir is where a record's evidence files live: beside the complaint
// attachments, under "bukti" (jobs.EvidenceSubdir: not shaped like a report
// ID, so the sweep of attachments passes it by and sweeps it on its own
// against evidence_files), one directory per record.
func (s *Server) evidenceDir(ownerID string) string {
	return filepath.Join(s.cfg.AttachmentDir, "bukti", ownerID)
}

// saveEvidence checks and writes the files of a form field as evidence of
// kind for the record ownerID, before the record's transaction; undo
// removes them if that fails.
func (s *Server) saveEvidence(r *http.Request, field, kind, ownerID string) ([]store.EvidenceFile, func(), error) {
	ups, fs := readFiles(r, field, false)
	if len(fs) > 0 {
		return nil, func() {}, errs.Fields("err.form", fs)
	}
	atts, undo, err := writeFiles(s.evidenceDir(ownerID), ups)
	if err != nil {
		undo()
		return nil, func() {}, err
	}
	out := make([]store.EvidenceFile, len(atts))
	for i, a := range atts {
		out[i] = store.EvidenceFile{Attachment: a, Kind: kind}
	}
	return out, undo, nil
}

// withEvidence writes the files of field as evidence of kind for the record
// ownerID and runs save, the record's transaction, with them; the files
// are removed if save fails.
func (s *Server) withEvidence(r *http.Request, field, kind, ownerID string, save func([]store.EvidenceFile) error) error {
	files, undo, err := s.saveEvidence(r, field, kind, ownerID)
	if err != nil {
		return err
	}
	if err := save(files); err != nil {
		undo()
		return err
	}
	return nil
}

// parseEvidenceForm parses a form that may carry evidence files.
func parseEvidenceForm(w http.ResponseWriter, r *http.Request) error {
	limit := int64(attach.MaxFiles*attach.MaxBytes + 1<<20)
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return parseMultipart(r, limit)
	}
	return parseForm(r)
}

// standardRow is one service on the unit's standards page.
type standardRow struct {
	Service   unit.Service
	Current   *standard.Version // in force, or nil
	Open      *standard.Version // the draft or approved version, or nil
	ReviewDue bool              // the version in force is older than the review cycle
}

// forumRow is a forum with its files.
type forumRow struct {
	standard.Forum
	Files []store.EvidenceFile
}

// standardsData is the page data of a unit's standards (standards.html).
type standardsData struct {
	Unit          *unit.Unit
	Manage        bool
	Rows          []standardRow
	Maklumat      *standard.Maklumat // nil: none yet (the form shows the standard text)
	MaklumatFiles []store.EvidenceFile
	Forums        []forumRow
	ReviewMonths  int
}

// standardRows is each active service of u with its versions' state.
func (s *Server) standardRows(r *http.Request, u *unit.Unit) ([]standardRow, error) {
	all, err := s.db.UnitStandards(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	var rows []standardRow
	for _, svc := range u.Services {
		if !svc.Active {
			continue
		}
		vs := all[svc.ID]
		row := standardRow{Service: svc, Current: standard.Current(vs, now), Open: standard.OpenVersion(vs)}
		row.ReviewDue = s.cfg.StandardReview.NeedsReview(row.Current, now)
		rows = append(rows, row)
	}
	return rows, nil
}

// standards: GET /kelola/standar/unit/{code}.
func (s *Server) standards(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &standardsData{Unit: u, Manage: principal(r).ManagesUnit(u.ID, u.RegionCode), ReviewMonths: int(s.cfg.StandardReview)}
	if d.Rows, err = s.standardRows(r, u); err == nil {
		d.Maklumat, err = s.db.Maklumat(r.Context(), u.ID)
	}
	var files map[string][]store.EvidenceFile
	if err == nil {
		files, err = s.db.Evidence(r.Context(), u.ID, store.OwnerMaklumat)
		d.MaklumatFiles = files[u.ID]
	}
	var forums []standard.Forum
	if err == nil {
		forums, err = s.db.Forums(r.Context(), u.ID)
	}
	if err == nil {
		files, err = s.db.Evidence(r.Context(), u.ID, store.OwnerForum)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range forums {
		d.Forums = append(d.Forums, forumRow{Forum: f, Files: files[f.ID]})
	}
	v := s.newView(r, "standard.title", d)
	v.Title = v.T("standard.title") + " — " + u.Name
	v.defaults(maklumatValues(u, d.Maklumat))
	s.render(w, r, "standards", http.StatusOK, v)
}

// maklumatValues fills the maklumat form: the stored maklumat, or the
// standard text signed by the unit's head.
func maklumatValues(u *unit.Unit, m *standard.Maklumat) url.Values {
	if m == nil {
		return url.Values{"maklumat": {standard.MaklumatText}, "signatory_name": {u.HeadName}, "signatory_nip": {u.HeadNIP},
			"signatory_position": {u.HeadPosition}}
	}
	v := url.Values{"maklumat": {m.Text}, "signatory_name": {m.SignatoryName}, "signatory_nip": {m.SignatoryNIP},
		"signatory_position": {m.SignatoryPosition}}
	if !m.SignedOn.IsZero() {
		v.Set("signed_on", m.SignedOn.Format("2006-01-02"))
	}
	return v
}

// saveMaklumat: POST /kelola/standar/unit/{code}/maklumat.
func (s *Server) saveMaklumat(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	f := r.PostForm
	in := standard.MaklumatInput{Text: f.Get("maklumat"), SignatoryName: f.Get("signatory_name"), SignatoryNIP: f.Get("signatory_nip"),
		SignatoryPosition: f.Get("signatory_position"), SignedOn: f.Get("signed_on")}
	m, err := in.Validate(s.db.Now(), func(nip string) bool { return unit.ValidNIP(unit.NormalizeNIP(nip)) })
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	err = s.withEvidence(r, "maklumat_file", "signed", u.ID, func(files []store.EvidenceFile) error {
		return s.db.SaveMaklumat(r.Context(), s.actor(r), u, &m, files)
	})
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	s.flash(r, "standard.maklumat_saved")
	redirect(w, r, "/kelola/standar/unit/"+u.Code)
}

// addForum: POST /kelola/standar/unit/{code}/forum.
func (s *Server) addForum(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	f := r.PostForm
	in := standard.ForumInput{HeldOn: f.Get("held_on"), Topic: f.Get("topic"), Minutes: f.Get("minutes"), Participants: standard.Lines(f.Get("participants"))}
	forum, err := in.Validate(s.db.Now())
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	forum.ID = store.NewID()
	err = s.withEvidence(r, "forum_files", "forum", forum.ID, func(files []store.EvidenceFile) error {
		return s.db.AddForum(r.Context(), s.actor(r), u, &forum, files)
	})
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	s.flash(r, "standard.forum_saved")
	redirect(w, r, "/kelola/standar/unit/"+u.Code+"#forum")
}

// evidenceFile: GET /kelola/standar/unit/{code}/bukti/{id} — a file of a
// record of a unit the user sees.
func (s *Server) evidenceFile(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	var f *store.EvidenceFile
	if err == nil {
		f, err = s.db.EvidenceByID(r.Context(), u.ID, r.PathValue("id"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.serveFile(w, r, filepath.Join(s.evidenceDir(f.OwnerID), f.ID), f.Attachment)
}

// serviceStandardData is the page of one service's standard
// (standard_service.html) and of one of its versions (standard_version.html).
type serviceStandardData struct {
	Unit      *unit.Unit
	Service   *unit.Service
	Manage    bool
	Current   *standard.Version
	Open      *standard.Version
	Shown     *standard.Version // the version page's version
	Versions  []standard.Version
	Files     map[string][]store.EvidenceFile // by version ID; the version page's only
	ReviewDue bool
	Flow      template.HTML // the shown (or current) version's procedure as SVG
	TimeUnits []standard.TimeUnit
	FeeKinds  []standard.FeeKind
}

// serviceStandard loads the unit (seen by the user), its service in the
// path and the service's versions.
func (s *Server) serviceStandard(r *http.Request, load func(*http.Request) (*unit.Unit, error)) (*serviceStandardData, error) {
	u, err := load(r)
	if err != nil {
		return nil, err
	}
	svc := u.ServiceByCode(r.PathValue("service"))
	if svc == nil {
		return nil, errs.New(errs.NotFound, "service.err.not_found", r.PathValue("service"))
	}
	vs, err := s.db.ServiceStandard(r.Context(), u.ID, svc.ID)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	d := &serviceStandardData{Unit: u, Service: svc, Manage: principal(r).ManagesUnit(u.ID, u.RegionCode), Versions: vs,
		Current: standard.Current(vs, now), Open: standard.OpenVersion(vs), TimeUnits: standard.TimeUnits, FeeKinds: standard.FeeKinds}
	d.ReviewDue = s.cfg.StandardReview.NeedsReview(d.Current, now)
	return d, nil
}

// serviceStandardPage: GET /kelola/standar/unit/{code}/layanan/{service} —
// the standard in force, the open version with its workflow, the edit
// form and the history.
func (s *Server) serviceStandardPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceStandard(r, s.seenUnit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "standard.service_title", d)
	v.Title = v.T("standard.service_title") + " — " + d.Service.Name
	v.defaults(editValues(s.startingEdit(r, d)))
	if d.Current != nil {
		d.Flow = template.HTML(standard.FlowSVG(v.T("standard.flow_title", d.Service.Name), d.Current.Content.Steps))
	}
	s.render(w, r, "standard_service", http.StatusOK, v)
}

// startingEdit is what the standard form starts from: the open version,
// else the version in force, else an empty standard whose complaint
// handling lists the unit's channels in Mutu.
func (s *Server) startingEdit(r *http.Request, d *serviceStandardData) standard.Edit {
	switch {
	case d.Open != nil:
		return standard.EditOf(d.Open.Content)
	case d.Current != nil:
		return standard.EditOf(d.Current.Content)
	}
	return standard.Edit{TimeUnit: string(standard.WorkingDays), FeeKind: string(standard.Free),
		Complaints: standard.ComplaintLines(s.channelsOf(r, d.Unit))}
}

// channelsOf is u's complaint channels in Mutu.
func (s *Server) channelsOf(r *http.Request, u *unit.Unit) standard.Channels {
	return standard.Channels{FormURL: s.baseURL(r) + "/pengaduan?unit=" + url.QueryEscape(u.Code), TrackURL: s.baseURL(r) + "/lacak",
		Address: u.Address, Phone: u.Phone, Email: u.Email}
}

// editFields are the list inputs of the standard form and where they go.
func editFields(e *standard.Edit) map[string]*[]string {
	in := &e.Internal
	return map[string]*[]string{"requirements": &e.Requirements, "steps": &e.Steps, "complaints": &e.Complaints,
		"legal_basis": &in.LegalBasis, "facilities": &in.Facilities, "competence": &in.Competence, "supervision": &in.Supervision,
		"staffing": &in.Staffing, "assurance": &in.Assurance, "security": &in.Security, "evaluation": &in.Evaluation}
}

// editValues is the form showing e (lists one item per line).
func editValues(e standard.Edit) url.Values {
	v := url.Values{"time_value": {e.TimeValue}, "time_unit": {e.TimeUnit}, "time_note": {e.TimeNote}, "fee_kind": {e.FeeKind},
		"fee_amount": {e.FeeAmount}, "fee_basis": {e.FeeBasis}, "product": {e.Product}}
	for name, l := range editFields(&e) {
		v.Set(name, strings.Join(*l, "\n"))
	}
	return v
}

// readEdit is the posted standard form.
func readEdit(f url.Values) standard.Edit {
	e := standard.Edit{TimeValue: f.Get("time_value"), TimeUnit: f.Get("time_unit"), TimeNote: f.Get("time_note"),
		FeeKind: f.Get("fee_kind"), FeeAmount: f.Get("fee_amount"), FeeBasis: f.Get("fee_basis"), Product: f.Get("product")}
	for name, l := range editFields(&e) {
		*l = standard.Lines(f.Get(name))
	}
	return e
}

// saveStandard: POST /kelola/standar/unit/{code}/layanan/{service} — saves
// the draft (a new version when the service has no open one).
func (s *Server) saveStandard(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceStandard(r, s.managedUnit)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := readEdit(r.PostForm)
	c, err := e.Validate()
	if err == nil {
		_, err = s.db.SaveDraft(r.Context(), s.actor(r), d.Unit, d.Service, c)
	}
	if err != nil {
		s.formFailed(w, r, err, s.serviceStandardPage)
		return
	}
	s.flash(r, "standard.draft_saved")
	redirect(w, r, "/kelola/standar/unit/"+d.Unit.Code+"/layanan/"+d.Service.Code)
}

// shownVersion finds the version numbered in the path.
func shownVersion(r *http.Request, d *serviceStandardData) (*standard.Version, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	for i := range d.Versions {
		if err == nil && d.Versions[i].Number == n {
			return &d.Versions[i], nil
		}
	}
	return nil, errs.New(errs.NotFound, "standard.err.not_found")
}

// standardVersionPage: GET /kelola/standar/unit/{code}/layanan/{service}/versi/{n}
// — every component of one version, its decree, files and workflow.
func (s *Server) standardVersionPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceStandard(r, s.seenUnit)
	if err == nil {
		d.Shown, err = shownVersion(r, d)
	}
	if err == nil {
		d.Files, err = s.db.Evidence(r.Context(), d.Unit.ID, store.OwnerStandardVersion)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "standard.version_title", d)
	v.Title = v.T("standard.version_title", d.Shown.Number) + " — " + d.Service.Name
	d.Flow = template.HTML(standard.FlowSVG(v.T("standard.flow_title", d.Service.Name), d.Shown.Content.Steps))
	s.render(w, r, "standard_version", http.StatusOK, v)
}

// standardStep: POST /kelola/standar/unit/{code}/layanan/{service}/versi/{n}
// (action=approve|publish|discard) — a workflow step. Publishing and
// discarding cannot be taken back and need the confirmation; publishing
// records the decree and its signed scan.
func (s *Server) standardStep(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceStandard(r, s.managedUnit)
	if err == nil {
		d.Shown, err = shownVersion(r, d)
	}
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := standard.Action(r.PostForm.Get("action"))
	if a != standard.Approve && a != standard.Publish && a != standard.Discard {
		s.formFailed(w, r, errs.InvalidField("action", "standard.err.action"), s.standardVersionPage)
		return
	}
	if slices.Contains(standard.Irreversible, a) && r.PostForm.Get("confirmed") != "1" {
		err := errUnconfirmed()
		if a == standard.Discard { // the page's second confirmation box
			err = errs.Fields("err.form", []errs.Field{{Name: "discard_confirmed", Key: "form.err.confirm"}})
		}
		s.formFailed(w, r, err, s.standardVersionPage)
		return
	}
	var decree *store.DecreeOf
	var files []store.EvidenceFile
	undo := func() {}
	if a == standard.Publish {
		in := standard.Decree{Number: r.PostForm.Get("decree_number"), Date: r.PostForm.Get("decree_date"), EffectiveFrom: r.PostForm.Get("effective_from")}
		number, date, eff, err := in.Validate(s.db.Now())
		if err == nil {
			files, undo, err = s.saveEvidence(r, "decree_file", "decree", d.Shown.ID)
		}
		if err != nil {
			s.formFailed(w, r, err, s.standardVersionPage)
			return
		}
		decree = &store.DecreeOf{Number: number, Date: date, EffectiveFrom: eff}
	}
	if _, err := s.db.StandardStep(r.Context(), s.actor(r), d.Unit, d.Service, d.Shown.ID, a, decree, files); err != nil {
		undo()
		s.formFailed(w, r, err, s.standardVersionPage)
		return
	}
	s.flash(r, "standard.done."+string(a))
	to := "/kelola/standar/unit/" + d.Unit.Code + "/layanan/" + d.Service.Code
	if a == standard.Discard {
		// The draft's rows are gone with it; so go its files.
		if err := os.RemoveAll(s.evidenceDir(d.Shown.ID)); err != nil {
			s.log.Error("remove discarded evidence", "request_id", requestID(r), "err", err)
		}
	} else {
		to += "/versi/" + strconv.Itoa(d.Shown.Number)
	}
	redirect(w, r, to)
}

// addVersionEvidence: POST …/layanan/{service}/versi/{n}/bukti — files
// added to a version afterwards (the signed decree scanned later). Files
// only accumulate, so a published version's record is completed, never
// changed.
func (s *Server) addVersionEvidence(w http.ResponseWriter, r *http.Request) {
	d, err := s.serviceStandard(r, s.managedUnit)
	if err == nil {
		d.Shown, err = shownVersion(r, d)
	}
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	label := d.Service.Name + ", versi " + strconv.Itoa(d.Shown.Number)
	if err := s.addEvidence(r, d.Unit, store.OwnerStandardVersion, d.Shown.ID, "decree", label); err != nil {
		s.formFailed(w, r, err, s.standardVersionPage)
		return
	}
	s.flash(r, "standard.evidence_added")
	redirect(w, r, "/kelola/standar/unit/"+d.Unit.Code+"/layanan/"+d.Service.Code+"/versi/"+strconv.Itoa(d.Shown.Number))
}

// addUnitEvidence: POST /kelola/standar/unit/{code}/bukti (owner=forum
// with owner_id, or owner=maklumat) — photos or scans added to a forum or
// the maklumat afterwards.
func (s *Server) addUnitEvidence(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// owner_ref is "maklumat/" or "forum/<id>", one select for every record
	// of the page.
	owner, id, _ := strings.Cut(r.PostForm.Get("owner_ref"), "/")
	r.PostForm.Set("owner", owner)
	r.PostForm.Set("owner_id", id)
	kind, label := "forum", "forum konsultasi publik"
	if owner == store.OwnerMaklumat {
		id, kind, label = u.ID, "signed", "maklumat pelayanan"
	} else if owner != store.OwnerForum {
		s.fail(w, r, errs.New(errs.NotFound, "err.not_found"))
		return
	}
	if err := s.addEvidence(r, u, owner, id, kind, label); err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	s.flash(r, "standard.evidence_added")
	redirect(w, r, "/kelola/standar/unit/"+u.Code+"#"+owner)
}

// addEvidence stores the files of the "evidence_files" field for a record.
func (s *Server) addEvidence(r *http.Request, u *unit.Unit, ownerType, ownerID, kind, label string) error {
	return s.withEvidence(r, "evidence_files", kind, ownerID, func(files []store.EvidenceFile) error {
		if len(files) == 0 {
			return errs.InvalidField("evidence_files", "standard.err.no_file")
		}
		return s.db.AddEvidence(r.Context(), s.actor(r), u, ownerType, ownerID, label, files)
	})
}
