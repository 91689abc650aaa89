package store_test

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/store"
)

func TestScoredInstruments(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Now = func() time.Time { return time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) }
		// Seeded once, whatever the number of migrations run.
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		all, err := db.InstrumentVersions(ctx)
		if err != nil || len(all) != 5 {
			t.Fatalf("versions after seeding: %d %v", len(all), err)
		}
		pek := all[0]
		if pek.Label != "pekppp-2023" || pek.Kind != instrument.KindPEKPPP || pek.RegionCode != "" || len(pek.ScoredIndicators()) != 30 {
			t.Fatalf("seeded PEKPPP: %+v", pek)
		}
		// The stored data scores exactly as the shipped data: weights kept
		// as decimals, unknown weights still unknown and assumed alike.
		scores := map[string]int{}
		for i, c := range pek.ScoredIndicators() {
			scores[c] = i % 6
		}
		stored, err := pek.Score(scores)
		if err != nil {
			t.Fatal(err)
		}
		shipped, _ := instrument.Builtin()[0].Score(scores)
		if stored.Exact.Cmp(shipped.Exact) != 0 || stored.Category != shipped.Category || !pek.Weights()["18.c.K"].Assumed {
			t.Errorf("stored %s %+v, shipped %s %+v", stored.Exact.RatString(), stored.Category, shipped.Exact.RatString(), shipped.Category)
		}

		// A city's checklist: each save is the next version; the earlier
		// one stays as it was.
		list := func(name string, w1, w2 string) *instrument.Version {
			p1, p2 := instrument.Percent(w1), instrument.Percent(w2)
			return &instrument.Version{Name: name, Scale: instrument.Scale{Min: 0, Max: 5},
				Aspects: []instrument.Aspect{{Code: "umum", Name: "Umum", Weight: "100", Indicators: []instrument.Indicator{
					{Code: "k1", Name: "Papan informasi SP", Scored: true, Weight: &p1},
					{Code: "k2", Name: "Ruang tunggu", Scored: true, Weight: &p2}}}}}
		}
		v1, err := db.AddChecklistVersion(ctx, admin, "31.72", list("Ceklis kunjungan Jakarta Utara", "40", "60"))
		if err != nil || v1.Label != "ceklis-31.72-v1" || v1.Number != 1 || v1.Instrument != "ceklis-31.72" {
			t.Fatalf("first checklist version: %+v %v", v1, err)
		}
		v2, err := db.AddChecklistVersion(ctx, admin, "31.72", list("Ceklis kunjungan Jakarta Utara 2027", "50", "50"))
		if err != nil || v2.Label != "ceklis-31.72-v2" || v2.Number != 2 || v2.ID == v1.ID {
			t.Fatalf("second checklist version: %+v %v", v2, err)
		}
		got, err := db.InstrumentVersionByID(ctx, v1.ID)
		if err != nil || got.Label != "ceklis-31.72-v1" || got.RegionCode != "31.72" || got.CreatedBy != admin.Name ||
			string(*got.Aspects[0].Indicators[0].Weight) != "40" || !got.CreatedAt.Equal(db.Now()) {
			t.Fatalf("v1 after v2: %+v %v", got, err)
		}
		if _, err := db.InstrumentVersionByID(ctx, "no-such-id"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown id: %v", err)
		}
		// An invalid version is refused with its problems and stores nothing.
		_, err = db.AddChecklistVersion(ctx, admin, "31.72", list("Ceklis", "40", "40"))
		if e, ok := errs.As(err); !ok || e.Code != errs.Invalid || e.Fields[0].Name != "aspects.umum.indicators" {
			t.Errorf("invalid version: %v", err)
		}
		all, _ = db.InstrumentVersions(ctx)
		if len(all) != 7 || all[0].Label != "pekppp-2023" || all[1].Label != "ombudsman-2024" || all[5].Label != "ceklis-31.72-v2" || all[6].Label != "ceklis-31.72-v1" {
			var labels []string
			for _, v := range all {
				labels = append(labels, v.Label)
			}
			t.Errorf("versions: %v", labels)
		}
		rows, err := db.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72", Action: "instrument.version"})
		if err != nil || len(rows) != 2 || rows[0].ObjectID != "ceklis-31.72-v2" || rows[0].Detail != "versi 2" {
			t.Errorf("audit: %+v %v", rows, err)
		}
	})
}

// The migration goes down and up again.
func TestInstrumentsMigrationDown(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.MigrateDownTo(ctx, 17); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if all, err := db.InstrumentVersions(ctx); err != nil || len(all) != 5 {
			t.Errorf("after down and up: %d %v", len(all), err)
		}
	})
}

// The Ombudsman's versions are seeded beside PEKPPP, one per year, and
// score from the store exactly as the shipped data: the index scale, the
// zones and the unconfirmed bounds survive storage.
func TestOmbudsmanVersionsSeeded(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		all, err := db.InstrumentVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, v := range all {
			if v.Kind == instrument.KindOmbudsman {
				labels = append(labels, v.Label)
			}
		}
		if strings.Join(labels, " ") != "ombudsman-2024 ombudsman-2023 ombudsman-2022 ombudsman-2021" {
			t.Fatalf("Ombudsman versions: %v", labels)
		}
		stored := all[1] // ombudsman-2024, newest first
		latest, _ := (&instrument.KepatuhanInput{}).Choose(instrument.Builtin())
		dims := map[string]*big.Rat{"input": big.NewRat(90, 1), "proses": big.NewRat(80, 1), "output": big.NewRat(70, 1), "pengaduan": big.NewRat(60, 1)}
		a, err := stored.ScoreAspects(dims)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := latest.ScoreAspects(dims)
		if a.Exact.Cmp(b.Exact) != 0 || a.Category != b.Category || !a.Category.Unconfirmed || a.Category.Zone != "kuning" ||
			stored.IndexScale == nil || stored.IndexScale.Max != 100 {
			t.Errorf("stored %s %+v, shipped %s %+v", a.Exact.RatString(), a.Category, b.Exact.RatString(), b.Category)
		}
		if zones := all[4]; zones.Label != "ombudsman-2021" || !zones.ZoneOnly || zones.Categories[0].Unconfirmed {
			t.Errorf("2021: %+v", zones.Version)
		}

		// An administrator's new bounds are the next version; the one
		// edited stays as it was.
		y2023 := all[2]
		edited, err := y2023.WithBounds(map[string]string{"A": "90", "B": "80", "C": "60", "D": "40"}, map[string]bool{"A": true})
		if err != nil {
			t.Fatal(err)
		}
		v5, err := db.AddEditedVersion(ctx, admin, &y2023, edited)
		if err != nil || v5.Label != "ombudsman-2023-v5" || v5.Number != 5 {
			t.Fatalf("edited: %+v %v", v5, err)
		}
		again, _ := v5.WithBounds(map[string]string{"A": "91", "B": "80", "C": "60", "D": "40"}, nil)
		if v6, err := db.AddEditedVersion(ctx, admin, v5, again); err != nil || v6.Label != "ombudsman-2023-v6" {
			t.Fatalf("edited again: %+v %v", v6, err)
		}
		got, err := db.InstrumentVersionByID(ctx, v5.ID)
		if err != nil || got.Categories[0].Min != 9000 || got.Categories[0].Unconfirmed || !got.Categories[1].Unconfirmed || got.CreatedBy != admin.Name {
			t.Errorf("stored edit: %+v %v", got, err)
		}
		if old, _ := db.InstrumentVersionByID(ctx, y2023.ID); old.Categories[0].Min != 8801 || old.Label != "ombudsman-2023" {
			t.Errorf("the edited version changed: %+v", old.Categories[0])
		}
		rows, err := db.AuditLog(ctx, store.AuditFilter{Action: "instrument.version"})
		if err != nil || len(rows) != 2 || rows[1].ObjectID != "ombudsman-2023-v5" || rows[1].Detail != "versi 5 dari ombudsman-2023: batas kategori" {
			t.Errorf("audit: %+v %v", rows, err)
		}
		// A city's checklist is not edited this way.
		city := store.InstrumentVersion{RegionCode: "31.72", Version: &instrument.Version{Instrument: "ceklis-31.72", Label: "ceklis-31.72-v1"}}
		if _, err := db.AddEditedVersion(ctx, admin, &city, edited); !errs.Is(err, errs.NotFound) {
			t.Errorf("checklist: %v", err)
		}
	})
}
