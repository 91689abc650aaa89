// Package open311 is Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)
// as Mutu speaks it at /open311/v2/ (the handlers are in internal/web),
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
//     (complaint.Intake), channel open311: to the unit's queue with
//     attribute[unit], else to the complaint desk of the region taken from
//     attribute[region], else, with lat/long, to the office of the smallest
//     region whose boundary holds the point (its kelurahan office; in a
//     sliver between simplified kelurahan, its kecamatan's) or, where that
//     region has none, the nearest complaint desk above it; a point outside
//     every boundary the deployment knows is refused (400). Without any of
//     these: jurisdiction_id (when it is a Kemendagri code), else the key's
//     own region. A key limited to a region may file
//     only in that region (403 otherwise). email, first_name + last_name and
//     phone become the reporter's (confidential) identity; device_id and
//     account_id are ignored. The title is the first line of description.
//     address_string (or address_id) is the location; lat/long are kept
//     with it as "(lat, long)" and, within Indonesia, as the report's point
//     (for the maps), and media_url as a last line of the text.
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
//     and end_date (ISO 8601, by default the last 90 days; a longer window
//     is capped to its last 90 days, as the spec lets a server do, so that
//     a client asking "everything since" still gets an answer); at most
//     1000 requests, newest first.
//   - A client that filed a request may read it back by its id at once,
//     without a key (requests/{id}.xml, or service_request_id=), before
//     staff accept it: until then the answer has only service_request_id,
//     status, service_code, service_name and a status_notes saying why
//     (StatusOf); nothing of what the reporter wrote. Only reports filed
//     through Open311 are read back so (their ids were given to no one
//     else), and never a rahasia one, which stays 404 even to its filer.
//   - jurisdiction_id is optional. A Kemendagri code (e.g. 31.72) limits the
//     answer to that region (404 if there is no such region); anything else
//     (such as a host name) is ignored, as the spec allows.
//   - Errors are the spec's <errors><error><code/><description/></error></errors>
//     (a JSON array of {code, description}): 404 for what does not exist,
//     403 for a wrong or missing api_key, 400 for everything else, including
//     an unexpected failure (logged with the request id), as the spec says.
//     The description is in Indonesian, or English with Accept-Language: en.

package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
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
)

const (
	Spec = "http://wiki.open311.org/GeoReport_v2"
	// Changeset changes when the services or their definitions do.
	Changeset = "2026-11-24 00:00"
	Group     = "Mutu"
	// MaxResults and MaxSpan are the spec's default volume.
	MaxResults = 1000
	MaxSpan    = 90 * 24 * time.Hour
	TimeLayout = "2006-01-02T15:04:05-07:00"
)

// --- wire types: one struct serves JSON and XML ---

type Error struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type Discovery struct {
	XMLName    xml.Name   `json:"-" xml:"discovery"`
	Changeset  string     `json:"changeset" xml:"changeset"`
	Contact    string     `json:"contact" xml:"contact"`
	KeyService string     `json:"key_service" xml:"key_service"`
	Endpoints  []Endpoint `json:"endpoints" xml:"endpoints>endpoint"`
}

type Endpoint struct {
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset" xml:"changeset"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type Definition struct {
	XMLName    xml.Name    `json:"-" xml:"service_definition"`
	Code       string      `json:"service_code" xml:"service_code"`
	Attributes []Attribute `json:"attributes" xml:"attributes>attribute"`
}

type Attribute struct {
	Variable            bool       `json:"variable" xml:"variable"`
	Code                string     `json:"code" xml:"code"`
	Datatype            string     `json:"datatype" xml:"datatype"`
	Required            bool       `json:"required" xml:"required"`
	DatatypeDescription string     `json:"datatype_description" xml:"datatype_description"`
	Order               int        `json:"order" xml:"order"`
	Description         string     `json:"description" xml:"description"`
	Values              *ValueList `json:"values,omitempty" xml:"values,omitempty"`
}

// ValueList is the choices of a list attribute: <values><value>… in XML,
// a plain array in JSON; absent for other attributes.
type ValueList struct {
	Value []Value `xml:"value"`
}

func (v *ValueList) MarshalJSON() ([]byte, error) { return json.Marshal(v.Value) }

type Value struct {
	Key  string `json:"key" xml:"key"`
	Name string `json:"name" xml:"name"`
}

// Request is a report as the public may see it: it has no field for
// the reporter's identity, so none can leak.
type Request struct {
	XMLName           xml.Name    `json:"-" xml:"request"`
	ID                string      `json:"service_request_id" xml:"service_request_id"`
	Status            string      `json:"status" xml:"status"`
	StatusNotes       string      `json:"status_notes,omitempty" xml:"status_notes,omitempty"`
	ServiceName       string      `json:"service_name" xml:"service_name"`
	ServiceCode       string      `json:"service_code" xml:"service_code"`
	Description       string      `json:"description,omitempty" xml:"description,omitempty"`
	AgencyResponsible string      `json:"agency_responsible,omitempty" xml:"agency_responsible,omitempty"`
	RequestedDatetime string      `json:"requested_datetime,omitempty" xml:"requested_datetime,omitempty"`
	UpdatedDatetime   string      `json:"updated_datetime,omitempty" xml:"updated_datetime,omitempty"`
	ExpectedDatetime  string      `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
	Address           string      `json:"address,omitempty" xml:"address,omitempty"`
	Lat               json.Number `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              json.Number `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string      `json:"media_url,omitempty" xml:"media_url,omitempty"`
}

// Created answers POST requests.
type Created struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id" xml:"service_request_id"`
	ServiceNotice string   `json:"service_notice,omitempty" xml:"service_notice,omitempty"`
}

// XMLList wraps a list in its root element; each item names its own element.
type XMLList[T any] struct {
	XMLName xml.Name
	Items   []T
}

// WrapXML wraps items in the root element root.
func WrapXML[T any](root string, items []T) XMLList[T] {
	return XMLList[T]{XMLName: xml.Name{Local: root}, Items: items}
}

// Split splits "requests.json" into its name and format. A name
// without an extension is XML (the spec's required format).
func Split(file string) (name, format string, ok bool) {
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

// Time is t in Asia/Jakarta as the spec writes it ("" for no time).
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Jakarta).Format(TimeLayout)
}

// ServiceOf is the service of a kind of report, in language l.
func ServiceOf(l i18n.Lang, k complaint.Kind) Service {
	return Service{Code: string(k), Name: i18n.T(l, "complaint.kind."+string(k)), Description: i18n.T(l, "georeport.service."+string(k)),
		Metadata: true, Type: "realtime", Keywords: i18n.T(l, "georeport.keywords."+string(k)), Group: Group}
}

// KindOf returns the kind named by a service_code.
func KindOf(code string) (complaint.Kind, bool) {
	k := complaint.Kind(strings.ToLower(strings.TrimSpace(code)))
	return k, slices.Contains(complaint.Kinds, k)
}

// Values splits repeated and comma-separated values of a parameter.
func Values(vals []string) []string {
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

var idRE = regexp.MustCompile(`^[0-9A-Fa-f-]{1,64}$`)

// ValidID reports whether id can be a service_request_id (a report's UUID).
func ValidID(id string) bool { return idRE.MatchString(id) }

// ParseTime reads a w3 (ISO 8601) date-time. A "+" of the offset that
// arrived as a space (an unencoded query string) is restored. A date alone
// is that day in Asia/Jakarta: its start, or with endOfDay its last instant.
func ParseTime(v string, endOfDay bool) (time.Time, bool) {
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

// Range reads start_date and end_date: by default the last 90 days;
// one alone extends 90 days from it; a longer window is capped to the 90
// days that end at end_date.
func Range(start, end string, now time.Time) (from, to time.Time, fs []errs.Field) {
	var okFrom, okTo bool
	if strings.TrimSpace(start) != "" {
		if from, okFrom = ParseTime(start, false); !okFrom {
			fs = append(fs, errs.Field{Name: "start_date", Key: "georeport.err.date"})
		}
	}
	if strings.TrimSpace(end) != "" {
		if to, okTo = ParseTime(end, true); !okTo {
			fs = append(fs, errs.Field{Name: "end_date", Key: "georeport.err.date"})
		}
	}
	if len(fs) > 0 {
		return from, to, fs
	}
	switch {
	case !okFrom && !okTo:
		to = now
		from = to.Add(-MaxSpan)
	case !okTo:
		to = from.Add(MaxSpan)
	case !okFrom:
		from = to.Add(-MaxSpan)
	}
	switch {
	case to.Before(from):
		fs = append(fs, errs.Field{Name: "end_date", Key: "georeport.err.date_order"})
	case to.Sub(from) > MaxSpan:
		from = to.Add(-MaxSpan)
	}
	return from, to, fs
}

var coordsRE = regexp.MustCompile(`^(?s)(.*?) ?\((-?\d{1,2}\.\d{6}), (-?\d{1,3}\.\d{6})\)$`)

// WithCoordinates keeps lat/long with the location as "(lat, long)".
func WithCoordinates(location string, lat, long float64, ok bool) string {
	if !ok {
		return location
	}
	c := fmt.Sprintf("(%.6f, %.6f)", lat, long)
	if location == "" {
		return c
	}
	return location + " " + c
}

// SplitCoordinates is the location and the lat/long WithCoordinates joined.
func SplitCoordinates(location string) (string, json.Number, json.Number) {
	m := coordsRE.FindStringSubmatch(location)
	if m == nil {
		return location, "", ""
	}
	return m[1], json.Number(m[2]), json.Number(m[3])
}

// Text makes a submitted value safe to store and to serve as XML:
// valid UTF-8, no control characters but line breaks and tabs.
func Text(v string) string {
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

// Title is the first line of the description, shortened to 100
// characters; a line too short to be a title gives way to fallback.
func Title(description, fallback string) string {
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

// Coordinates reads lat and long: both or neither, WGS84 ranges.
func Coordinates(latS, longS string) (lat, long float64, ok bool, fs []errs.Field) {
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

// MediaURL checks a media_url: an absolute http(s) URL.
func MediaURL(v string) (string, bool) {
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

// Fields names problems by the Open311 parameters.
func Fields(fs []errs.Field) []errs.Field {
	for i, f := range fs {
		if n, ok := fieldNames[f.Name]; ok {
			fs[i].Name = n
		}
	}
	return fs
}

// fieldNames maps Mutu's field names to the Open311 parameters.
var fieldNames = map[string]string{"title": "description", "body": "description", "location": "address_string",
	"name": "first_name/last_name", "phone": "phone", "email": "email", "kind": "service_code", "privacy": "attribute[privacy]"}

// DefinitionOf is the service definition of a kind of report: the three
// optional attributes privacy, region and unit.
func DefinitionOf(l i18n.Lang, kind complaint.Kind) Definition {
	privacies := &ValueList{}
	for _, p := range complaint.Privacies {
		privacies.Value = append(privacies.Value, Value{Key: string(p), Name: i18n.T(l, "complaint.privacy."+string(p))})
	}
	return Definition{Code: string(kind), Attributes: []Attribute{
		{Variable: true, Code: "privacy", Datatype: "singlevaluelist", DatatypeDescription: i18n.T(l, "georeport.attr.privacy_type"), Order: 1,
			Description: i18n.T(l, "georeport.attr.privacy"), Values: privacies},
		{Variable: true, Code: "region", Datatype: "string", DatatypeDescription: i18n.T(l, "georeport.attr.region_type"), Order: 2,
			Description: i18n.T(l, "georeport.attr.region")},
		{Variable: true, Code: "unit", Datatype: "string", DatatypeDescription: i18n.T(l, "georeport.attr.unit_type"), Order: 3,
			Description: i18n.T(l, "georeport.attr.unit")},
	}}
}

// Statuses are the report statuses an Open311 status word selects: open
// while a report needs work, closed once resolved, closed, archived or
// merged.
func Statuses(word string) ([]complaint.Status, bool) {
	switch strings.ToLower(word) {
	case "open":
		return complaint.OpenStatuses, true
	case "closed":
		return complaint.ClosedStatuses, true
	}
	return nil, false
}

// HTTPStatus is the status an error answers with: 404 for what does not
// exist, 403 for a wrong api_key, 400 for anything else (as the spec says,
// an unexpected failure too), and the throttle's and outage's own.
func HTTPStatus(code errs.Code) int {
	switch code {
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Unauthorized, errs.Forbidden:
		return http.StatusForbidden
	case errs.Conflict:
		return http.StatusConflict
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// Marshal encodes an answer: v as JSON, or xmlV as XML (with its header).
func Marshal(format string, v, xmlV any) (body []byte, contentType string, err error) {
	var buf bytes.Buffer
	if format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(true)
		err := enc.Encode(v)
		return buf.Bytes(), "application/json; charset=utf-8", err
	}
	b, err := xml.MarshalIndent(xmlV, "", "  ")
	if err != nil {
		return nil, "", err
	}
	buf.WriteString(xml.Header)
	buf.Write(b)
	buf.WriteString("\n")
	return buf.Bytes(), "text/xml; charset=utf-8", nil
}

// StatusOf is a report the public may not read yet (not accepted by staff)
// as the client that filed it may follow it: its id, status and service,
// while open with a note saying why there is no more. Nothing the reporter
// wrote, where, or which unit has it.
func StatusOf(l i18n.Lang, rep *complaint.Report) Request {
	q := Request{ID: rep.ID, Status: "closed", ServiceCode: string(rep.Kind), ServiceName: i18n.T(l, "complaint.kind."+string(rep.Kind))}
	if rep.Status.Open() {
		q.Status, q.StatusNotes = "open", i18n.T(l, "georeport.notes.unverified")
	}
	return q
}

// RequestOf is a report as the public may read it: notes is the unit's
// latest answer, agency the unit handling it, expected its resolution
// deadline (zero while unknown). The reporter is not an argument: Request
// has no field for them.
func RequestOf(l i18n.Lang, rep *complaint.Report, notes, agency string, expected time.Time) Request {
	q := Request{ID: rep.ID, Status: "closed", StatusNotes: notes, ServiceCode: string(rep.Kind), AgencyResponsible: agency,
		ServiceName: i18n.T(l, "complaint.kind."+string(rep.Kind)), RequestedDatetime: Time(rep.ReceivedAt), UpdatedDatetime: Time(rep.UpdatedAt)}
	if rep.Status.Open() {
		q.Status = "open"
		q.ExpectedDatetime = Time(expected)
	} else if !rep.ClosedAt.IsZero() {
		q.UpdatedDatetime = Time(rep.ClosedAt)
	}
	q.Description, q.Address = rep.Body, rep.Location
	if rep.Channel == complaint.ChannelOpen311 {
		q.Description, q.MediaURL = complaint.SplitMedia(rep.Body)
		q.Address, q.Lat, q.Long = SplitCoordinates(rep.Location)
	} else if !strings.HasPrefix(rep.Body, rep.Title) {
		q.Description = rep.Title + "\n\n" + rep.Body
	}
	if rep.Point != nil {
		q.Lat, q.Long = json.Number(strconv.FormatFloat(rep.Point.Lat, 'f', 6, 64)), json.Number(strconv.FormatFloat(rep.Point.Lng, 'f', 6, 64))
	}
	return q
}
