package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Codes are picked by name: regions from a list of names, dispatch targets
// grouped by kecamatan, merge targets by number and title. The codes they
// post are the ones a person could type.
func TestPickersSearchByName(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	for _, path := range []string{"/kelola/unit-baru", "/kelola/unit/PKM-31.72.01", "/kelola/pengguna-baru", "/kelola/kunci-api"} {
		res := a.get(t, admin, path)
		if res.StatusCode != 200 || !strings.Contains(res.Body, `id="f-region_code"`) {
			t.Errorf("%s: %d, not the form", path, res.StatusCode)
			continue
		}
		if !strings.Contains(res.Body, `list="dl-region_code"`) ||
			!regexp.MustCompile(`<datalist id="dl-region_code">.*<option value="31.72.01" label="Kecamatan Penjaringan[^"]*">`).MatchString(res.Body) {
			t.Errorf("%s: no region picker by name", path)
		}
		if strings.Contains(res.Body, `<option value="31.74`) {
			t.Errorf("%s: the picker offers regions outside the account's scope", path)
		}
	}

	// Units of an operator: ticked by name, grouped by kecamatan.
	res := a.get(t, admin, "/kelola/pengguna-baru")
	if !regexp.MustCompile(`<fieldset class="unit-group"><legend>Kecamatan Penjaringan</legend>\s*(<label [^>]*>.*\s*)*<label class="checkbox"><input type="checkbox" name="units" value="PKM-31.72.01">`).MatchString(res.Body) {
		t.Error("the user form has no unit picker grouped by kecamatan")
	}
	res = a.post(t, admin, "/kelola/pengguna-baru", url.Values{"username": {"operator.baru"}, "name": {"Operator Baru"}, "role": {"operator"},
		"units": {"PKM-31.72.01", "KEC-31.72.03"}, "password": {"sandi-sementara-1"}, "active": {"1"}})
	if res.StatusCode != 303 {
		t.Fatalf("user with picked units: %d", res.StatusCode)
	}
	res = a.get(t, admin, "/kelola/pengguna/"+userID(t, a, "operator.baru"))
	for _, code := range []string{"PKM-31.72.01", "KEC-31.72.03"} {
		if !strings.Contains(res.Body, `value="`+code+`" checked>`) {
			t.Errorf("%s is not ticked on the user's page", code)
		}
	}

	first := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean tidak tertib"}, "body": {"Nomor antrean saya dilewati dua kali pagi ini."}})
	second := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean kacau lagi"}, "body": {"Hari ini nomor antrean saya kembali dilewati petugas."}})
	firstNum, secondNum := numberOf(t, a, first), numberOf(t, a, second)
	res = a.get(t, admin, "/kelola/pengaduan/"+secondNum)
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="complaint-action"`) {
		t.Fatalf("report page: %d", res.StatusCode)
	}
	if !regexp.MustCompile(`<optgroup label="Kecamatan Penjaringan">(<option [^>]*>[^<]*</option>)*<option value="PKM-31.72.01"`).MatchString(res.Body) {
		t.Error("dispatch targets are not grouped by kecamatan")
	}
	if !strings.Contains(res.Body, `<option value="`+firstNum+`" label="`+firstNum+` — Antrean tidak tertib">`) {
		t.Error("the merge picker does not offer the other report by number and title")
	}
	if strings.Contains(res.Body, `<option value="`+secondNum+`"`) {
		t.Error("the merge picker offers the report itself")
	}
	// What the pickers post: the code and the number.
	if res := a.post(t, admin, "/kelola/pengaduan/"+secondNum, url.Values{"action": {"gabung"}, "confirmed": {"1"}, "merge_into": {firstNum}, "reason": {"Laporan yang sama."}}); res.StatusCode != 303 {
		t.Errorf("merge by the picked number: %d", res.StatusCode)
	}
}
