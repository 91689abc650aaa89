package web

// The city recap for the mayor (issue #13, "Reports"): the city's results
// page of a year (cityData) as a signed PDF and as a workbook, linked from
// the page. Both are official papers in Indonesian whatever the reader's
// language, and read exactly what the page shows.

import (
	"fmt"
	"net/http"
	"strconv"

	"mutu/internal/finding"
	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/report"
	"mutu/internal/store"
)

// recapFindings counts each ranked unit's findings at now.
func (s *Server) recapFindings(r *http.Request, d *cityResultsData) (map[string]finding.Stats, error) {
	fs, err := s.db.Findings(r.Context(), store.FindingFilter{RegionCode: d.City.Code})
	if err != nil {
		return nil, err
	}
	by := map[string][]finding.Finding{}
	for _, f := range fs {
		by[f.UnitID] = append(by[f.UnitID], f.Finding)
	}
	out := map[string]finding.Stats{}
	for _, row := range d.Ranked {
		out[row.Unit.ID] = finding.StatsOf(by[row.Unit.ID], s.db.Now())
	}
	return out, nil
}

// cityRecapPDF: GET /kelola/pemantauan/kota/{code}/rekap.pdf?tahun=YYYY.
func (s *Server) cityRecapPDF(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := s.cityData(r)
	var stats map[string]finding.Stats
	if err == nil {
		stats, err = s.recapFindings(r, d)
	}
	var front report.Front
	if err == nil {
		front, err = report.RegionFront(ctx, s.db, d.City.Code)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rec := report.CityRecap{Front: front, City: d.City.Name, Year: d.Year, Generated: s.db.Now(),
		Share: fmt.Sprintf("evaluator %d %%, pengguna (SKM) %d %%", 100-d.Share.Share, d.Share.Share)}
	for _, t := range d.Teams {
		if t.RegionCode != d.City.Code || rec.Team != "" {
			continue
		}
		rec.Team = t.Name
		for _, m := range t.Members {
			if m.Role == monitor.Ketua {
				rec.Signer = report.VisitPerson{Name: m.Name, Role: string(m.Role)}
			}
		}
	}
	for _, row := range d.Ranked {
		st := stats[row.Unit.ID]
		u := report.RecapUnit{Code: row.Unit.Code, Name: row.Unit.Name, Open: st.Open + st.Overdue, Overdue: st.Overdue}
		rec.Open += u.Open
		rec.Overdue += u.Overdue
		if o := row.Latest; o != nil {
			u.Rank, u.DoneOn, u.IPP, u.Category = strconv.Itoa(row.Rank), o.DoneOn, hundredths(o.Result.IPP), o.Result.Category
			if row.Year.Combined() {
				u.Final = hundredths(row.Year.Final.Rounded) + " (" + row.Year.Final.Category.Kategori + ")"
			}
		}
		rec.Ranking = append(rec.Ranking, u)
	}
	if m := d.Mean; m != nil {
		for _, a := range m.Aspects {
			rec.Aspects = append(rec.Aspects, report.RecapAspect{Code: a.Code, Name: a.Name, Weight: weightText(i18n.ID, a.Weight),
				Mean: hundredths(a.Mean), Units: a.Units})
		}
		rec.IPP, rec.Category, rec.Units = hundredths(m.IPP), m.Category.Kategori, m.Units
	}
	for _, wk := range d.Weakest {
		rec.Weakest = append(rec.Weakest, report.RecapIndicator{Code: wk.Code, Name: wk.Name, Mean: i18n.Decimal(i18n.ID, wk.Mean, 2), Low: wk.Low, Units: wk.Units})
	}
	for _, cy := range d.Cycles {
		rec.Coverage = append(rec.Coverage, report.RecapCycle{Start: cy.Window.Start, End: cy.Window.End,
			Visited: cy.Coverage.Visited, Due: cy.Coverage.Due, Share: i18n.Decimal(i18n.ID, cy.Coverage.Percent(), 1) + " %"})
	}
	body, err := report.CityRecapPDF(rec)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="rekap-pemantauan-`+d.City.Code+"-"+strconv.Itoa(d.Year)+`.pdf"`)
	w.Write(body)
}

// cityRecapXLSX: GET /kelola/pemantauan/kota/{code}/rekap.xlsx?tahun=YYYY —
// one row per unit in the ranking's order: its year result, aspect scores,
// users' part and final index, and its findings waiting and overdue.
func (s *Server) cityRecapXLSX(w http.ResponseWriter, r *http.Request) {
	d, err := s.cityData(r)
	var stats map[string]finding.Stats
	if err == nil {
		stats, err = s.recapFindings(r, d)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cols := []report.Column{{Title: "peringkat", Kind: report.Int}, {Title: "unit_code", Width: 18}, {Title: "nama", Width: 44},
		{Title: "kunjungan", Kind: report.Date}, {Title: "ipp", Kind: report.Decimal, Places: 2}, {Title: "kategori", Width: 10}}
	for _, c := range d.Columns {
		cols = append(cols, report.Column{Title: c.Code + " " + c.Name, Kind: report.Decimal, Places: 2})
	}
	cols = append(cols, report.Column{Title: "pengguna_skm", Kind: report.Decimal, Places: 2}, report.Column{Title: "porsi_pengguna", Kind: report.Int},
		report.Column{Title: "indeks_akhir", Kind: report.Decimal, Places: 2}, report.Column{Title: "kategori_akhir", Width: 10},
		report.Column{Title: "temuan_terbuka", Kind: report.Int}, report.Column{Title: "temuan_lewat_batas", Kind: report.Int})
	e := report.Export{Sheet: "Rekap " + strconv.Itoa(d.Year), Columns: cols, Rows: func(add func(...any) error) error {
		for _, row := range d.Ranked {
			st := stats[row.Unit.ID]
			cells := []any{nil, row.Unit.Code, row.Unit.Name, nil, nil, nil}
			scores := make([]any, len(d.Columns))
			var users, final, finalCat any
			if o := row.Latest; o != nil {
				cells = []any{row.Rank, row.Unit.Code, row.Unit.Name, o.DoneOn, float64(o.Result.IPP) / 100, o.Result.Category}
				for i, c := range d.Columns {
					for _, a := range o.Result.Aspects {
						if a.Code == c.Code {
							scores[i] = float64(a.Hundredths) / 100
						}
					}
				}
				if h := row.Year.Users(); h >= 0 {
					users = float64(h) / 100
				}
				if row.Year.Combined() {
					final, finalCat = float64(row.Year.Final.Rounded)/100, row.Year.Final.Category.Kategori
				}
			}
			cells = append(append(cells, scores...), users, d.Share.Share, final, finalCat, st.Open+st.Overdue, st.Overdue)
			if err := add(cells...); err != nil {
				return err
			}
		}
		return nil
	}}
	s.sendExport(w, r, "rekap-pemantauan-"+d.City.Code+"-"+strconv.Itoa(d.Year), "xlsx", e)
}
