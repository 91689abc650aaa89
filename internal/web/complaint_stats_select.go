package web

import (
	"net/http"
	"slices"
	"strings"

	"mutu/internal/unit"
)

// unitsByName is the complaint dashboard's unit selector: the units (of
// the scope, with reports in the year) by name.
func unitsByName(units map[string]unit.Unit) []unit.Unit {
	out := make([]unit.Unit, 0, len(units))
	for _, u := range units {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b unit.Unit) int { return strings.Compare(a.Name, b.Name) })
	return out
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
