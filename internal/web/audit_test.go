package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAuditPageShowsScopedRowsInWords: a user created by a city
// administrator (no region of their own) shows in the province's and the
// city's audit log, named by the user's name with the action in words; the
// action filter is a list; the filtered rows export as CSV and XLSX, not
// cached; a malformed date or unknown action is a 422 with a message.
func TestAuditPageShowsScopedRowsInWords(t *testing.T) {
	a := newApp(t)
	city := a.login(t, "admin.jakut")
	res := a.post(t, city, "/kelola/pengguna-baru", url.Values{"username": {"op.koja"}, "name": {"Operator Koja"},
		"role": {"operator"}, "units": {"KEC-31.72.03, PKM-31.72.01"}, "password": {"sementara-123"}, "active": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("create user: %d %s", res.StatusCode, res.Body)
	}
	prov := a.login(t, "admin")
	for name, c := range map[string]*http.Client{"province": prov, "city": city} {
		doc := mustBePage(t, a.get(t, c, "/kelola/audit?aksi=user.create"), 200, "table#audit-log")
		if log := textOf(doc, "#audit-log tbody"); !strings.Contains(log, "Operator Koja") || !strings.Contains(log, "Akun pengguna dibuat") {
			t.Errorf("%s: the created user is not in the log, in words:\n%s", name, log)
		}
	}
	doc := mustBePage(t, a.get(t, prov, "/kelola/audit"), 200, "select#f-aksi")
	if opts := textOf(doc, "select#f-aksi option"); !strings.Contains(opts, "Survei kertas diimpor") || strings.Contains(opts, "skm.import") {
		t.Errorf("action list:\n%s", opts)
	}

	csv := a.get(t, prov, "/kelola/audit?aksi=user.create&format=csv")
	if csv.StatusCode != 200 || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || csv.Header.Get("Cache-Control") != "no-store" ||
		!strings.Contains(csv.Body, "Operator Koja") || !strings.Contains(csv.Body, "Akun pengguna dibuat") || strings.Contains(csv.Body, "Daftar wilayah") {
		t.Errorf("CSV export: %d %v\n%s", csv.StatusCode, csv.Header, csv.Body)
	}
	xlsx := a.get(t, prov, "/kelola/audit?format=xlsx")
	if xlsx.StatusCode != 200 || xlsx.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(xlsx.Body, "PK\x03\x04") {
		t.Errorf("XLSX export: %d %v", xlsx.StatusCode, xlsx.Header)
	}

	for _, q := range []string{"dari=21-11-2026", "sampai=kemarin", "aksi=skm.tidak-ada", "format=pdf"} {
		if res := a.get(t, prov, "/kelola/audit?"+q); res.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", q, res.StatusCode)
		}
	}
	if res := a.get(t, prov, "/kelola/audit?dari=21-11-2026"); !strings.Contains(res.Body, "TTTT-BB-HH") {
		t.Errorf("a malformed date does not say what is expected:\n%.800s", res.Body)
	}
}
