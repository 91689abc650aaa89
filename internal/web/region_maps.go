package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"mutu/internal/clock"
	"mutu/internal/maps"
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
	period := periodQuery(q)
	keep := ""
	if len(period) > 0 {
		keep = "?" + period.Encode()
	}
	ms, err := s.regionIKMMaps(ctx, v, here, []region.Level{level}, rng, v.Period(label), func(code string) string { return "/wilayah/" + code + keep })
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	d := &regionMap{Map: ms[0]}
	if d.Complaints, err = s.regionComplaintMaps(ctx, v, here); err != nil {
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

// regionIKMMaps are the IKM konversi maps of the areas below here in a
// period, one per level that has boundaries (none when no boundary is
// known): the region page's map, and the region's PDF report's. The units,
// the instrument and their tallies are read once for every level.
func (s *Server) regionIKMMaps(ctx context.Context, v *view, here region.Region, levels []region.Level, rng skm.Range, period string,
	href func(code string) string) ([]*mapView, error) {
	var lays []*maps.Layout
	var at []region.Level
	for _, l := range levels {
		lay, err := s.regionLayout(ctx, here.Code, l)
		if err != nil {
			return nil, err
		}
		if lay != nil {
			lays, at = append(lays, lay), append(at, l)
		}
	}
	if len(lays) == 0 {
		return nil, nil
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
	out := make([]*mapView, len(lays))
	for i, lay := range lays {
		if out[i], err = ikmMap(v, lay, "map-ikm", v.T("map.ikm_title", v.T("level."+string(at[i]))), period, at[i], in, units, rows, href); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// periodQuery is the part of a query naming a period (?p=, or ?dari= and
// ?sampai=), kept by links that should compare like with like.
func periodQuery(q url.Values) url.Values {
	keep := url.Values{}
	for _, k := range []string{"p", "dari", "sampai"} {
		if q.Get(k) != "" {
			keep.Set(k, q.Get(k))
		}
	}
	return keep
}

// regionComplaintMaps maps the reports received this year by the units of
// each kecamatan of a province or city (each kelurahan of a kecamatan), and
// the share resolved on time: the figures of the complaint statistics,
// which hold no one's identity.
func (s *Server) regionComplaintMaps(ctx context.Context, v *view, here region.Region) ([]*mapView, error) {
	lay, level, err := s.areasLayout(ctx, &here)
	if err != nil || lay == nil {
		return nil, err
	}
	year := s.db.Now().In(clock.Jakarta).Year()
	_, byArea, err := s.db.ComplaintStatsByArea(ctx, here.Code, lay.Codes(), year)
	if err != nil {
		return nil, err
	}
	return complaintMaps(v, lay, level, byArea, v.T("map.year", strconv.Itoa(year)),
		func(code string) string { return "/wilayah/" + code }), nil
}
