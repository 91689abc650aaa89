package store_test

import (
	"bytes"
	"context"
	"testing"

	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// UnitsByCode finds units by codes however they are typed, inactive ones
// too, and leaves unknown codes out.
func TestUnitsByCode(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		if _, err := unit.Import(ctx, db, admin, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
			t.Fatal(err)
		}
		ptsp, err := db.UnitByCode(ctx, "PTSP-31.74")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetUnitActive(ctx, admin, ptsp, false); err != nil {
			t.Fatal(err)
		}
		got, err := db.UnitsByCode(ctx, []string{" pkm-31.72.01", "PTSP-31.74", "TIDAK-ADA"})
		if err != nil || len(got) != 2 || got["PKM-31.72.01"].Name != "Puskesmas Kecamatan Penjaringan" || got["PTSP-31.74"].Active {
			t.Fatalf("units by code: %v %v", got, err)
		}
		if got, err := db.UnitsByCode(ctx, nil); err != nil || len(got) != 0 {
			t.Fatalf("no codes: %v %v", got, err)
		}
	})
}
