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

// maxMergeChoices bounds the merge picker: the most recent open reports
// the verifier acts on, which is where a duplicate is found.
const maxMergeChoices = 200

// complaintPickers fills a verifier's pickers on a report's page: the
// dispatch targets (units, the verifier's region) grouped by kecamatan,
// and the reports it may be merged into, by number and title. Both still
// post the code or number, so a typed one is accepted as before.
func (s *Server) complaintPickers(r *http.Request, v *view, rep *complaint.Report, units []unit.Unit) ([]unitGroup, error) {
	groups, err := s.unitGroups(r, v, units)
	if err != nil {
		return nil, err
	}
	ours := map[string]bool{}
	for _, u := range units {
		ours[u.ID] = true
	}
	list, _, err := s.db.Complaints(r.Context(), store.ComplaintFilter{RegionCode: principal(r).RegionCode, Statuses: complaint.OpenStatuses, Limit: maxMergeChoices})
	if err != nil {
		return nil, err
	}
	var targets []choice
	for _, c := range list {
		// The same rule as the merge itself: a report the verifier acts on
		// (still with the verifiers, or handled by a unit of their region).
		if c.ID == rep.ID || c.AssignedUnitID != "" && !ours[c.AssignedUnitID] {
			continue
		}
		targets = append(targets, choice{Value: c.Number, Label: c.Number + " — " + c.Title})
	}
	v.choose("merge_into", targets)
	return groups, nil
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
