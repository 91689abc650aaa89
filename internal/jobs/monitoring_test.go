package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/jobs"
	"mutu/internal/monitor"
	"mutu/internal/notify"
	"mutu/internal/store"
)

// chanMailer hands each message to a channel.
type chanMailer chan string

func (c chanMailer) Send(_ context.Context, to, subject, body string) error {
	c <- to + "\n" + subject + "\n" + body
	return nil
}

// TestVisitRemindersSentOnce: a week before the window closes, the team
// members hear of each unit in scope not yet visited, in the app and by
// e-mail, once per unit and window, however often the job runs; a unit
// visited is not reminded, nor anything outside the reminder's lead.
func TestVisitRemindersSentOnce(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	ketua := &account.User{Username: "ketua", Name: "Ketua", Role: account.Evaluator, RegionCode: "31.72", Email: "ketua@mutu.test", PasswordHash: "x"}
	other := &account.User{Username: "lain", Name: "Lain", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: "x"}
	for _, u := range []*account.User{ketua, other} {
		if err := db.CreateUser(ctx, audit.CLI, u); err != nil {
			t.Fatal(err)
		}
	}
	ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
	team := &monitor.Team{ID: store.NewID(), RegionCode: "31.72", Name: "Tim", DecreeNumber: "E.0066/2022", DecreeDate: now,
		UnitIDs: []string{pkm.ID, ptsp.ID}, Members: []monitor.Member{{UserID: ketua.ID, Role: monitor.Ketua}}}
	if err := db.SaveTeam(ctx, audit.CLI, team, true, nil); err != nil {
		t.Fatal(err)
	}
	w := monitor.WindowAt(monitor.Default, now) // 1 Nov – 31 Dec 2026, reminders from 24 Dec
	if _, err := db.RecordVisit(ctx, audit.CLI, ptsp, store.VisitStep{Team: team, Window: w, Done: now}); err != nil {
		t.Fatal(err)
	}
	mails := make(chanMailer, 10)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	j := &jobs.Reminders{DB: db, Log: log, Outbox: &notify.Outbox{Mailer: mails, Log: log}, BaseURL: "https://mutu.example/"}
	run := func(at time.Time, reminded, mailed int) {
		t.Helper()
		res, err := j.Remind(ctx, at)
		if err != nil || res.Reminded != reminded || res.Mailed != mailed {
			t.Fatalf("at %v: %+v, %v; want %d reminded, %d mailed", at, res, err, reminded, mailed)
		}
	}
	run(time.Date(2026, 12, 23, 23, 59, 59, 0, clock.Jakarta), 0, 0) // eight days before the last day
	at := time.Date(2026, 12, 24, 0, 0, 0, 0, clock.Jakarta)
	run(at, 1, 1) // the Puskesmas; the PTSP was visited
	run(at, 0, 0)
	run(at.Add(48*time.Hour), 0, 0)
	select {
	case m := <-mails:
		if !strings.HasPrefix(m, "ketua@mutu.test\n") || !strings.Contains(m, pkm.Name) ||
			!strings.Contains(m, "31 Des 2026") || !strings.Contains(m, "https://mutu.example/kelola/pemantauan?bulan=2026-11&tampilan=daftar#v-"+pkm.Code) {
			t.Errorf("e-mail:\n%s", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no e-mail")
	}
	ns, err := db.Notifications(ctx, ketua.ID, 0)
	if err != nil || len(ns) != 1 || ns[0].Number != pkm.Code {
		t.Fatalf("ketua's notifications %+v, %v", ns, err)
	}
	if ns, _ := db.Notifications(ctx, other.ID, 0); len(ns) != 0 {
		t.Errorf("a user not on the team was reminded: %+v", ns)
	}
	// The next window's reminder is its own.
	run(time.Date(2027, 2, 25, 9, 0, 0, 0, clock.Jakarta), 2, 2)
}
