package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"mutu/internal/errs"
)

// TestFormTextRules: line breaks and tabs only in the multi-line fields,
// control characters and invalid UTF-8 nowhere; the error names the field.
func TestFormTextRules(t *testing.T) {
	for _, c := range []struct {
		form url.Values
		want string // field named in the error, "" for none
	}{
		{url.Values{"body": {"baris satu\r\nbaris dua\tdengan tab"}, "reason": {"a\nb"}, "saran": {"x\ny"}, "services": {"KTP\nKK"}, "description": {"a\nb"}}, ""},
		{url.Values{"title": {"Judul ümlaut 日本"}, "name": {"Siti Rahma"}}, ""},
		{url.Values{"title": {"a\nb"}}, "title"},
		{url.Values{"name": {"a\tb"}}, "name"},
		{url.Values{"body": {"a\x00b"}}, "body"},
		{url.Values{"body": {"a\rb"}}, "body"},
		{url.Values{"saran": {"a\x1b[2J"}}, "saran"},
		{url.Values{"email": {"a\xff@b.id"}}, "email"},
		{url.Values{"a\x00": {"x"}}, "form"},
	} {
		f := valuesProblem("form", c.form)
		switch {
		case c.want == "" && f != nil:
			t.Errorf("%q refused: %+v", c.form, f)
		case c.want != "" && (f == nil || f.Name != c.want):
			t.Errorf("%q: %+v, want field %s", c.form, f, c.want)
		}
	}
	// In a query string, even "body" is one line.
	if f := valuesProblem("query", url.Values{"body": {"a\nb"}}); f == nil || f.Name != "body" {
		t.Errorf("query: %+v", f)
	}
}

func TestJSONTextRules(t *testing.T) {
	for body, want := range map[string]string{
		`{"saran":"a\nb\tc","profile":{"sex":"L"},"extra":["x"]}`: "",
		`{"saran":"a\u0000b"}`:          "saran",
		`{"profile":{"sex":"L\u0000"}}`: "profile.sex",
		`{"extra":["ok","a\u001bb"]}`:   "extra[1]",
		`{"extra":{"Q1":"a\u001bb"}}`:   "extra.Q1",
		`{"device":"a\nb"}`:             "device",
		`{"a\u0000":1}`:                 "?",
		`{"p":{"a\u0000":1}}`:           "p.?",
	} {
		var tree any
		if err := json.Unmarshal([]byte(body), &tree); err != nil {
			t.Fatal(err)
		}
		f := jsonProblem("", tree)
		switch {
		case want == "" && f != nil:
			t.Errorf("%s refused: %+v", body, f)
		case want != "" && (f == nil || f.Name != want):
			t.Errorf("%s: %+v, want field %s", body, f, want)
		}
	}
}

// TestTextRefusedIsInvalid: text PostgreSQL refuses (past the boundary
// check) is the client's 422, not a 500.
func TestTextRefusedIsInvalid(t *testing.T) {
	err := fmt.Errorf("find unit: %w", &pgconn.PgError{Code: "22021", Message: `invalid byte sequence for encoding "UTF8": 0x00`})
	if e := appError(err); e.Code != errs.Invalid || statusOf(e.Code) != 422 || e.Key != "err.text_refused" {
		t.Fatalf("%+v", e)
	}
	if e := appError(fmt.Errorf("x: %w", &pgconn.PgError{Code: "42P01"})); e.Code != errs.Internal {
		t.Fatalf("other database errors stay internal: %+v", e)
	}
}
