package web_test

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/skm"
	"mutu/internal/store"
)

// countResponses counts a unit's stored responses on every day.
func countResponses(t *testing.T, a *app, code string) int64 {
	t.Helper()
	u, err := a.DB.UnitByCode(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := a.DB.Tallies(t.Context(), store.TallyQuery{Range: skm.Range{From: "2000-01-01", To: "2099-12-31"}, Instrument: skm.Current, UnitIDs: []string{u.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return store.Pooled(rows).Respondents()
}

func answers(v int) url.Values {
	f := url.Values{}
	for i := 1; i <= 9; i++ {
		f.Set("u"+string(rune('0'+i)), string(rune('0'+v)))
	}
	return f
}

func TestSurveyPage(t *testing.T) {
	a := newApp(t)
	before := countResponses(t, a, "PKM-31.72.01")
	c := a.client(t)
	res := a.get(t, c, "/s/PKM-31.72.01/imunisasi")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Bagaimana pendapat Saudara tentang kecepatan waktu") || !strings.Contains(res.Body, "Sangat sopan dan ramah") {
		t.Fatalf("survey page: %d", res.StatusCode)
	}
	// Missing answers are named; nothing is stored.
	f := answers(4)
	f.Del("u3")
	f.Set("age", "7")
	res = a.post(t, c, "/s/PKM-31.72.01/imunisasi", f)
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Pilih salah satu jawaban") || !strings.Contains(res.Body, "Umur harus angka") {
		t.Fatalf("incomplete: %d", res.StatusCode)
	}
	f = answers(4)
	f.Set("saran", "Mantap")
	f.Set("sex", "P")
	res = a.post(t, c, "/s/PKM-31.72.01/imunisasi", f)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/s/PKM-31.72.01/terima-kasih" {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	// The same answers again from the same browser: a clear 409.
	res = a.post(t, c, "/s/PKM-31.72.01/imunisasi", f)
	if res.StatusCode != 409 || !strings.Contains(res.Body, "baru saja diterima") {
		t.Fatalf("double submit: %d", res.StatusCode)
	}
	// The honeypot: a bot gets the thank-you page and stores nothing.
	bot := answers(1)
	bot.Set("website", "http://spam.example")
	if res := a.post(t, a.client(t), "/s/PKM-31.72.01", bot); res.StatusCode != 303 {
		t.Fatalf("honeypot: %d", res.StatusCode)
	}
	if got := countResponses(t, a, "PKM-31.72.01"); got != before+1 {
		t.Errorf("stored %d responses, want 1", got-before)
	}
	if res := a.get(t, nil, "/s/PKM-31.72.01/tidak-ada"); res.StatusCode != 404 {
		t.Errorf("unknown service: %d", res.StatusCode)
	}
	if res := a.get(t, nil, "/s/TIDAK-ADA"); res.StatusCode != 404 {
		t.Errorf("unknown unit: %d", res.StatusCode)
	}
}

func postJSON(t *testing.T, a *app, path, body string, headers map[string]string) response {
	t.Helper()
	req, _ := http.NewRequest("POST", a.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return a.do(t, nil, req)
}

func TestResponsesAPI(t *testing.T) {
	a := newApp(t)
	key := responsesKey(t, a)
	before := countResponses(t, a, "DKP-31.72")
	full := `{"service":"ktp-el","answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"profile":{"age":40,"sex":"Laki-laki","education":"D4/S1","occupation":"Pelajar/Mahasiswa"},"saran":"ok"}`
	res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", full, withHeader(key, "Idempotency-Key", "k-1"))
	var first map[string]string
	if res.StatusCode != 201 || json.Unmarshal([]byte(res.Body), &first) != nil || first["id"] == "" || first["service"] != "ktp-el" || first["local_date"] != "2026-11-24" {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	res = postJSON(t, a, "/api/v1/units/DKP-31.72/responses", full, withHeader(key, "Idempotency-Key", "k-1"))
	var again map[string]string
	json.Unmarshal([]byte(res.Body), &again)
	if res.StatusCode != 201 || again["id"] != first["id"] || res.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s", res.StatusCode, res.Body)
	}
	// An offline kiosk-style late answer counts on the day it was given.
	late := strings.Replace(full, `"saran":"ok"`, `"saran":"kemarin","answered_at":"2026-11-23T09:00:00+07:00"`, 1)
	res = postJSON(t, a, "/api/v1/units/DKP-31.72/responses", late, withHeader(key, "Idempotency-Key", "k-2"))
	if res.StatusCode != 201 || !strings.Contains(res.Body, `"local_date":"2026-11-23"`) {
		t.Fatalf("answered_at: %d %s", res.StatusCode, res.Body)
	}
	for name, tc := range map[string]struct {
		body   string
		status int
		says   string
	}{
		"not json":        {`{"answers":`, 422, "terpotong"},
		"unknown field":   {`{"answerz":{}}`, 422, "answerz"},
		"wrong type":      {`{"answers":{"U1":"empat"}}`, 422, "answers"},
		"out of range":    {strings.Replace(full, `"U1":4`, `"U1":5`, 1), 422, "1, 2, 3, atau 4"},
		"missing element": {strings.Replace(full, `"U1":4,`, ``, 1), 422, "Pilih salah satu jawaban"},
		"unknown element": {strings.Replace(full, `"U1":4`, `"U10":4`, 1), 422, "Unsur tidak dikenal"},
		"bad option":      {strings.Replace(full, `"sex":"Laki-laki"`, `"sex":"X"`, 1), 422, "Pilihan tidak dikenal"},
		"bad service":     {strings.Replace(full, `ktp-el`, `sim`, 1), 422, "sim"},
		"future":          {strings.Replace(full, `"saran":"ok"`, `"answered_at":"2027-01-01T00:00:00Z"`, 1), 422, "masa depan"},
		"two objects":     {full + full, 422, "tambahan"},
		"kiosk no token":  {strings.Replace(full, `"saran":"ok"`, `"channel":"kiosk"`, 1), 401, "kios"},
		"bad channel":     {strings.Replace(full, `"saran":"ok"`, `"channel":"paper"`, 1), 422, "Saluran"},
	} {
		res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", tc.body, key)
		if res.StatusCode != tc.status || !strings.Contains(res.Body, tc.says) {
			t.Errorf("%s: %d %s", name, res.StatusCode, res.Body)
		}
	}
	huge := `{"saran":"` + strings.Repeat("x", 70<<10) + `"}`
	if res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", huge, key); res.StatusCode != 413 {
		t.Errorf("huge body: %d", res.StatusCode)
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+2 {
		t.Errorf("stored %d, want 2", got-before)
	}
}

func TestIKMAPIAndDashboards(t *testing.T) {
	a := newApp(t)
	// The IKM API computes the same result as the domain from the same rollups.
	res := a.get(t, nil, "/api/v1/units/PKM-31.72.01/ikm?from=2025-11-25&to=2026-11-24")
	var got struct {
		Unit        string  `json:"unit"`
		Respondents int64   `json:"respondents"`
		IKM         float64 `json:"ikm"`
		Konversi    float64 `json:"ikm_konversi"`
		Mutu        string  `json:"mutu"`
		Kinerja     string  `json:"kinerja"`
		Elements    []struct {
			Code string  `json:"code"`
			NRR  float64 `json:"nrr"`
		} `json:"elements"`
		Population   int64 `json:"population"`
		SampleTarget int64 `json:"sample_target"`
	}
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != 200 {
		t.Fatalf("ikm: %d %s", res.StatusCode, res.Body)
	}
	if got.Respondents < 50 || len(got.Elements) != 9 || got.Elements[7].Code != "U8" || got.Mutu == "" || math.Abs(got.Konversi-got.IKM*25) > 1e-9 {
		t.Errorf("ikm: %+v", got)
	}
	for _, bad := range []string{"?from=2026-13-01&to=2026-12-31", "?from=2026-02-01&to=2026-01-01", "?from=2026-01-01", "?to=2026-01-01"} {
		if res := a.get(t, nil, "/api/v1/units/PKM-31.72.01/ikm"+bad); res.StatusCode != 422 {
			t.Errorf("ikm%s: %d", bad, res.StatusCode)
		}
	}
	// The evaluator of Jakarta Utara sees the ranking of Jakarta Utara only.
	ev := a.login(t, "evaluator.jakut")
	res = a.get(t, ev, "/kelola/skm?p=2026")
	mustBePage(t, res, 200, "div#ranking-results")
	if !strings.Contains(res.Body, "Puskesmas Kecamatan Penjaringan") || strings.Contains(res.Body, "Pancoran") {
		t.Fatalf("ranking: %d", res.StatusCode)
	}
	csvRes := a.get(t, ev, "/kelola/skm?p=2026&format=csv")
	if rows := exportRows(t, csvRes); len(rows) < 5 || rows[1][0] != "1" {
		t.Errorf("ranking CSV: %.300s", csvRes.Body)
	}
	if res := a.get(t, ev, "/kelola/skm/unit/PKM-31.74.08"); res.StatusCode != 403 {
		t.Errorf("evaluator opens a Jakarta Selatan unit: %d", res.StatusCode)
	}
	res = a.get(t, ev, "/kelola/skm/unit/PKM-31.72.01?p=2026")
	mustBePage(t, res, 200, "h2#rtl")
	for _, s := range []string{"Nilai rata-rata (NRR) per unsur", "<svg", "Rencana tindak lanjut", "Profil responden", "Tahun 2026"} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("unit dashboard lacks %q", s)
		}
	}
	if strings.Contains(res.Body, `action="/kelola/skm/unit/PKM-31.72.01/populasi"`) {
		t.Error("evaluator is offered the population form")
	}
	// The operator records N and a follow-up action; the public page shows it.
	op := a.login(t, "operator.pkm")
	q := skm.QuarterCodes(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), 1)[0]
	res = a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/populasi", url.Values{"p": {q}, "population": {"1.000"}})
	if res.StatusCode != 303 {
		t.Fatalf("population: %d %s", res.StatusCode, res.Body)
	}
	res = a.get(t, nil, "/api/v1/units/PKM-31.72.01/ikm?from=2026-10-01&to=2026-12-31")
	if !strings.Contains(res.Body, `"population":1000`) || !strings.Contains(res.Body, `"sample_target":278`) {
		t.Errorf("population not used: %s", res.Body)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/populasi", url.Values{"p": {q}, "population": {"-3"}}); res.StatusCode != 422 {
		t.Errorf("negative population: %d", res.StatusCode)
	}
	res = a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/tindak-lanjut", url.Values{"p": {q}, "element": {"U3"}, "programme": {"Loket tambahan pada jam sibuk"},
		"timeline": {"Januari 2027"}, "responsible": {"Kepala Puskesmas"}})
	if res.StatusCode != 303 {
		t.Fatalf("action: %d %s", res.StatusCode, res.Body)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/tindak-lanjut", url.Values{"p": {q}, "element": {"U99"}}); res.StatusCode != 422 {
		t.Errorf("bad action: %d", res.StatusCode)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PTSP-31.72/tindak-lanjut", url.Values{"p": {q}, "element": {"U3"}, "programme": {"x"}, "timeline": {"x"}, "responsible": {"x"}}); res.StatusCode != 403 {
		t.Errorf("action on another unit: %d", res.StatusCode)
	}
	res = a.get(t, nil, "/hasil/PKM-31.72.01")
	if !strings.Contains(res.Body, "Anda berkata, kami bertindak") || !strings.Contains(res.Body, "Loket tambahan pada jam sibuk") || !strings.Contains(res.Body, "PermenPANRB No. 14 Tahun 2017") {
		t.Error("public results page lacks the follow-up or the method")
	}
	// Own questions appear on the survey and never enter the IKM.
	if res := a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/pertanyaan", url.Values{"text": {"Dari mana Anda tahu layanan ini?"}}); res.StatusCode != 303 {
		t.Fatalf("question: %d", res.StatusCode)
	}
	if res := a.get(t, nil, "/s/PKM-31.72.01"); !strings.Contains(res.Body, "Dari mana Anda tahu layanan ini?") {
		t.Error("own question not on the survey")
	}
}
