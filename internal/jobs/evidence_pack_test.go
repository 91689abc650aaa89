package jobs_test

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/jobs"
	"mutu/internal/kepatuhan"
	"mutu/internal/report"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestEvidencePackSurvivesRestart: a pack's build is cut off halfway (the
// process ends: its context is cancelled and its store handle closed);
// its row stays running with the progress made. A new process with a new
// store handle on the same database takes it up on its next run and
// finishes it: a ZIP with the index and every file, the row done with
// every file counted and two runs. On both engines.
func TestEvidencePackSurvivesRestart(t *testing.T) {
	for engine, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "mutu.db") },
		"postgres": func(t *testing.T) string { return testutil.Postgres(t) },
	} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := dsn(t)
			db, pkm := sweepDBAt(t, dsn)
			now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
			db.Now = func() time.Time { return now }
			dir := t.TempDir()
			log := slog.New(slog.NewTextHandler(io.Discard, nil))

			// Five minutes of a forum, on disk and in evidence_files.
			f := &standard.Forum{HeldOn: time.Date(2023, 3, 1, 0, 0, 0, 0, clock.Jakarta), Topic: "FKP", Participants: []string{"Warga"}, Minutes: "Notulen"}
			var files []store.EvidenceFile
			var bodies [][]byte
			for i := range 5 {
				body := []byte(fmt.Sprintf("%%PDF-1.4 notulen %d", i))
				e := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: fmt.Sprintf("notulen-%d.pdf", i), ContentType: "application/pdf",
					Size: int64(len(body)), SHA256: "x"}, Kind: "forum"}
				files = append(files, e)
				bodies = append(bodies, body)
			}
			if err := db.AddForum(ctx, audit.CLI, pkm, f, files); err != nil {
				t.Fatal(err)
			}
			for i, e := range files {
				path := filepath.Join(store.EvidenceDir(dir, f.ID), e.ID)
				os.MkdirAll(filepath.Dir(path), 0o750)
				if err := os.WriteFile(path, bodies[i], 0o640); err != nil {
					t.Fatal(err)
				}
			}
			var version string
			vs, _ := db.InstrumentVersions(ctx)
			for _, v := range vs {
				if v.Label == "ombudsman-2023" {
					version = v.ID
				}
			}
			a := &kepatuhan.Assessment{RegionCode: "31.72", Year: 2023, VersionID: version, StartsOn: time.Date(2023, 8, 14, 0, 0, 0, 0, clock.Jakarta),
				EndsOn: time.Date(2023, 8, 16, 0, 0, 0, 0, clock.Jakarta), Loci: []kepatuhan.Locus{{UnitID: pkm.ID}}}
			if err := db.SaveAssessment(ctx, audit.CLI, a, true); err != nil {
				t.Fatal(err)
			}
			if err := db.RequestPack(ctx, audit.CLI, a, pkm.ID, pkm.Name); err != nil {
				t.Fatal(err)
			}

			// The first process dies after two files.
			cut, cancel := context.WithCancel(ctx)
			first := &jobs.EvidencePacks{DB: db, Log: log, AttachmentDir: dir}
			jobs.SetAfterFile(first, func(p *store.Pack, done int) error {
				if done == 2 {
					cancel()
				}
				return nil
			})
			if n, err := first.BuildPending(cut, now); n != 0 || !errors.Is(err, context.Canceled) {
				ps, _ := db.Packs(ctx, a.ID)
				t.Fatalf("cut off: %d, %v, %+v", n, err, ps)
			}
			ps, _ := db.Packs(ctx, a.ID)
			if p := ps[pkm.ID]; p.State != store.PackRunning || p.Done != 1 && p.Done != 2 || p.Total != 5 || p.Runs != 1 {
				t.Fatalf("after the cut %+v", p)
			}
			if _, err := os.Stat(jobs.PackPath(dir, a.ID, pkm.ID)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("a half pack is offered: %v", err)
			}
			db.Close()

			// A new process on the same database.
			db2, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db2.Close() })
			db2.Now = func() time.Time { return now.Add(time.Minute) }
			second := &jobs.EvidencePacks{DB: db2, Log: log, AttachmentDir: dir}
			if n, err := second.BuildPending(ctx, now.Add(time.Minute)); n != 1 || err != nil {
				t.Fatalf("restarted: %d, %v", n, err)
			}
			ps, _ = db2.Packs(ctx, a.ID)
			p := ps[pkm.ID]
			if p.State != store.PackDone || p.Done != 5 || p.Runs != 2 || p.Size == 0 || p.Percent() != 100 {
				t.Fatalf("done %+v", p)
			}
			z, err := zip.OpenReader(jobs.PackPath(dir, a.ID, pkm.ID))
			if err != nil {
				t.Fatal(err)
			}
			defer z.Close()
			if len(z.File) != 6 || z.File[0].Name != report.PackIndexName {
				t.Fatalf("%d entries", len(z.File))
			}
			if fi, _ := os.Stat(jobs.PackPath(dir, a.ID, pkm.ID)); fi.Size() != p.Size {
				t.Errorf("size %d, row %d", fi.Size(), p.Size)
			}
			if n, err := second.BuildPending(ctx, now.Add(time.Minute)); n != 0 || err != nil {
				t.Errorf("nothing left: %d, %v", n, err)
			}

			// A file missing on disk fails the pack with a reason, and
			// the next request builds it again.
			os.Remove(filepath.Join(store.EvidenceDir(dir, f.ID), files[3].ID))
			if err := db2.RequestPack(ctx, audit.CLI, a, pkm.ID, pkm.Name); err != nil {
				t.Fatal(err)
			}
			if n, err := second.BuildPending(ctx, now.Add(time.Minute)); n != 0 || err != nil {
				t.Fatalf("missing file: %d, %v", n, err)
			}
			ps, _ = db2.Packs(ctx, a.ID)
			if p := ps[pkm.ID]; p.State != store.PackFailed || p.Error == "" {
				t.Errorf("failed %+v", p)
			}
		})
	}
}
