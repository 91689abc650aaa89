package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// TestVisitScoring: the first score fixes the visit's instrument version;
// an upload with the same Idempotency-Key twice is stored once (score,
// photo and audit row); the self-assessment is submitted once; coaching
// and attendance replace; submitting marks the visit done with the
// engine's result, and a visit done takes no more scores.
func TestVisitScoring(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ptsp, team, v := plannedVisit(t, db)
		versions, err := db.InstrumentVersions(ctx)
		if err != nil || len(versions) == 0 {
			t.Fatalf("versions %d, %v", len(versions), err)
		}
		iv := versions[0]
		for _, x := range versions {
			if x.Instrument == "pekppp" {
				iv = x
				break
			}
		}
		codes := iv.ScoredIndicators()

		photo := func() []store.EvidenceFile {
			return []store.EvidenceFile{{Attachment: store.Attachment{ID: store.NewID(), Filename: "foto.jpg", ContentType: "image/jpeg", Size: 10, SHA256: "cd"}}}
		}
		first := monitor.Score{Side: monitor.TeamSide, Indicator: codes[0], Level: 4, Note: "papan informasi lengkap"}
		if again, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, iv.ID, first, "k-1", photo()); err != nil || again {
			t.Fatalf("first upload: replayed %v, %v", again, err)
		}
		retry := first
		retry.Level = 1 // a retry carries the same upload; nothing of it may count twice
		if again, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, iv.ID, retry, "k-1", photo()); err != nil || !again {
			t.Fatalf("retry: replayed %v, %v", again, err)
		}
		if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, "another-version", first, "k-2", nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("a score under another version: %v", err)
		}
		rec, err := db.VisitDetails(ctx, ptsp.ID, v.ID)
		if err != nil || rec.InstrumentVersionID != iv.ID || len(rec.Scores) != 1 || rec.Scores[0].Level != 4 || len(rec.Files) != 1 ||
			rec.Files[0].Kind != codes[0] || rec.Files[0].OwnerType != store.OwnerVisitScore {
			t.Fatalf("after the retry %+v, %v", rec, err)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{})
		n := 0
		for _, e := range entries {
			if e.Action == "visit.score" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d audit rows for one upload", n)
		}

		for i, c := range codes {
			s := monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: 4 + i%2}
			if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, iv.ID, s, "", nil); err != nil {
				t.Fatal(err)
			}
			s.Side, s.Level = monitor.SelfSide, 5
			if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, iv.ID, s, "", nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SubmitSelfAssessment(ctx, admin, ptsp, v.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitSelfAssessment(ctx, admin, ptsp, v.ID); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second submission: %v", err)
		}
		if err := db.SaveVisitReport(ctx, admin, ptsp, v.ID, "draft", []monitor.Attendee{{Name: "A", Title: "Kepala"}, {Name: "B", Title: "Staf"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveVisitReport(ctx, admin, ptsp, v.ID, "Pembinaan: lengkapi maklumat.", []monitor.Attendee{{Name: "Budi", Title: "Kepala Unit"}}); err != nil {
			t.Fatal(err)
		}

		res, err := iv.Score(monitor.Levels(mustDetails(t, db, ptsp.ID, v.ID).Scores, monitor.TeamSide))
		if err != nil {
			t.Fatal(err)
		}
		st := store.VisitStep{Team: team, Window: monitor.WindowAt(monitor.Default, db.Now()), Done: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}
		if err := db.CompleteVisit(ctx, admin, ptsp, v.ID, st, res); err != nil {
			t.Fatal(err)
		}
		rec = mustDetails(t, db, ptsp.ID, v.ID)
		if !rec.Done() || rec.Result == nil || rec.Result.IPP != res.Rounded || rec.Result.Category != res.Category.Kategori ||
			len(rec.Result.Aspects) != len(res.Aspects) || rec.Result.Exact != res.Exact.RatString() {
			t.Fatalf("done %+v result %+v", rec.Visit, rec.Result)
		}
		if rec.Result.IPP < 400 || rec.Result.IPP > 500 {
			t.Errorf("IPP %d from levels 4 and 5", rec.Result.IPP)
		}
		if rec.Coaching != "Pembinaan: lengkapi maklumat." || len(rec.Attendees) != 1 || rec.Attendees[0].Title != "Kepala Unit" || rec.SelfSubmitted.IsZero() {
			t.Errorf("report %+v", rec)
		}
		if _, err := db.SaveVisitScore(ctx, admin, ptsp, v.ID, iv.ID, first, "k-3", nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("a score after the visit is done: %v", err)
		}
		if err := db.CompleteVisit(ctx, admin, ptsp, v.ID, st, res); !errs.Is(err, errs.Conflict) {
			t.Errorf("submitting twice: %v", err)
		}
		if _, err := db.VisitDetails(ctx, ptsp.ID, "nope"); !errs.Is(err, errs.NotFound) {
			t.Errorf("an unknown visit: %v", err)
		}
	})
}

func mustDetails(t *testing.T, db *store.DB, unitID, id string) *store.VisitRecord {
	t.Helper()
	rec, err := db.VisitDetails(context.Background(), unitID, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// ptspTeam loads the units, sets the clock to 3 Dec 2026, and saves a team
// (no members) covering PTSP-31.72; it returns the unit and the team.
// plannedVisit is PTSP's visit of the current window by its team,
// planned for 10 December 2026 and not scored yet.
func plannedVisit(t *testing.T, db *store.DB) (*unit.Unit, *monitor.Team, *monitor.Visit) {
	t.Helper()
	ptsp, team := ptspTeam(t, db)
	w := monitor.WindowAt(monitor.Default, db.Now())
	v, err := db.RecordVisit(context.Background(), admin, ptsp, store.VisitStep{Team: team, Window: w, Plan: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return ptsp, team, v
}

func ptspTeam(t *testing.T, db *store.DB) (*unit.Unit, *monitor.Team) {
	t.Helper()
	ctx := context.Background()
	loadUnits(t, db)
	db.Now = func() time.Time { return time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) }
	ptsp, err := db.UnitByCode(ctx, "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	team := &monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim", DecreeNumber: "E.0066/2022",
		DecreeDate: time.Date(2022, 3, 14, 0, 0, 0, 0, time.UTC), UnitIDs: []string{ptsp.ID}}
	if err := db.SaveTeam(ctx, admin, team, true, nil); err != nil {
		t.Fatal(err)
	}
	return ptsp, team
}
