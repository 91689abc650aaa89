package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/testutil"
	"mutu/internal/web"
)

// TestNotifications: a dispatch tells the unit's operator in the app and
// by e-mail; the operator follows the notice and marks it read; nobody
// else can read or mark it; the e-mail never names the reporter.
func TestNotifications(t *testing.T) {
	smtp, mail := withMail(t)
	a := newApp(t, mail, func(c *web.Config) { c.BaseURL = "https://mutu.example" })
	ctx := t.Context()
	op, err := a.DB.UserByUsername(ctx, "operator.pkm")
	if err != nil {
		t.Fatal(err)
	}
	op.Email = "pkm@mutu.test"
	if err := a.DB.UpdateUser(ctx, audit.CLI, op); err != nil {
		t.Fatal(err)
	}
	unread := func() int {
		t.Helper()
		n, err := a.DB.UnreadCount(ctx, op.ID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := unread() // the demo history's own notices

	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Ruang tunggu panas"}, "body": {"Pendingin ruangan di ruang tunggu mati sejak pekan lalu."},
		"name": {"Siti Rahma"}, "phone": {"081234567890"}, "email": {"siti@example.com"}})
	num := numberOf(t, a, code)
	ver := a.login(t, "admin.jakut")
	for _, step := range []url.Values{{"action": {"verifikasi"}}, {"action": {"disposisi"}, "unit": {"PKM-31.72.01"}}} {
		if res := a.post(t, ver, "/kelola/pengaduan/"+num, step); res.StatusCode != 303 {
			t.Fatalf("%v: %d %s", step, res.StatusCode, res.Body)
		}
	}
	if got := unread(); got != before+1 {
		t.Fatalf("unread after the dispatch: %d, want %d", got, before+1)
	}

	// The count in the header of every staff page, and the notice.
	opc := a.login(t, "operator.pkm")
	label := fmt.Sprintf("Notifikasi (%d)", before+1)
	if res := a.get(t, opc, "/kelola/pengaduan"); !strings.Contains(res.Body, `href="/kelola/notifikasi"`) || !strings.Contains(res.Body, label) {
		t.Fatalf("header lacks %q", label)
	}
	list, err := a.DB.Notifications(ctx, op.ID, 1)
	if err != nil || len(list) != 1 || list[0].Number != num || list[0].Kind != complaint.NoticeDispatched {
		t.Fatalf("newest notification: %+v %v", list, err)
	}
	id := list[0].ID
	page := a.get(t, opc, "/kelola/notifikasi")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Laporan "+num+" didisposisikan ke unit Anda.") ||
		!strings.Contains(page.Body, `<tr id="n-`+id+`" class="unread">`) || !strings.Contains(page.Body, `href="/kelola/pengaduan/`+num+`"`) {
		t.Fatalf("notification page: %d\n%s", page.StatusCode, page.Body)
	}
	if codeRE.MatchString(page.Body) {
		t.Error("a tracking code on the notification page")
	}
	if strings.Index(page.Body, `<tr id="n-`) != strings.Index(page.Body, `<tr id="n-`+id) {
		t.Error("the newest notice is not listed first")
	}
	if res := a.get(t, opc, "/kelola/pengaduan/"+num); res.StatusCode != 200 {
		t.Fatalf("following the notice: %d", res.StatusCode)
	}

	// Another user neither sees nor marks it.
	other := a.login(t, "operator.ptsp")
	res := a.get(t, other, "/kelola/notifikasi")
	if h1 := textOf(mustBePage(t, res, 200, "main#isi p.lead"), "main#isi h1"); h1 != "Notifikasi" {
		t.Fatalf("not the notification page: %q", h1)
	}
	if strings.Contains(res.Body, num) {
		t.Error("another operator sees the notice")
	}
	if res := a.post(t, other, "/kelola/notifikasi", url.Values{"id": {id}}); res.StatusCode != 303 {
		t.Fatalf("mark by another user: %d", res.StatusCode)
	}
	if got := unread(); got != before+1 {
		t.Fatalf("another user's mark changed the count: %d", got)
	}

	// Marked read: one, then all.
	if res := a.post(t, opc, "/kelola/notifikasi", url.Values{"id": {id}}); res.StatusCode != 303 || res.Header.Get("Location") != "/kelola/notifikasi" {
		t.Fatalf("mark read: %d", res.StatusCode)
	}
	if got := unread(); got != before {
		t.Fatalf("unread after marking it: %d, want %d", got, before)
	}
	page = a.get(t, opc, "/kelola/notifikasi")
	if !strings.Contains(page.Body, `<tr id="n-`+id+`">`) {
		t.Error("the read notice is still highlighted")
	}
	if res := a.post(t, opc, "/kelola/notifikasi", url.Values{"all": {"1"}}); res.StatusCode != 303 {
		t.Fatalf("mark all: %d", res.StatusCode)
	}
	if got := unread(); got != 0 {
		t.Fatalf("unread after marking all: %d", got)
	}
	if res := a.get(t, opc, "/kelola/pengaduan"); strings.Contains(res.Body, "Notifikasi (") || !strings.Contains(res.Body, "Notifikasi</a>") {
		t.Error("header after marking all")
	}

	// The e-mail to the operator: code and link, never the reporter.
	toOperator := func() []testutil.Mail {
		var out []testutil.Mail
		for _, m := range smtp.Mail() {
			if len(m.To) == 1 && m.To[0] == "pkm@mutu.test" {
				out = append(out, m)
			}
		}
		return out
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && len(toOperator()) == 0; time.Sleep(20 * time.Millisecond) {
	}
	time.Sleep(100 * time.Millisecond) // a second one would have arrived by now
	got := toOperator()
	if len(got) != 1 {
		t.Fatalf("%d e-mails to the operator, want 1", len(got))
	}
	body := got[0].Data
	if !strings.Contains(body, num) || !strings.Contains(body, "https://mutu.example/kelola/pengaduan/"+num) || !strings.Contains(body, "didisposisikan") {
		t.Errorf("staff e-mail lacks the number, link or notice:\n%s", body)
	}
	for _, secret := range []string{"Siti", "081234567890", "siti@example.com", "Pendingin", code} {
		if strings.Contains(body, secret) {
			t.Errorf("staff e-mail contains %q:\n%s", secret, body)
		}
	}
	if strings.Contains(a.logs(), "pkm@mutu.test") {
		t.Error("the staff address reached the log")
	}
}

// TestNoticeMessagesInCatalog: every message a notice can show exists.
func TestNoticeMessagesInCatalog(t *testing.T) {
	for _, k := range complaint.NoticeKinds {
		steps := []complaint.StepName{""}
		if k == complaint.NoticeDueSoon || k == complaint.NoticeOverdue {
			steps = []complaint.StepName{complaint.StepVerify, complaint.StepFirstResponse, complaint.StepResolution}
		}
		for _, s := range steps {
			key, args := complaint.NoticeMessage(k, s, "MT-0000-0000-00", "31.72")
			for _, l := range i18n.Langs {
				if msg := i18n.T(l, key, args...); msg == key || strings.Contains(msg, "%!") {
					t.Errorf("%s %s: %q", l, key, msg)
				}
			}
		}
	}
}
