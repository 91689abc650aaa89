package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/monitor"
	"mutu/internal/store"
)

// completeVisitAt records PTSP-31.72's visit done on the day as the demo
// team, every PEKPPP indicator scored at level, with its result stored as
// the visit page stores it.
func completeVisitAt(t *testing.T, a *app, done time.Time, level int) {
	t.Helper()
	ctx := context.Background()
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	teams, err := a.DB.Teams(ctx, "31.72")
	if err != nil || len(teams) == 0 {
		t.Fatalf("demo teams %d, %v", len(teams), err)
	}
	w := monitor.WindowAt(monitor.Default, done)
	actor := audit.Actor{Name: "evaluator.jakut"}
	v, err := a.DB.RecordVisit(ctx, actor, ptsp, store.VisitStep{Team: &teams[0], Window: w, Plan: done})
	if err != nil {
		t.Fatal(err)
	}
	versions, err := a.DB.InstrumentVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var iv *store.InstrumentVersion
	for i := range versions {
		if versions[i].Instrument == "pekppp" {
			iv = &versions[i]
			break
		}
	}
	levels := map[string]int{}
	for _, c := range iv.ScoredIndicators() {
		levels[c] = level
		if _, err := a.DB.SaveVisitScore(ctx, actor, ptsp, v.ID, iv.ID, monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: level}, "", nil); err != nil {
			t.Fatal(err)
		}
	}
	res, err := iv.Score(levels)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.CompleteVisit(ctx, actor, ptsp, v.ID, store.VisitStep{Team: &teams[0], Window: w, Done: done}, res); err != nil {
		t.Fatal(err)
	}
}

// TestUnitResultsPage: a unit's results page shows its visits done over
// time, oldest first, each with its IPP, category and aspect scores in
// the table and a bar of the chart, and the unit's follow-up figures; the
// unit's operator and the team read it, another unit's operator may not.
func TestUnitResultsPage(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	const path = "/kelola/pemantauan/unit/PTSP-31.72"
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	if len(findAll(doc, "p#no-results")) != 1 || len(findAll(doc, "table.results")) != 0 {
		t.Error("a unit without a scored visit: no notice, or a table")
	}
	if rate := textOf(doc, "#follow-up-rate"); rate != "40,0 %" { // the demo unit's findings, as on its findings page
		t.Errorf("follow-up rate %q", rate)
	}

	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	completeVisitAt(t, a, time.Date(2027, 3, 9, 0, 0, 0, 0, clock.Jakarta), 5)
	completeVisitAt(t, a, time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), 3)
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	rows := findAll(doc, "table.results tbody tr")
	if len(rows) != 2 {
		t.Fatalf("%d rows for two visits done", len(rows))
	}
	for i, want := range []struct{ date, ipp, cat string }{{"12 Jan 2027", "3,00", "C"}, {"9 Mar 2027", "5,00", "A"}} {
		if got := textOf(rows[i], "th"); got != want.date {
			t.Errorf("row %d: date %q, want %q", i, got, want.date)
		}
		if got := textOf(rows[i], "td.ipp"); got != want.ipp {
			t.Errorf("row %d: IPP %q, want %q", i, got, want.ipp)
		}
		if got := textOf(rows[i], "td.category"); got != want.cat {
			t.Errorf("row %d: category %q, want %q", i, got, want.cat)
		}
		if n := len(findAll(rows[i], "td")); n != 2+6 {
			t.Errorf("row %d: %d cells, want IPP, category and six aspects", i, n)
		}
		if href := attr(findAll(rows[i], "th a")[0], "href"); !strings.HasPrefix(href, path+"/kunjungan/") {
			t.Errorf("row %d links to %q", i, href)
		}
	}
	bars := findAll(doc, "figure.chart svg rect.bar")
	if len(bars) != 2 || attr(bars[0], "width") != "228" || attr(bars[1], "width") != "380" { // 3 and 5 of 0–5 on 380 units
		t.Errorf("chart bars %d", len(bars))
	}
	if got := textOf(doc, "figure.chart svg"); !strings.Contains(got, "3,00 (C)") || !strings.Contains(got, "5,00 (A)") {
		t.Errorf("chart values %q", got)
	}
	if got := findAll(doc, "table.results thead th"); len(got) != 3+6 || attr(got[3], "title") == "" {
		t.Errorf("%d column headings", len(got))
	}

	op := a.login(t, "operator.ptsp")
	mustBePage(t, a.get(t, op, path), http.StatusOK, "h1#unit-results")
	mustBePage(t, a.get(t, op, "/kelola/pemantauan/unit/DKP-31.72"), http.StatusForbidden, "div.errors[role=alert]")
	mustBePage(t, a.get(t, ev, "/kelola/pemantauan/unit/NOPE"), http.StatusNotFound, "div.errors[role=alert]")
}
