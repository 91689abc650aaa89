package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

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
		now := time.Date(2026, 10, 30, 2, 0, 0, 0, time.UTC)
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
		var ids [][2]string
		for i := range 40 {
			now = now.Add(time.Duration(rng.IntN(40)) * time.Hour)
			r := &complaint.Report{UnitID: units[i%3], Kind: complaint.Kinds[i%4], Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Laporan uji", Body: "Isi laporan uji yang cukup panjang."}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, [2]string{r.UnitID, r.ID})
		}
		actors := []complaint.Actor{complaint.Verifier, complaint.UnitStaff, complaint.Citizen, complaint.System}
		for range 300 {
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
			now = now.Add(time.Duration(1+rng.IntN(60)) * time.Hour)
			c := &complaint.Change{Action: acts[rng.IntN(len(acts))], Actor: actor, At: now, Reason: "alasan yang cukup",
				TargetUnit: units[rng.IntN(len(units))], MergeInto: "MT-1111-1111-11", Rating: 3}
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
		check := func(name string, f store.ComplaintFilter, from, to string, keep func(*complaint.Report) bool) {
			t.Helper()
			var want []complaint.Report
			for i := range all {
				if keep(&all[i]) {
					want = append(want, all[i])
				}
			}
			got, err := db.ComplaintStats(ctx, f, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if w := complaint.Summarize(want); !reflect.DeepEqual(got, w) {
				t.Errorf("%s:\nrollups %+v\nreports %+v", name, got, w)
			}
		}
		inMonths := func(r *complaint.Report, from, to string) bool {
			m := r.ReceivedAt.In(time.FixedZone("WIB", 7*3600)).Format("2006-01")
			return m >= from && m <= to
		}
		check("province", store.ComplaintFilter{RegionCode: "31"}, "", "", func(*complaint.Report) bool { return true })
		check("Jakarta Utara, November", store.ComplaintFilter{RegionCode: "31.72"}, "2026-11", "2026-11", func(r *complaint.Report) bool {
			return (r.RegionCode == "31.72" || len(r.RegionCode) > 5 && r.RegionCode[:6] == "31.72.") && inMonths(r, "2026-11", "2026-11")
		})
		op := units[1]
		check("operator", store.ComplaintFilter{UnitIDs: []string{op}, AssignedTo: []string{op}}, "", "", func(r *complaint.Report) bool {
			return r.UnitID == op || r.AssignedUnitID == op
		})
		check("kind", store.ComplaintFilter{RegionCode: "31", Kind: complaint.Aspiration}, "", "", func(r *complaint.Report) bool {
			return r.Kind == complaint.Aspiration
		})
		before, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, "", "")
		if before.Total != 40 || before.VerifyDone == 0 {
			t.Fatalf("too little happened: %+v", before)
		}
		if n, err := db.RebuildComplaintRollups(ctx, false); err != nil || n != 40 {
			t.Fatalf("rebuild: %d %v", n, err)
		}
		if after, _ := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31"}, "", ""); !reflect.DeepEqual(after, before) {
			t.Errorf("rebuild changed the sums:\n%+v\n%+v", after, before)
		}
		months, err := db.ComplaintMonths(ctx, store.ComplaintFilter{RegionCode: "31"}, "", "")
		total := 0
		for _, m := range months {
			total += m.Open + m.Completed + m.SetAside
		}
		if err != nil || total != 40 || len(months) < 2 {
			t.Errorf("months %+v %v", months, err)
		}
	})
}
