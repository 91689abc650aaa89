package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestPrivacyRemovesOrphanEvidence: under the evidence directory
// (MUTU_ATTACHMENTS/bukti/{record}/{file}), files without an
// evidence_files row older than the grace period go, with the record
// directory they leave empty; files with a row, younger files and foreign
// names stay. On both engines.
func TestPrivacyRemovesOrphanEvidence(t *testing.T) {
	for engine, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "mutu.db") },
		"postgres": func(t *testing.T) string { return testutil.Postgres(t) },
	} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db, pkm := sweepDBAt(t, dsn(t))
			now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
			db.Now = func() time.Time { return now.Add(-48 * time.Hour) }
			dir := t.TempDir()
			bukti := store.EvidenceDir(dir, "")
			write := func(path string, age time.Duration) string {
				t.Helper()
				full := filepath.Join(bukti, path)
				if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte("%PDF"), 0o640); err != nil {
					t.Fatal(err)
				}
				for _, p := range []string{full, filepath.Dir(full)} {
					if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
						t.Fatal(err)
					}
				}
				return full
			}
			// A forum with its minutes stored two days ago.
			f := &standard.Forum{HeldOn: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Topic: "Peninjauan standar", Participants: []string{"Warga"}, Minutes: "Notulen"}
			minutes := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "notulen.pdf", ContentType: "application/pdf", Size: 4, SHA256: "x"}, Kind: "forum"}
			if err := db.AddForum(ctx, audit.CLI, pkm, f, []store.EvidenceFile{minutes}); err != nil {
				t.Fatal(err)
			}
			stored := write(filepath.Join(f.ID, minutes.ID), 48*time.Hour)
			beside := write(filepath.Join(f.ID, store.NewID()), 30*time.Hour) // its transaction failed
			crashed := write(filepath.Join(store.NewID(), store.NewID()), 25*time.Hour)
			young := write(filepath.Join(store.NewID(), store.NewID()), time.Hour)
			foreign := write(filepath.Join(store.NewID(), "scan.pdf"), 100*time.Hour)
			// A complaint attachment's orphan beside them is still swept.
			attachment := filepath.Join(dir, store.NewID(), store.NewID())
			os.MkdirAll(filepath.Dir(attachment), 0o750)
			os.WriteFile(attachment, []byte("foto"), 0o640)
			os.Chtimes(attachment, now.Add(-30*time.Hour), now.Add(-30*time.Hour))

			p := &jobs.Privacy{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Retention: complaint.DefaultRetention, AttachmentDir: dir}
			res, err := p.Sweep(ctx, now)
			if err != nil || res.Orphans != 3 {
				t.Fatalf("%+v %v, want 3 orphans removed", res, err)
			}
			for path, want := range map[string]bool{stored: true, beside: false, crashed: false, filepath.Dir(crashed): false, young: true,
				foreign: true, attachment: false, bukti: true} {
				if _, err := os.Stat(path); (err == nil) != want {
					t.Errorf("%s: exists %v, want %v", path, err == nil, want)
				}
			}
			if n, err := p.RemoveOrphans(ctx, now.Add(time.Hour)); n != 0 || err != nil {
				t.Errorf("again: %d %v", n, err)
			}
		})
	}
}
