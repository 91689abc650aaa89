package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// TestOpen311Filed: the reports filed through Open311 among the ids, any
// status, newest first; not those of other channels, nor secret ones.
func TestOpen311Filed(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		file := func(ch complaint.Channel, p complaint.Privacy, at time.Time) string {
			t.Helper()
			r := &complaint.Report{UnitID: ptsp.ID, Kind: complaint.Complaint, Privacy: p, Channel: ch, Milestones: complaint.Milestones{ReceivedAt: at},
				Title: "Lampu jalan mati", Body: "Lampu jalan di depan kantor mati sejak pekan lalu."}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		older := file(complaint.ChannelOpen311, complaint.Public, now.Add(-2*time.Hour))
		newer := file(complaint.ChannelOpen311, complaint.Anonymous, now.Add(-time.Hour))
		secret := file(complaint.ChannelOpen311, complaint.Secret, now)
		web := file(complaint.ChannelWeb, complaint.Public, now)
		got, err := db.Open311Filed(ctx, []string{older, web, secret, newer, "nope"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			ids = append(ids, r.ID)
			if r.Status != complaint.Received {
				t.Errorf("%s: status %s", r.ID, r.Status)
			}
		}
		if !slices.Equal(ids, []string{newer, older}) {
			t.Errorf("got %v, want %v", ids, []string{newer, older})
		}
		if got, err := db.Open311Filed(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v %v", got, err)
		}
	})
}
