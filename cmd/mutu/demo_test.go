package main

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/store"
)

// TestDemoGenerateComplaints: "mutu demo generate --complaints N" adds N
// reports over three years whose rollups are exactly what a rebuild from
// the reports gives, with reports in open, completed and set-aside states.
func TestDemoGenerateComplaints(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "mutu.db")
	if _, _, err := mutu(t, "demo", "generate", "--db", dsn); err == nil {
		t.Error("generate without a number accepted")
	}
	out, _, err := mutu(t, "demo", "generate", "--complaints", "1500", "--db", dsn)
	if err != nil || !strings.Contains(out, "1.500 laporan pengaduan") {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all := store.ComplaintFilter{RegionCode: "31"}
	year := time.Now().In(clock.Jakarta).Year()
	var before []complaint.Stats
	total := 0
	for y := year - 3; y <= year; y++ {
		s, err := db.ComplaintStats(ctx, all, y)
		if err != nil {
			t.Fatal(err)
		}
		before = append(before, s)
		total += s.Total
	}
	last := before[len(before)-1]
	if total != 1500+40 || last.ByStatus[complaint.Closed] == 0 || last.ByStatus[complaint.Archived] == 0 || last.ResolutionDone == 0 {
		t.Fatalf("%d reports; this year %+v", total, last)
	}
	if _, err := db.RebuildComplaintRollups(ctx, false); err != nil {
		t.Fatal(err)
	}
	for i, y := 0, year-3; y <= year; i, y = i+1, y+1 {
		if s, _ := db.ComplaintStats(ctx, all, y); !reflect.DeepEqual(s, before[i]) {
			t.Errorf("%d: rebuilt %+v, generated %+v", y, s, before[i])
		}
	}
}
