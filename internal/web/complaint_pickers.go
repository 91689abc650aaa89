package web

import (
	"net/http"
	"slices"
	"strings"

	"mutu/internal/complaint"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// unitGroup is one kecamatan (or the city itself) of the dispatch picker.
type unitGroup struct {
	Label string
	Units []unit.Unit
}

// maxPickerChoices bounds each of a verifier's pickers: the units listed
// for a dispatch (by name) and the open reports offered for a merge (the
// newest first, where a duplicate is found). A search narrows both.
const maxPickerChoices = 200

// complaintPickers is what a verifier picks from on a report's page, and
// the searches (GET parameters, so they work without JavaScript) that
// narrowed the lists down.
type complaintPickers struct {
	Targets     []unitGroup // dispatch targets grouped by kecamatan
	UnitQuery   string      // ?cari_unit=: part of a unit's name or code
	UnitsShown  int
	UnitsTotal  int
	ReportQuery string   // ?cari_laporan=: a report number, or words of its title or text
	Reports     []choice // the merge targets listed
}

// pickers fills a verifier's pickers on a report's page: the dispatch
// targets (units of the verifier's region) and the reports rep may be
// merged into, each searched on the server. Both still post the code or
// number, so a typed one is accepted as before.
func (s *Server) pickers(r *http.Request, v *view, rep *complaint.Report) (*complaintPickers, error) {
	q, p := r.URL.Query(), principal(r)
	pk := &complaintPickers{UnitQuery: strings.TrimSpace(q.Get("cari_unit")), ReportQuery: strings.TrimSpace(q.Get("cari_laporan"))}
	units, total, err := s.db.Units(r.Context(), store.UnitFilter{RegionCode: p.RegionCode, Query: pk.UnitQuery, Sort: "name", Limit: maxPickerChoices})
	if err != nil {
		return nil, err
	}
	pk.UnitsShown, pk.UnitsTotal = len(units), total
	if pk.Targets, err = s.unitGroups(r, v, units); err != nil {
		return nil, err
	}
	if len(units) == 1 && pk.UnitQuery != "" && !v.refilled {
		v.Form.Set("unit", units[0].Code) // the one unit the search found
	}
	list, err := s.db.ComplaintList(r.Context(), store.ComplaintFilter{RegionCode: p.RegionCode, Statuses: complaint.OpenStatuses,
		Query: pk.ReportQuery, Newest: true, Limit: maxPickerChoices})
	if err != nil {
		return nil, err
	}
	var handling []string
	for _, c := range list {
		if c.AssignedUnitID != "" {
			handling = append(handling, c.AssignedUnitID)
		}
	}
	handlers, err := s.unitsByID(r, handling)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		// The same rule as the merge itself: a report the verifier acts on
		// (still with the verifiers, or handled by a unit of their region).
		if c.ID == rep.ID {
			continue
		}
		if h, ok := handlers[c.AssignedUnitID]; c.AssignedUnitID != "" && (!ok || !p.AdministersRegion(h.RegionCode)) {
			continue
		}
		pk.Reports = append(pk.Reports, choice{Value: c.Number, Label: c.Number + " — " + c.Title})
	}
	v.choose("merge_into", pk.Reports)
	return pk, nil
}

// unitGroups groups units (of the user's region) by kecamatan for a
// picker, groups in name order.
func (s *Server) unitGroups(r *http.Request, v *view, units []unit.Unit) ([]unitGroup, error) {
	scope := principal(r).RegionCode
	names := map[string]string{}
	for _, l := range []region.Level{region.City, region.District} {
		rs, err := s.db.RegionsByLevelWithin(r.Context(), l, scope)
		if err != nil {
			return nil, err
		}
		for _, rg := range rs {
			names[rg.Code] = v.T("level."+string(l)) + " " + rg.Name
		}
	}
	// The group of a unit is its kecamatan, or the region it sits in
	// when that is above a kecamatan (a city office).
	groupOf := func(code string) string {
		if lvl, ok := region.LevelOf(code); ok && lvl == region.Village {
			code = region.ParentOf(code) // its kecamatan
		}
		if n := names[code]; n != "" {
			return n
		}
		return code
	}
	var groups []unitGroup
	byLabel := map[string]int{}
	for _, u := range units {
		g := groupOf(u.RegionCode)
		i, ok := byLabel[g]
		if !ok {
			i = len(groups)
			byLabel[g] = i
			groups = append(groups, unitGroup{Label: g})
		}
		groups[i].Units = append(groups[i].Units, u)
	}
	slices.SortStableFunc(groups, func(a, b unitGroup) int { return strings.Compare(a.Label, b.Label) })
	return groups, nil
}
