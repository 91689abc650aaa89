package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

func TestComplaintLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		desk, _ := db.UnitByCode(ctx, "PTSP-31.72")
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		in := &complaint.Intake{Kind: complaint.Complaint, Privacy: complaint.Anonymous, Channel: complaint.ChannelWeb,
			Title: "Antrean tidak tertib", Body: "Nomor antrean dilewati petugas berkali-kali pagi ini.", Reporter: complaint.Reporter{Email: "warga@example.com"}}
		if fs := in.Validate(); len(fs) > 0 {
			t.Fatal(fs)
		}
		r := in.Report()
		r.UnitID = desk.ID
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		if !complaint.ValidCode(r.Code) {
			t.Fatalf("code %q", r.Code)
		}
		got, err := db.ComplaintByCode(ctx, " "+r.Code+" ")
		if err != nil || got.ID != r.ID || got.Status != complaint.Received || got.Reporter.Email != "warga@example.com" || !got.ReceivedAt.Equal(now) {
			t.Fatalf("by code: %+v %v", got, err)
		}
		step := func(c complaint.Change) (*complaint.Report, error) {
			now = now.Add(time.Hour)
			c.At = now
			return db.ApplyComplaint(ctx, r.UnitID, r.ID, &c, "u1", "tester")
		}
		if _, err := step(complaint.Change{Action: complaint.Verify, Actor: complaint.Verifier}); err != nil {
			t.Fatal(err)
		}
		if _, err := step(complaint.Change{Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: pkm.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := step(complaint.Change{Action: complaint.Confirm, Actor: complaint.Citizen}); !errs.Is(err, errs.Conflict) {
			t.Fatalf("confirm before a response: %v", err)
		}
		after, err := step(complaint.Change{Action: complaint.Respond, Actor: complaint.UnitStaff, Reason: "Petugas antrean sudah ditegur dan diganti."})
		if err != nil || after.Status != complaint.Responded || after.AssignedUnitID != pkm.ID || after.FirstResponseAt.IsZero() {
			t.Fatalf("respond: %+v %v", after, err)
		}
		if _, err := step(complaint.Change{Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: "no-such-unit"}); err == nil {
			t.Fatal("dispatch from responded accepted")
		}
		events, err := db.Events(ctx, r)
		if err != nil || len(events) != 4 || events[0].Action != "terima_laporan" || events[3].From != complaint.Dispatched || events[3].To != complaint.Responded || events[3].Body == "" {
			t.Fatalf("timeline: %+v %v", events, err)
		}
		list, total, err := db.Complaints(ctx, store.ComplaintFilter{AssignedTo: []string{pkm.ID}, Statuses: []complaint.Status{complaint.Responded}})
		if err != nil || total != 1 || list[0].Number != r.Number {
			t.Fatalf("queue: %d %v", total, err)
		}
		if _, total, _ := db.Complaints(ctx, store.ComplaintFilter{UnitIDs: []string{pkm.ID}}); total != 0 {
			t.Errorf("received-by filter: %d", total)
		}
		slas, err := db.SLAs(ctx)
		if err != nil || slas[complaint.Complaint].ResolutionDays != 60 || len(slas) != 4 {
			t.Fatalf("slas: %v %v", slas, err)
		}
		if _, err := db.ComplaintByCode(ctx, "MT-0000-0000-00"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown code: %v", err)
		}
	})
}

// TestImportComplaints stores reports in one prepared-statement transaction
// and counts them in the rollups, on both engines.
func TestImportComplaints(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
		var batch []*complaint.Report
		for i := range 30 {
			received := at.Add(time.Duration(i) * time.Hour)
			batch = append(batch, &complaint.Report{UnitID: pkm.ID, RegionCode: pkm.RegionCode, Kind: complaint.Complaint, Privacy: complaint.Public,
				Channel: complaint.ChannelWeb, Status: complaint.Received, Title: "Antrean", Body: "Antrean panjang sekali di loket.",
				Milestones: complaint.Milestones{ReceivedAt: received}, UpdatedAt: received})
		}
		if err := db.ImportComplaints(ctx, batch); err != nil {
			t.Fatal(err)
		}
		got, err := db.ComplaintByCode(ctx, batch[29].Code)
		if err != nil || got.ID != batch[29].ID || !got.ReceivedAt.Equal(batch[29].ReceivedAt) {
			t.Fatalf("by code: %+v %v", got, err)
		}
		if events, err := db.Events(ctx, got); err != nil || len(events) != 1 || events[0].Action != "terima_laporan" {
			t.Errorf("timeline: %+v %v", events, err)
		}
		stats, err := db.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31.72"}, 2026)
		if err != nil || stats.Total != 30 || stats.ByStatus[complaint.Received] != 30 {
			t.Errorf("stats: %+v %v", stats, err)
		}
	})
}
