package store_test

import (
	"context"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/standard"
	"mutu/internal/store"
)

func sampleContent(product string, minutes int) standard.Content {
	return standard.Content{Requirements: []string{"Fotokopi KK"}, Steps: []string{"Datang ke loket", "Kartu diserahkan"},
		Time: standard.TimeLimit{Value: minutes, Unit: standard.Minutes}, Fee: standard.Fee{Kind: standard.Free, Basis: "UU 24/2013 Pasal 79A"},
		Product: product, Complaints: []string{"Loket pengaduan"}, Internal: standard.Internal{LegalBasis: []string{"UU 25/2009"}}}
}

func TestStandardVersions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Now = func() time.Time { return time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) }
		u, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		svc := &u.Services[0]
		operator := admin
		operator.Name = "operator dukcapil"

		v1, err := db.SaveDraft(ctx, operator, u, svc, sampleContent("KTP-el", 15))
		if err != nil || v1.Number != 1 || v1.Status != standard.Draft {
			t.Fatalf("first draft %+v, %v", v1, err)
		}
		// Saving again edits the same draft.
		if v, err := db.SaveDraft(ctx, operator, u, svc, sampleContent("KTP-el (kartu)", 15)); err != nil || v.ID != v1.ID {
			t.Fatalf("second save %+v, %v", v, err)
		}
		// A draft cannot be published before it is approved.
		decree := &store.DecreeOf{Number: "e-0012/2026", Date: time.Date(2026, 11, 20, 0, 0, 0, 0, clock.Jakarta), EffectiveFrom: time.Date(2026, 12, 1, 0, 0, 0, 0, clock.Jakarta)}
		if _, err := db.StandardStep(ctx, operator, u, svc, v1.ID, standard.Publish, decree, nil); !errs.Is(err, errs.Conflict) {
			t.Fatalf("publishing a draft: %v, want a conflict", err)
		}
		if _, err := db.StandardStep(ctx, admin, u, svc, v1.ID, standard.Approve, nil, nil); err != nil {
			t.Fatal(err)
		}
		scan := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "sk.pdf", ContentType: "application/pdf", Size: 10, SHA256: "ab"}, Kind: "decree"}
		pub, err := db.StandardStep(ctx, admin, u, svc, v1.ID, standard.Publish, decree, []store.EvidenceFile{scan})
		if err != nil || pub.Status != standard.Published {
			t.Fatalf("publish %+v, %v", pub, err)
		}
		cur, err := db.CurrentStandard(ctx, u.ID, svc.ID)
		if err != nil || cur == nil || cur.Number != 1 || cur.Content.Product != "KTP-el (kartu)" || cur.DecreeNumber != "e-0012/2026" ||
			cur.ApprovedBy != admin.Name || cur.PublishedBy != admin.Name || cur.CreatedBy != operator.Name ||
			cur.EffectiveFrom.Format(time.DateOnly) != "2026-12-01" || !cur.PublishedAt.Equal(db.Now()) {
			t.Fatalf("current %+v, %v", cur, err)
		}
		ev, err := db.Evidence(ctx, u.ID, store.OwnerStandardVersion)
		if err != nil || len(ev[v1.ID]) != 1 || ev[v1.ID][0].Filename != "sk.pdf" || ev[v1.ID][0].Kind != "decree" {
			t.Fatalf("evidence %+v, %v", ev, err)
		}

		// A published version is immutable: no step applies to it, and
		// editing makes version 2 as a new draft.
		for _, a := range []standard.Action{standard.Approve, standard.Publish, standard.Discard} {
			if _, err := db.StandardStep(ctx, admin, u, svc, v1.ID, a, decree, nil); !errs.Is(err, errs.Conflict) {
				t.Errorf("%s on a published version: %v", a, err)
			}
		}
		v2, err := db.SaveDraft(ctx, operator, u, svc, sampleContent("KTP-el", 10))
		if err != nil || v2.Number != 2 || v2.ID == v1.ID {
			t.Fatalf("version 2 %+v, %v", v2, err)
		}
		if cur, _ := db.CurrentStandard(ctx, u.ID, svc.ID); cur.Number != 1 || cur.Content.Time.Value != 15 {
			t.Errorf("a draft does not replace the standard in force: %+v", cur)
		}
		// Approved, then edited: back to draft, approval cleared.
		if _, err := db.StandardStep(ctx, admin, u, svc, v2.ID, standard.Approve, nil, nil); err != nil {
			t.Fatal(err)
		}
		if v, err := db.SaveDraft(ctx, operator, u, svc, sampleContent("KTP-el", 12)); err != nil || v.ID != v2.ID || v.Status != standard.Draft {
			t.Fatalf("edit after approval %+v, %v", v, err)
		}
		vs, _ := db.ServiceStandard(ctx, u.ID, svc.ID)
		if len(vs) != 2 || vs[0].Number != 2 || vs[0].ApprovedBy != "" || vs[1].Content.Time.Value != 15 {
			t.Fatalf("history %+v", vs)
		}
		if pv, err := db.PublishedVersions(ctx, []string{u.ID}); err != nil || len(pv) != 1 || pv[0].Number != 1 || pv[0].ServiceID != svc.ID ||
			pv[0].EffectiveFrom.Format(time.DateOnly) != "2026-12-01" {
			t.Errorf("published versions %+v, %v", pv, err)
		}
		// Discarding the draft keeps version 1.
		if _, err := db.StandardStep(ctx, admin, u, svc, v2.ID, standard.Discard, nil, nil); err != nil {
			t.Fatal(err)
		}
		vs, _ = db.ServiceStandard(ctx, u.ID, svc.ID)
		if len(vs) != 1 || vs[0].Number != 1 {
			t.Fatalf("after discard %+v", vs)
		}
		if _, err := db.StandardStep(ctx, admin, u, svc, v2.ID, standard.Approve, nil, nil); !errs.Is(err, errs.NotFound) {
			t.Errorf("a discarded draft is gone: %v", err)
		}
		// Another unit's version is not found through this unit.
		other, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		if _, err := db.StandardStep(ctx, admin, other, &other.Services[0], v1.ID, standard.Approve, nil, nil); !errs.Is(err, errs.NotFound) {
			t.Errorf("cross-unit step: %v", err)
		}

		entries, err := db.AuditLog(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.ObjectType == "standard" {
				got = append(got, e.Action+" "+e.ActorName)
			}
		}
		want := []string{"standard.discard tester", "standard.draft operator dukcapil", "standard.approve tester", "standard.create operator dukcapil",
			"standard.publish tester", "standard.approve tester", "standard.draft operator dukcapil", "standard.create operator dukcapil"}
		if len(got) != len(want) {
			t.Fatalf("audit %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("audit[%d] %q, want %q", i, got[i], want[i])
			}
		}
	})
}

func TestMaklumatAndForums(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		u, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		if m, err := db.Maklumat(ctx, u.ID); err != nil || m != nil {
			t.Fatalf("no maklumat yet: %+v, %v", m, err)
		}
		m := &standard.Maklumat{Text: standard.MaklumatText, SignatoryName: "dr. Ani", SignatoryPosition: "Kepala Puskesmas",
			SignedOn: time.Date(2026, 1, 5, 0, 0, 0, 0, clock.Jakarta)}
		if err := db.SaveMaklumat(ctx, admin, u, m, nil); err != nil {
			t.Fatal(err)
		}
		m.SignatoryName = "dr. Budi"
		if err := db.SaveMaklumat(ctx, admin, u, m, nil); err != nil {
			t.Fatal(err)
		}
		got, err := db.Maklumat(ctx, u.ID)
		if err != nil || got.SignatoryName != "dr. Budi" || got.SignedOn.Format(time.DateOnly) != "2026-01-05" || got.Text != standard.MaklumatText {
			t.Fatalf("maklumat %+v, %v", got, err)
		}
		f := &standard.Forum{HeldOn: time.Date(2026, 2, 10, 0, 0, 0, 0, clock.Jakarta), Topic: "Standar catin", Participants: []string{"Ketua RW 01", "Kader PKK"}, Minutes: "Notulen"}
		photo := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "foto.jpg", ContentType: "image/jpeg", Size: 5, SHA256: "cd"}, Kind: "photo"}
		if err := db.AddForum(ctx, admin, u, f, []store.EvidenceFile{photo}); err != nil {
			t.Fatal(err)
		}
		fs, err := db.Forums(ctx, u.ID)
		if err != nil || len(fs) != 1 || len(fs[0].Participants) != 2 || fs[0].Topic != "Standar catin" {
			t.Fatalf("forums %+v, %v", fs, err)
		}
		more := photo
		more.ID, more.Filename = store.NewID(), "daftar-hadir.pdf"
		if err := db.AddEvidence(ctx, admin, u, store.OwnerForum, f.ID, "forum", []store.EvidenceFile{more}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddEvidence(ctx, admin, u, store.OwnerForum, store.NewID(), "forum", []store.EvidenceFile{more}); !errs.Is(err, errs.NotFound) {
			t.Errorf("evidence for no record: %v", err)
		}
		ev, _ := db.Evidence(ctx, u.ID, store.OwnerForum)
		if len(ev[f.ID]) != 2 {
			t.Errorf("forum evidence %+v", ev)
		}
		if e, err := db.EvidenceByID(ctx, u.ID, photo.ID); err != nil || e.OwnerID != f.ID {
			t.Errorf("evidence by id %+v, %v", e, err)
		}
		other, _ := db.UnitByCode(ctx, "DKP-31.72")
		if _, err := db.EvidenceByID(ctx, other.ID, photo.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another unit's file: %v", err)
		}
	})
}
