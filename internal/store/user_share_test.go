package store_test

import (
	"context"
	"strings"
	"testing"

	"mutu/internal/store"
)

// TestUserShare: without a setting the share is the default (0); each
// save is the region's next version, audited; a city without its own
// takes its province's latest; the history lists the region's own
// versions newest first.
func TestUserShare(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if s, err := db.UserShareOf(ctx, "31.72"); err != nil || s.Share != 0 || s.Version != 0 || s.RegionCode != "" {
			t.Fatalf("default %+v, %v", s, err)
		}
		for _, st := range []struct {
			region string
			share  int
		}{{"31", 40}, {"31.72", 30}, {"31.72", 25}} {
			if _, err := db.SaveUserShare(ctx, admin, st.region, st.share); err != nil {
				t.Fatal(err)
			}
		}
		if s, _ := db.UserShareOf(ctx, "31.72"); s.Share != 25 || s.Version != 2 || s.RegionCode != "31.72" || s.UpdatedBy != admin.Name {
			t.Errorf("the city's latest: %+v", s)
		}
		if s, _ := db.UserShareOf(ctx, "31.74"); s.Share != 40 || s.RegionCode != "31" {
			t.Errorf("a city without its own takes the province's: %+v", s)
		}
		h, err := db.UserShareHistory(ctx, "31.72")
		if err != nil || len(h) != 2 || h[0].Version != 2 || h[0].Share != 25 || h[1].Share != 30 {
			t.Errorf("history %+v, %v", h, err)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Action: "monitoring.user_share"})
		if err != nil || len(entries) != 3 || !strings.Contains(entries[0].Detail, "versi 2: pengguna (SKM) 25%") {
			t.Errorf("audit %+v, %v", entries, err)
		}
	})
}
