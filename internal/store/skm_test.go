package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/seed"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

func loadUnits(t *testing.T, db *store.DB) {
	t.Helper()
	loadDKI(t, db)
	if _, err := unit.Import(context.Background(), db, admin, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
		t.Fatal(err)
	}
}

func response(u *unit.Unit, at time.Time, answers ...int) *skm.Response {
	return &skm.Response{UnitID: u.ID, ServiceID: u.Services[0].ID, Instrument: skm.Current, Channel: skm.Web, SubmittedAt: at,
		Answers: answers, Sex: "P", Education: "s1", Occupation: "swasta", Age: 34}
}

func TestSubmitAndTally(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.74")
		in, err := db.Instrument(ctx, skm.Current)
		if err != nil || len(in.Elements) != 9 {
			t.Fatalf("instrument: %v %v", in, err)
		}
		// 23:30 WIB on 31 Jan is still January; 00:30 WIB on 1 Feb is February.
		jan31 := time.Date(2026, 1, 31, 16, 30, 0, 0, time.UTC)
		feb1 := time.Date(2026, 1, 31, 17, 30, 0, 0, time.UTC)
		want := skm.NewTally(9)
		rng := rand.New(rand.NewPCG(1, 2))
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 200 {
			answers := make([]int, 9)
			for j := range answers {
				answers[j] = 1 + rng.IntN(4)
			}
			if i%10 == 0 {
				answers[3] = 0 // U4 left blank
			}
			want.Add(answers)
			at := jan31
			if i%2 == 1 {
				at = feb1
			}
			r := response(pkm, at, answers...)
			r.Device = fmt.Sprintf("dev-%d", i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, err := db.SubmitResponse(ctx, r)
				mu.Lock()
				defer mu.Unlock()
				if err != nil || out.ID == "" || out.Replayed {
					t.Errorf("submit: %+v %v", out, err)
				}
			}()
		}
		wg.Wait()
		if _, err := db.SubmitResponse(ctx, response(ptsp, jan31, 4, 4, 4, 4, 4, 4, 4, 4, 4)); err != nil {
			t.Fatal(err)
		}

		q := store.TallyQuery{Range: skm.Range{From: "2026-01-01", To: "2026-02-28"}, Instrument: skm.Current, UnitIDs: []string{pkm.ID}}
		rows, err := db.Tallies(ctx, q)
		if err != nil || len(rows) != 1 {
			t.Fatalf("tallies: %v %v", rows, err)
		}
		got, profile := rows[0].Tally(9)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("tally %v, want %v", got, want)
		}
		if profile["sex"]["P"] != 200 || profile["education"]["s1"] != 200 || profile["age"]["30"] != 200 || profile["channel"]["web"] != 200 {
			t.Errorf("profile: %v", profile)
		}
		// The elements-only sum (rankings) gives the same tally.
		q.Elements = 9
		slim, err := db.Tallies(ctx, q)
		if err != nil || len(slim) != 1 {
			t.Fatalf("elements-only tallies: %v %v", slim, err)
		}
		if got, _ := slim[0].Tally(9); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("elements-only tally %v, want %v", got, want)
		}
		q.Elements = 0
		// Partial months read daily rows: January alone, then 31 Jan–1 Feb.
		for _, tc := range []struct {
			r    skm.Range
			want int64
		}{
			{skm.Range{From: "2026-01-01", To: "2026-01-31"}, 100},
			{skm.Range{From: "2026-01-31", To: "2026-02-01"}, 200},
			{skm.Range{From: "2026-02-02", To: "2026-12-31"}, 0},
			{skm.Range{From: "2025-12-01", To: "2026-02-01"}, 200},
		} {
			q.Range = tc.r
			rows, err := db.Tallies(ctx, q)
			var n int64
			for _, r := range rows {
				n += r.Respondents()
			}
			if err != nil || n != tc.want {
				t.Errorf("%v: %d respondents, want %d (%v)", tc.r, n, tc.want, err)
			}
		}
		// A region and per-service breakdown.
		q = store.TallyQuery{Range: skm.Range{From: "2026-01-01", To: "2026-12-31"}, Instrument: skm.Current, RegionCode: "31.74", ByService: true}
		rows, _ = db.Tallies(ctx, q)
		if len(rows) != 1 || rows[0].UnitID != ptsp.ID || rows[0].ServiceID != ptsp.Services[0].ID {
			t.Errorf("Jakarta Selatan by service: %+v", rows)
		}
		all, _ := db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: "2026-01-01", To: "2026-12-31"}, Instrument: skm.Current, RegionCode: "31"})
		if pooled := store.Pooled(all); pooled.Respondents() != 201 {
			t.Errorf("pooled: %d", pooled.Respondents())
		}
		// By month, pooled over the units: each month as its own range.
		byMonth, err := db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: "2025-12-01", To: "2026-02-28"}, Instrument: skm.Current, RegionCode: "31", ByMonth: true})
		if err != nil || len(byMonth) != 2 {
			t.Fatalf("by month: %+v %v", byMonth, err)
		}
		for _, m := range byMonth {
			first, _ := time.Parse("2006-01", m.Month)
			one, _ := db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: first.Format(time.DateOnly), To: first.AddDate(0, 1, -1).Format(time.DateOnly)},
				Instrument: skm.Current, RegionCode: "31"})
			if m.UnitID != "" || !reflect.DeepEqual(store.Pooled([]store.TallyRow{m}), store.Pooled(one)) {
				t.Errorf("%s: by month %+v, alone %+v", m.Month, m, store.Pooled(one))
			}
		}
		if _, err := db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: "2026-01-15", To: "2026-02-28"}, Instrument: skm.Current, RegionCode: "31", ByMonth: true}); err == nil {
			t.Error("by month over part of a month: no error")
		}
	})
}

func TestIdempotencyAndDuplicates(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
		r := response(pkm, at, 3, 3, 3, 3, 3, 3, 3, 3, 3)
		r.Idempotency = "key-1"
		first, err := db.SubmitResponse(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		retry := response(pkm, at.Add(time.Hour), 1, 1, 1, 1, 1, 1, 1, 1, 1)
		retry.Idempotency = "key-1"
		again, err := db.SubmitResponse(ctx, retry)
		if err != nil || !again.Replayed || again.ID != first.ID {
			t.Fatalf("retry: %+v %v (first %s)", again, err, first.ID)
		}
		// The same answers from the same device minutes later: refused.
		d1 := response(pkm, at, 4, 4, 4, 4, 4, 4, 4, 4, 3)
		d1.Device = "kiosk-7"
		if _, err := db.SubmitResponse(ctx, d1); err != nil {
			t.Fatal(err)
		}
		d2 := response(pkm, at.Add(skm.DuplicateWindow-time.Second), 4, 4, 4, 4, 4, 4, 4, 4, 3)
		d2.Device = "kiosk-7"
		if _, err := db.SubmitResponse(ctx, d2); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate: %v", err)
		}
		d3 := response(pkm, at.Add(3*skm.DuplicateWindow), 4, 4, 4, 4, 4, 4, 4, 4, 3)
		d3.Device = "kiosk-7"
		if _, err := db.SubmitResponse(ctx, d3); err != nil {
			t.Fatalf("same answers half an hour later: %v", err)
		}
		rows, _ := db.Tallies(ctx, store.TallyQuery{Range: skm.Range{From: "2026-03-01", To: "2026-03-31"}, Instrument: skm.Current, UnitIDs: []string{pkm.ID}})
		if len(rows) != 1 || rows[0].Respondents() != 3 {
			t.Fatalf("replays or duplicates counted: %+v", rows)
		}
		// A response for a service of another unit fails alone.
		bad := response(pkm, at, 2, 2, 2, 2, 2, 2, 2, 2, 2)
		other, _ := db.UnitByCode(ctx, "PTSP-31.74")
		bad.ServiceID = other.Services[0].ID
		if _, err := db.SubmitResponse(ctx, bad); err == nil {
			t.Fatal("response with a foreign service stored")
		}
	})
}
