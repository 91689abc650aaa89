package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/finding"
	"mutu/internal/store"
)

// TestDemoFindingsPages: the demo unit's findings page shows a finding in
// every state, its follow-up rate and speed; the operator sees no form to
// record one, the team does; the list filters overdue findings across the
// units and shows each unit's figures.
func TestDemoFindingsPages(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	doc := mustBePage(t, a.get(t, op, "/kelola/temuan/PTSP-31.72"), http.StatusOK, "h1#unit-findings")
	for _, s := range []string{"overdue", "open", "answered", "closed"} {
		if len(findAll(doc, "section[aria-labelledby=s-"+s+"] table.findings tbody tr")) == 0 {
			t.Errorf("the demo unit has no %s finding", s)
		}
	}
	if got := textOf(doc, "table.findings"); !strings.Contains(got, "Dibuka kembali") {
		t.Errorf("no reopened finding:\n%s", got)
	}
	if rate := textOf(doc, "#follow-up-rate"); rate != "40,0 %" { // answered and closed, of five
		t.Errorf("follow-up rate %q", rate)
	}
	if speed := textOf(doc, "#follow-up-speed"); !strings.HasSuffix(speed, " hari") {
		t.Errorf("follow-up speed %q", speed)
	}
	if len(findAll(doc, "form[action=/kelola/temuan/PTSP-31.72]")) != 0 {
		t.Error("the operator is offered the form of a new finding")
	}
	ev := a.login(t, "evaluator.jakut")
	doc = mustBePage(t, a.get(t, ev, "/kelola/temuan/PTSP-31.72"), http.StatusOK, "h1#unit-findings")
	if len(findAll(doc, "form[action=/kelola/temuan/PTSP-31.72] select#f-indicator option")) < 10 {
		t.Error("the team has no form with PEKPPP's indicators")
	}

	doc = mustBePage(t, a.get(t, ev, "/kelola/temuan?status=terlambat"), http.StatusOK, "h1#findings-page")
	rows := findAll(doc, "table.findings tbody tr")
	if len(rows) == 0 {
		t.Fatal("no overdue finding in the demo")
	}
	for _, tr := range rows {
		if got := textOf(tr, "span.tag"); got != "Terlambat" {
			t.Errorf("filtered on overdue, a row shows %q", got)
		}
	}
	if len(findAll(doc, "table.finding-units tbody tr")) < 2 {
		t.Error("the figures per unit are missing")
	}
	// An operator's list holds its own unit only.
	doc = mustBePage(t, a.get(t, op, "/kelola/temuan"), http.StatusOK, "h1#findings-page")
	if len(findAll(doc, "table.finding-units tbody tr")) != 1 {
		t.Error("the operator's list: one unit")
	}
	for _, tr := range findAll(doc, "table.finding-units tbody tr") {
		if href := attr(findAll(tr, "a")[0], "href"); href != "/kelola/temuan/PTSP-31.72" {
			t.Errorf("the operator sees %s", href)
		}
	}
}

// TestFindingFormsByField: a finding refused comes back with each message
// at its field and nothing saved; then the finding is recorded, answered
// by the unit with a file, refused verification without the confirmation,
// closed with it; every step audited and in the history.
func TestFindingFormsByField(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	u, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")
	before, _ := a.DB.Findings(ctx, store.FindingFilter{UnitID: u.ID})

	res := a.post(t, ev, "/kelola/temuan/PTSP-31.72", url.Values{"visit": {"nope"}, "indicator": {"9.z"}, "severity": {"fatal"}, "due_on": {"2026-11-01"}})
	doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#unit-findings")
	for _, f := range []string{"visit", "indicator", "severity", "description", "recommendation", "responsible", "due_on"} {
		if textOf(doc, "#e-"+f) == "" {
			t.Errorf("no message at field %s", f)
		}
	}
	if got := textOf(doc, "#e-due_on"); got != "Batas waktu tidak boleh sebelum hari ini." {
		t.Errorf("due date message %q", got)
	}
	if after, _ := a.DB.Findings(ctx, store.FindingFilter{UnitID: u.ID}); len(after) != len(before) {
		t.Fatal("a refused finding was saved")
	}
	// Made at the visit before the latest, so the latest is the next
	// visit that verifies it.
	visit := attr(findAll(doc, "select#f-visit option")[1], "value")
	res = a.post(t, ev, "/kelola/temuan/PTSP-31.72", url.Values{"visit": {visit}, "indicator": {"1.a.Ak"}, "severity": {"berat"},
		"description": {"Loket prioritas tidak ada."}, "recommendation": {"Sediakan loket prioritas."}, "responsible": {"Kepala Unit"}, "due_on": {"2026-12-15"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
	}
	page := res.Header.Get("Location")
	id := page[strings.LastIndex(page, "/")+1:]

	op := a.login(t, "operator.ptsp")
	doc = mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#finding-page")
	if len(findAll(doc, "form[action="+page+"/tutup]")) != 0 || len(findAll(doc, "form[action="+page+"/tanggapan]")) != 1 {
		t.Error("the operator's forms")
	}
	ct, body := multipartForm(t, url.Values{"follow_up": {"kurang"}, "status": {"terbuka"}}, "", "", nil)
	req, _ := http.NewRequest("POST", a.URL+page+"/tanggapan", body)
	req.Header.Set("Content-Type", ct)
	doc = mustBePage(t, a.do(t, op, req), http.StatusUnprocessableEntity, "h1#finding-page")
	if got := textOf(doc, "#e-follow_up"); !strings.Contains(got, "minimal 10 karakter") {
		t.Errorf("short follow-up: %q", got)
	}
	ct, body = multipartForm(t, url.Values{"follow_up": {"Loket prioritas sudah dibuka di lantai 1."}, "status": {"terbuka"}}, "follow_up_files", "loket.png", pngBytes(t))
	req, _ = http.NewRequest("POST", a.URL+page+"/tanggapan", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, op, req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d\n%s", res.StatusCode, res.Body)
	}

	doc = mustBePage(t, a.get(t, ev, page), http.StatusOK, "h1#finding-page")
	if link := findAll(doc, "ul.files a"); len(link) != 1 || a.get(t, ev, attr(link[0], "href")).StatusCode != http.StatusOK {
		t.Error("the follow-up's file")
	}
	res = a.post(t, ev, page+"/tutup", url.Values{"status": {"ditanggapi"}})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#finding-page")
	if textOf(doc, "#e-confirmed") == "" {
		t.Error("closing without the confirmation: no message at the box")
	}
	if f, _ := a.DB.Finding(ctx, u.ID, id); f.Status != finding.Answered {
		t.Fatalf("unconfirmed close changed the finding: %s", f.Status)
	}
	res = a.post(t, ev, page+"/buka-kembali", url.Values{"status": {"ditanggapi"}, "due_on": {"kemarin"}})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#finding-page")
	if textOf(doc, "#e-reason") == "" || textOf(doc, "#e-due_on") == "" {
		t.Error("reopen without reason and with a bad date: messages by field")
	}
	if res := a.post(t, ev, page+"/tutup", url.Values{"status": {"ditanggapi"}, "confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d\n%s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#finding-page")
	if got := textOf(doc, "#finding-state"); got != "Ditutup" {
		t.Errorf("state %q", got)
	}
	if got := textOf(doc, "#finding-history"); !strings.Contains(got, "Temuan dicatat") || !strings.Contains(got, "Tindak lanjut dikirim") || !strings.Contains(got, "Diverifikasi dan ditutup") {
		t.Errorf("history:\n%s", got)
	}
	if len(findAll(doc, "form[action="+page+"/tanggapan]")) != 0 {
		t.Error("a closed finding offers an answer")
	}
	// The step is gone for everyone: a second close conflicts.
	if res := a.post(t, ev, page+"/tutup", url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("closing twice: %d", res.StatusCode)
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{})
	seen := map[string]bool{}
	for _, e := range entries {
		if e.ObjectID == id {
			seen[e.Action] = true
		}
	}
	for _, act := range []string{"finding.create", "finding.tanggapi", "finding.tutup"} {
		if !seen[act] {
			t.Errorf("no audit row %s", act)
		}
	}
	// A finding of the latest visit, answered, waits for the next visit:
	// no verification yet, and the page says why.
	latest := attr(findAll(mustBePage(t, a.get(t, ev, "/kelola/temuan/PTSP-31.72"), http.StatusOK, "h1#unit-findings"), "select#f-visit option")[0], "value")
	fresh := &finding.Finding{VisitID: latest, Indicator: "1.a.Ak", Severity: finding.Ringan, Description: "d", Recommendation: "r", Responsible: "p", DueOn: testNow}
	if err := a.DB.CreateFinding(ctx, audit.CLI, u, fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.StepFinding(ctx, audit.CLI, u, fresh.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit, Text: "Sudah dikerjakan."}); err != nil {
		t.Fatal(err)
	}
	freshPage := "/kelola/temuan/PTSP-31.72/" + fresh.ID
	doc = mustBePage(t, a.get(t, ev, freshPage), http.StatusOK, "h1#finding-page")
	if textOf(doc, "#await-visit") == "" || len(findAll(doc, "form[action="+freshPage+"/tutup]")) != 0 {
		t.Error("a finding not visited since is offered for verification")
	}
	if res := a.post(t, ev, freshPage+"/tutup", url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("closing before the next visit: %d", res.StatusCode)
	}
	// The unit's operator may neither record a finding nor do the team's steps.
	if res := a.post(t, op, "/kelola/temuan/PTSP-31.72", url.Values{"visit": {latest}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the operator recording a finding: %d", res.StatusCode)
	}
	for _, step := range []string{"/tutup", "/buka-kembali"} {
		if res := a.post(t, op, freshPage+step, url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("the operator at %s: %d", step, res.StatusCode)
		}
	}
	// Another unit's operator cannot answer this unit's findings.
	other := a.login(t, "operator.pkm")
	if res := a.post(t, other, page+"/tanggapan", url.Values{"follow_up": {"Sudah dikerjakan semuanya."}}); res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Errorf("another unit's operator answering: %d", res.StatusCode)
	}
}

// TestFindingNoticeLinksToFinding: an overdue finding's escalation shows in
// the operator's notifications in words, linked to the finding.
func TestFindingNoticeLinksToFinding(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	rows, err := a.DB.OverdueFindings(ctx, testNow)
	if err != nil {
		t.Fatal(err)
	}
	var late *store.FindingRow
	for i := range rows {
		if rows[i].UnitCode == "PTSP-31.72" {
			late = &rows[i]
		}
	}
	if late == nil {
		t.Fatal("the demo unit has no overdue finding")
	}
	teams, _ := a.DB.AllTeams(ctx)
	if _, claimed, err := a.DB.ClaimFindingEscalation(ctx, late, teams, testNow); err != nil || !claimed {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	op := a.login(t, "operator.ptsp")
	doc := mustBePage(t, a.get(t, op, "/kelola/notifikasi"), http.StatusOK, "form[action=/kelola/notifikasi]")
	link := "/kelola/temuan/PTSP-31.72/" + late.ID
	if len(findAll(doc, "a[href="+link+"]")) != 1 || !strings.Contains(textOf(doc, "table"), "Tindak lanjut temuan di unit PTSP-31.72 melewati batas waktu") {
		t.Errorf("notifications:\n%s", textOf(doc, "table"))
	}
	mustBePage(t, a.get(t, op, link), http.StatusOK, "h1#finding-page")
}
