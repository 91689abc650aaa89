package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/finding"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// findingSetup makes a team covering PTSP-31.72 with a done visit there,
// a city administrator and an operator of the unit, and returns them.
func findingSetup(t *testing.T, db *store.DB) (ptsp *unit.Unit, team monitor.Team, visit *monitor.Visit, users map[string]*account.User) {
	t.Helper()
	ctx := context.Background()
	loadUnits(t, db)
	ptsp, _ = db.UnitByCode(ctx, "PTSP-31.72")
	pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
	users = map[string]*account.User{
		"ketua":    {Username: "ketua", Name: "Ketua Tim", Email: "ketua@kota.go.id", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: "x"},
		"admin":    {Username: "admin.kota", Name: "Admin Kota", Email: "admin@kota.go.id", Role: account.Admin, RegionCode: "31.72", PasswordHash: "x"},
		"province": {Username: "admin.prov", Name: "Admin Provinsi", Email: "prov@kota.go.id", Role: account.Admin, RegionCode: "31", PasswordHash: "x"},
		"op":       {Username: "op.ptsp", Name: "Operator PTSP", Email: "op@kota.go.id", Role: account.Operator, UnitIDs: []string{ptsp.ID}, PasswordHash: "x"},
		"other":    {Username: "op.pkm", Name: "Operator PKM", Email: "pkm@kota.go.id", Role: account.Operator, UnitIDs: []string{pkm.ID}, PasswordHash: "x"},
	}
	for _, k := range []string{"ketua", "admin", "province", "op", "other"} {
		if err := db.CreateUser(ctx, admin, users[k]); err != nil {
			t.Fatal(err)
		}
	}
	team = monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim", DecreeNumber: "1", DecreeDate: db.Now(), UnitIDs: []string{ptsp.ID},
		Members: []monitor.Member{{UserID: users["ketua"].ID, Role: monitor.Ketua}}}
	if err := db.SaveTeam(ctx, admin, &team, true, nil); err != nil {
		t.Fatal(err)
	}
	// A visit of the previous window, where the findings are made, and
	// one of the current window, where the team verifies them.
	w := monitor.WindowAt(monitor.Default, db.Now())
	prev := monitor.WindowAt(monitor.Default, w.Start.AddDate(0, 0, -1))
	visit, err := db.RecordVisit(ctx, admin, ptsp, store.VisitStep{Team: &team, Window: prev, Done: prev.Start.AddDate(0, 0, 14)})
	if err != nil {
		t.Fatal(err)
	}
	return ptsp, team, visit, users
}

// nextVisit records the visit of the current window, done today.
func nextVisit(t *testing.T, db *store.DB, u *unit.Unit, team *monitor.Team) {
	t.Helper()
	w := monitor.WindowAt(monitor.Default, db.Now())
	if _, err := db.RecordVisit(context.Background(), admin, u, store.VisitStep{Team: team, Window: w, Done: monitor.Day(db.Now())}); err != nil {
		t.Fatal(err)
	}
}

// TestFindingLifecycle: a finding recorded at a visit, answered by the
// unit with a file, reopened, answered again and verified closed; the
// table refuses the steps out of turn; each step is an event and an audit
// row; the lists filter by status and by lateness.
func TestFindingLifecycle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ptsp, team, visit, _ := findingSetup(t, db)
		f := &finding.Finding{VisitID: visit.ID, Indicator: "1.a.Ak", Severity: finding.Sedang, Description: "Standar tidak dipajang",
			Recommendation: "Pajang di ruang tunggu", Responsible: "Kepala TU", DueOn: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)}
		if err := db.CreateFinding(ctx, admin, ptsp, f); err != nil {
			t.Fatal(err)
		}
		got, err := db.Finding(ctx, ptsp.ID, f.ID)
		if err != nil || got.Status != finding.Open || got.Indicator != "1.a.Ak" || got.DueOn.Format(time.DateOnly) != "2026-12-20" || got.CreatedBy != "tester" {
			t.Fatalf("finding %+v, %v", got, err)
		}
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Verify, Actor: finding.Team}); !errs.Is(err, errs.Conflict) {
			t.Errorf("verify before an answer: %v", err)
		}
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Team, Text: "x"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("the team answering: %v", err)
		}
		file := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: "foto.jpg", ContentType: "image/jpeg", Size: 10, SHA256: "ab"}, Kind: "follow_up"}
		now = now.Add(48 * time.Hour)
		a, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: "Sudah dipajang", Files: []store.EvidenceFile{file},
			Expected: finding.Open})
		if err != nil || a.Status != finding.Answered || a.FollowUp != "Sudah dipajang" || !a.FirstAnswerAt.Equal(now) {
			t.Fatalf("answer %+v, %v", a, err)
		}
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Verify, Actor: finding.Team, Expected: finding.Open}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a step on a finding changed meanwhile: %v", err)
		}
		files, _ := db.Evidence(ctx, ptsp.ID, store.OwnerFinding)
		if len(files[f.ID]) != 1 || files[f.ID][0].Filename != "foto.jpg" {
			t.Errorf("follow-up files %+v", files)
		}
		first := now
		now = now.Add(24 * time.Hour)
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Reopen, Actor: finding.Team, Text: "Belum",
			DueOn: now}); !errs.Is(err, errs.Conflict) {
			t.Errorf("reopening before the next visit: %v", err)
		}
		nextVisit(t, db, ptsp, &team)
		r, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Reopen, Actor: finding.Team, Text: "Belum lengkap",
			DueOn: time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)})
		if err != nil || r.Status != finding.Reopened || r.Round != 1 || r.DueOn.Format(time.DateOnly) != "2027-01-15" {
			t.Fatalf("reopen %+v, %v", r, err)
		}
		now = now.Add(24 * time.Hour)
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: "Sudah lengkap sekarang"}); err != nil {
			t.Fatal(err)
		}
		c, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Verify, Actor: finding.Team, Text: "Terverifikasi"})
		if err != nil || c.Status != finding.Closed || !c.FirstAnswerAt.Equal(first) || c.ClosedAt.IsZero() {
			t.Fatalf("verify %+v, %v", c, err)
		}
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Reopen, Actor: finding.Team, Text: "x", DueOn: now}); !errs.Is(err, errs.Conflict) {
			t.Errorf("reopening a closed finding: %v", err)
		}
		evs, err := db.FindingEvents(ctx, ptsp.ID, f.ID)
		var actions []string
		for _, e := range evs {
			actions = append(actions, e.Action)
		}
		if err != nil || !slices.Equal(actions, []string{"buat", "tanggapi", "buka_kembali", "tanggapi", "tutup"}) {
			t.Errorf("events %v, %v", actions, err)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{})
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action]++
		}
		if seen["finding.create"] != 1 || seen["finding.tanggapi"] != 2 || seen["finding.buka_kembali"] != 1 || seen["finding.tutup"] != 1 {
			t.Errorf("audit %v", seen)
		}

		// A second finding, left open past its due day: overdue in the list.
		late := &finding.Finding{VisitID: visit.ID, Indicator: "2.a", Severity: finding.Berat, Description: "d", Recommendation: "r", Responsible: "p",
			DueOn: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}
		if err := db.CreateFinding(ctx, admin, ptsp, late); err != nil {
			t.Fatal(err)
		}
		today := monitor.Day(now)
		for _, tc := range []struct {
			ff   store.FindingFilter
			want int
		}{
			{store.FindingFilter{RegionCode: "31.72"}, 2},
			{store.FindingFilter{RegionCode: "31.71"}, 0},
			{store.FindingFilter{UnitID: ptsp.ID, Status: finding.Closed}, 1},
			{store.FindingFilter{Severity: finding.Berat}, 1},
			{store.FindingFilter{Overdue: true, Today: today}, 1},
			{store.FindingFilter{UnitIDs: []string{}}, 0},
		} {
			rows, err := db.Findings(ctx, tc.ff)
			if err != nil || len(rows) != tc.want {
				t.Errorf("Findings(%+v) = %d, %v; want %d", tc.ff, len(rows), err, tc.want)
			}
		}
		rows, _ := db.Findings(ctx, store.FindingFilter{UnitID: ptsp.ID})
		if len(rows) != 2 || rows[0].UnitCode != "PTSP-31.72" || rows[0].ID != late.ID {
			t.Errorf("rows %+v", rows)
		}
	})
}

// TestFindingEscalationClaimedOnce: several nodes escalating the same
// overdue finding at once notify each recipient once (the unit's
// operators, the city's administrators, the team) and mail each once; a
// reopening starts a new round that escalates again.
func TestFindingEscalationClaimedOnce(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ptsp, team, visit, users := findingSetup(t, db)
		f := &finding.Finding{VisitID: visit.ID, Indicator: "1.a.Ak", Severity: finding.Ringan, Description: "d", Recommendation: "r", Responsible: "p",
			DueOn: time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)}
		if err := db.CreateFinding(ctx, admin, ptsp, f); err != nil {
			t.Fatal(err)
		}
		if rows, err := db.OverdueFindings(ctx, monitor.Day(time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC))); err != nil || len(rows) != 0 {
			t.Fatalf("on its due day (WIB) it is not late: %d, %v", len(rows), err)
		}
		at := time.Date(2026, 12, 10, 17, 0, 0, 0, time.UTC) // 11 Dec 00.00 WIB
		claim := func() []store.FindingMail {
			rows, err := db.OverdueFindings(ctx, monitor.Day(at))
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var mails []store.FindingMail
			var wg sync.WaitGroup
			for range 3 {
				for i := range rows {
					wg.Add(1)
					go func() {
						defer wg.Done()
						m, _, err := db.ClaimFindingEscalation(ctx, &rows[i], []monitor.Team{team}, at)
						if err != nil {
							t.Error(err)
						}
						mu.Lock()
						mails = append(mails, m...)
						mu.Unlock()
					}()
				}
			}
			wg.Wait()
			return mails
		}
		mails := claim()
		var to []string
		for _, m := range mails {
			to = append(to, m.To)
		}
		slices.Sort(to)
		if !slices.Equal(to, []string{"admin@kota.go.id", "ketua@kota.go.id", "op@kota.go.id"}) {
			t.Fatalf("mailed %v", to)
		}
		for k, want := range map[string]int{"ketua": 1, "admin": 1, "op": 1, "other": 0, "province": 0} {
			ns, _ := db.Notifications(ctx, users[k].ID, 10)
			if len(ns) != want || want == 1 && (ns[0].Kind != store.NoticeFindingOverdue || ns[0].Number != "PTSP-31.72" || ns[0].Detail != f.ID) {
				t.Errorf("%s: notifications %+v", k, ns)
			}
		}
		if m := claim(); len(m) != 0 {
			t.Errorf("escalated twice: %v", m)
		}
		// Answered, reopened at the next visit with a new due date, late
		// again: a new round.
		now = at
		nextVisit(t, db, ptsp, &team)
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: "Sudah"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.StepFinding(ctx, admin, ptsp, f.ID, store.FindingStep{Action: finding.Reopen, Actor: finding.Team, Text: "Belum",
			DueOn: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		at = time.Date(2026, 12, 21, 3, 0, 0, 0, time.UTC)
		if m := claim(); len(m) != 3 {
			t.Errorf("the second round mailed %d, want 3", len(m))
		}
		if ns, _ := db.Notifications(ctx, users["op"].ID, 10); len(ns) != 2 {
			t.Errorf("operator: %d notifications after two rounds", len(ns))
		}
	})
}
