package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// openAPIDocument is the contract of the public API and Open311
// (openapi.json beside this file, OpenAPI 3.1): written by hand, embedded as
// it is, and checked against every API answer the tests receive
// (openapi_test.go), so it cannot drift from the handlers. The page at
// /api is rendered from the same bytes.
//
//go:embed openapi.json
var openAPIDocument []byte

// openAPI: GET /api/openapi.json.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600") // changes only with the binary
	w.Write(openAPIDocument)
}

// apiDocs: GET /api, the document as a page.
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "api", http.StatusOK, s.newView(r, "apidoc.title", s.apiDoc))
}

// The part of OpenAPI 3.1 the document uses, as the page reads it.
type (
	oaDoc struct {
		Info struct {
			Title, Version, Summary, Description string
		}
		Tags       []struct{ Name, Description string }
		Paths      map[string]map[string]oaOperation
		Components struct {
			Schemas         map[string]*oaSchema
			Responses       map[string]*oaResponse
			Parameters      map[string]*oaParameter
			SecuritySchemes map[string]struct{ Description string }
		}
	}
	oaOperation struct {
		Summary, Description string
		Tags                 []string
		Parameters           []*oaParameter
		RequestBody          *struct {
			Content map[string]struct{ Schema *oaSchema }
		}
		Responses map[string]*oaResponse
		Security  []map[string][]string
	}
	oaParameter struct {
		Ref                   string `json:"$ref"`
		Name, In, Description string
		Required              bool
		Schema                *oaSchema
	}
	oaResponse struct {
		Ref         string `json:"$ref"`
		Description string
		Headers     map[string]json.RawMessage
		Content     map[string]struct{ Schema *oaSchema }
	}
	oaSchema struct {
		Ref         string `json:"$ref"`
		Type        any    // a name, or a list of names (3.1)
		Format      string
		Description string
		Enum        []any
		Items       *oaSchema
		Properties  map[string]*oaSchema
		Required    []string
	}
)

// apiDocPage is what the /api page shows: the document's operations by
// tag, then its schemas, each with fields in words.
type apiDocPage struct {
	Title, Version string
	Intro          []template.HTML // paragraphs
	Security       []apiDocField
	Groups         []apiDocGroup
	Schemas        []apiDocSchema
}

type apiDocGroup struct {
	Name, Anchor string
	Description  template.HTML
	Operations   []apiDocOperation
}

type apiDocOperation struct {
	ID, Method, Path, Summary string
	Description               template.HTML
	Security                  []string
	Parameters                []apiDocField
	Bodies                    []apiDocBody
	Responses                 []apiDocResponse
}

type apiDocBody struct {
	ContentType string
	Schema      apiDocType
}

type apiDocResponse struct {
	Status       string
	Description  template.HTML
	ContentTypes []string
	Schema       apiDocType
	Headers      []string
}

type apiDocSchema struct {
	Name        string
	Description template.HTML
	Type        apiDocType
	Fields      []apiDocField
}

type apiDocField struct {
	Name, In    string
	Required    bool
	Type        apiDocType
	Description template.HTML
}

// apiDocType is a schema in words: a link to a named schema, or a type.
type apiDocType struct {
	Text, Ref string // Ref: the named schema it is, or lists
}

// newAPIDoc reads the embedded document into the page's data. It fails
// (and with it the server's start) if the document does not parse.
func newAPIDoc() (*apiDocPage, error) {
	var d oaDoc
	if err := json.Unmarshal(openAPIDocument, &d); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	p := &apiDocPage{Title: d.Info.Title, Version: d.Info.Version}
	for _, para := range strings.Split(d.Info.Description, "\n\n") {
		p.Intro = append(p.Intro, docText(para))
	}
	for _, name := range sortedKeys(d.Components.SecuritySchemes) {
		sc := d.Components.SecuritySchemes[name]
		p.Security = append(p.Security, apiDocField{Name: name, Description: docText(sc.Description)})
	}
	for _, tag := range d.Tags {
		g := apiDocGroup{Name: tag.Name, Anchor: "tag-" + strings.Join(strings.Fields(strings.ToLower(tag.Name)), "-"), Description: docText(tag.Description)}
		for _, path := range sortedKeys(d.Paths) {
			for _, method := range []string{"get", "post"} {
				op, ok := d.Paths[path][method]
				if !ok || !slices.Contains(op.Tags, tag.Name) {
					continue
				}
				g.Operations = append(g.Operations, d.operation(method, path, op))
			}
		}
		p.Groups = append(p.Groups, g)
	}
	for _, name := range sortedKeys(d.Components.Schemas) {
		sc := d.Components.Schemas[name]
		ds := apiDocSchema{Name: name, Description: docText(sc.Description), Type: typeOf(sc)}
		if sc.Items != nil && sc.Items.Properties != nil {
			sc = sc.Items // a list of inline objects: show the object's fields
		}
		ds.Fields = fieldsOf(sc)
		p.Schemas = append(p.Schemas, ds)
	}
	return p, nil
}

func (d *oaDoc) operation(method, path string, op oaOperation) apiDocOperation {
	o := apiDocOperation{ID: strings.Trim(strings.NewReplacer("/", "-", "{", "", "}", "", ".", "-").Replace(method+path), "-"),
		Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Description: docText(op.Description)}
	for _, sec := range op.Security {
		for name := range sec {
			o.Security = append(o.Security, name)
		}
	}
	for _, pm := range op.Parameters {
		if pm.Ref != "" {
			pm = d.Components.Parameters[refName(pm.Ref)]
		}
		o.Parameters = append(o.Parameters, apiDocField{Name: pm.Name, In: pm.In, Required: pm.Required, Type: typeOf(pm.Schema), Description: docText(pm.Description)})
	}
	if op.RequestBody != nil {
		for _, ct := range sortedKeys(op.RequestBody.Content) {
			o.Bodies = append(o.Bodies, apiDocBody{ContentType: ct, Schema: typeOf(op.RequestBody.Content[ct].Schema)})
		}
	}
	for _, status := range sortedKeys(op.Responses) { // "default" sorts after the numbers
		rs := op.Responses[status]
		if rs.Ref != "" {
			rs = d.Components.Responses[refName(rs.Ref)]
		}
		dr := apiDocResponse{Status: status, Description: docText(rs.Description), ContentTypes: sortedKeys(rs.Content), Headers: sortedKeys(rs.Headers)}
		for _, ct := range dr.ContentTypes {
			dr.Schema = typeOf(rs.Content[ct].Schema) // the same schema for every content type
		}
		o.Responses = append(o.Responses, dr)
	}
	return o
}

// fieldsOf are an object schema's properties, required ones first.
func fieldsOf(sc *oaSchema) []apiDocField {
	var out []apiDocField
	for _, name := range sortedKeys(sc.Properties) {
		p := sc.Properties[name]
		out = append(out, apiDocField{Name: name, Required: slices.Contains(sc.Required, name), Type: typeOf(p), Description: docText(p.Description)})
	}
	slices.SortStableFunc(out, func(a, b apiDocField) int {
		switch {
		case a.Required == b.Required:
			return 0
		case a.Required:
			return -1
		}
		return 1
	})
	return out
}

// typeOf says what a schema is: a named schema, a list of one, or a type
// with its format and allowed values.
func typeOf(sc *oaSchema) apiDocType {
	switch {
	case sc == nil:
		return apiDocType{}
	case sc.Ref != "":
		return apiDocType{Text: refName(sc.Ref), Ref: refName(sc.Ref)}
	case sc.Items != nil:
		item := typeOf(sc.Items)
		return apiDocType{Text: "array of " + item.Text, Ref: item.Ref}
	}
	var t string
	switch v := sc.Type.(type) {
	case string:
		t = v
	case []any:
		for i, x := range v {
			if i > 0 {
				t += " | "
			}
			t += fmt.Sprint(x)
		}
	}
	if sc.Format != "" {
		t += " (" + sc.Format + ")"
	}
	if len(sc.Enum) > 0 {
		var vals []string
		for _, e := range sc.Enum {
			vals = append(vals, fmt.Sprintf("%q", e))
		}
		t += ": " + strings.Join(vals, ", ")
	}
	return apiDocType{Text: t}
}

func refName(ref string) string { return ref[strings.LastIndexByte(ref, '/')+1:] }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// docText is a description as HTML: escaped, with `code` spans (the only
// markup the document's descriptions use) as <code>.
func docText(s string) template.HTML {
	parts := strings.Split(s, "`")
	var b strings.Builder
	for i, part := range parts {
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
			continue
		}
		if i%2 == 1 {
			b.WriteString("`") // an unpaired backtick stays as it is
		}
		b.WriteString(template.HTMLEscapeString(part))
	}
	return template.HTML(b.String())
}
