package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/monitor"
	"mutu/internal/store"
)

// TestUnitResults: a unit's results over time are its visits done with
// a stored result, oldest first, each with the IPP, category and aspect
// scores stored; a visit only planned, or another unit's, is not among
// them.
func TestUnitResults(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ptsp, team := ptspTeam(t, db)
		if got, err := db.UnitResults(ctx, ptsp.ID); err != nil || len(got) != 0 {
			t.Fatalf("before any visit: %v, %v", got, err)
		}
		// Two visits done, recorded newest first, and one only planned.
		later := scoredVisit(t, db, team, ptsp.ID, time.Date(2026, 9, 10, 0, 0, 0, 0, time.UTC), 5)
		earlier := scoredVisit(t, db, team, ptsp.ID, time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC), 3)
		if _, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: monitor.WindowAt(monitor.Default, db.Now()),
			Plan: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		got, err := db.UnitResults(ctx, ptsp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != earlier || got[1].ID != later {
			t.Fatalf("results %+v", got)
		}
		if got[0].Result.IPP != 300 || got[1].Result.IPP != 500 || got[1].Result.Category == "" || len(got[0].Result.Aspects) == 0 ||
			got[0].Result.Aspects[0].Hundredths != 300 || got[0].DoneOn.Format(time.DateOnly) != "2026-05-12" {
			t.Errorf("results %+v", got)
		}
		other, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		if got, err := db.UnitResults(ctx, other.ID); err != nil || len(got) != 0 {
			t.Errorf("another unit: %v, %v", got, err)
		}

		// The city's year: a visit of another city's unit, and one of
		// another year, are not in it.
		south, _ := db.UnitByCode(ctx, "PTSP-31.74")
		team.UnitIDs = append(team.UnitIDs, other.ID, south.ID)
		if err := db.SaveTeam(ctx, admin, team, false, nil); err != nil {
			t.Fatal(err)
		}
		pkm := scoredVisit(t, db, team, other.ID, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 2)
		scoredVisit(t, db, team, south.ID, time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC), 4)
		scoredVisit(t, db, team, other.ID, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 1)
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
		year, err := db.ResultsIn(ctx, "31.72", from, to)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{}
		for _, o := range year {
			ids[o.ID] = true
		}
		if len(year) != 3 || !ids[earlier] || !ids[later] || !ids[pkm] {
			t.Errorf("the city's year: %d results %v", len(year), ids)
		}
		levels, err := db.TeamLevelsIn(ctx, "31.72", from, to)
		if err != nil {
			t.Fatal(err)
		}
		per := map[string]int{}
		for _, l := range levels {
			per[l.VisitID]++
			if l.VisitID == pkm && l.Level != 2 || l.VisitID == earlier && l.Level != 3 {
				t.Errorf("level %+v", l)
			}
		}
		if len(per) != 3 || per[pkm] == 0 || per[pkm] != per[earlier] {
			t.Errorf("the city's levels by visit %v", per)
		}
	})
}

// scoredVisit records a visit of unitID done on the day, every PEKPPP
// indicator scored at level by the team, and stores its result; it
// returns the visit's id.
func scoredVisit(t *testing.T, db *store.DB, team *monitor.Team, unitID string, done time.Time, level int) string {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByID(ctx, unitID)
	if err != nil {
		t.Fatal(err)
	}
	w := monitor.WindowAt(monitor.Default, done)
	v, err := db.RecordVisit(ctx, admin, u, store.VisitStep{Team: team, Window: w, Plan: done})
	if err != nil {
		t.Fatal(err)
	}
	versions, err := db.InstrumentVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var iv *store.InstrumentVersion
	for i := range versions {
		if versions[i].Instrument == "pekppp" {
			iv = &versions[i]
			break
		}
	}
	levels := map[string]int{}
	for _, c := range iv.ScoredIndicators() {
		levels[c] = level
		if _, err := db.SaveVisitScore(ctx, admin, u, v.ID, iv.ID, monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: level}, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	res, err := iv.Score(levels)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CompleteVisit(ctx, admin, u, v.ID, store.VisitStep{Team: team, Window: w, Done: done}, res); err != nil {
		t.Fatal(err)
	}
	return v.ID
}
