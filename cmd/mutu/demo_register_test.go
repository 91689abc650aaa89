package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/standard"
	"mutu/internal/store"
)

// TestServeDemoChecksItsRegister: the demo's publication register is
// there on first start (website, social and notice-board entries, some
// services without any), the board photos are on disk, and the link
// checker, allowed to reach the demo's own address only, finds the demo's
// public pages answering and naming the version in force.
func TestServeDemoChecksItsRegister(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mutu.db")
	t.Setenv("MUTU_BASE_URL", "")
	t.Setenv("MUTU_ATTACHMENTS", filepath.Join(dir, "files"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, logs lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db}, &out, &logs)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	register := func(code string) []standard.Publication {
		u, err := s.UnitByCode(context.Background(), code)
		if err != nil {
			return nil
		}
		ps, _ := s.UnitPublications(context.Background(), u.ID)
		return ps
	}
	// Wait (polling: the server runs in its own goroutine) until the
	// checker's first run has recorded Dukcapil's entries.
	var dkp []standard.Publication
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		dkp = register("DKP-31.72")
		checked := 0
		for _, p := range dkp {
			if !p.Check.At.IsZero() {
				checked++
			}
		}
		if len(dkp) == 5 && checked == 3 {
			break
		}
	}
	kinds := map[standard.PublicationKind]int{}
	for _, p := range dkp {
		kinds[p.Kind]++
		switch p.Kind {
		case standard.Website:
			if !strings.HasPrefix(p.URL, "http://127.0.0.1:") || !p.Check.Answered() || p.Check.Names != standard.NamesYes {
				t.Errorf("website entry %s: %+v", p.URL, p.Check)
			}
		case standard.Social:
			if !p.Check.Answered() {
				t.Errorf("social entry %s: %+v", p.URL, p.Check)
			}
		case standard.Board:
			files, _ := os.ReadDir(filepath.Join(dir, "files", "bukti", p.ID))
			if len(files) != 1 || p.SeenOn.IsZero() {
				t.Errorf("board entry: %d files, seen on %s", len(files), p.SeenOn)
			}
		}
	}
	if kinds[standard.Website] != 2 || kinds[standard.Social] != 1 || kinds[standard.Board] != 2 {
		t.Errorf("Dukcapil's register %v\n%s", kinds, logs.String())
	}
	// Puskesmas Tanjung Priok publishes a standard but has recorded no
	// place of publication.
	if _, err := s.UnitByCode(context.Background(), "PKM-31.72.02"); err != nil {
		t.Fatal(err)
	}
	if ps := register("PKM-31.72.02"); len(ps) != 0 {
		t.Errorf("Puskesmas Tanjung Priok: %d entries, want none", len(ps))
	}
}
