package store_test

import (
	"context"
	"testing"

	"mutu/internal/store"
)

// UnitsByCode finds units by codes however they are typed, inactive ones
// too, and leaves unknown codes out.
func TestUnitsByCode(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
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
