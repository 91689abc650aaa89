package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// TestComplaintSearch: the queue finds a report by its number however it
// is typed, by words of the title or body in any case, and takes % and _
// literally on both engines; newest first reverses the order.
func TestComplaintSearch(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
		var reports []*complaint.Report
		for i, tb := range [][2]string{
			{"Antrean obat", "Antrean di apotek lebih dari dua jam."},
			{"Diskon 50% palsu", "Loket menawarkan diskon 50% untuk jalur cepat."},
			{"Toilet rusak", "Toilet_lantai_2 tidak bisa dipakai."},
			{"Parkir", "Juru parkir meminta 50 ribu."},
		} {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: tb[0], Body: tb[1], Milestones: complaint.Milestones{ReceivedAt: at.Add(time.Duration(i) * time.Hour)}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			reports = append(reports, r)
		}
		find := func(q string, newest bool) []string {
			t.Helper()
			list, _, err := db.Complaints(ctx, store.ComplaintFilter{RegionCode: "31.72", Query: q, Newest: newest})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range list {
				out = append(out, r.Title)
			}
			return out
		}
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"  " + "pkm-31.72.01-2026-00002 ", []string{"Diskon 50% palsu"}}, // the number, lower case, with spaces
			{"PKM-31.72.01-2026-0000002", []string{"Diskon 50% palsu"}},       // the number, padded otherwise
			{"00003", []string{"Toilet rusak"}},                               // part of the number
			{"ANTREAN", []string{"Antrean obat"}},                             // title, any case
			{"apotek", []string{"Antrean obat"}},                              // body
			{"50%", []string{"Diskon 50% palsu"}},                             // % is a character, not "anything"
			{"_lantai_", []string{"Toilet rusak"}},                            // so is _
			{"t_ilet", nil},
		} {
			if got := find(tc.q, false); !slices.Equal(got, tc.want) {
				t.Errorf("search %q: %v, want %v", tc.q, got, tc.want)
			}
		}
		if got := find("", true); len(got) != 4 || got[0] != "Parkir" || got[3] != "Antrean obat" {
			t.Errorf("newest first: %v", got)
		}
	})
}
