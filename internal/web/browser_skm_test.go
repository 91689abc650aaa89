package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneySurvey: a citizen scans the service's QR code (opens its short
// URL) on a phone, answers the nine questions, and sees the thank-you page;
// the response is counted.
func TestJourneySurvey(t *testing.T) {
	a := newApp(t)
	before := countResponses(t, a, "PKM-31.72.01")
	b := openTab(t, a)
	b.do("a phone-sized screen", chromedp.EmulateViewport(360, 740))
	if st := b.open("/s/PKM-31.72.01/imunisasi"); st != 200 {
		b.fatalf("survey page: status %d", st)
	}
	if txt := b.text("main"); !strings.Contains(txt, "Puskesmas Kecamatan Penjaringan") || !strings.Contains(txt, "Imunisasi") {
		b.fatalf("survey page does not name the unit and service:\n%s", txt)
	}
	if w := eval[int](b, `document.documentElement.scrollWidth - innerWidth`); w > 0 {
		b.errorf("survey page scrolls sideways by %d px at 360 px", w)
	}
	// Submitting with one question unanswered names it and keeps the answers.
	for i := 1; i <= 8; i++ {
		b.do("answering", chromedp.Click(chromedp.CSS(`input[name="u`+string(rune('0'+i))+`"][value="4"]`)))
	}
	if st := b.follow(`form.survey button[type=submit]`); st != 422 {
		b.errorf("incomplete survey: status %d, want 422", st)
	}
	if txt := b.text("#kesalahan"); !strings.Contains(txt, "Pilih salah satu jawaban") {
		b.errorf("error summary:\n%s", txt)
	}
	if !eval[bool](b, `document.querySelector('input[name="u1"][value="4"]').checked`) {
		b.errorf("answers were lost after the error")
	}
	b.do("answering the ninth", chromedp.Click(chromedp.CSS(`input[name="u9"][value="3"]`)),
		chromedp.SendKeys(chromedp.ID("f-age"), "29"),
		chromedp.Click(chromedp.CSS(`input[name="sex"][value="P"]`)),
		chromedp.SendKeys(chromedp.ID("f-saran"), "Terima kasih, cepat sekali."))
	if st := b.follow(`form.survey button[type=submit]`); st != 200 || b.path() != "/s/PKM-31.72.01/terima-kasih" {
		b.fatalf("submit: status %d at %s", st, b.path())
	}
	if txt := b.text("main"); !strings.Contains(txt, "Terima kasih") {
		b.errorf("thank-you page:\n%s", txt)
	}
	if got := countResponses(t, a, "PKM-31.72.01"); got != before+1 {
		b.errorf("%d responses stored, want 1", got-before)
	}
	// The honeypot field is invisible and out of the tab order.
	b.open("/s/PKM-31.72.01")
	if eval[bool](b, `(() => { const r = document.getElementById("f-website").getBoundingClientRect(); return r.right > 0 && r.bottom > 0 && r.width > 2 })()`) {
		b.errorf("the honeypot field is visible")
	}
}

// TestJourneyPaperImport: an operator uploads a paper-survey file with a bad
// row; nothing is stored and the row is named; the corrected file is stored.
func TestJourneyPaperImport(t *testing.T) {
	a := newApp(t)
	before := countResponses(t, a, "PKM-31.72.02")
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const header = "date,time,age,sex,education,occupation,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n"
	bad := write("kertas-salah.csv", header+"2026-11-02,08.00-12.00,40,L,SMA,Swasta,,4,4,3,4,3,4,4,3,3,\n2026-11-02,08.00-12.00,41,P,SD,Lainnya,,4,4,7,4,3,4,4,3,3,\n")
	good := write("kertas.csv", header+"2026-11-02,08.00-12.00,40,L,SMA,Swasta,,4,4,3,4,3,4,4,3,3,\n2026-11-02,08.00-12.00,41,P,SD,Lainnya,,4,4,3,4,3,4,4,3,3,Ruang tunggu sempit\n")
	b := openTab(t, a)
	b.signIn("operator.pkm")
	b.open("/kelola/skm/unit/PKM-31.72.02")
	if st := b.follow(`a[href="/kelola/skm/unit/PKM-31.72.02/impor"]`); st != 200 {
		b.fatalf("import page: %d", st)
	}
	b.do("choosing the file with a wrong row", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{bad}))
	if st := b.follow(`main form button[type=submit]`); st != 422 {
		b.errorf("wrong file: status %d, want 422", st)
	}
	if txt := b.text("#kesalahan"); !strings.Contains(txt, "Baris 3") || !strings.Contains(txt, "u3") || strings.Contains(txt, "Baris 2") {
		b.errorf("error summary:\n%s", txt)
	}
	if got := countResponses(t, a, "PKM-31.72.02"); got != before {
		b.fatalf("a refused file stored %d responses", got-before)
	}
	b.do("choosing the corrected file", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{good}))
	if st := b.follow(`main form button[type=submit]`); st != 200 {
		b.fatalf("corrected file: status %d\n%s", st, b.text("main"))
	}
	if txt := b.text("main"); !strings.Contains(txt, "2 jawaban survei kertas") {
		b.errorf("no success message:\n%s", txt)
	}
	if got := countResponses(t, a, "PKM-31.72.02"); got != before+2 {
		b.errorf("%d stored, want 2", got-before)
	}
}
