package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/store"
)

// TestOnTimeRatesCountOpenOverdueSteps: the dashboard's on-time rate of
// each step (rollups for the steps done, plus the open steps past due)
// equals a brute-force count over the reports at an injected clock; a
// report waiting past its verification deadline makes the rate fall below
// 100 % although every step done was on time.
func TestOnTimeRatesCountOpenOverdueSteps(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		// Monday 2 Nov 2026, 09.00 WIB.
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, clock.Jakarta)
		db.Now = func() time.Time { return now }
		file := func() *complaint.Report {
			r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
				Title: "Laporan uji", Body: "Isi laporan uji yang cukup panjang."}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			return r
		}
		step := func(r *complaint.Report, c complaint.Change) {
			c.At = now
			if c.Actor == "" {
				c.Actor = complaint.Verifier
			}
			if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, &c, "", "uji"); err != nil {
				t.Fatalf("%s: %v", c.Action, err)
			}
		}
		// Verified and dispatched on time, answered on time.
		done := file()
		step(done, complaint.Change{Action: complaint.Verify})
		step(done, complaint.Change{Action: complaint.Dispatch, TargetUnit: pkm.ID})
		step(done, complaint.Change{Action: complaint.Respond, Actor: complaint.UnitStaff, Reason: "Sudah kami tangani."})
		// Dispatched on time, never answered.
		silent := file()
		step(silent, complaint.Change{Action: complaint.Verify})
		step(silent, complaint.Change{Action: complaint.Dispatch, TargetUnit: pkm.ID})
		// Never verified; one of them put on hold.
		file()
		held := file()
		step(held, complaint.Change{Action: complaint.Hold, Reason: "Menunggu data pelapor."})
		// Filed on Friday 20 Nov, still within its three working days.
		now = time.Date(2026, 11, 20, 9, 0, 0, 0, clock.Jakarta)
		file()

		// Thursday 26 Nov: verification of the three unverified reports is
		// due at the end of 5 Nov; the first response of silent at the end
		// of 9 Nov. Only the report of 20 Nov is not yet late.
		now = time.Date(2026, 11, 26, 10, 0, 0, 0, clock.Jakarta)
		f := store.ComplaintFilter{RegionCode: "31.72", ReceivedFrom: "2026-01-01", ReceivedTo: "2026-12-31"}
		st, err := db.ComplaintStats(ctx, f, 2026)
		if err != nil {
			t.Fatal(err)
		}
		dbCal, err := db.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Late, err = db.OpenLate(ctx, f, dbCal, now); err != nil {
			t.Fatal(err)
		}

		// Brute force: every report, each step judged done on its verdict,
		// or late if it is still to be done and its deadline has passed.
		cal, _ := calendar.Builtin()
		type count struct{ judged, onTime int }
		want := map[complaint.StepName]*count{complaint.StepVerify: {}, complaint.StepFirstResponse: {}, complaint.StepResolution: {}}
		judge := func(s complaint.StepName, from, doneAt time.Time, onTime, pending bool, days int) {
			switch {
			case !doneAt.IsZero():
				want[s].judged++
				if onTime {
					want[s].onTime++
				}
			case pending && !from.IsZero() && now.After(cal.Deadline(from, days)):
				want[s].judged++
			}
		}
		if err := db.EachComplaint(ctx, f, func(r *complaint.Report) error {
			open := r.Status.Open()
			judge(complaint.StepVerify, r.ReceivedAt, r.VerifiedAt, r.VerifyOnTime, r.Status == complaint.Received || r.Status == complaint.OnHold, 3)
			judge(complaint.StepFirstResponse, r.DispatchedAt, r.FirstResponseDoneAt(), r.FirstResponseOnTime, open, 5)
			judge(complaint.StepResolution, r.VerifiedAt, r.ResolutionAt(), r.ResolutionOnTime, open && r.Status != complaint.Responded, 60)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for s, c := range want {
			if got, w := st.OnTimeRate(s), complaint.Share(c.onTime, c.judged); got != w {
				t.Errorf("%s: dashboard %.1f %%, reports %.1f %% (%d of %d)", s, got, w, c.onTime, c.judged)
			}
		}
		if got := st.OnTimeRate(complaint.StepVerify); got != 40 {
			t.Errorf("verification on time %.1f %%, want 40 (2 on time, 3 open and late)", got)
		}
		if got := st.OnTimeRate(complaint.StepFirstResponse); got != 50 {
			t.Errorf("first response on time %.1f %%, want 50", got)
		}
	})
}
