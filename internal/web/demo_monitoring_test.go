package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"mutu/internal/finding"
	"mutu/internal/store"
)

// TestDemoMonitoringAlive: the demo's year of visits is scored, so Jakarta
// Utara's results page ranks its units with a heat map, a visit done has
// its berita acara with the scores, coaching notes and attendance, and the
// city's findings stand in every state, some overdue.
func TestDemoMonitoringAlive(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")

	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan/kota/31.72?tahun=2026"), http.StatusOK, "h1#city-results")
	ranked := 0
	ipps := map[string]bool{}
	for _, tr := range findAll(doc, "table.ranking tbody tr") {
		if ipp := textOf(tr, "td.ipp"); ipp != "" {
			ranked++
			ipps[ipp] = true
		}
	}
	if ranked < 10 || len(ipps) < 4 {
		t.Errorf("the ranking has %d units scored with %d different indices", ranked, len(ipps))
	}
	if len(findAll(doc, "table.heatmap tbody tr")) < 10 || len(findAll(doc, "table.weakest tbody tr")) == 0 {
		t.Error("no heat map or weakest indicators")
	}

	// PTSP's latest visit done: its berita acara reads back with the result.
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	results, err := a.DB.UnitResults(ctx, ptsp.ID)
	if err != nil || len(results) < 3 {
		t.Fatalf("PTSP's results over the year: %d %v", len(results), err)
	}
	latest := results[len(results)-1]
	rec, err := a.DB.VisitDetails(ctx, ptsp.ID, latest.ID)
	if err != nil || len(rec.Scores) != 30 || rec.Coaching == "" || len(rec.Attendees) == 0 {
		t.Fatalf("the demo visit: %d scores, coaching %q, %d attendees, %v", len(rec.Scores), rec.Coaching, len(rec.Attendees), err)
	}
	res := a.get(t, ev, "/kelola/pemantauan/unit/PTSP-31.72/kunjungan/"+latest.ID+"/berita-acara.pdf")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("berita acara: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	raw, _ := pdfText(t, []byte(res.Body))
	text := strings.Join(strings.Fields(raw), " ")
	for _, want := range []string{"BERITA ACARA", ptsp.Name, "Indeks Pelayanan Publik (IPP)", strings.Replace(strconv.FormatFloat(float64(latest.Result.IPP)/100, 'f', 2, 64), ".", ",", 1),
		latest.Result.Category, latest.Result.Aspects[0].Name, rec.Attendees[0].Name, rec.Coaching[:40]} {
		if !strings.Contains(text, want) {
			t.Errorf("the berita acara lacks %q", want)
		}
	}

	rows, err := a.DB.Findings(ctx, store.FindingFilter{RegionCode: "31.72"})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, f := range rows {
		states[string(f.Status)]++
		if f.Overdue(testNow) {
			states["overdue"]++
		}
	}
	for _, st := range []string{string(finding.Open), string(finding.Answered), string(finding.Closed), string(finding.Reopened), "overdue"} {
		if states[st] == 0 {
			t.Errorf("no demo finding %s: %v", st, states)
		}
	}
}
