package web

// Open311 GeoReport v2 at /open311/v2/: the handlers. The wire format, and
// how Open311 maps onto Mutu, are in internal/open311.

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/i18n"
	"mutu/internal/open311"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// --- formats, language, writing ---

// o311Lang: the lang cookie, else English for Accept-Language: en, else Indonesian.
func o311Lang(r *http.Request) i18n.Lang {
	if c, err := r.Cookie("lang"); err == nil {
		return i18n.ParseLang(c.Value)
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language"))), "en") {
		return i18n.EN
	}
	return i18n.ID
}

// o311Write answers with v as JSON, or with xmlV as XML.
func (s *Server) o311Write(w http.ResponseWriter, r *http.Request, format string, status int, v, xmlV any) {
	w.Header().Set("Cache-Control", "no-store") // CORS for GET: cors.go
	b, contentType, err := open311.Marshal(format, v, xmlV)
	if err != nil {
		s.log.Error("open311 encoding", "request_id", requestID(r), "err", err)
		http.Error(w, "Terjadi kesalahan / Internal error: "+requestID(r), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(b)
}

// o311Errors answers with the spec's error list.
func (s *Server) o311Errors(w http.ResponseWriter, r *http.Request, format string, status int, list []open311.Error) {
	s.o311Write(w, r, format, status, list, open311.WrapXML("errors", list))
}

// o311Fail answers with one error in the spec's list, its status by
// open311.HTTPStatus (an unexpected failure is logged).
func (s *Server) o311Fail(w http.ResponseWriter, r *http.Request, format string, err error) {
	e := appError(err)
	l := o311Lang(r)
	status := open311.HTTPStatus(e.Code)
	switch e.Code {
	case errs.Unavailable:
		s.log.Error("open311 failed", "request_id", requestID(r), "err", err)
		w.Header().Set("Retry-After", retryUnavailable)
	case errs.Internal:
		s.log.Error("open311 failed", "request_id", requestID(r), "err", err)
		e = &errs.Error{Key: "georeport.err.general", Args: []any{requestID(r)}}
	}
	var list []open311.Error
	for _, f := range e.Fields {
		list = append(list, open311.Error{Code: status, Description: f.Name + ": " + fieldMessage(l, errs.Field{Key: f.Key, Args: f.Args, Value: f.Value})})
	}
	if len(list) == 0 {
		list = []open311.Error{{Code: status, Description: i18n.T(l, e.Key, e.Args...)}}
	}
	s.o311Errors(w, r, format, status, list)
}

// --- resources ---

// open311Get: GET /open311/v2/{resource} — discovery, services and requests.
func (s *Server) open311Get(w http.ResponseWriter, r *http.Request) {
	name, format, ok := open311.Split(r.PathValue("resource"))
	if !ok {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.not_found"))
		return
	}
	switch name {
	case "discovery":
		s.o311Discovery(w, r, format)
	case "services":
		if _, err := s.o311Jurisdiction(r, r.URL.Query().Get("jurisdiction_id")); err != nil {
			s.o311Fail(w, r, format, err)
			return
		}
		l := o311Lang(r)
		list := make([]open311.Service, len(complaint.Kinds))
		for i, k := range complaint.Kinds {
			list[i] = open311.ServiceOf(l, k)
		}
		s.o311Write(w, r, format, http.StatusOK, list, open311.WrapXML("services", list))
	case "requests":
		s.o311List(w, r, format)
	default:
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.not_found"))
	}
}

func (s *Server) o311Discovery(w http.ResponseWriter, r *http.Request, format string) {
	l := o311Lang(r)
	d := open311.Discovery{Changeset: open311.Changeset, Contact: i18n.T(l, "georeport.contact"), KeyService: i18n.T(l, "georeport.key_service"),
		Endpoints: []open311.Endpoint{{Specification: open311.Spec, URL: s.baseURL(r) + "/open311/v2", Changeset: open311.Changeset,
			Type: "production", Formats: []string{"text/xml", "application/json"}}}}
	s.o311Write(w, r, format, http.StatusOK, d, d)
}

// open311Service: GET /open311/v2/services/{file} — a service definition.
func (s *Server) open311Service(w http.ResponseWriter, r *http.Request) {
	code, format, ok := open311.Split(r.PathValue("file"))
	kind, known := open311.KindOf(code)
	if !ok || !known {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.service_code", code))
		return
	}
	if _, err := s.o311Jurisdiction(r, r.URL.Query().Get("jurisdiction_id")); err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	d := open311.DefinitionOf(o311Lang(r), kind)
	s.o311Write(w, r, format, http.StatusOK, d, d)
}

// open311Token: GET /open311/v2/tokens/{file}. Every service is realtime:
// no token is ever issued, so none is found.
func (s *Server) open311Token(w http.ResponseWriter, r *http.Request) {
	_, format, _ := open311.Split(r.PathValue("file"))
	s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.token"))
}

// o311Jurisdiction reads jurisdiction_id: a Kemendagri code must exist and
// limits the answer to its region; anything else is ignored.
func (s *Server) o311Jurisdiction(r *http.Request, id string) (string, error) {
	id = strings.TrimSpace(id)
	if !region.ValidCode(id) {
		return "", nil
	}
	if _, err := s.db.Region(r.Context(), id); err != nil {
		if errs.Is(err, errs.NotFound) {
			return "", errs.New(errs.NotFound, "georeport.err.jurisdiction", id)
		}
		return "", err
	}
	return id, nil
}

// o311List: GET /open311/v2/requests.{format}.
func (s *Server) o311List(w http.ResponseWriter, r *http.Request, format string) {
	q := r.URL.Query()
	juris, err := s.o311Jurisdiction(r, q.Get("jurisdiction_id"))
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	f := store.PublicComplaintFilter{RegionCode: juris, Limit: open311.MaxResults}
	var fs []errs.Field
	if ids := open311.Values(q["service_request_id"]); len(ids) > 0 {
		// service_request_id overrides the other filters.
		if len(ids) > open311.MaxResults {
			fs = append(fs, errs.Field{Name: "service_request_id", Key: "georeport.err.too_many_ids", Args: []any{open311.MaxResults}})
		}
		f.IDs = []string{}
		for _, id := range ids {
			if open311.ValidID(id) {
				f.IDs = append(f.IDs, strings.ToLower(id))
			}
		}
	} else {
		for _, code := range open311.Values(q["service_code"]) {
			k, ok := open311.KindOf(code)
			if !ok {
				fs = append(fs, errs.Field{Name: "service_code", Key: "georeport.err.service_code", Args: []any{code}})
				continue
			}
			f.Kinds = append(f.Kinds, k)
		}
		for _, st := range open311.Values(q["status"]) {
			statuses, ok := open311.Statuses(st)
			if !ok {
				fs = append(fs, errs.Field{Name: "status", Key: "georeport.err.status", Args: []any{st}})
				continue
			}
			for _, status := range statuses {
				if !slices.Contains(f.Statuses, status) {
					f.Statuses = append(f.Statuses, status)
				}
			}
		}
		from, to, dfs := open311.Range(q.Get("start_date"), q.Get("end_date"), s.db.Now())
		f.From, f.To = from, to
		fs = append(fs, dfs...)
	}
	if err := errs.Fields("err.form", fs); err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	list, err := s.o311Requests(r, f)
	if err == nil && f.IDs != nil {
		list, err = s.o311ReadBack(r, f.IDs, juris, list)
	}
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	s.o311Write(w, r, format, http.StatusOK, list, open311.WrapXML("service_requests", list))
}

// open311Request: GET /open311/v2/requests/{file} — one request.
func (s *Server) open311Request(w http.ResponseWriter, r *http.Request) {
	id, format, ok := open311.Split(r.PathValue("file"))
	if !ok || !open311.ValidID(id) {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.request"))
		return
	}
	juris, err := s.o311Jurisdiction(r, r.URL.Query().Get("jurisdiction_id"))
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	ids := []string{strings.ToLower(id)}
	list, err := s.o311Requests(r, store.PublicComplaintFilter{IDs: ids, RegionCode: juris})
	if err == nil {
		list, err = s.o311ReadBack(r, ids, juris, list)
	}
	if err == nil && len(list) == 0 {
		err = errs.New(errs.NotFound, "georeport.err.request")
	}
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	s.o311Write(w, r, format, http.StatusOK, list, open311.WrapXML("service_requests", list))
}

// o311Requests reads the public reports f selects as Open311 requests. The
// reporter is never read here: open311.Request has no field for them.
func (s *Server) o311Requests(r *http.Request, f store.PublicComplaintFilter) ([]open311.Request, error) {
	reports, err := s.db.PublicComplaints(r.Context(), f)
	if err != nil {
		return nil, err
	}
	l := o311Lang(r)
	answers, err := s.db.LatestAnswers(r.Context(), reports)
	if err != nil {
		return nil, err
	}
	slas, err := s.db.SLAs(r.Context())
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, 2*len(reports))
	for _, rep := range reports {
		if ids = append(ids, rep.UnitID); rep.AssignedUnitID != "" {
			ids = append(ids, rep.AssignedUnitID)
		}
	}
	slices.Sort(ids)
	units, err := s.unitsByID(r, slices.Compact(ids)) // a missing unit only leaves the field out
	if err != nil {
		return nil, err
	}
	out := make([]open311.Request, 0, len(reports))
	for _, rep := range reports {
		if !complaint.ShowsContent(rep.Privacy, complaint.ViewPublic) {
			continue // the store already leaves these out; never rely on one place alone
		}
		var expected time.Time
		if rep.Status.Open() && !rep.VerifiedAt.IsZero() && s.currentCalendar() != nil {
			if sla, ok := slas[rep.Kind]; ok {
				expected = complaint.ComputeDeadlines(sla, s.workingCalendar(), rep.Milestones).Resolution
			}
		}
		agency := units[rep.AssignedUnitID].Name
		if agency == "" {
			agency = units[rep.UnitID].Name
		}
		q := open311.RequestOf(l, &rep, answers[rep.ID], agency, expected)
		out = append(out, q)
	}
	return out, nil
}

// o311ReadBack adds to list, which holds the public reports among ids, the
// reports among the others that were filed through Open311, as their filer
// may follow them: status and service only (open311.StatusOf), since the
// public may not read them yet (staff have not accepted them). Rahasia
// reports are never among them (store.Open311Filed leaves them out).
func (s *Server) o311ReadBack(r *http.Request, ids []string, juris string, list []open311.Request) ([]open311.Request, error) {
	var rest []string
	for _, id := range ids {
		if !slices.ContainsFunc(list, func(q open311.Request) bool { return q.ID == id }) {
			rest = append(rest, id)
		}
	}
	filed, err := s.db.Open311Filed(r.Context(), rest)
	if err != nil {
		return nil, err
	}
	l := o311Lang(r)
	for _, rep := range filed {
		if region.Within(rep.RegionCode, juris) {
			list = append(list, open311.StatusOf(l, &rep))
		}
	}
	return list, nil
}

// --- filing ---

// open311Post: POST /open311/v2/requests.{format} — file a report.
func (s *Server) open311Post(w http.ResponseWriter, r *http.Request) {
	name, format, ok := open311.Split(r.PathValue("resource"))
	if !ok || name != "requests" {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.not_found"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = parseMultipart(r, 64<<10)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		err = parseForm(r)
	}
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	form := r.Form
	key, err := s.db.UseAPIKey(r.Context(), form.Get("api_key"))
	if errs.Is(err, errs.Unauthorized) {
		err = errs.New(errs.Forbidden, "georeport.err.api_key")
		if strings.TrimSpace(form.Get("api_key")) == "" {
			err = errs.New(errs.Forbidden, "georeport.err.api_key_missing")
		}
	}
	if err == nil && !key.Allows(store.ScopeOpen311) {
		err = errs.New(errs.Forbidden, "georeport.err.api_key_scope")
	}
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	idem := o311Idempotency(r, key.ID)
	if idem != nil && s.o311Replay(w, r, format, idem) {
		return // a retry: answered as the first time, nothing filed
	}
	code := strings.TrimSpace(form.Get("service_code"))
	if code == "" {
		s.o311Fail(w, r, format, errs.New(errs.Invalid, "georeport.err.service_code_missing"))
		return
	}
	kind, known := open311.KindOf(code)
	if !known {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.service_code", open311.Text(code)))
		return
	}
	juris, err := s.o311Jurisdiction(r, form.Get("jurisdiction_id"))
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}

	var fs []errs.Field
	privacy := complaint.Public
	if p := complaint.Privacy(strings.ToLower(strings.TrimSpace(form.Get("attribute[privacy]")))); p != "" {
		if slices.Contains(complaint.Privacies, p) {
			privacy = p
		} else {
			fs = append(fs, errs.Field{Name: "attribute[privacy]", Key: "georeport.err.privacy"})
		}
	}
	lat, long, hasCoords, cfs := open311.Coordinates(form.Get("lat"), form.Get("long"))
	fs = append(fs, cfs...)
	address := open311.Text(form.Get("address_string"))
	if address == "" {
		address = open311.Text(form.Get("address_id"))
	}
	if address == "" && !hasCoords && len(cfs) == 0 {
		fs = append(fs, errs.Field{Name: "address_string", Key: "georeport.err.location"})
	}
	media, ok := open311.MediaURL(form.Get("media_url"))
	if !ok {
		fs = append(fs, errs.Field{Name: "media_url", Key: "georeport.err.media_url"})
	}
	description := open311.Text(form.Get("description"))
	if description == "" {
		fs = append(fs, errs.Field{Name: "description", Key: "georeport.err.description"})
	}
	var point *geo.Point
	if p := (geo.Point{Lat: lat, Lng: long}); hasCoords && p.InIndonesia() {
		point = &p // kept for the maps; the text keeps it too (WithCoordinates)
	}
	first, last := open311.Text(form.Get("first_name")), open311.Text(form.Get("last_name"))
	in := &complaint.Intake{Kind: kind, Privacy: privacy, Channel: complaint.ChannelOpen311,
		Title:    open311.Title(description, i18n.T(i18n.ID, "complaint.kind."+string(kind))),
		Body:     description,
		Location: open311.WithCoordinates(address, lat, long, hasCoords),
		MediaURL: media,
		Point:    point,
		Reporter: complaint.Reporter{Name: strings.TrimSpace(first + " " + last), Phone: open311.Text(form.Get("phone")), Email: open311.Text(form.Get("email"))},
		Idem:     idem}
	if description != "" {
		fs = append(fs, open311.Fields(in.Validate())...)
	}

	// Where it goes: a unit, else a region's complaint desk.
	var about *unit.Unit
	var target string
	unitCode := open311.Text(form.Get("attribute[unit]"))
	regionCode := strings.TrimSpace(form.Get("attribute[region]"))
	switch {
	case len(unitCode) > 64: // longer than any code: not looked up
		fs = append(fs, errs.Field{Name: "attribute[unit]", Key: "georeport.err.unit", Args: []any{unitCode}})
	case unitCode != "":
		u, err := s.activeUnitByCode(r, unitCode)
		switch {
		case errs.Is(err, errs.NotFound):
			fs = append(fs, errs.Field{Name: "attribute[unit]", Key: "georeport.err.unit", Args: []any{unitCode}})
		case err != nil:
			s.o311Fail(w, r, format, err)
			return
		default:
			about, target = u, u.RegionCode
		}
	case regionCode != "":
		if !region.ValidCode(regionCode) {
			fs = append(fs, errs.Field{Name: "attribute[region]", Key: "georeport.err.region"})
		} else if _, err := s.db.Region(r.Context(), regionCode); errs.Is(err, errs.NotFound) {
			fs = append(fs, errs.Field{Name: "attribute[region]", Key: "georeport.err.region"})
		} else if err != nil {
			s.o311Fail(w, r, format, err)
			return
		}
		target = regionCode
	case hasCoords:
		// Only a point: the rule the public form follows too (routePoint).
		rt, err := s.routePoint(r.Context(), geo.Point{Lat: lat, Lng: long})
		if err != nil {
			s.o311Fail(w, r, format, asUnmeetable(err))
			return
		}
		if rt == nil {
			fs = append(fs, errs.Field{Name: "lat/long", Key: "georeport.err.outside", Args: []any{form.Get("lat"), form.Get("long")}})
			break
		}
		about, target = rt.Receiver, rt.Located
	case juris != "":
		target = juris
	case key.RegionCode != "":
		target = key.RegionCode
	default:
		fs = append(fs, errs.Field{Name: "attribute[region]", Key: "georeport.err.region_missing"})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	if !region.Within(target, key.RegionCode) {
		s.o311Fail(w, r, format, errs.New(errs.Forbidden, "georeport.err.api_key_region", key.RegionCode))
		return
	}
	if about != nil {
		in.UnitCode = about.Code
	} else {
		in.RegionCode = target
	}
	// Checked and routed above: filed without a second lookup or check.
	rep, err := s.fileRouted(r, in, about, nil)
	if err != nil {
		s.o311Filed(w, r, format, idem, err)
		return
	}
	l := o311Lang(r)
	created := []open311.Created{{ID: rep.ID, ServiceNotice: i18n.T(l, "georeport.notice", rep.Code, s.baseURL(r)+"/lacak/"+rep.Code)}}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.o311Write(w, r, format, http.StatusCreated, created, open311.WrapXML("service_requests", created))
}

// asUnmeetable: no desk for the region is a request that cannot be met
// (400), not a missing resource.
func asUnmeetable(err error) error {
	if e, ok := errs.As(err); ok && e.Code == errs.NotFound {
		return &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args, Err: err}
	}
	return err
}
