package jobs_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/region"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
)

func TestSweepEscalatesAndAutoCloses(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "mutu.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rs, _ := region.ParseCSV(bytes.NewReader(seed.DKIRegions()), nil)
	db.UpsertRegions(ctx, audit.CLI, rs, nil)
	if _, err := unit.Import(ctx, db, audit.CLI, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
		t.Fatal(err)
	}
	pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
	cal, _ := calendar.Builtin()
	// Friday 4 Dec 2026, 10.00 WIB.
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	file := func(title string) *complaint.Report {
		r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: title, Body: "Isi laporan yang cukup panjang untuk diterima."}
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		return r
	}
	late := file("Belum diverifikasi")
	answered := file("Sudah ditanggapi")
	for _, c := range []complaint.Change{{Action: complaint.Verify, Actor: complaint.Verifier}, {Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: pkm.ID},
		{Action: complaint.Respond, Actor: complaint.UnitStaff, Reason: "Sudah kami tangani."}} {
		c.At = now
		if _, err := db.ApplyComplaint(ctx, answered.UnitID, answered.ID, &c, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	sw := &jobs.Sweeper{DB: db, Calendar: cal, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// Three working days after Friday: Mon, Tue, Wed → due end of Wed 9 Dec.
	if res, err := sw.Sweep(ctx, time.Date(2026, 12, 9, 23, 0, 0, 0, clock.Jakarta)); err != nil || res.Escalated != 0 || res.Closed != 0 {
		t.Fatalf("before the deadline: %+v %v", res, err)
	}
	at := time.Date(2026, 12, 10, 0, 0, 1, 0, clock.Jakarta)
	if res, _ := sw.Sweep(ctx, at); res.Escalated != 1 {
		t.Fatalf("after the deadline: %+v", res)
	}
	if res, _ := sw.Sweep(ctx, at); res.Escalated != 0 {
		t.Fatalf("a second sweep escalated again: %+v", res)
	}
	events, _ := db.Events(ctx, late)
	last := events[len(events)-1]
	if last.Action != complaint.Escalate || !strings.Contains(last.Body, "31.72") {
		t.Fatalf("escalation event: %+v", last)
	}
	// Ten working days after the answer on Fri 4 Dec: 18 Dec; with Christmas
	// (25 Dec, and cuti bersama in the calendar data) it cannot be earlier.
	if res, _ := sw.Sweep(ctx, time.Date(2026, 12, 17, 12, 0, 0, 0, clock.Jakarta)); res.Closed != 0 {
		t.Fatalf("closed too early: %+v", res)
	}
	d := cal.Deadline(now, 10)
	if res, _ := sw.Sweep(ctx, d.Add(time.Second)); res.Closed != 1 {
		t.Fatalf("not closed after the reporter's silence (due %v): %+v", d, res)
	}
	got, _ := db.Complaint(ctx, answered.UnitID, answered.ID)
	if got.Status != complaint.Closed {
		t.Fatalf("status %s", got.Status)
	}
}
