package web_test

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"mutu/internal/web"
)

// access is who may use each route, written out by hand so that a change to
// a route's rule must be matched here. Values: "public", "staff" (every
// signed-in role), "admin", "admin+operator", "province-admin" (an
// administrator of a whole province), "ops" (loopback or token), "machine"
// (a kiosk token or an API key, never a session: TestResponsesAPIAuth).
var access = map[string]string{
	"GET /{$}":                            "public",
	"GET /wilayah":                        "public",
	"GET /wilayah/{code}":                 "public",
	"GET /unit/{code}":                    "public",
	"GET /bahasa/{lang}":                  "public",
	"GET /masuk":                          "public",
	"POST /masuk":                         "public",
	"GET /static/":                        "public",
	"GET /cari":                           "public", // phones and language (l9)
	"GET /api/v1/regions/{code}/children": "public",
	"GET /api/v1/units":                   "public",
	"GET /api/v1/units/{code}":            "public",
	"GET /healthz":                        "public",
	"GET /lacak/{code}/lampiran/{id}":     "public",
	"GET /kelola/pengaduan/{number}/lampiran/{id}": "staff",
	"GET /kelola/logo":                                "admin", // lapdoc: the kop surat's logos
	"POST /kelola/logo":                               "admin",
	"GET /kelola/logo/{code}":                         "admin",
	"POST /kelola/logo/{code}/hapus":                  "admin",
	"GET /kelola/libur":                               "admin",
	"POST /kelola/libur":                              "province-admin",
	"GET /kelola/sla":                                 "admin",
	"POST /kelola/sla":                                "province-admin",
	"GET /kelola/pengaduan-dasbor":                    "staff",
	"GET /kelola/pengaduan-baru":                      "admin+operator",
	"POST /kelola/pengaduan-baru":                     "admin+operator",
	"GET /pengaduan":                                  "public",
	"POST /pengaduan":                                 "public",
	"GET /lacak":                                      "public",
	"GET /lacak/{code}":                               "public",
	"POST /lacak/{code}":                              "public",
	"GET /kelola/pengaduan":                           "staff",
	"GET /kelola/pengaduan/{number}":                  "staff",
	"POST /kelola/pengaduan/{number}":                 "staff",
	"GET /kelola/notifikasi":                          "staff",
	"POST /kelola/notifikasi":                         "staff",
	"GET /qr/{code}":                                  "public",
	"GET /poster/{code}":                              "public",
	"GET /kelola/skm/unit/{code}/laporan":             "staff",
	"GET /kelola/skm/unit/{code}/impor":               "admin+operator",
	"POST /kelola/skm/unit/{code}/impor":              "admin+operator",
	"GET /s/{code}":                                   "public",
	"POST /s/{code}":                                  "public",
	"GET /s/{code}/terima-kasih":                      "public",
	"GET /s/{code}/{service}":                         "public",
	"POST /s/{code}/{service}":                        "public",
	"GET /hasil/{code}":                               "public",
	"GET /kiosk/sw.js":                                "public",
	"GET /kiosk/{code}":                               "public",
	"GET /kiosk/{code}/manifest.webmanifest":          "public",
	"POST /kelola/skm/unit/{code}/kiosk":              "admin+operator",
	"POST /kelola/skm/unit/{code}/kiosk/{id}/cabut":   "admin+operator",
	"POST /api/v1/units/{code}/responses":             "machine",
	"GET /api/v1/units/{code}/ikm":                    "public",
	"GET /api/v1/units/{code}/instrument":             "public",
	"GET /api/v1/units/{code}/standards":              "public",
	"GET /kelola/skm":                                 "staff",
	"GET /kelola/skm/unit/{code}":                     "staff",
	"POST /kelola/skm/unit/{code}/populasi":           "admin+operator",
	"POST /kelola/skm/unit/{code}/tindak-lanjut":      "admin+operator",
	"POST /kelola/skm/unit/{code}/tindak-lanjut/{id}": "admin+operator",
	"POST /kelola/skm/unit/{code}/pertanyaan":         "admin+operator",
	"POST /kelola/skm/unit/{code}/pertanyaan/{id}":    "admin+operator",
	"GET /metrics":                                    "ops",
	"POST /keluar":                                    "staff",
	"GET /dasbor":                                     "staff",
	"GET /akun/sandi":                                 "staff",
	"POST /akun/sandi":                                "staff",
	"GET /kelola/unit":                                "staff",
	"GET /kelola/unit/{code}":                         "admin+operator",
	"POST /kelola/unit/{code}":                        "admin+operator",
	"POST /kelola/unit/{code}/layanan":                "admin+operator",
	"POST /kelola/unit/{code}/layanan/{service}":      "admin+operator",
	"GET /kelola/unit-baru":                           "admin",
	"POST /kelola/unit-baru":                          "admin",
	"POST /kelola/unit/{code}/status":                 "admin",
	"GET /kelola/impor":                               "admin",
	"POST /kelola/impor":                              "admin",
	"GET /kelola/pengguna":                            "admin",
	"GET /kelola/pengguna-baru":                       "admin",
	"POST /kelola/pengguna-baru":                      "admin",
	"GET /kelola/pengguna/{id}":                       "admin",
	"POST /kelola/pengguna/{id}":                      "admin",
	"POST /kelola/pengguna/{id}/sandi":                "admin",
	"GET /kelola/audit":                               "admin",
	"GET /open311/v2/{resource}":                      "public",
	"POST /open311/v2/{resource}":                     "public",
	"GET /open311/v2/services/{file}":                 "public",
	"GET /open311/v2/requests/{file}":                 "public",
	"GET /open311/v2/tokens/{file}":                   "public",
	"GET /kelola/kunci-api":                           "admin",
	"POST /kelola/kunci-api":                          "admin",
	"POST /kelola/kunci-api/{id}/cabut":               "admin",
	// privacy (begin)
	"GET /kelola/data-pribadi":         "admin",
	"POST /kelola/data-pribadi":        "admin",
	"POST /kelola/data-pribadi/ekspor": "admin",
	"POST /kelola/data-pribadi/hapus":  "admin",
	// privacy (end)
	"GET /kelola/skm/unit/{code}/ditahan":  "admin+operator",
	"POST /kelola/skm/unit/{code}/ditahan": "admin+operator",
	// forms (f9)
	"GET /kelola/skm/unit/{code}/impor/templat": "admin+operator",
	// public API contract (oas10)
	"GET /api/openapi.json": "public",
	"GET /api":              "public",
	"GET /unit-terdekat":    "public", // geo11a: the units nearest a point
	// standards (std12)
	"GET /unit/{code}/layanan/{service}":                                 "public",
	"GET /widget/unit/{code}":                                            "public", // widget13: the digital kit
	"GET /widget.js":                                                     "public",
	"GET /unit/{code}/layanan/{service}/kartu.png":                       "public",
	"GET /kelola/standar/unit/{code}":                                    "staff",
	"POST /kelola/standar/unit/{code}/maklumat":                          "admin+operator",
	"POST /kelola/standar/unit/{code}/forum":                             "admin+operator",
	"GET /kelola/standar/unit/{code}/bukti/{id}":                         "staff",
	"GET /kelola/standar/unit/{code}/layanan/{service}":                  "staff",
	"POST /kelola/standar/unit/{code}/layanan/{service}":                 "admin+operator",
	"GET /kelola/standar/unit/{code}/layanan/{service}/versi/{n}":        "staff",
	"POST /kelola/standar/unit/{code}/layanan/{service}/versi/{n}":       "admin+operator",
	"POST /kelola/standar/unit/{code}/layanan/{service}/versi/{n}/bukti": "admin+operator",
	"POST /kelola/standar/unit/{code}/bukti":                             "admin+operator",
	// publication register (register13)
	"POST /kelola/standar/unit/{code}/publikasi":            "admin+operator",
	"POST /kelola/standar/unit/{code}/publikasi/{id}/hapus": "admin+operator",
	// innovations (inov14)
	"GET /inovasi":                                "public",
	"GET /unit/{code}/inovasi/{id}":               "public",
	"GET /api/v1/units/{code}/innovations":        "public",
	"GET /kelola/inovasi":                         "staff",
	"GET /kelola/inovasi/unit/{code}":             "staff",
	"POST /kelola/inovasi/unit/{code}":            "admin+operator",
	"GET /kelola/inovasi/unit/{code}/{id}":        "staff",
	"POST /kelola/inovasi/unit/{code}/{id}":       "admin+operator",
	"POST /kelola/inovasi/unit/{code}/{id}/bukti": "admin+operator",

	// sa14: compliance readiness
	"GET /kelola/kepatuhan":                          "staff",
	"GET /kelola/kepatuhan/unit/{code}":              "staff",
	"POST /kelola/kepatuhan/unit/{code}/butir":       "admin+operator",
	"POST /kelola/kepatuhan/unit/{code}/butir/hapus": "admin+operator",
	"POST /kelola/kepatuhan/unit/{code}/wawancara":   "admin+operator",

	// printed standards (poster13)
	"GET /unit/{code}/layanan/{service}/poster.pdf": "public",
	"GET /unit/{code}/maklumat.pdf":                 "public",
	"GET /unit/{code}/papan.pdf":                    "public",
	"GET /kelola/instrumen":                         "staff", // ins13: scored instruments
	"GET /kelola/instrumen/{id}":                    "staff",
	"GET /kelola/instrumen/ceklis":                  "admin",
	"POST /kelola/instrumen/ceklis":                 "admin",
	// region report (geo13)
	"GET /kelola/wilayah/{code}/laporan": "admin+leader",
	// directory and coverage (dir13)
	"GET /layanan":                "public",
	"GET /api/v1/services":        "public",
	"GET /kelola/standar/cakupan": "staff",
	// monitoring team (team13): evaluators write visits, administrators teams and cadence
	"GET /kelola/pemantauan":                    "staff",
	"POST /kelola/pemantauan/unit/{code}":       "admin+evaluator",
	"GET /kelola/pemantauan/tim":                "staff",
	"POST /kelola/pemantauan/siklus":            "admin",
	"GET /kelola/pemantauan/tim-baru":           "admin",
	"POST /kelola/pemantauan/tim-baru":          "admin",
	"GET /kelola/pemantauan/tim/{id}":           "staff",
	"POST /kelola/pemantauan/tim/{id}":          "admin",
	"GET /kelola/pemantauan/tim/{id}/sk/{file}": "staff",
	// Ombudsman instrument (omb14)
	"GET /kelola/instrumen/{id}/batas":  "province-admin",
	"POST /kelola/instrumen/{id}/batas": "province-admin",
	// findings (finding13): the team records, verifies and reopens; the unit's managers answer
	"GET /kelola/temuan":                           "staff",
	"GET /kelola/temuan/{code}":                    "staff",
	"POST /kelola/temuan/{code}":                   "admin+evaluator",
	"GET /kelola/temuan/{code}/{id}":               "staff",
	"POST /kelola/temuan/{code}/{id}/tanggapan":    "admin+operator",
	"POST /kelola/temuan/{code}/{id}/tutup":        "admin+evaluator",
	"POST /kelola/temuan/{code}/{id}/buka-kembali": "admin+evaluator",
	"GET /kelola/temuan/{code}/{id}/berkas/{file}": "staff",
	// visit13: the visit itself
	"GET /kelola/pemantauan/sw.js":                                       "public",
	"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}":                  "staff",
	"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}/bukti/{file}":     "staff",
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/mandiri":         "admin+operator",
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/mandiri/kirim":   "admin+operator",
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/nilai":           "admin+evaluator",
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/laporan":         "admin+evaluator",
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/selesai":         "admin+evaluator",
	"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}/berita-acara.pdf": "staff", // report13
	// results13: a unit's results over time
	"GET /kelola/pemantauan/unit/{code}": "staff",
	"GET /kelola/pemantauan/kota/{code}": "staff",
	// monres13: the users' share, the city recap
	"POST /kelola/pemantauan/kota/{code}/porsi-pengguna": "admin",
	"GET /kelola/pemantauan/kota/{code}/rekap.pdf":       "staff",
	"GET /kelola/pemantauan/kota/{code}/rekap.xlsx":      "staff",

	// journey13: the visit's instrument, chosen by the team
	"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/instrumen": "admin+evaluator",
	// assess14: the Ombudsman's assessments; operators never, assessors only their own (handler)
	"GET /kelola/penilaian-ombudsman":                          "assessment-reader",
	"GET /kelola/penilaian-ombudsman/baru":                     "admin",
	"POST /kelola/penilaian-ombudsman/baru":                    "admin",
	"GET /kelola/penilaian-ombudsman/{id}":                     "assessment-reader",
	"POST /kelola/penilaian-ombudsman/{id}":                    "admin",
	"POST /kelola/penilaian-ombudsman/{id}/hasil":              "admin",
	"POST /kelola/penilaian-ombudsman/{id}/piagam":             "admin",
	"GET /kelola/penilaian-ombudsman/{id}/piagam/{file}":       "assessment-reader",
	"POST /kelola/penilaian-ombudsman/{id}/paket/{code}":       "admin",
	"GET /kelola/penilaian-ombudsman/{id}/paket/{code}":        "assessment-reader",
	"GET /kelola/penilaian-ombudsman/{id}/bukti/{code}":        "assessment-reader",
	"GET /kelola/penilaian-ombudsman/{id}/bukti/{code}/{file}": "assessment-reader",
	// contacts14: the user-contact list of the Output interviews
	"GET /kelola/kepatuhan/kontak/{code}":        "staff",
	"POST /kelola/kepatuhan/kontak/{code}":       "admin+operator",
	"POST /kelola/kepatuhan/kontak/{code}/impor": "admin+operator",
	"POST /kelola/kepatuhan/kontak/{code}/hapus": "admin",
	// scorecard14: the city and province scorecard (scope checked in the handler)
	"GET /kelola/rapor/{code}": "staff",
}

// roles are the demo accounts used for each role; all lie in Jakarta Utara
// and the operator runs PTSP-31.72, the unit the paths below name.
var roles = []struct{ role, username string }{
	{"anonymous", ""},
	{"admin", "admin.jakut"},
	{"evaluator", "evaluator.jakut"},
	{"operator", "operator.ptsp"},
	{"leader", "pimpinan.jakut"},
	{"assessor", "asesor"},
}

func allowed(rule, role string) bool {
	switch rule {
	case "public", "ops":
		return true // ops: the test client is on loopback
	case "staff":
		return role != "anonymous"
	case "admin":
		return role == "admin"
	case "admin+operator":
		return role == "admin" || role == "operator"
	case "admin+leader":
		return role == "admin" || role == "leader"
	case "admin+evaluator":
		return role == "admin" || role == "evaluator"
	case "assessment-reader":
		return role != "anonymous" && role != "operator"
	case "machine":
		return false
	case "province-admin":
		return false // the matrix's administrator is a city's; TestHolidayCalendarIsEditable covers the province's
	}
	panic("unknown rule " + rule)
}

// TestEveryRouteEveryRole calls every route as every role and checks that
// the route lets exactly the roles in the access table through.
func TestEveryRouteEveryRole(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	ptsp, err := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	op, err := a.DB.UserByUsername(ctx, "operator.ptsp")
	if err != nil {
		t.Fatal(err)
	}
	params := strings.NewReplacer("{code}", "PTSP-31.72", "{number}", "PTSP-31.72-2000-00001", "{service}", ptsp.Services[0].Code, "{id}", op.ID, "{lang}", "en", "{$}", "", "{n}", "1")
	paths := map[string]string{
		"GET /wilayah/{code}":                                            "/wilayah/31.72",
		"GET /api/v1/regions/{code}/children":                            "/api/v1/regions/31.72/children",
		"GET /static/":                                                   "/static/mutu.css",
		"GET /kelola/logo/{code}":                                        "/kelola/logo/31.72", // lapdoc: logos are per region
		"POST /kelola/logo/{code}/hapus":                                 "/kelola/logo/31.72/hapus",
		"GET /kelola/wilayah/{code}/laporan":                             "/kelola/wilayah/31.72/laporan",                                             // geo13: a region's report
		"GET /kelola/pemantauan/tim/{id}/sk/{file}":                      "/kelola/pemantauan/tim/" + op.ID + "/sk/" + op.ID,                          // team13: no such team
		"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}/bukti/{file}": "/kelola/pemantauan/unit/PTSP-31.72/kunjungan/" + op.ID + "/bukti/" + op.ID, // visit13: no such visit
	}

	paths["GET /kelola/temuan/{code}/{id}/berkas/{file}"] = "/kelola/temuan/PTSP-31.72/" + op.ID + "/berkas/" + op.ID // finding13: no such finding
	paths["GET /kelola/pemantauan/kota/{code}"] = "/kelola/pemantauan/kota/31.72"                                     // results13: a city
	paths["POST /kelola/pemantauan/kota/{code}/porsi-pengguna"] = "/kelola/pemantauan/kota/31.72/porsi-pengguna"      // monres13: a city
	paths["GET /kelola/pemantauan/kota/{code}/rekap.pdf"] = "/kelola/pemantauan/kota/31.72/rekap.pdf"
	paths["GET /kelola/pemantauan/kota/{code}/rekap.xlsx"] = "/kelola/pemantauan/kota/31.72/rekap.xlsx"
	paths["GET /kelola/rapor/{code}"] = "/kelola/rapor/31.72" // scorecard14: a city

	var patterns []string
	for _, rt := range a.Srv.Routes() {
		patterns = append(patterns, web.RoutePattern(rt))
		if _, ok := access[web.RoutePattern(rt)]; !ok {
			t.Errorf("route %q has no entry in the access table", web.RoutePattern(rt))
		}
	}
	if len(patterns) != len(access) {
		t.Errorf("%d routes, %d access entries", len(patterns), len(access))
	}
	// Sign-out last: it ends the session the other calls use.
	sort.SliceStable(patterns, func(i, j int) bool { return patterns[j] == "POST /keluar" })

	for _, ro := range roles {
		t.Run(ro.role, func(t *testing.T) {
			c := a.client(t)
			if ro.username != "" {
				c = a.login(t, ro.username)
			}
			for _, pat := range patterns {
				method, path, _ := strings.Cut(pat, " ")
				if p, ok := paths[pat]; ok {
					path = p
				} else {
					path = params.Replace(path)
				}
				var res response
				if method == http.MethodGet {
					res = a.get(t, c, path)
				} else {
					form := url.Values{}
					if pat == "POST /kelola/unit/{code}/status" {
						form.Set("active", "1") // keep the unit active for the calls that follow
					}
					res = a.post(t, c, path, form)
				}
				want := allowed(access[pat], ro.role)
				denied := res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized && pat != "POST /masuk" ||
					res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/masuk")
				if res.StatusCode >= 500 {
					t.Errorf("%s as %s: status %d\n%s", pat, ro.role, res.StatusCode, a.logs())
				}
				if want && denied {
					t.Errorf("%s as %s: denied (%d), want allowed", pat, ro.role, res.StatusCode)
				}
				if !want && !denied {
					t.Errorf("%s as %s: allowed (%d), want denied", pat, ro.role, res.StatusCode)
				}
				if !want && ro.role == "anonymous" && method == http.MethodGet && res.StatusCode != http.StatusSeeOther {
					t.Errorf("%s as anonymous: %d, want a redirect to sign in", pat, res.StatusCode)
				}
			}
		})
	}
}
