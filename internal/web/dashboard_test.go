package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/store"
)

// firstMatch returns the first group of re in s, failing the test without one.
func firstMatch(t *testing.T, re, s, what string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s: no match for %s", what, re)
	}
	return m[1]
}

// TestDashboardPerRole: administrators and operators find "tugas saya"
// with the counts the queue would list; leaders, evaluators and assessors
// find the region's IKM, the weakest units and the complaint on-time rates,
// the same numbers as the ranking page and the complaint statistics.
func TestDashboardPerRole(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	// dash signs in as user and returns the dashboard and the client.
	dash := func(user string) (string, *http.Client) {
		t.Helper()
		c := a.login(t, user)
		res := a.get(t, c, "/dasbor")
		if res.StatusCode != 200 || !strings.Contains(res.Body, `<h1>Dasbor</h1>`) {
			t.Fatalf("%s: dashboard %d", user, res.StatusCode)
		}
		return res.Body, c
	}
	count := func(f store.ComplaintFilter) string {
		t.Helper()
		f.Limit = 1
		_, n, err := a.DB.Complaints(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return i18n.Int(i18n.ID, int64(n))
	}

	admin, _ := dash("admin.jakut")
	if strings.Contains(admin, `id="kinerja-wilayah"`) {
		t.Error("the administrator's dashboard shows the leaders' section")
	}
	verify := count(store.ComplaintFilter{RegionCode: "31.72", Statuses: []complaint.Status{complaint.Received}})
	if got := firstMatch(t, `id="task-verify"><div class="stat">([^<]*)<`, admin, "admin"); got != verify {
		t.Errorf("reports to verify: %s, the queue has %s", got, verify)
	}
	overdue := firstMatch(t, `id="task-overdue"><div class="stat">([^<]*)<`, admin, "admin")
	if overdue == "0" || strings.Count(elementByID(t, admin, "overdue", "section"), `<span class="tag bad">terlambat`) == 0 {
		t.Errorf("the demo's overdue reports are not listed (%s)", overdue)
	}

	op, _ := dash("operator.pkm")
	if !strings.Contains(op, `id="tugas-saya"`) || strings.Contains(op, `id="task-verify"`) {
		t.Error("the operator's dashboard: no tasks section, or the verifiers' counts")
	}
	pkm1, _ := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	pkm2, _ := a.DB.UnitByCode(ctx, "PKM-31.72.02")
	answer := count(store.ComplaintFilter{AssignedTo: []string{pkm1.ID, pkm2.ID}, Statuses: []complaint.Status{complaint.Dispatched, complaint.InProgress}})
	if got := firstMatch(t, `id="task-answer"><div class="stat">([^<]*)<`, op, "operator"); got != answer {
		t.Errorf("reports to answer: %s, the queue has %s", got, answer)
	}

	for _, user := range []string{"pimpinan.jakut", "evaluator.jakut"} {
		body, c := dash(user)
		if strings.Contains(body, `id="tugas-saya"`) {
			t.Errorf("%s sees the managers' tasks", user)
		}
		ranking := a.get(t, c, "/kelola/skm")
		pooled := firstMatch(t, `<div class="bigstat">([^<]*)</div>`, ranking.Body, "ranking")
		if got := firstMatch(t, `id="region-ikm"><div class="stat">([^<]*)<`, body, user); got != pooled || pooled == "–" {
			t.Errorf("%s: region IKM %s, the ranking page says %s", user, got, pooled)
		}
		if !strings.Contains(body, `id="region-trend-t"`) || !strings.Contains(body, `id="region-trend-table"`) {
			t.Errorf("%s: no trend chart or table", user)
		}
		// The weakest unit is the ranking's last row.
		rows := exportRows(t, a.get(t, c, "/kelola/skm?format=csv"))
		if len(rows) < 2 {
			t.Fatalf("ranking csv: %d rows", len(rows))
		}
		last := rows[len(rows)-1]
		weakest := elementByID(t, body, "weakest-units", "table")
		if first := firstMatch(t, `<tbody><tr><td class="num">(\d+)</td>`, weakest, "weakest"); first != last[0] || !strings.Contains(weakest, last[2]) {
			t.Errorf("%s: weakest unit #%s, the ranking's last is #%s %s", user, first, last[0], last[2])
		}
		st, err := a.DB.ComplaintStats(ctx, store.ComplaintFilter{RegionCode: "31.72", ReceivedFrom: "2026-01-01", ReceivedTo: "2026-12-31"}, 2026)
		if err != nil {
			t.Fatal(err)
		}
		want := i18n.Decimal(i18n.ID, complaint.Share(st.VerifyOnTime, st.VerifyDone), 1) + "%"
		if onTime := elementByID(t, body, "complaint-on-time", "table"); !strings.Contains(onTime, want) || st.VerifyDone == 0 {
			t.Errorf("%s: verification on time, want %s of %d: %s", user, want, st.VerifyDone, onTime)
		}
	}
	if body, _ := dash("asesor"); !strings.Contains(body, `id="kinerja-wilayah"`) || strings.Contains(body, `id="tugas-saya"`) {
		t.Error("the assessor's dashboard")
	}
}
