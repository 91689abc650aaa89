package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// elementByID returns the element with the given id, to its closing tag name.
func elementByID(t *testing.T, body, id, tag string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)id="` + regexp.QuoteMeta(id) + `".*?</` + tag + `>`).FindString(body)
	if m == "" {
		t.Fatalf("no #%s in the page", id)
	}
	return m
}

// TestDeadlinesPeopleUnderstand: a report filed on Thursday 26 Nov 2026,
// with Monday 30 Nov declared a holiday, must be verified within three
// working days: Fri 27, Tue 1, Wed 2 Dec. The reporter's tracking page says
// so as a day ("paling lambat Rabu, 2 Des 2026") and what happens next;
// staff read it as working days left, then as working days late, with no
// "00.00" time.
func TestDeadlinesPeopleUnderstand(t *testing.T) {
	a := newApp(t)
	if res := a.post(t, a.login(t, "admin"), "/kelola/libur", url.Values{"date": {"2026-11-30"}, "name": {"Libur uji"}, "kind": {"cuti_bersama"}}); res.StatusCode != 303 {
		t.Fatalf("holiday: %d", res.StatusCode)
	}
	a.advance(48 * time.Hour) // Thursday 26 Nov 2026, 10.00 WIB
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean obat lama"}, "body": {"Antrean di apotek puskesmas lebih dari dua jam setiap pagi."}, "name": {"Rina"}})
	track := a.get(t, a.client(t), "/lacak/"+code)
	if track.StatusCode != 200 {
		t.Fatalf("tracking page: %d", track.StatusCode)
	}
	next := elementByID(t, track.Body, "next-step", "section")
	if !strings.Contains(next, "Diverifikasi paling lambat Rabu, 2 Des 2026") || !strings.Contains(next, "Petugas verifikasi memeriksa") {
		t.Errorf("tracking page's next step: %s", next)
	}
	en := english(t, a, nil)
	if next := elementByID(t, a.get(t, en, "/lacak/"+code).Body, "next-step", "section"); !strings.Contains(next, "Verified by Wednesday, 2 Dec 2026 at the latest") {
		t.Errorf("English tracking page's next step: %s", next)
	}

	num := numberOf(t, a, code)
	ver := a.login(t, "admin.jakut")
	a.advance(24 * time.Hour) // Friday 27 Nov
	page := a.get(t, ver, "/kelola/pengaduan/"+num)
	if page.StatusCode != 200 {
		t.Fatalf("staff page: %d", page.StatusCode)
	}
	due := elementByID(t, page.Body, "due-verifikasi", "dd")
	if !strings.Contains(due, "Rabu, 2 Des 2026") || !strings.Contains(due, "2 hari kerja lagi") || strings.Contains(due, "00.00") {
		t.Errorf("staff deadline on Friday: %s", due)
	}
	a.advance(6 * 24 * time.Hour) // Thursday 3 Dec
	due = elementByID(t, a.get(t, ver, "/kelola/pengaduan/"+num).Body, "due-verifikasi", "dd")
	if !strings.Contains(due, "terlambat 1 hari kerja") {
		t.Errorf("staff deadline on Thursday after: %s", due)
	}
	if next := elementByID(t, a.get(t, a.client(t), "/lacak/"+code).Body, "next-step", "section"); !strings.Contains(next, "melewati batas waktu") {
		t.Errorf("tracking page after the deadline: %s", next)
	}
}
