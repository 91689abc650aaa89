package web

import (
	"net/http"
	"slices"
	"strings"

	"mutu/internal/store"
	"mutu/internal/unit"
)

// statsUnitChoices is the complaint dashboard's unit selector: the units
// of f's scope with reports in year, by name.
func (s *Server) statsUnitChoices(r *http.Request, f store.ComplaintFilter, year int) ([]unit.Unit, error) {
	_, names, err := s.complaintUnits(r, f, year)
	if err != nil {
		return nil, err
	}
	out := make([]unit.Unit, 0, len(names))
	for _, u := range names {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b unit.Unit) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// statsUnit is the unit chosen with ?unit=CODE (nil for the whole scope).
// The statistics stay confined to the user's scope (complaintScope), so
// naming a unit outside it shows nothing of it.
func (s *Server) statsUnit(r *http.Request) (*unit.Unit, error) {
	code := r.URL.Query().Get("unit")
	if code == "" {
		return nil, nil
	}
	return s.db.UnitByCode(r.Context(), code)
}

// statsYears are the years the complaint dashboard offers: this one and
// the five before.
func statsYears(current int) []int {
	out := make([]int, 6)
	for i := range out {
		out[i] = current - i
	}
	return out
}
