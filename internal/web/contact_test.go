package web_test

import (
	"archive/zip"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/store"
	"mutu/internal/web"
)

const contactsPage = "/kelola/kepatuhan/kontak/PTSP-31.72"

// goodContact is a valid contact form for the first service of PTSP-31.72.
func goodContact(t *testing.T, a *app, name, phone, email string) url.Values {
	t.Helper()
	u, err := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"service": {u.Services[0].ID}, "name": {name}, "phone": {phone}, "email": {email}, "served_on": {"2026-10-05"},
		"consent": {"1"}, "consent_how": {"tertulis"}, "consent_on": {"2026-10-05"}}
}

// firstCount selects the count of PTSP-31.72's first service on the page.
func firstCount(t *testing.T, a *app) string {
	t.Helper()
	u, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	return "tr.service-progress[data-service=" + u.Services[0].Code + "] td.count"
}

// contactCount is how many contacts PTSP-31.72 has for 2026, all services.
func contactCount(t *testing.T, a *app) int {
	t.Helper()
	u, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	counts, err := a.DB.ContactCounts(t.Context(), u.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// TestContactForm: the unit's operator adds a contact; each bad field
// (consent above all) comes back beside its input with the input kept and
// nothing saved; the same person twice is refused; the progress counts it.
func TestContactForm(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	good := goodContact(t, a, "Siti Aminah", "0812-3456-7890", "")
	for _, c := range []struct {
		name, field string
		value       []string
	}{
		{"no consent", "consent", nil},
		{"no way of consent", "consent_how", []string{"telepati"}},
		{"no phone nor e-mail", "phone", []string{""}},
		{"bad phone", "phone", []string{"12ab"}},
		{"bad e-mail", "email", []string{"siti@"}},
		{"served tomorrow", "served_on", []string{"2026-11-25"}},
		{"no name", "name", []string{" "}},
		{"another unit's service", "service", []string{"layanan-lain"}},
	} {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form[c.field] = c.value
		res := a.post(t, op, contactsPage+"?tahun=2026", form)
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "h1#contacts-page")
		if textOf(doc, "#e-"+c.field) == "" || len(findAll(doc, "div.errors a[href=#f-"+c.field+"]")) != 1 {
			t.Errorf("%s: no error beside %s: %q", c.name, c.field, textOf(doc, "div.errors"))
		}
		if c.field != "name" && !strings.Contains(res.Body, `value="Siti Aminah"`) {
			t.Errorf("%s: the form lost the name", c.name)
		}
	}
	if n := contactCount(t, a); n != 0 {
		t.Fatalf("refused forms saved %d contacts", n)
	}
	res := a.post(t, op, contactsPage+"?tahun=2026", good)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != contactsPage+"?tahun=2026" {
		t.Fatalf("add: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// The same person, typed another way, is refused.
	again := goodContact(t, a, "Siti A.", "+62 812 3456 7890", "")
	doc := mustBePage(t, a.post(t, op, contactsPage+"?tahun=2026", again), http.StatusConflict, "h1#contacts-page")
	if textOf(doc, "#e-phone") == "" {
		t.Errorf("duplicate: %q", textOf(doc, "div.errors"))
	}
	doc = mustBePage(t, a.get(t, op, contactsPage+"?tahun=2026"), http.StatusOK, "h1#contacts-page")
	rows := findAll(doc, "tr.service-progress")
	if len(rows) == 0 || textOf(doc, firstCount(t, a)) != "1 / 15" {
		t.Errorf("progress %q", textOf(doc, "table.contact-progress"))
	}
	if got := textOf(doc, "td.contact-phone"); got != "081234567890" {
		t.Errorf("phone %q", got)
	}
	// Another year has none; a year out of range is refused, not a 5xx.
	doc = mustBePage(t, a.get(t, op, contactsPage+"?tahun=2025"), http.StatusOK, "h1#contacts-page")
	if len(findAll(doc, "tr.contact")) != 0 {
		t.Error("2025 lists 2026's contact")
	}
	for _, y := range []string{"1999", "2029", "dua"} {
		if res := a.get(t, op, contactsPage+"?tahun="+y); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("year %s: %d", y, res.StatusCode)
		}
	}
	if res := a.post(t, a.login(t, "operator.pkm"), contactsPage+"?tahun=2026", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's operator adding: %d", res.StatusCode)
	}
}

// contactsCSV posts a contact file.
func contactsCSV(t *testing.T, a *app, c *http.Client, body string) response {
	t.Helper()
	ct, b := multipartForm(t, nil, "file", "kontak.csv", []byte(body))
	req, _ := http.NewRequest(http.MethodPost, a.URL+contactsPage+"/impor?tahun=2026", b)
	req.Header.Set("Content-Type", ct)
	return a.do(t, c, req)
}

// TestContactImport: a CSV file is taken whole or not at all; each bad row
// is named with its line and column, never its values.
func TestContactImport(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	u, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	svc := u.Services[0].Code
	header := "layanan;nama;telepon;email;tanggal layanan;persetujuan;cara persetujuan;tanggal persetujuan\n"
	bad := header +
		svc + ";Andi Wijaya;081211112222;;2026-10-01;ya;lisan;2026-10-01\n" +
		svc + ";Bunga Citra;;;2026-10-02;ya;lisan;2026-10-02\n" + // no phone, no e-mail
		svc + ";Candra Kirana;081233334444;;2026-10-03;tidak;lisan;2026-10-03\n" + // no consent
		svc + ";Andi W.;0812 1111 2222;;2026-10-04;ya;lisan;2026-10-04\n" // row 2 again
	doc := mustBePage(t, contactsCSV(t, a, op, bad), http.StatusUnprocessableEntity, "h1#contacts-page")
	errors := textOf(doc, "div.errors")
	for _, want := range []string{"Baris 3, kolom telepon", "Baris 4, kolom persetujuan", "Baris 5, kolom nama"} {
		if !strings.Contains(errors, want) {
			t.Errorf("no %q in %q", want, errors)
		}
	}
	if strings.Contains(errors, "Bunga") || strings.Contains(errors, "0812") {
		t.Errorf("the messages echo personal data: %q", errors)
	}
	if n := contactCount(t, a); n != 0 {
		t.Fatalf("a refused file saved %d contacts", n)
	}
	if res := contactsCSV(t, a, op, "nama;telepon\nAndi;0812\n"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("missing columns: %d", res.StatusCode)
	}
	good := header +
		svc + ";Andi Wijaya;081211112222;;2026-10-01;ya;lisan;2026-10-01\n" +
		strings.ToUpper(u.Services[0].Name) + ";Bunga Citra;;bunga@contoh.id;2026-10-02;Ya;daring;2026-10-02\n"
	if res := contactsCSV(t, a, op, good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d %s", res.StatusCode, res.Body)
	}
	if n := contactCount(t, a); n != 2 {
		t.Fatalf("%d contacts after the import, want 2", n)
	}
	// The same file again: every row is a duplicate; nothing more saved.
	doc = mustBePage(t, contactsCSV(t, a, op, good), http.StatusConflict, "h1#contacts-page")
	if !strings.Contains(textOf(doc, "div.errors"), "Baris 2") {
		t.Errorf("duplicates: %q", textOf(doc, "div.errors"))
	}
	if n := contactCount(t, a); n != 2 {
		t.Fatalf("%d contacts after a refused import, want 2", n)
	}
}

// TestContactIdentitiesByRole: the unit's operator, the city's and the
// province's administrators and the assessor see the identities, each
// view audited; the leaders and the monitoring team see the counts only
// (and are not audited as viewers); another unit's operator is refused.
func TestContactIdentitiesByRole(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	if res := a.post(t, op, contactsPage+"?tahun=2026", goodContact(t, a, "Siti Aminah", "081234567890", "siti@contoh.id")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	for _, c := range []struct {
		user string
		sees bool
	}{
		{"operator.ptsp", true}, {"admin.jakut", true}, {"admin", true}, {"asesor", true},
		{"pimpinan.jakut", false}, {"pimpinan.dki", false}, {"evaluator.jakut", false},
	} {
		res := a.get(t, a.login(t, c.user), contactsPage+"?tahun=2026")
		doc := mustBePage(t, res, http.StatusOK, "h1#contacts-page")
		if got := textOf(doc, firstCount(t, a)); got != "1 / 15" {
			t.Errorf("%s: count %q", c.user, got)
		}
		shown := strings.Contains(res.Body, "Siti Aminah") || strings.Contains(res.Body, "081234567890") || strings.Contains(res.Body, "siti@contoh.id")
		if shown != c.sees || (textOf(doc, "#identities-hidden") == "") != c.sees {
			t.Errorf("%s: identities shown %v, want %v", c.user, shown, c.sees)
		}
	}
	if res := a.get(t, a.login(t, "operator.pkm"), contactsPage); res.StatusCode != http.StatusForbidden {
		t.Errorf("another unit's operator: %d", res.StatusCode)
	}
	entries, err := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "contact.view"})
	if err != nil {
		t.Fatal(err)
	}
	viewers := map[string]bool{}
	for _, e := range entries {
		viewers[e.ActorName] = true
		if strings.Contains(e.ObjectLabel+e.Detail, "Siti") {
			t.Errorf("the audit row holds the identity: %+v", e)
		}
	}
	for _, u := range []string{"operator.ptsp", "admin.jakut", "admin", "asesor"} {
		if !viewers[u] {
			t.Errorf("no audit row of %s's view: %v", u, viewers)
		}
	}
	if len(viewers) != 4 {
		t.Errorf("viewers audited: %v", viewers)
	}
}

// TestContactEraseNow: an administrator erases the year's identities
// after ticking the confirmation; the counts stay.
func TestContactEraseNow(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	if res := a.post(t, op, contactsPage+"?tahun=2026", goodContact(t, a, "Siti Aminah", "081234567890", "")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	if doc := mustBePage(t, a.get(t, op, contactsPage+"?tahun=2026"), http.StatusOK, "h1#contacts-page"); len(findAll(doc, "form#contact-erase")) != 0 {
		t.Error("the operator is offered the erasure")
	}
	admin := a.login(t, "admin.jakut")
	doc := mustBePage(t, a.post(t, admin, contactsPage+"/hapus?tahun=2026", url.Values{}), http.StatusUnprocessableEntity, "form#contact-erase")
	if textOf(doc, "#e-confirmed") == "" || !strings.Contains(textOf(doc, "td.contact-name"), "Siti Aminah") {
		t.Fatalf("unconfirmed: %q", textOf(doc, "div.errors"))
	}
	res := a.post(t, admin, contactsPage+"/hapus?tahun=2026", url.Values{"confirmed": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase: %d", res.StatusCode)
	}
	res = a.get(t, admin, contactsPage+"?tahun=2026")
	doc = mustBePage(t, res, http.StatusOK, "h1#contacts-page")
	if strings.Contains(res.Body, "Siti Aminah") || len(findAll(doc, "tr.contact.erased")) != 1 || len(findAll(doc, "form#contact-erase")) != 0 {
		t.Errorf("after erasure: %q", textOf(doc, "table.contacts"))
	}
	if got := textOf(doc, firstCount(t, a)); got != "1 / 15" {
		t.Errorf("count after erasure %q", got)
	}
	if entries, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "contact.erase"}); len(entries) != 1 || entries[0].ActorName != "admin.jakut" {
		t.Errorf("audit %+v", entries)
	}
}

// TestContactIdentitiesNeverLeave: a contact's name, phone and e-mail are
// in no log line (adding, refusing, importing, viewing) and on no other
// page or file Mutu serves: every GET route, as the province's
// administrator, as a page and as each export format (spreadsheets read
// inside their zip), the audit log and its export included.
func TestContactIdentitiesNeverLeave(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	secrets := []string{"Wibisana Kartadipura", "081299887766", "wibisana@rahasia.id"}
	form := goodContact(t, a, secrets[0], secrets[1], secrets[2])
	if res := a.post(t, op, contactsPage+"?tahun=2026", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	form.Del("consent")
	mustBePage(t, a.post(t, op, contactsPage+"?tahun=2026", form), http.StatusUnprocessableEntity, "h1#contacts-page")
	mustBePage(t, contactsCSV(t, a, op, "layanan;nama;telepon;persetujuan\nx;"+secrets[0]+";"+secrets[1]+";ya\n"), http.StatusUnprocessableEntity, "h1#contacts-page")
	admin := a.login(t, "admin")
	if res := a.get(t, admin, contactsPage+"?tahun=2026"); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, secrets[0]) {
		t.Fatalf("the list itself: %d", res.StatusCode)
	}
	leaks := func(where, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s holds %q", where, s)
			}
		}
	}
	leaks("the log", a.logs())

	u, _ := a.DB.UnitByCode(t.Context(), "PTSP-31.72")
	params := strings.NewReplacer("{code}", "PTSP-31.72", "{service}", u.Services[0].Code, "{$}", "", "{lang}", "id")
	for _, rt := range a.Srv.Routes() {
		pat := web.RoutePattern(rt)
		method, path, _ := strings.Cut(pat, " ")
		if method != http.MethodGet || pat == "GET /kelola/kepatuhan/kontak/{code}" || strings.Contains(path, "{id}") || strings.Contains(path, "{file}") ||
			strings.Contains(path, "{number}") || strings.Contains(path, "{n}") {
			continue
		}
		path = params.Replace(path)
		for _, q := range []string{"", "?format=csv", "?format=xlsx", "?tahun=2026"} {
			res := a.get(t, admin, path+q)
			leaks(pat+q, res.Body)
			if zr, err := zip.NewReader(strings.NewReader(res.Body), int64(len(res.Body))); err == nil {
				for _, f := range zr.File {
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(rc)
					rc.Close()
					leaks(pat+q+" "+f.Name, string(b))
				}
			}
		}
	}
	leaks("the log after the crawl", a.logs())
}
