package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"mutu/internal/clock"

	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// regionMap is the map on a public region page: the IKM of the areas below
// the region, at the level chosen with ?peta= (its children by default), in
// the period chosen with ?p= (the current quarter by default).
type regionMap struct {
	Map        *mapView
	Choices    []mapChoice // the levels the map can show
	Complaints []*mapView  // reports received this year and resolved on time, by kecamatan (by kelurahan on a kecamatan's page)
}

// mapChoice is a link switching a map to another level.
type mapChoice struct {
	Href, Label string
	Current     bool
}

// regionMapOf builds the map of here, or nil when the region has no level
// below it or no boundaries are known for the areas below it.
func (s *Server) regionMapOf(r *http.Request, v *view, here region.Region) (*regionMap, error) {
	levels := mapLevels(here.Level)
	if len(levels) == 0 {
		return nil, nil
	}
	ctx := r.Context()
	q := r.URL.Query()
	level, err := mapLevel(here.Level, q.Get("peta"))
	if err != nil {
		return nil, err
	}
	rng, label, err := s.period(r)
	if err != nil {
		return nil, err
	}
	// Links keep the period, so that a reader moving down the map compares
	// like with like.
	period := url.Values{}
	for _, k := range []string{"p", "dari", "sampai"} {
		if q.Get(k) != "" {
			period.Set(k, q.Get(k))
		}
	}
	keep := ""
	if len(period) > 0 {
		keep = "?" + period.Encode()
	}
	m, err := s.regionIKMMap(ctx, v, here, level, rng, v.Period(label), func(code string) string { return "/wilayah/" + code + keep })
	if err != nil || m == nil {
		return nil, err
	}
	d := &regionMap{Map: m}
	if d.Complaints, err = s.regionComplaintMaps(r, v, here); err != nil {
		return nil, err
	}
	if len(levels) > 1 {
		for _, l := range levels {
			c := url.Values{"peta": {mapWords[l]}}
			for k, vs := range period {
				c[k] = vs
			}
			d.Choices = append(d.Choices, mapChoice{Href: "?" + c.Encode() + "#map-ikm-fig", Label: v.T("level." + string(l) + ".plural"), Current: l == level})
		}
	}
	return d, nil
}

// regionIKMMap is the IKM konversi map of the areas of level below here
// in a period (nil when no boundary is known for them): the region page's
// map, and the region's PDF report's.
func (s *Server) regionIKMMap(ctx context.Context, v *view, here region.Region, level region.Level, rng skm.Range, period string,
	href func(code string) string) (*mapView, error) {
	lay, err := s.regionLayout(ctx, here.Code, level)
	if err != nil || lay == nil {
		return nil, err
	}
	units, _, err := s.db.Units(ctx, store.UnitFilter{RegionCode: here.Code})
	if err != nil {
		return nil, err
	}
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Tallies(ctx, store.TallyQuery{Range: rng, Instrument: in.Code, UnitIDs: unitIDs(units), Elements: len(in.Elements)})
	if err != nil {
		return nil, err
	}
	return ikmMap(v, lay, "map-ikm", v.T("map.ikm_title", v.T("level."+string(level))), period, level, in, units, rows, href)
}

// regionComplaintMaps maps the reports received this year by the units of
// each kecamatan of a province or city (each kelurahan of a kecamatan), and
// the share resolved on time: the figures of the complaint statistics,
// which hold no one's identity.
func (s *Server) regionComplaintMaps(r *http.Request, v *view, here region.Region) ([]*mapView, error) {
	lay, level, err := s.areasLayout(r.Context(), &here)
	if err != nil || lay == nil {
		return nil, err
	}
	year := s.db.Now().In(clock.Jakarta).Year()
	_, byArea, err := s.db.ComplaintStatsByArea(r.Context(), here.Code, lay.Codes(), year)
	if err != nil {
		return nil, err
	}
	return complaintMaps(v, lay, level, byArea, v.T("map.year", strconv.Itoa(year)),
		func(code string) string { return "/wilayah/" + code }), nil
}
