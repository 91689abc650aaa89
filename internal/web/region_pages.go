package web

import (
	"net/http"
	"strconv"

	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// pageSize is the number of rows on one page of a list.
const pageSize = 50

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	counts, err := s.db.RegionCounts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, units, err := s.db.Units(ctx, store.UnitFilter{Limit: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	provinces, err := s.db.Children(ctx, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byLevel := map[string]int{}
	for l, n := range counts {
		byLevel[string(l)] = n
	}
	s.render(w, r, "home", http.StatusOK, s.newView(r, "home.title", map[string]any{
		"Counts": byLevel, "Units": units, "Provinces": provinces,
	}))
}

// regionRow is a child region with the number of units in and below it.
type regionRow struct {
	region.Region
	Units int
}

func (s *Server) childRows(r *http.Request, code string) ([]regionRow, error) {
	children, err := s.db.Children(r.Context(), code)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(children))
	for i, c := range children {
		codes[i] = c.Code
	}
	counts, err := s.db.UnitCountsBelow(r.Context(), codes)
	if err != nil {
		return nil, err
	}
	rows := make([]regionRow, len(children))
	for i, c := range children {
		rows[i] = regionRow{Region: c, Units: counts[c.Code]}
	}
	return rows, nil
}

func (s *Server) regionIndex(w http.ResponseWriter, r *http.Request) {
	rows, err := s.childRows(r, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "regions", http.StatusOK, s.newView(r, "region.index_title", map[string]any{"Children": rows}))
}

func (s *Server) regionPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	path, err := s.db.RegionPath(ctx, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	here := path[len(path)-1]
	rows, err := s.childRows(r, here.Code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pageNo := max(1, atoi(r.URL.Query().Get("hal")))
	units, total, err := s.db.Units(ctx, store.UnitFilter{RegionCode: here.Code, Limit: pageSize, Offset: (pageNo - 1) * pageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	types, err := s.typeNames(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{
		"Region": here, "Path": path[:len(path)-1], "Children": rows, "Units": units, "Total": total,
		"Page": pageNo, "Pages": (total + pageSize - 1) / pageSize, "Types": types,
		"ReportHref": regionReportHref(principal(r), here, r.URL.Query()),
	}
	v := s.newView(r, "", data)
	v.Title = here.Name
	if data["Map"], err = s.regionMapOf(r, v, here); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "region", http.StatusOK, v)
}

// typeNames maps unit type codes to names in the request's language.
func (s *Server) typeNames(r *http.Request) (map[string]string, error) {
	types, err := s.db.UnitTypes(r.Context())
	if err != nil {
		return nil, err
	}
	return typeNameMap(lang(r), types), nil
}

// typeNameMap maps the types' codes to their names in language l.
func typeNameMap(l i18n.Lang, types []unit.Type) map[string]string {
	out := make(map[string]string, len(types))
	for _, t := range types {
		out[t.Code] = t.NameID
		if l == i18n.EN {
			out[t.Code] = t.NameEN
		}
	}
	return out
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1_000_000 {
		return 0
	}
	return n
}
