package web_test

import (
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/jobs"
)

// TestJourneyComplaint: a citizen files an anonymous complaint on a phone
// and tracks it; the operator answers; the citizen rejects the answer and
// the report reopens; a late report is escalated by the sweeper.
func TestJourneyComplaint(t *testing.T) {
	a := newApp(t)
	photo := filepath.Join(t.TempDir(), "antrean.jpg")
	if err := os.WriteFile(photo, photoWithGPS(t), 0o600); err != nil {
		t.Fatal(err)
	}
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	b.open("/unit/PKM-31.72.01")
	if st := b.follow(`a[href="/pengaduan?unit=PKM-31.72.01"]`); st != 200 {
		b.fatalf("complaint form from the unit page: %d", st)
	}
	b.do("filling the form",
		chromedp.Click(chromedp.CSS(`input[name=kind][value=pengaduan]`)),
		chromedp.SendKeys(chromedp.ID("f-title"), "Antrean tidak tertib"),
		chromedp.SendKeys(chromedp.ID("f-body"), "Nomor antrean saya dilewati dua kali oleh petugas."),
		chromedp.Click(chromedp.CSS(`input[name=privacy][value=anonim]`)),
		chromedp.SendKeys(chromedp.ID("f-email"), "warga@example.com"),
		chromedp.SetUploadFiles(chromedp.ID("f-files"), []string{photo}))
	if st := b.follow(`form[action="/pengaduan"] button[type=submit]`); st != 200 {
		b.fatalf("filing: %d\n%s", st, b.text("main"))
	}
	code := codeRE.FindString(b.text("main"))
	if code == "" || !strings.HasPrefix(b.path(), "/lacak/"+code) {
		b.fatalf("no tracking code on the confirmation:\n%s", b.text("main"))
	}
	num := numberOf(t, a, code)
	if w := eval[int](b, `document.documentElement.scrollWidth - innerWidth`); w > 0 {
		b.errorf("tracking page scrolls sideways by %d px", w)
	}
	if !strings.Contains(b.text("main"), "antrean.jpg") {
		b.errorf("the photo is not listed on the tracking page")
	}
	// The verifier dispatches (HTTP is enough here); the operator hears of
	// it in the header, follows the notification and answers.
	ver := a.login(t, "admin.jakut")
	a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"verifikasi"}})
	a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"disposisi"}, "unit": {"PKM-31.72.01"}})
	b.signIn("operator.pkm")
	if bell := b.text("a.bell"); !regexp.MustCompile(`Notifikasi \([1-9][0-9]*\)`).MatchString(bell) {
		b.fatalf("the header announces no unread notification: %q", bell)
	}
	if st := b.follow("a.bell"); st != 200 || !strings.Contains(b.text("main"), num) || strings.Contains(b.text("main"), code) {
		b.fatalf("notifications: %d\n%s", st, b.text("main"))
	}
	if st := b.follow(`main a[href="/kelola/pengaduan/` + num + `"]`); st != 200 {
		b.fatalf("following the notification: %d", st)
	}
	b.do("answering",
		chromedp.SetValue(chromedp.ID("f-action"), "tanggapi"),
		chromedp.SendKeys(chromedp.ID("f-reason"), "Petugas sudah kami tegur."),
		chromedp.Click(chromedp.ID("f-confirmed")))
	if st := b.follow(`form[action="/kelola/pengaduan/` + num + `"] button[type=submit]`); st != 200 || !strings.Contains(b.text("main"), "Ditanggapi") {
		b.fatalf("answer: %d\n%s", st, b.text("main"))
	}
	b.signOut() // the reporter again, with the tracking code only
	b.open("/lacak/" + code)
	if txt := b.text("main"); !strings.Contains(txt, "Petugas sudah kami tegur.") || !strings.Contains(txt, "Ditanggapi") {
		b.fatalf("the answer is not shown:\n%s", txt)
	}
	b.do("rejecting the answer", chromedp.SendKeys(chromedp.ID("f-reject"), "Hari ini dilewati lagi."), chromedp.Click(chromedp.ID("f-confirmed")))
	if st := b.follow(`form input[value=tolak] ~ button`); st != 200 {
		b.fatalf("reject: %d", st)
	}
	if txt := b.text("main"); !strings.Contains(txt, "Diproses") || !strings.Contains(txt, "Hari ini dilewati lagi.") {
		b.errorf("not reopened:\n%s", txt)
	}

	// A report nobody verifies escalates once its three working days pass.
	late := fileComplaint(t, a, url.Values{"region": {"31.72"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Jalan berlubang"}, "body": {"Jalan di depan kantor kelurahan berlubang besar dan berbahaya."}})
	sw := &jobs.Sweeper{DB: a.DB, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	a.advance(10 * 24 * time.Hour)
	if res, err := sw.Sweep(t.Context(), a.DB.Now()); err != nil || res.Escalated == 0 {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	b.signIn("admin.jakut")
	b.open("/kelola/pengaduan/" + numberOf(t, a, late))
	if txt := b.text("main"); !strings.Contains(txt, "Eskalasi") || !strings.Contains(txt, "verifikasi terlambat") {
		b.errorf("escalation not shown:\n%s", txt)
	}
}
