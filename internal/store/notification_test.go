package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/calendar"
	"mutu/internal/complaint"
	"mutu/internal/store"
)

func TestNotifications(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		pkm, _ := db.UnitByCode(ctx, "PKM-31.72.01") // region 31.72.01
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		user := func(name string, role account.Role, regionCode, email string, units ...string) *account.User {
			u := &account.User{Username: name, Name: name, Role: role, RegionCode: regionCode, Email: email, UnitIDs: units, PasswordHash: "x"}
			if err := db.CreateUser(ctx, admin, u); err != nil {
				t.Fatal(err)
			}
			return u
		}
		prov := user("prov", account.Admin, "31", "prov@mutu.test")
		city := user("city", account.Admin, "31.72", "city@mutu.test")
		eval := user("eval", account.Evaluator, "31.72", "")
		leader := user("leader", account.Leader, "31.72", "leader@mutu.test")
		op := user("op.pkm", account.Operator, "", "pkm@mutu.test", pkm.ID)
		other := user("op.ptsp", account.Operator, "", "ptsp@mutu.test", ptsp.ID)

		r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: "Antrean tidak tertib", Body: "Nomor antrean dilewati petugas berkali-kali pagi ini.",
			Reporter: complaint.Reporter{Name: "Budi Santoso", Phone: "0812345678", Email: "budi@example.com"}}
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		step := func(c complaint.Change, actorID string) {
			t.Helper()
			now = now.Add(time.Hour)
			c.At = now
			if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, &c, actorID, "tester"); err != nil {
				t.Fatalf("%s: %v", c.Action, err)
			}
		}
		kinds := func(u *account.User) []complaint.NoticeKind {
			t.Helper()
			list, err := db.Notifications(ctx, u.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []complaint.NoticeKind
			for _, n := range list {
				if n.Number != r.Number || n.UnitID != pkm.ID || n.ComplaintID != r.ID {
					t.Errorf("notification names another report: %+v", n)
				}
				if s := fmt.Sprintf("%+v", n); strings.Contains(s, "Budi") || strings.Contains(s, "0812345678") || strings.Contains(s, "budi@") {
					t.Errorf("reporter identity in a notification: %s", s)
				}
				out = append(out, n.Kind)
			}
			return out
		}

		step(complaint.Change{Action: complaint.Verify, Actor: complaint.Verifier}, city.ID)
		step(complaint.Change{Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: pkm.ID}, city.ID)
		// Returned: the nearest verifiers (the city's), not the province's.
		step(complaint.Change{Action: complaint.NotOurs, Actor: complaint.UnitStaff, Reason: "Bukan kewenangan puskesmas."}, op.ID)
		step(complaint.Change{Action: complaint.Dispatch, Actor: complaint.Verifier, TargetUnit: pkm.ID}, city.ID)
		step(complaint.Change{Action: complaint.AddInfo, Actor: complaint.Citizen, Reason: "Kejadian terulang hari ini."}, "")
		// The first escalation of a report received in kecamatan 31.72.01
		// reaches the city: its administrators and evaluators.
		step(complaint.Change{Action: complaint.Escalate, Actor: complaint.System}, "")

		want := map[*account.User][]complaint.NoticeKind{
			op:     {complaint.NoticeInfoAdded, complaint.NoticeDispatched, complaint.NoticeDispatched},
			city:   {complaint.NoticeEscalated, complaint.NoticeReturned, complaint.NoticeNew}, // the new report: in the app only
			eval:   {complaint.NoticeEscalated},
			prov:   nil,
			leader: nil,
			other:  nil,
		}
		for u, w := range want {
			if got := kinds(u); !slices.Equal(got, w) {
				t.Errorf("%s: %v, want %v", u.Username, got, w)
			}
		}
		list, _ := db.Notifications(ctx, city.ID, 0)
		if list[0].Detail != "31.72" || !list[0].Unread() || !list[0].CreatedAt.Equal(now) {
			t.Errorf("escalation notice: %+v", list[0])
		}

		// Unread count, and marking read: only one's own.
		if n, err := db.UnreadCount(ctx, op.ID); err != nil || n != 3 {
			t.Fatalf("unread: %d %v", n, err)
		}
		mine, _ := db.Notifications(ctx, op.ID, 0)
		if n, err := db.MarkRead(ctx, other.ID, mine[0].ID); err != nil || n != 0 {
			t.Fatalf("another user marked it: %d %v", n, err)
		}
		if n, _ := db.UnreadCount(ctx, op.ID); n != 3 {
			t.Fatalf("unread after another user's mark: %d", n)
		}
		if n, err := db.MarkRead(ctx, op.ID, mine[0].ID, mine[0].ID); err != nil || n != 1 {
			t.Fatalf("mark read: %d %v", n, err)
		}
		if mine, _ = db.Notifications(ctx, op.ID, 0); mine[0].Unread() || !mine[1].Unread() {
			t.Errorf("read flags: %+v", mine)
		}
		if n, err := db.MarkAllRead(ctx, op.ID); err != nil || n != 2 {
			t.Fatalf("mark all: %d %v", n, err)
		}
		if n, _ := db.UnreadCount(ctx, op.ID); n != 0 {
			t.Errorf("unread after mark all: %d", n)
		}

		// E-mails owed: one per notification whose recipient has an
		// address (not the evaluator's), claimed once.
		mails, err := db.ClaimNotificationMail(ctx, r.UnitID, r.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, m := range mails {
			to = append(to, m.To)
		}
		slices.Sort(to)
		if !slices.Equal(to, []string{"city@mutu.test", "city@mutu.test", "pkm@mutu.test", "pkm@mutu.test", "pkm@mutu.test"}) {
			t.Errorf("mail: %v", to)
		}
		if again, _ := db.ClaimNotificationMail(ctx, "", "", 0); len(again) != 0 {
			t.Errorf("claimed twice: %+v", again)
		}

		// The job's notices: delivered once however often it runs.
		cal, _ := calendar.New(nil)
		got, _ := db.Complaint(ctx, r.UnitID, r.ID)
		slas, _ := db.SLAs(ctx)
		d := complaint.ComputeDeadlines(slas[got.Kind], cal, got.Milestones)
		late := d.FirstResponse.Add(time.Minute)
		notices := complaint.DueNotices(got, d, late, cal)
		if len(notices) != 1 || notices[0].Kind != complaint.NoticeOverdue {
			t.Fatalf("due notices: %+v", notices)
		}
		if n, err := db.AddNotices(ctx, got, notices, late); err != nil || n != 1 {
			t.Fatalf("add notices: %d %v", n, err)
		}
		if n, err := db.AddNotices(ctx, got, notices, late.Add(5*time.Minute)); err != nil || n != 0 {
			t.Fatalf("add notices again: %d %v", n, err)
		}
		if k := kinds(op); k[0] != complaint.NoticeOverdue {
			t.Errorf("overdue notice: %v", k)
		}
		if m, _ := db.ClaimNotificationMail(ctx, "", "", 0); len(m) != 1 || m[0].To != "pkm@mutu.test" || m[0].Step != complaint.StepFirstResponse {
			t.Errorf("overdue mail: %+v", m)
		}

		// The count is bounded.
		var many []complaint.Notice
		for i := range store.MaxUnread + 5 {
			many = append(many, complaint.Notice{Kind: complaint.NoticeDueSoon, Step: complaint.StepResolution, To: complaint.ToUnit, Unit: pkm.ID, Occasion: strconv.Itoa(i)})
		}
		if n, err := db.AddNotices(ctx, got, many, late); err != nil || n != len(many) {
			t.Fatalf("many: %d %v", n, err)
		}
		if n, _ := db.UnreadCount(ctx, op.ID); n != store.MaxUnread+1 {
			t.Errorf("bounded count: %d", n)
		}
		if l, _ := db.Notifications(ctx, op.ID, 10); len(l) != 10 {
			t.Errorf("limit: %d", len(l))
		}
	})
}
