package web

import (
	"context"
	"strconv"

	"mutu/internal/region"
)

// insightMaps draws the leaders' maps of their region: the IKM this
// quarter by kecamatan (by kelurahan for a kecamatan's leader), from the
// tallies the dashboard's figures come from, and the complaints received
// this year and resolved on time, by the same areas. Each area links to its
// public region page.
func (s *Server) insightMaps(ctx context.Context, v *view, d *dashboardData) error {
	in := d.Insight
	within, level := "", region.District
	if d.Scope != nil {
		within = d.Scope.Code
		switch d.Scope.Level {
		case region.District:
			level = region.Village
		case region.Village:
			return nil // one kelurahan: no areas to compare
		}
	}
	lay, err := s.regionLayout(ctx, within, level)
	if err != nil || lay == nil {
		return err
	}
	title := v.T("map.ikm_title", v.T("level."+string(level)))
	in.MapIKM, err = ikmMap(v, lay, "map-ikm", title, v.Period(in.Label), level, in.in, in.units, in.nowRows,
		func(code string) string { return "/wilayah/" + code + "?p=" + in.PeriodCode })
	if err != nil {
		return err
	}
	year := strconv.Itoa(in.Year)
	in.MapComplaints, err = s.complaintMaps(ctx, v, lay, level, in.Year, v.T("map.year", year),
		func(code string) string { return "/wilayah/" + code })
	return err
}
