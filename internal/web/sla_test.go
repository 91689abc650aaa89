package web_test

import (
	"net/url"
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// slaForm is a POST /kelola/sla body for one kind.
func slaForm(kind string, verify, first, resolution, autoClose string) url.Values {
	return url.Values{"kind": {kind}, "verify_days": {verify}, "first_response_days": {first}, "resolution_days": {resolution}, "auto_close_days": {autoClose}}
}

func TestSLAPage(t *testing.T) {
	a := newApp(t)
	prov := a.login(t, "admin")
	ctx := t.Context()

	res := a.get(t, prov, "/kelola/sla")
	if res.StatusCode != 200 {
		t.Fatalf("page: %d %s", res.StatusCode, res.Body)
	}
	for _, want := range []string{"Pengaduan", "Aspirasi", "Permintaan informasi", "Konsultasi", "Perpres 76/2013", "SP4N-LAPOR!",
		"60 hari kerja", "Terakhir diubah", `id="f-aspirasi-resolution_days"`, `for="f-aspirasi-resolution_days"`, `inputmode="numeric"`,
		`name="reset" value="1"`, `href="/kelola/libur"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "sla.") {
		t.Error("page shows an untranslated key")
	}

	// A city administrator sees the limits but may not change them.
	city := a.login(t, "admin.jakut")
	res = a.get(t, city, "/kelola/sla")
	mustBePage(t, res, 200, "h2#h-pengaduan")
	if !strings.Contains(res.Body, "60 hari kerja") || strings.Contains(res.Body, "<input") || strings.Contains(res.Body, `action="/kelola/sla"`) {
		t.Errorf("city admin page: %d, read-only expected", res.StatusCode)
	}
	if res := a.post(t, city, "/kelola/sla", slaForm("aspirasi", "1", "2", "3", "4")); res.StatusCode != 403 {
		t.Errorf("city admin changes the limits: %d", res.StatusCode)
	}
	if res := a.post(t, city, "/kelola/sla", url.Values{"kind": {"aspirasi"}, "reset": {"1"}}); res.StatusCode != 403 {
		t.Errorf("city admin resets the limits: %d", res.StatusCode)
	}

	// Bad values: 422, the form refilled with messages, nothing changed.
	before, err := a.DB.SLAs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		form url.Values
		want []string
	}{
		{slaForm("aspirasi", "0", "5", "60", "10"), []string{"Isi bilangan bulat dari 1 sampai 365.", `href="#f-aspirasi-verify_days"`}},
		{slaForm("aspirasi", "3", "5", "366", "10"), []string{"Isi bilangan bulat dari 1 sampai 365.", `value="366"`}},
		{slaForm("aspirasi", "3", "5", "60", "61"), []string{"Isi bilangan bulat dari 1 sampai 60.", `aria-invalid="true"`}},
		{slaForm("aspirasi", "tiga", "5", "60", "10"), []string{"Isi jumlah hari kerja sebagai bilangan bulat", `value="tiga"`}},
		{slaForm("keluhan", "3", "5", "60", "10"), []string{"Pilih jenis laporan yang dikenal."}},
		{url.Values{"kind": {"keluhan"}, "reset": {"1"}}, []string{"Pilih jenis laporan yang dikenal."}},
	} {
		res := a.post(t, prov, "/kelola/sla", c.form)
		if res.StatusCode != 422 {
			t.Errorf("%v: %d, want 422", c.form, res.StatusCode)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%v: response lacks %q", c.form, w)
			}
		}
	}
	if after, _ := a.DB.SLAs(ctx); len(after) != len(before) || after[complaint.Aspiration] != before[complaint.Aspiration] {
		t.Errorf("rejected input changed the limits: %v", after)
	}

	// The province administrator changes one kind's limits.
	res = a.post(t, prov, "/kelola/sla", slaForm("aspirasi", "2", " 7 ", "30", "14"))
	if res.StatusCode != 303 || res.Header.Get("Location") != "/kelola/sla" {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	want := complaint.SLA{Kind: complaint.Aspiration, VerifyDays: 2, FirstResponseDays: 7, ResolutionDays: 30, AutoCloseDays: 14}
	slas, err := a.DB.SLAs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if slas[complaint.Aspiration] != want || slas[complaint.Complaint] != before[complaint.Complaint] {
		t.Errorf("after save: %v", slas)
	}
	if res := a.get(t, prov, "/kelola/sla"); !strings.Contains(res.Body, "Batas waktu disimpan.") || !strings.Contains(res.Body, `id="f-aspirasi-resolution_days" name="resolution_days" type="text" inputmode="numeric" pattern="[0-9]*" autocomplete="off" class="short" value="30"`) {
		t.Error("saved value or flash not shown")
	}
	entries, err := a.DB.AuditLog(ctx, store.AuditFilter{Action: "complaint_sla.update"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].ActorName != "admin" || entries[0].ObjectID != "aspirasi" ||
		entries[0].Detail != "verify_days 3→2, first_response_days 5→7, resolution_days 60→30, auto_close_days 10→14" {
		t.Errorf("audit: %+v", entries)
	}

	// Restore the defaults.
	if res := a.post(t, prov, "/kelola/sla", url.Values{"kind": {"aspirasi"}, "reset": {"1"}, "verify_days": {"0"}}); res.StatusCode != 303 {
		t.Fatalf("reset: %d %s", res.StatusCode, res.Body)
	}
	if slas, _ := a.DB.SLAs(ctx); slas[complaint.Aspiration] != before[complaint.Aspiration] {
		t.Errorf("after reset: %+v", slas[complaint.Aspiration])
	}
	if res := a.get(t, prov, "/kelola/sla"); !strings.Contains(res.Body, "Batas waktu dikembalikan ke bawaan.") {
		t.Error("reset flash not shown")
	}
	if entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: "complaint_sla.reset"}); len(entries) != 1 || entries[0].ObjectID != "aspirasi" {
		t.Errorf("reset audit: %+v", entries)
	}
}

func TestSLAPageEnglish(t *testing.T) {
	a := newApp(t)
	prov := english(t, a, a.login(t, "admin"))
	res := a.post(t, prov, "/kelola/sla", slaForm("konsultasi", "3", "5", "60", "0"))
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Enter a whole number from 1 to 60.") || !strings.Contains(res.Body, "Automatic closing") {
		t.Errorf("English form errors: %d", res.StatusCode)
	}
}
