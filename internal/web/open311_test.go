package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/i18n"
	"mutu/internal/store"
	"mutu/internal/web"
)

// The spec's structures (wiki.open311.org/GeoReport_v2), written from the
// spec and not shared with the server: XML that parses into these is what
// an Open311 client reads.
type (
	specErrors struct {
		XMLName xml.Name `xml:"errors"`
		Errors  []struct {
			Code        int    `xml:"code" json:"code"`
			Description string `xml:"description" json:"description"`
		} `xml:"error"`
	}
	specDiscovery struct {
		XMLName    xml.Name `xml:"discovery"`
		Changeset  string   `xml:"changeset" json:"changeset"`
		Contact    string   `xml:"contact" json:"contact"`
		KeyService string   `xml:"key_service" json:"key_service"`
		Endpoints  []struct {
			Specification string   `xml:"specification" json:"specification"`
			URL           string   `xml:"url" json:"url"`
			Changeset     string   `xml:"changeset" json:"changeset"`
			Type          string   `xml:"type" json:"type"`
			Formats       []string `xml:"formats>format" json:"formats"`
		} `xml:"endpoints>endpoint" json:"endpoints"`
	}
	specService struct {
		Code        string `xml:"service_code" json:"service_code"`
		Name        string `xml:"service_name" json:"service_name"`
		Description string `xml:"description" json:"description"`
		Metadata    bool   `xml:"metadata" json:"metadata"`
		Type        string `xml:"type" json:"type"`
		Keywords    string `xml:"keywords" json:"keywords"`
		Group       string `xml:"group" json:"group"`
	}
	specServices struct {
		XMLName  xml.Name      `xml:"services"`
		Services []specService `xml:"service"`
	}
	specDefinition struct {
		XMLName    xml.Name `xml:"service_definition"`
		Code       string   `xml:"service_code" json:"service_code"`
		Attributes []struct {
			Variable            bool   `xml:"variable" json:"variable"`
			Code                string `xml:"code" json:"code"`
			Datatype            string `xml:"datatype" json:"datatype"`
			Required            bool   `xml:"required" json:"required"`
			DatatypeDescription string `xml:"datatype_description" json:"datatype_description"`
			Order               int    `xml:"order" json:"order"`
			Description         string `xml:"description" json:"description"`
			Values              []struct {
				Key  string `xml:"key" json:"key"`
				Name string `xml:"name" json:"name"`
			} `xml:"values>value" json:"values"`
		} `xml:"attributes>attribute" json:"attributes"`
	}
	specRequest struct {
		ID                string   `xml:"service_request_id" json:"service_request_id"`
		Token             string   `xml:"token" json:"token"`
		Status            string   `xml:"status" json:"status"`
		StatusNotes       string   `xml:"status_notes" json:"status_notes"`
		ServiceName       string   `xml:"service_name" json:"service_name"`
		ServiceCode       string   `xml:"service_code" json:"service_code"`
		Description       string   `xml:"description" json:"description"`
		AgencyResponsible string   `xml:"agency_responsible" json:"agency_responsible"`
		ServiceNotice     string   `xml:"service_notice" json:"service_notice"`
		RequestedDatetime string   `xml:"requested_datetime" json:"requested_datetime"`
		UpdatedDatetime   string   `xml:"updated_datetime" json:"updated_datetime"`
		ExpectedDatetime  string   `xml:"expected_datetime" json:"expected_datetime"`
		Address           string   `xml:"address" json:"address"`
		AddressID         string   `xml:"address_id" json:"address_id"`
		Zipcode           string   `xml:"zipcode" json:"zipcode"`
		Lat               *float64 `xml:"lat" json:"lat"`
		Long              *float64 `xml:"long" json:"long"`
		MediaURL          string   `xml:"media_url" json:"media_url"`
		AccountID         string   `xml:"account_id" json:"account_id"`
	}
	specRequests struct {
		XMLName  xml.Name      `xml:"service_requests"`
		Requests []specRequest `xml:"request"`
	}
)

// o311 calls the Open311 interface and decodes a 2xx answer into out (JSON
// or XML by the path's extension), checking the content type and, for XML,
// the declaration.
func o311(t *testing.T, a *app, method, path string, form url.Values, out any) response {
	t.Helper()
	var res response
	if method == http.MethodPost {
		res = a.post(t, nil, path, form)
	} else {
		res = a.get(t, nil, path)
	}
	decodeO311(t, path, res, out)
	return res
}

func decodeO311(t *testing.T, path string, res response, out any) {
	t.Helper()
	p, _, _ := strings.Cut(path, "?")
	p, _, _ = strings.Cut(p, " ")
	isJSON := strings.HasSuffix(p, ".json")
	ct := res.Header.Get("Content-Type")
	switch {
	case isJSON && ct != "application/json; charset=utf-8", !isJSON && ct != "text/xml; charset=utf-8":
		t.Fatalf("%s: content type %q (%d): %s", path, ct, res.StatusCode, res.Body)
	case !isJSON && !strings.HasPrefix(res.Body, `<?xml version="1.0" encoding="UTF-8"?>`):
		t.Fatalf("%s: no XML declaration: %s", path, res.Body)
	}
	if out == nil {
		return
	}
	var err error
	if isJSON {
		err = json.Unmarshal([]byte(res.Body), out)
	} else {
		err = xml.Unmarshal([]byte(res.Body), out)
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, res.Body)
	}
}

// wantO311Error checks a spec-format error answer in either format.
func wantO311Error(t *testing.T, path string, res response, status int, contains string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("%s: status %d, want %d: %s", path, res.StatusCode, status, res.Body)
		return
	}
	var e specErrors
	if strings.Contains(path, ".json") {
		decodeO311(t, path, res, &e.Errors)
	} else {
		decodeO311(t, path, res, &e)
	}
	if len(e.Errors) == 0 || e.Errors[0].Code != status || e.Errors[0].Description == "" {
		t.Errorf("%s: errors %+v", path, e.Errors)
		return
	}
	var all []string
	for _, x := range e.Errors {
		all = append(all, x.Description)
	}
	if !strings.Contains(strings.Join(all, " | "), contains) {
		t.Errorf("%s: errors %q lack %q", path, all, contains)
	}
}

// newKey issues a key for regionCode with scopes (default: open311).
func newKey(t testing.TB, a *app, regionCode string, scopes ...string) string {
	t.Helper()
	if len(scopes) == 0 {
		scopes = []string{store.ScopeOpen311}
	}
	_, key, err := a.DB.CreateAPIKey(context.Background(), audit.CLI, "uji "+regionCode, regionCode, scopes)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestOpen311Discovery(t *testing.T) {
	a := newApp(t)
	for _, f := range []string{"json", "xml"} {
		var d specDiscovery
		res := o311(t, a, "GET", "/open311/v2/discovery."+f, nil, &d)
		if res.StatusCode != 200 || d.Changeset == "" || d.Contact == "" || d.KeyService == "" || len(d.Endpoints) != 1 {
			t.Fatalf("%s: %d %+v", f, res.StatusCode, d)
		}
		e := d.Endpoints[0]
		if e.Specification != "http://wiki.open311.org/GeoReport_v2" || e.URL != a.URL+"/open311/v2" || e.Type != "production" ||
			!slices.Equal(e.Formats, []string{"text/xml", "application/json"}) || e.Changeset == "" {
			t.Errorf("%s: endpoint %+v", f, e)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: no CORS header", f)
		}
	}
	// Unknown resources and formats: 404 in the spec's format.
	wantO311Error(t, "/open311/v2/nothing.json", a.get(t, nil, "/open311/v2/nothing.json"), 404, "discovery")
	wantO311Error(t, "/open311/v2/services.html", a.get(t, nil, "/open311/v2/services.html"), 404, "")
	// A name without an extension answers in XML.
	if res := a.get(t, nil, "/open311/v2/services"); res.StatusCode != 200 || !strings.Contains(res.Body, "<services>") {
		t.Errorf("services without extension: %d %s", res.StatusCode, res.Body)
	}
}

func TestOpen311Services(t *testing.T) {
	a := newApp(t)
	var fromJSON []specService
	var fromXML specServices
	o311(t, a, "GET", "/open311/v2/services.json", nil, &fromJSON)
	o311(t, a, "GET", "/open311/v2/services.xml?jurisdiction_id=mutu.example.go.id", nil, &fromXML)
	if len(fromJSON) != 4 || !slices.EqualFunc(fromJSON, fromXML.Services, func(x, y specService) bool { return x == y }) {
		t.Fatalf("services: %+v / %+v", fromJSON, fromXML.Services)
	}
	for i, s := range fromJSON {
		if s.Code != string(complaint.Kinds[i]) || s.Name != i18n.T(i18n.ID, "complaint.kind."+s.Code) || !s.Metadata || s.Type != "realtime" ||
			s.Group != "Mutu" || s.Description == "" || strings.Contains(s.Description, "georeport.") || strings.Contains(s.Keywords, "georeport.") {
			t.Errorf("service %d: %+v", i, s)
		}
	}
	// English on request.
	req, _ := http.NewRequest("GET", a.URL+"/open311/v2/services.json", nil)
	req.Header.Set("Accept-Language", "en-US,en;q=0.9")
	var en []specService
	decodeO311(t, "/open311/v2/services.json", a.do(t, nil, req), &en)
	if len(en) != 4 || en[0].Name != "Complaint" {
		t.Errorf("English services: %+v", en)
	}

	// A service definition: three optional attributes.
	for _, f := range []string{"json", "xml"} {
		var d specDefinition
		o311(t, a, "GET", "/open311/v2/services/aspirasi."+f, nil, &d)
		if d.Code != "aspirasi" || len(d.Attributes) != 3 {
			t.Fatalf("%s definition: %+v", f, d)
		}
		codes := []string{}
		for i, at := range d.Attributes {
			codes = append(codes, at.Code)
			if at.Required || !at.Variable || at.Order != i+1 || at.Description == "" {
				t.Errorf("%s attribute %+v", f, at)
			}
		}
		p := d.Attributes[0]
		if !slices.Equal(codes, []string{"privacy", "region", "unit"}) || p.Datatype != "singlevaluelist" || len(p.Values) != 3 || p.Values[2].Key != "rahasia" {
			t.Errorf("%s attributes: %+v", f, d.Attributes)
		}
	}
	for _, path := range []string{"/open311/v2/services/parkir.json", "/open311/v2/services/parkir.xml", "/open311/v2/services.json?jurisdiction_id=31.99"} {
		wantO311Error(t, path, a.get(t, nil, path), 404, "")
	}
	wantO311Error(t, "/open311/v2/tokens/123.xml", a.get(t, nil, "/open311/v2/tokens/123.xml"), 404, "token")
}

// post311 files a request and returns the id and the tracking code.
func post311(t *testing.T, a *app, format string, form url.Values) (id, code string) {
	t.Helper()
	path := "/open311/v2/requests." + format
	res := a.post(t, nil, path, form)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST %s: %d %s", path, res.StatusCode, res.Body)
	}
	var created []specRequest
	if format == "json" {
		decodeO311(t, path, res, &created)
	} else {
		var x specRequests
		decodeO311(t, path, res, &x)
		created = x.Requests
	}
	if len(created) != 1 || !uuidRE.MatchString(created[0].ID) || created[0].Token != "" {
		t.Fatalf("POST %s: %s", path, res.Body)
	}
	code = codeRE.FindString(created[0].ServiceNotice)
	if code == "" || !strings.Contains(created[0].ServiceNotice, a.URL+"/lacak/"+code) {
		t.Fatalf("service_notice without the tracking link: %q", created[0].ServiceNotice)
	}
	return created[0].ID, code
}

func form311(key string, kv ...string) url.Values {
	f := url.Values{"api_key": {key}, "service_code": {"pengaduan"}, "address_string": {"Jl. Yos Sudarso, Koja"},
		"description": {"Lampu penerangan jalan mati sejak tiga malam, rawan kecelakaan."}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			f.Del(kv[i])
		} else {
			f.Set(kv[i], kv[i+1])
		}
	}
	return f
}

func TestOpen311Post(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	jakut := newKey(t, a, "31.72")
	national := newKey(t, a, "")
	old, oldKey, err := a.DB.CreateAPIKey(ctx, audit.CLI, "lama", "31.72", []string{store.ScopeOpen311})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.RevokeAPIKey(ctx, audit.CLI, "", old.ID); err != nil {
		t.Fatal(err)
	}

	// Key problems are 403, in both formats.
	for _, f := range []string{"json", "xml"} {
		path := "/open311/v2/requests." + f
		wantO311Error(t, path, a.post(t, nil, path, form311("", "api_key", "")), 403, "api_key")
		wantO311Error(t, path, a.post(t, nil, path, form311("mutu_salah")), 403, "api_key")
		wantO311Error(t, path, a.post(t, nil, path, form311(oldKey)), 403, "api_key")
	}
	// POST to anything but requests does not exist.
	wantO311Error(t, "/open311/v2/services.json", a.post(t, nil, "/open311/v2/services.json", form311(jakut)), 404, "")

	// Request problems: the spec's codes.
	for _, tc := range []struct {
		form     url.Values
		status   int
		contains string
	}{
		{form311(jakut, "service_code", ""), 400, "service_code"},
		{form311(jakut, "service_code", "parkir"), 404, "parkir"},
		{form311(jakut, "description", ""), 400, "description"},
		{form311(jakut, "description", "Lampu mati."), 400, "description: Terlalu pendek"},
		{form311(jakut, "address_string", ""), 400, "lat"},
		{form311(jakut, "lat", "-6.1"), 400, "lat"},
		{form311(jakut, "lat", "-96.1", "long", "106.9"), 400, "lat"},
		{form311(jakut, "media_url", "javascript:alert(1)"), 400, "media_url"},
		{form311(jakut, "email", "bukan-surel"), 400, "email"},
		{form311(jakut, "attribute[privacy]", "publik"), 400, "attribute[privacy]"},
		{form311(jakut, "attribute[region]", "31.99"), 400, "attribute[region]"},
		{form311(jakut, "attribute[unit]", "TIDAK-ADA"), 400, "attribute[unit]"},
		{form311(national), 400, "attribute[region]"},
		{form311(jakut, "attribute[region]", "31.74"), 403, "31.72"},
		{form311(jakut, "attribute[unit]", "PTSP-31.74"), 403, "31.72"},
		{form311(jakut, "jurisdiction_id", "31.99"), 404, "31.99"},
	} {
		path := "/open311/v2/requests.json"
		wantO311Error(t, path+" "+tc.form.Encode(), a.post(t, nil, path, tc.form), tc.status, tc.contains)
	}
	// Several problems at once are listed together.
	res := a.post(t, nil, "/open311/v2/requests.xml", form311(jakut, "address_string", "", "media_url", "ftp://x", "attribute[privacy]", "x"))
	var e specErrors
	decodeO311(t, "/open311/v2/requests.xml", res, &e)
	if res.StatusCode != 400 || len(e.Errors) != 3 {
		t.Errorf("three problems: %d %+v", res.StatusCode, e.Errors)
	}

	// Success: the point routes the report to the office of its kelurahan
	// (Lagoa, Koja), and is kept; the reporter follows it with the tracking
	// code given in service_notice.
	id, code := post311(t, a, "json", form311(jakut, "email", "budi@example.com", "first_name", "Budi", "last_name", "Santoso", "phone", "0812-1111-2222",
		"lat", "-6.1184", "long", "106.9061", "media_url", "https://contoh.id/foto/1.jpg"))
	rep, err := a.DB.ComplaintByCode(ctx, code)
	if err != nil || rep.ID != id {
		t.Fatalf("report %s: %+v %v", code, rep, err)
	}
	office, _ := a.DB.UnitByCode(ctx, "KEL-31.72.03.1003")
	if rep.Channel != complaint.ChannelOpen311 || rep.Privacy != complaint.Public || rep.Kind != complaint.Complaint || rep.UnitID != office.ID ||
		rep.Point == nil || *rep.Point != (geo.Point{Lat: -6.1184, Lng: 106.9061}) ||
		rep.Reporter.Name != "Budi Santoso" || rep.Reporter.Email != "budi@example.com" || rep.Reporter.Phone != "0812-1111-2222" ||
		rep.Title != "Lampu penerangan jalan mati sejak tiga malam, rawan kecelakaan." || rep.Location != "Jl. Yos Sudarso, Koja (-6.118400, 106.906100)" {
		t.Errorf("stored report: %+v", rep)
	}
	track := a.get(t, nil, "/lacak/"+code)
	if track.StatusCode != 200 || !strings.Contains(track.Body, "Lampu penerangan jalan mati") {
		t.Errorf("tracking page: %d", track.StatusCode)
	}
	// XML, a chosen unit, a chosen privacy, with the national key.
	_, code2 := post311(t, a, "xml", form311(national, "service_code", "konsultasi", "attribute[unit]", "PTSP-31.74", "attribute[privacy]", "anonim",
		"address_string", "", "address_id", "KTR-0012"))
	rep2, _ := a.DB.ComplaintByCode(ctx, code2)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.74")
	if rep2 == nil || rep2.UnitID != ptsp.ID || rep2.Privacy != complaint.Anonymous || rep2.Kind != complaint.Consultation || rep2.Location != "KTR-0012" {
		t.Errorf("unit report: %+v", rep2)
	}
	// attribute[region] and jurisdiction_id route to the region's desk.
	_, code3 := post311(t, a, "json", form311(national, "attribute[region]", "31.74.01"))
	_, code4 := post311(t, a, "json", form311(national, "jurisdiction_id", "31.71"))
	for code, want := range map[string]string{code3: "ADU-31.74", code4: "ADU-31.71"} {
		r, _ := a.DB.ComplaintByCode(ctx, code)
		d, _ := a.DB.UnitByCode(ctx, want)
		if r == nil || d == nil || r.UnitID != d.ID {
			t.Errorf("%s: not at %s", code, want)
		}
	}
	// The key's use is recorded.
	keys, _ := a.DB.APIKeys(ctx, "31.72")
	if i := slices.IndexFunc(keys, func(k store.APIKey) bool { return k.Name == "uji 31.72" }); i < 0 || keys[i].LastUsedAt.IsZero() {
		t.Errorf("key use not recorded: %+v", keys)
	}
	if strings.Contains(a.logs(), "Budi") || strings.Contains(a.logs(), jakut) {
		t.Error("identity or key reached the log")
	}
}

// getRequests lists requests in both formats and checks they agree.
func getRequests(t *testing.T, a *app, query string) []specRequest {
	t.Helper()
	var fromJSON []specRequest
	var fromXML specRequests
	for _, f := range []string{"json", "xml"} {
		path := "/open311/v2/requests." + f + query
		res := a.get(t, nil, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, res.Body)
		}
		if f == "json" {
			decodeO311(t, path, res, &fromJSON)
		} else {
			decodeO311(t, path, res, &fromXML)
		}
	}
	if len(fromJSON) != len(fromXML.Requests) {
		t.Fatalf("%s: %d in JSON, %d in XML", query, len(fromJSON), len(fromXML.Requests))
	}
	for i := range fromJSON {
		j, x := fromJSON[i], fromXML.Requests[i]
		if j.ID != x.ID || j.Status != x.Status || j.Description != x.Description || j.RequestedDatetime != x.RequestedDatetime ||
			j.StatusNotes != x.StatusNotes || (j.Lat == nil) != (x.Lat == nil) || j.Lat != nil && *j.Lat != *x.Lat {
			t.Errorf("%s: request %d differs:\n%+v\n%+v", query, i, j, x)
		}
	}
	return fromJSON
}

func ids311(rs []specRequest) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestOpen311Requests(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	key := newKey(t, a, "31.72")
	identity := []string{"email", "rina@example.com", "first_name", "Rina", "last_name", "Kartikasari", "phone", "0813-9999-0000"}
	public, publicCode := post311(t, a, "json", form311(key, append(identity, "attribute[region]", "31.72", "lat", "-6.1184", "long", "106.9061", "media_url", "https://contoh.id/foto/2.jpg")...))
	anon, anonCode := post311(t, a, "xml", form311(key, append(identity, "service_code", "informasi", "attribute[privacy]", "anonim")...))
	secret, secretCode := post311(t, a, "json", form311(key, append(identity, "attribute[privacy]", "rahasia")...))
	// Only reports the verifiers accepted are published.
	before := ids311(getRequests(t, a, ""))
	if slices.Contains(before, public) || slices.Contains(before, anon) {
		t.Fatal("unverified reports are published")
	}
	ver := a.login(t, "admin")
	for _, code := range []string{publicCode, anonCode, secretCode} {
		if res := a.post(t, ver, "/kelola/pengaduan/"+numberOf(t, a, code), url.Values{"action": {"verifikasi"}}); res.StatusCode != 303 {
			t.Fatalf("verify %s: %d", code, res.StatusCode)
		}
	}

	all := getRequests(t, a, "")
	got := ids311(all)
	if !slices.Contains(got, public) || !slices.Contains(got, anon) || slices.Contains(got, secret) {
		t.Fatalf("list: public %v anon %v secret %v", slices.Contains(got, public), slices.Contains(got, anon), slices.Contains(got, secret))
	}
	if len(all) < 10 || got[0] != secret && got[0] != anon {
		t.Errorf("%d requests; first %s (want the newest first)", len(all), got[0])
	}
	// Every demo report in the list is public and every field follows the spec.
	demo := map[string]complaint.Report{}
	list, _, _ := a.DB.Complaints(ctx, storeFilterAll())
	for _, r := range list {
		demo[r.ID] = r
	}
	sawClosed, sawNotes, sawExpected := false, false, false
	for _, r := range all {
		if r.Status != "open" && r.Status != "closed" {
			t.Errorf("%s: status %q", r.ID, r.Status)
		}
		if !strings.HasSuffix(r.RequestedDatetime, "+07:00") || !strings.HasSuffix(r.UpdatedDatetime, "+07:00") ||
			r.ExpectedDatetime != "" && !strings.HasSuffix(r.ExpectedDatetime, "+07:00") {
			t.Errorf("%s: times %q %q %q", r.ID, r.RequestedDatetime, r.UpdatedDatetime, r.ExpectedDatetime)
		}
		if _, err := time.Parse(time.RFC3339, r.RequestedDatetime); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if r.ServiceName == "" || r.ServiceCode == "" || r.Description == "" || r.AgencyResponsible == "" {
			t.Errorf("%s: %+v", r.ID, r)
		}
		if d, ok := demo[r.ID]; ok {
			if d.Privacy == complaint.Secret {
				t.Errorf("%s: a secret demo report is listed", r.ID)
			}
			if (r.Status == "open") != d.Status.Open() {
				t.Errorf("%s: status %s for %s", r.ID, r.Status, d.Status)
			}
		}
		sawClosed = sawClosed || r.Status == "closed"
		sawNotes = sawNotes || r.StatusNotes != ""
		sawExpected = sawExpected || r.ExpectedDatetime != ""
	}
	if !sawClosed || !sawNotes || !sawExpected {
		t.Errorf("closed %v, status notes %v, expected times %v: want all", sawClosed, sawNotes, sawExpected)
	}

	// One request, both formats; the filed fields come back.
	for _, f := range []string{"json", "xml"} {
		var one []specRequest
		path := "/open311/v2/requests/" + public + "." + f
		if f == "json" {
			o311(t, a, "GET", path, nil, &one)
		} else {
			var x specRequests
			o311(t, a, "GET", path, nil, &x)
			one = x.Requests
		}
		if len(one) != 1 {
			t.Fatalf("%s: %+v", path, one)
		}
		r := one[0]
		if r.ID != public || r.Status != "open" || r.ServiceCode != "pengaduan" || r.ServiceName != "Pengaduan" || r.Address != "Jl. Yos Sudarso, Koja" ||
			r.Lat == nil || *r.Lat != -6.1184 || r.Long == nil || *r.Long != 106.9061 || r.MediaURL != "https://contoh.id/foto/2.jpg" ||
			r.Description != "Lampu penerangan jalan mati sejak tiga malam, rawan kecelakaan." || r.AgencyResponsible != "Pengelola Pengaduan Kota Administrasi Jakarta Utara" ||
			r.RequestedDatetime != "2026-11-24T10:00:00+07:00" {
			t.Errorf("%s: %+v", path, r)
		}
	}
	for _, path := range []string{"/open311/v2/requests/" + secret + ".json", "/open311/v2/requests/" + secretCode + ".xml", "/open311/v2/requests/" + publicCode + ".json",
		"/open311/v2/requests/0190a000-0000-7000-8000-000000000000.json"} {
		wantO311Error(t, path, a.get(t, nil, path), 404, "")
	}

	// The unit answers: status_notes; the verifier closes: closed.
	admin, op := a.login(t, "admin.jakut"), a.login(t, "operator.ptsp")
	for _, step := range []struct {
		c    *http.Client
		form url.Values
	}{
		{admin, url.Values{"action": {"disposisi"}, "unit": {"PTSP-31.72"}}}, // verified above
		{op, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Lampu sudah diganti oleh Dinas Bina Marga."}}},
		{admin, url.Values{"action": {"tutup"}, "confirmed": {"1"}}},
	} {
		a.advance(time.Hour)
		if res := a.post(t, step.c, "/kelola/pengaduan/"+numberOf(t, a, publicCode), step.form); res.StatusCode != 303 {
			t.Fatalf("%v: %d %s", step.form, res.StatusCode, res.Body)
		}
	}
	one := getRequests(t, a, "?service_request_id="+public)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if len(one) != 1 || one[0].Status != "closed" || one[0].StatusNotes != "Lampu sudah diganti oleh Dinas Bina Marga." ||
		one[0].UpdatedDatetime != "2026-11-24T13:00:00+07:00" || one[0].AgencyResponsible != ptsp.Name || one[0].ExpectedDatetime != "" {
		t.Errorf("after the answer: %+v", one)
	}

	// Filters.
	for _, tc := range []struct {
		query string
		want  func(specRequest) bool
		min   int
	}{
		{"?service_request_id=" + public + "," + secret + ",,nope," + strings.ToUpper(anon), func(r specRequest) bool { return r.ID == public || r.ID == anon }, 2},
		{"?service_request_id=" + anon + "&service_code=aspirasi&status=closed", func(r specRequest) bool { return r.ID == anon }, 1},
		{"?service_code=informasi", func(r specRequest) bool { return r.ServiceCode == "informasi" }, 2},
		{"?service_code=informasi,aspirasi&service_code=konsultasi", func(r specRequest) bool { return r.ServiceCode != "pengaduan" }, 3},
		{"?status=open", func(r specRequest) bool { return r.Status == "open" }, 5},
		{"?status=closed", func(r specRequest) bool { return r.Status == "closed" }, 2},
		{"?status=open,closed", func(r specRequest) bool { return true }, len(all)},
		{"?start_date=2026-11-24T00:00:00%2B07:00", func(r specRequest) bool { return r.RequestedDatetime >= "2026-11-24" }, 2},
		{"?start_date=2026-11-24T00:00:00+07:00&end_date=2026-11-24T23:59:59Z", func(r specRequest) bool { return r.RequestedDatetime >= "2026-11-24" }, 2},
		{"?end_date=2026-11-10", func(r specRequest) bool { return r.RequestedDatetime < "2026-11-11" }, 1},
		{"?start_date=2026-10-01T00:00:00Z&end_date=2026-11-01T00:00:00Z", func(r specRequest) bool {
			return r.RequestedDatetime >= "2026-10-01T07" && r.RequestedDatetime < "2026-11-01T07"
		}, 1},
		{"?jurisdiction_id=31.74", func(r specRequest) bool {
			return r.AgencyResponsible != "" && !strings.Contains(r.AgencyResponsible, "Utara")
		}, 1},
		{"?jurisdiction_id=kota.example.go.id", func(r specRequest) bool { return true }, len(all)},
	} {
		got := getRequests(t, a, tc.query)
		if len(got) < tc.min {
			t.Errorf("%s: %d requests, want at least %d", tc.query, len(got), tc.min)
		}
		for _, r := range got {
			if !tc.want(r) || r.ID == secret {
				t.Errorf("%s: unexpected %+v", tc.query, r)
			}
		}
	}
	if got := getRequests(t, a, "?start_date=2026-11-24T10:00:00%2B07:00&end_date=2026-11-24T10:00:00%2B07:00"); len(got) != 2 {
		t.Errorf("exact instant: %d", len(got)) // public and anon were filed at 10:00; secret too, but is not listed
	}
	// A window longer than 90 days is capped to its last 90 days, not refused.
	capped := getRequests(t, a, "?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z")
	if len(capped) == 0 {
		t.Error("a long window: nothing listed")
	}
	for _, r := range capped {
		if r.RequestedDatetime < "2026-08-03T07:00:00+07:00" || r.RequestedDatetime > "2026-11-01T07:00:00+07:00" {
			t.Errorf("a long window lists %s, filed %s", r.ID, r.RequestedDatetime)
		}
	}
	for _, tc := range []struct{ query, contains string }{
		{"?start_date=kemarin", "start_date"},
		{"?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z", "end_date"},
		{"?status=pending", "pending"},
		{"?service_code=parkir", "parkir"},
		{"?service_request_id=" + strings.Repeat("a,", 1001), "1000"},
	} {
		for _, f := range []string{"json", "xml"} {
			path := "/open311/v2/requests." + f + tc.query
			wantO311Error(t, path, a.get(t, nil, path), 400, tc.contains)
		}
	}
	wantO311Error(t, "/open311/v2/requests.json?jurisdiction_id=31.99", a.get(t, nil, "/open311/v2/requests.json?jurisdiction_id=31.99"), 404, "31.99")
}

// TestOpen311NeverShowsIdentity files reports with a full identity in every
// privacy level and greps every Open311 answer for it.
func TestOpen311NeverShowsIdentity(t *testing.T) {
	a := newApp(t)
	key := newKey(t, a, "31.72")
	secrets := []string{"Wulandari", "Prameswari", "wulan.p@example.com", "0857-4321-8765", "085743218765"}
	var ids []string
	ver := a.login(t, "admin")
	for i, p := range []string{"biasa", "anonim", "rahasia"} {
		id, code := post311(t, a, []string{"json", "xml"}[i%2], form311(key, "first_name", "Wulandari", "last_name", "Prameswari", "email", "wulan.p@example.com",
			"phone", "0857-4321-8765", "attribute[privacy]", p, "device_id", "perangkat-0857", "account_id", "akun-0857"))
		ids = append(ids, id)
		// Verified, so published: unpublished reports would make every check below pass unseen.
		if res := a.post(t, ver, "/kelola/pengaduan/"+numberOf(t, a, code), url.Values{"action": {"verifikasi"}}); res.StatusCode != 303 {
			t.Fatalf("verify %s: %d", p, res.StatusCode)
		}
	}
	var paths []string
	for _, f := range []string{"json", "xml"} {
		paths = append(paths, "/open311/v2/requests."+f, "/open311/v2/requests."+f+"?service_request_id="+strings.Join(ids, ","),
			"/open311/v2/requests."+f+"?status=open&service_code=pengaduan")
		for _, id := range ids {
			paths = append(paths, "/open311/v2/requests/"+id+"."+f)
		}
	}
	for _, path := range paths {
		res := a.get(t, nil, path)
		// An error answer would show nothing either: every answer but the
		// secret report's own is a list of reports or a report, and those
		// about these reports show the public one or the anonymous one.
		about := strings.Contains(path, ids[0]) || strings.Contains(path, ids[1])
		if !strings.HasPrefix(path, "/open311/v2/requests/"+ids[2]+".") && (res.StatusCode != 200 || !strings.Contains(res.Body, "service_request_id") ||
			about && !strings.Contains(res.Body, ids[0]) && !strings.Contains(res.Body, ids[1])) {
			t.Fatalf("%s: %d, not the answer expected:\n%.400s", path, res.StatusCode, res.Body)
		}
		for _, s := range append(secrets, "perangkat-0857", "akun-0857", "reporter", "email", "phone", "first_name", "nik") {
			if strings.Contains(res.Body, s) {
				t.Errorf("%s shows %q", path, s)
			}
		}
		// Nor any tracking code: it lets its holder act as the reporter.
		if code := codeRE.FindString(res.Body); code != "" {
			t.Errorf("%s shows the tracking code %s", path, code)
		}
		if strings.Contains(res.Body, ids[2]) && res.StatusCode == 200 {
			t.Errorf("%s shows the secret report", path)
		}
	}
	if strings.Contains(a.logs(), "Wulandari") || strings.Contains(a.logs(), key) {
		t.Error("identity or key reached the log")
	}
}

func storeFilterAll() store.ComplaintFilter {
	return store.ComplaintFilter{RegionCode: "31", Limit: 500}
}

var keyRE = regexp.MustCompile(`mutu_[0-9a-f]{48}`)

func TestAPIKeysPage(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	res := a.get(t, admin, "/kelola/kunci-api")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Belum ada kunci API") || !strings.Contains(res.Body, `href="/kelola/kunci-api"`) ||
		!strings.Contains(res.Body, `name="scopes" value="open311" checked`) || !strings.Contains(res.Body, `name="scopes" value="responses">`) {
		t.Fatalf("page: %d %s", res.StatusCode, res.Body)
	}
	dash := a.get(t, a.login(t, "operator.ptsp"), "/dasbor")
	if mustBePage(t, dash, 200, "section#tugas-saya"); strings.Contains(dash.Body, `href="/kelola/kunci-api"`) {
		t.Error("an operator sees the API keys link")
	}
	// Errors: no name; a region outside the administrator's; no or an unknown scope.
	for _, form := range []url.Values{{"name": {""}, "scopes": {"open311"}}, {"name": {"Aplikasi"}, "region_code": {"31.74"}, "scopes": {"open311"}},
		{"name": {"Aplikasi"}, "region_code": {"31.72.99"}, "scopes": {"open311"}}, {"name": {"Aplikasi"}}, {"name": {"Aplikasi"}, "scopes": {"admin"}}} {
		if res := a.post(t, admin, "/kelola/kunci-api", form); res.StatusCode != 422 || keyRE.MatchString(res.Body) {
			t.Errorf("%v: %d", form, res.StatusCode)
		}
	}
	// Issue: the key is shown once, on this answer only.
	res = a.post(t, admin, "/kelola/kunci-api", url.Values{"name": {"Aplikasi JAKI"}, "region_code": {""}, "scopes": {"open311"}})
	key := keyRE.FindString(res.Body)
	if res.StatusCode != 201 || key == "" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("issue: %d %s", res.StatusCode, res.Body)
	}
	list := a.get(t, admin, "/kelola/kunci-api")
	if !strings.Contains(list.Body, "Aplikasi JAKI") || !strings.Contains(list.Body, "31.72") || keyRE.MatchString(list.Body) ||
		!strings.Contains(list.Body, `<td class="apikey-scopes">Laporan Open311</td>`) {
		t.Errorf("list: %s", list.Body)
	}
	// The key works, limited to the administrator's region.
	post311(t, a, "json", form311(key))
	wantO311Error(t, "/open311/v2/requests.json", a.post(t, nil, "/open311/v2/requests.json", form311(key, "attribute[region]", "31.71")), 403, "31.72")
	// Another city neither sees nor revokes it; the province may.
	keys, _ := a.DB.APIKeys(context.Background(), "31.72")
	if len(keys) != 1 {
		t.Fatalf("keys: %+v", keys)
	}
	if other, _ := a.DB.APIKeys(context.Background(), "31.74"); len(other) != 0 {
		t.Errorf("another city sees the key: %+v", other)
	}
	if err := a.DB.RevokeAPIKey(context.Background(), audit.CLI, "31.74", keys[0].ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("another city revokes the key: %v", err)
	}
	if res := a.post(t, a.login(t, "admin"), "/kelola/kunci-api/"+keys[0].ID+"/cabut", url.Values{"confirmed": {"1"}}); res.StatusCode != 303 {
		// The province administrator (31) may: 31.72 lies within 31.
		t.Errorf("province revokes: %d", res.StatusCode)
	}
	wantO311Error(t, "/open311/v2/requests.json", a.post(t, nil, "/open311/v2/requests.json", form311(key)), 403, "api_key")
	if res := a.post(t, admin, "/kelola/kunci-api/"+keys[0].ID+"/cabut", url.Values{"confirmed": {"1"}}); res.StatusCode != 404 {
		t.Errorf("second revoke: %d", res.StatusCode)
	}
	if res := a.get(t, admin, "/kelola/kunci-api"); !strings.Contains(res.Body, "Dicabut") {
		t.Error("revoked key not shown as revoked")
	}
	for _, action := range []string{"apikey.create", "apikey.revoke"} {
		if log := textOf(mustBePage(t, a.get(t, admin, "/kelola/audit?aksi="+action), 200, "#audit-log"), "#audit-log tbody"); !strings.Contains(log, keys[0].Name) {
			t.Errorf("audit %s missing:\n%s", action, log)
		}
	}
	if strings.Contains(a.logs(), key) {
		t.Error("the key reached the log")
	}
}

// FuzzOpen311Post posts arbitrary form bodies, with or without a valid key:
// the answer is 201 or a 4xx in the spec's format, never a 5xx, and no
// unexpected failure is logged.
func FuzzOpen311Post(f *testing.F) {
	for _, seed := range []string{
		"service_code=pengaduan&description=Lampu+jalan+mati+sejak+kemarin+malam&address_string=Koja",
		"service_code=informasi&description=Apa+syarat+akta+kelahiran+anak%3F+Terima+kasih&lat=-6.1&long=106.9&attribute[privacy]=anonim",
		"service_code=aspirasi&description=Mohon+buka+layanan+Sabtu+untuk+pekerja&address_id=1&attribute[unit]=PTSP-31.72&media_url=https://x.id/a.jpg",
		"service_code=konsultasi&description=%00%01%ff%fe&lat=NaN&long=Inf&email=%00@x&phone=%2B62",
		"service_code=pengaduan&attribute[region]=31.72.01.1001&jurisdiction_id=31.72&first_name=A&last_name=B&description=" + strings.Repeat("x", 5001),
		"attribute[unit]=%00&attribute[region]=..&service_request_id=1",
		"a=1&a=2&&&=&%zz",
		"service_code=pengaduan&description=Lampu+jalan+mati+sejak%00+kemarin+malam&address_string=Koja",
	} {
		f.Add(seed, true)
	}
	f.Add("service_code=pengaduan", false)
	a := fuzzApp(f)
	_, key, err := a.DB.CreateAPIKey(context.Background(), audit.CLI, "fuzz", "31.72", []string{store.ScopeOpen311})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string, withKey bool) {
		h := checkContract(t, a.Srv.Handler()) // the answer is one the OpenAPI document describes
		if withKey {
			body = "api_key=" + key + "&" + body
		}
		for _, format := range []string{"json", "xml"} {
			before := len(a.logs())
			req := httptest.NewRequest(http.MethodPost, "/open311/v2/requests."+format, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 || rec.Code != 201 && rec.Code != 400 && rec.Code != 403 && rec.Code != 404 {
				t.Fatalf("%q: status %d %s", body, rec.Code, rec.Body)
			}
			if strings.Contains(a.logs()[before:], "open311 failed") {
				t.Fatalf("%q: unexpected failure: %s", body, a.logs()[before:])
			}
			var list []map[string]any
			if format == "json" && json.Unmarshal(rec.Body.Bytes(), &list) != nil {
				t.Fatalf("%q: not a JSON list: %s", body, rec.Body)
			}
			if format == "xml" && xml.Unmarshal(rec.Body.Bytes(), new(struct{})) != nil {
				t.Fatalf("%q: not XML: %s", body, rec.Body)
			}
		}
	})
}

// TestOpen311RateLimit: a client over the public rate limit gets 429 as a
// GeoReport error list, in the format it asked for, with Retry-After.
func TestOpen311RateLimit(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.RateLimit = 5 })
	key := newKey(t, a, "31.72")
	for _, f := range []string{"json", "xml"} {
		path := "/open311/v2/requests." + f
		var res response
		for range 40 {
			if res = a.post(t, nil, path, form311(key)); res.StatusCode == 429 {
				break
			}
		}
		if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: 40 posts in a row were never limited (%d)", f, res.StatusCode)
		}
		wantO311Error(t, path, res, 429, "")
	}
}
