package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/finding"
	"mutu/internal/jobs"
	"mutu/internal/monitor"
	"mutu/internal/notify"
	"mutu/internal/store"
)

// TestFindingEscalationSentOnce: a finding whose follow-up is overdue
// escalates to the unit's operator, the city's administrator and the team,
// in the app and by e-mail, once, however many workers run the job at the
// same time and however often; not on its due day; not once answered.
func TestFindingEscalationSentOnce(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	ketua := &account.User{Username: "ketua", Name: "Ketua", Role: account.Evaluator, RegionCode: "31.72", Email: "ketua@mutu.test", PasswordHash: "x"}
	adm := &account.User{Username: "adm", Name: "Admin", Role: account.Admin, RegionCode: "31.72", Email: "admin@mutu.test", PasswordHash: "x"}
	op := &account.User{Username: "op", Name: "Operator", Role: account.Operator, UnitIDs: []string{pkm.ID}, Email: "op@mutu.test", PasswordHash: "x"}
	for _, u := range []*account.User{ketua, adm, op} {
		if err := db.CreateUser(ctx, audit.CLI, u); err != nil {
			t.Fatal(err)
		}
	}
	team := &monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim", DecreeNumber: "E.0066/2022", DecreeDate: now,
		UnitIDs: []string{pkm.ID}, Members: []monitor.Member{{UserID: ketua.ID, Role: monitor.Ketua}}}
	if err := db.SaveTeam(ctx, audit.CLI, team, true, nil); err != nil {
		t.Fatal(err)
	}
	v, err := db.RecordVisit(ctx, audit.CLI, pkm, store.VisitStep{Team: team, Window: monitor.WindowAt(monitor.Default, now), Done: monitor.Day(now)})
	if err != nil {
		t.Fatal(err)
	}
	late := &finding.Finding{VisitID: v.ID, Indicator: "1.a.Ak", Severity: finding.Berat, Description: "d", Recommendation: "r", Responsible: "p",
		DueOn: time.Date(2026, 12, 10, 0, 0, 0, 0, clock.Jakarta)}
	answered := &finding.Finding{VisitID: v.ID, Indicator: "2.a", Severity: finding.Ringan, Description: "d", Recommendation: "r", Responsible: "p",
		DueOn: time.Date(2026, 12, 10, 0, 0, 0, 0, clock.Jakarta)}
	for _, f := range []*finding.Finding{late, answered} {
		if err := db.CreateFinding(ctx, audit.CLI, pkm, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.StepFinding(ctx, audit.CLI, pkm, answered.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: "Sudah ditindaklanjuti"}); err != nil {
		t.Fatal(err)
	}
	mails := make(chanMailer, 20)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	out := &notify.Outbox{Mailer: mails, Log: log}
	workers := []*jobs.FindingEscalations{
		{DB: db, Log: log, Outbox: out, BaseURL: "https://mutu.example/"},
		{DB: db, Log: log, Outbox: out, BaseURL: "https://mutu.example/"},
	}
	run := func(at time.Time) (escalated, mailed int) {
		t.Helper()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, j := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := j.Escalate(ctx, at)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				escalated, mailed = escalated+res.Escalated, mailed+res.Mailed
				mu.Unlock()
			}()
		}
		wg.Wait()
		return escalated, mailed
	}
	if e, m := run(time.Date(2026, 12, 10, 23, 59, 0, 0, clock.Jakarta)); e != 0 || m != 0 {
		t.Fatalf("on the due day: %d escalated, %d mailed", e, m)
	}
	at := time.Date(2026, 12, 11, 0, 0, 0, 0, clock.Jakarta)
	if e, m := run(at); e != 1 || m != 3 {
		t.Fatalf("the day after: %d escalated, %d mailed; want 1, 3", e, m)
	}
	if e, m := run(at.Add(24 * time.Hour)); e != 0 || m != 0 {
		t.Fatalf("again: %d escalated, %d mailed", e, m)
	}
	got := map[string]string{}
	for range 3 {
		select {
		case m := <-mails:
			to, rest, _ := strings.Cut(m, "\n")
			got[to] = rest
		case <-time.After(5 * time.Second):
			t.Fatal("an e-mail is missing")
		}
	}
	for _, to := range []string{"ketua@mutu.test", "admin@mutu.test", "op@mutu.test"} {
		if m := got[to]; !strings.Contains(m, pkm.Name) || !strings.Contains(m, "10 Des 2026") ||
			!strings.Contains(m, "https://mutu.example/kelola/temuan/"+pkm.Code+"/"+late.ID) {
			t.Errorf("e-mail to %s:\n%s", to, m)
		}
	}
	for _, u := range []*account.User{ketua, adm, op} {
		ns, err := db.Notifications(ctx, u.ID, 0)
		if err != nil || len(ns) != 1 || ns[0].Kind != store.NoticeFindingOverdue || ns[0].Detail != late.ID {
			t.Errorf("%s: notifications %+v, %v", u.Username, ns, err)
		}
	}
}
