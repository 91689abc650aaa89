package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"mutu/internal/store"
	"mutu/internal/web"
)

// The OpenAPI document (internal/web/openapi.json) is the contract of
// /api/v1 and /open311/v2. Every test's exchange with those addresses is
// checked against it (checkContract, wired into newApp's server), with
// kin-openapi, which validates OpenAPI 3.1 documents and validates
// requests and responses with JSON Schema 2020-12: an answer the document
// does not describe fails the test that received it.

// contract is the document as the validator reads it.
type contract struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	contractOnce sync.Once
	theContract  *contract
	contractErr  error
)

// loadContract loads and validates the embedded document once per test binary.
func loadContract() (*contract, error) {
	contractOnce.Do(func() {
		// Open311 answers XML too: read it by the same schemas.
		openapi3filter.RegisterBodyDecoder("text/xml", decodeXMLBody)
		doc, err := openapi3.NewLoader().LoadFromData(web.OpenAPIDocument)
		if err == nil {
			err = doc.Validate(context.Background())
		}
		var rt routers.Router
		if err == nil {
			rt, err = gorillamux.NewRouter(doc)
		}
		theContract, contractErr = &contract{doc: doc, router: rt}, err
	})
	return theContract, contractErr
}

func mustContract(t testing.TB) *contract {
	t.Helper()
	c, err := loadContract()
	if err != nil {
		t.Fatalf("the OpenAPI document: %v", err)
	}
	return c
}

// checkContract wraps the server's handler: every exchange with /api/ and
// /open311/ is checked against the document (contract.check), and one that
// does not match fails the test t. Wrapping the server rather than one
// client catches every client the tests use (a.get, postJSON, a browser).
func checkContract(t testing.TB, next http.Handler) http.Handler {
	c := mustContract(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") && !strings.HasPrefix(r.URL.Path, "/open311/") {
			next.ServeHTTP(w, r)
			return
		}
		reqBody, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("OpenAPI contract: read the request: %v", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		if err := c.check(r, reqBody, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			t.Errorf("OpenAPI contract: %s %s answered %d: %v\n%.600s", r.Method, r.URL, rec.Code, err, rec.Body)
		}
	})
}

// check validates one exchange. The response must be one the document
// describes for the operation and status (headers, content type, body). A
// request the document refuses must be refused by the server too (4xx); a
// request for an address the document does not describe must be refused
// (not found, or its text refused), in the error format of its interface.
func (c *contract) check(r *http.Request, reqBody []byte, status int, header http.Header, body []byte) error {
	if r.Method == http.MethodOptions {
		return nil // CORS preflights: TestCORS
	}
	ctx := context.Background()
	req := r.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	req.URL.Scheme, req.URL.Host = "http", r.Host
	if strings.HasPrefix(req.URL.Path, "/open311/v2/") && path.Ext(req.URL.Path) == "" {
		req.URL.Path += ".xml" // a name without an extension is XML, as the document says
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	if req.Method == http.MethodHead {
		req.Method = http.MethodGet // a GET without its body
		opts.ExcludeResponseBody = true
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		if status < 400 || status >= 500 {
			return fmt.Errorf("the document has no %s %s (%v), yet the server answered it", req.Method, req.URL.Path, err)
		}
		return c.checkError(req.URL.Path, header, body)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil && status < 400 {
		return fmt.Errorf("the server accepted a request the document refuses: %v", err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: opts.ExcludeResponseBody}}
	return openapi3filter.ValidateResponse(ctx, out.SetBodyBytes(body))
}

// checkError validates the refusal of an address the document does not
// describe against its interface's error schema.
func (c *contract) checkError(p string, header http.Header, body []byte) error {
	schema := c.doc.Components.Schemas["Error"]
	if strings.HasPrefix(p, "/open311/") {
		schema = c.doc.Components.Schemas["O311Errors"]
	}
	var v any
	var err error
	switch ct := header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/json"):
		err = json.Unmarshal(body, &v)
	case strings.HasPrefix(ct, "text/xml"):
		v, err = decodeXMLBody(bytes.NewReader(body), header, schema, nil)
	default:
		err = fmt.Errorf("content type %q", ct)
	}
	if err != nil {
		return err
	}
	return schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
}

// --- Open311's XML, read by the document's schemas ---

type xmlNode struct {
	name, text string
	kids       []*xmlNode
}

// decodeXMLBody reads an XML answer as the value its schema describes, so
// that the XML is validated by the same schema as the JSON: the root
// element and every child are named as the schema's xml objects (or
// property names) say.
func decodeXMLBody(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	root, err := parseXML(body)
	if err != nil {
		return nil, err
	}
	if want := xmlName(schema.Value, ""); want != "" && root.name != want {
		return nil, fmt.Errorf("root element <%s>, want <%s>", root.name, want)
	}
	return fromXML(root, schema.Value)
}

func parseXML(r io.Reader) (*xmlNode, error) {
	dec := xml.NewDecoder(r)
	var root *xmlNode
	var open []*xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tok.Name.Local}
			switch {
			case len(open) > 0:
				open[len(open)-1].kids = append(open[len(open)-1].kids, n)
			case root != nil:
				return nil, errors.New("more than one root element")
			default:
				root = n
			}
			open = append(open, n)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				open[len(open)-1].text += string(tok)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

// fromXML reads element n as schema s: a (wrapped) array's items are n's
// children, an object's properties its children by name, a scalar its
// text. What does not parse stays text, for the schema to refuse.
func fromXML(n *xmlNode, s *openapi3.Schema) (any, error) {
	switch {
	case s.Type.Is("array"):
		items := []any{}
		for _, k := range n.kids {
			if want := xmlName(s.Items.Value, ""); want != "" && k.name != want {
				return nil, fmt.Errorf("<%s> in <%s>, want <%s>", k.name, n.name, want)
			}
			v, err := fromXML(k, s.Items.Value)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	case s.Type.Is("object"):
		m := map[string]any{}
		for _, k := range n.kids {
			name, prop := k.name, (*openapi3.Schema)(nil)
			for pn, p := range s.Properties {
				if xmlName(p.Value, pn) == k.name {
					name, prop = pn, p.Value
				}
			}
			if _, dup := m[name]; dup {
				return nil, fmt.Errorf("<%s> twice in <%s>", k.name, n.name)
			}
			if prop == nil {
				m[name] = k.text // unknown: additionalProperties judges it
				continue
			}
			v, err := fromXML(k, prop)
			if err != nil {
				return nil, err
			}
			m[name] = v
		}
		return m, nil
	case s.Type.Is("boolean"):
		if b, err := strconv.ParseBool(n.text); err == nil {
			return b, nil
		}
	case s.Type.Is("integer"), s.Type.Is("number"):
		if f, err := strconv.ParseFloat(n.text, 64); err == nil {
			return f, nil
		}
	}
	return n.text, nil
}

func xmlName(s *openapi3.Schema, fallback string) string {
	if s.XML != nil && s.XML.Name != "" {
		return s.XML.Name
	}
	return fallback
}

// --- the document itself ---

// TestOpenAPIDocument: the document served at /api/openapi.json is the
// embedded one, OpenAPI 3.1, and valid by a standard validator.
func TestOpenAPIDocument(t *testing.T) {
	c := mustContract(t) // loaded and validated (openapi3.T.Validate)
	if !c.doc.IsOpenAPI31OrLater() || c.doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", c.doc.OpenAPI)
	}
	a := newApp(t)
	res := a.get(t, nil, "/api/openapi.json")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.Body != string(web.OpenAPIDocument) {
		t.Fatalf("GET /api/openapi.json: %d %s, not the embedded document", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// Every operation says what it answers on a refusal by the rate limit.
	for p, item := range c.doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Responses.Value("429") == nil {
				t.Errorf("%s %s: no 429 response", method, p)
			}
		}
	}
}

// samplePath fills a documented path's parameters with values of the
// right shape.
var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

func samplePath(p string) string {
	return pathParam.ReplaceAllStringFunc(p, func(name string) string {
		if name == "{format}" {
			return "json"
		}
		return "x1"
	})
}

// TestOpenAPICoversRoutes: every route of the API and Open311 surfaces in
// the route table is described in the document, and every operation the
// document describes reaches such a route.
func TestOpenAPICoversRoutes(t *testing.T) {
	c := mustContract(t)
	a := newApp(t)
	mux := http.NewServeMux()
	routes := map[string]bool{}
	for _, rt := range a.Srv.Routes() {
		mux.HandleFunc(web.RoutePattern(rt), func(http.ResponseWriter, *http.Request) {})
		if s := web.RouteSurface(rt); s == "api" || s == "open311" {
			routes[web.RoutePattern(rt)] = true
		}
	}
	documented := map[string]bool{}
	for p, item := range c.doc.Paths.Map() {
		for method := range item.Operations() {
			_, pattern := mux.Handler(httptest.NewRequest(method, samplePath(p), nil))
			if !routes[pattern] {
				t.Errorf("the document's %s %s reaches %q, not a route of the API or Open311", method, p, pattern)
			}
			documented[pattern] = true
		}
	}
	for pattern := range routes {
		if !documented[pattern] {
			t.Errorf("route %q is not in the OpenAPI document", pattern)
		}
	}
}

// TestContractCatchesDrift: the check every API test runs refuses answers
// and requests that do not match the document, and passes those that do.
func TestContractCatchesDrift(t *testing.T) {
	c := mustContract(t)
	jsonType := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	xmlType := http.Header{"Content-Type": {"text/xml; charset=utf-8"}}
	for _, tc := range []struct {
		name, method, path, reqBody string
		status                      int
		header                      http.Header
		body                        string
		ok                          bool
	}{
		{"a valid unit list", "GET", "/api/v1/units", "", 200, jsonType, `{"total":0,"count":0,"offset":0,"units":[]}`, true},
		{"units not a list", "GET", "/api/v1/units", "", 200, jsonType, `{"total":0,"count":0,"offset":0,"units":"none"}`, false},
		{"a field the document lacks", "GET", "/api/v1/units", "", 200, jsonType, `{"total":0,"count":0,"offset":0,"units":[],"next":"x"}`, false},
		{"an undocumented status", "GET", "/open311/v2/services.json", "", 418, jsonType, `[{"code":418,"description":"x"}]`, false},
		{"an unexpected failure in the error shape", "GET", "/api/v1/units", "", 500, jsonType, `{"error":{"code":"internal","message":"x"}}`, true},
		{"an error in another shape", "GET", "/api/v1/units/X", "", 404, jsonType, `{"message":"not found"}`, false},
		{"a rate-limit header that is not a number", "GET", "/api/v1/units", "", 200,
			http.Header{"Content-Type": {"application/json"}, "Ratelimit-Remaining": {"many"}}, `{"total":0,"count":0,"offset":0,"units":[]}`, false},
		{"valid Open311 XML", "GET", "/open311/v2/services.xml", "", 200, xmlType,
			`<services><service><service_code>pengaduan</service_code><service_name>P</service_name><description>d</description><metadata>true</metadata><type>realtime</type><keywords>k</keywords><group>Mutu</group></service></services>`, true},
		{"Open311 XML with a wrong root", "GET", "/open311/v2/services.xml", "", 200, xmlType, `<servicez></servicez>`, false},
		{"Open311 XML missing a field", "GET", "/open311/v2/services.xml", "", 200, xmlType,
			`<services><service><service_code>pengaduan</service_code></service></services>`, false},
		{"an Open311 error list", "GET", "/open311/v2/requests/x.json", "", 404, jsonType, `[{"code":404,"description":"x"}]`, true},
		{"an undocumented address answered", "GET", "/api/v1/nothing", "", 200, jsonType, `{}`, false},
		{"an undocumented address not found", "GET", "/api/v1/nothing", "", 404, jsonType, `{"error":{"code":"not_found","message":"x"}}`, true},
		{"a refused request accepted", "POST", "/api/v1/units/X/responses", `{"answers":"all good"}`, 201, jsonType,
			`{"id":"1","unit":"X","channel":"api","local_date":"2026-11-24"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.reqBody))
			if tc.reqBody != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			err := c.check(req, []byte(tc.reqBody), tc.status, tc.header, []byte(tc.body))
			if (err == nil) != tc.ok {
				t.Errorf("check: %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestContractTour calls every documented operation, answered and refused,
// in both of Open311's formats: whatever the other tests happen to cover,
// each operation's answers are checked against the document here
// (newApp's checkContract does the checking; this test asks the statuses).
func TestContractTour(t *testing.T) {
	a := newApp(t)
	key := responsesKey(t, a)
	elsewhere := map[string]string{"Authorization": "Bearer " + newKey(t, a, "31.71", store.ScopeResponses)}
	o311Key := newKey(t, a, "31.72")
	answers := `{"service":"ktp-el","answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"profile":{"age":35,"sex":"P"},"device":"tour"}`
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/api/openapi.json", 200},
		{"/api/v1/regions/31.72/children", 200}, {"/api/v1/regions/31.9/children", 422}, {"/api/v1/regions/31.99/children", 404},
		{"/api/v1/units?region=31.72&limit=2&offset=1", 200}, {"/api/v1/units?q=puskesmas", 200}, {"/api/v1/units?region=abc", 422},
		{"/api/v1/units/DKP-31.72", 200}, {"/api/v1/units/TIDAK-ADA", 404},
		{"/api/v1/units/DKP-31.72/ikm?from=2026-01-01&to=2026-12-31", 200},
		{"/api/v1/units/DKP-31.72/ikm?from=2026-01-01&to=2026-12-31&service=ktp-el", 200},
		{"/api/v1/units/DKP-31.72/ikm?from=2030-01-01&to=2030-03-31", 200}, // no answers: an incomplete result
		{"/api/v1/units/DKP-31.72/ikm?from=2026-12-31&to=2026-01-01", 422},
		{"/api/v1/units/DKP-31.72/ikm?from=2026-01-01&to=2026-12-31&service=tidak-ada", 404},
		{"/api/v1/nothing", 404},
	} {
		if res := a.get(t, nil, tc.path); res.StatusCode != tc.status {
			t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.status)
		}
	}
	for _, tc := range []struct {
		name, body string
		headers    map[string]string
		status     int
	}{
		{"stored", answers, withHeader(key, "Idempotency-Key", "tour-1"), 201},
		{"replayed", answers, withHeader(key, "Idempotency-Key", "tour-1"), 201},
		{"no key", answers, nil, 401},
		{"a key of another region", answers, elsewhere, 403},
		{"not JSON", `{"answers":`, key, 422},
		{"an unknown element", `{"answers":{"U99":4}}`, key, 422},
	} {
		if res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", tc.body, tc.headers); res.StatusCode != tc.status {
			t.Errorf("POST responses, %s: %d, want %d: %s", tc.name, res.StatusCode, tc.status, res.Body)
		}
	}

	for _, f := range []string{"json", "xml"} {
		res := a.post(t, nil, "/open311/v2/requests."+f, form311(o311Key, "lat", "-6.1", "long", "106.9", "attribute[privacy]", "anonim"))
		if res.StatusCode != 201 {
			t.Fatalf("POST requests.%s: %d %s", f, res.StatusCode, res.Body)
		}
		// A public report (one just filed is not public until staff accept it).
		id := regexpFind(a.get(t, nil, "/open311/v2/requests.json").Body, `[0-9a-f]{8}-[0-9a-f-]{27}`)
		var mp bytes.Buffer
		w := multipart.NewWriter(&mp)
		for k, v := range form311(o311Key) {
			w.WriteField(k, v[0])
		}
		w.Close()
		req, _ := http.NewRequest("POST", a.URL+"/open311/v2/requests."+f, &mp)
		req.Header.Set("Content-Type", w.FormDataContentType())
		if res := a.do(t, nil, req); res.StatusCode != 201 {
			t.Errorf("POST requests.%s as multipart: %d %s", f, res.StatusCode, res.Body)
		}
		for _, tc := range []struct {
			path   string
			status int
		}{
			{"/open311/v2/discovery." + f, 200}, {"/open311/v2/services." + f, 200}, {"/open311/v2/services." + f + "?jurisdiction_id=31.99", 404},
			{"/open311/v2/services/pengaduan." + f, 200}, {"/open311/v2/services/tidak-ada." + f, 404},
			{"/open311/v2/requests." + f, 200}, {"/open311/v2/requests." + f + "?status=open,closed&service_code=pengaduan&start_date=2026-11-01", 200},
			{"/open311/v2/requests." + f + "?status=bingung", 400},
			{"/open311/v2/requests/" + id + "." + f, 200}, {"/open311/v2/requests/01a23c1a-0000-7000-8000-000000000000." + f, 404},
			{"/open311/v2/tokens/abc." + f, 404}, {"/open311/v2/nothing." + f, 404},
		} {
			if res := a.get(t, nil, tc.path); res.StatusCode != tc.status {
				t.Errorf("GET %s: %d, want %d", tc.path, res.StatusCode, tc.status)
			}
		}
		for _, tc := range []struct {
			form   url.Values
			status int
		}{
			{form311(""), 403},
			{form311(o311Key, "description", "pendek"), 400},
			{form311(o311Key, "service_code", "tidak-ada"), 404},
		} {
			if res := a.post(t, nil, "/open311/v2/requests."+f, tc.form); res.StatusCode != tc.status {
				t.Errorf("POST requests.%s %v: %d, want %d", f, tc.form, res.StatusCode, tc.status)
			}
		}
	}
	if res := a.get(t, nil, "/open311/v2/services"); res.StatusCode != 200 || !strings.Contains(res.Body, "<services>") {
		t.Errorf("services without an extension: %d", res.StatusCode)
	}
}
