package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// responsesKey issues an API key with the responses scope for every region
// and returns the header that sends it.
func responsesKey(t testing.TB, a *app) map[string]string {
	t.Helper()
	return map[string]string{"Authorization": "Bearer " + newKey(t, a, "", store.ScopeResponses)}
}

// withHeader copies headers and sets more (name, value, …).
func withHeader(headers map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range headers {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// serveAPI posts a JSON body in process with headers.
func serveAPI(h http.Handler, path string, headers map[string]string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const apiAnswers = `{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":%d},"device":"dev-%d"}`

// TestResponsesAPIAuth: only a kiosk of the unit or a key with the
// responses scope for the unit's region may post responses; every refusal
// is a JSON error in the client's language and stores nothing.
func TestResponsesAPIAuth(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	_, kioskToken := registerKiosk(t, a, a.login(t, "operator.ptsp"), "PTSP-31.72", "Tablet loket", "")
	revoked, revokedKey, err := a.DB.CreateAPIKey(ctx, audit.CLI, "lama", "", []string{store.ScopeResponses})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.DB.RevokeAPIKey(ctx, audit.CLI, "", revoked.ID); err != nil {
		t.Fatal(err)
	}
	bearer := func(k string) map[string]string { return map[string]string{"Authorization": "Bearer " + k} }
	open311Only := newKey(t, a, "")
	both := newKey(t, a, "31.72", store.ScopeOpen311, store.ScopeResponses)
	jaksel := newKey(t, a, "31.74", store.ScopeResponses)
	for i, tc := range []struct {
		name    string
		headers map[string]string
		channel string
		status  int
		says    string // in the Indonesian message
		saysEN  string
	}{
		{"no credentials", nil, "", 401, "Kirim kunci API", "Send an API key"},
		{"not a bearer key", map[string]string{"Authorization": "Basic " + both}, "", 401, "Kirim kunci API", "Send an API key"},
		{"empty bearer", map[string]string{"Authorization": "Bearer  "}, "", 401, "Kirim kunci API", "Send an API key"},
		{"unknown key", bearer("mutu_salah"), "", 401, "tidak sah", "Invalid"},
		{"revoked key", bearer(revokedKey), "", 401, "tidak sah", "Invalid"},
		{"open311-only key", bearer(open311Only), "", 401, "cakupan responses", "responses scope"},
		{"other region's key", bearer(jaksel), "", 403, "31.74", "31.74"},
		{"other unit's kiosk", map[string]string{"X-Kiosk-Token": strings.Repeat("0", 48)}, "kiosk", 401, "kios", "kiosk"},
		{"key claiming the kiosk channel", bearer(both), "kiosk", 401, "kios", "kiosk"},
		{"responses key of the region", bearer(both), "", 201, "", ""},
		{"responses key of the region, channel api", bearer(both), "api", 201, "", ""},
		{"the unit's kiosk", map[string]string{"X-Kiosk-Token": kioskToken}, "kiosk", 201, "", ""},
	} {
		before := countResponses(t, a, "PTSP-31.72")
		body := fmt.Sprintf(apiAnswers, 1+i%4, i)
		if tc.channel != "" {
			body = strings.Replace(body, `{`, `{"channel":"`+tc.channel+`",`, 1)
		}
		for _, l := range []string{"id", "en"} {
			res := postJSON(t, a, "/api/v1/units/PTSP-31.72/responses", body, withHeader(tc.headers, "Accept-Language", l))
			if res.StatusCode != tc.status {
				t.Errorf("%s (%s): %d %s, want %d", tc.name, l, res.StatusCode, res.Body, tc.status)
				continue
			}
			if tc.status == 201 {
				break // stored once; the second language would be a duplicate
			}
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			says := map[string]string{"id": tc.says, "en": tc.saysEN}[l]
			if json.Unmarshal([]byte(res.Body), &e) != nil || !strings.Contains(res.Body, says) {
				t.Errorf("%s (%s): body %s lacks %q", tc.name, l, res.Body, says)
			}
		}
		want := before
		if tc.status == 201 {
			want++
		}
		if got := countResponses(t, a, "PTSP-31.72"); got != want {
			t.Errorf("%s: %d responses counted, want %d", tc.name, got, want)
		}
	}
}

// TestOpen311NeedsItsScope: a key for survey responses only cannot file
// Open311 requests.
func TestOpen311NeedsItsScope(t *testing.T) {
	a := newApp(t)
	key := newKey(t, a, "", store.ScopeResponses)
	res := a.post(t, nil, "/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"pengaduan"},
		"description": {"Antrean panjang sekali di loket"}, "attribute[region]": {"31.72.01.1001"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "open311") {
		t.Errorf("responses-only key on Open311: %d %s", res.StatusCode, res.Body)
	}
}

// postSurvey posts the unit's survey form from a client without cookies
// (every post a new device), with answers varied by i.
func postSurvey(t *testing.T, a *app, unitCode string, i int) response {
	t.Helper()
	form := answers(3)
	form.Set("sex", "P")
	form.Set("age", "30")
	form.Set("u9", fmt.Sprint(1+i%4))
	form.Set("u8", fmt.Sprint(1+i/4%4))
	form.Set("u7", fmt.Sprint(1+i/16%4))
	return a.post(t, nil, "/s/"+unitCode, form)
}

var heldCountRE = regexp.MustCompile(`(\d+) menunggu pemeriksaan`)

// TestHeldSurveyResponses: the 21st anonymous response from one address in
// an hour is accepted like the others but held out of every IKM figure; an
// operator of the unit releases it on the review page (audited) and the
// IKM then counts it.
func TestHeldSurveyResponses(t *testing.T) {
	a := newApp(t)
	leader := a.login(t, "pimpinan.jakut")
	dkp, err := a.DB.UnitByCode(context.Background(), "DKP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	// ikm is every IKM figure of the unit this quarter: the API, the public
	// results, the city ranking and the Laporan SKM (with its processing
	// sheet, which lists exactly the counted responses).
	ikm := func() string {
		t.Helper()
		var out []string
		for _, get := range []struct {
			c    *http.Client
			path string
		}{{nil, "/api/v1/units/DKP-31.72/ikm?from=2026-10-01&to=2026-12-31"}, {nil, "/hasil/DKP-31.72"}, {leader, "/kelola/skm?p=2026-T4"}} {
			res := a.get(t, get.c, get.path)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", get.path, res.StatusCode, res.Body)
			}
			out = append(out, res.Body)
		}
		rep, err := report.Assemble(context.Background(), a.DB, dkp, skm.Range{From: "2026-10-01", To: "2026-12-31"}, "Triwulan IV 2026", testNow)
		if err != nil || rep.Result.Respondents == 0 || int64(len(rep.Respondents)) != rep.Result.Respondents {
			t.Fatalf("laporan: %d respondents, %d rows in the processing sheet, %v", rep.Result.Respondents, len(rep.Respondents), err)
		}
		return strings.Join(out, "\n") + fmt.Sprintf("\nlaporan %+v %+v", rep.Result, rep.Services)
	}
	before := countResponses(t, a, "DKP-31.72")
	for i := range 20 {
		if res := postSurvey(t, a, "DKP-31.72", i); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("survey %d: %d %s", i+1, res.StatusCode, res.Body)
		}
	}
	counted := ikm()
	if got := countResponses(t, a, "DKP-31.72"); got != before+20 {
		t.Fatalf("20 responses from one address: %d counted, want %d", got-before, 20)
	}
	// The 21st and 22nd: thanked like any other, but held.
	for i := 20; i < 22; i++ {
		res := postSurvey(t, a, "DKP-31.72", i)
		if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/terima-kasih") {
			t.Fatalf("held survey: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	}
	if got := ikm(); got != counted {
		t.Errorf("held responses changed the IKM:\n%s\nwas\n%s", got, counted)
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+20 {
		t.Errorf("held responses counted: %d", got-before)
	}

	// Who may review: operators of the unit and administrators of its region.
	for _, tc := range []struct {
		user   string
		status int
	}{{"operator.ptsp", 403}, {"evaluator.jakut", 403}, {"pimpinan.jakut", 403}, {"asesor", 403}, {"admin.jakut", 200}} {
		c := a.login(t, tc.user)
		if res := a.get(t, c, "/kelola/skm/unit/DKP-31.72/ditahan"); res.StatusCode != tc.status {
			t.Errorf("review page as %s: %d, want %d", tc.user, res.StatusCode, tc.status)
		}
		if tc.status != 403 {
			continue
		}
		if res := a.post(t, c, "/kelola/skm/unit/DKP-31.72/ditahan", url.Values{"action": {"lepas"}, "all": {"1"}}); res.StatusCode != 403 {
			t.Errorf("release as %s: %d, want 403", tc.user, res.StatusCode)
		}
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+20 {
		t.Fatalf("refused releases changed the counts: %d", got-before)
	}

	admin := a.login(t, "admin.jakut")
	dash := a.get(t, admin, "/kelola/skm/unit/DKP-31.72")
	if m := heldCountRE.FindStringSubmatch(dash.Body); dash.StatusCode != 200 || m == nil || m[1] != "2" || !strings.Contains(dash.Body, `href="/kelola/skm/unit/DKP-31.72/ditahan"`) {
		t.Errorf("unit dashboard: %d, held link %v", dash.StatusCode, m)
	}
	page := a.get(t, admin, "/kelola/skm/unit/DKP-31.72/ditahan")
	ids := regexp.MustCompile(`name="id" value="([0-9a-f-]{36})"`).FindAllStringSubmatch(page.Body, -1)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `id="held-title"`) || len(ids) != 2 || !strings.Contains(page.Body, "Melebihi batas per jam") {
		t.Fatalf("review page: %d, %d ids\n%s", page.StatusCode, len(ids), page.Body)
	}
	if strings.Contains(page.Body, "127.0.0.1") {
		t.Error("the review page shows the client's address")
	}
	// Bad input: 422, nothing changes.
	for _, form := range []url.Values{
		{"action": {"hapus"}, "id": {ids[0][1]}},
		{"action": {"lepas"}},
		{"action": {"lepas"}, "alasan": {"x"}, "all": {"1"}},
		{"action": {"lepas"}, "id": {"bukan-id"}},
	} {
		if res := a.post(t, admin, "/kelola/skm/unit/DKP-31.72/ditahan", form); res.StatusCode != 422 {
			t.Errorf("post %v: %d, want 422", form, res.StatusCode)
		}
	}
	// Release one, discard the other.
	if res := a.post(t, admin, "/kelola/skm/unit/DKP-31.72/ditahan", url.Values{"action": {"lepas"}, "id": {ids[0][1]}}); res.StatusCode != 303 {
		t.Fatalf("release: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+21 {
		t.Errorf("after release: %d counted, want 21", got-before)
	}
	if got := ikm(); got == counted {
		t.Error("the IKM did not change after the release")
	}
	if res := a.post(t, admin, "/kelola/skm/unit/DKP-31.72/ditahan", url.Values{"action": {"buang"}, "confirmed": {"1"}, "all": {"1"}, "alasan": {"rate"}}); res.StatusCode != 303 {
		t.Fatalf("discard: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+21 {
		t.Errorf("after discard: %d counted, want 21", got-before)
	}
	if page := a.get(t, admin, "/kelola/skm/unit/DKP-31.72/ditahan"); page.StatusCode != 200 || !strings.Contains(page.Body, `id="held-none"`) {
		t.Errorf("review page after: %d", page.StatusCode)
	}
	for _, action := range []string{"skm.held.release", "skm.held.discard"} {
		entries, err := a.DB.AuditLog(context.Background(), store.AuditFilter{Action: action})
		if err != nil || len(entries) != 1 || entries[0].ActorName != "admin.jakut" || !strings.HasPrefix(entries[0].Detail, "n=1 ") {
			t.Errorf("audit %s: %+v %v", action, entries, err)
		}
	}
}

// TestHeldOperatorOfUnit: an operator reviews the held responses of the
// unit they run.
func TestHeldOperatorOfUnit(t *testing.T) {
	a := newApp(t)
	a.DB.Holds = skm.HoldPolicy{PerHour: 1, Burst: 10}
	for i := range 2 {
		postSurvey(t, a, "PTSP-31.72", i)
	}
	op := a.login(t, "operator.ptsp")
	page := a.get(t, op, "/kelola/skm/unit/PTSP-31.72/ditahan")
	if page.StatusCode != 200 || strings.Count(page.Body, `name="id"`) != 1 {
		t.Fatalf("operator's review page: %d", page.StatusCode)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PTSP-31.72/ditahan", url.Values{"action": {"lepas"}, "all": {"1"}}); res.StatusCode != 303 {
		t.Errorf("operator's release: %d %s", res.StatusCode, res.Body)
	}
}

// TestComplaintBurstFlagged: the same complaint filed again minutes later
// from the same address is stored and tracked like any other, and shown to
// the verifier as a suspected duplicate (badge, filter, detail page); the
// reporter's page says nothing about it.
func TestComplaintBurstFlagged(t *testing.T) {
	a := newApp(t)
	form := url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"}, "name": {"Budi"}, "email": {"budi@example.com"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."}}
	first := fileComplaint(t, a, form)
	a.advance(5 * time.Minute)
	form.Set("title", "antrean TIDAK tertib!")
	second := fileComplaint(t, a, form)
	a.advance(time.Minute)
	form.Set("body", "Loket tutup sebelum waktunya.")
	other := fileComplaint(t, a, form)
	// Staff know reports by number; the tracking codes stay with the reporter.
	firstCode, secondCode := first, second
	first, second, other = numberOf(t, a, first), numberOf(t, a, second), numberOf(t, a, other)

	admin := a.login(t, "admin.jakut")
	queue := a.get(t, admin, "/kelola/pengaduan?duplikat=1")
	if queue.StatusCode != 200 || !strings.Contains(queue.Body, `name="duplikat" value="1" checked`) {
		t.Fatalf("filtered queue: %d", queue.StatusCode)
	}
	if !strings.Contains(queue.Body, second) || strings.Contains(queue.Body, first) || strings.Contains(queue.Body, other) ||
		strings.Count(queue.Body, `class="tag warn duplicate"`) != 1 {
		t.Errorf("filtered queue: %s", queue.Body)
	}
	all := a.get(t, admin, "/kelola/pengaduan")
	if all.StatusCode != 200 || !strings.Contains(all.Body, first) || !strings.Contains(all.Body, other) || strings.Count(all.Body, `class="tag warn duplicate"`) != 1 {
		t.Errorf("queue: %d, %d badges", all.StatusCode, strings.Count(all.Body, `class="tag warn duplicate"`))
	}
	page := a.get(t, admin, "/kelola/pengaduan/"+second)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `id="duplicate-flag"`) || !strings.Contains(page.Body, `href="/kelola/pengaduan/`+first+`"`) {
		t.Errorf("detail page of the duplicate: %d\n%s", page.StatusCode, page.Body)
	}
	if page := a.get(t, admin, "/kelola/pengaduan/"+first); !strings.Contains(textOf(mustBePage(t, page, 200, "main dl.props"), "h1"), first) || strings.Contains(page.Body, `id="duplicate-flag"`) {
		t.Errorf("detail page of the first report: not its page, or flagged as a duplicate")
	}
	// The verifier may merge it as today.
	if res := a.post(t, admin, "/kelola/pengaduan/"+second, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {first}, "reason": {"Laporan ganda."}}); res.StatusCode != 303 {
		t.Errorf("merge: %d %s", res.StatusCode, res.Body)
	}
	if strings.Contains(page.Body, firstCode) || strings.Contains(page.Body, secondCode) {
		t.Error("the staff page shows a tracking code")
	}
	track := a.get(t, nil, "/lacak/"+secondCode)
	if track.StatusCode != 200 || !strings.Contains(track.Body, secondCode) || strings.Contains(track.Body, "Diduga duplikat") {
		t.Errorf("reporter's page: %d", track.StatusCode)
	}
}
