package web

import (
	"context"
	"strconv"

	"mutu/internal/maps"
	"mutu/internal/region"
)

// insightMaps draws the leaders' maps of their region: the IKM this
// quarter by kecamatan (by kelurahan for a kecamatan's leader), from the
// tallies the dashboard's figures come from, and the complaints received
// this year and resolved on time, by the same areas. Each area links to its
// public region page.
func (s *Server) insightMaps(ctx context.Context, v *view, d *dashboardData) error {
	in := d.Insight
	lay, level := in.mapLayout, in.mapLevel
	if lay == nil {
		return nil
	}
	title := v.T("map.ikm_title", v.T("level."+string(level)))
	var err error
	in.MapIKM, err = ikmMap(v, lay, "map-ikm", title, v.Period(in.Label), level, in.in, in.units, in.nowRows,
		func(code string) string { return "/wilayah/" + code + "?p=" + in.PeriodCode })
	if err != nil {
		return err
	}
	year := strconv.Itoa(in.Year)
	in.MapComplaints = complaintMaps(v, lay, level, in.areaStats, v.T("map.year", year),
		func(code string) string { return "/wilayah/" + code })
	return nil
}

// areasLayout is the map of the areas of a region that its leaders'
// dashboard and its public page compare: its kecamatan (its kelurahan for a
// kecamatan; every kecamatan for a nil scope), or nil for one kelurahan.
func (s *Server) areasLayout(ctx context.Context, scope *region.Region) (*maps.Layout, region.Level, error) {
	within, level := "", region.District
	if scope != nil {
		within = scope.Code
		switch scope.Level {
		case region.District:
			level = region.Village
		case region.Village:
			return nil, "", nil // one kelurahan: no areas to compare
		}
	}
	lay, err := s.regionLayout(ctx, within, level)
	return lay, level, err
}
