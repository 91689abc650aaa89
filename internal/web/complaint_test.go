package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mutu/internal/store"
	"mutu/internal/web"
)

var codeRE = regexp.MustCompile(`MT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}`)

func fileComplaint(t *testing.T, a *app, form url.Values) string {
	t.Helper()
	res := a.post(t, a.client(t), "/pengaduan", form)
	if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/lacak/MT-") {
		t.Fatalf("file: %d %s", res.StatusCode, res.Body)
	}
	return codeRE.FindString(res.Header.Get("Location"))
}

func TestComplaintJourneyAndPrivacy(t *testing.T) {
	a := newApp(t)
	// An anonymous complaint about a Puskesmas, with the reporter's contacts.
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"anonim"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."},
		"name": {"Siti Rahma"}, "nik": {"3172014101900001"}, "email": {"siti@example.com"}})
	num := numberOf(t, a, code)
	res := a.get(t, nil, "/lacak/"+code+"?baru=1")
	if res.StatusCode != 200 || !strings.Contains(res.Body, code) || !strings.Contains(res.Body, "Diterima") {
		t.Fatalf("tracking page: %d", res.StatusCode)
	}
	if res := a.get(t, nil, "/lacak?kode="+strings.ToLower(code)); res.Header.Get("Location") != "/lacak/"+code {
		t.Errorf("code form: %s", res.Header.Get("Location"))
	}
	// Who sees the identity: the city's verifier yes; the unit (anonymous) no;
	// a leader no; an administrator of another city cannot open it at all.
	for _, tc := range []struct {
		user     string
		status   int
		identity bool
	}{
		{"admin.jakut", 200, true},
		{"admin", 200, true},
		{"operator.pkm", 200, false},
		{"pimpinan.jakut", 200, false},
		{"asesor", 200, false},
		{"operator.ptsp", 404, false},
	} {
		res := a.get(t, a.login(t, tc.user), "/kelola/pengaduan/"+num)
		if res.StatusCode != tc.status {
			t.Errorf("%s opens the report: %d, want %d", tc.user, res.StatusCode, tc.status)
			continue
		}
		if tc.status == 200 && !strings.Contains(textOf(mustBePage(t, res, 200, "dl.props"), "h1"), num) {
			t.Errorf("%s: not the report's page", tc.user)
		}
		if got := strings.Contains(res.Body, "Siti Rahma") || strings.Contains(res.Body, "3172014101900001") || strings.Contains(res.Body, "siti@example.com"); got != tc.identity {
			t.Errorf("%s sees the identity: %v, want %v", tc.user, got, tc.identity)
		}
	}
	track := a.get(t, nil, "/lacak/"+code)
	if !strings.Contains(textOf(mustBePage(t, track, 200, "dl.props"), "dl.props"), num) {
		t.Fatal("not the report's tracking page")
	}
	if strings.Contains(track.Body, "<dt>Pelapor") {
		t.Error("the tracking page shows a reporter field")
	}
	if strings.Contains(a.logs(), "Siti") || strings.Contains(a.logs(), "3172014101900001") {
		t.Error("identity reached the log")
	}

	// The verifier verifies and dispatches; the unit answers; the reporter rejects; it reopens.
	ver := a.login(t, "admin.jakut")
	for _, step := range []url.Values{{"action": {"verifikasi"}}, {"action": {"disposisi"}, "unit": {"PKM-31.72.01"}}} {
		if res := a.post(t, ver, "/kelola/pengaduan/"+num, step); res.StatusCode != 303 {
			t.Fatalf("%v: %d %s", step, res.StatusCode, res.Body)
		}
	}
	op := a.login(t, "operator.pkm")
	if res := a.post(t, op, "/kelola/pengaduan/"+num, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}}); res.StatusCode != 422 {
		t.Errorf("answer without text: %d", res.StatusCode)
	}
	if res := a.post(t, op, "/kelola/pengaduan/"+num, url.Values{"action": {"verifikasi"}}); res.StatusCode != 403 {
		t.Errorf("unit verifies: %d", res.StatusCode)
	}
	if res := a.post(t, op, "/kelola/pengaduan/"+num, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Petugas antrean sudah kami tegur."}}); res.StatusCode != 303 {
		t.Fatalf("answer: %d %s", res.StatusCode, res.Body)
	}
	if res := a.post(t, a.login(t, "pimpinan.jakut"), "/kelola/pengaduan/"+num, url.Values{"action": {"catatan"}, "reason": {"catatan pimpinan"}}); res.StatusCode != 403 {
		t.Errorf("leader acts: %d", res.StatusCode)
	}
	citizen := a.client(t)
	res = a.get(t, citizen, "/lacak/"+code)
	mustBePage(t, res, 200, "dl.props")
	if !strings.Contains(res.Body, "Petugas antrean sudah kami tegur.") || !strings.Contains(res.Body, "Belum selesai") {
		t.Fatalf("reporter does not see the answer")
	}
	if strings.Contains(res.Body, "operator.pkm") {
		t.Error("staff usernames shown to the reporter")
	}
	if res := a.post(t, citizen, "/lacak/"+code, url.Values{"action": {"tolak"}, "confirmed": {"1"}, "reason": {"Hari ini dilewati lagi."}}); res.StatusCode != 303 {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	if res := a.get(t, op, "/kelola/pengaduan?status=diproses"); !strings.Contains(res.Body, num) {
		t.Error("a rejected answer did not reopen the report in the unit's queue")
	}
	if res := a.post(t, citizen, "/lacak/"+code, url.Values{"action": {"verifikasi"}}); res.StatusCode != 403 {
		t.Errorf("reporter verifies: %d", res.StatusCode)
	}
	prov := a.login(t, "admin")
	for _, bad := range []string{"/lacak/MT-0000-0000-00", "/lacak/bukan-kode", "/kelola/pengaduan/MT-0000-0000-00", "/kelola/pengaduan/" + code, "/lacak/" + num} {
		if res := a.get(t, prov, bad); res.StatusCode != 404 {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}

func TestComplaintIntakeErrors(t *testing.T) {
	a := newApp(t)
	res := a.post(t, a.client(t), "/pengaduan", url.Values{"kind": {"gosip"}, "privacy": {"biasa"}, "title": {"ab"}, "body": {"pendek"}, "nik": {"123"}})
	for _, s := range []string{"Pilih jenis laporan", "minimal 5 karakter", "minimal 20 karakter", "16 angka", "Pilih wilayah kejadian"} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("intake errors lack %q", s)
		}
	}
	if res.StatusCode != 422 {
		t.Errorf("status %d", res.StatusCode)
	}
	// Unrouted: goes to the city's complaint desk, visible to that city's verifiers only.
	code := fileComplaint(t, a, url.Values{"region": {"31.74"}, "kind": {"informasi"}, "privacy": {"rahasia"},
		"title": {"Jadwal layanan KTP"}, "body": {"Apakah perekaman KTP-el buka hari Sabtu di kecamatan?"}})
	num := numberOf(t, a, code)
	if res := a.get(t, a.login(t, "admin.jakut"), "/kelola/pengaduan/"+num); res.StatusCode != 404 {
		t.Errorf("Jakarta Utara admin opens a Jakarta Selatan report: %d", res.StatusCode)
	}
	if res := a.get(t, a.login(t, "admin"), "/kelola/pengaduan"); !strings.Contains(res.Body, num) {
		t.Error("province verifier does not see the report in the queue")
	}
	if res := a.post(t, a.client(t), "/pengaduan", url.Values{"website": {"x"}, "title": {"spam"}}); res.StatusCode != 303 || res.Header.Get("Location") != "/lacak" {
		t.Errorf("honeypot: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestStaffIntake(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.ptsp")
	res := a.post(t, op, "/kelola/pengaduan-baru", url.Values{"unit": {"PTSP-31.72"}, "channel": {"lapor"}, "lapor_id": {"LAPOR-7788123"},
		"kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Izin PBG lama"}, "body": {"Pengajuan PBG sudah dua bulan belum ada kabar dari petugas."}, "phone": {"0812 3456 789"}})
	// No e-mail given: the code is shown once, for staff to hand over.
	code := codeRE.FindString(res.Body)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="intake-done"`) || code == "" {
		t.Fatalf("intake: %d %s", res.StatusCode, res.Body)
	}
	num := numberOf(t, a, code)
	if !strings.Contains(res.Body, `href="/kelola/pengaduan/`+num+`"`) {
		t.Fatalf("intake page lacks the report's link")
	}
	page := a.get(t, op, "/kelola/pengaduan/"+num)
	if !strings.Contains(page.Body, "SP4N-LAPOR!") || !strings.Contains(page.Body, "0812 3456 789") || !strings.Contains(page.Body, "operator.ptsp") {
		t.Errorf("recorded report page lacks channel, contact or recorder")
	}
	for name, form := range map[string]url.Values{
		"another unit": {"unit": {"PKM-31.72.01"}, "channel": {"telepon"}, "kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Judul laporan"}, "body": {"Isi laporan yang cukup panjang sekali."}},
		"web channel":  {"unit": {"PTSP-31.72"}, "channel": {"web"}, "kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Judul laporan"}, "body": {"Isi laporan yang cukup panjang sekali."}},
		"no LAPOR id":  {"unit": {"PTSP-31.72"}, "channel": {"lapor"}, "kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Judul laporan"}, "body": {"Isi laporan yang cukup panjang sekali."}},
	} {
		if res := a.post(t, op, "/kelola/pengaduan-baru", form); res.StatusCode != 422 {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
}

func TestComplaintDashboardAndExport(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"rahasia"},
		"title": {"Rahasia sekali"}, "body": {"Isi yang tidak boleh keluar dari sistem sama sekali."}, "email": {"rahasia@example.com"}, "name": {"Budi Santoso"}})
	num := numberOf(t, a, code)
	c := a.login(t, "pimpinan.jakut")
	res := a.get(t, c, "/kelola/pengaduan-dasbor?tahun=2026")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Ditindaklanjuti sampai selesai") || !strings.Contains(res.Body, "Kinerja penanganan pengaduan") {
		t.Fatalf("dashboard: %d", res.StatusCode)
	}
	res = a.get(t, c, "/kelola/pengaduan-dasbor?tahun=2026&format=xlsx")
	if res.StatusCode != 200 {
		t.Fatalf("export: %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Pengaduan")
	found := false
	for _, row := range rows {
		joined := strings.Join(row, "|")
		if strings.Contains(joined, "Budi") || strings.Contains(joined, "@") || strings.Contains(joined, "Isi yang tidak boleh") {
			t.Fatalf("identity or secret text in the export: %s", joined)
		}
		if strings.Contains(joined, code) || codeRE.MatchString(joined) {
			t.Fatalf("tracking code in the export: %s", joined)
		}
		found = found || strings.Contains(joined, num)
	}
	if !found || len(rows) < 10 {
		t.Fatalf("export lacks the report or the demo reports: %d rows", len(rows))
	}
}

func TestComplaintEmails(t *testing.T) {
	smtp, mail := withMail(t)
	a := newApp(t, mail, func(c *web.Config) { c.BaseURL = "https://mutu.example" })
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"anonim"},
		"title": {"Obat habis"}, "body": {"Obat untuk anak saya selalu habis di apotek puskesmas."}, "email": {"ibu@example.com"}})
	num := numberOf(t, a, code)
	m := waitMail(t, smtp, 1)
	if m[0].To[0] != "ibu@example.com" || !strings.Contains(m[0].Data, code) || !strings.Contains(m[0].Data, "https://mutu.example/lacak/"+code) {
		t.Fatalf("filing e-mail: %+v", m[0])
	}
	ver := a.login(t, "admin.jakut")
	a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"verifikasi"}})
	a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"disposisi"}, "unit": {"PKM-31.72.01"}})
	a.post(t, a.login(t, "operator.pkm"), "/kelola/pengaduan/"+num, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Stok obat sudah kami tambah."}})
	m = waitMail(t, smtp, 2)
	if !strings.Contains(m[1].Data, "Stok obat sudah kami tambah.") || !strings.Contains(m[1].Data, "ditanggapi") || !strings.Contains(m[1].Data, num) {
		t.Fatalf("answer e-mail: %s", m[1].Data)
	}
	if strings.Contains(a.logs(), "ibu@example.com") {
		t.Error("the reporter's address reached the log")
	}
}

func TestHolidayCalendarIsEditable(t *testing.T) {
	a := newApp(t)
	prov := a.login(t, "admin")
	res := a.get(t, prov, "/kelola/libur?tahun=2026")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "2026-12-25") || !strings.Contains(res.Body, "Cuti bersama") {
		t.Fatalf("calendar page: %d", res.StatusCode)
	}
	if res := a.post(t, a.login(t, "admin.jakut"), "/kelola/libur", url.Values{"date": {"2026-12-28"}, "name": {"Libur daerah"}, "kind": {"cuti_bersama"}}); res.StatusCode != 403 {
		t.Errorf("city admin edits the national calendar: %d", res.StatusCode)
	}
	if res := a.post(t, prov, "/kelola/libur", url.Values{"date": {"2026-13-40"}, "name": {"x"}, "kind": {"cuti_bersama"}}); res.StatusCode != 422 {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	if res := a.post(t, prov, "/kelola/libur", url.Values{"date": {"2026-12-28"}, "name": {"Cuti bersama tambahan"}, "kind": {"cuti_bersama"}}); res.StatusCode != 303 {
		t.Fatalf("add: %d %s", res.StatusCode, res.Body)
	}
	if res := a.get(t, prov, "/kelola/libur?tahun=2026"); !strings.Contains(res.Body, "Cuti bersama tambahan") {
		t.Error("added day not listed")
	}
	if res := a.post(t, prov, "/kelola/libur", url.Values{"date": {"2026-12-28"}, "delete": {"1"}, "confirmed": {"1"}}); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	entries, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "holiday.save"})
	if len(entries) != 1 {
		t.Errorf("audit: %v", entries)
	}
}

// numberOf is the public number of the report whose tracking code is code.
func numberOf(t *testing.T, a *app, code string) string {
	t.Helper()
	r, err := a.DB.ComplaintByCode(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	return r.Number
}
