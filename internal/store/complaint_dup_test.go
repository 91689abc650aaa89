package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

func TestSuspectedDuplicateComplaints(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		start := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		file := func(unitID, title, body, client string, after time.Duration) (*complaint.Report, *store.DuplicateRef) {
			t.Helper()
			r := &complaint.Report{UnitID: unitID, Kind: complaint.Complaint, Privacy: complaint.Anonymous, Channel: complaint.ChannelWeb,
				Title: title, Body: body}
			r.ReceivedAt = start.Add(after)
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			ref, err := db.FlagDuplicate(ctx, r, client)
			if err != nil {
				t.Fatal(err)
			}
			return r, ref
		}
		const title, body = "Antrean tidak tertib", "Nomor antrean dilewati petugas berkali-kali pagi ini."
		first, ref := file(pkm.ID, title, body, "10.0.0.1", 0)
		if ref != nil {
			t.Fatalf("first report flagged: %+v", ref)
		}
		// The same text, differently spaced and cased, from the same address
		// to another unit: a duplicate of the first.
		second, ref := file(ptsp.ID, "ANTREAN tidak  tertib!", "nomor antrean dilewati petugas berkali kali pagi ini", "10.0.0.1", 10*time.Minute)
		if ref == nil || ref.ID != first.ID || ref.UnitID != pkm.ID {
			t.Errorf("same text, same address: %+v, want the first report", ref)
		}
		// The same body to the same unit from another address, another title.
		if _, ref := file(pkm.ID, "Mohon perbaikan", body, "10.0.0.2", 29*time.Minute); ref == nil || ref.ID != first.ID {
			t.Errorf("same body, same unit: %+v", ref)
		}
		// Not duplicates: the same text to another unit from another address
		// (two neighbours reporting one broken street lamp are two
		// reports), another text from the same address, the same text after
		// the window (below).
		dkp, _ := db.UnitByCode(ctx, "DKP-31.72")
		for _, tc := range []struct {
			name, unit, body, client string
		}{
			{"other unit and address", dkp.ID, body, "10.0.0.3"},
			{"other text", pkm.ID, "Loket KTP tutup sebelum jam pelayanan berakhir.", "10.0.0.1"},
			{"no address, other unit", dkp.ID, "Loket KTP tutup sebelum jam pelayanan berakhir.", ""},
		} {
			if _, ref := file(tc.unit, title, tc.body, tc.client, 12*time.Minute); ref != nil {
				t.Errorf("%s: flagged as a duplicate of %+v", tc.name, ref)
			}
		}
		late, ref := file(ptsp.ID, title, body, "10.0.0.1", 10*time.Minute+complaint.DuplicateWindow+time.Second)
		if ref != nil {
			t.Errorf("31 minutes later: flagged as a duplicate of %+v", ref)
		}
		dups, err := db.SuspectedDuplicates(ctx, []complaint.Report{*first, *second, *late})
		if err != nil || len(dups) != 1 || dups[second.ID].ID != first.ID {
			t.Errorf("suspected duplicates: %+v %v", dups, err)
		}
		list, _, err := db.Complaints(ctx, store.ComplaintFilter{RegionCode: "31.72", Duplicates: true})
		if err != nil || len(list) != 2 || list[0].ID != second.ID {
			t.Errorf("queue of suspected duplicates: %d %v", len(list), err)
		}
	})
}
