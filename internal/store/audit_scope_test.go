package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// TestAuditRowsHaveScopeAndLabel: rows that used to have no region (a user
// created by a city administrator, the complaint time limits, a paper
// import, which wrote no row at all) get a scope at write time and name
// their object in words; each administrator sees the rows their region
// covers; the filters select by object text, action and dates.
func TestAuditRowsHaveScopeAndLabel(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 10, 0, 0, 0, clock.Jakarta)
		db.Now = func() time.Time { return now }
		loadUnits(t, db)
		pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		city := audit.Actor{UserID: "a1", Name: "admin.jakut"}
		op := &account.User{Username: "siti.pkm", Name: "Siti Rahayu", Role: account.Operator, UnitIDs: []string{pkm.ID}, PasswordHash: "x"}
		if err := db.CreateUser(ctx, city, op); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveSLA(ctx, admin, complaint.SLA{Kind: complaint.Complaint, VerifyDays: 4, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 10}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPopulation(ctx, city, pkm.ID, "", "Triwulan III 2026", skm.Range{From: "2026-07-01", To: "2026-09-30"}, 1200); err != nil {
			t.Fatal(err)
		}
		paper := "date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-11-20,4,4,4,4,4,4,4,4,4\n2026-11-20,3,3,3,3,3,3,3,3,3\n"
		if n, err := skm.ImportPaper(ctx, db, skm.PaperImport{Actor: city, UnitID: pkm.ID, Order: skm.PermenOrder, Now: now}, strings.NewReader(paper)); err != nil || n != 2 {
			t.Fatalf("paper import: %d %v", n, err)
		}

		seen := func(f store.AuditFilter) map[string]audit.Entry {
			t.Helper()
			list, err := db.AuditLog(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]audit.Entry{}
			for _, e := range list {
				out[e.Action] = e
			}
			return out
		}
		prov := seen(store.AuditFilter{RegionCode: "31"})
		for action, label := range map[string]string{
			"user.create":          "Siti Rahayu",
			"complaint_sla.update": "Batas waktu " + string(complaint.Complaint),
			"skm.population":       pkm.Name + ", Triwulan III 2026",
			"skm.import":           pkm.Name + ", survei kertas",
		} {
			if e, ok := prov[action]; !ok || e.ObjectLabel != label {
				t.Errorf("province: %s %+v, want label %q", action, e, label)
			}
		}
		if e := prov["user.create"]; e.RegionCode != pkm.RegionCode {
			t.Errorf("an operator's row is scoped to %q, want the unit's region %q", e.RegionCode, pkm.RegionCode)
		}
		if e := prov["complaint_sla.update"]; e.RegionCode != "31" {
			t.Errorf("a province-wide setting is scoped to %q, want the province", e.RegionCode)
		}
		if e := prov["skm.import"]; e.ActorName != "admin.jakut" || e.Detail != "2 tanggapan" {
			t.Errorf("paper import row: %+v", e)
		}
		jakut := seen(store.AuditFilter{RegionCode: "31.72"})
		if _, ok := jakut["user.create"]; !ok {
			t.Error("the city administrator does not see the user they created")
		}
		if _, ok := jakut["skm.import"]; !ok {
			t.Error("the city administrator does not see the paper import")
		}
		if _, ok := jakut["complaint_sla.update"]; ok {
			t.Error("a city administrator sees a province-wide setting")
		}
		other := seen(store.AuditFilter{RegionCode: "31.74"})
		for _, action := range []string{"user.create", "complaint_sla.update", "skm.population", "skm.import"} {
			if _, ok := other[action]; ok {
				t.Errorf("another city sees %s", action)
			}
		}

		if got := seen(store.AuditFilter{RegionCode: "31", Object: "triwulan iii"}); len(got) != 1 || got["skm.population"].ID == "" {
			t.Errorf("object text filter: %v", got)
		}
		if got := seen(store.AuditFilter{RegionCode: "31", Object: "100%"}); len(got) != 0 {
			t.Errorf("a typed %% is a wildcard: %v", got)
		}
		if got := seen(store.AuditFilter{RegionCode: "31", Action: "skm.import", ActorName: "ADMIN.JAKUT"}); len(got) != 1 {
			t.Errorf("action and actor filter: %v", got)
		}
		if got := seen(store.AuditFilter{RegionCode: "31", From: "2026-11-21", To: "2026-11-21"}); len(got) < 4 {
			t.Errorf("date filter of the day: %v", got)
		}
		if got := seen(store.AuditFilter{RegionCode: "31", From: "2026-11-22"}); len(got) != 0 {
			t.Errorf("date filter after the day: %v", got)
		}
	})
}

// TestAuditBackfill: rows written before migration 00011 without a region
// get the region of their unit, of their user, or of the province, and a
// label where the unit or the user is known.
func TestAuditBackfill(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		op := &account.User{Username: "siti.pkm", Name: "Siti Rahayu", Role: account.Operator, UnitIDs: []string{pkm.ID}, PasswordHash: "x"}
		if err := db.CreateUser(ctx, admin, op); err != nil {
			t.Fatal(err)
		}
		if err := db.MigrateDownTo(ctx, 10); err != nil {
			t.Fatal(err)
		}
		for _, row := range [][]any{
			{"old-unit", "skm.question.create", "skm_question", "", pkm.ID},
			{"old-user", "user.create", "user", "siti.pkm", ""},
			{"old-sla", "complaint_sla.update", "complaint_sla", "pengaduan", ""},
		} {
			if err := db.Exec(ctx, `INSERT INTO audit_log (id, at, local_date, actor_name, action, object_type, object_id, region_code, unit_id)
				VALUES ($1, '2026-01-02T03:04:05Z', '2026-01-02', 'admin.jakut', $2, $3, $4, '', $5)`, row...); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := db.QueryStrings(ctx, `SELECT id || '|' || region_code || '|' || object_label FROM audit_log WHERE id LIKE 'old-%' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"old-sla|31|", "old-unit|" + pkm.RegionCode + "|" + pkm.Name, "old-user|" + pkm.RegionCode + "|Siti Rahayu"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("backfilled:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
