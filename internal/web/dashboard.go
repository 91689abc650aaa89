package web

import (
	"net/http"

	"mutu/internal/region"
)

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f := scopeFilter(p)
	f.Limit = 10
	units, total, err := s.db.Units(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var scope *region.Region
	if p.RegionCode != "" {
		if scope, err = s.db.Region(r.Context(), p.RegionCode); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, "dashboard", http.StatusOK, s.newView(r, "dashboard.title", map[string]any{
		"Scope": scope, "Units": units, "Total": total,
	}))
}
