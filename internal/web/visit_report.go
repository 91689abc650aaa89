package web

import (
	"net/http"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/report"
	"mutu/internal/store"
)

// visitReportPDF: GET …/kunjungan/{id}/berita-acara.pdf — the berita acara
// of a done visit, for whoever may read the visit (visitData decides). It
// is an official paper and written in Indonesian whatever the reader's
// language; before the visit is done there is nothing to sign (404).
func (s *Server) visitReportPDF(w http.ResponseWriter, r *http.Request) {
	body, name, err := s.visitReport(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(body)
}

func (s *Server) visitReport(r *http.Request) ([]byte, string, error) {
	ctx := r.Context()
	d, err := s.visitData(r)
	if err != nil {
		return nil, "", err
	}
	rec := d.Visit
	if !d.Done || rec.Result == nil {
		return nil, "", errs.New(errs.NotFound, "visit.err.report_not_done")
	}
	front, err := report.VisitFront(ctx, s.db, d.Unit)
	if err != nil {
		return nil, "", err
	}
	rep := report.VisitReport{Front: front, Unit: d.Unit.Name, Code: d.Unit.Code, Day: rec.DoneOn,
		Instrument: d.Version.Name + " (" + d.Version.Label + ")", IPP: hundredths(rec.Result.IPP), Category: rec.Result.Category,
		Coaching: rec.Coaching, Generated: s.db.Now()}
	if rec.TeamID != "" {
		team, err := s.db.Team(ctx, rec.TeamID)
		if err != nil {
			return nil, "", err
		}
		rep.Team = team.Name
		if team.DecreeNumber != "" {
			rep.Decree = "SK " + team.DecreeNumber
			if !team.DecreeDate.IsZero() {
				rep.Decree += " tanggal " + i18n.Date(i18n.ID, team.DecreeDate)
			}
		}
		// Ketua first, then sekretaris, then anggota: the order they sign in.
		for _, role := range []monitor.Role{monitor.Ketua, monitor.Sekretaris, monitor.Anggota} {
			for _, m := range team.Members {
				if m.Role == role {
					rep.Members = append(rep.Members, report.VisitPerson{Name: m.Name, Role: string(m.Role)})
				}
			}
		}
	}
	for _, a := range rec.Attendees {
		rep.Attendees = append(rep.Attendees, report.VisitPerson{Name: a.Name, Role: a.Title})
	}
	for _, a := range rec.Result.Aspects {
		rep.Aspects = append(rep.Aspects, report.VisitAspect{Code: a.Code, Name: a.Name, Weight: weightText(i18n.ID, a.Weight), Score: hundredths(a.Hundredths)})
	}
	for _, row := range d.Rows {
		if row.Team != nil && row.Team.Level <= report.LowLevel {
			rep.Low = append(rep.Low, report.VisitLow{Code: row.Ind.Code, Name: row.Ind.Name, Level: row.Team.Level, Note: row.Team.Note})
		}
	}
	for _, in := range d.Innovations {
		vi := report.VisitInnovation{Title: in.Title(), Status: i18n.T(i18n.ID, "innovation.status."+string(in.Status))}
		if !in.LaunchedOn.IsZero() {
			vi.Launched = i18n.Date(i18n.ID, in.LaunchedOn)
		}
		rep.Innovations = append(rep.Innovations, vi)
	}
	fs, err := s.db.Findings(ctx, store.FindingFilter{UnitID: d.Unit.ID})
	if err != nil {
		return nil, "", err
	}
	for _, f := range fs {
		if f.VisitID == rec.ID {
			rep.Findings = append(rep.Findings, report.VisitFinding{Indicator: f.Indicator, Severity: i18n.T(i18n.ID, "finding.severity."+string(f.Severity)),
				Recommendation: f.Recommendation, Responsible: f.Responsible, Due: f.DueOn})
		}
	}
	body, err := report.VisitReportPDF(rep)
	return body, "berita-acara-" + d.Unit.Code + "-" + rec.DoneOn.Format("2006-01-02") + ".pdf", err
}

// hundredths is a score kept in hundredths as Indonesian text ("4,12").
func hundredths(h int64) string { return i18n.Decimal(i18n.ID, float64(h)/100, 2) }
