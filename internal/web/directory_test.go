package web_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// hitsOf is the unit/service of each result on a directory page.
func hitsOf(t *testing.T, res response) []string {
	t.Helper()
	doc := mustBePage(t, res, 200, "h1#directory")
	var out []string
	for _, li := range findAll(doc, "li.directory-hit") {
		out = append(out, attr(li, "data-unit")+"/"+attr(li, "data-service"))
	}
	return out
}

// TestDirectoryFindsWhatCitizensNeed: on the demo, each need phrase finds
// the right services (by the service's name, its standard's product and
// requirements, or a synonym), with the best first; nonsense and
// injection attempts find nothing and change nothing.
func TestDirectoryFindsWhatCitizensNeed(t *testing.T) {
	a := newApp(t)
	_, akta := serviceCode(t, a, "DKP-31.72", "Akta Kelahiran")
	_, ktp := serviceCode(t, a, "DKP-31.72", "KTP-el")
	_, ktpSel := serviceCode(t, a, "DKP-31.74", "KTP-el")
	_, oss := serviceCode(t, a, "PTSP-31.72", "Perizinan berusaha berbasis risiko (OSS/NIB)")
	_, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	_, catin := serviceCode(t, a, "PKM-31.72.01", "Pemeriksaan kesehatan calon pengantin (catin)")
	for _, c := range []struct {
		q, region string
		first     string   // the best result ("": a tie)
		include   []string // also found
		exclude   []string // never found
		max       int      // at most this many results
	}{
		{"akta kelahiran", "", "DKP-31.72/" + akta, []string{"DKP-31.74/" + akta}, []string{"DKP-31.72/" + ktp}, 2},
		{"izin usaha", "", "", []string{"PTSP-31.72/" + oss, "PTSP-31.74/" + oss}, []string{"PTSP-31.72/" + pbg}, 2},
		{"IMB", "31.72", "PTSP-31.72/" + pbg, nil, []string{"PTSP-31.72/" + oss}, 1},
		{"KTP hilang", "", "DKP-31.72/" + ktp, []string{"DKP-31.74/" + ktpSel}, []string{"DKP-31.72/" + akta}, 2},
		{"periksa kesehatan calon pengantin", "31.72", "PKM-31.72.01/" + catin, []string{"PKM-31.72.02/" + catin, "PKM-31.72.04/" + catin},
			nil, 4},
	} {
		u := "/layanan?" + url.Values{"q": {c.q}, "wilayah": {c.region}}.Encode()
		got := hitsOf(t, a.get(t, nil, u))
		if len(got) == 0 || c.first != "" && got[0] != c.first || len(got) > c.max {
			t.Errorf("%q: %q, want %s first and at most %d", c.q, got, c.first, c.max)
		}
		for _, w := range c.include {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %q lacks %s", c.q, got, w)
			}
		}
		for _, w := range c.exclude {
			if slices.Contains(got, w) {
				t.Errorf("%q: %q has %s", c.q, got, w)
			}
		}
	}
	// The best result shows its unit, region, time limit and fee, and
	// links to its page, the survey and the complaint form.
	doc := mustBePage(t, a.get(t, nil, "/layanan?q=akta+kelahiran"), 200, "h1#directory")
	first := findAll(doc, "li.directory-hit")[0]
	if txt := textOf(first, ".std-time") + "|" + textOf(first, ".std-fee"); !strings.Contains(txt, "15 menit") || !strings.Contains(txt, "Gratis") {
		t.Errorf("promise %q", txt)
	}
	if txt := textOf(first, ".dir-unit"); !strings.Contains(txt, "Kependudukan") || !strings.Contains(txt, "Kota Administrasi Jakarta Utara") {
		t.Errorf("unit and region %q", txt)
	}
	var links []string
	for _, l := range findAll(first, "a") {
		links = append(links, attr(l, "href"))
	}
	for _, want := range []string{"/unit/DKP-31.72/layanan/" + akta, "/s/DKP-31.72/" + akta, "/pengaduan?unit=DKP-31.72"} {
		if !slices.Contains(links, want) {
			t.Errorf("links %q lack %s", links, want)
		}
	}

	before, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{})
	for _, q := range []string{"xyzzy qwerty", "' OR 1=1 --", "%' UNION SELECT name FROM units --", `<script>alert(1)</script>`, "%", "_"} {
		res := a.get(t, nil, "/layanan?q="+url.QueryEscape(q))
		if got := hitsOf(t, res); len(got) != 0 {
			t.Errorf("%q found %q", q, got)
		}
		if strings.Contains(res.Body, "<script>alert") {
			t.Errorf("%q echoed unescaped", q)
		}
		if !strings.Contains(textOf(mustBePage(t, res, 200, "h1#directory"), "#hasil"), "0 layanan") {
			t.Errorf("%q: no result count", q)
		}
	}
	if after, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{}); len(after) != len(before) {
		t.Error("a search changed the database")
	}

	// Bad input: a 400 naming the field, in Indonesian.
	res := a.get(t, nil, "/layanan?q="+strings.Repeat("a", 101))
	if doc := mustBePage(t, res, 400, "h1#directory"); !strings.Contains(textOf(doc, "#e-q"), "paling banyak 100") || len(findAll(doc, "li.directory-hit")) != 0 {
		t.Errorf("too long: %s", textOf(doc, "#e-q"))
	}
	res = a.get(t, nil, "/layanan?wilayah=99.99")
	if doc := mustBePage(t, res, 400, "h1#directory"); textOf(doc, "#e-wilayah") != "Pilih wilayah dari daftar." {
		t.Errorf("unknown region: %q", textOf(doc, "#e-wilayah"))
	}
}

// TestDirectoryListsFiltersAndPages: without words the directory lists
// every service, a page at a time, by region; the form is a GET form that
// needs no script; the home page and the unit pages link to it.
func TestDirectoryListsFiltersAndPages(t *testing.T) {
	a := newApp(t)
	doc := mustBePage(t, a.get(t, nil, "/layanan"), 200, "h1#directory")
	form := findAll(doc, "form.directory-search")
	if len(form) != 1 || attr(form[0], "method") != "get" || attr(form[0], "action") != "/layanan" {
		t.Fatal("no GET form")
	}
	if n := len(findAll(doc, "li.directory-hit")); n != 20 {
		t.Errorf("first page: %d results, want 20", n)
	}
	// Kecamatan Penjaringan: its Puskesmas and kelurahan, nothing else.
	var all []string
	next := "/layanan?wilayah=31.72.01"
	for pages := 0; next != "" && pages < 20; pages++ {
		doc := mustBePage(t, a.get(t, nil, next), 200, "h1#directory")
		for _, li := range findAll(doc, "li.directory-hit") {
			all = append(all, attr(li, "data-unit"))
		}
		next = ""
		if l := findAll(doc, `nav.pager a[rel=next]`); len(l) == 1 {
			next = attr(l[0], "href")
			if !strings.Contains(next, "wilayah=31.72.01") {
				t.Fatalf("next page loses the filter: %s", next)
			}
		}
	}
	if len(all) < 21 || !slices.Contains(all, "PKM-31.72.01") {
		t.Errorf("Penjaringan: %d results %q", len(all), all)
	}
	for _, code := range all {
		if !strings.Contains(code, "31.72.01") {
			t.Errorf("%s is not in Penjaringan", code)
		}
	}
	for _, page := range []string{"/", "/unit/DKP-31.72"} {
		if l := findAll(mustBePage(t, a.get(t, nil, page), 200, "main"), "a#directory-link"); len(l) != 1 || attr(l[0], "href") != "/layanan" {
			t.Errorf("%s does not link the directory", page)
		}
	}
}

// TestDirectoryFollowsChanges: a standard published (here, a new version
// with another fee) shows in the directory on the next request, read from
// an index rebuilt because something audited changed; a version whose
// effective date comes later shows from that day.
func TestDirectoryFollowsChanges(t *testing.T) {
	a := newApp(t)
	u, sktm := serviceCode(t, a, "KEL-31.72.01.1002", "Surat keterangan tidak mampu (SKTM)")
	find := func() string {
		doc := mustBePage(t, a.get(t, nil, "/layanan?q=sktm&wilayah=31.72.01.1002"), 200, "h1#directory")
		hits := findAll(doc, "li.directory-hit")
		if len(hits) != 1 || attr(hits[0], "data-service") != sktm {
			t.Fatalf("%d hits", len(hits))
		}
		return textOf(hits[0], ".std-time") + "|" + textOf(hits[0], ".std-none")
	}
	if got := find(); !strings.Contains(got, "belum diterbitkan") {
		t.Fatalf("before: %q", got)
	}
	var svc = u.Services[slices.IndexFunc(u.Services, func(s unit.Service) bool { return s.Code == sktm })]
	c := standard.Content{Requirements: []string{"Surat pengantar RT/RW"}, Steps: []string{"Datang ke loket"}, Product: "SKTM",
		Time: standard.TimeLimit{Value: 30, Unit: standard.Minutes}, Fee: standard.Fee{Kind: standard.Free, Basis: "Perda"},
		Complaints: []string{"Loket"}}
	v, err := a.DB.SaveDraft(t.Context(), audit.CLI, u, &svc, c)
	if err == nil {
		_, err = a.DB.StandardStep(t.Context(), audit.CLI, u, &svc, v.ID, standard.Approve, nil, nil)
	}
	later := testNow.AddDate(0, 0, 10)
	if err == nil {
		y, m, d := later.In(clock.Jakarta).Date()
		_, err = a.DB.StandardStep(t.Context(), audit.CLI, u, &svc, v.ID, standard.Publish,
			&store.DecreeOf{Number: "1/2026", Date: testNow, EffectiveFrom: time.Date(y, m, d, 0, 0, 0, 0, clock.Jakarta)}, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := find(); !strings.Contains(got, "belum diterbitkan") {
		t.Errorf("before its effective date: %q", got)
	}
	a.advance(10 * 24 * time.Hour)
	if got := find(); !strings.Contains(got, "30 menit") {
		t.Errorf("in force: %q", got)
	}
}

// TestAPIServices: the directory's search as JSON (every exchange checked against the
// OpenAPI document by the test server); bad input is a 422.
func TestAPIServices(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/api/v1/services?q=akta+kelahiran")
	var body struct {
		Total    int `json:"total"`
		Services []struct {
			Unit     struct{ Code string }                    `json:"unit"`
			Service  *struct{ Code string }                   `json:"service"`
			Standard *struct{ Fee struct{ Kind string } }     `json:"standard"`
			Links    struct{ Page, Survey, Complaint string } `json:"links"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil || body.Total != 2 || body.Services[0].Unit.Code != "DKP-31.72" ||
		body.Services[0].Standard == nil || body.Services[0].Standard.Fee.Kind != "gratis" || body.Services[1].Standard != nil ||
		!strings.HasSuffix(body.Services[0].Links.Survey, "/s/DKP-31.72/"+body.Services[0].Service.Code) {
		t.Fatalf("%v %s", err, res.Body)
	}
	res = a.get(t, nil, "/api/v1/services?region=31.72.01&page=2")
	for _, bad := range []string{"/api/v1/services?region=31.99", "/api/v1/services?q=" + strings.Repeat("x", 101)} {
		res := a.get(t, nil, bad)
		if res.StatusCode != 422 {
			t.Errorf("%s: %d", bad, res.StatusCode)
		}
	}
}
