package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/monitor"
	"mutu/internal/store"
)

// planVisit moves the clock to a window of 2027 the demo has no visits in
// and plans PTSP-31.72's visit there as the evaluator; it returns the
// visit page's address and the visit.
func planVisit(t *testing.T, a *app, ev *http.Client) (string, *store.VisitRecord) {
	t.Helper()
	a.setNow(time.Date(2027, 1, 5, 9, 0, 0, 0, clock.Jakarta))
	res := a.post(t, ev, "/kelola/pemantauan/unit/PTSP-31.72", url.Values{"window": {"2027-01-01"}, "step": {"plan"}, "planned_on": {"2027-01-12"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", res.StatusCode, res.Body)
	}
	doc := mustBePage(t, a.get(t, ev, "/kelola/pemantauan?kota=31.72&tampilan=daftar&bulan=2027-01"), http.StatusOK, "h1#monitoring-page")
	links := findAll(doc, "tr[id=v-PTSP-31.72] a.visit-open")
	if len(links) != 1 {
		t.Fatal("the calendar does not link the planned visit")
	}
	path := attr(links[0], "href")
	ptsp, _ := a.DB.UnitByCode(context.Background(), "PTSP-31.72")
	rec, err := a.DB.VisitDetails(context.Background(), ptsp.ID, path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	return path, rec
}

// scoreJSON posts a score as the device's queue does: multipart with a
// photo, an Idempotency-Key and Accept: application/json.
func scoreJSON(t *testing.T, a *app, c *http.Client, path, key string, fields url.Values, photo []byte) response {
	t.Helper()
	ct, body := multipartForm(t, fields, "files", "foto.png", photo)
	req, _ := http.NewRequest(http.MethodPost, a.URL+path+"/nilai", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", key)
	return a.do(t, c, req)
}

// TestVisitScoringPages: the calendar links a planned visit to its page;
// the page shows Mutu's own evidence and both sides' forms; bad scores
// come back by field with nothing stored; a queued upload sent twice with
// one key is stored once (photo included); an upload without a session
// is refused with 401 so that the device keeps it; the operator fills and
// submits the self-assessment, which the evaluator cannot; submitting
// the visit needs confirmation and every score, then stores the engine's
// result and marks the visit done.
func TestVisitScoringPages(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	ev := a.login(t, "evaluator.jakut")
	op := a.login(t, "operator.ptsp")
	path, rec := planVisit(t, a, ev)
	ptsp, _ := a.DB.UnitByCode(ctx, "PTSP-31.72")

	doc := mustBePage(t, a.get(t, ev, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "form.team-form")) == 0 || len(findAll(doc, "form.self-form")) != 0 {
		t.Fatal("the evaluator's page: team forms, no self-assessment forms")
	}
	if got := textOf(doc, "#mutu-evidence"); !strings.Contains(got, "Pengaduan") || !strings.Contains(got, "Standar pelayanan berlaku") {
		t.Errorf("Mutu's evidence rows:\n%s", got)
	}
	opDoc := mustBePage(t, a.get(t, op, path), http.StatusOK, "h1#visit-page")
	if len(findAll(opDoc, "form.self-form")) == 0 || len(findAll(opDoc, "form.team-form")) != 0 {
		t.Fatal("the operator's page: self-assessment forms, no team forms")
	}
	forms := findAll(doc, "form.team-form input[name=indicator]")
	code := attr(forms[0], "value")
	row := strings.ReplaceAll(code, ".", "-")

	// Bad input, by field; nothing stored.
	res := a.post(t, ev, path+"/nilai", url.Values{"indicator": {code}, "level": {"7"}, "note": {strings.Repeat("x", monitor.MaxNote+1)}})
	bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page")
	for _, f := range []string{"level", "note"} {
		if len(findAll(bad, "#e-t"+row+"-"+f)) != 1 {
			t.Errorf("no message next to %s", f)
		}
	}
	res = a.post(t, op, path+"/mandiri", url.Values{"indicator": {code}})
	if bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page"); len(findAll(bad, "#e-s"+row+"-level")) != 1 {
		t.Error("the self-assessment's missing level has no message")
	}
	res = a.post(t, ev, path+"/nilai", url.Values{"indicator": {"9.z"}, "level": {"3"}})
	mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page")
	if again, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID); len(again.Scores) != 0 || again.InstrumentVersionID != "" {
		t.Fatalf("refused scores stored: %+v", again)
	}

	// The device's queue: the same upload twice stores once.
	fields := url.Values{"indicator": {code}, "level": {"4"}, "note": {"papan informasi ada"}}
	for i, want := range []bool{false, true} {
		res := scoreJSON(t, a, ev, path, "upload-1", fields, pngBytes(t))
		var body struct{ Stored, Replayed bool }
		if err := json.Unmarshal([]byte(res.Body), &body); err != nil || res.StatusCode != http.StatusOK || !body.Stored || body.Replayed != want {
			t.Fatalf("upload %d: %d %s", i, res.StatusCode, res.Body)
		}
	}
	got, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	if len(got.Scores) != 1 || got.Scores[0].Level != 4 || len(got.Files) != 1 || got.InstrumentVersionID == "" {
		t.Fatalf("after a replayed upload: %d scores, %d files, version %q", len(got.Scores), len(got.Files), got.InstrumentVersionID)
	}
	if res := a.get(t, ev, path+"/bukti/"+got.Files[0].ID); res.StatusCode != http.StatusOK {
		t.Errorf("the photo: %d", res.StatusCode)
	}
	// The session expired: 401, and the device keeps the upload.
	if res := scoreJSON(t, a, nil, path, "upload-2", fields, pngBytes(t)); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an upload without a session: %d", res.StatusCode)
	}
	// Each side writes only its own.
	if res := a.post(t, op, path+"/nilai", fields); res.StatusCode != http.StatusForbidden {
		t.Errorf("the operator scoring for the team: %d", res.StatusCode)
	}
	if res := a.post(t, ev, path+"/mandiri", fields); res.StatusCode != http.StatusForbidden {
		t.Errorf("the evaluator filling the self-assessment: %d", res.StatusCode)
	}

	// The self-assessment: incomplete is refused, complete is submitted once.
	if res := a.post(t, op, path+"/mandiri", url.Values{"indicator": {code}, "level": {"5"}, "note": {"lihat SK"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("self score: %d %s", res.StatusCode, res.Body)
	}
	res = a.post(t, op, path+"/mandiri/kirim", nil)
	if bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page"); !strings.Contains(textOf(bad, "#kesalahan"), "Indikator") {
		t.Errorf("incomplete self-assessment: %s", textOf(bad, "#kesalahan"))
	}
	iv, err := a.DB.InstrumentVersionByID(ctx, got.InstrumentVersionID)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range iv.ScoredIndicators() {
		if c == code {
			continue
		}
		for _, side := range []monitor.Side{monitor.SelfSide, monitor.TeamSide} {
			if _, err := a.DB.SaveVisitScore(ctx, audit.Actor{Name: "test"}, ptsp, rec.ID, iv.ID, monitor.Score{Side: side, Indicator: c, Level: 3 + i%3}, "", nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res := a.post(t, op, path+"/mandiri/kirim", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit self-assessment: %d %s", res.StatusCode, res.Body)
	}
	if res := a.post(t, op, path+"/mandiri", url.Values{"indicator": {code}, "level": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("a change after submission: %d", res.StatusCode)
	}

	// Coaching and attendance, by field.
	res = a.post(t, ev, path+"/laporan", url.Values{"coaching": {"ok"}, "attendees": {"Budi tanpa jabatan"}})
	if bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page"); len(findAll(bad, "#e-attendees")) != 1 {
		t.Error("attendance without a position has no message")
	}
	if res := a.post(t, ev, path+"/laporan", url.Values{"coaching": {"Lengkapi maklumat."}, "attendees": {"Budi; Kepala Unit\nSiti; Staf"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}

	// Submitting the visit.
	res = a.post(t, ev, path+"/selesai", url.Values{"done_on": {"2027-01-05"}})
	if bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page"); len(findAll(bad, "#e-confirmed")) != 1 {
		t.Error("submitting without confirmation")
	}
	res = a.post(t, ev, path+"/selesai", url.Values{"done_on": {"2027-01-06"}, "confirmed": {"1"}})
	if bad := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#visit-page"); len(findAll(bad, "#e-done_on")) != 1 {
		t.Error("a done day in the future")
	}
	if res := a.post(t, ev, path+"/selesai", url.Values{"done_on": {"2027-01-05"}, "confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	final, _ := a.DB.VisitDetails(ctx, ptsp.ID, rec.ID)
	want, err := iv.Score(monitor.Levels(final.Scores, monitor.TeamSide))
	if err != nil {
		t.Fatal(err)
	}
	if !final.Done() || final.Result == nil || final.Result.IPP != want.Rounded || final.Result.Category != want.Category.Kategori {
		t.Fatalf("done %v, result %+v, want %d %s", final.Done(), final.Result, want.Rounded, want.Category.Kategori)
	}
	doc = mustBePage(t, a.get(t, op, path), http.StatusOK, "h1#visit-page")
	if len(findAll(doc, "#visit-done")) != 1 || textOf(doc, "#visit-ipp") == "" || len(findAll(doc, "#result-aspects tbody tr")) != len(want.Aspects) {
		t.Errorf("the result on the page: %q", textOf(doc, "#result"))
	}
	if !strings.Contains(textOf(doc, "#attendees"), "Siti — Staf") {
		t.Errorf("attendance: %q", textOf(doc, "#report"))
	}
	if res := scoreJSON(t, a, ev, path, "upload-3", fields, pngBytes(t)); res.StatusCode != http.StatusConflict {
		t.Errorf("a score after the visit is done: %d %s", res.StatusCode, res.Body)
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{})
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
	}
	for _, act := range []string{"visit.score", "visit.self_score", "visit.self_submit", "visit.report", "monitoring.visit_done"} {
		if !seen[act] {
			t.Errorf("no audit entry %s", act)
		}
	}
}
