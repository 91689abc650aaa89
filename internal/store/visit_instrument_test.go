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
		ptsp, team := ptspTeam(t, db)
		w := monitor.WindowAt(monitor.Default, db.Now())
		v, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: w, Plan: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
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
