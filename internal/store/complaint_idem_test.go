package store_test

import (
	"context"
	"errors"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// TestComplaintIdempotency: a report filed with a client's key stores the
// key in its transaction; a second filing with the same client and key
// stores nothing at all (not even its tracking code) and says so; another
// client's same key is its own.
func TestComplaintIdempotency(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		desk, _ := db.UnitByCode(ctx, "PTSP-31.72")
		file := func(client, key string) (*complaint.Report, error) {
			in := &complaint.Intake{Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelOpen311,
				Title: "Lampu jalan mati", Body: "Lampu penerangan jalan mati sejak tiga malam.",
				Idem: &complaint.Idempotency{Client: client, Key: key, Hash: "h-" + client}}
			r := in.Report()
			r.UnitID = desk.ID
			return r, db.CreateComplaint(ctx, r, "", "")
		}
		if _, _, err := db.ComplaintIdempotency(ctx, "k1", "a"); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown key: %v", err)
		}
		first, err := file("k1", "a")
		if err != nil {
			t.Fatal(err)
		}
		second, err := file("k1", "a")
		if !errors.Is(err, store.ErrIdempotencyTaken) {
			t.Fatalf("second filing: %v", err)
		}
		if _, err := db.ComplaintByCode(ctx, second.Code); !errs.Is(err, errs.NotFound) {
			t.Fatalf("the refused filing left its code: %v", err)
		}
		if id, hash, err := db.ComplaintIdempotency(ctx, "k1", "a"); err != nil || id != first.ID || hash != "h-k1" {
			t.Fatalf("lookup: %s %s %v (want %s)", id, hash, err, first.ID)
		}
		other, err := file("k2", "a")
		if err != nil || other.ID == first.ID {
			t.Fatalf("another client: %v", err)
		}
	})
}
