package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// ComplaintList is the page Complaints returns, without its count: the
// same reports in the same order, searched and bounded, on both engines.
func TestComplaintList(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
		for i, title := range []string{"Antrean obat", "Air wastafel mati", "Antrean loket"} {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: title, Body: "Terjadi pagi ini.", Milestones: complaint.Milestones{ReceivedAt: at.Add(time.Duration(i) * time.Hour)}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
		}
		for _, f := range []store.ComplaintFilter{
			{RegionCode: "31.72", Newest: true},
			{RegionCode: "31.72", Query: "antrean", Limit: 1},
			{RegionCode: "31.74"},
			{}, // no scope: nothing
		} {
			page, _, err := db.Complaints(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			list, err := db.ComplaintList(ctx, f)
			if err != nil || len(list) != len(page) {
				t.Fatalf("%+v: %d reports, want %d (%v)", f, len(list), len(page), err)
			}
			for i := range list {
				if list[i].ID != page[i].ID {
					t.Errorf("%+v: report %d is %s, want %s", f, i, list[i].Title, page[i].Title)
				}
			}
		}
		if list, _ := db.ComplaintList(ctx, store.ComplaintFilter{RegionCode: "31.72", Newest: true, Limit: 2}); len(list) != 2 || list[0].Title != "Antrean loket" {
			t.Errorf("newest two: %v", list)
		}
	})
}
