package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
)

// TestChooseVisitInstrument: before any score a visit's instrument may be
// chosen, the city's checklist or PEKPPP, and chosen again, each audited;
// once a score is recorded under it the choice is fixed, and scores under
// another version are refused.
func TestChooseVisitInstrument(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ptsp, _, v := plannedVisit(t, db)
		def, err := instrument.ParseChecklist("Ceklis kunjungan", "@umum | Umum | 100\nk1 | Papan informasi\nk2 | Ruang tunggu\n")
		if err != nil {
			t.Fatal(err)
		}
		checklist, err := db.AddChecklistVersion(ctx, admin, "31.72", def)
		if err != nil {
			t.Fatal(err)
		}
		var pekppp *store.InstrumentVersion
		versions, _ := db.InstrumentVersions(ctx)
		for i := range versions {
			if versions[i].Kind == instrument.KindPEKPPP {
				pekppp = &versions[i]
				break
			}
		}
		version := func() string {
			got, err := db.VisitByID(ctx, ptsp.ID, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.InstrumentVersionID
		}
		if err := db.ChooseVisitInstrument(ctx, admin, ptsp, v.ID, pekppp); err != nil || version() != pekppp.ID {
			t.Fatalf("PEKPPP chosen: %q, %v", version(), err)
		}
		if err := db.ChooseVisitInstrument(ctx, admin, ptsp, v.ID, checklist); err != nil || version() != checklist.ID {
			t.Fatalf("the checklist chosen instead: %q, %v", version(), err)
		}
		s := monitor.Score{Side: monitor.TeamSide, Indicator: "k1", Level: 4}
		if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, checklist.ID, s, "", nil); err != nil {
			t.Fatal(err)
		}
		if err := db.ChooseVisitInstrument(ctx, admin, ptsp, v.ID, pekppp); !errs.Is(err, errs.Conflict) || version() != checklist.ID {
			t.Errorf("changed after a score: %q, %v", version(), err)
		}
		if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, pekppp.ID, monitor.Score{Side: monitor.TeamSide, Indicator: "1.a.Ak", Level: 3}, "", nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("a PEKPPP score on a checklist visit: %v", err)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{Action: "visit.instrument"})
		if len(entries) != 2 || entries[0].UnitID != ptsp.ID {
			t.Errorf("audit: %+v", entries)
		}
	})
}

// TestSaveTeamScores: a whole sheet of team scores is stored in one go
// with one audit row and fixes the visit's version; a sheet under another
// version changes nothing, and a visit done takes none.
func TestSaveTeamScores(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ptsp, team, v := plannedVisit(t, db)
		versions, _ := db.InstrumentVersions(ctx)
		var iv *store.InstrumentVersion
		for i := range versions {
			if versions[i].Kind == instrument.KindPEKPPP && iv == nil {
				iv = &versions[i]
			}
		}
		var sheet, other []monitor.Score
		for i, c := range iv.ScoredIndicators() {
			sheet = append(sheet, monitor.Score{Indicator: c, Level: i % 6})
			other = append(other, monitor.Score{Indicator: c, Level: 5})
		}
		if err := db.SaveTeamScores(ctx, admin, ptsp, v.ID, iv.ID, sheet); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveTeamScores(ctx, admin, ptsp, v.ID, "another-version", other); !errs.Is(err, errs.Conflict) {
			t.Errorf("a sheet under another version: %v", err)
		}
		rec, err := db.VisitDetails(ctx, ptsp.ID, v.ID)
		if err != nil || rec.InstrumentVersionID != iv.ID || len(rec.Scores) != len(sheet) {
			t.Fatalf("the sheet: %d scores, version %q, %v", len(rec.Scores), rec.InstrumentVersionID, err)
		}
		levels := monitor.Levels(rec.Scores, monitor.TeamSide)
		for _, sc := range sheet {
			if levels[sc.Indicator] != sc.Level {
				t.Errorf("%s: level %d, want %d", sc.Indicator, levels[sc.Indicator], sc.Level)
			}
		}
		res, err := iv.Score(levels)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteVisit(ctx, admin, ptsp, v.ID, store.VisitStep{Team: team, Window: monitor.WindowAt(monitor.Default, db.Now()), Done: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}, res); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveTeamScores(ctx, admin, ptsp, v.ID, iv.ID, other); !errs.Is(err, errs.Conflict) {
			t.Errorf("a sheet on a visit done: %v", err)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{Action: "visit.score"})
		if len(entries) != 1 || entries[0].Detail != "30 indikator" {
			t.Errorf("audit %+v", entries)
		}
	})
}
