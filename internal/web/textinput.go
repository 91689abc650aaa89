package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

// multilineFields are the inputs where people write paragraphs (textareas,
// Open311's description, the survey's suggestion): tab and line breaks are
// allowed there, in no other field.
var multilineFields = []string{"body", "reason", "saran", "services", "description",
	"checklist", // ins13: a city's visit checklist, one aspect or indicator a line
	// std12: the lists of a service standard, the maklumat, a forum's record
	"requirements", "steps", "complaints", "legal_basis", "facilities", "competence", "supervision", "staffing",
	"assurance", "security", "evaluation", "maklumat", "participants", "minutes",
	"note", "coaching", "attendees"} // visit13: a score's note, the coaching notes, one attendee a line

// checkedHeaders are the request headers the application reads. Their
// values reach queries (Idempotency-Key, X-Kiosk-Token, the client IP in
// the audit log), pages or comparisons; other headers are never looked at.
// Cookies are not among them: net/http's cookie parser already drops a
// value with any byte outside printable ASCII, so the session, language
// and device cookies are plain text, and another site's odd cookie on the
// same domain must not lock people out.
var checkedHeaders = []string{"Idempotency-Key", "X-Kiosk-Token", "Authorization", "Accept-Language",
	"Accept", "Content-Type", "HX-Request", "X-Forwarded-For"}

// checkText refuses a request whose path, query string or read headers are
// not plain text (see textcheck) before any handler sees it: 422 with the
// input's name (Open311's 400 with a GeoReport error list: see fail).
func (s *Server) checkText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := requestTextProblem(r); f != nil {
			s.fail(w, r, textcheck.Error(f))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestTextProblem is the first problem of the path, the query string and
// the read headers, or nil.
func requestTextProblem(r *http.Request) *errs.Field {
	if f := textcheck.Field("path", r.URL.Path, false); f != nil {
		return f
	}
	if f := valuesProblem("query", r.URL.Query()); f != nil {
		return f
	}
	for _, h := range checkedHeaders {
		for _, v := range r.Header.Values(h) {
			if f := textcheck.Field(h, v, false); f != nil {
				return f
			}
		}
	}
	// Every use of the key (survey responses, visit uploads, Open311
	// filings) stores it: one bound for all, before any handler.
	if len(r.Header.Get("Idempotency-Key")) > complaint.MaxIdempotencyKey {
		return &errs.Field{Name: "Idempotency-Key", Key: "err.too_long", Args: []any{complaint.MaxIdempotencyKey}}
	}
	return nil
}

// valuesProblem checks the names and values of a query string or form
// (where, of the inputs called what, the fields that allow it may hold
// several lines). A field is named in the error when its own name is text;
// otherwise it is called what.
func valuesProblem(what string, vs url.Values) *errs.Field {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same input gets the same message every time
	for _, k := range keys {
		if textcheck.Line(k) != textcheck.OK {
			return textcheck.Field(what, k, false)
		}
		multiline := what == "form" && slices.Contains(multilineFields, k)
		for _, v := range vs[k] {
			if f := textcheck.Field(k, v, multiline); f != nil {
				return f
			}
		}
	}
	return nil
}

// checkForm checks a parsed form body: every field (urlencoded or
// multipart) and the names of uploaded files.
func checkForm(r *http.Request) error {
	if f := valuesProblem("form", r.PostForm); f != nil {
		return textcheck.Error(f)
	}
	if r.MultipartForm != nil {
		for k, files := range r.MultipartForm.File {
			for _, h := range files {
				if f := textcheck.Field(k, h.Filename, false); f != nil {
					return textcheck.Error(f)
				}
			}
		}
	}
	return nil
}

// parseMultipart parses a multipart body (an upload) like parseForm: a
// malformed body is the client's 422, an oversized one 413, text fields are
// checked.
func parseMultipart(r *http.Request, maxMemory int64) error {
	if err := r.ParseMultipartForm(maxMemory); err != nil {
		if e := appError(err); e.Code == errs.TooLarge {
			return e
		}
		return &errs.Error{Code: errs.Invalid, Key: "err.bad_form", Err: err}
	}
	return checkForm(r)
}

// decodeJSON reads a JSON body of at most limit bytes into dst: one value,
// no unknown fields, and every string in it (names included) plain text —
// a NUL may arrive escaped as \u0000, and the decoder would silently turn
// invalid UTF-8 into U+FFFD.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return jsonError(err)
	}
	if !utf8.Valid(body) {
		return textcheck.Error(&errs.Field{Name: "body", Key: textcheck.BadUTF8.Key()})
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.Decode(&struct{}{}) != io.EOF {
		return errs.New(errs.Invalid, "api.err.json_trailing")
	}
	var tree any
	if err := json.Unmarshal(body, &tree); err != nil {
		return jsonError(err)
	}
	return textcheck.Error(jsonProblem("", tree))
}

// jsonProblem finds the first string in v that is not plain text, naming
// it by its path ("profile.sex", "extra[2]").
func jsonProblem(path string, v any) *errs.Field {
	switch v := v.(type) {
	case string:
		name := path[strings.LastIndexAny(path, ".]")+1:]
		return textcheck.Field(path, v, slices.Contains(multilineFields, name))
	case []any:
		for i, e := range v {
			if f := jsonProblem(path+"["+strconv.Itoa(i)+"]", e); f != nil {
				return f
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if textcheck.Line(k) != textcheck.OK {
				return textcheck.Field(strings.TrimPrefix(path+".?", "."), k, false)
			}
			if f := jsonProblem(strings.TrimPrefix(path+"."+k, "."), v[k]); f != nil {
				return f
			}
		}
	}
	return nil
}
