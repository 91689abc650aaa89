package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"mutu/internal/region"
	"mutu/internal/report"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// Coverage of standards (issue #12): the share of active services with a
// published standard in force, and the standards due for review, per
// unit, kecamatan, city and province, for the units in the viewer's scope.
// Every count is standard.ReviewCycle.Covers — standard.Current and the
// review rule, as on the standards pages — added up; leaders see it on
// /dasbor, every role in full at /kelola/standar/cakupan with an export.

// coverageRow is one unit or area with its coverage.
type coverageRow struct {
	Code, Name string
	Area       region.Level // the level of an area; "" for a unit
	standard.Coverage
}

// Share is the row's percentage as one number for templates, sorting and
// exports (0 when there are no services: templates check Services first).
func (r coverageRow) Share() float64 { p, _ := r.Percent(); return p }

// coverageReport is the coverage in a scope.
type coverageReport struct {
	Scope     string // the region's name, or "" for an operator's units
	Total     standard.Coverage
	Cities    []coverageRow // only when the scope spans several cities
	Districts []coverageRow // kecamatan; units above kecamatan level count in a row of their city
	Units     []coverageRow
	Levels    map[string]int // units by standard.Coverage.Level
	// ReviewMonths is the review cycle (MUTU_STANDARD_REVIEW).
	ReviewMonths int
}

// coverage computes the coverage of units' active services now.
func (s *Server) coverage(ctx context.Context, units []unit.Unit, scope *region.Region) (*coverageReport, error) {
	ids := unitIDs(units)
	published, err := s.db.PublishedVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	services, err := s.db.Services(ctx, ids)
	if err != nil {
		return nil, err
	}
	versions := map[string][]standard.Version{}
	for _, v := range published {
		versions[v.ServiceID] = append(versions[v.ServiceID], v)
	}
	now := s.db.Now()
	d := &coverageReport{Levels: map[string]int{}, ReviewMonths: int(s.cfg.StandardReview)}
	if scope != nil {
		d.Scope = scope.Name
	}
	cities, districts := map[string]*coverageRow{}, map[string]*coverageRow{}
	area := func(m map[string]*coverageRow, code string) *coverageRow {
		if m[code] == nil {
			m[code] = &coverageRow{Code: code}
		}
		return m[code]
	}
	for _, u := range units {
		row := coverageRow{Code: u.Code, Name: u.Name}
		for _, svc := range services[u.ID] {
			if svc.Active {
				row.Add(s.cfg.StandardReview.Covers(versions[svc.ID], now))
			}
		}
		d.Units = append(d.Units, row)
		d.Total.Add(row.Coverage)
		d.Levels[row.Level()]++
		// A unit's city and kecamatan are the second and third codes of
		// its region's chain from the province down; a unit of the city
		// itself (a Suku Dinas) counts in the city's own row among the
		// kecamatan.
		if chain := append(region.Ancestors(u.RegionCode), u.RegionCode); len(chain) >= 2 {
			area(cities, chain[1]).Add(row.Coverage)
			area(districts, chain[min(2, len(chain)-1)]).Add(row.Coverage)
		}
	}
	var codes []string
	for c := range districts {
		codes = append(codes, c)
	}
	for c := range cities {
		if districts[c] == nil {
			codes = append(codes, c)
		}
	}
	regions, err := s.db.RegionsByCode(ctx, codes)
	if err != nil {
		return nil, err
	}
	for _, r := range regions {
		for _, m := range []map[string]*coverageRow{cities, districts} {
			if row := m[r.Code]; row != nil {
				row.Name, row.Area = r.Name, r.Level
			}
		}
	}
	flat := func(m map[string]*coverageRow) []coverageRow {
		var out []coverageRow
		for _, r := range m {
			out = append(out, *r)
		}
		slices.SortFunc(out, func(a, b coverageRow) int { return cmp.Compare(a.Code, b.Code) })
		return out
	}
	if len(cities) > 1 {
		d.Cities = flat(cities)
	}
	d.Districts = flat(districts)
	slices.SortStableFunc(d.Units, func(a, b coverageRow) int {
		return cmp.Or(cmp.Compare(a.Share(), b.Share()), b.Due-a.Due, cmp.Compare(a.Name, b.Name))
	})
	return d, nil
}

// coveragePage: GET /kelola/standar/cakupan — the coverage in the user's
// scope, weakest units first; ?format=csv|xlsx exports the unit rows.
func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	units, _, err := s.db.Units(r.Context(), scopeFilter(p))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var scope *region.Region
	if p.RegionCode != "" {
		if scope, err = s.db.Region(r.Context(), p.RegionCode); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	d, err := s.coverage(r.Context(), units, scope)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.sendExport(w, r, "cakupan-standar-"+s.db.Now().Format("2006-01-02"), format, coverageExport(d, units))
		return
	}
	v := s.newView(r, "coverage.title", d)
	s.render(w, r, "coverage", http.StatusOK, v)
}

// coverageExport is one row per unit: its region, services, standards in
// force, share and standards due for review.
func coverageExport(d *coverageReport, units []unit.Unit) report.Export {
	regionOf := map[string]string{}
	for _, u := range units {
		regionOf[u.Code] = u.RegionCode
	}
	cols := []report.Column{{Title: "unit_code", Width: 18}, {Title: "nama", Width: 44}, {Title: "wilayah", Width: 14},
		{Title: "layanan_aktif", Kind: report.Int}, {Title: "standar_berlaku", Kind: report.Int},
		{Title: "persen", Kind: report.Decimal, Places: 1}, {Title: "perlu_ditinjau", Kind: report.Int}}
	return report.Export{Sheet: "Cakupan standar", Columns: cols, Rows: func(add func(...any) error) error {
		for _, row := range d.Units {
			var share any
			if row.Services > 0 {
				share = row.Share()
			}
			if err := add(row.Code, row.Name, regionOf[row.Code], row.Services, row.Current, share, row.Due); err != nil {
				return err
			}
		}
		return nil
	}}
}
