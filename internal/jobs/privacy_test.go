package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/store"
)

// TestPrivacyRemovesOrphanAttachments: files without a row older than the
// grace period go (with the report directory they leave empty); younger
// ones, files with a row, and anything not named like Mutu's IDs stay.
// Two nodes sweeping the same directory both succeed.
func TestPrivacyRemovesOrphanAttachments(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	dir := t.TempDir()
	write := func(path string, age time.Duration) string {
		t.Helper()
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("foto"), 0o640); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{full, filepath.Dir(full)} {
			if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
				t.Fatal(err)
			}
		}
		return full
	}
	// A report with a stored attachment, written two days ago.
	r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
		Title: "Jalan rusak", Body: "Jalan di depan kantor rusak parah."}
	r.ID = store.NewID()
	att := store.Attachment{ID: store.NewID(), Filename: "a.jpg", ContentType: "image/jpeg", Size: 4, SHA256: "x"}
	if err := db.CreateComplaintWithAttachments(ctx, r, "", "", []store.Attachment{att}); err != nil {
		t.Fatal(err)
	}
	stored := write(filepath.Join(r.ID, att.ID), 48*time.Hour)
	crashed := store.NewID() // a report whose transaction never committed
	oldOrphan := write(filepath.Join(crashed, store.NewID()), 25*time.Hour)
	young := write(filepath.Join(store.NewID(), store.NewID()), time.Hour)
	// An orphan beside a row's file in the same report directory.
	oldBeside := write(filepath.Join(r.ID, store.NewID()), 30*time.Hour)
	foreign := write(filepath.Join("cadangan", "catatan.txt"), 100*time.Hour)
	foreignInReport := write(filepath.Join(store.NewID(), "bukan-id.jpg"), 100*time.Hour)

	p := &jobs.Privacy{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Retention: complaint.DefaultRetention, AttachmentDir: dir}
	res, err := p.Sweep(ctx, now)
	if err != nil || res.Orphans != 2 {
		t.Fatalf("%+v %v, want 2 orphans removed", res, err)
	}
	for path, want := range map[string]bool{stored: true, oldOrphan: false, filepath.Dir(oldOrphan): false, young: true, oldBeside: false,
		foreign: true, foreignInReport: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", path, err == nil, want)
		}
	}
	// Two nodes at once, and again: nothing more to do, nothing fails.
	done := make(chan error, 2)
	for range 2 {
		go func() { _, err := p.RemoveOrphans(ctx, now); done <- err }()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if n, err := p.RemoveOrphans(ctx, now.Add(time.Hour)); n != 0 || err != nil {
		t.Errorf("again: %d %v", n, err)
	}
	// A missing directory is no error (no attachment was ever stored).
	p.AttachmentDir = filepath.Join(dir, "belum-ada")
	if n, err := p.RemoveOrphans(ctx, now); n != 0 || err != nil {
		t.Errorf("missing dir: %d %v", n, err)
	}
}

// TestPrivacyErasesExpiredContactData: the job applies the retention
// period (the store test covers batches, audit and statistics).
func TestPrivacyErasesExpiredContactData(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2024, 1, 10, 3, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	who := complaint.Reporter{Name: "Budi", Email: "budi@contoh.id"}
	var reports []*complaint.Report
	for _, closedAgo := range []int{400, 200} { // days before the run
		r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: "Jalan rusak", Body: "Jalan di depan kantor rusak parah.", Reporter: who}
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, &complaint.Change{Action: complaint.Archive, Actor: complaint.Verifier,
			At: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 400-closedAgo), Reason: "bukan pengaduan"}, "", "uji"); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	retention, _ := complaint.ParseRetention("365d")
	p := &jobs.Privacy{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Retention: retention, AttachmentDir: t.TempDir()}
	res, err := p.Sweep(ctx, time.Date(2026, 7, 6, 0, 0, 0, 0, time.UTC)) // 400 and 200 days after the closings
	if err != nil || res.Erased != 1 {
		t.Fatalf("%+v %v, want 1 erased", res, err)
	}
	if got, _ := db.Complaint(ctx, reports[0].UnitID, reports[0].ID); !got.Reporter.Empty() {
		t.Errorf("closed 400 days ago: %+v kept", got.Reporter)
	}
	if got, _ := db.Complaint(ctx, reports[1].UnitID, reports[1].ID); got.Reporter != who {
		t.Errorf("closed 200 days ago: %+v, want kept", got.Reporter)
	}
}
