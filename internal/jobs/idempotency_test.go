package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/jobs"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestPrivacyDeletesOldIdempotencyKeys: the privacy sweep (a job with a
// lease) deletes the Open311 retry keys older than the retention, in
// batches, and keeps the younger ones; the reports themselves stay. Both
// engines, injected clock.
func TestPrivacyDeletesOldIdempotencyKeys(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "mutu.db")
			if engine == "postgres" {
				dsn = testutil.Postgres(t)
			}
			ctx := context.Background()
			db, pkm := sweepDBAt(t, dsn)
			now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
			file := func(key string, age time.Duration) *complaint.Report {
				r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
					Title: "Jalan rusak", Body: "Jalan di depan kantor rusak parah.",
					Idem: &complaint.Idempotency{Client: "klien-1", Key: key, Hash: "h-" + key}}
				db.Now = func() time.Time { return now.Add(-age) }
				if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
					t.Fatal(err)
				}
				return r
			}
			old := file("lama", store.IdempotencyRetention+time.Hour)
			young := file("baru", store.IdempotencyRetention-time.Hour)
			db.Now = func() time.Time { return now }
			p := &jobs.Privacy{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), AttachmentDir: t.TempDir()}
			res, err := p.Sweep(ctx, now)
			if err != nil || res.Keys != 1 {
				t.Fatalf("%+v %v, want 1 key deleted", res, err)
			}
			if _, _, err := db.ComplaintIdempotency(ctx, "klien-1", "lama"); !errs.Is(err, errs.NotFound) {
				t.Errorf("key older than the retention: %v, want not found", err)
			}
			if id, _, err := db.ComplaintIdempotency(ctx, "klien-1", "baru"); err != nil || id != young.ID {
				t.Errorf("younger key: %q %v, want %s", id, err, young.ID)
			}
			if _, err := db.Complaint(ctx, old.UnitID, old.ID); err != nil {
				t.Errorf("the report itself: %v", err)
			}
			if res, err := p.Sweep(ctx, now); err != nil || res.Keys != 0 {
				t.Errorf("second sweep: %+v %v", res, err)
			}
		})
	}
}
