package web_test

import (
	"context"
	"golang.org/x/net/html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/store"
)

// checklistLines is a city's light visit checklist of four indicators.
const checklistLines = "@umum | Pelayanan umum | 60\nk1 | Standar pelayanan terpampang | 50\nk2 | Petugas di loket\n@sarana | Sarana | 40\nk3 | Ruang tunggu bersih\nk4 | Fasilitas kelompok rentan\n"

// TestVisitInstrumentChoice: once the city has its own checklist the team
// chooses, before the first score, whether a visit is scored on PEKPPP
// or on the checklist; a bad choice is refused on the page with nothing
// changed; the first score fixes the choice, the visit's result is the
// checklist's, and a newer checklist version leaves it as it was.
func TestVisitInstrumentChoice(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	path, rec := planVisit(t, a, ev)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "form#visit-instrument")) != 0 {
		t.Error("a choice is offered while the city has no checklist")
	}
	adm := a.login(t, "admin.jakut")
	if res := a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.72"}, "name": {"Ceklis Jakarta Utara"}, "checklist": {checklistLines}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("checklist: %d %s", res.StatusCode, res.Body)
	}
	checklist, err := a.DB.LatestChecklist(ctx, "31.72")
	if err != nil || checklist == nil {
		t.Fatal(err)
	}

	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if opts := findAll(doc, "form#visit-instrument select#f-instrument option"); len(opts) != 2 || attr(opts[1], "value") != checklist.ID {
		t.Fatalf("the choice offers %d instruments", len(opts))
	}
	if op := a.login(t, "operator.ptsp"); a.post(t, op, path+"/instrumen", url.Values{"instrument": {checklist.ID}}).StatusCode != http.StatusForbidden {
		t.Error("the unit's operator chose the instrument")
	}
	for _, bad := range []string{"", "nope", rec.ID} {
		res := a.post(t, ev, path+"/instrumen", url.Values{"instrument": {bad}})
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page")
		if !strings.Contains(textOf(doc, "#e-instrument"), "Pilih PEKPPP atau ceklis kunjungan kota ini") {
			t.Errorf("%q: message %q", bad, textOf(doc, "#e-instrument"))
		}
	}
	if v, _ := a.DB.VisitByID(ctx, ptsp.ID, rec.ID); v.InstrumentVersionID != "" {
		t.Fatalf("a refused choice fixed %q", v.InstrumentVersionID)
	}

	if res := a.post(t, ev, path+"/instrumen", url.Values{"instrument": {checklist.ID}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("choose: %d %s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	var codes []string
	for _, art := range findAll(doc, "article.indicator") {
		codes = append(codes, attr(art, "data-indicator"))
	}
	if strings.Join(codes, " ") != "k1 k2 k3 k4" || !strings.Contains(textOf(doc, "p.muted"), checklist.Label) {
		t.Fatalf("the visit is scored on %v", codes)
	}
	for i, c := range codes {
		if res := a.post(t, ev, path+"/nilai", url.Values{"indicator": {c}, "level": {[]string{"4", "3", "5", "2"}[i]}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("score %s: %d %s", c, res.StatusCode, res.Body)
		}
	}
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "form#visit-instrument")) != 0 {
		t.Error("the choice is still offered once scored")
	}
	var pekppp string
	all, _ := a.DB.InstrumentVersions(ctx)
	for _, v := range all {
		if v.Kind == "pekppp" && pekppp == "" {
			pekppp = v.ID // newest first
		}
	}
	res := a.post(t, ev, path+"/instrumen", url.Values{"instrument": {pekppp}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "sudah memiliki nilai") {
		t.Errorf("changed after scoring: %d", res.StatusCode)
	}
	if res := a.post(t, ev, path+"/selesai", url.Values{"done_on": {"2027-01-05"}, "confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	if res := a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.72"}, "name": {"Ceklis Jakarta Utara"}, "checklist": {checklistLines + "k5 | Kotak saran\n"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("checklist v2: %d %s", res.StatusCode, res.Body)
	}
	final, err := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	if err != nil || final.InstrumentVersionID != checklist.ID || final.Result == nil || len(final.Result.Aspects) != 2 || final.Result.Aspects[0].Code != "umum" {
		t.Fatalf("the result: %+v, %v", final.Result, err)
	}
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "article.indicator")) != 4 || !strings.Contains(textOf(doc, "p.muted"), checklist.Label) {
		t.Error("the done visit does not keep its checklist version")
	}
	// The city's ranking compares PEKPPP results only: the checklist visit
	// is not ranked against them.
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan/kota/31.72?tahun=2027"), http.StatusOK, "h1#city-results")
	var row *html.Node
	for _, tr := range findAll(doc, "table.ranking tr") {
		if attr(tr, "id") == "u-PTSP-31.72" {
			row = tr
		}
	}
	if row == nil || len(findAll(row, "td.ipp")) != 0 || len(findAll(row, "td.muted")) != 1 {
		t.Error("the checklist visit is ranked with the PEKPPP results")
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: "visit.instrument", ActorName: "evaluator.jakut"})
	if len(entries) != 1 || entries[0].Detail != checklist.Label {
		t.Errorf("audit %+v", entries)
	}
}
