package web

import (
	"net/http"
	"time"

	"mutu/internal/store"
)

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f := store.AuditFilter{RegionCode: p.RegionCode, Action: r.URL.Query().Get("aksi"), ActorName: r.URL.Query().Get("pelaku"), Limit: 100}
	if before := r.URL.Query().Get("sebelum"); before != "" {
		if t, err := time.Parse(time.RFC3339Nano, before); err == nil {
			f.Before = t
		}
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
	v := s.newView(r, "audit.title", map[string]any{"Entries": entries, "Next": next})
	v.Form = r.URL.Query()
	s.render(w, r, "audit", http.StatusOK, v)
}
