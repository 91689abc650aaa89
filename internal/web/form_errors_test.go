package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mutu/internal/complaint"
)

// summaryItem is one line of a page's error summary.
type summaryItem struct{ Href, Text string }

var (
	summaryRE = regexp.MustCompile(`(?s)<div class="errors" role="alert" tabindex="-1" id="kesalahan">(.*?)</div>`)
	itemRE    = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	hrefRE    = regexp.MustCompile(`<a href="([^"]*)">`)
	tagRE     = regexp.MustCompile(`<[^>]*>`)
)

// errorSummary reads the error summary of a page: each line's link and text.
func errorSummary(body string) []summaryItem {
	m := summaryRE.FindStringSubmatch(body)
	if m == nil {
		return nil
	}
	var out []summaryItem
	for _, li := range itemRE.FindAllStringSubmatch(m[1], -1) {
		it := summaryItem{Text: strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(li[1], "")))}
		if h := hrefRE.FindStringSubmatch(li[1]); h != nil {
			it.Href = h[1]
		}
		out = append(out, it)
	}
	return out
}

// english is a client that chose English with the language switch.
func english(t *testing.T, a *app, c *http.Client) *http.Client {
	t.Helper()
	if c == nil {
		c = a.client(t)
	}
	a.get(t, c, "/bahasa/en?next=/")
	return c
}

// Every error in a summary names its field in words (never a catalog key),
// links to the field's input and comes in the order of the form.
func TestErrorSummaryNamesAndLinksFields(t *testing.T) {
	a := newApp(t)
	survey := answers(4)
	survey.Del("u3")
	survey.Del("u1")
	survey.Set("age", "tujuh")
	badComplaint := url.Values{"email": {"bukan-surel"}, "title": {"x"}}
	admin := a.login(t, "admin.jakut")
	cases := []struct {
		name   string
		c      *http.Client
		post   func(c *http.Client) response
		page   string   // a selector only the form's page has
		first  []string // the summary's first lines, in order
		hrefs  []string // the summary's first links, in order
		status int
	}{
		{"survey id", a.client(t), func(c *http.Client) response { return a.post(t, c, "/s/PKM-31.72.01", survey) },
			`action="/s/PKM-31.72.01"`, []string{"1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan", "3. ", "Umur (tahun): Umur harus angka"},
			[]string{"#f-u1", "#f-u3", "#f-age"}, 422},
		{"survey en", english(t, a, nil), func(c *http.Client) response { return a.post(t, c, "/s/PKM-31.72.01", survey) },
			`action="/s/PKM-31.72.01"`, []string{"1. Requirements: Choose", "3. ", "Age (years): "},
			[]string{"#f-u1", "#f-u3", "#f-age"}, 422},
		{"complaint id", a.client(t), func(c *http.Client) response { return a.post(t, c, "/pengaduan", badComplaint) },
			`action="/pengaduan"`, []string{"Wilayah kejadian: ", "Jenis: ", "Judul: ", "Isi laporan: ", "Kerahasiaan: ", "Surel: "},
			[]string{"#f-region", "#f-kind", "#f-title", "#f-body", "#f-privacy", "#f-email"}, 422},
		{"complaint en", english(t, a, nil), func(c *http.Client) response { return a.post(t, c, "/pengaduan", badComplaint) },
			`action="/pengaduan"`, []string{"Where it happened: ", "", "", "", "Privacy: "},
			[]string{"#f-region", "#f-kind", "#f-title", "#f-body", "#f-privacy", "#f-email"}, 422},
		{"unit", admin, func(c *http.Client) response {
			return a.post(t, c, "/kelola/unit-baru", url.Values{"code": {"bad code"}, "type": {"lainnya"}, "region_code": {"31.74"}, "email": {"x"}})
		}, `action="/kelola/unit-baru"`, []string{"Kode: "}, []string{"#f-code", "#f-region_code", "#f-name"}, 422},
		{"unit en", english(t, a, a.login(t, "admin.jakut")), func(c *http.Client) response {
			return a.post(t, c, "/kelola/unit-baru", url.Values{"code": {"bad code"}, "type": {"lainnya"}, "region_code": {"31.74"}, "email": {"x"}})
		}, `action="/kelola/unit-baru"`, []string{"Code: "}, []string{"#f-code", "#f-region_code", "#f-name"}, 422},
		{"user", admin, func(c *http.Client) response {
			return a.post(t, c, "/kelola/pengguna-baru", url.Values{"username": {"x"}, "role": {"operator"}})
		}, `action="/kelola/pengguna-baru"`, nil, nil, 422},
		{"user en", english(t, a, a.login(t, "admin.jakut")), func(c *http.Client) response {
			return a.post(t, c, "/kelola/pengguna-baru", url.Values{"username": {"x"}, "role": {"operator"}})
		}, `action="/kelola/pengguna-baru"`, nil, nil, 422},
		{"import", admin, func(c *http.Client) response {
			return upload(t, a, c, "/kelola/impor", "units.csv", []byte("unit_code,name,type,region_code\nNEW-1,,lainnya,31.72\n"))
		}, `action="/kelola/impor"`, []string{"", "Baris 2, kolom name: "}, nil, 422},
		{"import en", english(t, a, a.login(t, "admin.jakut")), func(c *http.Client) response {
			return upload(t, a, c, "/kelola/impor", "units.csv", []byte("unit_code,name,type,region_code\nNEW-1,,lainnya,31.72\n"))
		}, `action="/kelola/impor"`, []string{"", "Row 2, column name: "}, nil, 422},
	}
	for _, tc := range cases {
		res := tc.post(tc.c)
		if res.StatusCode != tc.status || !strings.Contains(res.Body, tc.page) {
			t.Errorf("%s: %d, or not the form's page", tc.name, res.StatusCode)
			continue
		}
		items := errorSummary(res.Body)
		if len(items) == 0 {
			t.Errorf("%s: no error summary", tc.name)
			continue
		}
		if strings.HasPrefix(tc.name, "complaint") && !strings.Contains(res.Body, `id="files-again"`) {
			t.Errorf("%s: the form does not say the files must be chosen again", tc.name)
		}
		last := -1
		for _, it := range items {
			if strings.Contains(it.Text, "field.") || regexp.MustCompile(`^[a-z_]+[0-9]*: `).MatchString(it.Text) {
				t.Errorf("%s: a raw key in the summary: %q", tc.name, it.Text)
			}
			if it.Href == "" {
				continue
			}
			at := strings.Index(res.Body, `id="`+strings.TrimPrefix(it.Href, "#")+`"`)
			if at < 0 {
				t.Errorf("%s: %s links to nothing", tc.name, it.Href)
			} else if at < last {
				t.Errorf("%s: %s is out of the form's order", tc.name, it.Href)
			}
			last = at
		}
		for i, want := range tc.first {
			if i >= len(items) || !strings.HasPrefix(items[i].Text, want) {
				t.Errorf("%s: line %d of the summary is %v, want it to start with %q", tc.name, i+1, items, want)
				break
			}
		}
		for i, want := range tc.hrefs {
			if i >= len(items) || items[i].Href != want {
				t.Errorf("%s: link %d of the summary: %v, want %q", tc.name, i+1, items, want)
				break
			}
		}
	}
}

// A staff step with a wrong input comes back on the report's own page: the
// input kept, the message next to its field, the report unchanged.
func TestRefusedComplaintStepKeepsInput(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."}})
	num := numberOf(t, a, code)
	ver := a.login(t, "admin.jakut")
	if res := a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"verifikasi"}}); res.StatusCode != 303 {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	cases := []struct {
		name  string
		form  url.Values
		field string // the field whose message is shown next to it
		kept  string // a value of the input, shown again
	}{
		{"dispatch without a unit", url.Values{"action": {"disposisi"}, "reason": {"Mohon segera ditangani."}}, "unit", "Mohon segera ditangani."},
		{"dispatch to an unknown unit", url.Values{"action": {"disposisi"}, "unit": {"TIDAK-ADA"}}, "unit", ""},
		{"merge without a target", url.Values{"action": {"gabung"}, "confirmed": {"1"}, "reason": {"Laporan yang sama."}}, "merge_into", "Laporan yang sama."},
		{"merge into an unknown report", url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {"ADU-99-2026-00001"}, "reason": {"Laporan yang sama."}}, "merge_into", `value="ADU-99-2026-00001"`},
		{"archive without a reason", url.Values{"action": {"arsipkan"}, "confirmed": {"1"}}, "reason", `<option value="arsipkan" selected>`},
		{"archive without confirmation", url.Values{"action": {"arsipkan"}, "reason": {"Bukan laporan pelayanan publik."}}, "confirmed", "Bukan laporan pelayanan publik."},
		{"hold without a reason", url.Values{"action": {"tunda"}, "reason": {"x"}}, "reason", ">x</textarea>"},
	}
	for _, tc := range cases {
		res := a.post(t, ver, "/kelola/pengaduan/"+num, tc.form)
		if res.StatusCode != 422 || !strings.Contains(res.Body, `id="complaint-action"`) || !strings.Contains(res.Body, "<h1>"+num) {
			t.Errorf("%s: %d, or not the report's page", tc.name, res.StatusCode)
			continue
		}
		if !regexp.MustCompile(`<span class="error" id="e-` + tc.field + `">[^<]+</span>`).MatchString(res.Body) {
			t.Errorf("%s: no message next to %s", tc.name, tc.field)
		}
		if items := errorSummary(res.Body); len(items) == 0 || items[0].Href != "#f-"+tc.field {
			t.Errorf("%s: summary %v", tc.name, items)
		}
		if !strings.Contains(res.Body, tc.kept) {
			t.Errorf("%s: the input %q is not kept", tc.name, tc.kept)
		}
	}
	if r, err := a.DB.ComplaintByCode(t.Context(), code); err != nil || r.Status != complaint.Verified {
		t.Errorf("a refused step changed the report: %v %v", r.Status, err)
	}
}

// A tracking code is found however it is typed; a wrong one brings the
// form back with a message, not an error page.
func TestTrackingCodeAnyTyping(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."}})
	plain := strings.ReplaceAll(code, "-", "")
	for _, typed := range []string{strings.ToLower(code), plain, strings.ToLower(plain), strings.Join(strings.Split(code, "-"), " "), " " + strings.ToLower(code[:7]) + " " + code[8:]} {
		res := a.get(t, nil, "/lacak?kode="+url.QueryEscape(typed))
		if res.StatusCode != 303 || res.Header.Get("Location") != "/lacak/"+code {
			t.Errorf("%q: %d → %q", typed, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := a.get(t, nil, "/lacak/"+strings.ToLower(plain)); res.StatusCode != 200 || !strings.Contains(res.Body, "Antrean tidak tertib") {
		t.Errorf("typed in the address: %d", res.StatusCode)
	}
	for _, wrong := range []string{"/lacak?kode=MT-0000-0000-00", "/lacak/MT-0000-0000-00", "/lacak?kode=halo", "/lacak/halo"} {
		res := a.get(t, nil, wrong)
		if res.StatusCode == 303 {
			res = a.get(t, nil, res.Header.Get("Location"))
		}
		if res.StatusCode != 404 || !strings.Contains(res.Body, `id="track-form"`) || !strings.Contains(res.Body, `id="e-kode"`) ||
			!strings.Contains(res.Body, "Laporan tidak ditemukan") {
			t.Errorf("%s: %d, not the form with a message", wrong, res.StatusCode)
		}
	}
	if res := a.get(t, nil, "/lacak?kode=halo"); !strings.Contains(res.Body, `value="halo"`) {
		t.Error("the typed code is not kept")
	}
}

// Every form with a wrong input comes back as its own page (422): the
// input kept, the message next to the field and in the summary, nothing
// stored.
func TestRefusedFormsComeBackWithInput(t *testing.T) {
	a := newApp(t)
	admin, prov := a.login(t, "admin.jakut"), a.login(t, "admin")
	op := a.login(t, "operator.pkm")
	long := strings.Repeat("Apakah loket dibuka tepat waktu? ", 10)
	cases := []struct {
		name  string
		c     *http.Client
		path  string
		form  url.Values
		page  string // a selector only the form's page has
		field string // "" when the message stands in the summary only
		kept  string
	}{
		{"follow-up plan without a programme", op, "/kelola/skm/unit/PKM-31.72.01/tindak-lanjut",
			url.Values{"p": {"2026-T4"}, "element": {"U5"}, "timeline": {"Januari 2027"}, "responsible": {"Kepala Puskesmas"}},
			`action="/kelola/skm/unit/PKM-31.72.01/tindak-lanjut"`, "programme", `value="Januari 2027"`},
		{"population not a number", op, "/kelola/skm/unit/PKM-31.72.01/populasi", url.Values{"p": {"2026-T4"}, "population": {"banyak"}},
			`action="/kelola/skm/unit/PKM-31.72.01/populasi"`, "population", `value="banyak"`},
		{"question too long", op, "/kelola/skm/unit/PKM-31.72.01/pertanyaan", url.Values{"text": {long}},
			`action="/kelola/skm/unit/PKM-31.72.01/pertanyaan"`, "text", strings.TrimSpace(long)},
		{"service without a name", op, "/kelola/unit/PKM-31.72.01/layanan", url.Values{"code": {"Kode Salah!"}, "description": {"Layanan baru"}},
			`action="/kelola/unit/PKM-31.72.01/layanan"`, "new-name", `value="Layanan baru"`},
		{"holiday with a wrong date", prov, "/kelola/libur", url.Values{"date": {"2026-13-40"}, "name": {"Libur daerah"}, "kind": {"cuti_bersama"}},
			`action="/kelola/libur"`, "date", `value="Libur daerah"`},
		{"holiday removed without confirmation", prov, "/kelola/libur", url.Values{"date": {"2026-12-25"}, "delete": {"1"}},
			`action="/kelola/libur"`, "", "Kelahiran Yesus Kristus"},
		{"SLA not a number", prov, "/kelola/sla", url.Values{"kind": {"pengaduan"}, "verify_days": {"tiga"}, "first_response_days": {"5"}, "resolution_days": {"14"}, "auto_close_days": {"10"}},
			`action="/kelola/sla"`, "pengaduan-verify_days", `value="tiga"`},
		{"held responses discarded without confirmation", admin, "/kelola/skm/unit/PKM-31.72.01/ditahan", url.Values{"action": {"buang"}, "all": {"1"}},
			`id="held-title"`, "", ""},
		{"API key without a name", admin, "/kelola/kunci-api", url.Values{"region_code": {"31.72"}, "scopes": {"responses"}},
			`action="/kelola/kunci-api"`, "name", `value="31.72"`},
		{"privacy search without a contact", admin, "/kelola/data-pribadi", url.Values{"contact_kind": {"email"}, "contact": {""}},
			`action="/kelola/data-pribadi"`, "contact", `value="email" selected`},
		{"password too short", admin, "/akun/sandi", url.Values{"current": {"salah"}, "password": {"pendek"}, "confirm": {"lain"}},
			`action="/akun/sandi"`, "current", ""},
		{"kiosk without a name", op, "/kelola/skm/unit/PKM-31.72.01/kiosk", url.Values{"name": {"  "}},
			`action="/kelola/skm/unit/PKM-31.72.01/kiosk"`, "name", ""},
		{"unit deactivated without confirmation", admin, "/kelola/unit/PKM-31.72.01/status", url.Values{"active": {"0"}},
			`action="/kelola/unit/PKM-31.72.01/status"`, "confirmed", ""},
		{"user deactivated without confirmation", admin, "/kelola/pengguna/" + userID(t, a, "pimpinan.jakut"),
			url.Values{"name": {"Wali Kota Jakarta Utara"}, "role": {"leader"}, "region_code": {"31.72"}},
			`id="f-confirmed"`, "confirmed", `value="Wali Kota Jakarta Utara"`},
	}
	for _, tc := range cases {
		res := a.post(t, tc.c, tc.path, tc.form)
		if res.StatusCode != 422 || !strings.Contains(res.Body, tc.page) {
			t.Errorf("%s: %d, or not the form's page", tc.name, res.StatusCode)
			continue
		}
		items := errorSummary(res.Body)
		if len(items) == 0 {
			t.Errorf("%s: no error summary", tc.name)
		}
		if tc.field != "" {
			if !regexp.MustCompile(`<span class="error" id="e-` + tc.field + `">[^<]+</span>`).MatchString(res.Body) {
				t.Errorf("%s: no message next to %s", tc.name, tc.field)
			}
			if len(items) > 0 && items[0].Href != "#f-"+tc.field {
				t.Errorf("%s: the summary does not link to the field first: %v", tc.name, items)
			}
		}
		if !strings.Contains(res.Body, tc.kept) {
			t.Errorf("%s: the input %q is not kept", tc.name, tc.kept)
		}
	}
	if u, _ := a.DB.UnitByCode(t.Context(), "PKM-31.72.01"); !u.Active || len(u.Services) == 0 {
		t.Error("a refused form changed the unit")
	}
}
