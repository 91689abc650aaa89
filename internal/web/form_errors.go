package web

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/i18n"
)

// fieldError is one line of a form's error summary.
type fieldError struct {
	Name   string // the field's name; its input has the id "f-"+Name
	Msg    string // the translated message
	Linked bool   // the page has the input, so the summary links to it
}

// Label names a field in words: a label the handler gave (a survey
// question), else the catalog's "field.<name>", else nothing: a raw key
// is never shown.
func (v *view) Label(name string) string {
	if l, ok := v.Labels[name]; ok {
		return l
	}
	if field, ok := strings.CutPrefix(name, v.row+"-"); ok && v.row != "" {
		return v.Label(field) // a field of the refused row
	}
	if i18n.Has("field." + name) {
		return v.T("field." + name)
	}
	return ""
}

// orderFieldErrors puts the summary in the order the inputs appear on the
// rendered page and marks the ones it can link to. Validation runs in the
// domain's order, which need not be the form's; the page itself is the one
// place that knows the form's order, for every form alike.
func orderFieldErrors(v *view, page []byte) {
	pos := make(map[string]int, len(v.FieldErrors))
	for i := range v.FieldErrors {
		fe := &v.FieldErrors[i]
		p := bytes.Index(page, []byte(`id="f-`+fe.Name+`"`))
		fe.Linked = p >= 0
		if p < 0 {
			p = len(page) // not on the page: after the others
		}
		pos[fe.Name] = p
	}
	sort.SliceStable(v.FieldErrors, func(i, j int) bool { return pos[v.FieldErrors[i].Name] < pos[v.FieldErrors[j].Name] })
}

// refusedForm is a POST's refused input, carried to the form's own page.
type refusedForm struct {
	form url.Values
	err  error
	row  string // the row whose form was refused (formFailedRow), else ""
}

type refusedFormKey struct{}

// formFailed answers a POST whose input was refused with the form's own
// page, rendered by its GET handler show: the user's input kept, each
// message next to its field and in the summary, and the error's status
// (422 for bad input). Errors that are not about the input (not found,
// forbidden, a database failure) go to fail. Every form POST ends here on
// error, so a new form gets this by naming the handler of its page.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, show http.HandlerFunc) {
	if !aboutInput(err) {
		s.fail(w, r, err)
		return
	}
	s.showRefused(w, r, &refusedForm{form: r.PostForm, err: err}, show)
}

// formFailedRow is formFailed for a form of one row of a table (a
// holiday, a service, a kiosk, an API key), named by row: on the page
// the row's inputs have the ids "f-<row>-<name>", so each message stands
// next to the field of that row, and the row shows the input again
// (IsRow, RowVal) while the page's other forms keep their own values.
// With row "" it is formFailed.
func (s *Server) formFailedRow(w http.ResponseWriter, r *http.Request, err error, row string, show http.HandlerFunc) {
	if !aboutInput(err) {
		s.fail(w, r, err)
		return
	}
	s.showRefused(w, r, &refusedForm{form: r.PostForm, err: err, row: row}, show)
}

// aboutInput reports whether err refuses the input itself (wrong, in
// conflict with what is stored, or a file too large), so that the form
// comes back with it.
func aboutInput(err error) bool {
	switch appError(err).Code {
	case errs.Invalid, errs.Conflict, errs.TooLarge:
		return true
	}
	return false
}

// showRefused runs show as the GET of the form's page with the refused
// input in the request context.
func (s *Server) showRefused(w http.ResponseWriter, r *http.Request, rf *refusedForm, show http.HandlerFunc) {
	rf.err = appError(rf.err) // an oversized body becomes TooLarge
	g := r.WithContext(context.WithValue(r.Context(), refusedFormKey{}, rf))
	g.Method = http.MethodGet
	u := *r.URL // show may point it at the page's own address
	g.URL = &u
	show(w, g)
}

// refused puts a refused POST's input and messages on the view of the page
// that shows the form again, if there was one.
func refused(r *http.Request, v *view) {
	rf, ok := r.Context().Value(refusedFormKey{}).(*refusedForm)
	if !ok {
		return
	}
	if rf.row == "" {
		v.Form, v.refilled = url.Values{}, true
		maps.Copy(v.Form, rf.form) // a copy the page may rewrite; none when the body was refused
		formErrors(v, rf.err)
		return
	}
	v.row, v.rowForm = rf.row, rf.form
	formErrors(v, rf.err)
	// The row's fields are named after the row, for their ids; the
	// summary still names them in words.
	named := make(map[string]string, len(v.Errors))
	for name, msg := range v.Errors {
		named[rf.row+"-"+name] = msg
	}
	v.Errors = named
	for i := range v.FieldErrors {
		v.FieldErrors[i].Name = rf.row + "-" + v.FieldErrors[i].Name
	}
}

// defaults fills the form with the values it starts from (the stored
// record, the page's defaults), unless the page shows the user's refused
// input again: that input is what the user sees, never the stored values.
func (v *view) defaults(f url.Values) {
	if !v.refilled {
		v.Form = f
	}
}

// IsRow reports whether the page shows the refused form of this row again.
func (v *view) IsRow(row string) bool { return v.row != "" && v.row == row }

// RowVal is a value of the refused row's form ("" for other rows).
func (v *view) RowVal(row, name string) string {
	if !v.IsRow(row) {
		return ""
	}
	return v.rowForm.Get(name)
}

// refusedStatus is the status of a page that shows a refused form again.
func refusedStatus(r *http.Request, status int) int {
	if rf, ok := r.Context().Value(refusedFormKey{}).(*refusedForm); ok {
		return statusOf(errs.CodeOf(rf.err))
	}
	return status
}

// oneRow turns the row problems of a check written for files of many rows
// (calendar.New, the importers) into field problems of a form that holds
// one row, so that each message stands next to its field.
func oneRow(err error) error {
	e, ok := errs.As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]errs.Field, len(e.Fields))
	for i, f := range e.Fields {
		f.Row = 0
		c.Fields[i] = f
	}
	return &c
}
