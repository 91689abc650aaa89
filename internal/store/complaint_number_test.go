package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// TestTrackingCodeStoredOnlyAsHash: the code given to the reporter is in
// no column; both tables hold its hash, the lookup by code still works,
// and each report has a number from its receiving unit's counter for the
// year received (WIB), by which it is found too.
func TestTrackingCodeStoredOnlyAsHash(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		file := func(u string, at time.Time) *complaint.Report {
			t.Helper()
			r := &complaint.Report{UnitID: u, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Antrean", Body: "Antrean panjang sekali di loket.", Milestones: complaint.Milestones{ReceivedAt: at}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			return r
		}
		newYear := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC) // 00.30 WIB on 1 Jan 2026
		reports := []*complaint.Report{file(pkm.ID, newYear.Add(-time.Hour)), file(pkm.ID, newYear), file(pkm.ID, newYear.Add(time.Hour)), file(ptsp.ID, newYear)}
		want := []string{"PKM-31.72.01-2025-00001", "PKM-31.72.01-2026-00001", "PKM-31.72.01-2026-00002", "PTSP-31.72-2026-00001"}
		for i, r := range reports {
			if r.Number != want[i] {
				t.Errorf("report %d: number %q, want %q", i, r.Number, want[i])
			}
			for _, q := range []string{`SELECT code FROM complaints WHERE id = $1`, `SELECT code FROM complaint_codes WHERE complaint_id = $1`} {
				got, err := db.QueryStrings(ctx, q, r.ID)
				if err != nil || len(got) != 1 || got[0] != complaint.HashCode(r.Code) || strings.Contains(got[0], r.Code[3:7]) {
					t.Errorf("%s: %v %v", q, got, err)
				}
			}
			if got, err := db.ComplaintByCode(ctx, strings.ToLower(r.Code)); err != nil || got.ID != r.ID || got.Code != "" || got.Number != r.Number {
				t.Errorf("by code: %+v %v", got, err)
			}
			if got, err := db.ComplaintByNumber(ctx, strings.ToLower(r.Number)); err != nil || got.ID != r.ID {
				t.Errorf("by number: %+v %v", got, err)
			}
		}
		for _, bad := range []string{"PKM-31.72.01-2026-00009", "NOPE-2026-00001", "PKM-31.72.01", reports[0].Code, reports[0].ID, ""} {
			if _, err := db.ComplaintByNumber(ctx, bad); !errs.Is(err, errs.NotFound) {
				t.Errorf("by number %q: %v", bad, err)
			}
		}
		if _, err := db.ComplaintByCode(ctx, reports[0].Number); !errs.Is(err, errs.NotFound) {
			t.Errorf("by code with a number: %v", err)
		}
	})
}

// TestMergeTargetMustExist: a duplicate is merged only into a stored
// report other than itself; a refused merge changes nothing.
func TestMergeTargetMustExist(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		var rs []*complaint.Report
		for range 2 {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Secret, Channel: complaint.ChannelWeb,
				Title: "Antrean", Body: "Antrean panjang sekali di loket."}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		merge := func(into string) error {
			_, err := db.ApplyComplaint(ctx, rs[1].UnitID, rs[1].ID, &complaint.Change{Action: complaint.Merge, Actor: complaint.Verifier,
				Reason: "Laporan ganda", MergeInto: into, At: db.Now()}, "", "")
			return err
		}
		for _, bad := range []string{rs[1].Number, "PKM-31.72.01-2026-00099", "NOPE-2026-00001", rs[0].Code, "", strings.ToLower(rs[0].Number)} {
			if err := merge(bad); !errs.Is(err, errs.Invalid) {
				t.Errorf("merge into %q: %v", bad, err)
			}
		}
		if got, _ := db.Complaint(ctx, rs[1].UnitID, rs[1].ID); got.Status != complaint.Received || got.MergedInto != "" {
			t.Fatalf("a refused merge changed the report: %+v", got)
		}
		if err := merge(rs[0].Number); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Complaint(ctx, rs[1].UnitID, rs[1].ID)
		events, _ := db.Events(ctx, got)
		if got.Status != complaint.Merged || got.MergedInto != rs[0].Number || events[len(events)-1].Body != rs[0].Number+": Laporan ganda" {
			t.Errorf("merged: %+v %+v", got, events)
		}
	})
}

// TestTrackingCodeMigration: reports filed before migration 00007 (plain
// codes, a duplicate naming its target by code, notifications by code)
// get numbers in the order received, their codes hashed everywhere, the
// merge and the notifications renumbered; the old codes still find them.
// Rolling back and migrating again changes nothing.
func TestTrackingCodeMigration(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		city := &account.User{Username: "city", Name: "city", Role: account.Admin, RegionCode: "31.72", PasswordHash: "x"}
		if err := db.CreateUser(ctx, admin, city); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		var rs []*complaint.Report
		for i := range 3 {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Antrean", Body: "Antrean panjang sekali di loket.", Milestones: complaint.Milestones{ReceivedAt: at.Add(time.Duration(2-i) * time.Hour)}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		if err := db.MigrateDownTo(ctx, 6); err != nil {
			t.Fatal(err)
		}
		// The state before: plain codes everywhere; rs[2] merged into rs[0].
		exec := func(q string, args ...any) {
			t.Helper()
			if err := db.Exec(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for _, r := range rs {
			exec(`UPDATE complaints SET code = $1 WHERE id = $2`, r.Code, r.ID)
			exec(`UPDATE complaint_codes SET code = $1 WHERE complaint_id = $2`, r.Code, r.ID)
			exec(`UPDATE notifications SET complaint_code = $1 WHERE complaint_id = $2`, r.Code, r.ID)
		}
		exec(`UPDATE complaints SET status = 'digabung', merged_into = $1 WHERE id = $2`, rs[0].Code, rs[2].ID)
		exec(`INSERT INTO complaint_events (unit_id, id, complaint_id, at, local_date, actor, action, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			pkm.ID, store.NewID(), rs[2].ID, "2026-03-02T09:00:00.000000Z", "2026-03-02", "verifikator", "gabung", rs[0].Code+": Laporan ganda")
		for range 2 { // the second run: rolled back and migrated again
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			want := []string{"PKM-31.72.01-2026-00003", "PKM-31.72.01-2026-00002", "PKM-31.72.01-2026-00001"} // by time received
			for i, r := range rs {
				got, err := db.ComplaintByCode(ctx, r.Code)
				if err != nil || got.ID != r.ID || got.Number != want[i] {
					t.Fatalf("old code %d: %+v %v", i, got, err)
				}
				rs[i].Number = got.Number
			}
			for _, q := range []string{`SELECT code FROM complaints`, `SELECT code FROM complaint_codes`, `SELECT merged_into FROM complaints`,
				`SELECT body FROM complaint_events`, `SELECT complaint_number FROM notifications`} {
				vals, err := db.QueryStrings(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vals {
					for _, r := range rs {
						if strings.Contains(v, r.Code) {
							t.Errorf("%s: a plain code remains: %q", q, v)
						}
					}
				}
			}
			dup, _ := db.Complaint(ctx, pkm.ID, rs[2].ID)
			events, _ := db.Events(ctx, dup)
			if dup.MergedInto != rs[0].Number || events[len(events)-1].Body != rs[0].Number+": Laporan ganda" {
				t.Errorf("merge after the migration: %q %+v", dup.MergedInto, events)
			}
			list, err := db.Notifications(ctx, city.ID, 0)
			if err != nil || len(list) != 3 {
				t.Fatalf("notifications: %+v %v", list, err)
			}
			for _, n := range list {
				if r, _ := db.Complaint(ctx, n.UnitID, n.ComplaintID); n.Number != r.Number {
					t.Errorf("notification names %q, report is %q", n.Number, r.Number)
				}
			}
			// A new report continues the unit's count.
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Antrean", Body: "Antrean panjang sekali di loket.", Milestones: complaint.Milestones{ReceivedAt: at.Add(24 * time.Hour)}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil || r.Number != "PKM-31.72.01-2026-00004" {
				t.Fatalf("next number %q: %v", r.Number, err)
			}
			exec(`DELETE FROM notifications WHERE complaint_id = $1`, r.ID)
			exec(`DELETE FROM complaint_events WHERE complaint_id = $1`, r.ID)
			exec(`DELETE FROM complaint_codes WHERE complaint_id = $1`, r.ID)
			exec(`DELETE FROM complaints WHERE id = $1`, r.ID)
			if err := db.MigrateDownTo(ctx, 6); err != nil {
				t.Fatal(err)
			}
		}
	})
}
