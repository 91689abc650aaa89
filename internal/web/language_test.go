package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// getIn fetches a page in a language (the language switch's cookie).
func getIn(t *testing.T, a *app, c *http.Client, lang, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
	return a.do(t, c, req)
}

// TestPagesSpeakOneLanguage: Indonesian pages show no codes (channels,
// ISO dates); English pages show English answer labels, element names,
// period names and profile answers.
func TestPagesSpeakOneLanguage(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	isoDate := regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)

	// The unit's survey results, in Indonesian.
	res := getIn(t, a, admin, "id", "/kelola/skm/unit/PTSP-31.72?p=2026-T3")
	mustBePage(t, res, http.StatusOK, "h2#profil")
	for _, want := range []string{"(1 Jul – 30 Sep 2026)", "<td>Situs web (kode QR)</td>", "<td>Kuesioner kertas</td>", "<td>Kios layanan</td>", "<td>Laki-laki</td>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("Indonesian unit SKM page lacks %s", want)
		}
	}
	for _, bad := range []string{"<td>web</td>", "<td>kiosk</td>", "<td>paper</td>", "<td>api</td>"} {
		if strings.Contains(res.Body, bad) {
			t.Errorf("Indonesian unit SKM page shows the code %s", bad)
		}
	}
	if main := mainOf(t, res.Body); isoDate.MatchString(main) {
		t.Errorf("Indonesian unit SKM page shows an ISO date: %q", isoDate.FindAllString(main, 5))
	}

	// The same page in English.
	res = getIn(t, a, admin, "en", "/kelola/skm/unit/PTSP-31.72?p=2026-T3")
	mustBePage(t, res, http.StatusOK, "h2#profil")
	for _, want := range []string{"Quarter III 2026", "(1 Jul – 30 Sep 2026)", "<td>Requirements</td>", `class="label">U1 Requirements</text>`,
		"<td>Website (QR code)</td>", "<td>Male</td>", "<td>Civil servant</td>", "The three weakest elements"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("English unit SKM page lacks %s", want)
		}
	}
	for _, bad := range []string{"Triwulan", "<td>Persyaratan</td>", "<td>Laki-laki</td>", "Situs web"} {
		if strings.Contains(mainOf(t, res.Body), bad) {
			t.Errorf("English unit SKM page shows Indonesian %q", bad)
		}
	}

	// The survey's answers in English.
	res = getIn(t, a, nil, "en", "/s/PTSP-31.72")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="u1"`) {
		t.Fatalf("English survey: status %d, or no questions", res.StatusCode)
	}
	for _, want := range []string{"<span>Very appropriate</span>", "<span>Free</span>", "<span>Well managed</span>"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("English survey lacks the answer %s", want)
		}
	}
	if strings.Contains(res.Body, "<span>Sangat sesuai</span>") {
		t.Errorf("English survey shows Indonesian answer labels")
	}
	// And in Indonesian, unchanged.
	if res := getIn(t, a, nil, "id", "/s/PTSP-31.72"); !strings.Contains(res.Body, "<span>Sangat sesuai</span>") {
		t.Errorf("Indonesian survey lacks its answer labels")
	}

	// The ranking names its period and dates in English too.
	res = getIn(t, a, admin, "en", "/kelola/skm?p=2026")
	mustBePage(t, res, http.StatusOK, "div#ranking-results")
	if !strings.Contains(res.Body, "Year 2026 <span class=\"muted\">(1 Jan – 31 Dec 2026)</span>") {
		t.Errorf("English ranking lacks its period in English\n%s", mainOf(t, res.Body))
	}
	for _, bad := range []string{"Triwulan", "Tahun 20"} {
		if strings.Contains(mainOf(t, res.Body), bad) {
			t.Errorf("English ranking shows Indonesian period names (%q)", bad)
		}
	}
	// So does the dashboard's region trend.
	res = getIn(t, a, a.login(t, "pimpinan.jakut"), "en", "/dasbor")
	mustBePage(t, res, http.StatusOK, "#region-trend-table")
	if strings.Contains(mainOf(t, res.Body), "Triwulan") {
		t.Errorf("English dashboard shows Indonesian period names\n%s", mainOf(t, res.Body))
	}
}

// mainOf is the HTML of a page's <main> element; a page without one fails
// the test, so that what it must not show is looked for in a real page.
func mainOf(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, "<main")
	if !ok {
		t.Fatalf("no <main> on the page:\n%.600s", body)
	}
	m, _, _ := strings.Cut(rest, "</main>")
	return m
}

// TestAttachmentSizesInWords: the tracking page names a file's kind and its
// size in B/KB/MB, not its MIME type and a byte count.
func TestAttachmentSizesInWords(t *testing.T) {
	a := newApp(t)
	fields := map[string]string{"unit": "PKM-31.72.01", "kind": "pengaduan", "privacy": "anonim", "title": "Atap bocor",
		"body": "Atap ruang tunggu bocor setiap hujan, lantai licin."}
	res := fileWithFiles(t, a, fields, map[string][]byte{"atap.jpg": photoWithGPS(t)})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("filing: status %d", res.StatusCode)
	}
	page := a.get(t, nil, "/lacak/"+codeRE.FindString(res.Header.Get("Location")))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, ">atap.jpg</a>") {
		t.Fatalf("tracking page: status %d, or no attachment", page.StatusCode)
	}
	if got := regexpFind(page.Body, `>atap\.jpg</a> <span class="muted">\([^)]*\)`); !regexp.MustCompile(`\(JPEG, \d+(,\d)? (B|KB)\)$`).MatchString(got) {
		t.Errorf("attachment shown as %q, want (JPEG, n KB)", got)
	}
}
