package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"mutu/internal/audit"
	"mutu/internal/monitor"
	"mutu/internal/store"
)

// Monitoring sets up Jakarta Utara's monitoring team (tim pelaksana
// pengendalian dan evaluasi pelayanan publik, SK E.0066/2022), its
// cadence (every two months, a week's reminder), and a year of visits
// before now: most units visited in each window (each visit done scored
// on PEKPPP with its coaching notes and attendance: visits.go), some
// missed (overdue), and in the window now open some done, some planned,
// some not yet planned. Which unit gets what is fixed by its code, so
// every demo is the same. The decree's scan is not part of the demo.
func Monitoring(ctx context.Context, db *store.DB, now time.Time) error {
	users := map[string]string{}
	for _, name := range []string{"evaluator.jakut", "admin.jakut"} {
		u, err := db.UserByUsername(ctx, name)
		if err != nil {
			return fmt.Errorf("seed monitoring: %w", err)
		}
		users[name] = u.ID
	}
	c := monitor.Cadence{RegionCode: "31.72", Months: 2, ReminderDays: 7}
	if err := db.SaveCadence(ctx, audit.CLI, c); err != nil {
		return err
	}
	team := &monitor.Team{ID: store.NewID(), RegionCode: "31.72",
		Name:         "Tim Pelaksana Pengendalian dan Evaluasi Pelayanan Publik Kota Administrasi Jakarta Utara",
		DecreeNumber: "E.0066/2022", DecreeDate: time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC), // the decree's day is not in the sources: a placeholder
		Regions: []string{"31.72"},
		Members: []monitor.Member{{UserID: users["evaluator.jakut"], Role: monitor.Ketua}, {UserID: users["admin.jakut"], Role: monitor.Sekretaris}}}
	if err := db.SaveTeam(ctx, audit.CLI, team, true, nil); err != nil {
		return err
	}
	units, err := db.ScopeUnits(ctx, []monitor.Team{*team})
	if err != nil {
		return err
	}
	iv, err := pekppp(ctx, db)
	if err != nil {
		return err
	}
	today := monitor.Day(now)
	current := monitor.WindowAt(c, now)
	cycle := 0
	for w := monitor.WindowAt(c, now.AddDate(-1, 0, 0)); !w.Start.After(current.Start); w, cycle = monitor.WindowAt(c, w.End.AddDate(0, 0, 1)), cycle+1 {
		days := int(w.End.Sub(w.Start).Hours()/24) + 1
		for i := range units {
			u := &units[i]
			h := fnv.New32a()
			h.Write([]byte(u.Code + w.Key()))
			roll := int(h.Sum32() % 100)
			on := w.Start.AddDate(0, 0, int(h.Sum32()/100)%days)
			st := store.VisitStep{Team: team, Window: w}
			switch {
			case w != current && roll < 80, w == current && roll < 40 && !on.After(today):
				if err := scoredVisit(ctx, db, u, st, on, iv, cycle); err != nil {
					return fmt.Errorf("seed visit %s %s: %w", u.Code, w.Key(), err)
				}
				continue
			case w != current && roll < 88:
				st.Plan = on // planned, never done: overdue
			case w == current && roll < 80 && !on.Before(today):
				st.Plan = on
			default:
				continue // not planned: overdue in a closed window, due in the open one
			}
			if _, err := db.RecordVisit(ctx, audit.CLI, u, st); err != nil {
				return fmt.Errorf("seed visit %s %s: %w", u.Code, w.Key(), err)
			}
		}
	}
	return nil
}
