package web_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"mutu/internal/clock"
	"mutu/internal/instrument"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// ipp writes hundredths as the pages do ("3,46").
func ipp(h int64) string { return fmt.Sprintf("%d,%02d", h/100, h%100) }

// TestUnitYearResult: the unit's page shows the result of the year asked
// for — the latest visit scored that year, not the mean of its visits —
// with its aspects, the users' part from the unit's SKM of that year and
// the final index at the city's share; a year without an SKM result says
// the final index cannot be computed while the share asks for one; a
// future or wrong year is this year; the unit's registered innovations
// are listed as the Inovasi aspect's evidence.
func TestUnitYearResult(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev, admin := a.login(t, "evaluator.jakut"), a.login(t, "admin.jakut")
	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2026, 11, 10, 0, 0, 0, 0, clock.Jakarta), at(2))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), at(3))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 3, 9, 0, 0, 0, 0, clock.Jakarta), at(4))
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	summary := func(year int) skm.Summary {
		rng, _ := skm.PeriodRange(skm.Year, year, 1)
		sum, err := skm.Summarize(ctx, a.DB, ptsp.ID, "", rng)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	sum2026 := summary(2026)
	if !sum2026.Complete || summary(2027).Respondents != 0 {
		t.Fatalf("the demo's SKM: 2026 complete %v, 2027 %d answers", sum2026.Complete, summary(2027).Respondents)
	}

	const path = "/kelola/pemantauan/unit/PTSP-31.72"
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	if got := textOf(doc, "h2#tahun"); !strings.Contains(got, "2027") {
		t.Errorf("the year's heading %q", got)
	}
	if got := textOf(doc, "#year-evaluator .ipp"); got != "4,00" { // the latest of 2027, not the mean 3,50
		t.Errorf("the year's evaluator IPP %q", got)
	}
	if n := len(findAll(doc, "table.year-aspects tbody tr")); n != 6 {
		t.Errorf("%d aspects of the year", n)
	}
	if got := textOf(doc, "#year-final .ipp"); got != "4,00" { // default share 0: the evaluator's
		t.Errorf("final at the default share %q", got)
	}
	if !strings.Contains(textOf(doc, "#year-users"), "Belum ada hasil SKM") || len(findAll(doc, "#year-nav a[rel=next]")) != 0 ||
		attr(findAll(doc, "#year-nav a[rel=prev]")[0], "href") != path+"?tahun=2026" {
		t.Errorf("users %q, or the year selector", textOf(doc, "#year-users"))
	}
	if items := findAll(doc, ".innovation-evidence li"); len(items) != 1 || !strings.Contains(textOf(items[0], ""), "SILADU — Sistem Layanan Terpadu") {
		t.Errorf("the unit's innovations: %d", len(items))
	}

	// The city counts the users at 30 %.
	if res := a.post(t, admin, "/kelola/pemantauan/kota/31.72/porsi-pengguna", url.Values{"user_share": {"30"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	doc = mustBePage(t, a.get(t, ev, path+"?tahun=2026"), http.StatusOK, "h1#unit-results")
	users := instrument.UsersFromKonversi(sum2026.KonversiHundredths)
	final, _ := instrument.Combine(big.NewRat(2, 1), users, 30)
	if got := textOf(doc, "#year-evaluator .ipp"); got != "2,00" {
		t.Errorf("2026's evaluator IPP %q", got)
	}
	if got := textOf(doc, "#year-users .ipp"); got != ipp(skm.RoundHalfUp(users, 2)) {
		t.Errorf("2026's users' part %q, want %s", got, ipp(skm.RoundHalfUp(users, 2)))
	}
	if got := textOf(doc, "#year-final .ipp"); got != ipp(skm.RoundHalfUp(final, 2)) {
		t.Errorf("2026's final %q, want %s", got, ipp(skm.RoundHalfUp(final, 2)))
	}
	if got := textOf(doc, "#year-share"); !strings.Contains(got, "70") || !strings.Contains(got, "30") {
		t.Errorf("the shares %q", got)
	}
	if attr(findAll(doc, "#year-nav a[rel=next]")[0], "href") != path+"?tahun=2027" {
		t.Error("2026 does not link 2027")
	}
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	if len(findAll(doc, "#final-unknown")) != 1 || textOf(doc, "#year-final") != "–" {
		t.Errorf("2027 without SKM at 30 %%: final %q", textOf(doc, "#year-final"))
	}
	for _, q := range []string{"?tahun=2030", "?tahun=x", "?tahun=1999"} {
		doc = mustBePage(t, a.get(t, ev, path+q), http.StatusOK, "h1#unit-results")
		if got := textOf(doc, "h2#tahun"); !strings.Contains(got, "2027") {
			t.Errorf("%s: %q", q, got)
		}
	}
}

// TestVisitInnovationEvidence: the visit page shows the unit's registered
// innovations next to the Inovasi aspect's indicators (and nowhere else),
// and the berita acara lists them.
func TestVisitInnovationEvidence(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	path, _ := planVisit(t, a, ev)
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	boxes := findAll(doc, ".innovation-evidence")
	if len(boxes) != 1 || !strings.Contains(textOf(boxes[0], ""), "SILADU — Sistem Layanan Terpadu") {
		t.Fatalf("%d innovation boxes on the visit page", len(boxes))
	}
	// It stands right after the Inovasi aspect's heading.
	prev := boxes[0].PrevSibling
	for prev != nil && prev.Data != "h3" {
		prev = prev.PrevSibling
	}
	if prev == nil || !strings.Contains(textOf(prev, ""), "Inovasi") {
		t.Error("the innovations are not under the Inovasi aspect")
	}
}

// TestUserShareForm: the city's administrators set the users' share as a
// new version (audited, shown with its history); a wrong share comes back
// on the city's page with the message next to the field and nothing
// stored; another city, and roles other than administrators, are refused.
func TestUserShareForm(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	admin, ev := a.login(t, "admin.jakut"), a.login(t, "evaluator.jakut")
	const path = "/kelola/pemantauan/kota/31.72/porsi-pengguna"
	for _, bad := range []string{"abc", "101", "-1", ""} {
		res := a.post(t, admin, path, url.Values{"user_share": {bad}})
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#city-results")
		besideField(t, doc, "user_share")
		if in := findAll(doc, "#f-user_share"); len(in) != 1 || valueOf(in[0]) != bad {
			t.Errorf("%q is not shown again", bad)
		}
		if !strings.Contains(textOf(doc, "#e-user_share"), "0 sampai 100 persen") {
			t.Errorf("%q: message %q", bad, textOf(doc, "#e-user_share"))
		}
	}
	if h, _ := a.DB.UserShareHistory(ctx, "31.72"); len(h) != 0 {
		t.Fatalf("a refused share was stored: %+v", h)
	}
	for _, c := range []*http.Client{ev, a.login(t, "pimpinan.jakut"), a.login(t, "operator.ptsp")} {
		if res := a.post(t, c, path, url.Values{"user_share": {"30"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a non-administrator: %d", res.StatusCode)
		}
	}
	if res := a.post(t, admin, "/kelola/pemantauan/kota/31.74/porsi-pengguna", url.Values{"user_share": {"30"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another city: %d", res.StatusCode)
	}

	for _, share := range []string{"30", " 40 "} {
		if res := a.post(t, admin, path, url.Values{"user_share": {share}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("share %q: %d", share, res.StatusCode)
		}
	}
	doc := mustBePage(t, a.get(t, admin, "/kelola/pemantauan/kota/31.72"), http.StatusOK, "h1#city-results")
	if got := textOf(doc, "#share-now"); !strings.Contains(got, "60") || !strings.Contains(got, "40") || !strings.Contains(got, "versi 2") {
		t.Errorf("the share in force %q", got)
	}
	if n := len(findAll(doc, "#share-history li")); n != 2 {
		t.Errorf("%d versions in the history", n)
	}
	if in := findAll(doc, "#f-user_share"); len(in) != 1 || valueOf(in[0]) != "40" {
		t.Error("the form does not start from the share in force")
	}
	if n := len(findAll(doc, "table.ranking thead th")); n != 7 {
		t.Errorf("%d ranking columns with a users' share", n)
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan/kota/31.72"), http.StatusOK, "h1#city-results")
	if len(findAll(doc, "#share-form")) != 0 || len(findAll(doc, "#share-now")) != 1 {
		t.Error("an evaluator is offered the share's form")
	}
	entries, err := a.DB.AuditLog(ctx, store.AuditFilter{Action: "monitoring.user_share"})
	if err != nil || len(entries) != 2 || entries[0].ActorName != "admin.jakut" {
		t.Errorf("audit %+v, %v", entries, err)
	}
}

// TestCityRecap: the city page links the recap for the mayor; the PDF
// carries the ranking, the aspects' city means, the weakest indicator, the
// coverage and the findings waiting, signed by the team's ketua; the
// workbook has one row per unit in the ranking's order with its year
// figures; an operator's recap holds its own unit only, another city is
// refused.
func TestCityRecap(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	weak := "1.a.Ak"
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 3, 9, 0, 0, 0, 0, clock.Jakarta), func(c string) int {
		if c == weak {
			return 1
		}
		return 3
	})
	completeVisitAt(t, a, "DKP-31.72", time.Date(2027, 3, 10, 0, 0, 0, 0, clock.Jakarta), func(c string) int {
		if c == weak {
			return 1
		}
		return 4
	})
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan/kota/31.72?tahun=2027"), http.StatusOK, "h1#city-results")
	// The city's mean: each unit once, exact, rounded half-up.
	mean := new(big.Rat)
	for _, code := range []string{"PTSP-31.72", "DKP-31.72"} {
		u, _ := a.DB.UnitByCode(ctx, code)
		all, err := a.DB.UnitResults(ctx, u.ID)
		var outs []store.VisitOutcome // the demo's earlier years are not 2027's
		for _, o := range all {
			if o.DoneOn.Year() == 2027 {
				outs = append(outs, o)
			}
		}
		if err != nil || len(outs) != 1 {
			t.Fatalf("%s: %d results in 2027, %v", code, len(outs), err)
		}
		x, _ := new(big.Rat).SetString(outs[0].Result.Exact)
		mean.Add(mean, x)
	}
	cityIPP := ipp(skm.RoundHalfUp(mean.Quo(mean, big.NewRat(2, 1)), 2))
	if got := textOf(doc, "table.city-mean td.ipp"); got != cityIPP || textOf(doc, "table.city-mean td.category") == "" ||
		len(findAll(doc, "table.city-mean tbody td")) != 2+6 {
		t.Errorf("the city's mean IPP %q, want %s", got, cityIPP)
	}
	pdfLink, xlsxLink := findAll(doc, "a#recap-pdf"), findAll(doc, "a#recap-xlsx")
	if len(pdfLink) != 1 || len(xlsxLink) != 1 {
		t.Fatal("the city page does not link its recap")
	}
	res := a.get(t, ev, attr(pdfLink[0], "href"))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("recap PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	raw, _ := pdfText(t, []byte(res.Body))
	text := strings.Join(strings.Fields(raw), " ")
	dkp, _ := a.DB.UnitByCode(ctx, "DKP-31.72")
	teams, _ := a.DB.Teams(ctx, "31.72")
	for _, want := range []string{"REKAPITULASI HASIL PEMANTAUAN", "TAHUN 2027", "Peringkat unit pelayanan", dkp.Name,
		"Rata-rata kota per aspek", "Kebijakan Pelayanan", "IPP kota (rata-rata 2 unit)", cityIPP, "Indikator terlemah", weak, "Cakupan kunjungan",
		"Temuan yang masih menunggu tindak lanjut unit", "evaluator 100 %, pengguna (SKM) 0 %", teams[0].Members[0].Name} {
		if !strings.Contains(text, want) {
			t.Errorf("the recap lacks %q: %s", want, text[max(0, len(text)-600):])
		}
	}

	res = a.get(t, ev, attr(xlsxLink[0], "href"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("recap XLSX: %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Rekap 2027")
	if err != nil || len(rows) < 3 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if rows[0][0] != "peringkat" || rows[0][len(rows[0])-1] != "temuan_lewat_batas" {
		t.Errorf("header %v", rows[0])
	}
	if rows[1][0] != "1" || rows[1][1] != "DKP-31.72" || rows[2][1] != "PTSP-31.72" || rows[1][5] == "" {
		t.Errorf("ranking rows %v / %v", rows[1], rows[2])
	}

	op := a.login(t, "operator.ptsp")
	res = a.get(t, op, "/kelola/pemantauan/kota/31.72/rekap.xlsx")
	if f, err = excelize.OpenReader(strings.NewReader(res.Body)); err != nil {
		t.Fatalf("operator's recap: %d %v", res.StatusCode, err)
	}
	if rows, _ := f.GetRows("Rekap 2027"); len(rows) != 2 || rows[1][1] != "PTSP-31.72" {
		t.Errorf("the operator's recap holds %d rows", len(rows))
	}
	for _, p := range []string{"/kelola/pemantauan/kota/31.74/rekap.pdf", "/kelola/pemantauan/kota/31.74/rekap.xlsx"} {
		if res := a.get(t, ev, p); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// TestCoverageCycleSelector: the calendar's coverage can be switched to
// any cycle that has opened, this year's and last year's, newest first;
// a past cycle's coverage per kecamatan and per unit type counts the
// visits done in that window.
func TestCoverageCycleSelector(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), at(4))
	visited := func(doc *html.Node, table string) int {
		n := 0
		for _, row := range findAll(doc, table+" tbody tr") {
			v, _ := strconv.Atoi(textOf(findAll(row, "td")[0], ""))
			n += v
		}
		return n
	}
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72"), http.StatusOK, "h1#monitoring-page")
	opts := findAll(doc, "form#cycle-form select[name=bulan] option")
	if len(opts) != 3+6 || attr(opts[0], "value") != "2027-05" || valueOf(findAll(doc, "form#cycle-form select")[0]) != "2027-05" ||
		attr(opts[len(opts)-1], "value") != "2026-01" {
		t.Fatalf("%d cycles offered", len(opts))
	}
	if visited(doc, "#coverage-kecamatan") != 0 || visited(doc, "#coverage-type") != 0 {
		t.Error("the open cycle counts a visit of January")
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&bulan=2027-01"), http.StatusOK, "h1#monitoring-page")
	if valueOf(findAll(doc, "form#cycle-form select")[0]) != "2027-01" {
		t.Error("the cycle shown is not selected")
	}
	if visited(doc, "#coverage-kecamatan") != 1 || visited(doc, "#coverage-type") != 1 {
		t.Errorf("January's coverage: %d by kecamatan, %d by type", visited(doc, "#coverage-kecamatan"), visited(doc, "#coverage-type"))
	}
}
