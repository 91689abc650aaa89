package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/kepatuhan"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

func TestSelfAssessment(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		u, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.OmbudsmanVersion(ctx, "")
		if err != nil || v.Label != "ombudsman-2024" {
			t.Fatalf("default version %+v, %v", v, err)
		}
		if _, err := db.OmbudsmanVersion(ctx, "ombudsman-2021"); !errs.Is(err, errs.NotFound) {
			t.Errorf("the zone system has no dimensions to assess: %v", err)
		}
		if old, err := db.OmbudsmanVersion(ctx, "ombudsman-2023"); err != nil || old.Label != "ombudsman-2023" {
			t.Errorf("a named version: %+v, %v", old, err)
		}
		project := func() store.Projection {
			t.Helper()
			ps, err := db.ProjectedCompliance(ctx, []string{u.ID})
			if err != nil {
				t.Fatal(err)
			}
			return ps[u.ID]
		}
		before := project()
		if before.Version != "ombudsman-2024" || before.Opinion.Opinion != "E" || before.Gaps == 0 {
			t.Fatalf("nothing recorded yet: %+v", before)
		}

		// Mutu's data: a standard in force published on the board and online
		// for every active service, and a signed maklumat.
		decree := &store.DecreeOf{Number: "1/2026", Date: now.AddDate(0, 0, -10), EffectiveFrom: now.AddDate(0, 0, -5)}
		for i := range u.Services {
			svc := &u.Services[i]
			if !svc.Active {
				continue
			}
			d, err := db.SaveDraft(ctx, admin, u, svc, sampleContent("Surat", 15))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.StandardStep(ctx, admin, u, svc, d.ID, standard.Approve, nil, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.StandardStep(ctx, admin, u, svc, d.ID, standard.Publish, decree, nil); err != nil {
				t.Fatal(err)
			}
			for _, p := range []standard.Publication{{Kind: standard.Board, SeenOn: now}, {Kind: standard.Website, URL: "https://pkm.example/" + svc.Code, SeenOn: now}} {
				if err := db.AddPublication(ctx, admin, u, svc, &p, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		facts, err := db.KepatuhanFacts(ctx, []unit.Unit{*u}, "", 2026)
		if err != nil {
			t.Fatal(err)
		}
		f := facts[u.ID]
		if len(f.Services) == 0 || !f.Services[0].Board || !f.Services[0].Online || f.Services[0].Standard == nil || f.Maklumat {
			t.Fatalf("facts %+v", f)
		}
		for _, p := range kepatuhan.Pull(v.Version, f) {
			if p.Evidence == kepatuhan.Publication && p.Score != 5 {
				t.Errorf("%s = %d with every standard published", p.Indicator, p.Score)
			}
		}
		published := project()
		if published.Exact.Cmp(before.Exact) <= 0 {
			t.Errorf("publishing every standard did not raise the projection: %v → %v", before.Rounded, published.Rounded)
		}

		// The unit enters a score Mutu cannot answer, with its evidence.
		rec, err := db.SelfAssessment(ctx, u.ID, "", v.ID)
		if err != nil || rec.ID != "" || len(rec.Items) != 0 {
			t.Fatalf("nothing entered yet: %+v, %v", rec, err)
		}
		photo := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "ruang-tunggu.jpg", ContentType: "image/jpeg", Size: 10, SHA256: "ab"}, Kind: "photo"}
		itemID := rec.ItemID("IN-13")
		if err := db.SaveSelfAssessmentItem(ctx, admin, u, "", v, itemID, "IN-13", instrument.Item{Score: 5, Note: "Ruang tunggu, toilet, loket"},
			[]store.EvidenceFile{photo}); err != nil {
			t.Fatal(err)
		}
		// the projection rises by exactly the gap's worth
		_, gaps, err := v.Project(kepatuhan.SelfAssessment(u.Code, "", v.Label, kepatuhan.Pull(v.Version, f), nil))
		if err != nil {
			t.Fatal(err)
		}
		var worth int64
		for _, g := range gaps {
			if g.Indicator == "IN-13" {
				worth = g.WorthRounded
			}
		}
		entered := project()
		if diff := entered.Rounded - published.Rounded; worth == 0 || diff < worth-1 || diff > worth+1 {
			t.Errorf("entering IN-13 raised the projection by %d, the gap was worth %d", diff, worth)
		}
		rec, err = db.SelfAssessment(ctx, u.ID, "", v.ID)
		if err != nil || rec.ID == "" || rec.Items["IN-13"].Score != 5 || rec.Items["IN-13"].ID != itemID || len(rec.Items["IN-13"].Files) != 1 ||
			rec.Items["IN-13"].UpdatedBy != admin.Name || rec.Entered()["IN-13"].Evidence[0] != photo.ID {
			t.Fatalf("entered %+v, %v", rec, err)
		}
		// Entering again replaces the score and keeps the item and its files.
		if err := db.SaveSelfAssessmentItem(ctx, admin, u, "", v, rec.ItemID("IN-13"), "IN-13", instrument.Item{Score: 3, Note: "Toilet rusak"}, nil); err != nil {
			t.Fatal(err)
		}
		// An id the item does not have (another writer's) is a conflict.
		if err := db.SaveSelfAssessmentItem(ctx, admin, u, "", v, store.NewID(), "IN-13", instrument.Item{Score: 4, Note: "x"}, nil); !errs.Is(err, errs.Conflict) {
			t.Errorf("a second id for one item: %v", err)
		}
		rec, _ = db.SelfAssessment(ctx, u.ID, "", v.ID)
		if it := rec.Items["IN-13"]; it.Score != 3 || it.Note != "Toilet rusak" || it.ID != itemID || len(it.Files) != 1 {
			t.Errorf("replaced %+v", it)
		}

		// An interview enters its answers as items.
		iv := kepatuhan.Interview{ID: store.NewID(), Dimension: "input", Role: "Petugas loket", HeldOn: time.Date(2026, 12, 2, 0, 0, 0, 0, clock.Jakarta),
			Answers: []kepatuhan.Answer{{Indicator: "IN-01", Score: 4, Text: "menyebut 11 komponen"}, {Indicator: "IN-13", Score: 5}}}
		if err := db.AddInterview(ctx, admin, u, "", v, &iv, nil); err != nil {
			t.Fatal(err)
		}
		rec, _ = db.SelfAssessment(ctx, u.ID, "", v.ID)
		if len(rec.Interviews) != 1 || rec.Interviews[0].Role != "Petugas loket" || len(rec.Interviews[0].Answers) != 2 ||
			rec.Items["IN-01"].InterviewID != iv.ID || rec.Items["IN-01"].Score != 4 || rec.Items["IN-13"].ID != itemID || rec.Items["IN-13"].Score != 5 {
			t.Fatalf("after the interview %+v", rec)
		}

		// A service product's assessment is its own.
		other, err := db.SelfAssessment(ctx, u.ID, u.Services[0].ID, v.ID)
		if err != nil || other.ID != "" {
			t.Errorf("the product's assessment %+v, %v", other, err)
		}

		// Removing an entered item lets Mutu's figure count again.
		if err := db.RemoveSelfAssessmentItem(ctx, admin, u, "", v, "IN-01"); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveSelfAssessmentItem(ctx, admin, u, "", v, "IN-01"); !errs.Is(err, errs.NotFound) {
			t.Errorf("removing twice: %v", err)
		}
		for _, action := range []string{"kepatuhan.item", "kepatuhan.interview", "kepatuhan.item_remove"} {
			entries, err := db.AuditLog(ctx, store.AuditFilter{Action: action})
			if err != nil || len(entries) == 0 || entries[0].UnitID != u.ID {
				t.Errorf("audit %s: %+v, %v", action, entries, err)
			}
		}
		// Several units at once: each its own figures.
		dkp, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		both, err := db.ProjectedCompliance(ctx, []string{u.ID, dkp.ID})
		if err != nil || len(both) != 2 || both[u.ID].Rounded != project().Rounded || both[dkp.ID].Rounded != before.Rounded {
			t.Errorf("two units: %+v, %v (alone: %d; nothing recorded: %d)", both, err, project().Rounded, before.Rounded)
		}
		if ev, err := db.Evidence(ctx, u.ID, store.OwnerKepatuhan); err != nil || len(ev[itemID]) != 1 || ev[itemID][0].UnitID != u.ID {
			t.Errorf("evidence rows of the unit %+v, %v", ev, err)
		}
	})
}
