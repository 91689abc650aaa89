package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mutu/internal/clock"
	"mutu/internal/skm"
	"mutu/internal/testutil"
	"mutu/internal/web"
)

// kioskTokenRE finds a kiosk link's token in the registration page.
var kioskTokenRE = regexp.MustCompile(`/kiosk/([A-Za-z0-9.\-]+)#(?:s=([a-z0-9\-]+)&amp;)?t=([0-9a-f]{48})"`)

// registerKiosk registers a kiosk through the dashboard form and returns the
// page's response and the token it shows.
func registerKiosk(t *testing.T, a *app, c *http.Client, unitCode, name, service string) (response, string) {
	t.Helper()
	res := a.post(t, c, "/kelola/skm/unit/"+unitCode+"/kiosk", url.Values{"name": {name}, "service": {service}})
	if res.StatusCode != http.StatusCreated {
		return res, ""
	}
	m := kioskTokenRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("registration page shows no kiosk link with a token:\n%s", res.Body)
	}
	if m[1] != unitCode || m[2] != service {
		t.Errorf("kiosk link for unit %q service %q, want %q %q", m[1], m[2], unitCode, service)
	}
	return res, m[3]
}

// kioskResponses counts a unit's stored responses that came from a kiosk,
// from the rollups (every day from 2000 to 2099).
func kioskResponses(t *testing.T, a *app, code string) int64 {
	t.Helper()
	u, err := a.DB.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := skm.Summarize(context.Background(), a.DB, u.ID, "", skm.Range{From: "2000-01-01", To: "2099-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	return sum.Profile["channel"][string(skm.Kiosk)]
}

const kioskAnswers = `{"channel":"kiosk","answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"profile":{"age":0,"sex":"","education":"","occupation":""},"extra":[],"saran":"%s"%s}`

func kioskPost(t *testing.T, a *app, unitCode, token, key, saran, extra string) response {
	t.Helper()
	h := map[string]string{"Idempotency-Key": key}
	if token != "" {
		h["X-Kiosk-Token"] = token
	}
	return postJSON(t, a, "/api/v1/units/"+unitCode+"/responses", fmt.Sprintf(kioskAnswers, saran, extra), h)
}

// TestKioskRegistration: a unit's operator registers a kiosk and sees its
// token once; nobody else may register one; the dashboard lists it.
func TestKioskRegistration(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	ptsp, err := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}

	res, token := registerKiosk(t, a, op, "PTSP-31.72", "  Tablet   loket 1 ", "")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("operator registering a kiosk of their unit: %d\n%s", res.StatusCode, res.Body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("registration page Cache-Control = %q, want no-store (it shows a secret)", cc)
	}
	if loc := res.Header.Get("Location"); loc != "" {
		t.Errorf("registration redirects to %s; the token must be shown on this response only", loc)
	}
	if !strings.Contains(res.Body, "http://"+strings.TrimPrefix(a.URL, "http://")+"/kiosk/PTSP-31.72#t="+token) {
		t.Errorf("the page does not show the absolute kiosk link")
	}
	if !strings.Contains(res.Body, "<svg") {
		t.Errorf("the page shows no QR code of the link")
	}
	dev, err := a.DB.KioskByToken(t.Context(), ptsp.ID, token)
	if err != nil || dev.Name != "Tablet loket 1" {
		t.Fatalf("the shown token does not open the kiosk: %v %+v", err, dev)
	}
	// The token is shown once: not on the dashboard, not in the logs.
	dash := a.get(t, op, "/kelola/skm/unit/PTSP-31.72")
	if dash.StatusCode != 200 || !strings.Contains(dash.Body, "Tablet loket 1") ||
		!strings.Contains(dash.Body, `action="/kelola/skm/unit/PTSP-31.72/kiosk/`+dev.ID+`/cabut"`) {
		t.Errorf("the dashboard does not list the kiosk with a revoke button (%d)", dash.StatusCode)
	}
	if strings.Contains(dash.Body, token) || strings.Contains(a.logs(), token) {
		t.Errorf("the token appears again after registration")
	}
	// Both registration and revocation are audited.
	admin := a.login(t, "admin.jakut")
	if log := textOf(mustBePage(t, a.get(t, admin, "/kelola/audit?aksi=kiosk.create"), 200, "#audit-log"), "#audit-log tbody"); !strings.Contains(log, "Kios didaftarkan") ||
		!strings.Contains(log, "Kios Tablet loket 1") {
		t.Errorf("no audit entry for the registration:\n%s", log)
	}

	// A kiosk bound to one service carries the service in its link.
	svc := ptsp.Services[0].Code
	if res, tok2 := registerKiosk(t, a, op, "PTSP-31.72", "Tablet loket 2", svc); res.StatusCode != 201 || tok2 == token {
		t.Errorf("kiosk with a service: %d", res.StatusCode)
	}

	// Who may not register a kiosk of PTSP-31.72.
	for _, who := range []string{"operator.pkm", "evaluator.jakut", "pimpinan.jakut"} {
		if res, _ := registerKiosk(t, a, a.login(t, who), "PTSP-31.72", "Tablet", ""); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s registering a kiosk of PTSP-31.72: %d, want 403", who, res.StatusCode)
		}
	}
	if res, _ := registerKiosk(t, a, a.client(t), "PTSP-31.72", "Tablet", ""); res.StatusCode == 201 || res.StatusCode == 200 {
		t.Errorf("anonymous registration: %d", res.StatusCode)
	}
	// An administrator of the city may.
	if res, _ := registerKiosk(t, a, admin, "PTSP-31.72", "Tablet admin", ""); res.StatusCode != 201 {
		t.Errorf("city administrator registering a kiosk: %d", res.StatusCode)
	}
	// Bad input.
	for name, f := range map[string]url.Values{
		"no name":         {"name": {"  "}},
		"long name":       {"name": {strings.Repeat("x", 101)}},
		"unknown service": {"name": {"Tablet"}, "service": {"tidak-ada"}},
	} {
		if res := a.post(t, op, "/kelola/skm/unit/PTSP-31.72/kiosk", f); res.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", name, res.StatusCode)
		}
	}
	kiosks, _ := a.DB.Kiosks(t.Context(), ptsp.ID)
	if len(kiosks) != 3 {
		t.Errorf("%d kiosks stored, want 3", len(kiosks))
	}
}

// TestKioskResponses: a kiosk posts with its token; a wrong or revoked
// token is refused; a retried Idempotency-Key stores one response.
func TestKioskResponses(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	ptsp, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	svc := ptsp.Services[0]
	_, token := registerKiosk(t, a, op, "PTSP-31.72", "Tablet loket 1", svc.Code)
	_, other := registerKiosk(t, a, a.login(t, "operator.pkm"), "PKM-31.72.01", "Tablet puskesmas", "")
	before := kioskResponses(t, a, "PTSP-31.72")
	all := countResponses(t, a, "PTSP-31.72")

	res := kioskPost(t, a, "PTSP-31.72", token, "0b7e6f1c-1111-4a2b-8c3d-000000000001", "Antrean cepat", "")
	var first map[string]string
	if res.StatusCode != 201 || json.Unmarshal([]byte(res.Body), &first) != nil || first["channel"] != "kiosk" || first["service"] != svc.Code {
		t.Fatalf("kiosk post: %d %s", res.StatusCode, res.Body)
	}
	stored, err := a.DB.Response(t.Context(), ptsp.ID, first["id"])
	if err != nil || stored.Channel != "kiosk" || stored.ServiceID != svc.ID {
		t.Fatalf("stored response: %v %+v", err, stored)
	}
	// A sync retried after a lost reply: the first result again, nothing new.
	res = kioskPost(t, a, "PTSP-31.72", token, "0b7e6f1c-1111-4a2b-8c3d-000000000001", "Antrean cepat", "")
	var again map[string]string
	json.Unmarshal([]byte(res.Body), &again)
	if res.StatusCode != 201 || again["id"] != first["id"] || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: %d %s", res.StatusCode, res.Body)
	}
	// Two respondents at one kiosk giving identical answers are two responses.
	res = kioskPost(t, a, "PTSP-31.72", token, "0b7e6f1c-1111-4a2b-8c3d-00000000000a", "Antrean cepat", "")
	if res.StatusCode != 201 || strings.Contains(res.Body, first["id"]) {
		t.Errorf("identical answers from a second respondent: %d %s", res.StatusCode, res.Body)
	}
	// A response queued offline yesterday counts on yesterday.
	yesterday := a.now.Add(-24 * time.Hour)
	res = kioskPost(t, a, "PTSP-31.72", token, "0b7e6f1c-1111-4a2b-8c3d-000000000002", "Kemarin", `,"answered_at":"`+yesterday.Format(time.RFC3339)+`"`)
	if res.StatusCode != 201 || !strings.Contains(res.Body, `"local_date":"`+clock.LocalDate(yesterday)+`"`) {
		t.Errorf("queued answer: %d %s", res.StatusCode, res.Body)
	}

	for name, tok := range map[string]string{"no token": "", "wrong token": strings.Repeat("ab", 24), "another unit's token": other} {
		if res := kioskPost(t, a, "PTSP-31.72", tok, "k-"+name, "x", ""); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", name, res.StatusCode)
		}
	}

	// Revoked: the token stops working at once.
	dev, _ := a.DB.KioskByToken(t.Context(), ptsp.ID, token)
	res = a.post(t, op, "/kelola/skm/unit/PTSP-31.72/kiosk/"+dev.ID+"/cabut", url.Values{"confirmed": {"1"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/kelola/skm/unit/PTSP-31.72#kios" {
		t.Fatalf("revoke: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := kioskPost(t, a, "PTSP-31.72", token, "0b7e6f1c-1111-4a2b-8c3d-000000000003", "Sesudah dicabut", ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", res.StatusCode)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PTSP-31.72/kiosk/"+dev.ID+"/cabut", url.Values{"confirmed": {"1"}}); res.StatusCode != 404 {
		t.Errorf("revoking twice: %d, want 404", res.StatusCode)
	}
	if res := a.post(t, a.login(t, "operator.pkm"), "/kelola/skm/unit/PTSP-31.72/kiosk/"+dev.ID+"/cabut", nil); res.StatusCode != 403 {
		t.Errorf("another unit's operator revoking: %d, want 403", res.StatusCode)
	}
	admin := a.login(t, "admin.jakut")
	if log := textOf(mustBePage(t, a.get(t, admin, "/kelola/audit?aksi=kiosk.revoke"), 200, "#audit-log"), "#audit-log tbody"); !strings.Contains(log, "Kios dicabut") ||
		!strings.Contains(log, "Kios "+dev.Name) {
		t.Errorf("no audit entry for the revocation:\n%s", log)
	}
	dash := a.get(t, op, "/kelola/skm/unit/PTSP-31.72")
	if doc := mustBePage(t, dash, 200, "h3#kios"); !strings.Contains(textOf(doc, "table.kiosks tbody"), dev.Name) || strings.Contains(dash.Body, "/kiosk/"+dev.ID+"/cabut") {
		t.Errorf("a revoked kiosk still has a revoke button")
	}

	if got := kioskResponses(t, a, "PTSP-31.72") - before; got != 3 {
		t.Errorf("%d kiosk responses stored, want 3", got)
	}
	if got := countResponses(t, a, "PTSP-31.72") - all; got != 3 {
		t.Errorf("%d responses stored, want 3", got)
	}
}

// kioskDataRE finds the JSON the kiosk page embeds.
var kioskDataRE = regexp.MustCompile(`(?s)<script type="application/json" id="kiosk-data">(.*?)</script>`)

// TestKioskPage: the kiosk page is public, holds no secret, needs no inline
// script, and embeds the whole questionnaire for offline use.
func TestKioskPage(t *testing.T) {
	a := newApp(t)
	ptsp, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	res := a.get(t, nil, "/kiosk/PTSP-31.72")
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("kiosk page: %s", res.Header.Get("Content-Type"))
	}
	mustBePage(t, res, 200, "script#kiosk-data")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	if strings.Contains(res.Body, `class="site"`) {
		t.Errorf("the kiosk page has the site's header or footer")
	}
	// Scripts: files, or the JSON data block (which is never executed).
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(res.Body, -1) {
		if !strings.Contains(m, ` src="/static/`) && m != `<script type="application/json" id="kiosk-data">` {
			t.Errorf("inline script on the kiosk page: %s", m)
		}
	}
	if m := regexp.MustCompile(`\son[a-z]+=`).FindString(res.Body); m != "" {
		t.Errorf("inline event handler on the kiosk page: %s", m)
	}
	m := kioskDataRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no kiosk data block")
	}
	var d struct {
		Unit     string `json:"unit"`
		API      string `json:"api"`
		Elements []struct {
			Code     string              `json:"code"`
			Question map[string]string   `json:"question"`
			Labels   []map[string]string `json:"labels"`
		} `json:"elements"`
		Services []struct {
			Code string `json:"code"`
		} `json:"services"`
		Sexes []struct {
			Code  string            `json:"code"`
			Label map[string]string `json:"label"`
		} `json:"sexes"`
		Text map[string]map[string]string `json:"text"`
	}
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("kiosk data is not JSON: %v\n%s", err, m[1])
	}
	if d.Unit != "PTSP-31.72" || d.API != "/api/v1/units/PTSP-31.72/responses" || len(d.Elements) != 9 {
		t.Errorf("kiosk data: unit %q api %q, %d elements", d.Unit, d.API, len(d.Elements))
	}
	for _, e := range d.Elements {
		if e.Question["id"] == "" || e.Question["en"] == "" || len(e.Labels) != 4 || e.Labels[0]["id"] == "" || e.Labels[3]["en"] == "" {
			t.Errorf("element %s: question %v, labels %q", e.Code, e.Question, e.Labels)
		}
	}
	// The answers speak both languages.
	if len(d.Elements) > 0 && (d.Elements[0].Labels[3]["id"] != "Sangat sesuai" || d.Elements[0].Labels[3]["en"] != "Very appropriate") {
		t.Errorf("U1's best answer = %v, want Sangat sesuai / Very appropriate", d.Elements[0].Labels[3])
	}
	active := 0
	for _, s := range ptsp.Services {
		if s.Active {
			active++
		}
	}
	if len(d.Services) != active || active == 0 {
		t.Errorf("%d services in the kiosk data, want %d", len(d.Services), active)
	}
	if len(d.Sexes) != 2 || d.Sexes[0].Label["id"] != "Laki-laki" || d.Sexes[0].Label["en"] != "Male" {
		t.Errorf("sexes: %+v", d.Sexes)
	}
	if d.Text["id"]["survey.submit"] != "Kirim penilaian" || d.Text["en"]["survey.submit"] != "Send my rating" {
		t.Errorf("texts: %v / %v", d.Text["id"]["survey.submit"], d.Text["en"]["survey.submit"])
	}

	// The service worker, from /kiosk/ so that its scope is /kiosk/.
	sw := a.get(t, nil, "/kiosk/sw.js")
	if sw.StatusCode != 200 || !strings.HasPrefix(sw.Header.Get("Content-Type"), "application/javascript") || !strings.Contains(sw.Body, "mutu-kiosk") {
		t.Errorf("service worker: %d %s", sw.StatusCode, sw.Header.Get("Content-Type"))
	}
	if js := a.get(t, nil, "/static/kiosk.js"); js.StatusCode != 200 || !strings.Contains(js.Body, "Idempotency-Key") {
		t.Errorf("kiosk.js: %d", js.StatusCode)
	}
	man := a.get(t, nil, "/kiosk/PTSP-31.72/manifest.webmanifest")
	var mf map[string]any
	if man.StatusCode != 200 || json.Unmarshal([]byte(man.Body), &mf) != nil || mf["start_url"] != "/kiosk/PTSP-31.72" || mf["display"] != "fullscreen" || mf["scope"] != "/kiosk/" {
		t.Errorf("manifest: %d %s", man.StatusCode, man.Body)
	}
	if res := a.get(t, nil, "/kiosk/TIDAK-ADA"); res.StatusCode != 404 {
		t.Errorf("unknown unit: %d", res.StatusCode)
	}
}

// --- the real-browser journey ---

// kioskTab is a browser tab on the kiosk page.
type kioskTab struct {
	*tab
	detach context.CancelFunc // ends the session on the kiosk's service worker
	worker string             // the service worker's path; "" for /kiosk/sw.js (visit13: the visit page's too)
}

// waitFor polls a JavaScript condition until it holds.
func (k *kioskTab) waitFor(what, cond string, timeout time.Duration) {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(k.ctx, timeout+time.Second)
	defer cancel()
	ok, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil || !ok {
		k.fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// at waits for the kiosk to show screen number step.
func (k *kioskTab) at(step int) {
	k.t.Helper()
	k.waitFor(fmt.Sprintf("screen %d", step), fmt.Sprintf(`document.getElementById("kiosk").dataset.step === "%d"`, step), stepTimeout)
}

// tap clicks what sel selects on the current screen, once the kiosk accepts
// taps (it ignores them for a moment after a screen appears).
func (k *kioskTab) tap(sel string) {
	k.t.Helper()
	k.waitFor("a tap on "+sel, fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		return !!e && Date.now() - Number(document.getElementById("kiosk").dataset.shown) > 350 })()`, sel), stepTimeout)
	k.do("tapping "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// queued returns the responses waiting in the kiosk's IndexedDB queue.
func (k *kioskTab) queued() []map[string]any {
	k.t.Helper()
	ctx, cancel := k.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise((resolve, reject) => {
		const open = indexedDB.open("mutu-kiosk");
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const req = open.result.transaction("queue").objectStore("queue").getAll();
			req.onsuccess = () => { open.result.close(); resolve(JSON.stringify(req.result)); };
			req.onerror = () => reject(req.error);
		};
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		k.fatalf("reading the queue: %v", err)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(s), &items); err != nil {
		k.fatalf("queue %s: %v", s, err)
	}
	return items
}

// workerOffline takes the kiosk's service worker offline, or back online.
// The page's network emulation does not cover the worker's own fetches, so
// the test attaches to the worker and emulates there; detaching ends the
// emulation.
func (k *kioskTab) workerOffline(offline bool) {
	k.t.Helper()
	if !offline {
		if k.detach != nil {
			k.detach()
			k.detach = nil
		}
		return
	}
	infos, err := chromedp.Targets(k.ctx)
	if err != nil {
		k.fatalf("listing the browser's targets: %v", err)
	}
	for _, info := range infos {
		worker := k.worker
		if worker == "" {
			worker = "/kiosk/sw.js"
		}
		if info.Type != "service_worker" || info.URL != k.a.URL+worker {
			continue
		}
		// Detach, not close, when done: closing would stop the worker.
		wctx, cancel := chromedp.NewContext(k.ctx, chromedp.WithTargetID(info.TargetID), chromedp.WithDetachOnCancel())
		k.detach = cancel
		k.t.Cleanup(func() {
			if k.detach != nil {
				k.detach()
			}
		})
		ctx, cancelStep := context.WithTimeout(wctx, stepTimeout)
		defer cancelStep()
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
			k.fatalf("taking the service worker offline: %v", err)
		}
		return
	}
	k.fatalf("no service worker %s among the browser's targets", k.worker)
}

// network switches the browser (the page and its service worker) offline
// or back online.
func (k *kioskTab) network(online bool) {
	k.t.Helper()
	offline := !online
	conds := []*network.Conditions{}
	if offline {
		conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	k.workerOffline(offline)
	ctx, cancel := k.step()
	defer cancel()
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline, MatchedNetworkConditions: conds}); err != nil {
		k.fatalf("emulating the network (offline=%v): %v", offline, err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		k.fatalf("overriding navigator.onLine (offline=%v): %v", offline, err)
	}
	k.waitFor("navigator.onLine", fmt.Sprintf("navigator.onLine === %v", online), stepTimeout)
}

// answer fills in one whole survey: the service screen (choice), nine
// answers (all v, except U1 = first), and the optional profile.
func (k *kioskTab) answer(service string, first, v int, saran string) {
	k.t.Helper()
	k.at(0)
	k.tap("#kiosk-start")
	k.at(1)
	k.tap(service)
	for i := range 9 {
		k.at(2 + i)
		if p := eval[string](k.tab, `(() => { const p = document.querySelector(".kiosk-progress progress"); return p.value + "/" + p.max })()`); p != fmt.Sprintf("%d/10", i+1) {
			k.errorf("progress on question %d: %s, want %d/10", i+1, p, i+1)
		}
		a := v
		if i == 0 {
			a = first
		}
		k.tap(fmt.Sprintf(".kiosk-answers .answer-%d", a))
	}
	k.at(11)
	k.tap(".sex-P")
	if eval[bool](k.tab, `!!document.getElementById("k-q1")`) {
		k.do("answering the unit's own question", chromedp.SendKeys(chromedp.ID("k-q1"), " Dari spanduk "))
	}
	k.do("filling the profile",
		chromedp.SendKeys(chromedp.ID("k-age"), "34"),
		chromedp.SendKeys(chromedp.ID("k-saran"), saran))
	k.tap("#kiosk-submit")
	k.at(12)
	if st := eval[string](k.tab, `document.getElementById("kiosk").dataset.state`); st != "thanks" {
		k.errorf("after sending: screen %q, want thanks", st)
	}
}

// TestJourneyKioskOffline: a registered kiosk takes two surveys while the
// tablet is offline, keeps them across an offline reload, and sends each
// exactly once when the network returns, even when a sync is retried.
func TestJourneyKioskOffline(t *testing.T) {
	a := newApp(t)
	// The browser stamps queued answers with its own clock: let the server's
	// clock be the real one.
	a.mu.Lock()
	a.now = time.Now().UTC()
	a.mu.Unlock()
	op := a.login(t, "operator.ptsp")
	_, token := registerKiosk(t, a, op, "PTSP-31.72", "Tablet loket 1", "")
	before := kioskResponses(t, a, "PTSP-31.72")
	// The unit's own question is answered by its code (Q1).
	if res := a.post(t, op, "/kelola/skm/unit/PTSP-31.72/pertanyaan", url.Values{"text": {"Dari mana Anda tahu layanan ini?"}}); res.StatusCode != 303 {
		t.Fatalf("own question: %d", res.StatusCode)
	}

	k := &kioskTab{tab: openTabOn(t, a, testutil.ChromiumTimeout(t, 120*time.Second))}
	if st := k.open("/kiosk/PTSP-31.72#t=" + token); st != 200 {
		k.fatalf("kiosk page: %d", st)
	}
	k.at(0)
	// The token moved from the address bar to the device.
	if h := eval[string](k.tab, `location.href`); strings.Contains(h, token) || strings.Contains(h, "#") {
		k.errorf("the token stays in the address bar: %s", h)
	}
	if got := eval[string](k.tab, `JSON.parse(localStorage.getItem("mutu-kiosk:PTSP-31.72")).token`); got != token {
		k.errorf("stored token = %q", got)
	}
	// The page is big enough to touch: every button at least 64 px high.
	if small := eval[string](k.tab, `Array.from(document.querySelectorAll("#kiosk button")).filter(b => b.offsetParent && b.getBoundingClientRect().height < 64).map(b => b.id || b.className).join(",")`); small != "" {
		k.errorf("buttons lower than 64 px: %s", small)
	}
	// The service worker controls the page and has kept it.
	k.waitFor("the service worker", `document.getElementById("kiosk").dataset.offline === "ready" && !!navigator.serviceWorker.controller`, 10*time.Second)

	// Offline: two respondents.
	k.network(false)
	k.answer(".kiosk-services .kiosk-choice:first-child", 1, 4, "Antrean cepat")
	// The thank-you screen starts over by itself after about five seconds.
	k.waitFor("the automatic reset", `document.getElementById("kiosk").dataset.state === "start"`, 8*time.Second)
	k.answer(".kiosk-services .kiosk-choice:last-child", 2, 3, "Ruang tunggu nyaman")
	k.tap("#kiosk-done")
	k.at(0)
	k.waitFor("two responses waiting", `document.getElementById("kiosk-status").dataset.pending === "2"`, stepTimeout)
	if got := kioskResponses(t, a, "PTSP-31.72") - before; got != 0 {
		k.errorf("%d responses reached the server while offline", got)
	}
	items := k.queued()
	if len(items) != 2 {
		k.fatalf("%d responses queued, want 2", len(items))
	}
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, it := range items {
		body, _ := it["body"].(map[string]any)
		if id, _ := it["id"].(string); !uuidRE.MatchString(id) || body["channel"] != "kiosk" || body["answered_at"] == "" {
			k.errorf("queued item: %v", it)
		}
		if extra, _ := body["extra"].(map[string]any); len(extra) != 1 || extra["Q1"] != "Dari spanduk" {
			k.errorf("own question not answered by code: %v", body["extra"])
		}
	}

	// A reload without the network still shows the kiosk and its queue.
	requests := strings.Count(a.logs(), `"path":"/kiosk/PTSP-31.72"`)
	ctxNav, cancel := k.step()
	resp, err := chromedp.Run(ctxNav, chromedp.NavigateResponse(a.URL+"/kiosk/PTSP-31.72"))
	cancel()
	if err != nil || resp.Status != 200 || !resp.FromServiceWorker {
		k.fatalf("reloading offline: %v %+v", err, resp)
	}
	k.at(0)
	k.waitFor("the queue after the reload", `document.getElementById("kiosk-status").dataset.pending === "2"`, stepTimeout)
	if n := strings.Count(a.logs(), `"path":"/kiosk/PTSP-31.72"`); n != requests {
		k.errorf("the offline reload reached the server (%d requests, want %d)", n, requests)
	}

	// Online again: both responses are sent, once each.
	online := time.Now()
	k.network(true)
	k.waitFor("the queue to empty", `document.getElementById("kiosk-status").dataset.pending === "0"`, 10*time.Second)
	t.Logf("the queue was sent %v after the network returned", time.Since(online).Round(time.Millisecond))
	if n := len(k.queued()); n != 0 {
		k.errorf("%d responses still queued", n)
	}
	if got := kioskResponses(t, a, "PTSP-31.72") - before; got != 2 {
		k.fatalf("%d kiosk responses stored, want 2", got)
	}
	if st := eval[string](k.tab, `document.getElementById("kiosk-status").textContent`); st != "" {
		k.errorf("status line after the sync: %q", st)
	}

	// A reply lost on the way back: the kiosk still has a response the
	// server already stored, and sends it again.
	item, _ := json.Marshal(items[0])
	k.do("putting a sent response back in the queue", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`new Promise((resolve, reject) => {
		const open = indexedDB.open("mutu-kiosk");
		open.onsuccess = () => {
			const tx = open.result.transaction("queue", "readwrite");
			tx.objectStore("queue").put(%s);
			tx.oncomplete = () => { open.result.close(); window.dispatchEvent(new Event("online")); resolve(); };
			tx.onerror = () => reject(tx.error);
		};
		open.onerror = () => reject(open.error);
	})`, item), chromedp.EvalAwaitPromise))
	k.waitFor("the resent response to leave the queue", `new Promise(resolve => {
		const open = indexedDB.open("mutu-kiosk");
		open.onsuccess = () => { const r = open.result.transaction("queue").objectStore("queue").count();
			r.onsuccess = () => { open.result.close(); resolve(r.result === 0); }; };
	})`, 10*time.Second)
	if got := kioskResponses(t, a, "PTSP-31.72") - before; got != 2 {
		k.errorf("%d kiosk responses stored after a retried sync, want 2", got)
	}
	if logs := a.logs(); strings.Contains(logs, token) {
		k.errorf("the token reached the server's log")
	}
}

// TestKioskLinkUsesThePublicAddress: behind a proxy the kiosk link, like
// the printed ones, is MUTU_BASE_URL's, not the address the request came in on.
func TestKioskLinkUsesThePublicAddress(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.BaseURL = "https://mutu.jakarta.go.id/" })
	res, token := registerKiosk(t, a, a.login(t, "operator.ptsp"), "PTSP-31.72", "Tablet loket 2", "")
	if res.StatusCode != http.StatusCreated || !strings.Contains(res.Body, "https://mutu.jakarta.go.id/kiosk/PTSP-31.72#t="+token) {
		t.Errorf("kiosk link not on the public address: %d", res.StatusCode)
	}
}
