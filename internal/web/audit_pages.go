package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/report"
	"mutu/internal/store"
)

// auditLog: GET /kelola/audit — the audit entries whose scope the viewer's
// region covers, newest first, filtered by dates (dari, sampai), actor
// (pelaku), action (aksi, one of audit.Actions) and object text (objek);
// ?format=csv|xlsx exports the filtered rows.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.RegionCode = p.RegionCode
	l := lang(r)
	label := func(action string) string {
		if slices.Contains(audit.Actions, action) {
			return i18n.T(l, "audit.act."+action)
		}
		return action
	}
	if format := q.Get("format"); format != "" {
		s.auditExport(w, r, f, format, label)
		return
	}
	entries, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next string
	if len(entries) == f.Limit {
		next = entries[len(entries)-1].At.Format(time.RFC3339Nano)
	}
	actions := make([]choice, len(audit.Actions))
	for i, a := range audit.Actions {
		actions[i] = choice{Value: a, Label: label(a)}
	}
	rows := auditRows(entries, label)
	// The filter without the page cursor, for the next-page and export links.
	keep := url.Values{}
	for _, k := range []string{"dari", "sampai", "pelaku", "aksi", "objek"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	v := s.newView(r, "audit.title", map[string]any{"Rows": rows, "Next": next, "Actions": actions, "Query": keep.Encode()})
	v.Form = q
	s.render(w, r, "audit", http.StatusOK, v)
}

// auditFilter reads the page's filter; a malformed date or an unknown
// action is the user's mistake (422), not an empty list.
func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Action: q.Get("aksi"), ActorName: strings.TrimSpace(q.Get("pelaku")), Object: q.Get("objek"), Limit: 100}
	if f.Action != "" && !slices.Contains(audit.Actions, f.Action) {
		return f, errs.Fields("err.form", []errs.Field{{Name: "aksi", Key: "audit.err.action", Value: f.Action}})
	}
	for _, d := range []struct {
		name string
		to   *string
	}{{"dari", &f.From}, {"sampai", &f.To}} {
		v := strings.TrimSpace(q.Get(d.name))
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return f, errs.Fields("err.form", []errs.Field{{Name: d.name, Key: "audit.err.date", Value: v}})
		}
		*d.to = v
	}
	if before := q.Get("sebelum"); before != "" {
		if t, err := time.Parse(time.RFC3339Nano, before); err == nil {
			f.Before = t
		}
	}
	return f, nil
}

// auditExport writes the filtered rows (at most store.MaxAuditExport) as
// CSV or XLSX; never cached, since the log is privileged.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, f store.AuditFilter, format string, label func(string) string) {
	if err := checkExportFormat(format); err != nil {
		s.fail(w, r, err)
		return
	}
	f.All, f.Before = true, time.Time{}
	entries, err := s.db.AuditLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendExport(w, r, "audit-"+s.db.Now().Format("2006-01-02"), format, report.AuditExport(auditRows(entries, label)))
}

// auditRows are the entries as the page and the exports show them, each
// action named in words.
func auditRows(entries []audit.Entry, label func(string) string) []report.AuditRow {
	rows := make([]report.AuditRow, len(entries))
	for i, e := range entries {
		rows[i] = report.AuditRow{Entry: e, Action: label(e.Action)}
	}
	return rows
}
