package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/testutil"
)

// TestDatabaseUnreachable: with PostgreSQL stopped, pages, forms, the API,
// Open311 and /healthz answer 503 with Retry-After, never a 500.
func TestDatabaseUnreachable(t *testing.T) {
	dsn, stop := testutil.StoppablePostgres(t)
	a := newAppOn(t, seededDB(t, dsn))
	staff := a.login(t, "admin.jakut")
	if res := a.get(t, staff, "/dasbor"); res.StatusCode != 200 {
		t.Fatalf("dashboard before: %d", res.StatusCode)
	}
	key := responsesKey(t, a) // the API checks its key in the database too
	stop()
	requests := []struct {
		name, method, path, ctype, body string
		c                               *http.Client
		want                            string
	}{
		{"public page", "GET", "/wilayah/31.72", "", "", nil, "basis data tidak dapat dihubungi"},
		{"staff page", "GET", "/dasbor", "", "", staff, "basis data tidak dapat dihubungi"},
		{"sign-in", "POST", "/masuk", formType, "username=admin.jakut&password=x", nil, "basis data tidak dapat dihubungi"},
		{"survey", "POST", "/s/PKM-31.72.01", formType, answers(4).Encode(), nil, "basis data tidak dapat dihubungi"},
		{"admin form", "POST", "/kelola/unit/PKM-31.72.01/status", formType, "active=0", staff, "basis data tidak dapat dihubungi"},
		{"API read", "GET", "/api/v1/units", "", "", nil, `"code":"unavailable"`},
		{"API write", "POST", "/api/v1/units/DKP-31.72/responses", "application/json", `{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3}}`, nil, `"code":"unavailable"`},
		{"Open311", "GET", "/open311/v2/requests.json", "", "", nil, `"code":503`},
		{"healthz", "GET", "/healthz", "", "", nil, `"status":"unavailable"`},
	}
	for _, tt := range requests {
		req, _ := http.NewRequest(tt.method, a.URL+tt.path, strings.NewReader(tt.body))
		if tt.ctype != "" {
			req.Header.Set("Content-Type", tt.ctype)
		}
		if strings.HasPrefix(tt.path, "/api/") {
			req.Header.Set("Authorization", key["Authorization"])
		}
		res := a.do(t, tt.c, req)
		if res.StatusCode != 503 || res.Header.Get("Retry-After") != "30" || !strings.Contains(res.Body, tt.want) {
			t.Errorf("%s: %d, Retry-After %q: %.300s", tt.name, res.StatusCode, res.Header.Get("Retry-After"), res.Body)
		}
	}
	if logs := a.logs(); strings.Contains(logs, `"status":500`) || strings.Contains(logs, "panic") {
		t.Error("a request failed with 500 or a panic")
	}
}

// TestDiskFull: when the SQLite database cannot grow, surveys, complaints
// and administrators' forms answer 503 with Retry-After, nothing of the
// refused write is kept, and /healthz reports the full disk until a write
// succeeds again.
func TestDiskFull(t *testing.T) {
	a := newApp(t)
	staff := a.login(t, "admin.jakut")
	if err := a.DB.CapSQLiteGrowth(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	// Writes that fit in the pages the file has still succeed; keep
	// writing until one needs a new page.
	untilFull := func(what string, post func(i int) response) response {
		t.Helper()
		for i := range 1000 {
			res := post(i)
			if res.StatusCode == 503 {
				return res
			}
			if res.StatusCode != 303 {
				t.Fatalf("%s %d: %d %.300s", what, i, res.StatusCode, res.Body)
			}
		}
		t.Fatalf("%s: 1000 writes and the database never filled", what)
		return response{}
	}
	full := func(what string, res response) {
		t.Helper()
		if res.Header.Get("Retry-After") != "30" || !strings.Contains(res.Body, "Penyimpanan server penuh") {
			t.Errorf("%s: Retry-After %q: %.300s", what, res.Header.Get("Retry-After"), res.Body)
		}
	}
	full("survey", untilFull("survey", func(i int) response {
		f := answers(3)
		f.Set("saran", fmt.Sprintf("Saran nomor %d: %s", i, strings.Repeat("antre lebih tertib ", 10)))
		return a.post(t, a.client(t), "/s/PKM-31.72.01", f)
	}))
	res := a.get(t, nil, "/healthz")
	if res.StatusCode != 503 || !strings.Contains(res.Body, `"disk":"full"`) || res.Header.Get("Retry-After") != "30" {
		t.Fatalf("healthz with a full disk: %d %s", res.StatusCode, res.Body)
	}
	full("complaint", untilFull("complaint", func(i int) response {
		return a.post(t, a.client(t), "/pengaduan", url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
			"title": {fmt.Sprintf("Antrean tidak tertib %d", i)}, "body": {strings.Repeat("Nomor antrean saya dilewati dua kali pagi ini. ", 8)}})
	}))
	var last string
	full("admin form", untilFull("admin form", func(i int) response {
		last = fmt.Sprintf("RSUD-PENUH-%d", i)
		return a.post(t, staff, "/kelola/unit-baru", url.Values{"code": {last}, "name": {"RSUD " + strings.Repeat("Penuh ", 20)}, "type": {"rsud"},
			"region_code": {"31.72.03"}, "services": {"Rawat jalan\nRawat inap"}})
	}))
	if _, err := a.DB.UnitByCode(t.Context(), last); err == nil {
		t.Errorf("the refused unit %s was stored", last)
	}
	// Room again: the next write succeeds and /healthz is well.
	if err := a.DB.CapSQLiteGrowth(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	if res := a.post(t, staff, "/kelola/unit-baru", url.Values{"code": {last}, "name": {"RSUD Lega"}, "type": {"rsud"}, "region_code": {"31.72.03"}}); res.StatusCode != 303 {
		t.Fatalf("after making room: %d", res.StatusCode)
	}
	if res := a.get(t, nil, "/healthz"); res.StatusCode != 200 {
		t.Errorf("healthz after making room: %d %s", res.StatusCode, res.Body)
	}
}
