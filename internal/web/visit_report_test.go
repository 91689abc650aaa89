package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/finding"
	"mutu/internal/monitor"
)

// TestVisitReportPDF: the berita acara of a visit is refused with a clear
// 404 until the visit is done; once done the visit page links it and it
// carries the result, the low indicators with their notes, the coaching
// notes, the attendance, the finding recorded at the visit and the team's
// signatures; an operator of another unit cannot read it.
func TestVisitReportPDF(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	path, rec := planVisit(t, a, ev)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")

	res := a.get(t, ev, path+"/berita-acara.pdf")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Berita acara baru tersedia setelah kunjungan selesai") {
		t.Fatalf("before the visit is done: %d %.300s", res.StatusCode, res.Body)
	}
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "#visit-report-pdf")) != 0 {
		t.Error("a planned visit links a berita acara")
	}

	all, _ := a.DB.InstrumentVersions(ctx)
	var iv = all[0]
	for _, v := range all {
		if v.Kind == "pekppp" {
			iv = v
			break
		}
	}
	codes := iv.ScoredIndicators()
	for i, c := range codes {
		sc := monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: 3 + i%3}
		if i == 0 {
			sc.Level, sc.Note = 1, "maklumat belum dipajang"
		}
		if _, err := a.DB.SaveVisitScore(ctx, audit.Actor{Name: "test"}, ptsp, rec.ID, iv.ID, sc, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	if res := a.post(t, ev, path+"/laporan", url.Values{"coaching": {"Lengkapi maklumat pelayanan."}, "attendees": {"Budi Santoso; Kepala Seksi Pelayanan"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}
	if res := a.post(t, ev, path+"/selesai", url.Values{"done_on": {"2027-01-05"}, "confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	f := &finding.Finding{VisitID: rec.ID, Indicator: codes[0], Severity: finding.Berat, Description: "d",
		Recommendation: "Pajang maklumat di ruang tunggu", Responsible: "Kepala Subbagian Umum", DueOn: time.Date(2027, 2, 15, 0, 0, 0, 0, clock.Jakarta)}
	if err := a.DB.CreateFinding(ctx, audit.CLI, ptsp, f); err != nil {
		t.Fatal(err)
	}

	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	links := findAll(doc, "#visit-report-pdf")
	if len(links) != 1 {
		t.Fatal("the done visit does not link its berita acara")
	}
	res = a.get(t, ev, attr(links[0], "href"))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("berita acara: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	raw, pages := pdfText(t, []byte(res.Body))
	text := strings.Join(strings.Fields(raw), " ")
	if pages < 1 || pages > 4 {
		t.Errorf("%d pages", pages)
	}
	team, _ := a.DB.Teams(ctx, "31.72")
	final, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	for _, want := range []string{"BERITA ACARA", ptsp.Name, "5 Januari 2027", "Budi Santoso", "Kepala Seksi Pelayanan",
		"Indeks Pelayanan Publik (IPP)", final.Result.Category, codes[0], "maklumat belum dipajang", "Lengkapi maklumat pelayanan.",
		"Pajang maklumat di ruang tunggu", "Kepala Subbagian Umum", "Berat", "15 Februari 2027", "Tim pemantauan", "1. Ketua",
		"Inovasi terdaftar (bukti aspek Inovasi)", "SILADU — Sistem Layanan Terpadu",
		team[0].Members[0].Name} {
		if !strings.Contains(text, want) {
			t.Errorf("the berita acara lacks %q", want)
		}
	}

	// Scope: another unit's operator reads neither the visit nor its paper.
	other := a.login(t, "operator.pkm")
	if res := a.get(t, other, path+"/berita-acara.pdf"); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's operator: %d", res.StatusCode)
	} else if res.Header.Get("Content-Type") == "application/pdf" {
		t.Error("another unit's operator got the PDF")
	}
}
