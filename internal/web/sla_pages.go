package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// slaLimit is one row of a kind's table: a limit, its value and its default.
type slaLimit struct {
	Name    string // form field, one of complaint.SLAFields
	Value   string // the stored number, or the submitted text after an error
	Default int
}

// slaKind is one kind's table on the time-limits page.
type slaKind struct {
	Kind      complaint.Kind
	Limits    []slaLimit
	UpdatedAt time.Time
}

// slas: GET /kelola/sla — the complaint time limits per kind. A refused
// kind's form (formFailedRow, the row is the kind) shows the input again.
func (s *Server) slas(w http.ResponseWriter, r *http.Request) {
	settings, err := s.db.SLASettings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "sla.title", nil)
	v.Labels = map[string]string{}
	var kinds []slaKind
	for _, st := range settings {
		d, _ := complaint.DefaultSLA(st.Kind)
		k := slaKind{Kind: st.Kind, UpdatedAt: st.UpdatedAt}
		for _, f := range complaint.SLAFields {
			l := slaLimit{Name: f, Value: strconv.Itoa(st.Days(f)), Default: d.Days(f)}
			if v.IsRow(string(st.Kind)) {
				l.Value = v.RowVal(string(st.Kind), f)
			}
			k.Limits = append(k.Limits, l)
		}
		kinds = append(kinds, k)
	}
	for _, f := range append([]string{"kind"}, complaint.SLAFields...) {
		v.Labels[f] = v.T("sla.field." + f)
	}
	v.Data = map[string]any{"Kinds": kinds, "Editable": provinceAdmin(r)}
	s.render(w, r, "sla", http.StatusOK, v)
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
		s.formFailedRow(w, r, err, string(kind), s.slas)
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
