package jobs_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/notify"
	"mutu/internal/region"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/unit"
)

// sweepDB returns a migrated database with DKI Jakarta's regions and the
// sample units, and the Puskesmas (region 31.72.01) the tests file at.
func sweepDB(t *testing.T) (*store.DB, *unit.Unit) {
	t.Helper()
	return sweepDBAt(t, filepath.Join(t.TempDir(), "mutu.db"))
}

// sweepDBAt is sweepDB on the database at dsn (a SQLite file or a
// PostgreSQL URL).
func sweepDBAt(t *testing.T, dsn string) (*store.DB, *unit.Unit) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rs, _ := region.ParseCSV(bytes.NewReader(seed.DKIRegions()), nil)
	db.UpsertRegions(ctx, audit.CLI, rs, nil)
	if _, err := unit.Import(ctx, db, audit.CLI, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
		t.Fatal(err)
	}
	pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01")
	return db, pkm
}

func TestSweepEscalatesAndAutoCloses(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	cal, _ := calendar.Builtin()
	// Friday 4 Dec 2026, 10.00 WIB.
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	file := func(title string) *complaint.Report {
		r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: title, Body: "Isi laporan yang cukup panjang untuk diterima."}
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		return r
	}
	late := file("Belum diverifikasi")
	answered := file("Sudah ditanggapi")
	for _, c := range []complaint.Change{{Action: complaint.Verify, Actor: complaint.Verifier}, {Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: pkm.ID},
		{Action: complaint.Respond, Actor: complaint.UnitStaff, Reason: "Sudah kami tangani."}} {
		c.At = now
		if _, err := db.ApplyComplaint(ctx, answered.UnitID, answered.ID, &c, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	sw := &jobs.Sweeper{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// Three working days after Friday: Mon, Tue, Wed → due end of Wed 9 Dec.
	if res, err := sw.Sweep(ctx, time.Date(2026, 12, 9, 23, 0, 0, 0, clock.Jakarta)); err != nil || res.Escalated != 0 || res.Closed != 0 {
		t.Fatalf("before the deadline: %+v %v", res, err)
	}
	at := time.Date(2026, 12, 10, 0, 0, 1, 0, clock.Jakarta)
	if res, _ := sw.Sweep(ctx, at); res.Escalated != 1 {
		t.Fatalf("after the deadline: %+v", res)
	}
	if res, _ := sw.Sweep(ctx, at); res.Escalated != 0 {
		t.Fatalf("a second sweep escalated again: %+v", res)
	}
	events, _ := db.Events(ctx, late)
	last := events[len(events)-1]
	if last.Action != complaint.Escalate || !strings.Contains(last.Body, "31.72") {
		t.Fatalf("escalation event: %+v", last)
	}
	// Ten working days after the answer on Fri 4 Dec: 18 Dec; with Christmas
	// (25 Dec, and cuti bersama in the calendar data) it cannot be earlier.
	if res, _ := sw.Sweep(ctx, time.Date(2026, 12, 17, 12, 0, 0, 0, clock.Jakarta)); res.Closed != 0 {
		t.Fatalf("closed too early: %+v", res)
	}
	d := cal.Deadline(now, 10)
	if res, _ := sw.Sweep(ctx, d.Add(time.Second)); res.Closed != 1 {
		t.Fatalf("not closed after the reporter's silence (due %v): %+v", d, res)
	}
	got, _ := db.Complaint(ctx, answered.UnitID, answered.ID)
	if got.Status != complaint.Closed {
		t.Fatalf("status %s", got.Status)
	}
}

func TestSweepNotifiesStaff(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	// Friday 4 Dec 2026, 10.00 WIB.
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	user := func(name string, role account.Role, regionCode, email string, units ...string) *account.User {
		u := &account.User{Username: name, Name: name, Role: role, RegionCode: regionCode, Email: email, UnitIDs: units, PasswordHash: "x"}
		if err := db.CreateUser(ctx, audit.CLI, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	city := user("admin.kota", account.Admin, "31.72", "kota@mutu.test")
	eval := user("evaluator.kota", account.Evaluator, "31.72", "")
	prov := user("admin.prov", account.Admin, "31", "prov@mutu.test")
	op := user("operator.pkm", account.Operator, "", "pkm@mutu.test", pkm.ID)
	r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
		Title: "Belum diverifikasi", Body: "Isi laporan yang cukup panjang untuk diterima.",
		Reporter: complaint.Reporter{Name: "Budi Santoso", Phone: "0812345678", Email: "budi@example.com"}}
	if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
		t.Fatal(err)
	}
	smtp := testutil.StartSMTP(t)
	mailer, err := notify.ParseURL("smtp://" + smtp.Addr + "?from=pengaduan@mutu.test&tls=none")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sw := &jobs.Sweeper{DB: db, Log: log, Outbox: &notify.Outbox{Mailer: mailer, Log: log}, BaseURL: "https://mutu.example/"}
	kinds := func(u *account.User) []complaint.NoticeKind {
		t.Helper()
		list, err := db.Notifications(ctx, u.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []complaint.NoticeKind
		for _, n := range list {
			out = append(out, n.Kind)
		}
		return out
	}
	sweep := func(at time.Time, notified, escalated, mailed int) {
		t.Helper()
		res, err := sw.Sweep(ctx, at)
		if err != nil || res.Notified != notified || res.Escalated != escalated || res.Mailed != mailed {
			t.Fatalf("sweep at %v: %+v %v; want %d notified, %d escalated, %d mailed", at, res, err, notified, escalated, mailed)
		}
	}

	// Verification is due at the end of Wednesday 9 Dec: on Monday it is
	// two working days away; on Tuesday, due soon, for the city's verifiers.
	sweep(time.Date(2026, 12, 7, 10, 0, 0, 0, clock.Jakarta), 0, 0, 0)
	tuesday := time.Date(2026, 12, 8, 10, 0, 0, 0, clock.Jakarta)
	sweep(tuesday, 1, 0, 1)
	sweep(tuesday, 0, 0, 0)
	sweep(tuesday.Add(time.Hour), 0, 0, 0)
	// Thursday: late. It escalates to the city (its administrators and
	// evaluators) and the verifiers hear it is overdue; once.
	late := time.Date(2026, 12, 10, 0, 0, 1, 0, clock.Jakarta)
	sweep(late, 1, 1, 2)
	sweep(late, 0, 0, 0)
	want := map[*account.User][]complaint.NoticeKind{
		city: {complaint.NoticeOverdue, complaint.NoticeEscalated, complaint.NoticeDueSoon, complaint.NoticeNew},
		eval: {complaint.NoticeEscalated},
		prov: nil,
		op:   nil,
	}
	for u, w := range want {
		if got := kinds(u); !slices.Equal(got, w) {
			t.Errorf("%s: %v, want %v", u.Username, got, w)
		}
	}

	var mail []testutil.Mail
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if mail = smtp.Mail(); len(mail) >= 3 {
			break
		}
	}
	time.Sleep(200 * time.Millisecond) // and no more: the new report's notice stays in the app
	if mail = smtp.Mail(); len(mail) != 3 {
		t.Fatalf("%d e-mails, want 3", len(mail))
	}
	for _, m := range mail {
		if len(m.To) != 1 || m.To[0] != "kota@mutu.test" {
			t.Errorf("e-mail to %v", m.To)
		}
		if !strings.Contains(m.Data, r.Number) || !strings.Contains(m.Data, "https://mutu.example/kelola/pengaduan/"+r.Number) || strings.Contains(m.Data, r.Code) {
			t.Errorf("e-mail lacks the number or the link, or has the tracking code:\n%s", m.Data)
		}
		if strings.Contains(m.Data, "Budi") || strings.Contains(m.Data, "0812345678") || strings.Contains(m.Data, "budi@") {
			t.Errorf("reporter identity in a staff e-mail:\n%s", m.Data)
		}
	}
}

// heldReport files a report at pkm and puts it on hold (ditunda) at now.
func heldReport(t *testing.T, db *store.DB, pkm *unit.Unit, now time.Time) *complaint.Report {
	t.Helper()
	ctx := context.Background()
	held := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
		Title: "Ditunda", Body: "Isi laporan yang cukup panjang untuk diterima."}
	if err := db.CreateComplaint(ctx, held, "", ""); err != nil {
		t.Fatal(err)
	}
	c := &complaint.Change{Action: complaint.Hold, Actor: complaint.Verifier, At: now, Reason: "Menunggu data pelapor."}
	if _, err := db.ApplyComplaint(ctx, held.UnitID, held.ID, c, "", ""); err != nil {
		t.Fatal(err)
	}
	return held
}

// TestSweepSkipsHeldReportsAndLogsNoCode: a report on hold past its
// verification deadline is not escalated (the lifecycle forbids it), so the
// sweeper does not try again at every sweep and logs nothing about it; a
// report whose step does fail is logged by number, never by tracking code.
func TestSweepSkipsHeldReportsAndLogsNoCode(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	held := heldReport(t, db, pkm, now)
	var logs bytes.Buffer
	sw := &jobs.Sweeper{DB: db, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	for day := 10; day < 13; day++ {
		res, err := sw.Sweep(ctx, time.Date(2026, 12, day, 9, 0, 0, 0, clock.Jakarta))
		if err != nil || res.Escalated != 0 {
			t.Fatalf("sweep on the %d: %+v %v", day, res, err)
		}
	}
	if strings.Contains(logs.String(), "escalate") || strings.Contains(logs.String(), held.Code) {
		t.Fatalf("the held report was retried or its code logged:\n%s", logs.String())
	}
	events, err := db.Events(ctx, held)
	if err != nil || len(events) != 2 {
		t.Fatalf("timeline of the held report: %+v %v", events, err)
	}
}

// TestSweepWarnsOnceAboutHeldReports: a report on hold (ditunda) past its
// verification deadline is announced to its verifiers once, not at every
// five-minute sweep, and the sweeps log nothing about it. Before the
// sweeper skipped reports it may not escalate, every sweep after the
// deadline tried again and logged one "escalate" warning: the test counts
// the warnings of each sweep, so that it fails if any sweep warns again.
func TestSweepWarnsOnceAboutHeldReports(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	// Friday 4 Dec 2026, 10.00 WIB.
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, clock.Jakarta)
	db.Now = func() time.Time { return now }
	city := &account.User{Username: "admin.kota", Name: "Admin Kota", Role: account.Admin, RegionCode: "31.72", PasswordHash: "x"}
	if err := db.CreateUser(ctx, audit.CLI, city); err != nil {
		t.Fatal(err)
	}
	held := heldReport(t, db, pkm, now)
	var logs bytes.Buffer
	sw := &jobs.Sweeper{DB: db, Log: slog.New(slog.NewJSONHandler(&logs, nil))}
	// Every five minutes from Tuesday morning (due soon) to Thursday noon
	// (overdue since Wednesday night).
	notified, sweeps, lateSweeps := 0, 0, 0
	overdue := time.Date(2026, 12, 10, 0, 0, 0, 0, clock.Jakarta)
	for at := time.Date(2026, 12, 8, 8, 0, 0, 0, clock.Jakarta); at.Before(time.Date(2026, 12, 10, 12, 0, 0, 0, clock.Jakarta)); at = at.Add(5 * time.Minute) {
		now = at
		logs.Reset()
		res, err := sw.Sweep(ctx, at)
		if err != nil || res.Escalated != 0 {
			t.Fatalf("sweep at %v: %+v %v", at, res, err)
		}
		if n := strings.Count(logs.String(), `"level":"WARN"`); n != 0 || logs.Len() != 0 {
			t.Fatalf("the sweep at %v logged %d warnings about the held report (want none, at any sweep):\n%s", at, n, logs.String())
		}
		sweeps++
		if at.After(overdue) {
			lateSweeps++
		}
		notified += res.Notified
	}
	if lateSweeps < 2 || sweeps < 2*lateSweeps {
		t.Fatalf("%d sweeps, %d after the deadline: the test must sweep the late report more than once", sweeps, lateSweeps)
	}
	list, err := db.Notifications(ctx, city.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []complaint.NoticeKind
	for _, n := range list {
		if n.ComplaintID != held.ID {
			t.Fatalf("notification %+v is not about the held report", n)
		}
		kinds = append(kinds, n.Kind)
	}
	want := []complaint.NoticeKind{complaint.NoticeOverdue, complaint.NoticeDueSoon, complaint.NoticeNew}
	if notified != 2 || !slices.Equal(kinds, want) {
		t.Fatalf("%d notices over the sweeps, %v; want 2, %v", notified, kinds, want)
	}
}
