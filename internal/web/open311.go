package web

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/,
// so that existing Open311 applications can file and follow reports. Every
// resource answers in XML (the spec's required format) and JSON, chosen by
// the extension: services.xml, requests/ID.json. A name without an
// extension answers in XML. Service Discovery is /open311/v2/discovery.{xml,json}.
//
// How Open311 maps onto Mutu:
//
//   - Services are the four kinds of report (methods.md §3): service_code
//     pengaduan, aspirasi, informasi, konsultasi; group "Mutu"; type
//     realtime (the id is returned at once, so tokens are never issued and
//     /tokens/{token} always answers 404). metadata is true: the service
//     definition offers three optional attributes, attribute[privacy]
//     (biasa, anonim, rahasia; default biasa), attribute[region] (the
//     Kemendagri code of where it happened, e.g. 31.72) and attribute[unit]
//     (the code of the service unit the report is about, e.g. PTSP-31.72).
//     Units are not services: there are thousands, they change, and a
//     report about "no unit in particular" must still be possible.
//   - POST requests needs an api_key (issued by administrators at
//     /kelola/kunci-api or with "mutu apikey create"); a missing, unknown
//     or revoked key is 403. The report is filed like the public form does
//     (fileComplaint), channel open311: to the unit's queue with
//     attribute[unit], else to the complaint desk of the region taken from
//     attribute[region], else jurisdiction_id (when it is a Kemendagri
//     code), else the key's own region. A key limited to a region may file
//     only in that region (403 otherwise). email, first_name + last_name and
//     phone become the reporter's (confidential) identity; device_id and
//     account_id are ignored. The title is the first line of description.
//     address_string (or address_id) is the location; lat/long are kept
//     with it as "(lat, long)", and media_url as a last line of the text.
//     Mutu asks more than the spec: description is required (20 to 5000
//     characters) and so is a location.
//   - service_request_id is the report's id (a UUID), NOT its tracking code:
//     the tracking code lets its holder act as the reporter (see and answer
//     the report, with the reporter's identity), so it must never appear in
//     a public list. The code is given once, to the client that filed the
//     report, in the POST answer's service_notice.
//   - GET requests lists only what the public may read: privacy biasa and
//     anonim (never rahasia, complaint.ShowsContent), and never the
//     reporter's identity (no name, e-mail, phone or NIK in any answer).
//     status is "open" while the report needs work and "closed" once
//     resolved, closed, archived or merged; status_notes is the unit's
//     latest answer; agency_responsible is the unit handling it (or the one
//     that received it); expected_datetime is the resolution deadline once
//     the report is verified. Times are ISO 8601 in Asia/Jakarta (+07:00).
//     The filters are the spec's: service_request_id (a comma list; it
//     overrides the others), service_code, status (comma lists), start_date
//     and end_date (ISO 8601, a span of at most 90 days, by default the last
//     90 days); at most 1000 requests, newest first.
//   - jurisdiction_id is optional. A Kemendagri code (e.g. 31.72) limits the
//     answer to that region (404 if there is no such region); anything else
//     (such as a host name) is ignored, as the spec allows.
//   - Errors are the spec's <errors><error><code/><description/></error></errors>
//     (a JSON array of {code, description}): 404 for what does not exist,
//     403 for a wrong or missing api_key, 400 for everything else, including
//     an unexpected failure (logged with the request id), as the spec says.
//     The description is in Indonesian, or English with Accept-Language: en.

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

const (
	open311Spec = "http://wiki.open311.org/GeoReport_v2"
	// open311Changeset changes when the services or their definitions do.
	open311Changeset = "2026-11-24 00:00"
	open311Group     = "Mutu"
	// open311MaxResults and open311MaxSpan are the spec's default volume.
	open311MaxResults = 1000
	open311MaxSpan    = 90 * 24 * time.Hour
	open311TimeLayout = "2006-01-02T15:04:05-07:00"
)

// --- wire types: one struct serves JSON and XML ---

type o311Error struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type o311Discovery struct {
	XMLName    xml.Name       `json:"-" xml:"discovery"`
	Changeset  string         `json:"changeset" xml:"changeset"`
	Contact    string         `json:"contact" xml:"contact"`
	KeyService string         `json:"key_service" xml:"key_service"`
	Endpoints  []o311Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type o311Endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type o311Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type o311Definition struct {
	XMLName    xml.Name        `json:"-" xml:"service_definition"`
	Code       string          `json:"service_code" xml:"service_code"`
	Attributes []o311Attribute `json:"attributes" xml:"attributes>attribute"`
}

type o311Attribute struct {
	Variable            bool           `json:"variable" xml:"variable"`
	Code                string         `json:"code" xml:"code"`
	Datatype            string         `json:"datatype" xml:"datatype"`
	Required            bool           `json:"required" xml:"required"`
	DatatypeDescription string         `json:"datatype_description" xml:"datatype_description"`
	Order               int            `json:"order" xml:"order"`
	Description         string         `json:"description" xml:"description"`
	Values              *o311ValueList `json:"values,omitempty" xml:"values,omitempty"`
}

// o311ValueList is the choices of a list attribute: <values><value>… in XML,
// a plain array in JSON; absent for other attributes.
type o311ValueList struct {
	Value []o311Value `xml:"value"`
}

func (v *o311ValueList) MarshalJSON() ([]byte, error) { return json.Marshal(v.Value) }

type o311Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// o311Request is a report as the public may see it: it has no field for
// the reporter's identity, so none can leak.
type o311Request struct {
	XMLName           xml.Name    `json:"-" xml:"request"`
	ID                string      `json:"service_request_id" xml:"service_request_id"`
	Status            string      `json:"status" xml:"status"`
	StatusNotes       string      `json:"status_notes,omitempty" xml:"status_notes,omitempty"`
	ServiceName       string      `json:"service_name" xml:"service_name"`
	ServiceCode       string      `json:"service_code" xml:"service_code"`
	Description       string      `json:"description" xml:"description"`
	AgencyResponsible string      `json:"agency_responsible,omitempty" xml:"agency_responsible,omitempty"`
	RequestedDatetime string      `json:"requested_datetime" xml:"requested_datetime"`
	UpdatedDatetime   string      `json:"updated_datetime" xml:"updated_datetime"`
	ExpectedDatetime  string      `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
	Address           string      `json:"address,omitempty" xml:"address,omitempty"`
	Lat               json.Number `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              json.Number `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string      `json:"media_url,omitempty" xml:"media_url,omitempty"`
}

// o311Created answers POST requests.
type o311Created struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice string   `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
}

// xmlList wraps a list in its root element; each item names its own element.
type xmlList[T any] struct {
	XMLName xml.Name
	Items   []T
}

func wrapXML[T any](root string, items []T) xmlList[T] {
	return xmlList[T]{XMLName: xml.Name{Local: root}, Items: items}
}

// --- formats, language, writing ---

// o311Split splits "requests.json" into its name and format. A name
// without an extension is XML (the spec's required format).
func o311Split(file string) (name, format string, ok bool) {
	i := strings.LastIndexByte(file, '.')
	if i < 0 {
		return file, "xml", true
	}
	switch ext := file[i+1:]; ext {
	case "json", "xml":
		return file[:i], ext, true
	}
	return file, "xml", false
}

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
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodGet {
		w.Header().Set("Access-Control-Allow-Origin", "*") // public data, no credentials
	}
	if format == "json" {
		writeJSON(w, status, v)
		return
	}
	b, err := xml.MarshalIndent(xmlV, "", "  ")
	if err != nil {
		s.log.Error("open311 xml", "request_id", requestID(r), "err", err)
		http.Error(w, "Terjadi kesalahan / Internal error: "+requestID(r), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, xml.Header)
	w.Write(b)
	io.WriteString(w, "\n")
}

// o311Errors answers with the spec's error list.
func (s *Server) o311Errors(w http.ResponseWriter, r *http.Request, format string, status int, list []o311Error) {
	s.o311Write(w, r, format, status, list, wrapXML("errors", list))
}

// o311Fail answers with one error: 404 for what does not exist, 403 for a
// wrong api_key, 400 for anything else (an unexpected failure is logged).
func (s *Server) o311Fail(w http.ResponseWriter, r *http.Request, format string, err error) {
	e := appError(err)
	l := o311Lang(r)
	status := http.StatusBadRequest
	switch e.Code {
	case errs.NotFound:
		status = http.StatusNotFound
	case errs.Unauthorized, errs.Forbidden:
		status = http.StatusForbidden
	case errs.RateLimited:
		status = http.StatusTooManyRequests
	case errs.Unavailable:
		status = http.StatusServiceUnavailable
		s.log.Error("open311 failed", "request_id", requestID(r), "err", err)
		w.Header().Set("Retry-After", retryUnavailable)
	case errs.Internal:
		s.log.Error("open311 failed", "request_id", requestID(r), "err", err)
		e = &errs.Error{Key: "georeport.err.general", Args: []any{requestID(r)}}
	}
	var list []o311Error
	for _, f := range e.Fields {
		list = append(list, o311Error{Code: status, Description: f.Name + ": " + fieldMessage(l, errs.Field{Key: f.Key, Args: f.Args, Value: f.Value})})
	}
	if len(list) == 0 {
		list = []o311Error{{Code: status, Description: i18n.T(l, e.Key, e.Args...)}}
	}
	s.o311Errors(w, r, format, status, list)
}

func o311Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Jakarta).Format(open311TimeLayout)
}

// --- resources ---

// open311Get: GET /open311/v2/{resource} — discovery, services and requests.
func (s *Server) open311Get(w http.ResponseWriter, r *http.Request) {
	name, format, ok := o311Split(r.PathValue("resource"))
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
		list := make([]o311Service, len(complaint.Kinds))
		for i, k := range complaint.Kinds {
			list[i] = o311ServiceOf(l, k)
		}
		s.o311Write(w, r, format, http.StatusOK, list, wrapXML("services", list))
	case "requests":
		s.o311List(w, r, format)
	default:
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.not_found"))
	}
}

func (s *Server) o311Discovery(w http.ResponseWriter, r *http.Request, format string) {
	l := o311Lang(r)
	d := o311Discovery{Changeset: open311Changeset, Contact: i18n.T(l, "georeport.contact"), KeyService: i18n.T(l, "georeport.key_service"),
		Endpoints: []o311Endpoint{{Specification: open311Spec, URL: s.baseURL(r) + "/open311/v2", Changeset: open311Changeset,
			Type: "production", Formats: []string{"text/xml", "application/json"}}}}
	s.o311Write(w, r, format, http.StatusOK, d, d)
}

func o311ServiceOf(l i18n.Lang, k complaint.Kind) o311Service {
	return o311Service{Code: string(k), Name: i18n.T(l, "complaint.kind."+string(k)), Description: i18n.T(l, "georeport.service."+string(k)),
		Metadata: true, Type: "realtime", Keywords: i18n.T(l, "georeport.keywords."+string(k)), Group: open311Group}
}

// o311Kind returns the kind named by a service_code.
func o311Kind(code string) (complaint.Kind, bool) {
	k := complaint.Kind(strings.ToLower(strings.TrimSpace(code)))
	return k, slices.Contains(complaint.Kinds, k)
}

// open311Service: GET /open311/v2/services/{file} — a service definition.
func (s *Server) open311Service(w http.ResponseWriter, r *http.Request) {
	code, format, ok := o311Split(r.PathValue("file"))
	kind, known := o311Kind(code)
	if !ok || !known {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.service_code", code))
		return
	}
	if _, err := s.o311Jurisdiction(r, r.URL.Query().Get("jurisdiction_id")); err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	l := o311Lang(r)
	privacies := &o311ValueList{}
	for _, p := range complaint.Privacies {
		privacies.Value = append(privacies.Value, o311Value{Key: string(p), Name: i18n.T(l, "complaint.privacy."+string(p))})
	}
	d := o311Definition{Code: string(kind), Attributes: []o311Attribute{
		{Variable: true, Code: "privacy", Datatype: "singlevaluelist", DatatypeDescription: i18n.T(l, "georeport.attr.privacy_type"), Order: 1,
			Description: i18n.T(l, "georeport.attr.privacy"), Values: privacies},
		{Variable: true, Code: "region", Datatype: "string", DatatypeDescription: i18n.T(l, "georeport.attr.region_type"), Order: 2,
			Description: i18n.T(l, "georeport.attr.region")},
		{Variable: true, Code: "unit", Datatype: "string", DatatypeDescription: i18n.T(l, "georeport.attr.unit_type"), Order: 3,
			Description: i18n.T(l, "georeport.attr.unit")},
	}}
	s.o311Write(w, r, format, http.StatusOK, d, d)
}

// open311Token: GET /open311/v2/tokens/{file}. Every service is realtime:
// no token is ever issued, so none is found.
func (s *Server) open311Token(w http.ResponseWriter, r *http.Request) {
	_, format, _ := o311Split(r.PathValue("file"))
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

// o311Values splits repeated and comma-separated values of a parameter.
func o311Values(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

var o311IDRE = regexp.MustCompile(`^[0-9A-Fa-f-]{1,64}$`)

// o311ParseTime reads a w3 (ISO 8601) date-time. A "+" of the offset that
// arrived as a space (an unencoded query string) is restored. A date alone
// is that day in Asia/Jakarta: its start, or with endOfDay its last instant.
func o311ParseTime(v string, endOfDay bool) (time.Time, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "+")
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, v, clock.Jakarta); err == nil {
			return t, true
		}
	}
	if t, err := time.ParseInLocation(time.DateOnly, v, clock.Jakarta); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return t, true
	}
	return time.Time{}, false
}

// o311List: GET /open311/v2/requests.{format}.
func (s *Server) o311List(w http.ResponseWriter, r *http.Request, format string) {
	q := r.URL.Query()
	juris, err := s.o311Jurisdiction(r, q.Get("jurisdiction_id"))
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	f := store.PublicComplaintFilter{RegionCode: juris, Limit: open311MaxResults}
	var fs []errs.Field
	if ids := o311Values(q["service_request_id"]); len(ids) > 0 {
		// service_request_id overrides the other filters.
		if len(ids) > open311MaxResults {
			fs = append(fs, errs.Field{Name: "service_request_id", Key: "georeport.err.too_many_ids", Args: []any{open311MaxResults}})
		}
		f.IDs = []string{}
		for _, id := range ids {
			if o311IDRE.MatchString(id) {
				f.IDs = append(f.IDs, strings.ToLower(id))
			}
		}
	} else {
		for _, code := range o311Values(q["service_code"]) {
			k, ok := o311Kind(code)
			if !ok {
				fs = append(fs, errs.Field{Name: "service_code", Key: "georeport.err.service_code", Args: []any{code}})
				continue
			}
			f.Kinds = append(f.Kinds, k)
		}
		byWord := map[string][]complaint.Status{"open": complaint.OpenStatuses, "closed": complaint.ClosedStatuses}
		for _, st := range o311Values(q["status"]) {
			statuses, ok := byWord[strings.ToLower(st)]
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
		from, to, dfs := o311Range(q.Get("start_date"), q.Get("end_date"), s.db.Now())
		f.From, f.To = from, to
		fs = append(fs, dfs...)
	}
	if err := errs.Fields("err.form", fs); err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	list, err := s.o311Requests(r, f)
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	s.o311Write(w, r, format, http.StatusOK, list, wrapXML("service_requests", list))
}

// o311Range reads start_date and end_date: by default the last 90 days;
// one alone extends 90 days from it; both may span at most 90 days.
func o311Range(start, end string, now time.Time) (from, to time.Time, fs []errs.Field) {
	var okFrom, okTo bool
	if strings.TrimSpace(start) != "" {
		if from, okFrom = o311ParseTime(start, false); !okFrom {
			fs = append(fs, errs.Field{Name: "start_date", Key: "georeport.err.date"})
		}
	}
	if strings.TrimSpace(end) != "" {
		if to, okTo = o311ParseTime(end, true); !okTo {
			fs = append(fs, errs.Field{Name: "end_date", Key: "georeport.err.date"})
		}
	}
	if len(fs) > 0 {
		return from, to, fs
	}
	switch {
	case !okFrom && !okTo:
		to = now
		from = to.Add(-open311MaxSpan)
	case !okTo:
		to = from.Add(open311MaxSpan)
	case !okFrom:
		from = to.Add(-open311MaxSpan)
	}
	switch {
	case to.Before(from):
		fs = append(fs, errs.Field{Name: "end_date", Key: "georeport.err.date_order"})
	case to.Sub(from) > open311MaxSpan:
		fs = append(fs, errs.Field{Name: "end_date", Key: "georeport.err.date_span", Args: []any{int(open311MaxSpan.Hours() / 24)}})
	}
	return from, to, fs
}

// open311Request: GET /open311/v2/requests/{file} — one request.
func (s *Server) open311Request(w http.ResponseWriter, r *http.Request) {
	id, format, ok := o311Split(r.PathValue("file"))
	if !ok || !o311IDRE.MatchString(id) {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.request"))
		return
	}
	juris, err := s.o311Jurisdiction(r, r.URL.Query().Get("jurisdiction_id"))
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	list, err := s.o311Requests(r, store.PublicComplaintFilter{IDs: []string{strings.ToLower(id)}, RegionCode: juris})
	if err == nil && len(list) == 0 {
		err = errs.New(errs.NotFound, "georeport.err.request")
	}
	if err != nil {
		s.o311Fail(w, r, format, err)
		return
	}
	s.o311Write(w, r, format, http.StatusOK, list, wrapXML("service_requests", list))
}

// o311Requests reads the public reports f selects as Open311 requests. The
// reporter is never read here: o311Request has no field for them.
func (s *Server) o311Requests(r *http.Request, f store.PublicComplaintFilter) ([]o311Request, error) {
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
	out := make([]o311Request, 0, len(reports))
	for _, rep := range reports {
		if !complaint.ShowsContent(rep.Privacy, complaint.ViewPublic) {
			continue // the store already leaves these out; never rely on one place alone
		}
		q := o311Request{ID: rep.ID, Status: "closed", StatusNotes: answers[rep.ID], ServiceCode: string(rep.Kind),
			ServiceName: i18n.T(l, "complaint.kind."+string(rep.Kind)), RequestedDatetime: o311Time(rep.ReceivedAt), UpdatedDatetime: o311Time(rep.UpdatedAt)}
		if rep.Status.Open() {
			q.Status = "open"
			if !rep.VerifiedAt.IsZero() && s.calendar.Load() != nil {
				if sla, ok := slas[rep.Kind]; ok {
					q.ExpectedDatetime = o311Time(complaint.ComputeDeadlines(sla, s.workingCalendar(), rep.Milestones).Resolution)
				}
			}
		} else if !rep.ClosedAt.IsZero() {
			q.UpdatedDatetime = o311Time(rep.ClosedAt)
		}
		if q.AgencyResponsible = units[rep.AssignedUnitID].Name; q.AgencyResponsible == "" {
			q.AgencyResponsible = units[rep.UnitID].Name
		}
		q.Description, q.Address = rep.Body, rep.Location
		if rep.Channel == complaint.ChannelOpen311 {
			q.Description, q.MediaURL = complaint.SplitMedia(rep.Body)
			q.Address, q.Lat, q.Long = splitCoordinates(rep.Location)
		} else if !strings.HasPrefix(rep.Body, rep.Title) {
			q.Description = rep.Title + "\n\n" + rep.Body
		}
		out = append(out, q)
	}
	return out, nil
}

// --- filing ---

var coordsRE = regexp.MustCompile(`^(?s)(.*?) ?\((-?\d{1,2}\.\d{6}), (-?\d{1,3}\.\d{6})\)$`)

// withCoordinates keeps lat/long with the location as "(lat, long)".
func withCoordinates(location string, lat, long float64, ok bool) string {
	if !ok {
		return location
	}
	c := fmt.Sprintf("(%.6f, %.6f)", lat, long)
	if location == "" {
		return c
	}
	return location + " " + c
}

func splitCoordinates(location string) (string, json.Number, json.Number) {
	m := coordsRE.FindStringSubmatch(location)
	if m == nil {
		return location, "", ""
	}
	return m[1], json.Number(m[2]), json.Number(m[3])
}

// o311Text makes a submitted value safe to store and to serve as XML:
// valid UTF-8, no control characters but line breaks and tabs.
func o311Text(v string) string {
	v = strings.ToValidUTF8(v, "\uFFFD")
	return strings.Map(func(c rune) rune {
		if c == '\n' || c == '\t' {
			return c
		}
		if c == '\r' {
			return -1
		}
		if unicode.IsControl(c) || c == '\uFFFE' || c == '\uFFFF' {
			return -1
		}
		return c
	}, strings.TrimSpace(v))
}

// o311Title is the first line of the description, shortened to 100
// characters; a line too short to be a title gives way to fallback.
func o311Title(description, fallback string) string {
	line, _, _ := strings.Cut(description, "\n")
	line = strings.Join(strings.Fields(line), " ")
	if utf8.RuneCountInString(line) < 5 {
		return fallback
	}
	if rs := []rune(line); len(rs) > 100 {
		cut := string(rs[:99])
		if i := strings.LastIndexByte(cut, ' '); i > 60 {
			cut = cut[:i]
		}
		line = cut + "…"
	}
	return line
}

// o311Coordinates reads lat and long: both or neither, WGS84 ranges.
func o311Coordinates(latS, longS string) (lat, long float64, ok bool, fs []errs.Field) {
	latS, longS = strings.TrimSpace(latS), strings.TrimSpace(longS)
	if latS == "" && longS == "" {
		return 0, 0, false, nil
	}
	var err1, err2 error
	lat, err1 = strconv.ParseFloat(latS, 64)
	long, err2 = strconv.ParseFloat(longS, 64)
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(long) || math.Abs(lat) > 90 || math.Abs(long) > 180 {
		return 0, 0, false, []errs.Field{{Name: "lat/long", Key: "georeport.err.lat_long"}}
	}
	return lat, long, true, nil
}

// o311MediaURL checks a media_url: an absolute http(s) URL.
func o311MediaURL(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > 1000 || strings.ContainsAny(v, " \t\r\n") {
		return "", false
	}
	return v, true
}

// o311Fields names problems by the Open311 parameters.
func o311Fields(fs []errs.Field) []errs.Field {
	for i, f := range fs {
		if n, ok := o311FieldNames[f.Name]; ok {
			fs[i].Name = n
		}
	}
	return fs
}

// o311FieldNames maps Mutu's field names to the Open311 parameters.
var o311FieldNames = map[string]string{"title": "description", "body": "description", "location": "address_string",
	"name": "first_name/last_name", "phone": "phone", "email": "email", "kind": "service_code", "privacy": "attribute[privacy]"}

// open311Post: POST /open311/v2/requests.{format} — file a report.
func (s *Server) open311Post(w http.ResponseWriter, r *http.Request) {
	name, format, ok := o311Split(r.PathValue("resource"))
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
	code := strings.TrimSpace(form.Get("service_code"))
	if code == "" {
		s.o311Fail(w, r, format, errs.New(errs.Invalid, "georeport.err.service_code_missing"))
		return
	}
	kind, known := o311Kind(code)
	if !known {
		s.o311Fail(w, r, format, errs.New(errs.NotFound, "georeport.err.service_code", o311Text(code)))
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
	lat, long, hasCoords, cfs := o311Coordinates(form.Get("lat"), form.Get("long"))
	fs = append(fs, cfs...)
	address := o311Text(form.Get("address_string"))
	if address == "" {
		address = o311Text(form.Get("address_id"))
	}
	if address == "" && !hasCoords && len(cfs) == 0 {
		fs = append(fs, errs.Field{Name: "address_string", Key: "georeport.err.location"})
	}
	media, ok := o311MediaURL(form.Get("media_url"))
	if !ok {
		fs = append(fs, errs.Field{Name: "media_url", Key: "georeport.err.media_url"})
	}
	description := o311Text(form.Get("description"))
	if description == "" {
		fs = append(fs, errs.Field{Name: "description", Key: "georeport.err.description"})
	}
	first, last := o311Text(form.Get("first_name")), o311Text(form.Get("last_name"))
	in := &complaint.Intake{Kind: kind, Privacy: privacy, Channel: complaint.ChannelOpen311,
		Title:    o311Title(description, i18n.T(i18n.ID, "complaint.kind."+string(kind))),
		Body:     description,
		Location: withCoordinates(address, lat, long, hasCoords),
		MediaURL: media,
		Reporter: complaint.Reporter{Name: strings.TrimSpace(first + " " + last), Phone: o311Text(form.Get("phone")), Email: o311Text(form.Get("email"))}}
	if description != "" {
		fs = append(fs, o311Fields(in.Validate())...)
	}

	// Where it goes: a unit, else a region's complaint desk.
	var about *unit.Unit
	var target string
	unitCode := o311Text(form.Get("attribute[unit]"))
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
	rep, err := s.fileIntake(r, in, nil, nil)
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.NotFound {
			err = &errs.Error{Code: errs.Invalid, Key: e.Key, Args: e.Args, Err: err} // no desk for the region: the request cannot be met
		}
		s.o311Fail(w, r, format, err)
		return
	}
	l := o311Lang(r)
	created := []o311Created{{ID: rep.ID, ServiceNotice: i18n.T(l, "georeport.notice", rep.Code, s.baseURL(r)+"/lacak/"+rep.Code)}}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.o311Write(w, r, format, http.StatusCreated, created, wrapXML("service_requests", created))
}
