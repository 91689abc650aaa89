package store_test

import (
	"context"
	"testing"

	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
)

// TestTextRefused: PostgreSQL refuses a NUL byte or invalid UTF-8 in a
// query, read or write; IsTextRefused recognises that error (the web layer
// answers it with 422, never 500), and the refused write stores nothing.
func TestTextRefused(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := db.UnitByCode(ctx, "PKM\x00")
		if pg := db.Engine == store.Postgres; pg != store.IsTextRefused(err) || !pg && !errs.Is(err, errs.NotFound) {
			t.Errorf("UnitByCode with NUL on %s: %v", db.Engine, err)
		}
		for _, name := range []string{"DKI\x00Jakarta", "DKI \xff Jakarta"} {
			err := db.UpsertRegions(ctx, admin, []region.Region{{Code: "31", Name: name, Level: region.Province}}, nil)
			if db.Engine != store.Postgres {
				continue
			}
			if !store.IsTextRefused(err) {
				t.Fatalf("write of %q on PostgreSQL: %v", name, err)
			}
			if _, err := db.Region(ctx, "31"); !errs.Is(err, errs.NotFound) {
				t.Errorf("the refused write stored the region: %v", err)
			}
		}
		if store.IsTextRefused(nil) || store.IsTextRefused(errs.New(errs.Invalid, "x")) {
			t.Error("IsTextRefused is true for other errors")
		}
	})
}
