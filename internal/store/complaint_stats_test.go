package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/store"
)

// TestComplaintRollupsMatchTheReports files reports, takes random steps on
// them through the store and checks that the dashboard statistics read
// from the rollups equal those computed from the reports themselves, for
// a region, an operator's units and a month range; then that a rebuild
// from the reports gives the same sums.
func TestComplaintRollupsMatchTheReports(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2025, 12, 20, 2, 0, 0, 0, time.UTC) // the reports span two years
		db.Now = func() time.Time { return now }
		var units []string
		for _, code := range []string{"PTSP-31.72", "PKM-31.72.01", "DIK1-31.74"} {
			u, err := db.UnitByCode(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			units = append(units, u.ID)
		}
		rng := rand.New(rand.NewPCG(3, 5))
		var ids [][3]string
		for i := range 40 {
			now = now.Add(time.Duration(rng.IntN(40)) * time.Hour)
			r := &complaint.Report{UnitID: units[i%3], Kind: complaint.Kinds[i%4], Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Laporan uji", Body: "Isi laporan uji yang cukup panjang."}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, [3]string{r.UnitID, r.ID, r.Number})
		}
		actors := []complaint.Actor{complaint.Verifier, complaint.UnitStaff, complaint.Citizen, complaint.System}
		for range 600 {
			id := ids[rng.IntN(len(ids))]
			r, err := db.Complaint(ctx, id[0], id[1])
			if err != nil {
				t.Fatal(err)
			}
			actor := actors[rng.IntN(len(actors))]
			acts := complaint.Allowed(r.Status, actor)
			if len(acts) == 0 {
				continue
			}
			action := acts[rng.IntN(len(acts))]
			if (action == complaint.Archive || action == complaint.Merge || action == complaint.Hold) && rng.IntN(5) > 0 {
				continue // mostly, reports go on
			}
			c := &complaint.Change{Action: action, Actor: actor, At: r.UpdatedAt.Add(time.Duration(1+rng.IntN(30)) * time.Hour), Reason: "alasan yang cukup",
				TargetUnit: units[rng.IntN(len(units))], MergeInto: ids[(slices.Index(ids, id)+1)%len(ids)][2], Rating: 3}
			if _, err := db.ApplyComplaint(ctx, id[0], id[1], c, "", "uji"); err != nil {
				t.Fatalf("%s on %s: %v", c.Action, r.Status, err)
			}
		}
		var all []complaint.Report
		if err := db.EachComplaint(ctx, store.ComplaintFilter{RegionCode: "31"}, func(r *complaint.Report) error {
			all = append(all, *r)
			return nil
		}); err != nil || len(all) != 40 {
			t.Fatalf("%d reports, %v", len(all), err)
		}
		check := func(name string, f store.ComplaintFilter, year int, keep func(*complaint.Report) bool) {
			t.Helper()
			var want []complaint.Report
			for i := range all {
				if keep(&all[i]) && all[i].ReceivedAt.In(clock.Jakarta).Year() == year {
					want = append(want, all[i])
				}
			}
			got, err := db.ComplaintStats(ctx, f, year)
			if err != nil {
				t.Fatal(err)
			}
			if w := complaint.Summarize(want); !reflect.DeepEqual(got, w) {
				t.Errorf("%s:\nrollups %+v\nreports %+v", name, got, w)
			}
		}
		check("province", store.ComplaintFilter{RegionCode: "31"}, 2026, func(*complaint.Report) bool { return true })
		check("Jakarta Utara", store.ComplaintFilter{RegionCode: "31.72"}, 2026, func(r *complaint.Report) bool {
			return r.RegionCode == "31.72" || strings.HasPrefix(r.RegionCode, "31.72.")
		})
		check("another year", store.ComplaintFilter{RegionCode: "31"}, 2025, func(*complaint.Report) bool { return true })
		op := units[1]
		check("operator", store.ComplaintFilter{UnitIDs: []string{op}, AssignedTo: []string{op}}, 2026, func(r *complaint.Report) bool {
			return r.UnitID == op || r.AssignedUnitID == op
		})
		check("one unit's queue in the province", store.ComplaintFilter{RegionCode: "31", Unit: op}, 2026, func(r *complaint.Report) bool {
			return r.UnitID == op || r.AssignedUnitID == op
		})
		// By area, as the maps ask: the same figures as one area at a time,
		// for areas with reports and without, two levels down; and the
		// whole region's as ComplaintStats of the region.
		for _, tc := range []struct {
			within string
			areas  []string
		}{{"31", []string{"31.71", "31.72", "31.74"}}, {"31.72", []string{"31.72.01", "31.72.02"}}, {"31", []string{"31.72.01", "31.74.01"}}} {
			within, areas := tc.within, tc.areas
			for _, year := range []int{2025, 2026} {
				whole, byArea, err := db.ComplaintStatsByArea(ctx, within, areas, year)
				if err != nil {
					t.Fatal(err)
				}
				if one, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: within}, year); within != "3" && !reflect.DeepEqual(whole, one) {
					t.Errorf("%s %d whole:\n%+v\nalone %+v", within, year, whole, one)
				}
				for _, a := range areas {
					one, err := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: a}, year)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(byArea[a], one) {
						t.Errorf("%s %d by area:\n%+v\nalone %+v", a, year, byArea[a], one)
					}
				}
			}
		}
		if _, byArea, _ := db.ComplaintStatsByArea(ctx, "31", []string{"31.72", "31.74"}, 2026); byArea["31.72"].Total == 0 || byArea["31.74"].Total == 0 {
			t.Errorf("too few reports to compare: %+v", byArea)
		}
		// By handling unit.
		want := map[string]store.UnitCount{}
		for _, r := range all {
			if r.ReceivedAt.In(clock.Jakarta).Year() != 2026 {
				continue
			}
			id := r.AssignedUnitID
			if id == "" {
				id = r.UnitID
			}
			c := want[id]
			c.UnitID = id
			c.Total++
			switch {
			case r.Status.Open():
				c.Open++
			case r.Status == complaint.Archived || r.Status == complaint.Merged:
				c.SetAside++
			default:
				c.Completed++
			}
			if !r.ResolutionAt().IsZero() {
				c.ResolutionDone++
				if r.ResolutionOnTime {
					c.ResolutionOnTime++
				}
			}
			want[id] = c
		}
		byUnit, err := db.ComplaintsByUnit(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026)
		if err != nil || len(byUnit) != len(want) {
			t.Fatalf("by unit: %d rows, want %d, %v", len(byUnit), len(want), err)
		}
		for i, c := range byUnit {
			if c != want[c.UnitID] {
				t.Errorf("unit %s: %+v, want %+v", c.UnitID, c, want[c.UnitID])
			}
			if i > 0 && c.Open > byUnit[i-1].Open {
				t.Errorf("not sorted by open reports: %+v", byUnit)
			}
		}
		before, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026)
		last, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, 2025)
		if before.Total+last.Total != 40 || last.Total == 0 || before.VerifyDone == 0 || before.ResolutionDone == 0 {
			t.Fatalf("too little happened: %+v %+v", before, last)
		}
		if n, err := db.RebuildComplaintRollups(ctx, false); err != nil || n != 40 {
			t.Fatalf("rebuild: %d %v", n, err)
		}
		if after, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026); !reflect.DeepEqual(after, before) {
			t.Errorf("rebuild changed the sums:\n%+v\n%+v", after, before)
		}
		months, err := db.ComplaintMonths(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026)
		total, completed := 0, 0
		for _, m := range months {
			total += m.Open + m.Completed + m.SetAside
			completed += m.Completed
		}
		if err != nil || total != before.Total || completed != before.ByStatus[complaint.Resolved]+before.ByStatus[complaint.Closed] || months[0].Month != "2026-01" {
			t.Errorf("months %+v %v", months, err)
		}
	})
}

// TestRollupMigrationBackfills: a database whose reports predate the
// rollups (schema rolled back to version 4) gets them judged and summed by
// the migration, with the same figures as live maintenance gave.
func TestRollupMigrationBackfills(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		for i, path := range [][]complaint.Action{{}, {complaint.Verify}, {complaint.Verify, complaint.Dispatch, complaint.Respond}, {complaint.Archive}} {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Kinds[i], Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Laporan uji", Body: "Isi laporan uji yang cukup panjang.", Milestones: complaint.Milestones{ReceivedAt: at}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			when := at
			for _, a := range path {
				when = when.Add(time.Duration(20+30*i) * time.Hour)
				c := &complaint.Change{Action: a, Actor: complaint.Verifier, At: when, TargetUnit: pkm.ID, Reason: "alasan yang cukup"}
				if a == complaint.Respond {
					c.Actor = complaint.UnitStaff
				}
				if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, c, "", ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		live, err := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026)
		if err != nil || live.Total != 4 || live.VerifyDone != 2 || live.VerifyOnTime == 0 || live.FirstResponseDone != 1 {
			t.Fatalf("live: %+v %v", live, err)
		}
		if err := db.MigrateDownTo(ctx, 4); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if back, err := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, 2026); err != nil || !reflect.DeepEqual(back, live) {
			t.Errorf("after the migration:\n%+v\nlive:\n%+v %v", back, live, err)
		}
	})
}
