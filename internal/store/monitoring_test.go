package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/monitor"
	"mutu/internal/store"
)

// TestMonitoringTeamAndVisits: a team with its decree file, members and
// scope; the city's cadence; a visit planned then done in its window,
// audited; the window's visits read back.
func TestMonitoringTeamAndVisits(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Now = func() time.Time { return time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC) }
		ketua := &account.User{Username: "ketua", Name: "Ketua Tim", Email: "ketua@kota.go.id", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: "x"}
		anggota := &account.User{Username: "anggota", Name: "Anggota Tim", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: "x"}
		for _, u := range []*account.User{ketua, anggota} {
			if err := db.CreateUser(ctx, admin, u); err != nil {
				t.Fatal(err)
			}
		}
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")

		if c, err := db.Cadence(ctx, "31.72"); err != nil || c.Months != 2 || c.ReminderDays != 7 {
			t.Fatalf("default cadence %+v, %v", c, err)
		}
		if err := db.SaveCadence(ctx, admin, monitor.Cadence{RegionCode: "31", Months: 3, ReminderDays: 10}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveCadence(ctx, admin, monitor.Cadence{RegionCode: "31.72", Months: 2, ReminderDays: 5}); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.Cadence(ctx, "31.72"); c.Months != 2 || c.ReminderDays != 5 {
			t.Errorf("the city's own cadence: %+v", c)
		}
		if c, _ := db.Cadence(ctx, "31.74"); c.Months != 3 {
			t.Errorf("a city without its own takes the province's: %+v", c)
		}

		team := &monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim Pengendalian", DecreeNumber: "E.0066/2022",
			DecreeDate: time.Date(2022, 3, 14, 0, 0, 0, 0, time.UTC), Regions: []string{"31.72.01"}, UnitIDs: []string{ptsp.ID},
			Members: []monitor.Member{{UserID: ketua.ID, Role: monitor.Ketua}, {UserID: anggota.ID, Role: monitor.Anggota}}}
		sk := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "sk.pdf", ContentType: "application/pdf", Size: 10, SHA256: "ab"}, Kind: "decree"}
		if err := db.SaveTeam(ctx, admin, team, true, []store.EvidenceFile{sk}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Team(ctx, team.ID)
		if err != nil || got.Name != "Tim Pengendalian" || len(got.Members) != 2 || got.Members[0].Role != monitor.Ketua || got.Members[0].Name != "Ketua Tim" ||
			!got.Covers(ptsp.ID, ptsp.RegionCode) || !got.Covers(pkm.ID, pkm.RegionCode) {
			t.Fatalf("team %+v, %v", got, err)
		}
		if files, err := db.TeamFiles(ctx, team.ID); err != nil || len(files) != 1 || files[0].Filename != "sk.pdf" {
			t.Fatalf("decree files %+v, %v", files, err)
		}
		if f, err := db.EvidenceByID(ctx, "", sk.ID); err != nil || f.OwnerID != team.ID {
			t.Fatalf("decree file %+v, %v", f, err)
		}
		// Editing replaces members and scope.
		got.Members = got.Members[:1]
		got.Regions = nil
		if err := db.SaveTeam(ctx, admin, got, false, nil); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.Team(ctx, team.ID); len(again.Members) != 1 || again.Covers(pkm.ID, pkm.RegionCode) || !again.HasMember(ketua.ID) {
			t.Errorf("edited team %+v", again)
		}
		other := *got
		other.RegionCode = "31.74" // a team is changed only within its own region
		if err := db.SaveTeam(ctx, admin, &other, false, nil); !errs.Is(err, errs.NotFound) {
			t.Errorf("editing under another region: %v", err)
		}
		if teams, err := db.Teams(ctx, "31.72"); err != nil || len(teams) != 1 {
			t.Errorf("teams of 31.72: %d, %v", len(teams), err)
		}
		if teams, _ := db.Teams(ctx, "31.74"); len(teams) != 0 {
			t.Errorf("teams of 31.74: %d", len(teams))
		}
		// Listing several teams gives each its own members and scope.
		second := &monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim Kedua", DecreeNumber: "E.0067/2022",
			DecreeDate: time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC), UnitIDs: []string{pkm.ID},
			Members: []monitor.Member{{UserID: anggota.ID, Role: monitor.Ketua}}}
		if err := db.SaveTeam(ctx, admin, second, true, nil); err != nil {
			t.Fatal(err)
		}
		teams, err := db.Teams(ctx, "31.72")
		if err != nil || len(teams) != 2 || teams[0].ID != second.ID || teams[1].ID != team.ID {
			t.Fatalf("teams of 31.72 by name: %+v, %v", teams, err)
		}
		if tk := teams[0]; len(tk.Members) != 1 || !tk.HasMember(anggota.ID) || tk.HasMember(ketua.ID) || !tk.Covers(pkm.ID, pkm.RegionCode) || tk.Covers(ptsp.ID, ptsp.RegionCode) {
			t.Errorf("the second team: %+v", tk)
		}
		if tp := teams[1]; len(tp.Members) != 1 || !tp.HasMember(ketua.ID) || !tp.Covers(ptsp.ID, ptsp.RegionCode) || tp.Covers(pkm.ID, pkm.RegionCode) {
			t.Errorf("the first team: %+v", tp)
		}
		if all, err := db.AllTeams(ctx); err != nil || len(all) != 2 || len(all[0].Members)+len(all[1].Members) != 2 {
			t.Errorf("all teams: %+v, %v", all, err)
		}
		units, err := db.ScopeUnits(ctx, []monitor.Team{*team})
		if err != nil || len(units) == 0 {
			t.Fatalf("scope units %d, %v", len(units), err)
		}

		w := monitor.WindowAt(monitor.Default, db.Now()) // Nov–Dec 2026
		plan := time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)
		v, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: w, Plan: plan})
		if err != nil || v.PlannedOn.Format(time.DateOnly) != "2026-12-10" || v.Done() {
			t.Fatalf("plan %+v, %v", v, err)
		}
		done, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: w, Done: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
		if err != nil || done.ID != v.ID || !done.Done() || done.PlannedOn.Format(time.DateOnly) != "2026-12-10" {
			t.Fatalf("done %+v, %v", done, err)
		}
		if _, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: w, Plan: plan}); !errs.Is(err, errs.Conflict) {
			t.Errorf("planning a visit done: %v", err)
		}
		if _, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: team, Window: w, Done: plan}); !errs.Is(err, errs.Conflict) {
			t.Errorf("recording a visit done again: %v", err)
		}
		vs, err := db.WindowVisits(ctx, w)
		if err != nil || len(vs) != 1 || !vs[ptsp.ID].Done() || vs[ptsp.ID].InstrumentVersionID != "" {
			t.Fatalf("window visits %+v, %v", vs, err)
		}
		if monitor.StatusOf(w, vs[ptsp.ID], db.Now()) != monitor.Done || monitor.StatusOf(w, vs[pkm.ID], db.Now()) != monitor.Due {
			t.Error("statuses")
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
		}
		for _, a := range []string{"monitoring.cadence", "monitoring.team_create", "monitoring.team_update", "monitoring.visit_plan", "monitoring.visit_done"} {
			if !seen[a] {
				t.Errorf("no audit entry %s", a)
			}
		}
	})
}

// TestReminderClaimedOnce: several nodes claiming the same unit's window at
// once create one notification per member and one e-mail, in all.
func TestReminderClaimedOnce(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 12, 27, 2, 0, 0, 0, time.UTC)
		ketua := &account.User{Username: "ketua", Name: "Ketua Tim", Email: "ketua@kota.go.id", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: "x"}
		if err := db.CreateUser(ctx, admin, ketua); err != nil {
			t.Fatal(err)
		}
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		team := monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim", DecreeNumber: "1", DecreeDate: now, UnitIDs: []string{ptsp.ID},
			Members: []monitor.Member{{UserID: ketua.ID, Role: monitor.Ketua}}}
		if err := db.SaveTeam(ctx, admin, &team, true, nil); err != nil {
			t.Fatal(err)
		}
		w := monitor.WindowAt(monitor.Default, now)
		var mu sync.Mutex
		var mails []store.ReminderMail
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m, err := db.ClaimReminder(ctx, ptsp, w, []monitor.Team{team}, now)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				mails = append(mails, m...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(mails) != 1 || mails[0].To != "ketua@kota.go.id" || mails[0].UnitCode != "PTSP-31.72" || mails[0].Closes.Format(time.DateOnly) != "2026-12-31" {
			t.Fatalf("mails %+v", mails)
		}
		ns, err := db.Notifications(ctx, ketua.ID, 10)
		if err != nil || len(ns) != 1 || string(ns[0].Kind) != store.NoticeVisitDue || ns[0].Number != "PTSP-31.72" || ns[0].Detail != "2026-12-31" {
			t.Fatalf("notifications %+v, %v", ns, err)
		}
		if sent, _ := db.RemindedUnits(ctx, w); !sent[ptsp.ID] {
			t.Error("the claim is not recorded")
		}
		// The complaint e-mail sweep does not pick the reminder up.
		if m, err := db.ClaimNotificationMail(ctx, "", "", 10); err != nil || len(m) != 0 {
			t.Errorf("complaint mail claimed %d reminders, %v", len(m), err)
		}
	})
}
