package report

import (
	"context"
	"time"

	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// Assemble reads everything the Laporan SKM of a unit and period needs from
// the store. Web handlers and the command line both call it.
func Assemble(ctx context.Context, db *store.DB, u *unit.Unit, rng skm.Range, label string, now time.Time) (SKMReport, error) {
	in, err := db.Instrument(ctx, skm.Current)
	if err != nil {
		return SKMReport{}, err
	}
	sum, err := skm.Summarize(ctx, db, u.ID, "", rng)
	if err != nil {
		return SKMReport{}, err
	}
	// The working days of the schedule are those of the complaint
	// deadlines: the holidays table an administrator keeps.
	cal, err := db.Calendar(ctx)
	if err != nil {
		return SKMReport{}, err
	}
	r := SKMReport{UnitName: u.Name, UnitCode: u.Code, PeriodLabel: label, Range: rng, Instrument: in, Result: sum.Result,
		Population: sum.Population, SampleTarget: sum.SampleTarget, Profile: sum.Profile, Generated: now, Calendar: cal}
	path, err := db.RegionPath(ctx, u.RegionCode) // never empty without an error
	if err != nil {
		return SKMReport{}, err
	}
	r.RegionName = path[len(path)-1].Name
	if r.Front, err = assembleFront(ctx, db, u, path); err != nil {
		return SKMReport{}, err
	}
	if types, err := db.UnitTypes(ctx); err == nil {
		for _, t := range types {
			if t.Code == u.TypeCode {
				r.UnitType = t.NameID
			}
		}
	}
	serviceName := map[string]string{}
	for _, s := range u.Services {
		serviceName[s.ID] = s.Name
	}
	rows, err := db.Tallies(ctx, store.TallyQuery{Range: rng, Instrument: in.Code, UnitIDs: []string{u.ID}, ByService: true})
	if err != nil {
		return SKMReport{}, err
	}
	for _, row := range rows {
		t, _ := row.Tally(len(in.Elements))
		res, err := skm.Compute(in, t, skm.Exact)
		if err != nil {
			return SKMReport{}, err
		}
		name := serviceName[row.ServiceID]
		if name == "" {
			name = noService
		}
		r.Services = append(r.Services, ServiceResult{Name: name, Result: res})
	}
	resps, err := db.ResponsesInRange(ctx, u.ID, rng)
	if err != nil {
		return SKMReport{}, err
	}
	if int64(len(resps)) == sum.Respondents {
		for i, resp := range resps {
			r.Respondents = append(r.Respondents, RespondentRow{No: i + 1, Date: resp.SurveyDate, Service: serviceName[resp.ServiceID], Age: resp.Age,
				Sex: resp.Sex, Education: resp.Education, Occupation: resp.Occupation, Answers: resp.Answers[:len(in.Elements)], Saran: resp.Saran})
		}
	}
	// Trend: the periods of the same kind before this one (a year with
	// years, a quarter with quarters), those with a result.
	kind, periods, err := trendPeriods(rng, trendCount)
	if err != nil {
		return SKMReport{}, err
	}
	r.TrendKind = kind
	for _, tp := range periods {
		qs, err := skm.Summarize(ctx, db, u.ID, "", tp.Range)
		if err != nil {
			return SKMReport{}, err
		}
		if qs.Complete {
			// The official figure (half-up hundredths), like this period's,
			// so a change is the difference of the two numbers printed.
			r.Trend = append(r.Trend, TrendPoint{Label: tp.Label, Konversi: float64(qs.KonversiHundredths) / 100, Mutu: qs.Mutu})
		}
	}
	actions, err := db.Actions(ctx, u.ID)
	if err != nil {
		return SKMReport{}, err
	}
	statusName := map[skm.ActionStatus]string{skm.Planned: "Rencana", skm.InProgress: "Berjalan", skm.Done: "Selesai"}
	for _, a := range actions {
		if a.Range.From > rng.To || a.Range.To < rng.From {
			continue
		}
		name := a.Element
		if i := in.ElementIndex(a.Element); i >= 0 {
			name += " " + in.Elements[i].Name
		}
		r.Actions = append(r.Actions, Action{No: len(r.Actions) + 1, Element: name, Programme: a.Programme, Timeline: a.Timeline,
			Responsible: a.Responsible, Status: statusName[a.Status]})
	}
	return r, nil
}
