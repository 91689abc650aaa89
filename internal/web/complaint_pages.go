package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/account"
	"mutu/internal/attach"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/report"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// complaintForm is what the public filing form shows.
type complaintForm struct {
	Unit      *unit.Unit // the unit the report is about, when filed from its page
	Cities    []region.Region
	Picker    *regionPicker // the map to choose the region on (complaint_map.go)
	Kinds     []complaint.Kind
	Privacies []complaint.Privacy
}

func (s *Server) complaintFormView(r *http.Request) (*view, error) {
	d := &complaintForm{Kinds: complaint.Kinds, Privacies: complaint.Privacies}
	if code := r.URL.Query().Get("unit"); code != "" {
		u, err := s.activeUnitByCode(r, code)
		if err != nil {
			return nil, err
		}
		d.Unit = u
	}
	cities, err := s.db.RegionsByLevelWithin(r.Context(), region.City, "")
	if err != nil {
		return nil, err
	}
	d.Cities = cities
	v := s.newView(r, "complaint.new_title", d)
	def := url.Values{"kind": {string(complaint.Complaint)}, "privacy": {string(complaint.Public)}}
	// ?layanan= (the complaint QR code on a service's standard poster)
	// chooses the service the report is about.
	if d.Unit != nil {
		if svc := findService(d.Unit, r.URL.Query().Get("layanan")); svc != nil {
			def.Set("service", svc.Code)
		}
	}
	v.defaults(def)
	if d.Unit == nil {
		if d.Picker, err = s.complaintPicker(r, v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// activeUnitByCode loads an active unit by its code.
func (s *Server) activeUnitByCode(r *http.Request, code string) (*unit.Unit, error) {
	u, err := s.db.UnitByCode(r.Context(), code)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, errs.New(errs.NotFound, "unit.err.not_found", u.Code)
	}
	return u, nil
}

func (s *Server) newComplaintForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.complaintFormView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "complaint_new", http.StatusOK, v)
}

// newComplaintFormAgain shows the complaint form again for a refused
// report, about the unit it was posted for when that unit takes reports.
func (s *Server) newComplaintFormAgain(w http.ResponseWriter, r *http.Request) {
	r.URL.RawQuery = ""
	if u, err := s.activeUnitByCode(r, r.PostForm.Get("unit")); err == nil {
		r.URL.RawQuery = url.Values{"unit": {u.Code}}.Encode()
	}
	s.newComplaintForm(w, r)
}

// fileComplaint routes a report fileIntake checked to its queue and stores
// it: a report about a unit goes to that unit's queue; otherwise to the
// complaint desk of the region chosen (the nearest desk above it), whose
// code fileIntake checked.
func (s *Server) fileComplaint(r *http.Request, rep *complaint.Report, about *unit.Unit, regionCode string, actor *account.Principal, ups ...upload) error {
	if about == nil {
		desk, err := s.db.DeskFor(r.Context(), regionCode)
		if err != nil {
			return err
		}
		about = desk
	}
	rep.UnitID = about.ID
	var id, name string
	if actor != nil {
		id, name = actor.UserID, actor.Username
	}
	rep.ID = store.NewID()
	atts, undo, err := s.writeUploads(rep.ID, ups)
	if err == nil {
		err = s.db.CreateComplaintWithAttachments(r.Context(), rep, id, name, atts)
	}
	if err != nil {
		undo()
		rep.ID = ""
		return err
	}
	s.flagDuplicate(r, rep)
	return nil
}

func (s *Server) createComplaint(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, attach.MaxFiles*attach.MaxBytes+1<<20)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = parseMultipart(r, 8<<20)
	} else {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	if f.Get("website") != "" { // honeypot
		redirect(w, r, "/lacak")
		return
	}
	in := &complaint.Intake{Kind: complaint.Kind(f.Get("kind")), Privacy: complaint.Privacy(f.Get("privacy")), Channel: complaint.ChannelWeb,
		Title: f.Get("title"), Body: f.Get("body"), Location: f.Get("location"),
		Reporter:    complaint.Reporter{Name: f.Get("name"), NIK: f.Get("nik"), Phone: f.Get("phone"), Email: f.Get("email")},
		UnitCode:    f.Get("unit"),
		ServiceCode: f.Get("service"),
		RegionCode:  f.Get("region")}
	ups, upErrs := readUploads(r)
	upErrs = append(upErrs, s.placeIntake(r, in)...)
	rep, err := s.fileIntake(r, in, nil, upErrs, ups...)
	if err != nil {
		s.formFailed(w, r, err, s.newComplaintFormAgain)
		return
	}
	s.mailFiled(r, rep)
	// The reporter's own link: the code in it is theirs (the access log
	// redacts it, see redactPath).
	redirect(w, r, "/lacak/"+rep.Code+"?baru=1")
}

// mailFiled e-mails the reporter of a report just filed, when they gave an
// address, in the language of the request: the tracking code and the link
// with it. This and the filing response are the only places the code
// appears in plaintext.
func (s *Server) mailFiled(r *http.Request, rep *complaint.Report) {
	if rep.Reporter.Email == "" {
		return
	}
	l := lang(r)
	link := s.baseURL(r) + "/lacak/" + rep.Code
	s.outbox.Post("complaint.mail_filed", rep.Reporter.Email, i18n.T(l, "complaint.mail_filed_subject", rep.Code),
		i18n.T(l, "complaint.mail_filed_body", rep.Title, rep.Code, link))
}

// mailAnswered tells the reporter their report was answered. The code is
// not stored, so the mail names the report by number and sends the
// reporter to the tracking page with the code they were given.
func (s *Server) mailAnswered(r *http.Request, rep *complaint.Report, answer string) {
	if rep.Reporter.Email == "" {
		return
	}
	l := lang(r)
	s.outbox.Post("complaint.mail_answered", rep.Reporter.Email, i18n.T(l, "complaint.mail_answered_subject", rep.Number),
		i18n.T(l, "complaint.mail_answered_body", rep.Title, rep.Number, s.baseURL(r)+"/lacak", answer))
}

// --- tracking by the reporter ---

func (s *Server) trackForm(w http.ResponseWriter, r *http.Request) {
	if typed := r.URL.Query().Get("kode"); typed != "" {
		if code := complaint.NormalizeCode(typed); complaint.ValidCode(code) {
			redirect(w, r, "/lacak/"+code)
			return
		}
		s.trackNotFound(w, r, typed)
		return
	}
	s.render(w, r, "complaint_track_form", http.StatusOK, s.newView(r, "complaint.track_title", nil))
}

// trackedComplaint loads the report whose code is in the path; the
// report's Code is that code (the reporter's: it is not stored).
func (s *Server) trackedComplaint(r *http.Request) (*complaint.Report, error) {
	code := complaint.NormalizeCode(r.PathValue("code"))
	if !complaint.ValidCode(code) {
		return nil, errs.New(errs.NotFound, "complaint.err.not_found")
	}
	rep, err := s.db.ComplaintByCode(r.Context(), code)
	if err != nil {
		return nil, err
	}
	rep.Code = code
	return rep, nil
}

// complaintView is a report as one viewer may see it.
type complaintView struct {
	Report   complaint.Report
	Events   []store.Event
	Unit     *unit.Unit // the receiving unit
	Assigned *unit.Unit // the unit handling it
	Actions  []complaint.Action
	New      bool
	Viewer   complaint.Viewer
	Files    []store.Attachment
	FileBase string // URL prefix of the files for this viewer
	ShareURL string // the tracking page's address, for the reporter to keep or share
	Public   bool   // the content (and the unit's latest answer) may be published once verified
	Merged   *mergedView
	Next     trackNext // what comes next and by when (tracking page)
	// Promise is the published standard of the service the report is
	// about: its time limit and fee, what the reporter was promised (the
	// report's own answer deadline is the complaint SLA, in Next).
	Promise *standard.Version
}

// complaintData is what a report's page shows to viewer. handler is the
// unit handling rep when the caller has loaded it already (nil: loaded
// here when there is one).
func (s *Server) complaintData(r *http.Request, rep *complaint.Report, handler *unit.Unit, viewer complaint.Viewer, actor complaint.Actor) (*complaintView, error) {
	events, err := s.db.Events(r.Context(), rep)
	if err != nil {
		return nil, err
	}
	d := &complaintView{Report: *rep, Events: events, Viewer: viewer, Actions: complaint.Allowed(rep.Status, actor)}
	if d.Files, err = s.db.Attachments(r.Context(), rep); err != nil {
		return nil, err
	}
	d.FileBase = "/kelola/pengaduan/" + rep.Number + "/lampiran/"
	if viewer == complaint.ViewReporter {
		d.FileBase = "/lacak/" + rep.Code + "/lampiran/"
	}
	d.Report.Reporter = rep.Reporter.Masked(rep.Privacy, viewer)
	if d.Unit, err = s.db.UnitByID(r.Context(), rep.UnitID); err != nil {
		return nil, err
	}
	if d.Assigned = handler; rep.AssignedUnitID != "" && handler == nil {
		if d.Assigned, err = s.handlingUnit(r, rep); err != nil {
			return nil, err
		}
	}
	// Staff names stay internal: the reporter sees roles, not people.
	if viewer == complaint.ViewReporter || viewer == complaint.ViewPublic {
		for i := range d.Events {
			d.Events[i].ActorName = ""
			switch d.Events[i].Action {
			case complaint.Note:
				d.Events[i].Body = ""
			case complaint.Merge:
				d.Events[i].Body = withoutMergeTarget(d.Events[i].Body, rep.MergedInto)
			}
		}
	}
	d.Public = complaint.ShowsContent(rep.Privacy, complaint.ViewPublic)
	if rep.ServiceID != "" {
		if d.Promise, err = s.db.CurrentStandard(r.Context(), rep.UnitID, rep.ServiceID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request) {
	rep, err := s.trackedComplaint(r)
	if errs.Is(err, errs.NotFound) {
		s.trackNotFound(w, r, r.PathValue("code"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.complaintData(r, rep, nil, complaint.ViewReporter, complaint.Citizen)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.New = r.URL.Query().Get("baru") == "1"
	d.ShareURL = s.baseURL(r) + "/lacak/" + rep.Code
	if d.Merged, err = s.mergedInto(r, rep); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Next, err = s.trackNext(r, rep); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "complaint.track_title", d)
	v.Title = v.T("complaint.track_title") + " " + rep.Code
	w.Header().Set("Referrer-Policy", "no-referrer") // the code is a key: keep it out of Referer headers
	s.render(w, r, "complaint_track", http.StatusOK, v)
}

// trackAction: the reporter adds information, accepts or rejects the
// answer, or rates it.
func (s *Server) trackAction(w http.ResponseWriter, r *http.Request) {
	rep, err := s.trackedComplaint(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	rating, _ := strconv.Atoi(r.PostForm.Get("rating"))
	c := &complaint.Change{Action: complaint.Action(r.PostForm.Get("action")), Actor: complaint.Citizen, Reason: strings.TrimSpace(r.PostForm.Get("reason")),
		At: s.db.Now(), Rating: rating}
	if complaint.Irreversible(c.Action) && r.PostForm.Get("confirmed") != "1" {
		s.formFailed(w, r, errUnconfirmed(), s.trackPage)
		return
	}
	if _, err := s.db.ApplyComplaint(r.Context(), rep.UnitID, rep.ID, c, "", ""); err != nil {
		s.formFailed(w, r, err, s.trackPage)
		return
	}
	changedReport(r, rep)
	s.flash(r, "complaint.saved")
	redirect(w, r, "/lacak/"+rep.Code)
}

// --- staff ---

// staffViewer says how a signed-in user sees a report, and as which actor
// they may act on it ("": read only). handlerRegion is the region of the
// unit handling it ("" while it is with the verifiers). Once a report is
// dispatched, only the handling unit's operators and the administrators
// whose region covers that unit act on it; the receiving side keeps read
// access (the unit that passed it on no longer sees the identity).
func staffViewer(p *account.Principal, rep *complaint.Report, handlerRegion string) (complaint.Viewer, complaint.Actor, bool) {
	dispatched := rep.AssignedUnitID != ""
	switch p.Role {
	case account.Admin:
		coversHandler := dispatched && region.Within(handlerRegion, p.RegionCode)
		if !region.Within(rep.RegionCode, p.RegionCode) && !coversHandler {
			return "", "", false
		}
		if dispatched && !coversHandler {
			return complaint.ViewVerifier, "", true
		}
		return complaint.ViewVerifier, complaint.Verifier, true
	case account.Operator:
		switch {
		case dispatched && p.UnitIDs[rep.AssignedUnitID], !dispatched && p.UnitIDs[rep.UnitID]:
			return complaint.ViewUnitStaff, complaint.UnitStaff, true
		case p.UnitIDs[rep.UnitID]:
			return complaint.ViewReadOnly, "", true
		}
	case account.Leader, account.Evaluator, account.Assessor:
		if region.Within(rep.RegionCode, p.RegionCode) {
			return complaint.ViewReadOnly, "", true
		}
	}
	return "", "", false
}

// handlingUnit is the unit handling rep (nil while it is with the
// verifiers).
func (s *Server) handlingUnit(r *http.Request, rep *complaint.Report) (*unit.Unit, error) {
	if rep.AssignedUnitID == "" {
		return nil, nil
	}
	return s.db.UnitByID(r.Context(), rep.AssignedUnitID)
}

// regionOf is the region of a handling unit ("" for none).
func regionOf(u *unit.Unit) string {
	if u == nil {
		return ""
	}
	return u.RegionCode
}

// complaintScope confines f to the reports p may list: an operator's
// units (received or handling), or the region of the other roles.
func complaintScope(p *account.Principal, f *store.ComplaintFilter) {
	if p.Role != account.Operator {
		f.RegionCode = p.RegionCode
		return
	}
	for id := range p.UnitIDs {
		f.AssignedTo = append(f.AssignedTo, id)
		f.UnitIDs = append(f.UnitIDs, id)
	}
}

// complaintQueue: GET /kelola/pengaduan — the verifiers' queue of their
// region, or the reports handled by an operator's units.
func (s *Server) complaintQueue(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	q := r.URL.Query()
	const pageSize = 100
	pageNo := max(1, atoi(q.Get("hal")))
	f := store.ComplaintFilter{Kind: complaint.Kind(q.Get("jenis")), Duplicates: q.Get("duplikat") == "1", Limit: pageSize, Offset: (pageNo - 1) * pageSize}
	if st := q.Get("status"); st != "" {
		f.Statuses = []complaint.Status{complaint.Status(st)}
	} else if q.Get("semua") == "" {
		f.Statuses = complaint.OpenStatuses
	}
	complaintScope(p, &f)
	var only *unit.Unit // ?unit=CODE: one unit's queue, within the user's scope
	if code := q.Get("unit"); code != "" {
		var err error
		if only, err = s.db.UnitByCode(r.Context(), code); err != nil {
			s.fail(w, r, err)
			return
		}
		f.Unit = only.ID
	}
	f.Query, f.Newest = q.Get("cari"), q.Get("urut") == "baru"
	byDeadline := q.Get("urut") == "tenggat"
	if byDeadline {
		f.Limit, f.Offset = queueDeadlineScan, 0
	}
	list, total, err := s.db.Complaints(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.queueRows(r, list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if byDeadline {
		rows = sortByDeadline(rows, pageNo, pageSize)
		list = list[:0]
		for _, row := range rows {
			list = append(list, row.Report)
		}
	}
	paged := min(total, store.CountCap)
	if byDeadline {
		paged = min(total, queueDeadlineScan)
	}
	dups, err := s.db.SuspectedDuplicates(r.Context(), list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "complaint.queue_title", map[string]any{"Rows": rows, "Total": total, "More": total > store.CountCap, "Cap": store.CountCap, "Only": only, "Duplicates": dups,
		"Page": pageNo, "Pages": (paged + pageSize - 1) / pageSize, "Statuses": complaint.Statuses, "Kinds": complaint.Kinds,
		"ByDeadline": byDeadline, "DeadlineScan": queueDeadlineScan})
	v.Form = r.URL.Query()
	s.render(w, r, "complaint_queue", http.StatusOK, v)
}

// staffComplaint loads the report whose number is in the path for a
// signed-in user allowed to see it. Staff address reports by number only:
// the tracking code is the reporter's.
func (s *Server) staffComplaint(r *http.Request) (*complaint.Report, complaint.Viewer, complaint.Actor, error) {
	return s.staffComplaintNumbered(r, r.PathValue("number"))
}

func (s *Server) staffComplaintNumbered(r *http.Request, number string) (*complaint.Report, complaint.Viewer, complaint.Actor, error) {
	c, err := s.loadStaffCase(r, number)
	if err != nil {
		return nil, "", "", err
	}
	return c.rep, c.viewer, c.actor, nil
}

// staffCase is a report as the signed-in staff member meets it.
type staffCase struct {
	rep     *complaint.Report
	handler *unit.Unit // the unit handling it; nil while with the verifiers
	viewer  complaint.Viewer
	actor   complaint.Actor
}

// loadStaffCase loads the report with the number for the signed-in user, with
// the unit handling it (which decides who acts), read once.
func (s *Server) loadStaffCase(r *http.Request, number string) (*staffCase, error) {
	rep, err := s.db.ComplaintByNumber(r.Context(), number)
	if err != nil {
		return nil, err
	}
	c := &staffCase{rep: rep}
	if c.handler, err = s.handlingUnit(r, rep); err != nil {
		return nil, err
	}
	var ok bool
	if c.viewer, c.actor, ok = staffViewer(principal(r), rep, regionOf(c.handler)); !ok {
		return nil, errs.New(errs.NotFound, "complaint.err.not_found")
	}
	return c, nil
}

func (s *Server) staffComplaintPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.loadStaffCase(r, r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, actor := c.rep, c.actor
	d, err := s.complaintData(r, rep, c.handler, c.viewer, actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slas, err := s.db.SLAs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dl := complaint.ComputeDeadlines(slas[rep.Kind], s.workingCalendar(), rep.Milestones)
	dup, err := s.duplicateOf(r, rep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var hold *unit.Unit
	if heldElsewhere(principal(r), rep, actor) {
		hold = d.Assigned
	}
	now := s.db.Now()
	v := s.newView(r, "complaint.detail_title", map[string]any{"C": d, "Deadlines": dl, "Dues": s.dues(dl, now), "Overdue": complaint.Overdue(rep.Status, dl, rep.Milestones, now),
		"Duplicate": dup, "HeldBy": hold})
	if actor == complaint.Verifier {
		pk, err := s.pickers(r, v, rep)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Data.(map[string]any)["Pickers"] = pk
	}
	if v.Data.(map[string]any)["Map"], err = s.staffPointMap(r, v, rep, d.Files); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Title = rep.Number
	s.render(w, r, "complaint_staff", http.StatusOK, v)
}

// staffComplaintAction takes a lifecycle step as the signed-in user.
func (s *Server) staffComplaintAction(w http.ResponseWriter, r *http.Request) {
	rep, _, actor, err := s.staffComplaint(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if actor == "" {
		s.fail(w, r, errs.New(errs.Forbidden, "err.forbidden"))
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	c := &complaint.Change{Action: complaint.Action(f.Get("action")), Actor: actor, Reason: strings.TrimSpace(f.Get("reason")), At: s.db.Now()}
	if err := s.complaintTarget(r, rep, c); err != nil {
		s.formFailed(w, r, err, s.staffComplaintPage)
		return
	}
	p := principal(r)
	after, err := s.db.ApplyComplaint(r.Context(), rep.UnitID, rep.ID, c, p.UserID, p.Username)
	if err != nil {
		s.formFailed(w, r, err, s.staffComplaintPage)
		return
	}
	changedReport(r, after)
	if c.Action == complaint.Respond {
		s.mailAnswered(r, after, c.Reason)
	}
	s.flash(r, "complaint.saved")
	redirect(w, r, "/kelola/pengaduan/"+rep.Number)
}

// staffIntakeForm: staff record a walk-in, phone, WhatsApp, e-mail,
// letter, social-media or SP4N-LAPOR! report on a citizen's behalf.
func (s *Server) staffIntakeForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.staffIntakeView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "complaint_intake", http.StatusOK, v)
}

func (s *Server) staffIntakeView(r *http.Request) (*view, error) {
	units, _, err := s.db.Units(r.Context(), scopeFilter(principal(r)))
	if err != nil {
		return nil, err
	}
	v := s.newView(r, "complaint.intake_title", map[string]any{"Units": units, "Channels": complaint.StaffChannels,
		"Kinds": complaint.Kinds, "Privacies": complaint.Privacies})
	v.defaults(url.Values{"kind": {string(complaint.Complaint)}, "privacy": {string(complaint.Public)}})
	return v, nil
}

func (s *Server) staffIntake(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	p := principal(r)
	in := &complaint.Intake{Kind: complaint.Kind(f.Get("kind")), Privacy: complaint.Privacy(f.Get("privacy")), Channel: complaint.Channel(f.Get("channel")),
		LaporID: f.Get("lapor_id"), Title: f.Get("title"), Body: f.Get("body"), Location: f.Get("location"),
		Reporter: complaint.Reporter{Name: f.Get("name"), NIK: f.Get("nik"), Phone: f.Get("phone"), Email: f.Get("email")},
		UnitCode: f.Get("unit")}
	var fs []errs.Field
	if !slices.Contains(complaint.StaffChannels, in.Channel) { // staff record what came by the other channels
		fs = append(fs, errs.Field{Name: "channel", Key: "complaint.err.channel"})
	}
	rep, err := s.fileIntake(r, in, p, fs)
	if err != nil {
		s.formFailed(w, r, err, s.staffIntakeForm)
		return
	}
	// The reporter needs the tracking code, and this response is the only
	// time it exists: e-mailed to the reporter when they gave an address
	// (and then not shown to staff), else shown once here for staff to
	// hand over (on paper or by phone). Rendered, not redirected, so the
	// code is in no URL, log or history.
	s.mailFiled(r, rep)
	if rep.Reporter.Email != "" {
		rep.Code = ""
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "complaint_intake_done", http.StatusOK, s.newView(r, "complaint.intake_done_title", rep))
}

// complaintStats: GET /kelola/pengaduan/dasbor?tahun=YYYY — counts, on-time
// rates, median times and the share followed up to completion of the
// reports received in the user's scope in a year; ?format=xlsx or csv
// exports the list without reporter identities.
func (s *Server) complaintStats(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	thisYear := s.db.Now().In(clock.Jakarta).Year()
	year := yearParam(r, thisYear)
	y := strconv.Itoa(year)
	f := store.ComplaintFilter{ReceivedFrom: y + "-01-01", ReceivedTo: y + "-12-31"}
	complaintScope(p, &f)
	// The selector lists the units with reports in the year (the scope's,
	// before ?unit= narrows it to one).
	all := f
	only, err := s.statsUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if only != nil {
		f.Unit = only.ID
	}
	if format := r.URL.Query().Get("format"); format != "" {
		// Streamed: the file is written while the reports are read.
		s.sendExport(w, r, "pengaduan-"+y, format, report.ComplaintsExport(func(fn func(*complaint.Report) error) error {
			return s.db.EachComplaint(r.Context(), f, fn)
		}))
		return
	}
	st, err := s.db.ComplaintStats(r.Context(), f, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	months, err := s.db.ComplaintMonths(r.Context(), f, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byUnit, names, err := s.complaintUnits(r, f, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Open steps already past due are late in every on-time figure.
	if st.Late, err = s.db.OpenLate(r.Context(), f, s.workingCalendar(), s.db.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	for i := range byUnit {
		byUnit[i].ResolutionLate = st.Late.ResolutionByHandler[byUnit[i].UnitID]
	}
	const shown = 25 // the units with the most open reports; ?unit_semua=1 for all
	more := r.URL.Query().Get("unit_semua") == "" && len(byUnit) > shown
	if more {
		byUnit = byUnit[:shown]
	}
	// The selector lists the scope's units: those just read, unless a
	// unit was chosen.
	scopeUnits := names
	if only != nil {
		if _, scopeUnits, err = s.complaintUnits(r, all, year); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	data := map[string]any{"S": st, "Year": year, "Statuses": complaint.Statuses, "Kinds": complaint.Kinds, "Months": months,
		"Units": byUnit, "UnitNames": names, "MoreUnits": more, "Only": only, "UnitChoices": unitsByName(scopeUnits), "Years": statsYears(thisYear)}
	v := s.newView(r, "complaint.stats_title", data)
	v.Form = r.URL.Query()
	data["Chart"] = complaintMonthChart(v, months)
	s.render(w, r, "complaint_stats", http.StatusOK, v)
}

// complaintUnits is the year's reports by handling unit, with the units'
// codes and names.
func (s *Server) complaintUnits(r *http.Request, f store.ComplaintFilter, year int) ([]store.UnitCount, map[string]unit.Unit, error) {
	byUnit, err := s.db.ComplaintsByUnit(r.Context(), f, year)
	if err != nil || len(byUnit) == 0 {
		return nil, nil, err
	}
	ids := make([]string, len(byUnit))
	for i, c := range byUnit {
		ids[i] = c.UnitID
	}
	names, err := s.unitsByID(r, ids)
	if err != nil {
		return nil, nil, err
	}
	return byUnit, names, nil
}

// yearParam reads ?tahun=YYYY (2000 to 2100), else def.
func yearParam(r *http.Request, def int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("tahun")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return def
}

// complaintMonthChart draws the reports received per month, each bar
// labelled with the share completed.
func complaintMonthChart(v *view, months []store.MonthCount) barChart {
	var labels, texts []string
	var values []float64
	hi := 1
	for _, m := range months {
		total := m.Open + m.Completed + m.SetAside
		hi = max(hi, total)
		labels = append(labels, i18n.Month(v.Lang, m.Month))
		texts = append(texts, v.T("complaint.chart_bar", v.Int(total), v.Dec(complaint.Share(m.Completed, m.Open+m.Completed), 0)))
		values = append(values, float64(total))
	}
	// Room to the right of the longest bar for its label.
	scale := niceCeil(float64(hi) * 1.4)
	return newBarChart("months", v.T("complaint.chart_title"), v.T("complaint.chart_desc"), labels, texts, values, 0, float64(scale), 0,
		[]string{"0", v.Int(scale / 2), v.Int(scale)})
}

// niceCeil is the smallest of 2, 4, 10, 20, 40, 100, … (even, so that its
// half is whole) that is at least x.
func niceCeil(x float64) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{2, 4, 10} {
			if float64(m*p) >= x {
				return m * p
			}
		}
	}
}
