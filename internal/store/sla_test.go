package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

func TestSaveSLA(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		settings, err := db.SLASettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(settings) != len(complaint.Kinds) {
			t.Fatalf("%d settings, want one per kind", len(settings))
		}
		for i, s := range settings {
			if s.Kind != complaint.Kinds[i] || s.SLA != complaint.DefaultSLAs()[i] || s.UpdatedAt.IsZero() {
				t.Errorf("seeded %d: %+v", i, s)
			}
		}

		later := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return later }
		want := complaint.SLA{Kind: complaint.Aspiration, VerifyDays: 2, FirstResponseDays: 7, ResolutionDays: 30, AutoCloseDays: 14}
		if err := db.SaveSLA(ctx, admin, want); err != nil {
			t.Fatal(err)
		}
		slas, err := db.SLAs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if slas[complaint.Aspiration] != want {
			t.Errorf("saved %+v, want %+v", slas[complaint.Aspiration], want)
		}
		if d, _ := complaint.DefaultSLA(complaint.Complaint); slas[complaint.Complaint] != d {
			t.Errorf("another kind changed: %+v", slas[complaint.Complaint])
		}
		settings, _ = db.SLASettings(ctx)
		if !settings[1].UpdatedAt.Equal(later) {
			t.Errorf("updated_at %v, want %v", settings[1].UpdatedAt, later)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Action: "complaint_sla.update"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].ObjectID != "aspirasi" || entries[0].ActorName != admin.Name ||
			entries[0].Detail != "verify_days 3→2, first_response_days 5→7, resolution_days 60→30, auto_close_days 10→14" {
			t.Errorf("audit: %+v", entries)
		}

		// Invalid limits change nothing and write no audit row.
		for _, bad := range []complaint.SLA{
			{Kind: complaint.Aspiration, VerifyDays: 0, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 10},
			{Kind: complaint.Aspiration, VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 61},
			{Kind: "keluhan", VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 10},
		} {
			if err := db.SaveSLA(ctx, admin, bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("save %+v: %v, want invalid", bad, err)
			}
		}
		if err := db.ResetSLA(ctx, admin, "keluhan"); !errs.Is(err, errs.Invalid) {
			t.Errorf("reset of an unknown kind: %v", err)
		}
		if slas, _ := db.SLAs(ctx); slas[complaint.Aspiration] != want || len(slas) != len(complaint.Kinds) {
			t.Errorf("invalid save changed the limits: %+v", slas)
		}
		for action, n := range map[string]int{"complaint_sla.update": 1, "complaint_sla.reset": 0} {
			if entries, _ := db.AuditLog(ctx, store.AuditFilter{Action: action}); len(entries) != n {
				t.Errorf("%d %s audit rows after invalid saves, want %d", len(entries), action, n)
			}
		}

		// Restoring the defaults is audited too.
		if err := db.ResetSLA(ctx, admin, complaint.Aspiration); err != nil {
			t.Fatal(err)
		}
		d, _ := complaint.DefaultSLA(complaint.Aspiration)
		if slas, _ := db.SLAs(ctx); slas[complaint.Aspiration] != d {
			t.Errorf("after reset: %+v", slas[complaint.Aspiration])
		}
		entries, _ = db.AuditLog(ctx, store.AuditFilter{Action: "complaint_sla.reset"})
		if len(entries) != 1 || !strings.HasPrefix(entries[0].Detail, "verify_days 2→3,") {
			t.Errorf("reset audit: %+v", entries)
		}
	})
}
