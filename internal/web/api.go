package web

import (
	"net/http"

	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The public read-only JSON API. Lists are small (a region's children, the
// units of a region) and returned whole, with a count; unit lists page with
// ?limit= and ?offset= (at most 1,000 a page).

type apiRegion struct {
	region.Region
	Units int `json:"units"`
}

func (s *Server) apiRegionChildren(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !region.ValidCode(code) {
		s.fail(w, r, &errs.Error{Code: errs.Invalid, Key: "region.err.code", Fields: []errs.Field{{Name: "code", Key: "region.err.code", Value: code}}})
		return
	}
	parent, err := s.db.Region(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.childRows(r, code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiRegion, len(rows))
	for i, row := range rows {
		out[i] = apiRegion{Region: row.Region, Units: row.Units}
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": parent, "count": len(out), "children": out})
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.UnitFilter{RegionCode: q.Get("region"), TypeCode: q.Get("type"), Query: q.Get("q"), Sort: "code", Limit: 1000}
	if f.RegionCode != "" && !region.ValidCode(f.RegionCode) {
		s.fail(w, r, &errs.Error{Code: errs.Invalid, Key: "region.err.code", Fields: []errs.Field{{Name: "region", Key: "region.err.code", Value: f.RegionCode}}})
		return
	}
	if l := atoi(q.Get("limit")); l > 0 && l < f.Limit {
		f.Limit = l
	}
	f.Offset = atoi(q.Get("offset"))
	units, total, err := s.db.Units(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if units == nil {
		units = []unit.Unit{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": total, "count": len(units), "offset": f.Offset, "units": units})
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnitByCode(r, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	active := []unit.Service{} // an empty list, not null, in the JSON
	for _, sv := range u.Services {
		if sv.Active {
			active = append(active, sv)
		}
	}
	u.Services = active
	writeJSON(w, http.StatusOK, u)
}
