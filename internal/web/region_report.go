package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/region"
	"mutu/internal/report"
)

// reportLevels are the levels a region's report maps the IKM by: a
// province's cities, a city's kecamatan and kelurahan, a kecamatan's
// kelurahan; none for a kelurahan (no areas to compare).
func reportLevels(l region.Level) []region.Level {
	switch l {
	case region.Province:
		return []region.Level{region.City}
	case region.City:
		return []region.Level{region.District, region.Village}
	case region.District:
		return []region.Level{region.Village}
	}
	return nil
}

// readsRegionReport reports whether p may print the report of a region:
// its leaders and administrators, in their scope.
func readsRegionReport(p *account.Principal, code string) bool {
	return p.Is(account.Admin, account.Leader) && region.Within(code, p.RegionCode)
}

// regionReportHref is the link to a region's report for the period the
// query q names (p, or dari and sampai), or "" when p may not print it or
// the region has no report.
func regionReportHref(p *account.Principal, here region.Region, q url.Values) string {
	if len(reportLevels(here.Level)) == 0 || !readsRegionReport(p, here.Code) {
		return ""
	}
	keep := periodQuery(q)
	href := "/kelola/wilayah/" + here.Code + "/laporan"
	if len(keep) > 0 {
		href += "?" + keep.Encode()
	}
	return href
}

// regionReport prints a region's report (Laporan Wilayah) as a PDF: the
// maps of its region page in the period chosen as there (?p=, or ?dari=
// and ?sampai=; the current quarter by default), each from the function
// that draws the page's map (regionIKMMaps, regionComplaintMaps), with
// the table behind it. The document is in Indonesian, as the Laporan SKM.
func (s *Server) regionReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	here, err := s.db.Region(ctx, r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !readsRegionReport(principal(r), here.Code) {
		s.fail(w, r, errs.New(errs.Forbidden, "err.out_of_scope"))
		return
	}
	levels := reportLevels(here.Level)
	if len(levels) == 0 {
		s.fail(w, r, errs.New(errs.NotFound, "region_report.err.level"))
		return
	}
	rng, label, err := s.period(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	v.Lang = i18n.ID
	period := v.Period(label)
	rep := report.RegionReport{Region: here.Name, Code: here.Code, Level: v.T("level." + string(here.Level)), Period: period,
		Generated: s.db.Now().In(clock.Jakarta)}
	ms, err := s.regionIKMMaps(ctx, v, *here, levels, rng, period, func(string) string { return "" })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i, m := range ms {
		intro := "" // said once, before the first IKM map
		if i == 0 {
			intro = v.T("region_report.ikm_intro")
		}
		rep.Sections = append(rep.Sections, pdfSection(m.Title, intro, m.Period, m))
	}
	cs, err := s.regionComplaintMaps(ctx, v, *here)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(cs) > 0 { // by the areas the dashboard compares, named in the table's first column
		rep.Sections = append(rep.Sections, pdfSection(v.T("region_report.complaints_title", cs[0].Head[0]),
			v.T("region_report.complaints_intro"), cs[0].Period, cs...))
	}
	body, err := report.RegionPDF(rep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "laporan-wilayah-" + here.Code + "-" + strings.ReplaceAll(strings.ToLower(label), " ", "-") + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(body)
}

// pdfSection is maps of the same areas with the table behind them (the
// first map's: maps of the same areas share their rows), for the PDF.
func pdfSection(title, intro, period string, ms ...*mapView) report.RegionSection {
	sec := report.RegionSection{Title: title, Intro: intro, Period: period, Head: ms[0].Head}
	for _, m := range ms {
		sec.Maps = append(sec.Maps, report.RegionMap{Title: m.Title, Layout: m.layout, Chart: m.chart, NoData: m.NoData})
	}
	for _, row := range ms[0].Rows {
		sec.Rows = append(sec.Rows, append([]string{row.Name}, slices.Clone(row.Cells)...))
	}
	return sec
}
