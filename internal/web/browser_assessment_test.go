package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/testutil"
)

// TestJourneyAssessmentPages: an assessment's page (with its forms for the
// administrator) and a locus's evidence page, on a 360 px phone in a real
// browser: nothing scrolls sideways and axe-core finds no serious or
// critical problem, for the administrator and for the assessor.
func TestJourneyAssessmentPages(t *testing.T) {
	a := newApp(t)
	jakut := demoAssessment(t, a, "31.72", 2023)
	base := "/kelola/penilaian-ombudsman/" + jakut.ID
	ctx := testutil.ChromiumTimeout(t, 3*time.Minute)
	b := openTabOn(t, a, ctx)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))
	read := []string{"/kelola/penilaian-ombudsman", base, base + "/bukti/PTSP-31.72"}
	for who, pages := range map[string][]string{"admin.jakut": append(read, "/kelola/penilaian-ombudsman/baru"), "asesor": read} {
		b.signIn(who)
		checkPages(b, who, pages)
		b.signOut()
	}
}
