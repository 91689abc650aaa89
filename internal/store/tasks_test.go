package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/skm"
	"mutu/internal/store"
)

// TestTasks counts the follow-ups not done and the held responses of the
// units asked about, and nothing of the others.
func TestTasks(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.74")
		q3 := skm.Range{From: "2026-07-01", To: "2026-09-30"}
		for _, a := range []*skm.Action{
			{UnitID: pkm.ID, Element: "U1", Range: q3, Programme: "Papan alur", Timeline: "Okt 2026", Status: skm.Planned},
			{UnitID: pkm.ID, Element: "U2", Range: q3, Programme: "Loket tambahan", Timeline: "Nov 2026", Status: skm.InProgress},
			{UnitID: pkm.ID, Element: "U3", Range: q3, Programme: "Sudah", Timeline: "Sep 2026", Status: skm.Done},
			{UnitID: ptsp.ID, Element: "U1", Range: q3, Programme: "Lain", Timeline: "Okt 2026", Status: skm.Planned},
		} {
			if err := db.SaveAction(ctx, admin, "31.72", a); err != nil {
				t.Fatal(err)
			}
		}
		// 21 answers from one address in an hour: the last is held.
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		for i := range 21 {
			if _, err := db.SubmitResponse(ctx, webResponse(pkm, at.Add(time.Duration(i)*time.Minute), "10.0.0.9", i)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Tasks(ctx, []string{pkm.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0] != (store.UnitTasks{UnitID: pkm.ID, OpenActions: 2, Held: 1}) {
			t.Errorf("tasks of the puskesmas: %+v", got)
		}
		// In the order asked, each unit with its own counts only.
		got, err = db.Tasks(ctx, []string{ptsp.ID, pkm.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0] != (store.UnitTasks{UnitID: ptsp.ID, OpenActions: 1}) || got[1] != (store.UnitTasks{UnitID: pkm.ID, OpenActions: 2, Held: 1}) {
			t.Errorf("tasks of the PTSP and the puskesmas: %+v", got)
		}
		if got, _ := db.Tasks(ctx, nil); got != nil {
			t.Errorf("tasks of no unit: %+v", got)
		}
	})
}
