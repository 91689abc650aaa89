package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// valueOf is what an input shows: the value of an input, the text of a
// textarea, the selected option of a select, "checked" for a checked box.
func valueOf(e *html.Node) string {
	switch e.Data {
	case "textarea":
		return textOf(e, "")
	case "select":
		for _, o := range findAll(e, "option") {
			for _, a := range o.Attr {
				if a.Key == "selected" {
					return attr(o, "value")
				}
			}
		}
		return ""
	}
	if t := attr(e, "type"); t == "checkbox" || t == "radio" {
		for _, a := range e.Attr {
			if a.Key == "checked" {
				return "checked"
			}
		}
		return ""
	}
	return attr(e, "value")
}

// besideField checks that the message of a field (#e-NAME) stands next to
// its input (#f-NAME): both inside the input's field, row or cell, not only
// in the summary.
func besideField(t *testing.T, doc *html.Node, name string) {
	t.Helper()
	in, msg := findAll(doc, "#f-"+name), findAll(doc, "#e-"+name)
	if len(in) != 1 || len(msg) != 1 || strings.TrimSpace(textOf(msg[0], "")) == "" {
		t.Errorf("%s: %d inputs, %d messages", name, len(in), len(msg))
		return
	}
	for box, up := in[0].Parent, 0; box != nil && up < 3; box, up = box.Parent, up+1 {
		if len(findAll(box, "#e-"+name)) == 1 {
			return
		}
	}
	t.Errorf("the message of %s is not next to its input", name)
}

// changed is the lines of x that y does not have.
func changed(x, y string) string {
	var out []string
	for _, l := range strings.Split(x, "\n") {
		if !strings.Contains(y, l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Every form of the product with a wrong input comes back as its own page
// with the error's status: the page proven by an element only it has, the
// user's input kept, the message next to the field (on a table's row, the
// row's field) and linked from the summary, and nothing changed in the
// store.
func TestEveryFormComesBackOnItsPage(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	admin, prov, op := a.login(t, "admin.jakut"), a.login(t, "admin"), a.login(t, "operator.pkm")
	pkm, err := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil || len(pkm.Services) == 0 {
		t.Fatalf("demo unit: %v", err)
	}
	svc := pkm.Services[0]

	// Rows to act on: an API key, a kiosk and a follow-up plan.
	if res := a.post(t, admin, "/kelola/kunci-api", url.Values{"name": {"Aplikasi kecamatan"}, "region_code": {"31.72"}, "scopes": {"open311"}}); res.StatusCode != http.StatusCreated {
		t.Fatalf("create API key: %d", res.StatusCode)
	}
	keys, err := a.DB.APIKeys(ctx, "31.72")
	if err != nil || len(keys) == 0 {
		t.Fatalf("API keys: %v %v", keys, err)
	}
	if res, _ := registerKiosk(t, a, op, "PKM-31.72.01", "Loket depan", ""); res.StatusCode != http.StatusCreated {
		t.Fatalf("register kiosk: %d", res.StatusCode)
	}
	kiosks, err := a.DB.Kiosks(ctx, pkm.ID)
	if err != nil || len(kiosks) != 1 {
		t.Fatalf("kiosks: %v %v", kiosks, err)
	}
	if res := a.post(t, op, "/kelola/skm/unit/PKM-31.72.01/tindak-lanjut", url.Values{"p": {"2026-T4"}, "element": {"U5"},
		"programme": {"Pelatihan petugas loket"}, "timeline": {"Januari 2027"}, "responsible": {"Kepala Puskesmas"}}); res.StatusCode != 303 {
		t.Fatalf("add plan: %d", res.StatusCode)
	}
	plans, err := a.DB.Actions(ctx, pkm.ID)
	if err != nil || len(plans) != 1 {
		t.Fatalf("plans: %v %v", plans, err)
	}
	plan := plans[0]
	fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"}, "email": {"warga@example.com"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."}})
	leader, err := a.DB.UserByUsername(ctx, "pimpinan.jakut")
	if err != nil {
		t.Fatal(err)
	}

	// What each form could change, written out to compare before and after.
	state := func() string {
		u, _ := a.DB.UnitByCode(ctx, "PKM-31.72.01")
		ks, _ := a.DB.APIKeys(ctx, "31.72")
		kk, _ := a.DB.Kiosks(ctx, pkm.ID)
		pl, _ := a.DB.Actions(ctx, pkm.ID)
		sl, _ := a.DB.SLASettings(ctx)
		cal, _ := a.DB.Calendar(ctx)
		var b strings.Builder
		fmt.Fprintf(&b, "unit %+v\n", *u)
		for _, k := range ks {
			fmt.Fprintf(&b, "key %s %s %v\n", k.ID, k.Name, k.RevokedAt)
		}
		fmt.Fprintf(&b, "kiosks %+v\nplans %+v\nsla %+v\nholidays %v\n", kk, pl, sl, cal.Days(2026))
		for _, name := range []string{"pimpinan.jakut", "admin.jakut"} {
			if u, err := a.DB.UserByUsername(ctx, name); err == nil {
				fmt.Fprintf(&b, "user %s %s %s %v %s %v\n", name, u.Name, u.Role, u.Active, u.PasswordHash, u.UnitIDs)
			}
		}
		return b.String()
	}

	cases := []struct {
		name  string
		c     *http.Client
		path  string
		form  url.Values
		page  string // an element only the form's page has
		field string // the input (#f-…) whose message (#e-…) stands next to it
		kept  string // an input showing the user's value again ("" : none to keep)
		value string
	}{
		{"API key revoked without confirmation", admin, "/kelola/kunci-api/" + keys[0].ID + "/cabut", nil,
			`form[action=/kelola/kunci-api]`, keys[0].ID + "-confirmed", "", ""},
		{"API key without a name", admin, "/kelola/kunci-api", url.Values{"region_code": {"31.72.01"}, "scopes": {"responses"}},
			`form[action=/kelola/kunci-api]`, "name", "#f-region_code", "31.72.01"},
		{"kiosk revoked without confirmation", op, "/kelola/skm/unit/PKM-31.72.01/kiosk/" + kiosks[0].ID + "/cabut", nil,
			"h3#kios", kiosks[0].ID + "-confirmed", "", ""},
		{"holiday removed without confirmation", prov, "/kelola/libur", url.Values{"date": {"2026-12-25"}, "delete": {"1"}},
			`form[action=/kelola/libur]`, "2026-12-25-confirmed", "", ""},
		{"SLA not a number", prov, "/kelola/sla", url.Values{"kind": {"pengaduan"}, "verify_days": {"tiga"}, "first_response_days": {"5"}, "resolution_days": {"14"}, "auto_close_days": {"10"}},
			`form[action=/kelola/sla]`, "pengaduan-verify_days", "#f-pengaduan-verify_days", "tiga"},
		{"service row without a name", op, "/kelola/unit/PKM-31.72.01/layanan/" + svc.Code, url.Values{"name": {""}, "code": {svc.Code}, "description": {"Uraian baru"}},
			`form[action=/kelola/unit/PKM-31.72.01/layanan]`, "svc-" + svc.Code + "-name", "#f-svc-" + svc.Code + "-description", "Uraian baru"},
		{"new service without a name", op, "/kelola/unit/PKM-31.72.01/layanan", url.Values{"code": {"Kode Salah!"}, "description": {"Layanan baru"}},
			`form[action=/kelola/unit/PKM-31.72.01/layanan]`, "new-name", "#f-new-description", "Layanan baru"},
		{"unit profile with a wrong e-mail", op, "/kelola/unit/PKM-31.72.01", url.Values{"name": {"Puskesmas Baru"}, "email": {"bukan-surel"}},
			`form[action=/kelola/unit/PKM-31.72.01/layanan]`, "email", "#f-name", "Puskesmas Baru"},
		{"plan row with an unknown status", op, "/kelola/skm/unit/PKM-31.72.01/tindak-lanjut/" + plan.ID, url.Values{"p": {"2026-T4"}, "element": {"U5"},
			"programme": {plan.Programme}, "timeline": {plan.Timeline}, "responsible": {plan.Responsible}, "status": {"lupa"}, "evidence": {"Foto daftar hadir"}},
			"h2#rtl", plan.ID + "-status", "#f-" + plan.ID + "-evidence", "Foto daftar hadir"},
		{"user with a wrong role", admin, "/kelola/pengguna/" + leader.ID, url.Values{"name": {"Nama Diubah"}, "role": {"raja"}, "region_code": {"31.72"}, "active": {"1"}},
			`form[action=/kelola/pengguna/` + leader.ID + `/sandi]`, "role", "#f-name", "Nama Diubah"},
		{"password reset too short", admin, "/kelola/pengguna/" + leader.ID + "/sandi", url.Values{"password": {"pendek"}},
			`form[action=/kelola/pengguna/` + leader.ID + `/sandi]`, "reset-password", "#f-name", leader.Name},
		{"new user without a name", admin, "/kelola/pengguna-baru", url.Values{"username": {"petugas.baru"}, "role": {"operator"}, "units": {"PKM-31.72.01"}},
			`form[action=/kelola/pengguna-baru]`, "name", "#f-username", "petugas.baru"},
		{"new operator with an unknown unit", admin, "/kelola/pengguna-baru", url.Values{"username": {"petugas.baru"}, "name": {"Petugas Baru"}, "role": {"operator"},
			"units": {"PKM-31.72.01, TIDAK-ADA"}, "password": {"kata sandi yang panjang"}},
			`form[action=/kelola/pengguna-baru]`, "units", "#f-name", "Petugas Baru"},
		{"paper import without a file", op, "/kelola/skm/unit/PKM-31.72.01/impor", url.Values{"order": {"questionnaire"}},
			`form[action=/kelola/skm/unit/PKM-31.72.01/impor]`, "file", "input[name=order][value=questionnaire]", "checked"},
		{"unit import without a file", admin, "/kelola/impor", url.Values{},
			`form[action=/kelola/impor]`, "file", "", ""},
		{"own password too short", admin, "/akun/sandi", url.Values{"current": {"salah"}, "password": {"pendek"}, "confirm": {"lain"}},
			`form[action=/akun/sandi]`, "current", "#f-password", ""},
		{"privacy erase without confirmation", admin, "/kelola/data-pribadi/hapus", url.Values{"contact_kind": {"email"}, "contact": {"warga@example.com"}},
			`form#privacy-search`, "erase_confirm", "#f-contact", "warga@example.com"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := state()
			res := a.post(t, tc.c, tc.path, tc.form)
			doc := mustBePage(t, res, http.StatusUnprocessableEntity, tc.page)
			besideField(t, doc, tc.field)
			// "Label: message", the label in words
			if items := errorSummary(res.Body); len(items) == 0 || items[0].Href != "#f-"+tc.field || strings.Index(items[0].Text, ": ") < 1 || strings.Contains(items[0].Text, "field.") {
				t.Errorf("the summary does not name and link %s first: %v", tc.field, items)
			}
			if tc.kept != "" {
				if in := findAll(doc, tc.kept); len(in) != 1 || valueOf(in[0]) != tc.value {
					t.Errorf("%s does not show %q again", tc.kept, tc.value)
				}
			}
			if after := state(); after != before {
				t.Errorf("a refused form changed the store:\nbefore %s\nafter  %s", changed(before, after), changed(after, before))
			}
		})
	}
}

// A verifier finds the report to merge into and the unit to dispatch to by
// searching on the server (GET parameters: no script needed); the lists
// hold only what matches, and the form still posts a number or a code.
func TestPickersSearchOnTheServer(t *testing.T) {
	a := newApp(t)
	report := func(title string) string {
		return numberOf(t, a, fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
			"title": {title}, "body": {"Kejadian ini terjadi pagi hari di loket pendaftaran."}}))
	}
	num, water, queue := report("Loket tutup lebih awal"), report("Air wastafel mati"), report("Antrean tidak tertib")
	ver := a.login(t, "admin.jakut")

	doc := mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num+"?cari_laporan=wastafel"), 200, "form#picker-search")
	var offered []string
	for _, o := range findAll(doc, "datalist#dl-merge_into option") {
		offered = append(offered, attr(o, "value"))
	}
	if len(offered) != 1 || offered[0] != water || !strings.Contains(textOf(doc, "#merge-results"), "Air wastafel mati") {
		t.Errorf("search for a title word offers %v, want only %s", offered, water)
	}
	if doc := mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num+"?cari_laporan="+url.QueryEscape(strings.ToLower(queue))), 200, "form#picker-search"); len(findAll(doc, "datalist#dl-merge_into option[value="+queue+"]")) != 1 {
		t.Errorf("search by a number does not offer %s", queue)
	}
	doc = mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num), 200, "form#picker-search")
	if len(findAll(doc, "datalist#dl-merge_into option[value="+water+"]")) != 1 || len(findAll(doc, "datalist#dl-merge_into option[value="+queue+"]")) != 1 ||
		len(findAll(doc, "datalist#dl-merge_into option[value="+num+"]")) != 0 {
		t.Errorf("without a search the merge list does not offer the newest other open reports")
	}

	all := findAll(mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num), 200, "form#picker-search"), "select#f-unit option")
	doc = mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num+"?cari_unit=penjaringan"), 200, "form#picker-search")
	found := findAll(doc, "select#f-unit option")
	if len(found) < 2 || len(found) >= len(all) {
		t.Fatalf("unit search lists %d of %d options", len(found), len(all))
	}
	for _, o := range found[1:] { // the first is the empty choice
		if !strings.Contains(strings.ToLower(textOf(o, "")+attr(o, "value")), "penjaringan") && !strings.Contains(attr(o, "value"), "31.72.01") {
			t.Errorf("unit search lists %q", textOf(o, ""))
		}
	}
	doc = mustBePage(t, a.get(t, ver, "/kelola/pengaduan/"+num+"?cari_unit=PKM-31.72.01"), 200, "form#picker-search")
	if sel := findAll(doc, "select#f-unit"); len(sel) != 1 || valueOf(sel[0]) != "PKM-31.72.01" {
		t.Errorf("the one unit a search finds is not chosen")
	}

	// The form still posts what was picked or typed.
	if res := a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {strings.ToLower(water)}, "reason": {"Laporan yang sama."}}); res.StatusCode != 303 {
		t.Errorf("merge into a typed number: %d", res.StatusCode)
	}
}
