package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/innovation"
	"mutu/internal/store"
)

func TestInnovations(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Now = func() time.Time { return time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) }
		dkp, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		selatan, err := db.UnitByCode(ctx, "DKP-31.74")
		if err != nil {
			t.Fatal(err)
		}
		launch := time.Date(2024, 3, 1, 0, 0, 0, 0, clock.Jakarta)
		a := innovation.Innovation{Name: "Kependudukan Online", Acronym: "KOPILATE", Problem: "Antre", Description: "Daring",
			LaunchedOn: launch, Status: innovation.Running, ServiceIDs: []string{dkp.Services[0].ID, dkp.Services[1].ID}}
		scan := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "sk.pdf", ContentType: "application/pdf", Size: 10, SHA256: "ab"}, Kind: "innovation"}
		if err := db.CreateInnovation(ctx, admin, dkp, &a, []store.EvidenceFile{scan}); err != nil || a.ID == "" {
			t.Fatalf("save %+v: %v", a, err)
		}
		planned := innovation.Innovation{Name: "Rencana", Problem: "p", Description: "d", LaunchedOn: launch.AddDate(3, 0, 0),
			Status: innovation.Planned, ServiceIDs: []string{dkp.Services[2].ID}}
		catin := innovation.Innovation{Name: "Elektronik Calon Pengantin", Acronym: "E-CATIN", Problem: "p", Description: "d",
			LaunchedOn: launch, Status: innovation.Trial, ServiceIDs: []string{pkm.Services[0].ID}}
		other := innovation.Innovation{Name: "Selatan", Problem: "p", Description: "d", LaunchedOn: launch, Status: innovation.Stopped,
			ServiceIDs: []string{selatan.Services[0].ID}}
		if err := db.CreateInnovation(ctx, admin, dkp, &planned, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInnovation(ctx, admin, pkm, &catin, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInnovation(ctx, admin, selatan, &other, nil); err != nil {
			t.Fatal(err)
		}

		// Edit: fields and services replaced, files kept.
		a.Name, a.ServiceIDs = "Konsultasi Pintar Lewat Telepon", []string{dkp.Services[1].ID}
		if err := db.UpdateInnovation(ctx, admin, dkp, &a); err != nil {
			t.Fatal(err)
		}
		got, err := db.InnovationOf(ctx, dkp.ID, a.ID)
		if err != nil || got.Name != "Konsultasi Pintar Lewat Telepon" || len(got.ServiceIDs) != 1 || got.ServiceIDs[0] != dkp.Services[1].ID ||
			!got.LaunchedOn.Equal(launch) || got.Status != innovation.Running || got.UnitCode != "DKP-31.72" || got.UpdatedBy != admin.Name {
			t.Fatalf("innovation %+v, %v", got, err)
		}
		if ev, err := db.Evidence(ctx, dkp.ID, store.OwnerInnovation); err != nil || len(ev[a.ID]) != 1 {
			t.Fatalf("evidence %+v, %v", ev, err)
		}
		// More evidence later, through the shared evidence code.
		more := scan
		more.ID = store.NewID()
		if err := db.AddEvidence(ctx, admin, dkp, store.OwnerInnovation, a.ID, "KOPILATE", []store.EvidenceFile{more}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddEvidence(ctx, admin, pkm, store.OwnerInnovation, a.ID, "KOPILATE", []store.EvidenceFile{more}); !errs.Is(err, errs.NotFound) {
			t.Errorf("evidence for another unit's innovation: %v", err)
		}
		// Another unit's innovation is not found through this unit.
		wrong := catin
		if err := db.UpdateInnovation(ctx, admin, dkp, &wrong); !errs.Is(err, errs.NotFound) {
			t.Errorf("saving another unit's innovation: %v", err)
		}
		if _, err := db.InnovationOf(ctx, dkp.ID, catin.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another unit's innovation: %v", err)
		}

		// Lists: the unit's (planned too), the public catalogue of a city
		// (launched only), newest launch first.
		mine, err := db.UnitInnovations(ctx, dkp.ID)
		if err != nil || len(mine) != 2 || mine[0].ID != planned.ID {
			t.Fatalf("unit innovations %+v, %v", mine, err)
		}
		pub, err := db.Innovations(ctx, store.InnovationFilter{RegionCode: "31.72", Public: true})
		if err != nil || len(pub) != 2 {
			t.Fatalf("public catalogue of 31.72: %+v, %v", pub, err)
		}
		for _, p := range pub {
			if p.Status == innovation.Planned || p.RegionCode[:5] != "31.72" || len(p.ServiceIDs) == 0 {
				t.Errorf("catalogue row %+v", p)
			}
		}
		if none, err := db.Innovations(ctx, store.InnovationFilter{UnitIDs: []string{}}); err != nil || len(none) != 0 {
			t.Errorf("no units: %v, %v", none, err)
		}
		counts, err := db.InnovationCounts(ctx, "31.72")
		if err != nil || counts[dkp.ID] != (store.InnovationCount{UnitID: dkp.ID, Launched: 1, Total: 2}) ||
			counts[pkm.ID] != (store.InnovationCount{UnitID: pkm.ID, Launched: 1, Total: 1}) || len(counts) != 2 {
			t.Errorf("counts %+v, %v", counts, err)
		}

		entries, err := db.AuditLog(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			if e.ObjectType == store.OwnerInnovation {
				seen[e.Action]++
			}
		}
		if seen["innovation.create"] != 4 || seen["innovation.update"] != 1 || seen["evidence.add"] != 1 {
			t.Errorf("audit %v", seen)
		}
	})
}
