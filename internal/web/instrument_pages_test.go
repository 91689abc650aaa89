package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/audit"
	"mutu/internal/instrument"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

func TestInstrumentPages(t *testing.T) {
	a := newApp(t)
	w := instrument.Percent("100")
	checklist, err := a.DB.AddChecklistVersion(t.Context(), audit.Actor{Name: "admin.jakut"}, "31.72", &instrument.Version{
		Name: "Ceklis kunjungan Jakarta Utara", Scale: instrument.Scale{Min: 0, Max: 5},
		Aspects: []instrument.Aspect{{Code: "umum", Name: "Umum", Weight: "100", Indicators: []instrument.Indicator{
			{Code: "k1", Name: "Papan informasi standar pelayanan", Scored: true, Weight: &w}}}}})
	if err != nil {
		t.Fatal(err)
	}

	ev := a.login(t, "evaluator.jakut")
	doc := mustBePage(t, a.get(t, ev, "/kelola/instrumen"), http.StatusOK, "section#instrumen-pekppp")
	if names := textOf(doc, "section.instrument h2"); !strings.Contains(names, "(PEKPPP)") || !strings.Contains(names, "Ceklis kunjungan Jakarta Utara") {
		t.Errorf("instruments listed: %q", names)
	}
	links := findAll(doc, "section#instrumen-pekppp td a")
	if len(links) != 1 || textOf(doc, "section#instrumen-pekppp td a") != "pekppp-2023" {
		t.Fatalf("PEKPPP versions: %d", len(links))
	}
	href := attr(links[0], "href")

	doc = mustBePage(t, a.get(t, ev, href), http.StatusOK, "dl#instrument-version")
	indicators := findAll(doc, "details.indicator")
	if len(indicators) != 31 {
		t.Fatalf("%d indicators, want 30 scored and the extra item", len(indicators))
	}
	summaries := map[string]string{}
	for _, d := range indicators {
		s := strings.Join(strings.Fields(textOf(d, "summary")), " ")
		code, _, _ := strings.Cut(s, " ")
		summaries[code] = s
	}
	for code, want := range map[string]string{
		"1.a.Ak": "— 17 % bersumber", "18.c.K": "— 14 % asumsi", "21.d.T": "— 25 % asumsi", "29.f.B": "— 50 % bersumber",
		"31": "— tidak dinilai",
	} {
		if !strings.HasSuffix(summaries[code], want) {
			t.Errorf("%s: %q, want it to end %q", code, summaries[code], want)
		}
	}
	if len(findAll(doc, "p#assumed-rule")) != 1 || !strings.Contains(textOf(doc, "section#aspek-c h2"), "18 %") {
		t.Error("the assumed-weight rule or the aspect weight is not shown")
	}
	if levels := textOf(indicators[0], "tbody td"); !strings.Contains(levels, "Tidak tersedia Standar Pelayanan") || !strings.Contains(textOf(indicators[0], "ul"), "Berita Acara") {
		t.Errorf("levels and evidence of 1.a.Ak: %q", levels)
	}
	rows := findAll(doc, "table#categories tbody tr")
	if len(rows) != 9 {
		t.Fatalf("%d categories", len(rows))
	}
	for i, want := range map[int]string{0: "4,51 – 5,00 A Pelayanan Prima", 1: "4,01 – 4,50 A- Sangat Baik", 5: "2,01 – 2,50 C- tidak disebut sumber", 8: "0,00 – 1,00 F tidak disebut sumber"} {
		if got := strings.Join(strings.Fields(textOf(rows[i], "td")), " "); got != want {
			t.Errorf("category row %d: %q, want %q", i, got, want)
		}
	}

	// An operator reads PEKPPP but not the city's own checklist.
	op := a.login(t, "operator.ptsp")
	doc = mustBePage(t, a.get(t, op, "/kelola/instrumen"), http.StatusOK, "section#instrumen-pekppp")
	if strings.Contains(textOf(doc, "main"), "Ceklis kunjungan Jakarta Utara") {
		t.Error("an operator sees the city's checklist")
	}
	mustBePage(t, a.get(t, op, "/kelola/instrumen/"+checklist.ID), http.StatusNotFound, "main")
	doc = mustBePage(t, a.get(t, ev, "/kelola/instrumen/"+checklist.ID), http.StatusOK, "dl#instrument-version")
	if !strings.Contains(textOf(doc, "dl#instrument-version"), "ceklis-31.72-v1") {
		t.Error("the checklist's label")
	}
	mustBePage(t, a.get(t, ev, "/kelola/instrumen/tidak-ada"), http.StatusNotFound, "main")
}

// pekpppVersionID is the id of the shipped PEKPPP version.
func pekpppVersionID(t *testing.T, a *app) string {
	t.Helper()
	all, err := a.DB.InstrumentVersions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range all {
		if v.Label == instrument.PEKPPPLabel {
			return v.ID
		}
	}
	t.Fatal("no PEKPPP version stored")
	return ""
}

// TestJourneyInstrumentPages: the list, the PEKPPP version and the
// checklist form fit a 360 px phone and axe-core finds no serious problem.
func TestJourneyInstrumentPages(t *testing.T) {
	a := newApp(t)
	b := openTabOn(t, a, testutil.ChromiumTimeout(t, 2*time.Minute))
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))
	b.signIn("evaluator.jakut")
	checkPages(b, "evaluator.jakut", []string{"/kelola/instrumen", "/kelola/instrumen/" + pekpppVersionID(t, a)})
	b.signOut()
	b.signIn("admin")
	omb := "/kelola/instrumen/" + ombudsmanVersionID(t, a, "ombudsman-2023")
	checkPages(b, "admin", []string{"/kelola/instrumen", "/kelola/instrumen/ceklis", omb, omb + "/batas"})
}

func TestChecklistForm(t *testing.T) {
	a := newApp(t)
	adm := a.login(t, "admin.jakut")
	doc := mustBePage(t, a.get(t, adm, "/kelola/instrumen/ceklis"), http.StatusOK, "h1#checklist-form")
	if opts := findAll(doc, "select#f-city option"); len(opts) != 1 || attr(opts[0], "value") != "31.72" {
		t.Fatalf("cities of a city administrator: %d", len(opts))
	}
	if !strings.HasPrefix(textOf(doc, "textarea#f-checklist"), "@umum | Pelayanan umum | 60\n") {
		t.Errorf("the first checklist starts from the sample: %q", textOf(doc, "textarea#f-checklist"))
	}
	count := func() int {
		all, err := a.DB.InstrumentVersions(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return len(all)
	}
	before := count()

	// Problems come back on the form, by line; nothing is stored.
	bad := "@umum | Umum | 100\nk1 | Papan informasi | lima puluh\nk2 | Ruang tunggu"
	res := a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.72"}, "name": {"Ceklis Jakarta Utara"}, "checklist": {bad}})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#checklist-form")
	if got := textOf(doc, "div.errors li"); !strings.Contains(got, "Baris 2, kolom bobot: Bobot harus angka") {
		t.Errorf("errors: %q", got)
	}
	if textOf(doc, "textarea#f-checklist") != bad || len(findAll(doc, "span#e-checklist")) != 1 || attr(findAll(doc, "input#f-name")[0], "value") != "Ceklis Jakarta Utara" {
		t.Error("the refused input is not shown again with its mark")
	}
	res = a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.74"}, "name": {"Ceklis"}, "checklist": {sampleLines}})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "h1#checklist-form")
	if len(findAll(doc, "span#e-city")) != 1 {
		t.Error("a city outside the administrator's region")
	}
	if count() != before {
		t.Fatal("a refused checklist was stored")
	}

	// Saved: the first version, then the next; the first stays.
	res = a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.72"}, "name": {"Ceklis Jakarta Utara"}, "checklist": {sampleLines}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/kelola/instrumen/") {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	first := res.Header.Get("Location")
	doc = mustBePage(t, a.get(t, adm, first), http.StatusOK, "dl#instrument-version")
	if !strings.Contains(textOf(doc, "dl#instrument-version"), "ceklis-31.72-v1") || !strings.Contains(textOf(doc, "div.flash"), "disimpan") {
		t.Errorf("first version page: %q", textOf(doc, "main"))
	}
	doc = mustBePage(t, a.get(t, adm, "/kelola/instrumen/ceklis"), http.StatusOK, "h1#checklist-form")
	if attr(findAll(doc, "input#f-name")[0], "value") != "Ceklis Jakarta Utara" || textOf(doc, "textarea#f-checklist") != "@umum | Umum | 100\nk1 | Papan informasi | 50\nk2 | Ruang tunggu\n" {
		t.Errorf("the form starts from the latest version: %q", textOf(doc, "textarea#f-checklist"))
	}
	res = a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.72"}, "name": {"Ceklis Jakarta Utara 2027"}, "checklist": {"@umum | Umum | 100\nk1 | Papan informasi\n"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("second save: %d", res.StatusCode)
	}
	doc = mustBePage(t, a.get(t, adm, "/kelola/instrumen/ceklis"), http.StatusOK, "h1#checklist-form")
	if attr(findAll(doc, "input#f-name")[0], "value") != "Ceklis Jakarta Utara 2027" || textOf(doc, "textarea#f-checklist") != "@umum | Umum | 100\nk1 | Papan informasi\n" {
		t.Errorf("the form starts from the second version: %q", textOf(doc, "textarea#f-checklist"))
	}
	doc = mustBePage(t, a.get(t, adm, first), http.StatusOK, "dl#instrument-version")
	if strings.Count(textOf(doc, "details.indicator summary"), "Papan informasi") != 1 || !strings.Contains(textOf(doc, "details.indicator summary"), "Ruang tunggu") {
		t.Error("the first version changed")
	}
	entries, err := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "instrument.version"})
	if err != nil || len(entries) != 2 || entries[0].ActorName != "admin.jakut" || entries[0].ObjectID != "ceklis-31.72-v2" {
		t.Errorf("audit: %+v %v", entries, err)
	}
}

const sampleLines = "@umum | Umum | 100\nk1 | Papan informasi | 50\nk2 | Ruang tunggu"

// A province administrator chooses the city whose checklist the form edits.
func TestChecklistFormCities(t *testing.T) {
	a := newApp(t)
	adm := a.login(t, "admin")
	doc := mustBePage(t, a.get(t, adm, "/kelola/instrumen/ceklis?kota=31.74"), http.StatusOK, "h1#checklist-form")
	opts := findAll(doc, "select#f-city option")
	var chosen []string
	for _, o := range opts {
		for _, at := range o.Attr {
			if at.Key == "selected" {
				chosen = append(chosen, attr(o, "value"))
			}
		}
	}
	if len(opts) != 6 || len(chosen) != 1 || chosen[0] != "31.74" {
		t.Errorf("cities of DKI Jakarta: %d, chosen %v", len(opts), chosen)
	}
	res := a.post(t, adm, "/kelola/instrumen/ceklis", url.Values{"city": {"31.74"}, "name": {"Ceklis Jakarta Selatan"}, "checklist": {sampleLines}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	// Jakarta Utara's evaluator does not see Jakarta Selatan's checklist.
	doc = mustBePage(t, a.get(t, a.login(t, "evaluator.jakut"), "/kelola/instrumen"), http.StatusOK, "section#instrumen-pekppp")
	if strings.Contains(textOf(doc, "main"), "Ceklis Jakarta Selatan") {
		t.Error("another city's checklist is listed")
	}
}
