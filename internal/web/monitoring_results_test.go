package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/maps"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// completeVisitAt records a unit's visit done on the day as the demo
// team, each PEKPPP indicator scored at level(code), with its result
// stored as the visit page stores it.
func completeVisitAt(t *testing.T, a *app, code string, done time.Time, level func(indicator string) int) {
	t.Helper()
	ctx := context.Background()
	ptsp, err := a.DB.UnitByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
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
		levels[c] = level(c)
		if _, err := a.DB.SaveVisitScore(ctx, actor, ptsp, v.ID, iv.ID, monitor.Score{Side: monitor.TeamSide, Indicator: c, Level: levels[c]}, "", nil); err != nil {
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

// at scores every indicator at one level.
func at(level int) func(string) int { return func(string) int { return level } }

// TestUnitResultsPage: a unit's results page shows its visits done over
// time, oldest first, each with its IPP, category and aspect scores in
// the table and a bar of the chart, and the unit's follow-up figures; the
// unit's operator and the team read it, another unit's operator may not.
func TestUnitResultsPage(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	const path = "/kelola/pemantauan/unit/PTSP-31.72"
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	demo := len(findAll(doc, "table.results tbody tr")) // the demo's year of visits
	if len(findAll(doc, "p#no-results")) != 0 || demo < 3 {
		t.Errorf("the demo unit shows %d visits done", demo)
	}
	if rate := textOf(doc, "#follow-up-rate"); rate != "40,0 %" { // the demo unit's findings, as on its findings page
		t.Errorf("follow-up rate %q", rate)
	}
	fresh := unit.Unit{Code: "UJI-31.72", Name: "Unit Uji", TypeCode: "kantor_kelurahan", RegionCode: "31.72.01.1001", Active: true}
	if err := a.DB.CreateUnits(context.Background(), audit.CLI, []unit.Unit{fresh}); err != nil {
		t.Fatal(err)
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan/unit/UJI-31.72"), http.StatusOK, "h1#unit-results")
	if len(findAll(doc, "p#no-results")) != 1 || len(findAll(doc, "table.results")) != 0 {
		t.Error("a unit without a scored visit: no notice, or a table")
	}

	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 3, 9, 0, 0, 0, 0, clock.Jakarta), at(5))
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), at(3))
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#unit-results")
	rows := findAll(doc, "table.results tbody tr")
	if len(rows) != demo+2 {
		t.Fatalf("%d rows for two more visits done", len(rows))
	}
	rows = rows[demo:]
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
	if len(bars) != demo+2 {
		t.Fatalf("chart bars %d", len(bars))
	}
	if bars = bars[demo:]; attr(bars[0], "width") != "228" || attr(bars[1], "width") != "380" { // 3 and 5 of 0–5 on 380 units
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

// TestCityResultsPage: the city's page ranks the units by their latest
// IPP of the year (a unit's earlier visit does not count), shows each
// aspect score as text in a cell filled from the sequential scale, lists
// the weakest indicators with how many units scored 2 or lower, and the
// coverage of the year's cycles as the calendar counts it; an operator's
// page holds its own unit only, and another city is refused.
func TestCityResultsPage(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	a.setNow(time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta))
	const path = "/kelola/pemantauan/kota/31.72"
	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#city-results")
	if len(findAll(doc, "p#no-results")) != 1 || len(findAll(doc, "table.ranking td.ipp")) != 0 {
		t.Error("a year without a scored visit: no notice, or a ranked unit")
	}

	weak := "1.a.Ak" // the one indicator PTSP and DKP both score 1
	completeVisitAt(t, a, "PTSP-31.72", time.Date(2027, 1, 12, 0, 0, 0, 0, clock.Jakarta), at(5))
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
	doc = mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#city-results")
	ranked := findAll(doc, "table.ranking tbody tr")
	if len(ranked) < 3 {
		t.Fatalf("%d units in the ranking", len(ranked))
	}
	if attr(ranked[0], "id") != "u-DKP-31.72" || attr(ranked[1], "id") != "u-PTSP-31.72" ||
		textOf(ranked[0], "td.rank") != "1" || textOf(ranked[1], "td.rank") != "2" || textOf(ranked[2], "td.rank") != "–" {
		t.Errorf("ranking: %s (%s), %s (%s), %s", attr(ranked[0], "id"), textOf(ranked[0], "td.rank"), attr(ranked[1], "id"),
			textOf(ranked[1], "td.rank"), textOf(ranked[2], "td.rank"))
	}
	if ipp := textOf(ranked[1], "td.ipp"); ipp == "" || ipp >= "3,0" { // the latest visit, not the earlier 5,00
		t.Errorf("PTSP's IPP %q is not of its latest visit", ipp)
	}

	heat := findAll(doc, "table.heatmap tbody tr")
	if len(heat) != 2 || len(findAll(doc, "table.heatmap thead th")) != 1+6 {
		t.Fatalf("heat map: %d rows", len(heat))
	}
	scale := maps.Sequential(5)
	for _, td := range findAll(heat[0], "td.heat") {
		rect := findAll(td, "svg rect")
		text := textOf(td, "")
		if len(rect) != 1 || !slices.Contains(scale, attr(rect[0], "fill")) || !strings.Contains(text, ",") {
			t.Errorf("a heat map cell without its value or a fill of the scale: %q", text)
		}
	}
	if len(findAll(doc, "ul#heat-legend li")) != 5 {
		t.Error("the heat map has no legend of its five classes")
	}

	rows := findAll(doc, "table.weakest tbody tr")
	if len(rows) == 0 || !strings.HasPrefix(textOf(rows[0], "th"), weak+" — ") || textOf(rows[0], "td.mean") != "1,00" || textOf(rows[0], "td.low") != "2" {
		t.Errorf("the weakest indicator: %q", textOf(doc, "table.weakest tbody tr"))
	}
	cycles := findAll(doc, "table#coverage-year tbody tr")
	if len(cycles) != 3 { // Jan–Feb, Mar–Apr, May–Jun by 1 June
		t.Fatalf("%d cycles", len(cycles))
	}
	if got := textOf(cycles[1], "td"); !strings.HasPrefix(got, "2\n") {
		t.Errorf("March–April visited: %q", got)
	}

	op := a.login(t, "operator.ptsp")
	doc = mustBePage(t, a.get(t, op, path), http.StatusOK, "h1#city-results")
	if rows := findAll(doc, "table.ranking tbody tr"); len(rows) != 1 || attr(rows[0], "id") != "u-PTSP-31.72" {
		t.Errorf("the operator's ranking: %d rows", len(rows))
	}
	mustBePage(t, a.get(t, ev, "/kelola/pemantauan/kota/31.74"), http.StatusForbidden, "div.errors[role=alert]")
	for _, q := range []string{"?tahun=x", "?tahun=99999", "?tahun=-1"} { // a bad year: this year's page
		doc = mustBePage(t, a.get(t, ev, path+q), http.StatusOK, "h1#city-results")
		if h := textOf(doc, "h1#city-results"); !strings.HasSuffix(h, " 2027") {
			t.Errorf("%s: %q", q, h)
		}
	}
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72"), http.StatusOK, "h1#monitoring-page")
	if href := attr(findAll(doc, "a#city-results-link")[0], "href"); href != path+"?tahun=2027" {
		t.Errorf("the calendar links %q", href)
	}
}
