package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/monitor"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// setNow sets the app's injected clock.
func (a *app) setNow(t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = t
}

// rowStatus is a unit's status in the list view of the calendar.
func rowStatus(t *testing.T, a *app, c *http.Client, month, code string) string {
	t.Helper()
	doc := mustBePage(t, a.get(t, c, "/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan="+month), http.StatusOK, "h1#monitoring-page")
	rows := findAll(doc, "tr[id=v-"+code+"]")
	if len(rows) != 1 {
		t.Fatalf("no row for %s in %s", code, month)
	}
	return attr(rows[0], "data-status")
}

// TestMissedWindowShowsOverdue: a visit planned in the open window stays
// planned through the window's last day and shows overdue from WIB
// midnight after it, by the injected clock; the demo's year shows done,
// planned and overdue visits and the coverage of each cycle.
func TestMissedWindowShowsOverdue(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	// The demo's today is 24 Nov 2026, in the window 1 Nov – 31 Dec 2026.
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?tampilan=daftar"), http.StatusOK, "h1#monitoring-page")
	seen := map[string]bool{}
	for _, tr := range findAll(doc, "table.visits tbody tr") {
		seen[attr(tr, "data-status")] = true
	}
	for _, st := range []string{"done", "planned", "due"} {
		if !seen[st] {
			t.Errorf("the demo's open window has no %s visit", st)
		}
	}
	if got := textOf(doc, "#coverage-year tbody th"); strings.Count(got, "\n") < 5 {
		t.Errorf("a year of cycles: %q", got)
	}
	if !strings.Contains(textOf(doc, "#coverage-kecamatan"), "Penjaringan") || !strings.Contains(textOf(doc, "#coverage-type"), "%") {
		t.Errorf("coverage per kecamatan and type:\n%s\n%s", textOf(doc, "#coverage-kecamatan"), textOf(doc, "#coverage-type"))
	}
	old := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?tampilan=daftar&bulan=2026-05"), http.StatusOK, "h1#monitoring-page")
	if len(findAll(old, "table.visits tr[data-status=overdue]")) == 0 || len(findAll(old, "table.visits tr[data-status=done]")) == 0 {
		t.Error("a closed window of the demo shows no overdue or no done units")
	}

	ctx := context.Background()
	w := monitor.WindowAt(monitor.Default, testNow)
	visits, _ := a.DB.WindowVisits(ctx, w)
	pkm := notVisited(t, a, visits)
	res := a.post(t, ev, "/kelola/pemantauan/unit/"+pkm.Code, url.Values{"window": {"2026-11-01"}, "step": {"plan"}, "planned_on": {"2026-12-30"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", res.StatusCode, res.Body)
	}
	a.setNow(time.Date(2026, 12, 31, 23, 59, 59, 0, clock.Jakarta))
	if st := rowStatus(t, a, ev, "2026-12", pkm.Code); st != "planned" {
		t.Errorf("on the window's last day: %s, want planned", st)
	}
	a.setNow(time.Date(2027, 1, 1, 0, 0, 0, 0, clock.Jakarta))
	if st := rowStatus(t, a, ev, "2026-12", pkm.Code); st != "overdue" {
		t.Errorf("after the window: %s, want overdue", st)
	}
	// The month view lists it no more under a day as planned: it is counted overdue.
	doc = mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&bulan=2026-12"), http.StatusOK, "table.cal")
	if !strings.Contains(textOf(doc, "main"), "tidak dikunjungi dalam jendelanya") {
		t.Error("the month view does not count the overdue units")
	}
}

// TestOperatorSeesOwnUnitsVisits: an operator's calendar lists the
// operator's units only, without forms.
func TestOperatorSeesOwnUnitsVisits(t *testing.T) {
	a := newApp(t)
	doc := mustBePage(t, a.get(t, a.login(t, "operator.pkm"), "/kelola/pemantauan?tampilan=daftar"), http.StatusOK, "h1#monitoring-page")
	var codes []string
	for _, tr := range findAll(doc, "table.visits tbody tr") {
		codes = append(codes, strings.TrimPrefix(attr(tr, "id"), "v-"))
	}
	if strings.Join(codes, " ") != "PKM-31.72.01 PKM-31.72.02" {
		t.Errorf("operator.pkm sees %v", codes)
	}
	if len(findAll(doc, "table.visits form")) != 0 {
		t.Error("an operator gets the visit forms")
	}
}

// TestRecordVisitByField: bad visit input comes back next to the unit's
// field, 4xx, nothing stored; a leader cannot record; an evaluator who is
// not on a team covering the unit cannot either.
func TestRecordVisitByField(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	w := monitor.WindowAt(monitor.Default, testNow)
	before, _ := a.DB.WindowVisits(ctx, w)
	pkm := notVisited(t, a, before) // a unit the demo has not visited in the open window
	code := pkm.Code
	path := "/kelola/pemantauan/unit/" + code
	tests := []struct {
		form  url.Values
		field string
		text  string
	}{
		{url.Values{"window": {"2026-11-01"}, "step": {"plan"}, "planned_on": {"2027-01-05"}}, code + "-planned_on", "dalam jendela kunjungan"},
		{url.Values{"window": {"2026-11-01"}, "step": {"plan"}, "planned_on": {"2026-11-20"}}, code + "-planned_on", "sudah lewat"},
		{url.Values{"window": {"2026-11-01"}, "step": {"plan"}, "planned_on": {""}}, code + "-planned_on", "Wajib diisi"},
		{url.Values{"window": {"2026-11-01"}, "step": {"done"}, "done_on": {"2026-11-25"}}, code + "-done_on", "setelah hari ini"},
		{url.Values{"window": {"2026-11-01"}, "step": {"done"}, "done_on": {"kemarin"}}, code + "-done_on", "TTTT-BB-HH"},
	}
	for _, tt := range tests {
		res := a.post(t, ev, path, tt.form)
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#monitoring-page")
		if got := textOf(doc, "[id=e-"+tt.field+"]"); !strings.Contains(got, tt.text) {
			t.Errorf("%v: message %q, want %q", tt.form, got, tt.text)
		}
	}
	if res := a.post(t, ev, path, url.Values{"window": {"2026-10-01"}, "step": {"plan"}, "planned_on": {"2026-12-01"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Jendela kunjungan tidak dikenal") {
		t.Errorf("a window that is not one: %d", res.StatusCode)
	}
	if after, _ := a.DB.WindowVisits(ctx, w); (after[pkm.ID] == nil) != (before[pkm.ID] == nil) || after[pkm.ID] != nil && !after[pkm.ID].PlannedOn.Equal(before[pkm.ID].PlannedOn) {
		t.Error("a refused visit changed the stored one")
	}
	good := url.Values{"window": {"2026-11-01"}, "step": {"done"}, "done_on": {"2026-11-24"}}
	if res := a.post(t, a.login(t, "pimpinan.jakut"), path, good); res.StatusCode != http.StatusForbidden {
		t.Errorf("a leader recorded a visit: %d", res.StatusCode)
	}
	hash, _ := account.HashPassword(seed.DemoPassword)
	outsider := &account.User{Username: "evaluator.lain", Name: "Evaluator lain", Role: account.Evaluator, RegionCode: "31.72", PasswordHash: hash}
	if err := a.DB.CreateUser(ctx, audit.CLI, outsider); err != nil {
		t.Fatal(err)
	}
	if res := a.post(t, a.login(t, "evaluator.lain"), path, good); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "bukan anggota tim") {
		t.Errorf("an evaluator not on the team recorded a visit: %d", res.StatusCode)
	}
	if res := a.post(t, ev, path, good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a member records the visit: %d %s", res.StatusCode, res.Body)
	}
	// The next window's visit can be planned ahead, from its list.
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan=2027-01"), http.StatusOK, "h1#monitoring-page")
	if len(findAll(doc, "tr[id=v-"+code+"] input[name=planned_on]")) != 1 || len(findAll(doc, "tr[id=v-"+code+"] input[name=done_on]")) != 0 {
		t.Error("the next window's row offers no plan, or a done, form")
	}
	if res := a.post(t, ev, path, url.Values{"window": {"2027-01-01"}, "step": {"plan"}, "planned_on": {"2027-01-12"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("planning ahead: %d", res.StatusCode)
	}
	if st := rowStatus(t, a, ev, "2027-01", code); st != "planned" {
		t.Errorf("a visit planned ahead: %s", st)
	}
	if st := rowStatus(t, a, ev, "2026-11", code); st != "done" {
		t.Errorf("after recording: %s", st)
	}
	if res := a.post(t, ev, path, good); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "sudah tercatat terlaksana") {
		t.Errorf("recording it again: %d", res.StatusCode)
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: "monitoring.visit_done", ActorName: "evaluator.jakut"})
	if len(entries) != 1 || entries[0].UnitID != pkm.ID {
		t.Errorf("audit %+v", entries)
	}
}

// notVisited is a unit of Jakarta Utara's team with no visit done in the
// window of visits.
func notVisited(t *testing.T, a *app, visits map[string]*monitor.Visit) *unit.Unit {
	t.Helper()
	teams, _ := a.DB.Teams(context.Background(), "31.72")
	units, _ := a.DB.ScopeUnits(context.Background(), teams)
	for i := range units {
		if v := visits[units[i].ID]; v == nil {
			return &units[i]
		}
	}
	t.Fatal("every unit has a visit")
	return nil
}

// TestTeamForms: an administrator sets up a team with its decree's scan,
// field by field on bad input (nothing stored); edits it; sets the
// cadence; readers see the team, not its form.
func TestTeamForms(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	admin := a.login(t, "admin.jakut")
	ev, _ := a.DB.UserByUsername(ctx, "evaluator.jakut")
	before, _ := a.DB.Teams(ctx, "31.72")

	bad := url.Values{"name": {""}, "decree_number": {""}, "decree_date": {"2027-01-01"}, "member_1": {ev.ID}, "role_1": {"anggota"}}
	ct, body := multipartForm(t, bad, "", "", nil)
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/kelola/pemantauan/tim-baru", body)
	req.Header.Set("Content-Type", ct)
	doc := mustBePage(t, a.do(t, admin, req), http.StatusUnprocessableEntity, "h1#team-page")
	for field, text := range map[string]string{"name": "Wajib diisi", "decree_number": "Wajib diisi", "decree_date": "setelah hari ini",
		"members": "tepat satu ketua", "regions": "paling sedikit satu wilayah"} {
		if got := textOf(doc, "#e-"+field); !strings.Contains(got, text) {
			t.Errorf("%s: %q, want %q", field, got, text)
		}
	}
	if after, _ := a.DB.Teams(ctx, "31.72"); len(after) != len(before) {
		t.Fatal("a refused team was stored")
	}

	good := url.Values{"name": {"Tim Pembina Kecamatan Koja"}, "decree_number": {"e-0100/2026"}, "decree_date": {"2026-11-02"},
		"member_1": {ev.ID}, "role_1": {"ketua"}, "regions": {"31.72.03"}}
	ct, body = multipartForm(t, good, "decree_file", "sk.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	req, _ = http.NewRequest(http.MethodPost, a.URL+"/kelola/pemantauan/tim-baru", body)
	req.Header.Set("Content-Type", ct)
	res := a.do(t, admin, req)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	teamPath := res.Header.Get("Location")
	doc = mustBePage(t, a.get(t, admin, teamPath), http.StatusOK, "h1#team-page")
	link := ""
	for _, el := range findAll(doc, "ul.files a") {
		link = attr(el, "href")
	}
	if res := a.get(t, a.login(t, "pimpinan.jakut"), link); link == "" || res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
		t.Errorf("the decree's scan %q: %d", link, res.StatusCode)
	}
	// A leader reads the team but gets no form.
	doc = mustBePage(t, a.get(t, a.login(t, "pimpinan.jakut"), teamPath), http.StatusOK, "h1#team-page")
	if len(findAll(doc, "form[enctype=multipart/form-data]")) != 0 {
		t.Error("a leader sees the team form")
	}
	// Edit: a second member; two ketua are refused.
	edit := url.Values{"name": {"Tim Pembina Kecamatan Koja"}, "decree_number": {"e-0100/2026"}, "decree_date": {"2026-11-02"},
		"member_1": {ev.ID}, "role_1": {"ketua"}, "regions": {"31.72.03"}}
	adm, _ := a.DB.UserByUsername(ctx, "admin.jakut")
	edit.Set("member_2", adm.ID)
	edit.Set("role_2", "ketua")
	if res := a.post(t, admin, teamPath, edit); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "tepat satu ketua") {
		t.Errorf("two ketua: %d", res.StatusCode)
	}
	edit.Set("role_2", "sekretaris")
	if res := a.post(t, admin, teamPath, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	id := teamPath[strings.LastIndex(teamPath, "/")+1:]
	if team, err := a.DB.Team(ctx, id); err != nil || len(team.Members) != 2 || team.Members[1].Role != monitor.Sekretaris {
		t.Fatalf("edited team %+v, %v", team, err)
	}
	if es, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: "monitoring.team_update"}); len(es) != 1 {
		t.Errorf("edits audited: %d", len(es))
	}

	// The cadence: by field, then saved.
	if res := a.post(t, admin, "/kelola/pemantauan/siklus", url.Values{"region_code": {"31.72"}, "months": {"5"}, "reminder_days": {"90"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad cadence: %d", res.StatusCode)
	} else {
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#teams-page")
		if !strings.Contains(textOf(doc, "#e-months"), "1, 2, 3, 4, 6") || !strings.Contains(textOf(doc, "#e-reminder_days"), "0 sampai 60") {
			t.Errorf("cadence messages %q %q", textOf(doc, "#e-months"), textOf(doc, "#e-reminder_days"))
		}
	}
	if res := a.post(t, admin, "/kelola/pemantauan/siklus", url.Values{"region_code": {"31.71"}, "months": {"3"}, "reminder_days": {"7"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another city's cadence: %d", res.StatusCode)
	}
	if res := a.post(t, admin, "/kelola/pemantauan/siklus", url.Values{"region_code": {"31.72"}, "months": {"3"}, "reminder_days": {"10"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cadence: %d %s", res.StatusCode, res.Body)
	}
	if c, _ := a.DB.Cadence(ctx, "31.72"); c.Months != 3 || c.ReminderDays != 10 {
		t.Errorf("cadence %+v", c)
	}
	doc = mustBePage(t, a.get(t, admin, "/kelola/pemantauan?tampilan=daftar"), http.StatusOK, "h1#monitoring-page")
	if got := textOf(doc, "#window"); !strings.Contains(got, "1 Okt – 31 Des 2026") || !strings.Contains(got, "3 bulan") {
		t.Errorf("the calendar follows the new cadence: %q", got)
	}
}

// TestVisitReminderNotification: the reminder shows on the notifications
// page in words, linking to the unit's row in the window's list.
func TestVisitReminderNotification(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev, _ := a.DB.UserByUsername(ctx, "evaluator.jakut")
	teams, _ := a.DB.Teams(ctx, "31.72")
	pkm, _ := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	w := monitor.WindowAt(monitor.Default, testNow)
	if _, err := a.DB.ClaimReminder(ctx, pkm, w, teams, testNow); err != nil {
		t.Fatal(err)
	}
	doc := mustBePage(t, a.get(t, a.login(t, "evaluator.jakut"), "/kelola/notifikasi"), http.StatusOK, "tr.unread")
	if got := textOf(doc, "tr.unread"); !strings.Contains(got, "PKM-31.72.01") || !strings.Contains(got, "berakhir 31 Des 2026") {
		t.Errorf("reminder text %q", got)
	}
	var href string
	for _, el := range findAll(doc, "tr.unread a") {
		href = attr(el, "href")
	}
	if href != "/kelola/pemantauan?bulan=2026-12&tampilan=daftar#v-PKM-31.72.01" {
		t.Errorf("reminder link %q", href)
	}
	_ = ev
}
