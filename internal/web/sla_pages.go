package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
)

// slaLimit is one row of a kind's table: a limit, its value and its default.
type slaLimit struct {
	Name    string // form field, one of complaint.SLAFields
	Value   string // the stored number, or the submitted text after an error
	Default int
	Error   string
}

// slaKind is one kind's table on the time-limits page.
type slaKind struct {
	Kind      complaint.Kind
	Limits    []slaLimit
	UpdatedAt time.Time
}

// slaProblem is one line of the error summary, linked to its input.
type slaProblem struct{ Href, Label, Msg string }

// slas: GET /kelola/sla — the complaint time limits per kind.
func (s *Server) slas(w http.ResponseWriter, r *http.Request) {
	s.renderSLAs(w, r, http.StatusOK, nil)
}

// saveSLA: POST /kelola/sla (kind and the four limits) or with reset=1
// (kind): province administrators only, like the working-day calendar.
func (s *Server) saveSLA(w http.ResponseWriter, r *http.Request) {
	if !provinceAdmin(r) {
		s.fail(w, r, errs.New(errs.Forbidden, "sla.err.province_only"))
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	kind := complaint.Kind(r.PostForm.Get("kind"))
	var err error
	msg := "sla.saved"
	if r.PostForm.Get("reset") == "1" {
		msg = "sla.reset_done"
		err = s.db.ResetSLA(r.Context(), s.actor(r), kind)
	} else {
		sla, fs := readSLAForm(kind, r.PostForm)
		if err = errs.Fields("err.form", fs); err == nil {
			err = s.db.SaveSLA(r.Context(), s.actor(r), sla)
		}
	}
	if err != nil {
		s.renderSLAs(w, r, statusOf(errs.CodeOf(err)), err)
		return
	}
	s.flash(r, msg)
	redirect(w, r, "/kelola/sla")
}

// readSLAForm parses the four limits; a value that is not a whole number
// gets its own message, ahead of the domain's range check.
func readSLAForm(kind complaint.Kind, f url.Values) (complaint.SLA, []errs.Field) {
	var fs []errs.Field
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		if err != nil {
			fs = append(fs, errs.Field{Name: name, Key: "sla.err.whole"})
			return 0
		}
		return n
	}
	sla := complaint.SLA{Kind: kind, VerifyDays: num("verify_days"), FirstResponseDays: num("first_response_days"),
		ResolutionDays: num("resolution_days"), AutoCloseDays: num("auto_close_days")}
	return sla, append(fs, sla.Validate()...) // formErrors keeps the first message per field
}

// renderSLAs shows the page; after a rejected POST (formErr) the posted
// kind's form is refilled and its fields carry their messages.
func (s *Server) renderSLAs(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	settings, err := s.db.SLASettings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "sla.title", nil)
	var posted complaint.Kind
	if formErr != nil {
		if !formErrors(v, formErr) {
			s.fail(w, r, formErr)
			return
		}
		v.Form = r.PostForm
		posted = complaint.Kind(r.PostForm.Get("kind"))
	}
	var kinds []slaKind
	for _, st := range settings {
		d, _ := complaint.DefaultSLA(st.Kind)
		k := slaKind{Kind: st.Kind, UpdatedAt: st.UpdatedAt}
		for _, f := range complaint.SLAFields {
			l := slaLimit{Name: f, Value: strconv.Itoa(st.Days(f)), Default: d.Days(f)}
			if st.Kind == posted {
				l.Value, l.Error = v.Form.Get(f), v.Errors[f]
			}
			k.Limits = append(k.Limits, l)
		}
		kinds = append(kinds, k)
	}
	var problems []slaProblem
	for _, f := range append([]string{"kind"}, complaint.SLAFields...) {
		msg, ok := v.Errors[f]
		if !ok {
			continue
		}
		p := slaProblem{Label: i18n.T(v.Lang, "sla.field."+f), Msg: msg}
		if f != "kind" {
			p.Href = "#f-" + string(posted) + "-" + f
		}
		problems = append(problems, p)
	}
	v.Data = map[string]any{"Kinds": kinds, "Problems": problems, "Editable": provinceAdmin(r)}
	s.render(w, r, "sla", status, v)
}
