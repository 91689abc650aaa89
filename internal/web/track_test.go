package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/web"
)

// TestStaffViewerAfterDispatch: once a report is dispatched, only the
// handling unit's operators and the administrators whose region covers
// that unit act on it; the unit that passed it on, and an administrator of
// the receiving region who does not cover the handler, keep reading it.
func TestStaffViewerAfterDispatch(t *testing.T) {
	const (
		desk    = "unit-desk" // ADU-31.72, region 31.72: received the report
		handler = "unit-pkm"  // region 31.74.08, where it was dispatched
		other   = "unit-other"
	)
	op := func(units ...string) *account.Principal {
		p := &account.Principal{Role: account.Operator, UnitIDs: map[string]bool{}}
		for _, u := range units {
			p.UnitIDs[u] = true
		}
		return p
	}
	reg := func(role account.Role, code string) *account.Principal {
		return &account.Principal{Role: role, RegionCode: code}
	}
	received := &complaint.Report{UnitID: desk, RegionCode: "31.72", Status: complaint.Verified}
	dispatched := &complaint.Report{UnitID: desk, RegionCode: "31.72", AssignedUnitID: handler, Status: complaint.Dispatched}
	for _, tc := range []struct {
		name    string
		p       *account.Principal
		rep     *complaint.Report
		viewer  complaint.Viewer
		actor   complaint.Actor
		visible bool
	}{
		{"receiving unit's operator, before dispatch", op(desk), received, complaint.ViewUnitStaff, complaint.UnitStaff, true},
		{"receiving unit's operator, after dispatch", op(desk), dispatched, complaint.ViewReadOnly, "", true},
		{"handling unit's operator", op(handler), dispatched, complaint.ViewUnitStaff, complaint.UnitStaff, true},
		{"operator of both", op(desk, handler), dispatched, complaint.ViewUnitStaff, complaint.UnitStaff, true},
		{"handling unit's operator, before dispatch", op(handler), received, "", "", false},
		{"another unit's operator", op(other), dispatched, "", "", false},
		{"receiving region's admin, before dispatch", reg(account.Admin, "31.72"), received, complaint.ViewVerifier, complaint.Verifier, true},
		{"receiving region's admin, handler elsewhere", reg(account.Admin, "31.72"), dispatched, complaint.ViewVerifier, "", true},
		{"handler's region's admin", reg(account.Admin, "31.74"), dispatched, complaint.ViewVerifier, complaint.Verifier, true},
		{"handler's region's admin, before dispatch", reg(account.Admin, "31.74"), received, "", "", false},
		{"province admin", reg(account.Admin, "31"), dispatched, complaint.ViewVerifier, complaint.Verifier, true},
		{"another region's admin", reg(account.Admin, "31.71"), dispatched, "", "", false},
		{"leader of the receiving region", reg(account.Leader, "31.72"), dispatched, complaint.ViewReadOnly, "", true},
		{"evaluator", reg(account.Evaluator, "31"), dispatched, complaint.ViewReadOnly, "", true},
		{"assessor of another region", reg(account.Assessor, "31.71"), dispatched, "", "", false},
	} {
		v, a, ok := web.StaffViewer(tc.p, tc.rep, map[string]string{handler: "31.74.08"}[tc.rep.AssignedUnitID])
		if v != tc.viewer || a != tc.actor || ok != tc.visible {
			t.Errorf("%s: %q %q %v, want %q %q %v", tc.name, v, a, ok, tc.viewer, tc.actor, tc.visible)
		}
	}
}

// TestPassingUnitCannotActAfterDispatch: a report received by a Puskesmas
// and dispatched to the PTSP office: the Puskesmas keeps reading it (the
// page, without the actions or the reporter), the PTSP answers it.
func TestPassingUnitCannotActAfterDispatch(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Izin praktik bidan"}, "body": {"Izin praktik bidan diurus di PTSP, bukan di puskesmas, mohon diteruskan."}, "name": {"Wulan Sari"}})
	num := numberOf(t, a, code)
	pkm := a.login(t, "operator.pkm")
	note := url.Values{"action": {"catatan"}, "reason": {"Catatan dari puskesmas."}}
	if res := a.post(t, pkm, "/kelola/pengaduan/"+num, note); res.StatusCode != 303 {
		t.Fatalf("the receiving unit notes before the dispatch: %d %s", res.StatusCode, res.Body)
	}
	ver := a.login(t, "admin.jakut")
	for _, step := range []url.Values{{"action": {"verifikasi"}}, {"action": {"disposisi"}, "unit": {"PTSP-31.72"}}} {
		if res := a.post(t, ver, "/kelola/pengaduan/"+num, step); res.StatusCode != 303 {
			t.Fatalf("%v: %d", step, res.StatusCode)
		}
	}
	answer := url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Jawaban dari puskesmas yang sudah tidak berwenang."}}
	for _, form := range []url.Values{answer, note, {"action": {"bukan_wewenang"}, "reason": {"Bukan wewenang kami lagi."}}} {
		if res := a.post(t, pkm, "/kelola/pengaduan/"+num, form); res.StatusCode != 403 {
			t.Errorf("the passing unit takes %s: %d", form.Get("action"), res.StatusCode)
		}
	}
	page := a.get(t, pkm, "/kelola/pengaduan/"+num)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "<h1>"+num+": Izin praktik bidan</h1>") {
		t.Fatalf("the passing unit reads the report: %d", page.StatusCode)
	}
	if strings.Contains(page.Body, `<form method="post" action="/kelola/pengaduan/`+num+`">`) || strings.Contains(page.Body, "Wulan Sari") {
		t.Error("the passing unit is offered actions or sees the reporter")
	}
	if held := elementByID(t, page.Body, "held-elsewhere", "p"); !strings.Contains(held, "didisposisikan ke Unit Pengelola Penanaman Modal") {
		t.Errorf("the passing unit is not told who holds the report: %s", held)
	}
	queue := a.get(t, pkm, "/kelola/pengaduan?cari="+num)
	if queue.StatusCode != 200 || !strings.Contains(queue.Body, `<a href="/kelola/pengaduan/`+num+`">`) ||
		!strings.Contains(queue.Body, `<span class="tag warn held-by">hanya baca: ditangani Unit Pengelola Penanaman Modal`) {
		t.Errorf("the passing unit's queue does not say who holds the report: %d", queue.StatusCode)
	}
	if r, _ := a.DB.ComplaintByCode(t.Context(), code); r.Status != complaint.Dispatched {
		t.Fatalf("a refused step changed the report: %s", r.Status)
	}
	ptsp := a.login(t, "operator.ptsp")
	if page := a.get(t, ptsp, "/kelola/pengaduan/"+num); !strings.Contains(page.Body, `<form method="post" action="/kelola/pengaduan/`+num+`">`) || !strings.Contains(page.Body, "Wulan Sari") {
		t.Error("the handling unit is not offered the actions")
	}
	if res := a.post(t, ptsp, "/kelola/pengaduan/"+num, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Silakan datang ke loket PTSP."}}); res.StatusCode != 303 {
		t.Errorf("the handling unit answers: %d", res.StatusCode)
	}
}

// TestStaffSeeNumbersNotCodes: the queue, the report page, the
// notifications and the export name a report by its number; no tracking
// code appears in them, and nothing staff see opens the reporter's page.
// The access log records the reporter's page without the code.
func TestStaffSeeNumbersNotCodes(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Ruang tunggu panas"}, "body": {"Pendingin ruangan di ruang tunggu mati sejak pekan lalu."}, "email": {"warga@example.com"}})
	num := numberOf(t, a, code)
	if !strings.HasPrefix(num, "PKM-31.72.01-2026-") {
		t.Fatalf("number %q", num)
	}
	ver := a.login(t, "admin.jakut")
	for _, step := range []url.Values{{"action": {"verifikasi"}}, {"action": {"disposisi"}, "unit": {"PKM-31.72.01"}}} {
		if res := a.post(t, ver, "/kelola/pengaduan/"+num, step); res.StatusCode != 303 || strings.Contains(res.Header.Get("Location"), code) {
			t.Fatalf("%v: %d to %s", step, res.StatusCode, res.Header.Get("Location"))
		}
	}
	op := a.login(t, "operator.pkm")
	for _, tc := range []struct{ path, marker string }{
		{"/kelola/pengaduan", `<form class="filters" method="get" action="/kelola/pengaduan"`},
		{"/kelola/pengaduan/" + num, "<h1>" + num + ": Ruang tunggu panas</h1>"},
		{"/kelola/notifikasi", `<a href="/kelola/pengaduan/` + num + `">` + num + `</a>`},
	} {
		res := a.get(t, op, tc.path)
		if res.StatusCode != 200 || !strings.Contains(res.Body, tc.marker) || !strings.Contains(res.Body, num) {
			t.Fatalf("%s: %d, lacks %q", tc.path, res.StatusCode, tc.marker)
		}
		if strings.Contains(res.Body, code) || codeRE.MatchString(res.Body) {
			t.Errorf("%s shows a tracking code", tc.path)
		}
		// Whatever a staff page links to, it opens no reporter's page.
		for _, m := range regexp.MustCompile(`href="/kelola/pengaduan/([^"/]+)"`).FindAllStringSubmatch(res.Body, -1) {
			if res := a.get(t, nil, "/lacak/"+m[1]); res.StatusCode != 404 {
				t.Errorf("/lacak/%s (seen on %s): %d", m[1], tc.path, res.StatusCode)
			}
		}
	}
	res := a.get(t, op, "/kelola/pengaduan-dasbor?tahun=2026&format=xlsx")
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("export: %d %v", res.StatusCode, err)
	}
	rows, _ := f.GetRows("Pengaduan")
	found := false
	for _, row := range rows {
		joined := strings.Join(row, "|")
		found = found || strings.HasPrefix(joined, num+"|")
		if codeRE.MatchString(joined) {
			t.Errorf("a tracking code in the export: %s", joined)
		}
	}
	if !found || rows[0][0] != "Nomor" {
		t.Errorf("the export lacks the report's number: %v", rows[0])
	}
	for _, id := range []string{num, strings.ToLower(num)} {
		if res := a.get(t, nil, "/lacak/"+id); res.StatusCode != 404 {
			t.Errorf("/lacak/%s: %d", id, res.StatusCode)
		}
	}
	// The reporter's own page and actions, in the log without the code.
	citizen := a.client(t)
	if res := a.get(t, citizen, "/lacak/"+strings.ToLower(code)); res.StatusCode != 200 {
		t.Fatalf("tracking page: %d", res.StatusCode)
	}
	a.post(t, citizen, "/lacak/"+code, url.Values{"action": {"tambah_info"}, "reason": {"Sudah dua minggu tidak diperbaiki."}})
	a.get(t, citizen, "/lacak/"+code+"/lampiran/00000000-0000-0000-0000-000000000000")
	a.get(t, citizen, "/lacak?kode="+code)
	logs := a.logs()
	if !strings.Contains(logs, `/lacak/•••`) {
		t.Fatalf("the reporter's requests are not in the log:\n%s", logs)
	}
	if strings.Contains(strings.ToUpper(logs), code) || codeRE.MatchString(strings.ToUpper(logs)) {
		t.Errorf("a tracking code in the log:\n%s", logs)
	}
}

// TestMergeDisclosesNothing: the reporter of a duplicate keeps their own
// code and page; of the report it was merged into they see its number,
// status and answer only if that report may be public, and of a secret
// (rahasia) one nothing but the merge. Never its code, title, reporter or
// any action on it.
func TestMergeDisclosesNothing(t *testing.T) {
	a := newApp(t)
	ver := a.login(t, "admin.jakut")
	file := func(privacy, title, name string) (string, string) {
		code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {privacy},
			"title": {title}, "body": {"Isi laporan yang cukup panjang tentang " + title + "."}, "name": {name}})
		return code, numberOf(t, a, code)
	}
	merge := func(num, into string) response {
		return a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {into}, "reason": {"Laporan yang sama."}})
	}
	secretCode, secretNum := file("rahasia", "Pungutan liar rahasia", "Pelapor Rahasia")
	dupCode, dupNum := file("biasa", "Pungutan liar juga", "Pelapor Kedua")
	if res := merge(dupNum, secretNum); res.StatusCode != 303 {
		t.Fatalf("merge: %d %s", res.StatusCode, res.Body)
	}
	page := a.get(t, nil, "/lacak/"+dupCode)
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Pungutan liar juga") || !strings.Contains(page.Body, `<section id="merged">`) || !strings.Contains(page.Body, dupNum) ||
		!strings.Contains(page.Body, "bersifat rahasia") {
		t.Fatalf("the duplicate's page: %d\n%s", page.StatusCode, page.Body)
	}
	for _, secret := range []string{secretCode, secretNum, "Pungutan liar rahasia", "Pelapor Rahasia", "/lacak/" + secretCode} {
		if strings.Contains(page.Body, secret) {
			t.Errorf("the duplicate's page discloses %q", secret)
		}
	}
	if strings.Count(page.Body, `<form method="post" action="/lacak/`) != 0 {
		t.Error("actions offered on a merged report")
	}
	// The staff still see which report it went into.
	if res := a.get(t, ver, "/kelola/pengaduan/"+dupNum); !strings.Contains(res.Body, secretNum+": Laporan yang sama.") ||
		!strings.Contains(res.Body, `<a href="/kelola/pengaduan/`+secretNum+`">`) {
		t.Error("the staff page lacks the merge target")
	}

	// Into a public report: its number, status and answer, nothing else.
	openCode, openNum := file("biasa", "Antrean terbuka", "Pelapor Terbuka")
	for _, step := range []url.Values{{"action": {"verifikasi"}}, {"action": {"disposisi"}, "unit": {"PKM-31.72.01"}}} {
		a.post(t, ver, "/kelola/pengaduan/"+openNum, step)
	}
	if res := a.post(t, a.login(t, "operator.pkm"), "/kelola/pengaduan/"+openNum, url.Values{"action": {"tanggapi"}, "confirmed": {"1"}, "reason": {"Loket tambahan dibuka mulai Senin."}}); res.StatusCode != 303 {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	dup2Code, dup2Num := file("anonim", "Antrean juga", "")
	if res := merge(dup2Num, strings.ToLower(openNum)); res.StatusCode != 303 {
		t.Fatalf("merge into the public report: %d %s", res.StatusCode, res.Body)
	}
	page = a.get(t, nil, "/lacak/"+dup2Code)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `<section id="merged">`) || !strings.Contains(page.Body, openNum) ||
		!strings.Contains(page.Body, "Loket tambahan dibuka mulai Senin.") || !strings.Contains(page.Body, "Ditanggapi") {
		t.Fatalf("the duplicate's page (public target): %d\n%s", page.StatusCode, page.Body)
	}
	for _, secret := range []string{openCode, "Pelapor Terbuka", "Antrean terbuka", "/lacak/" + openCode} {
		if strings.Contains(page.Body, secret) {
			t.Errorf("the duplicate's page discloses %q", secret)
		}
	}
}

// TestMergeTargetRefused: a merge into a report that does not exist, into
// the report itself, into one outside the verifier's region, or named by
// its tracking code is refused with the field's message, and nothing
// changes.
func TestMergeTargetRefused(t *testing.T) {
	a := newApp(t)
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Laporan ganda"}, "body": {"Laporan ini akan coba digabungkan ke tempat yang salah."}})
	num := numberOf(t, a, code)
	elsewhere := fileComplaint(t, a, url.Values{"region": {"31.74"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Laporan Jakarta Selatan"}, "body": {"Laporan di luar wilayah verifikator Jakarta Utara."}})
	sameCity := fileComplaint(t, a, url.Values{"unit": {"PTSP-31.72"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Laporan lain"}, "body": {"Laporan lain di Jakarta Utara yang bukan tujuan."}})
	ver := a.login(t, "admin.jakut")
	before, _ := a.DB.ComplaintByCode(t.Context(), code)
	events, _ := a.DB.Events(t.Context(), before)
	for name, into := range map[string]string{
		"unknown":        "PKM-31.72.01-2026-09999",
		"unknown unit":   "NOPE-2026-00001",
		"itself":         num,
		"out of scope":   numberOf(t, a, elsewhere),
		"by code":        sameCity,
		"empty":          "",
		"garbage":        "<script>",
		"very long text": strings.Repeat("A-", 5000),
	} {
		res := a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {into}, "reason": {"Laporan yang sama."}})
		if res.StatusCode != 422 || !strings.Contains(res.Body, "Laporan tujuan tidak ditemukan") {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	after, _ := a.DB.ComplaintByCode(t.Context(), code)
	if evs, _ := a.DB.Events(t.Context(), after); after.Status != before.Status || after.MergedInto != "" || len(evs) != len(events) {
		t.Errorf("a refused merge changed the report: %+v", after)
	}
	// Into a report of the same city: done.
	if res := a.post(t, ver, "/kelola/pengaduan/"+num, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {numberOf(t, a, sameCity)}, "reason": {"Laporan yang sama."}}); res.StatusCode != 303 {
		t.Errorf("merge in scope: %d %s", res.StatusCode, res.Body)
	}
}

// TestStaffIntakeMailsTheCode: a report recorded by staff for a reporter
// with an e-mail address: the code goes to the reporter only; the staff
// page shows the number and says the code was sent.
func TestStaffIntakeMailsTheCode(t *testing.T) {
	smtp, mail := withMail(t)
	a := newApp(t, mail, func(c *web.Config) { c.BaseURL = "https://mutu.example" })
	op := a.login(t, "operator.ptsp")
	res := a.post(t, op, "/kelola/pengaduan-baru", url.Values{"unit": {"PTSP-31.72"}, "channel": {"telepon"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Izin usaha lama"}, "body": {"Pengajuan izin usaha sudah sebulan belum ada kabar."}, "email": {"pelapor@example.com"}})
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="intake-done"`) || !strings.Contains(res.Body, "dikirim ke surel pelapor") {
		t.Fatalf("intake: %d %s", res.StatusCode, res.Body)
	}
	if codeRE.MatchString(res.Body) || !regexp.MustCompile(`PTSP-31\.72-2026-[0-9]{5}`).MatchString(res.Body) {
		t.Error("the staff page shows the code, or no number")
	}
	m := waitMail(t, smtp, 1)
	if len(m) != 1 || m[0].To[0] != "pelapor@example.com" {
		t.Fatalf("mail: %+v", m)
	}
	code := codeRE.FindString(m[0].Data)
	if r, err := a.DB.ComplaintByCode(t.Context(), code); code == "" || err != nil || r.Title != "Izin usaha lama" ||
		!strings.Contains(m[0].Data, "https://mutu.example/lacak/"+code) {
		t.Errorf("the reporter's e-mail lacks the code or link: %v\n%s", err, m[0].Data)
	}
}
