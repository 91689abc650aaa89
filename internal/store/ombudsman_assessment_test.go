package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/kepatuhan"
	"mutu/internal/store"
)

// ombudsmanVersionID returns the stored id of an Ombudsman version by label.
func ombudsmanVersionID(t *testing.T, db *store.DB, label string) string {
	t.Helper()
	vs, err := db.InstrumentVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Label == label {
			return v.ID
		}
	}
	t.Fatalf("no version %s", label)
	return ""
}

// TestAssessments: an assessment with its loci, products and assessors is
// stored and read back; an edit keeps the scores of the loci it keeps and
// drops a removed locus with its pack; results, the Piagam and the packs'
// states are stored; a second assessment of the same city and year is
// refused; every write is audited. On both engines.
func TestAssessments(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		dkp, _ := db.UnitByCode(ctx, "DKP-31.72")
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		asesor := &account.User{Username: "asesor", Name: "Asesor", Role: account.Assessor, RegionCode: "31", PasswordHash: "x"}
		if err := db.CreateUser(ctx, admin, asesor); err != nil {
			t.Fatal(err)
		}
		day := func(s string) time.Time { d, _ := time.ParseInLocation(time.DateOnly, s, clock.Jakarta); return d }
		a := &kepatuhan.Assessment{RegionCode: "31.72", Year: 2023, VersionID: ombudsmanVersionID(t, db, "ombudsman-2023"),
			StartsOn: day("2023-08-14"), EndsOn: day("2023-08-16"), Assessors: []string{asesor.ID},
			Loci: []kepatuhan.Locus{{UnitID: dkp.ID, ServiceIDs: []string{dkp.Services[1].ID, dkp.Services[0].ID}}, {UnitID: pkm.ID}}}
		if err := db.SaveAssessment(ctx, admin, a, true); err != nil || a.ID == "" {
			t.Fatalf("save: %v", err)
		}
		again := *a
		again.ID = ""
		if err := db.SaveAssessment(ctx, admin, &again, true); !errs.Is(err, errs.Invalid) {
			t.Errorf("a second assessment of 2023: %v", err)
		}
		got, err := db.Assessment(ctx, a.ID)
		if err != nil || got.Year != 2023 || !got.StartsOn.Equal(a.StartsOn) || len(got.Loci) != 2 || len(got.Loci[0].ServiceIDs)+len(got.Loci[1].ServiceIDs) != 2 ||
			!got.HasAssessor(asesor.ID) || got.Score != nil || got.UpdatedBy != admin.Name {
			t.Fatalf("read back %+v, %v", got, err)
		}

		city, loci, err := kepatuhan.Results{City: "84,56", Loci: map[string]string{dkp.ID: "90,1"}}.Validate(got)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SaveAssessmentResults(ctx, admin, got, city, loci); err != nil {
			t.Fatal(err)
		}
		if err := db.RequestPack(ctx, admin, got, pkm.ID, pkm.Name); err != nil {
			t.Fatal(err)
		}
		if err := db.RequestPack(ctx, admin, got, "other", "x"); !errs.Is(err, errs.NotFound) {
			t.Errorf("a pack of a unit not visited: %v", err)
		}
		// Drop the puskesmas: its pack goes; the DKP keeps its score.
		got.Loci = got.Loci[:1]
		for _, l := range got.Loci {
			if l.UnitID != dkp.ID {
				t.Fatalf("loci by code: %+v", got.Loci)
			}
		}
		if err := db.SaveAssessment(ctx, admin, got, false); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Assessment(ctx, a.ID)
		if len(got.Loci) != 1 || got.Loci[0].Score == nil || *got.Loci[0].Score != 9010 || got.Score == nil || *got.Score != 8456 {
			t.Fatalf("after the edit %+v", got)
		}
		if ps, err := db.Packs(ctx, a.ID); err != nil || len(ps) != 0 {
			t.Errorf("packs of a dropped locus %+v, %v", ps, err)
		}

		// The Piagam with its scan, a file of the city.
		scan := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "piagam.pdf", ContentType: "application/pdf", Size: 4, SHA256: "ab"}, Kind: "award"}
		if err := db.SaveAward(ctx, admin, got, kepatuhan.Award{Name: "Piagam Predikat Kepatuhan", On: day("2023-12-12")}, []store.EvidenceFile{scan}); err != nil {
			t.Fatal(err)
		}
		if fs, err := db.AwardFiles(ctx, a.ID); err != nil || len(fs) != 1 || fs[0].Filename != "piagam.pdf" {
			t.Errorf("award files %+v, %v", fs, err)
		}

		// The pack's life: queued, running, done; asked again, queued again.
		if err := db.RequestPack(ctx, admin, got, dkp.ID, dkp.Name); err != nil {
			t.Fatal(err)
		}
		pending, err := db.PendingPacks(ctx)
		if err != nil || len(pending) != 1 || pending[0].State != store.PackQueued {
			t.Fatalf("pending %+v, %v", pending, err)
		}
		p := pending[0]
		if err := db.StartPack(ctx, &p, 4); err != nil {
			t.Fatal(err)
		}
		if err := db.PackProgress(ctx, &p, 2); err != nil {
			t.Fatal(err)
		}
		// asked while running: left alone
		if err := db.RequestPack(ctx, admin, got, dkp.ID, dkp.Name); err != nil {
			t.Fatal(err)
		}
		ps, _ := db.Packs(ctx, a.ID)
		if q := ps[dkp.ID]; q.State != store.PackRunning || q.Done != 2 || q.Total != 4 || q.Runs != 1 || q.Percent() != 50 {
			t.Fatalf("running %+v", q)
		}
		if err := db.FinishPack(ctx, &p, 1234, ""); err != nil {
			t.Fatal(err)
		}
		ps, _ = db.Packs(ctx, a.ID)
		if q := ps[dkp.ID]; q.State != store.PackDone || q.Done != 4 || q.Size != 1234 || q.FinishedAt.IsZero() {
			t.Fatalf("done %+v", q)
		}
		if pending, _ := db.PendingPacks(ctx); len(pending) != 0 {
			t.Errorf("pending after done: %+v", pending)
		}

		// Lists: by region (the city, a kecamatan within it, the province), by assessor, by year.
		for _, c := range []struct {
			f    store.AssessmentFilter
			want int
		}{
			{store.AssessmentFilter{RegionCode: "31.72"}, 1}, {store.AssessmentFilter{RegionCode: "31"}, 1},
			{store.AssessmentFilter{RegionCode: "31.72.01"}, 1}, {store.AssessmentFilter{RegionCode: "31.74"}, 0},
			{store.AssessmentFilter{AssessorID: asesor.ID}, 1}, {store.AssessmentFilter{AssessorID: "other"}, 0},
			{store.AssessmentFilter{Year: 2024}, 0}, {store.AssessmentFilter{Year: 2023}, 1},
		} {
			if as, err := db.Assessments(ctx, c.f); err != nil || len(as) != c.want {
				t.Errorf("%+v: %d, %v", c.f, len(as), err)
			}
		}

		entries, err := db.AuditLog(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
		}
		for _, act := range []string{"kepatuhan.create", "kepatuhan.update", "kepatuhan.result", "kepatuhan.award", "kepatuhan.pack"} {
			if !seen[act] {
				t.Errorf("no audit row %s", act)
			}
		}
	})
}
