package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"golang.org/x/net/html"

	"mutu/internal/store"
)

// TestCalendarLinksFindings: a visit's row in the calendar (list and
// month view) links to the findings recorded at it; that page shows those
// findings only, with the unit's figures over all of them, and links back
// to the visit, as each finding's page does.
func TestCalendarLinksFindings(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	all, err := a.DB.Findings(ctx, store.FindingFilter{UnitID: ptsp.ID})
	if err != nil || len(all) < 2 {
		t.Fatalf("the demo unit's findings: %d, %v", len(all), err)
	}
	visit, err := a.DB.VisitByID(ctx, ptsp.ID, all[0].VisitID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range all {
		if f.VisitID == visit.ID {
			n++
		}
	}
	if n == len(all) {
		t.Fatal("the demo unit's findings are all of one visit")
	}
	want := "/kelola/temuan/PTSP-31.72?kunjungan=" + visit.ID
	month := visit.DoneOn.Format("2006-01")
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan="+visit.Window.Format("2006-01")), http.StatusOK, "h1#monitoring-page")
	links := findAll(doc, "tr[id=v-PTSP-31.72] a.visit-findings")
	if len(links) != 1 || attr(links[0], "href") != want || textOf(links[0], "") != "Temuan ("+strconv.Itoa(n)+")" {
		t.Fatalf("the list row links %d findings links", len(links))
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&bulan="+month), http.StatusOK, "h1#monitoring-page")
	if links := findAll(doc, "ul.agenda a.visit-findings"); !hasHref(links, want) {
		t.Errorf("the month view's agenda does not link the visit's findings (%d links)", len(links))
	}

	doc = mustBePage(t, a.get(t, ev, want), http.StatusOK, "h1#unit-findings")
	if got := len(findAll(doc, "table.findings tbody tr")); got != n {
		t.Errorf("%d findings shown for the visit's %d", got, n)
	}
	if !hasHref(findAll(doc, "p#at-visit a"), "/kelola/pemantauan/unit/PTSP-31.72/kunjungan/"+visit.ID) {
		t.Error("the visit's findings do not link back to the visit")
	}
	if rate := textOf(doc, "#follow-up-rate"); rate != "40,0 %" { // the unit's, over all its findings
		t.Errorf("follow-up rate %q", rate)
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/temuan/PTSP-31.72/"+all[0].ID), http.StatusOK, "h1#finding-page")
	if !hasHref(findAll(doc, "a#finding-visit"), "/kelola/pemantauan/unit/PTSP-31.72/kunjungan/"+visit.ID) {
		t.Error("the finding does not link its visit")
	}
	mustBePage(t, a.get(t, ev, "/kelola/temuan/PTSP-31.72?kunjungan=nope"), http.StatusNotFound, "div.errors[role=alert]")
}

// hasHref reports whether one of the links points at href.
func hasHref(links []*html.Node, href string) bool {
	for _, l := range links {
		if attr(l, "href") == href {
			return true
		}
	}
	return false
}
