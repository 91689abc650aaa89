package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

func TestAPIKeys(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }

		k, secret, err := db.CreateAPIKey(ctx, admin, "  Aplikasi   JAKI ", "31.72", []string{store.ScopeResponses, store.ScopeOpen311, store.ScopeOpen311})
		if err != nil {
			t.Fatal(err)
		}
		if k.Name != "Aplikasi JAKI" || k.RegionCode != "31.72" || k.CreatedBy != "tester" || !k.CreatedAt.Equal(now) ||
			fmt.Sprint(k.Scopes) != "[open311 responses]" {
			t.Errorf("key: %+v", k)
		}
		if !strings.HasPrefix(secret, "mutu_") || len(secret) < 40 {
			t.Errorf("secret %q", secret)
		}
		// The secret is not stored, only its hash.
		if strings.Contains(dumpAPIKeys(t, db), secret) {
			t.Error("the secret is stored in clear")
		}

		// Validation: name, region form, region existence, scopes.
		for _, tc := range []struct {
			name, region string
			scopes       []string
			field        string
		}{
			{"", "", []string{"open311"}, "name"},
			{strings.Repeat("x", 101), "", []string{"open311"}, "name"},
			{"ok", "31.7", []string{"open311"}, "region_code"},
			{"ok", "99.99", []string{"open311"}, "region_code"},
			{"ok", "", nil, "scopes"},
			{"ok", "", []string{"open311", "admin"}, "scopes"},
		} {
			_, _, err := db.CreateAPIKey(ctx, admin, tc.name, tc.region, tc.scopes)
			e, ok := errs.As(err)
			if !ok || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Name != tc.field {
				t.Errorf("create %q %q: %v, want an error on %s", tc.name, tc.region, err, tc.field)
			}
		}
		national, _, err := db.CreateAPIKey(ctx, audit.CLI, "Integrasi nasional", "", []string{store.ScopeOpen311})
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		other, _, err := db.CreateAPIKey(ctx, admin, "Aplikasi Jakarta Selatan", "31.74", []string{store.ScopeOpen311})
		if err != nil {
			t.Fatal(err)
		}

		// Use: the right key works and its use is recorded; others do not.
		now = now.Add(time.Hour)
		got, err := db.UseAPIKey(ctx, " "+secret+" ")
		if err != nil || got.ID != k.ID || !got.LastUsedAt.Equal(now) || !got.Allows(store.ScopeResponses) || !got.Allows(store.ScopeOpen311) || got.Allows("x") {
			t.Fatalf("use: %+v %v", got, err)
		}
		for _, bad := range []string{"", "mutu_", secret + "x", strings.ToUpper(secret), strings.Repeat("a", 500)} {
			if _, err := db.UseAPIKey(ctx, bad); !errs.Is(err, errs.Unauthorized) {
				t.Errorf("use %q: %v, want unauthorized", bad, err)
			}
		}

		// Listing by scope: an administrator of 31.72 sees the keys of 31.72 and below.
		all, err := db.APIKeys(ctx, "")
		if err != nil || len(all) != 3 || all[0].ID != other.ID {
			t.Fatalf("all keys: %+v %v", all, err)
		}
		scoped, err := db.APIKeys(ctx, "31.72")
		if err != nil || len(scoped) != 1 || scoped[0].ID != k.ID || !scoped[0].LastUsedAt.Equal(now) {
			t.Fatalf("keys of 31.72: %+v %v", scoped, err)
		}
		if keys, _ := db.APIKeys(ctx, "31.72.01"); len(keys) != 0 {
			t.Errorf("keys of 31.72.01: %+v", keys)
		}

		// Revoking: only within scope, only once; a revoked key stops working.
		if err := db.RevokeAPIKey(ctx, admin, "31.74", k.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoke outside scope: %v", err)
		}
		if err := db.RevokeAPIKey(ctx, admin, "31.72", national.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("revoke a national key from a city scope: %v", err)
		}
		if err := db.RevokeAPIKey(ctx, admin, "31", k.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeAPIKey(ctx, admin, "31", k.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("second revoke: %v", err)
		}
		if _, err := db.UseAPIKey(ctx, secret); !errs.Is(err, errs.Unauthorized) {
			t.Errorf("revoked key: %v", err)
		}
		if keys, _ := db.APIKeys(ctx, "31.72"); len(keys) != 1 || !keys[0].Revoked() {
			t.Errorf("revoked key listed as %+v", keys)
		}

		// Every change is audited.
		for action, want := range map[string]int{"apikey.create": 3, "apikey.revoke": 1} {
			entries, err := db.AuditLog(ctx, store.AuditFilter{Action: action})
			if err != nil || len(entries) != want {
				t.Errorf("audit %s: %d entries, want %d (%v)", action, len(entries), want, err)
			}
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{Action: "apikey.revoke"})
		if len(entries) == 1 && (entries[0].ObjectID != k.ID || entries[0].RegionCode != "31.72" || entries[0].ActorName != "tester") {
			t.Errorf("revoke audit: %+v", entries[0])
		}
	})
}

func dumpAPIKeys(t *testing.T, db *store.DB) string {
	t.Helper()
	keys, err := db.APIKeys(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k.ID + k.Name + k.RegionCode + k.CreatedBy)
	}
	return b.String()
}

func TestPublicComplaints(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		sel, _ := db.UnitByCode(ctx, "PTSP-31.74")
		file := func(u string, kind complaint.Kind, p complaint.Privacy, at time.Time) *complaint.Report {
			t.Helper()
			r := &complaint.Report{UnitID: u, Kind: kind, Privacy: p, Channel: complaint.ChannelOpen311, Milestones: complaint.Milestones{ReceivedAt: at},
				Title: "Lampu jalan mati", Body: "Lampu jalan di depan kantor mati sejak pekan lalu.", Reporter: complaint.Reporter{Name: "Budi"}}
			if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
				t.Fatal(err)
			}
			// Only verified reports are published.
			if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, &complaint.Change{Action: complaint.Verify, Actor: complaint.Verifier, At: at}, "", ""); err != nil {
				t.Fatal(err)
			}
			return r
		}
		unverified := &complaint.Report{UnitID: ptsp.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: "Belum diverifikasi", Body: "Laporan ini belum diverifikasi oleh petugas."}
		if err := db.CreateComplaint(ctx, unverified, "", ""); err != nil {
			t.Fatal(err)
		}
		a := file(ptsp.ID, complaint.Complaint, complaint.Public, now.Add(-48*time.Hour))
		b := file(ptsp.ID, complaint.Aspiration, complaint.Anonymous, now.Add(-24*time.Hour))
		secret := file(ptsp.ID, complaint.Complaint, complaint.Secret, now.Add(-12*time.Hour))
		c := file(sel.ID, complaint.Complaint, complaint.Public, now.Add(-time.Hour))
		ids := func(rs []complaint.Report) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		check := func(name string, f store.PublicComplaintFilter, want ...*complaint.Report) {
			t.Helper()
			got, err := db.PublicComplaints(ctx, f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var w []string
			for _, r := range want {
				w = append(w, r.ID)
			}
			if strings.Join(ids(got), ",") != strings.Join(w, ",") {
				t.Errorf("%s: got %v, want %v", name, ids(got), w)
			}
		}
		check("all, newest first, never rahasia", store.PublicComplaintFilter{}, c, b, a)
		check("region", store.PublicComplaintFilter{RegionCode: "31.72"}, b, a)
		check("kind", store.PublicComplaintFilter{Kinds: []complaint.Kind{complaint.Aspiration}}, b)
		check("ids", store.PublicComplaintFilter{IDs: []string{a.ID, secret.ID, "nope"}}, a)
		check("no ids", store.PublicComplaintFilter{IDs: []string{}})
		check("dates", store.PublicComplaintFilter{From: now.Add(-30 * time.Hour), To: now.Add(-2 * time.Hour)}, b)
		check("limit", store.PublicComplaintFilter{Limit: 1}, c)
		check("status", store.PublicComplaintFilter{Statuses: []complaint.Status{complaint.Closed}})

		// The latest answer of each report.
		for i, text := range []string{"Jawaban pertama untuk pelapor.", "Jawaban kedua untuk pelapor."} {
			steps := []complaint.Change{{Action: complaint.Respond, Actor: complaint.UnitStaff, Reason: text}}
			if i == 0 {
				steps = append([]complaint.Change{{Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: ptsp.ID}}, steps...) // verified when filed
			} else {
				steps = append([]complaint.Change{{Action: complaint.Reject, Actor: complaint.Citizen, Reason: "Belum diperbaiki."}}, steps...)
			}
			for _, st := range steps {
				now = now.Add(time.Minute)
				st.At = now
				if _, err := db.ApplyComplaint(ctx, a.UnitID, a.ID, &st, "", ""); err != nil {
					t.Fatal(err)
				}
			}
		}
		answers, err := db.LatestAnswers(ctx, []complaint.Report{*a, *b, *c})
		if err != nil || len(answers) != 1 || answers[a.ID] != "Jawaban kedua untuk pelapor." {
			t.Errorf("answers: %v %v", answers, err)
		}
		check("status responded", store.PublicComplaintFilter{Statuses: []complaint.Status{complaint.Responded}}, a)
	})
}
