package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/store"
	"mutu/internal/web"
)

func TestScopeIsEnforcedPerObject(t *testing.T) {
	a := newApp(t)
	adminJakut := a.login(t, "admin.jakut")
	operator := a.login(t, "operator.ptsp")
	evaluator := a.login(t, "evaluator.jakut")

	cases := []struct {
		name   string
		c      *http.Client
		method string
		path   string
		want   int
	}{
		{"admin edits a unit of another city", adminJakut, "GET", "/kelola/unit/PTSP-31.74", 403},
		{"admin posts to a unit of another city", adminJakut, "POST", "/kelola/unit/PTSP-31.74", 403},
		{"admin deactivates a unit of another city", adminJakut, "POST", "/kelola/unit/PTSP-31.74/status", 403},
		{"admin edits a unit of their city", adminJakut, "GET", "/kelola/unit/PKM-31.72.01", 200},
		{"operator edits another unit", operator, "GET", "/kelola/unit/PKM-31.72.01", 403},
		{"operator adds a service to another unit", operator, "POST", "/kelola/unit/PKM-31.72.01/layanan", 403},
		{"operator edits own unit", operator, "GET", "/kelola/unit/PTSP-31.72", 200},
		{"admin opens a user outside the city", adminJakut, "GET", "/kelola/pengguna/" + userID(t, a, "asesor"), 404},
		{"admin opens a user inside the city", adminJakut, "GET", "/kelola/pengguna/" + userID(t, a, "pimpinan.jakut"), 200},
	}
	for _, tc := range cases {
		var res response
		if tc.method == "GET" {
			res = a.get(t, tc.c, tc.path)
		} else {
			res = a.post(t, tc.c, tc.path, url.Values{"name": {"X"}})
		}
		if res.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}
	if u, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.74"); !u.Active || u.Name == "X" {
		t.Errorf("a refused change was applied: %+v", u)
	}

	// Lists are confined to the scope whatever the filter asks.
	res := a.get(t, operator, "/kelola/unit?wilayah=31")
	mustBePage(t, res, 200, "input#f-q")
	if !strings.Contains(res.Body, "PTSP-31.72") || strings.Contains(res.Body, "PKM-31.72.01") || !strings.Contains(res.Body, "<p>1 unit ·") {
		t.Errorf("operator's list is not just their unit:\n%s", res.Body)
	}
	res = a.get(t, evaluator, "/kelola/unit?wilayah=31.74")
	mustBePage(t, res, 200, "input#f-q")
	if strings.Contains(res.Body, "PTSP-31.74") || !strings.Contains(res.Body, "47 unit") {
		t.Errorf("evaluator sees beyond Jakarta Utara")
	}
	res = a.get(t, evaluator, "/kelola/unit?wilayah=31.72&format=csv")
	if rows := exportRows(t, res); len(rows) != 48 || strings.Join(rows[0][:5], ",") != "unit_code,name,type,region_code,services" {
		t.Errorf("CSV export: %d rows\n%.300s", len(rows), res.Body)
	}

	// An administrator cannot give an account a scope wider than their own.
	res = a.post(t, adminJakut, "/kelola/pengguna-baru", url.Values{"username": {"pimpinan.baru"}, "name": {"Pimpinan Baru"},
		"role": {"leader"}, "region_code": {"31"}, "password": {"sandi-sementara-1"}, "active": {"1"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "di luar cakupan") {
		t.Errorf("wider scope: %d", res.StatusCode)
	}
	// Nor assign an operator to a unit of another city.
	res = a.post(t, adminJakut, "/kelola/pengguna-baru", url.Values{"username": {"op.baru"}, "name": {"Op"},
		"role": {"operator"}, "units": {"PTSP-31.74"}, "password": {"sandi-sementara-1"}, "active": {"1"}})
	if res.StatusCode != 422 {
		t.Errorf("operator of another city's unit: %d", res.StatusCode)
	}
	if _, err := a.DB.UserByUsername(t.Context(), "op.baru"); err == nil {
		t.Error("refused user was created")
	}
	// The audit log shows only the city's entries (searched by object: the
	// demo's seeding fills more than the page's latest 100 rows).
	log := textOf(mustBePage(t, a.get(t, adminJakut, "/kelola/audit?objek=PTSP-31.7"), 200, "#audit-log"), "#audit-log tbody")
	if strings.Contains(log, "PTSP-31.74") || !strings.Contains(log, "PTSP-31.72") {
		t.Errorf("audit log not confined to the administrator's region:\n%s", log)
	}
}

func userID(t *testing.T, a *app, username string) string {
	t.Helper()
	u, err := a.DB.UserByUsername(t.Context(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestSignIn(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	res := a.get(t, c, "/dasbor")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/masuk?next=%2Fdasbor" {
		t.Fatalf("anonymous dashboard: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Unknown user and wrong password get the same answer.
	for _, form := range []url.Values{
		{"username": {"tidak.ada"}, "password": {"apa-saja-123"}},
		{"username": {"admin.jakut"}, "password": {"salah-sandi-123"}},
		{"username": {""}, "password": {""}},
	} {
		res = a.post(t, c, "/masuk", form)
		if res.StatusCode != 401 || !strings.Contains(res.Body, "Nama pengguna atau kata sandi salah") {
			t.Errorf("%v: %d", form, res.StatusCode)
		}
	}
	res = a.post(t, c, "/masuk", url.Values{"username": {"Admin.Jakut "}, "password": {"mutu-demo-2026"}, "next": {"//evil.example/x"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/dasbor" {
		t.Fatalf("login: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range (&http.Response{Header: res.Header}).Cookies() {
		if ck.Name == "mutu_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", cookie)
	}
	res = a.get(t, c, "/dasbor")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Administrator Kota Jakarta Utara") {
		t.Fatalf("dashboard: %d", res.StatusCode)
	}
	res = a.post(t, c, "/keluar", nil)
	if res.StatusCode != 303 {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res = a.get(t, c, "/dasbor"); res.StatusCode != 303 {
		t.Fatalf("dashboard after logout: %d", res.StatusCode)
	}
	if strings.Contains(a.logs(), "mutu-demo-2026") {
		t.Error("a password reached the log")
	}
}

func TestSignInRateLimit(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.RateLimit = 10 })
	c := a.client(t)
	var limited bool
	for i := 0; i < 30 && !limited; i++ {
		res := a.post(t, c, "/masuk", url.Values{"username": {"x" + string(rune('a'+i))}, "password": {"y"}})
		limited = res.StatusCode == 429
	}
	if !limited {
		t.Fatal("30 sign-ins in a row from one address were never limited")
	}
}

func TestChangePasswordAndForcedChange(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	// The administrator creates an operator with a temporary password.
	res := a.post(t, admin, "/kelola/pengguna-baru", url.Values{"username": {"op.koja"}, "name": {"Operator Koja"},
		"role": {"operator"}, "units": {"KEC-31.72.03, PKM-31.72.01"}, "password": {"sementara-123"}, "active": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("create user: %d %s", res.StatusCode, res.Body)
	}
	op := a.client(t)
	res = a.post(t, op, "/masuk", url.Values{"username": {"op.koja"}, "password": {"sementara-123"}})
	if res.StatusCode != 303 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	if res = a.get(t, op, "/kelola/unit"); res.StatusCode != 303 || res.Header.Get("Location") != "/akun/sandi" {
		t.Fatalf("must change password first: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = a.post(t, op, "/akun/sandi", url.Values{"current": {"salah"}, "password": {"pendek"}, "confirm": {"lain"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Kata sandi sekarang salah") || !strings.Contains(res.Body, "minimal 10 karakter") || !strings.Contains(res.Body, "tidak sama") {
		t.Fatalf("bad change: %d", res.StatusCode)
	}
	res = a.post(t, op, "/akun/sandi", url.Values{"current": {"sementara-123"}, "password": {"kopi susu pagi hari"}, "confirm": {"kopi susu pagi hari"}})
	if res.StatusCode != 303 {
		t.Fatalf("change: %d %s", res.StatusCode, res.Body)
	}
	if res = a.get(t, op, "/kelola/unit"); res.StatusCode != 200 || !strings.Contains(res.Body, "2 unit") {
		t.Fatalf("after change: %d", res.StatusCode)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "admin.jakut")
	req, _ := http.NewRequest("POST", a.URL+"/kelola/unit/PKM-31.72.01/status", strings.NewReader("active=0"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := a.do(t, c, req); res.StatusCode != 403 {
		t.Fatalf("cross-origin POST: %d", res.StatusCode)
	}
	if u, _ := a.DB.UnitByCode(t.Context(), "PKM-31.72.01"); !u.Active {
		t.Fatal("cross-origin POST changed data")
	}
}

func upload(t *testing.T, a *app, c *http.Client, path, filename string, content []byte) response {
	t.Helper()
	return uploadForm(t, a, c, path, nil, filename, content)
}

// uploadForm posts a multipart form with fields and one file.
func uploadForm(t *testing.T, a *app, c *http.Client, path string, fields map[string]string, filename string, content []byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", a.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(t, c, req)
}

func TestImportUnits(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "admin.jakut")
	good := "unit_code,name,type,region_code,services\r\nPKM-31.72.03,Puskesmas Kecamatan Koja,puskesmas_kecamatan,31.72.03,Imunisasi;Pemeriksaan kesehatan umum\r\n"
	res := upload(t, a, c, "/kelola/impor", "units.csv", []byte("\xEF\xBB\xBF"+good))
	if res.StatusCode != 200 || !strings.Contains(res.Body, "1 unit dan 2 layanan") {
		t.Fatalf("good import: %d %s", res.StatusCode, res.Body)
	}
	semicolons := "unit_code;name;type;region_code;services\nPKM-31.72.05;Puskesmas Kecamatan Pademangan;puskesmas_kecamatan;31.72.05;\"Imunisasi;KIA\"\n"
	if res := upload(t, a, c, "/kelola/impor", "excel.csv", []byte(semicolons)); res.StatusCode != 200 {
		t.Fatalf("semicolon import: %d", res.StatusCode)
	}
	cases := []struct {
		name, file string
		status     int
		says       []string
	}{
		{"bad rows", "unit_code,name,type,region_code,services\nNEW-1,Baru,lainnya,31.72,A\nNEW-2,,jenis_aneh,31.99,B\nPKM-31.72.03,Dup,lainnya,31.72,\nNEW-3,Selatan,lainnya,31.74,\n", 422,
			[]string{"Baris 3, kolom name: Wajib diisi", "Baris 3, kolom type: Jenis unit tidak dikenal", "Baris 3, kolom region_code: Wilayah tidak dikenal", "Baris 4, kolom unit_code: Kode unit PKM-31.72.03 sudah dipakai", "Baris 5, kolom region_code: Wilayah ini di luar cakupan"}},
		{"missing column", "unit_code,name\nA,B\n", 422, []string{"Kolom wajib tidak ada: type, region_code"}},
		{"malformed", "unit_code,name,type,region_code\n\"NEW-9,x,lainnya,31.72\n", 422, []string{"rusak di baris"}},
		{"empty", "", 422, []string{"Berkas kosong"}},
		{"header only", "unit_code,name,type,region_code,services\n", 422, []string{"tidak berisi baris data"}},
		{"binary", "unit_code,name,type,region_code\nA\xff\xfe,B,lainnya,31.72\n", 422, []string{"bukan teks UTF-8"}},
	}
	for _, tc := range cases {
		res := upload(t, a, c, "/kelola/impor", "x.csv", []byte(tc.file))
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		for _, s := range tc.says {
			if !strings.Contains(res.Body, s) {
				t.Errorf("%s: page does not say %q", tc.name, s)
			}
		}
	}
	if _, err := a.DB.UnitByCode(t.Context(), "NEW-1"); err == nil {
		t.Error("a row of a refused file was stored")
	}
	big := append([]byte("unit_code,name,type,region_code\n"), bytes.Repeat([]byte("X"), 2<<20)...)
	if res := upload(t, a, c, "/kelola/impor", "big.csv", big); res.StatusCode != 413 || !strings.Contains(res.Body, "terlalu besar") {
		t.Errorf("oversized: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("POST", a.URL+"/kelola/impor", strings.NewReader("file=nothing"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := a.do(t, c, req); res.StatusCode != 422 || !strings.Contains(res.Body, "Pilih berkas CSV") {
		t.Errorf("no file: %d", res.StatusCode)
	}
}

func TestUnitForms(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "admin.jakut")
	res := a.post(t, c, "/kelola/unit-baru", url.Values{"code": {"bad code"}, "name": {""}, "type": {"lainnya"}, "region_code": {"31.74"}, "email": {"bukan-surel"}, "website": {"javascript:alert(1)"}})
	for _, s := range []string{"Kode unit 2–40 karakter", "Wajib diisi", "di luar cakupan", "Alamat surel tidak valid", "diawali http"} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("invalid unit form does not say %q", s)
		}
	}
	if res.StatusCode != 422 {
		t.Errorf("invalid unit: %d", res.StatusCode)
	}
	res = a.post(t, c, "/kelola/unit-baru", url.Values{"code": {"rsud-koja"}, "name": {"RSUD Koja"}, "type": {"rsud"}, "region_code": {"31.72.03"},
		"services": {"Rawat jalan\nRawat inap\nRawat jalan"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/kelola/unit/RSUD-KOJA" {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	u, err := a.DB.UnitByCode(t.Context(), "RSUD-KOJA")
	if err != nil || len(u.Services) != 3 || u.Services[2].Code != "rawat-jalan-2" {
		t.Fatalf("created: %+v %v", u, err)
	}
	// Operators may edit their unit's profile but not move it.
	op := a.login(t, "operator.ptsp")
	res = a.post(t, op, "/kelola/unit/PTSP-31.72", url.Values{"name": {"PTSP Jakarta Utara"}, "region_code": {"31.74"}, "type": {"lainnya"}, "phone": {"(021) 4301234"}})
	if res.StatusCode != 303 {
		t.Fatalf("operator edit: %d %s", res.StatusCode, res.Body)
	}
	ptsp, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	if ptsp.Name != "PTSP Jakarta Utara" || ptsp.RegionCode != "31.72" || ptsp.TypeCode != "up_pm_ptsp" || ptsp.Phone != "(021) 4301234" {
		t.Fatalf("after operator edit: %+v", ptsp)
	}
	res = a.post(t, op, "/kelola/unit/PTSP-31.72/layanan", url.Values{"name": {"Konsultasi perizinan"}})
	if res.StatusCode != 303 {
		t.Fatalf("add service: %d", res.StatusCode)
	}
	res = a.post(t, op, "/kelola/unit/PTSP-31.72/layanan/konsultasi-perizinan", url.Values{"name": {"Konsultasi perizinan"}, "code": {"ktp-el"}, "active": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("rename service code: %d", res.StatusCode)
	}
	res = a.post(t, op, "/kelola/unit/PTSP-31.72/layanan/ktp-el", url.Values{"name": {"Konsultasi perizinan"}, "code": {"Bad Code!"}, "active": {"1"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Kode layanan hanya huruf kecil") {
		t.Fatalf("bad service code: %d", res.StatusCode)
	}
	res = a.post(t, c, "/kelola/unit/PTSP-31.72/status", url.Values{"active": {"0"}, "confirmed": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if res := a.get(t, nil, "/unit/PTSP-31.72"); res.StatusCode != 404 {
		t.Errorf("inactive unit public page: %d", res.StatusCode)
	}
	if res := a.get(t, op, "/unit/PTSP-31.72"); res.StatusCode != 200 {
		t.Errorf("inactive unit for its operator: %d", res.StatusCode)
	}
	entries, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{RegionCode: "31.72"})
	var actions []string
	for _, e := range entries[:5] {
		actions = append(actions, e.ActorName+":"+e.Action)
	}
	if got := strings.Join(actions, ","); got != "admin.jakut:unit.deactivate,operator.ptsp:service.update,operator.ptsp:service.create,operator.ptsp:unit.update,admin.jakut:unit.create" {
		t.Errorf("audit: %s", got)
	}
}

func TestPublicPagesAndAPI(t *testing.T) {
	a := newApp(t)
	for path, want := range map[string]string{
		"/":                      "267",
		"/wilayah":               "Daerah Khusus Ibukota Jakarta",
		"/wilayah/31":            "Kota Administrasi Jakarta Utara",
		"/wilayah/31.72.01.1001": "Kantor Kelurahan",
		"/unit/pkm-31.72.01":     "Imunisasi",
		"/wilayah/31.72?hal=2":   "Kota Administrasi Jakarta Utara", // out-of-range pages render, not fail
		"/static/htmx.min.js":    "htmx",
	} {
		res := a.get(t, nil, path)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		if !strings.Contains(res.Body, want) {
			t.Errorf("%s does not contain %q", path, want)
		}
	}
	if res := a.get(t, nil, "/wilayah/99"); res.StatusCode != 404 {
		t.Errorf("unknown region: %d", res.StatusCode)
	}
	var children struct {
		Count    int `json:"count"`
		Children []struct {
			Code  string `json:"code"`
			Units int    `json:"units"`
		} `json:"children"`
	}
	res := a.get(t, nil, "/api/v1/regions/31/children")
	if err := json.Unmarshal([]byte(res.Body), &children); err != nil || children.Count != 6 || children.Children[2].Code != "31.72" || children.Children[2].Units != 47 {
		t.Fatalf("children: %s %v", res.Body, err)
	}
	var units struct {
		Total int `json:"total"`
		Units []struct {
			Code     string `json:"code"`
			Services []any  `json:"services"`
		} `json:"units"`
	}
	res = a.get(t, nil, "/api/v1/units?region=31.72.01")
	if err := json.Unmarshal([]byte(res.Body), &units); err != nil || units.Total != 7 || units.Units[0].Code != "KEC-31.72.01" {
		t.Fatalf("units: %s %v", res.Body, err)
	}
	var one struct {
		Code     string `json:"code"`
		Services []struct{ Code, Name string }
	}
	res = a.get(t, nil, "/api/v1/units/DKP-31.72")
	if err := json.Unmarshal([]byte(res.Body), &one); err != nil || len(one.Services) != 7 || one.Services[0].Code != "ktp-el" {
		t.Fatalf("unit: %s", res.Body)
	}
	if strings.Contains(res.Body, `"id"`) {
		t.Error("internal ids in the public API")
	}
	for path, status := range map[string]int{"/api/v1/units/NOPE": 404, "/api/v1/units?region=abc": 422, "/api/v1/regions/31.9/children": 422, "/api/v1/regions/31.99/children": 404} {
		res := a.get(t, nil, path)
		var body struct {
			Error struct{ Code, Message string }
		}
		if res.StatusCode != status || json.Unmarshal([]byte(res.Body), &body) != nil || body.Error.Message == "" {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Body)
		}
	}
	req, _ := http.NewRequest("GET", a.URL+"/api/v1/units/NOPE", nil)
	req.Header.Set("Accept-Language", "en-US")
	if res := a.do(t, nil, req); !strings.Contains(res.Body, "Unit NOPE not found") {
		t.Errorf("English API error: %s", res.Body)
	}
}

func TestLanguageSwitch(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	res := a.get(t, c, "/bahasa/en?next=/wilayah/31")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/wilayah/31" {
		t.Fatalf("switch: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res = a.get(t, c, "/wilayah/31"); !strings.Contains(res.Body, "Cities/Regencies") || !strings.Contains(res.Body, `lang="en"`) {
		t.Error("page not in English after the switch")
	}
	if res = a.get(t, c, "/bahasa/id?next=https://evil.example"); res.Header.Get("Location") != "/" {
		t.Errorf("open redirect: %s", res.Header.Get("Location"))
	}
}

func TestOperations(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/healthz")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", res.StatusCode, res.Body)
	}
	a.get(t, nil, "/wilayah/31?nik=3171234567890001")
	res = a.get(t, nil, "/metrics")
	if res.StatusCode != 200 || !strings.Contains(res.Body, `mutu_http_requests_total{method="GET",route="GET /wilayah/{code}",status="200"} 1`) {
		t.Fatalf("metrics: %d", res.StatusCode)
	}
	logs := a.logs()
	if !strings.Contains(logs, `"route":"GET /wilayah/{code}"`) || !strings.Contains(logs, `"request_id"`) {
		t.Errorf("request log lacks route or id")
	}
	if strings.Contains(logs, "3171234567890001") {
		t.Error("a query string reached the log")
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Request-Id"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	// With a token configured, /metrics needs it; without one, only loopback.
	tok := newApp(t, func(c *web.Config) { c.MetricsToken = "s3cret" })
	if res := tok.get(t, nil, "/metrics"); res.StatusCode != 403 {
		t.Errorf("metrics without token: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("GET", tok.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	if res := tok.do(t, nil, req); res.StatusCode != 200 {
		t.Errorf("metrics with token: %d", res.StatusCode)
	}
	rec := httptestRecorder(a, "GET", "/metrics", "203.0.113.9:5555")
	if rec != 403 {
		t.Errorf("metrics from a remote address: %d", rec)
	}
}

func TestDeviceRateLimit(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.RateLimit = 1000 }) // IP limit out of the way; 50/s per device, burst 30
	key := responsesKey(t, a)
	var limited bool
	for i := 0; i < 200 && !limited; i++ {
		body := `{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":` + string(rune('1'+i%4)) + `},"device":"one-phone","saran":"` + strings.Repeat("x", i) + `"}`
		res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", body, key)
		limited = res.StatusCode == 429
	}
	if !limited {
		t.Fatal("200 responses from one device in a row were never limited")
	}
	// Another device is not affected.
	res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", `{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"device":"another-phone"}`, key)
	if res.StatusCode != 201 {
		t.Fatalf("another device: %d %s", res.StatusCode, res.Body)
	}
}
