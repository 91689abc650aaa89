package web

import (
	"context"
	"html/template"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/i18n"
	"mutu/internal/maps"
	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// mapWidth is the drawing's natural width in SVG units: about a laptop's
// column; the SVG scales down to a 360 px phone.
const mapWidth = 800

// mapView is one map on a page: the drawing, its legend, the period its
// figures cover, and the table behind it (every area, its figure and class).
type mapView struct {
	ID, Title, Period string
	Note              string // said under the title (where a marked point comes from)
	SVG               template.HTML
	Legend            []mapLegend
	NoData            string // the legend's line for areas without a figure ("" for a plain map)
	Head              []string
	Rows              []mapRow
	// What the drawing was made of, for the region's PDF report (it draws
	// the same layout and values).
	layout *maps.Layout
	chart  maps.Choropleth
}

type mapLegend struct{ Fill, Label string }

// mapRow is one area in the table behind a map.
type mapRow struct {
	Name, Href string
	Cells      []string // after the name, one per Head column but the first
}

// layoutKey names a layout: the regions of level within a region. The
// layouts (projection and simplification, the costly part) are kept with
// the boundaries they are drawn from (places.layouts); figures are coloured
// in per request.
type layoutKey struct {
	within string
	level  region.Level
}

// regionLayout is the map of the regions of level within a region ("" for
// every region of that level), or nil when no boundary is known for them.
// The boundaries are those imported into the store ("mutu import
// boundaries", the demo's DKI Jakarta).
func (s *Server) regionLayout(ctx context.Context, within string, level region.Level) (*maps.Layout, error) {
	p, err := s.places(ctx)
	if err != nil {
		return nil, err
	}
	key := layoutKey{within, level}
	if l, ok := p.layouts.Load(key); ok {
		return l.(*maps.Layout), nil
	}
	var sel []geo.Boundary
	for _, b := range p.boundaries {
		if b.Level == level && region.Within(b.Code, within) && b.Code != within {
			sel = append(sel, b)
		}
	}
	if len(sel) == 0 {
		return nil, nil
	}
	slices.SortFunc(sel, func(a, b geo.Boundary) int { return strings.Compare(a.Code, b.Code) })
	l := maps.NewLayout(sel, mapWidth)
	p.layouts.Store(key, l)
	return l, nil
}

// mapLevels are the levels a map of a region of level l can show, the
// default (its children) first.
func mapLevels(l region.Level) []region.Level {
	i := slices.Index(region.Levels, l)
	if i < 0 || i == len(region.Levels)-1 {
		return nil
	}
	return region.Levels[i+1:]
}

// mapWords are the ?peta= values naming a map's level.
var mapWords = map[region.Level]string{region.City: "kota", region.District: "kecamatan", region.Village: "kelurahan"}

// mapLevel reads ?peta= for a region of level l: one of mapLevels(l).
func mapLevel(l region.Level, word string) (region.Level, error) {
	levels := mapLevels(l)
	if word == "" && len(levels) > 0 {
		return levels[0], nil
	}
	for _, m := range levels {
		if mapWords[m] == word {
			return m, nil
		}
	}
	return "", errs.InvalidField("peta", "map.err.level")
}

// areaOf is the region of level l that holds code (code itself or its
// ancestor), or false when code lies above that level.
func areaOf(code string, l region.Level) (string, bool) {
	depth := slices.Index(region.Levels, l) + 1
	parts := strings.Split(code, ".")
	if depth == 0 || len(parts) < depth {
		return "", false
	}
	return strings.Join(parts[:depth], "."), true
}

// gradeClasses are the legend of an IKM map: the instrument's grades
// (versioned data: methods.md's A–D bands), the best the darkest.
func gradeClasses(v *view, in *skm.Instrument) []maps.Class {
	fills := maps.GradeFills(len(in.Categories))
	out := make([]maps.Class, len(in.Categories))
	for i, c := range in.Categories {
		hi := "100"
		if i > 0 {
			hi = v.Dec(float64(in.Categories[i-1].MinHundredths-1)/100, 2)
		}
		kinerja := c.Kinerja
		if v.Lang == i18n.EN && c.KinerjaEN != "" {
			kinerja = c.KinerjaEN
		}
		out[i] = maps.Class{
			Fill:  fills[min(i, len(fills)-1)],
			Label: v.T("map.grade_band", c.Mutu, kinerja, v.Dec(float64(c.MinHundredths)/100, 2), hi),
		}
	}
	return out
}

// ikmMap colours the areas of a layout by the IKM konversi of the units
// located in each (a unit's region code places it), pooled the way the
// ranking pools a region: the units' tallies from the rollups, summed,
// through skm.Compute. Units above the map's level are in no area.
func ikmMap(v *view, lay *maps.Layout, id, title, period string, level region.Level, in *skm.Instrument,
	units []unit.Unit, rows []store.TallyRow, href func(code string) string) (*mapView, error) {
	area := map[string]string{} // unit ID → its area
	count := map[string]int{}
	for _, u := range units {
		if a, ok := areaOf(u.RegionCode, level); ok {
			area[u.ID] = a
			count[a]++
		}
	}
	groups := map[string][]store.TallyRow{}
	for _, row := range rows {
		if a, ok := area[row.UnitID]; ok {
			groups[a] = append(groups[a], row)
		}
	}
	m := &mapView{ID: id, Title: title, Period: period, NoData: v.T("map.no_data"),
		Head: []string{v.T("level." + string(level)), v.T("map.units"), v.T("skm.respondents"), v.T("skm.konversi"), v.T("skm.mutu")}}
	c := maps.Choropleth{ID: id, Title: title, Desc: v.T("map.ikm_desc", period), Classes: gradeClasses(v, in),
		Values: map[string]maps.Value{}, NoDataText: v.T("map.no_data")}
	for _, cl := range c.Classes {
		m.Legend = append(m.Legend, mapLegend{cl.Fill, cl.Label})
	}
	for _, a := range lay.Areas {
		val := maps.Value{Class: maps.NoData, Href: href(a.Code)}
		cells := []string{v.Int(count[a.Code]), "0", "–", "–"}
		if g := groups[a.Code]; len(g) > 0 {
			t, _ := store.Pooled(g).Tally(len(in.Elements))
			res, err := skm.Compute(in, t, skm.Exact)
			if err != nil {
				return nil, err
			}
			cells[1] = v.Int64(res.Respondents)
			if res.Complete {
				val.Class = slices.IndexFunc(in.Categories, func(k skm.Category) bool { return k.Mutu == res.Mutu })
				val.Text = v.Dec(res.Konversi, 2) + " (" + res.Mutu + ")"
				cells[2], cells[3] = v.Dec(res.Konversi, 2), res.Mutu
			}
		}
		if val.Class == maps.NoData {
			cells[2] = v.T("map.no_data")
		}
		c.Values[a.Code] = val
		m.Rows = append(m.Rows, mapRow{Name: a.Name, Href: val.Href, Cells: cells})
	}
	m.SVG, m.layout, m.chart = template.HTML(lay.SVG(c)), lay, c
	return m, nil
}

// onTimeBands are the classes of an on-time map, in percent: below 50,
// 50 to below 75, 75 to below 90, 90 and more.
var onTimeBands = []float64{50, 75, 90}

// complaintMaps draws the reports received in a year by the units of each
// area and the share of them resolved on time, from byArea
// (store.ComplaintStatsByArea: the rollups the complaint statistics page
// reads).
func complaintMaps(v *view, lay *maps.Layout, level region.Level, byArea map[string]complaint.Stats, period string, href func(code string) string) []*mapView {
	stats := make([]complaint.Stats, len(lay.Areas))
	maxN := 0
	for i, a := range lay.Areas {
		stats[i] = byArea[a.Code]
		maxN = max(maxN, stats[i].Total)
	}
	bounds := maps.CountBounds(maxN)
	fills := maps.Sequential(len(bounds))
	counts := maps.Choropleth{ID: "map-complaints", Title: v.T("map.complaints_title"), Desc: v.T("map.complaints_desc", period),
		Values: map[string]maps.Value{}, NoDataText: v.T("map.no_data")}
	cm := &mapView{ID: counts.ID, Title: counts.Title, Period: period,
		Head: []string{v.T("level." + string(level)), v.T("map.received"), v.T("map.on_time"), v.T("map.resolved")}}
	lo := 0
	for i, hi := range bounds {
		label := v.Int(lo) + "–" + v.Int(hi)
		if lo == hi {
			label = v.Int(hi)
		}
		counts.Classes = append(counts.Classes, maps.Class{Fill: fills[i], Label: label})
		cm.Legend = append(cm.Legend, mapLegend{fills[i], label})
		lo = hi + 1
	}
	bandFills := maps.Sequential(len(onTimeBands) + 1)
	onTime := maps.Choropleth{ID: "map-on-time", Title: v.T("map.on_time_title"), Desc: v.T("map.on_time_desc", period),
		Values: map[string]maps.Value{}, NoDataText: v.T("map.no_resolved")}
	om := &mapView{ID: onTime.ID, Title: onTime.Title, Period: period, NoData: v.T("map.no_resolved"), Head: cm.Head}
	for i := range len(onTimeBands) + 1 {
		var label string
		switch i {
		case 0:
			label = v.T("map.below", v.Int(int(onTimeBands[0])))
		case len(onTimeBands):
			label = v.T("map.at_least", v.Int(int(onTimeBands[i-1])))
		default:
			label = v.T("map.between", v.Int(int(onTimeBands[i-1])), v.Int(int(onTimeBands[i])))
		}
		onTime.Classes = append(onTime.Classes, maps.Class{Fill: bandFills[i], Label: label})
		om.Legend = append(om.Legend, mapLegend{bandFills[i], label})
	}
	for i, a := range lay.Areas {
		st := stats[i]
		h := href(a.Code)
		counts.Values[a.Code] = maps.Value{Class: maps.ClassOf(st.Total, bounds), Text: v.Int(st.Total), Href: h}
		share := v.T("map.no_resolved")
		ov := maps.Value{Class: maps.NoData, Href: h}
		if st.ResolutionDone > 0 {
			pct := complaint.Share(st.ResolutionOnTime, st.ResolutionDone)
			share = v.Dec(pct, 1) + "%"
			ov = maps.Value{Class: bandOf(pct), Text: share, Href: h}
		}
		onTime.Values[a.Code] = ov
		cm.Rows = append(cm.Rows, mapRow{Name: a.Name, Href: h,
			Cells: []string{v.Int(st.Total), share, v.Int(st.ResolutionOnTime) + " / " + v.Int(st.ResolutionDone)}})
	}
	om.Rows = cm.Rows
	cm.SVG, om.SVG = template.HTML(lay.SVG(counts)), template.HTML(lay.SVG(onTime))
	cm.layout, cm.chart, om.layout, om.chart = lay, counts, lay, onTime
	return []*mapView{cm, om}
}

// bandOf is the on-time class of a percentage.
func bandOf(pct float64) int {
	for i, lo := range onTimeBands {
		if pct < lo {
			return i
		}
	}
	return len(onTimeBands)
}

// pickerMap is a plain map whose areas link to url(code): the public
// complaint form's region picker. chosen is drawn highlighted.
func pickerMap(v *view, lay *maps.Layout, id, title, chosen string, point *orb.Point, url func(code string) string) *mapView {
	c := maps.Choropleth{ID: id, Title: title, Desc: v.T("map.picker_desc"), Values: map[string]maps.Value{}, Highlight: chosen, Marker: point,
		MarkerLabel: v.T("map.point")}
	m := &mapView{ID: id, Title: title, Head: []string{v.T("field.region")}}
	for _, a := range lay.Areas {
		h := ""
		if url != nil {
			h = url(a.Code)
		}
		c.Values[a.Code] = maps.Value{Class: maps.NoData, Href: h}
		m.Rows = append(m.Rows, mapRow{Name: a.Name, Href: h})
	}
	m.SVG = template.HTML(lay.SVG(c))
	return m
}
