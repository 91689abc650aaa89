package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mutu/internal/complaint"
)

// queueNumbers lists the report numbers of a queue page in order, after
// checking it is the queue.
func queueNumbers(t *testing.T, a *app, path string) (string, []string) {
	t.Helper()
	res := a.get(t, a.login(t, "admin.jakut"), path)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `<form class="filters" method="get" action="/kelola/pengaduan"`) {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	var out []string
	for _, m := range regexp.MustCompile(`<tr><td><a href="/kelola/pengaduan/([^"]+)">`).FindAllStringSubmatch(res.Body, -1) {
		out = append(out, m[1])
	}
	return res.Body, out
}

// TestQueueSearchAndSort: the verifiers' queue finds a report by its
// number however typed and by words of its title or body (% literal),
// orders by nearest deadline or newest, names the handling unit and shows
// the working days left.
func TestQueueSearchAndSort(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Tarif 100% naik"}, "body": {"Tarif pendaftaran naik tanpa pengumuman, kata petugas zebrakuda."}, "name": {"Ani"}})
	num := numberOf(t, a, code)
	for _, q := range []string{strings.ToLower(num), " " + num + " ", "ZEBRAKUDA", "100%"} {
		_, got := queueNumbers(t, a, "/kelola/pengaduan?cari="+url.QueryEscape(q))
		if len(got) != 1 || got[0] != num {
			t.Errorf("search %q: %v, want [%s]", q, got, num)
		}
	}
	if _, got := queueNumbers(t, a, "/kelola/pengaduan?cari="+url.QueryEscape("100_")); len(got) != 0 {
		t.Errorf("_ matched any character: %v", got)
	}
	body, _ := queueNumbers(t, a, "/kelola/pengaduan?cari="+num)
	if !strings.Contains(body, "<th scope=\"col\" class=\"p2\">Unit yang menangani</th>") || !strings.Contains(body, "3 hari kerja lagi") {
		t.Error("the queue has no unit column or no working days left")
	}

	ctx := t.Context()
	slas, _ := a.DB.SLAs(ctx)
	cal, _ := a.DB.Calendar(ctx)
	now := a.DB.Now()
	_, byDeadline := queueNumbers(t, a, "/kelola/pengaduan?urut=tenggat")
	if len(byDeadline) < 5 {
		t.Fatalf("too few open reports in the demo: %d", len(byDeadline))
	}
	var last time.Time
	for _, n := range byDeadline {
		rep, err := a.DB.ComplaintByNumber(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		due, ok := complaint.NextDue(cal, rep.Status, complaint.ComputeDeadlines(slas[rep.Kind], cal, rep.Milestones), rep.Milestones, now)
		if !ok {
			continue // those without a deadline come last
		}
		if due.Day.Before(last) {
			t.Fatalf("%s is due %s, before the previous row's %s", n, due.Day, last)
		}
		last = due.Day
	}
	_, newest := queueNumbers(t, a, "/kelola/pengaduan?urut=baru")
	if len(newest) == 0 || newest[0] != num {
		t.Errorf("newest first starts with %v, want %s", newest[:min(1, len(newest))], num)
	}
}
