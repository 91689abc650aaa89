package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

// scorecardRows are the unit rows of a scorecard page, by unit code.
func scorecardRows(t *testing.T, doc *html.Node) map[string]*html.Node {
	t.Helper()
	out := map[string]*html.Node{}
	for _, tr := range findAll(doc, "table#scorecard-units tbody tr") {
		out[strings.TrimPrefix(attr(tr, "id"), "u-")] = tr
	}
	return out
}

// cell is the text of a row's cell of a class, up to its trend and period
// ("88,40 (A)").
func cell(tr *html.Node, class string) string {
	for _, td := range findAll(tr, "td."+class) {
		for c := td.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				return strings.TrimSpace(c.Data)
			}
			if c.Type == html.ElementNode && c.Data == "a" {
				return strings.TrimSpace(textOf(td, "a"))
			}
		}
	}
	return ""
}

// TestScorecardOneSource: for the demo's Jakarta Utara, every unit of the
// city is on its scorecard, and each unit's IKM, resolutions on time and
// share of standards in force read exactly as on the pages those figures
// come from: the unit's public page, the complaint statistics (its table
// by unit) and the coverage of standards.
func TestScorecardOneSource(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "pimpinan.jakut")
	doc := mustBePage(t, a.get(t, c, "/kelola/rapor/31.72"), http.StatusOK, "table#scorecard-units")
	rows := scorecardRows(t, doc)
	units, _, err := a.DB.Units(t.Context(), store.UnitFilter{RegionCode: "31.72"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(units) || len(units) < 10 {
		t.Fatalf("%d rows for %d units", len(rows), len(units))
	}
	// IKM: the public unit page's latest result.
	checked := 0
	for _, u := range units {
		// konversi, mutu, respondents
		stat := strings.Split(textOf(mustBePage(t, a.get(t, c, "/unit/"+u.Code), http.StatusOK, "div.bigstat"), "div.bigstat"), "\n")
		konversi, mutu := strings.TrimSpace(stat[0]), stat[1]
		got := cell(rows[u.Code], "ikm")
		if konversi == "–" {
			if got != "–" {
				t.Errorf("%s: scorecard %q, unit page none", u.Code, got)
			}
			continue
		}
		if got != konversi+" ("+strings.TrimSpace(mutu)+")" {
			t.Errorf("%s: scorecard IKM %q, unit page %q %q", u.Code, got, konversi, mutu)
		}
		checked++
	}
	if checked == 0 {
		t.Error("no unit with an IKM was compared")
	}
	// Resolutions on time: the complaint statistics' row of the unit.
	stats := mustBePage(t, a.get(t, c, "/kelola/pengaduan-dasbor?unit_semua=1"), http.StatusOK, "#stats-filters")
	compared := 0
	for _, tr := range findAll(stats, "table tbody tr") {
		code := strings.TrimSpace(textOf(tr, "span.muted"))
		row, ok := rows[code]
		if !ok {
			continue
		}
		tds := findAll(tr, "td")
		want := nodeText(tds[len(tds)-1])
		if got := cell(row, "ontime"); got != want {
			t.Errorf("%s: scorecard on time %q, complaint statistics %q", code, got, want)
		}
		if want != "–" {
			compared++
		}
	}
	if compared == 0 {
		t.Error("no unit's on-time rate was compared")
	}
	// Standards in force: the coverage page's row of the unit.
	cov := mustBePage(t, a.get(t, c, "/kelola/standar/cakupan"), http.StatusOK, "table")
	compared = 0
	for code, row := range rows {
		trs := findAll(cov, "tr[data-code="+code+"]")
		if len(trs) == 0 {
			continue
		}
		// services, in force, percent, due for review
		if got, want := cell(row, "coverage"), nodeText(findAll(trs[0], "td")[2]); got != want {
			t.Errorf("%s: scorecard coverage %q, coverage page %q", code, got, want)
		}
		compared++
	}
	if compared != len(rows) {
		t.Errorf("%d of %d units compared on coverage", compared, len(rows))
	}
}

// nodeText is the text under n.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walkText func(*html.Node)
	walkText = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walkText(c)
		}
	}
	walkText(n)
	return strings.TrimSpace(b.String())
}

// TestScorecardFiltersAndOrder: the table sorts by a column heading's link
// and narrows by kecamatan and unit type (plain GET, no script); bad
// parameters are refused with a message naming the problem.
func TestScorecardFiltersAndOrder(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "pimpinan.jakut")
	doc := mustBePage(t, a.get(t, c, "/kelola/rapor/31.72"), http.StatusOK, "table#scorecard-units")
	all := len(scorecardRows(t, doc))
	// The IKM column orders by default, the best first; its heading says so.
	if got := findAll(doc, "th[aria-sort=descending]"); len(got) != 1 || nodeText(got[0]) != "IKM" {
		t.Errorf("sorted heading %v", got)
	}
	if n := len(findAll(doc, "#map-ikm-fig")); n != 1 {
		t.Errorf("%d IKM maps by kecamatan", n)
	}
	if n := len(findAll(doc, "span.trend span.visually-hidden")); n == 0 {
		t.Error("no trend in words")
	}
	// By name, following the heading's link.
	var byName string
	for _, h := range findAll(doc, "table#scorecard-units thead a") {
		if nodeText(h) == "Unit layanan" {
			byName = attr(h, "href")
		}
	}
	doc = mustBePage(t, a.get(t, c, byName), http.StatusOK, "table#scorecard-units")
	var names []string
	for _, th := range findAll(doc, "table#scorecard-units tbody th a") {
		names = append(names, strings.ToLower(nodeText(th)))
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] > names[i] {
			t.Errorf("not by name: %q before %q", names[i-1], names[i])
		}
	}
	// One kecamatan, one type.
	doc = mustBePage(t, a.get(t, c, "/kelola/rapor/31.72?kecamatan=31.72.01&jenis=kantor_kelurahan"), http.StatusOK, "table#scorecard-units")
	rows := scorecardRows(t, doc)
	if len(rows) == 0 || len(rows) >= all {
		t.Fatalf("%d of %d rows", len(rows), all)
	}
	for code, tr := range rows {
		if !strings.HasPrefix(code, "KEL-31.72.01.") || !strings.Contains(textOf(tr, "span.muted"), "Penjaringan") {
			t.Errorf("row %s (%s) outside the filter", code, textOf(tr, "span.muted"))
		}
	}
	var chosen []string
	for _, o := range findAll(doc, "select#f-kecamatan option") {
		for _, at := range o.Attr {
			if at.Key == "selected" {
				chosen = append(chosen, attr(o, "value"))
			}
		}
	}
	if len(chosen) != 1 || chosen[0] != "31.72.01" {
		t.Errorf("the filter shows %v chosen", chosen)
	}
	// Bad parameters: 422 with the reason; a kecamatan has no scorecard.
	for _, tc := range []struct{ path, want string }{
		{"/kelola/rapor/31.72?urut=warna", "Urutan tidak dikenal"},
		{"/kelola/rapor/31.72?arah=atas", "Arah urutan harus naik atau turun"},
		{"/kelola/rapor/31.72?kecamatan=31.74.01", "Kecamatan itu tidak berada di wilayah rapor ini"},
		{"/kelola/rapor/31.72?jenis=sekolah", "Tidak ada unit dengan jenis itu"},
		{"/kelola/rapor/31.72?format=docx", ""},
	} {
		res := a.get(t, c, tc.path)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: %d\n%.300s", tc.path, res.StatusCode, res.Body)
		}
	}
	if res := a.get(t, c, "/kelola/rapor/31.72.01"); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Rapor tersedia untuk provinsi") {
		t.Errorf("a kecamatan: %d", res.StatusCode)
	}
}

// TestScorecardScope: a city's leader reads their city's scorecard and
// not another city's nor the province's; the province's leader compares
// the cities; an operator sees their own units only.
func TestScorecardScope(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "pimpinan.jakut")
	// The leader's dashboard links their city's scorecard.
	dash := mustBePage(t, a.get(t, c, "/dasbor"), http.StatusOK, "#region-report")
	if got := findAll(dash, "a#scorecard-link"); len(got) != 1 || attr(got[0], "href") != "/kelola/rapor/31.72" {
		t.Errorf("dashboard link %v", got)
	}
	mustBePage(t, a.get(t, c, "/kelola/rapor/31.72"), http.StatusOK, "table#scorecard-units")
	for _, path := range []string{"/kelola/rapor/31.74", "/kelola/rapor/31", "/kelola/rapor/31.74?format=xlsx"} {
		if res := a.get(t, c, path); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	dki := a.login(t, "pimpinan.dki")
	doc := mustBePage(t, a.get(t, dki, "/kelola/rapor/31"), http.StatusOK, "table#scorecard-cities")
	cities := findAll(doc, "table#scorecard-cities tbody tr")
	var names []string
	for _, tr := range cities {
		names = append(names, nodeText(findAll(tr, "th")[0]))
	}
	if len(cities) < 2 || !strings.Contains(strings.Join(names, ","), "Jakarta Utara") {
		t.Errorf("cities compared: %v", names)
	}
	ju := mustBePage(t, a.get(t, c, "/kelola/rapor/31.72"), http.StatusOK, "table#scorecard-units")
	if got, want := len(scorecardRows(t, doc)), len(scorecardRows(t, ju)); got <= want {
		t.Errorf("the province has %d units, Jakarta Utara %d", got, want)
	}
	// A city's page compares no cities.
	if n := len(findAll(ju, "table#scorecard-cities")); n != 0 {
		t.Errorf("a city's page compares cities")
	}
	op := a.login(t, "operator.ptsp")
	res := a.get(t, op, "/kelola/rapor/31.72")
	doc = mustBePage(t, res, http.StatusOK, "table#scorecard-units")
	rows := scorecardRows(t, doc)
	if _, ok := rows["PTSP-31.72"]; !ok || len(rows) != 1 || !strings.Contains(res.Body, "Hanya unit Anda sendiri") {
		t.Errorf("operator's rows %v", rows)
	}
}

// TestScorecardExports: the XLSX and the PDF hold the page's rows in the
// page's order and the same figures.
func TestScorecardExports(t *testing.T) {
	a := newApp(t)
	c := a.login(t, "pimpinan.jakut")
	const q = "/kelola/rapor/31.72?kecamatan=31.72.01&urut=ikm&arah=turun"
	doc := mustBePage(t, a.get(t, c, q), http.StatusOK, "table#scorecard-units")
	var codes, ikm []string
	for _, tr := range findAll(doc, "table#scorecard-units tbody tr") {
		codes = append(codes, strings.TrimPrefix(attr(tr, "id"), "u-"))
		ikm = append(ikm, cell(tr, "ikm"))
	}
	if len(codes) < 2 {
		t.Fatalf("%d rows", len(codes))
	}
	links := findAll(doc, "#scorecard-exports a")
	if len(links) != 3 {
		t.Fatalf("%d export links", len(links))
	}
	book := exportBook(t, a.get(t, c, q+"&format=xlsx"))
	sheet := book.GetSheetName(0)
	rows, err := book.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(codes)+1 || rows[0][0] != "Kode" || rows[0][4] != "IKM" {
		t.Fatalf("XLSX %d rows, header %v", len(rows), rows[0])
	}
	for i, code := range codes {
		if rows[i+1][0] != code {
			t.Errorf("XLSX row %d: %s, page %s", i+1, rows[i+1][0], code)
		}
		if ikm[i] != "–" {
			v, err := book.GetCellValue(sheet, "E"+strconv.Itoa(i+2), excelize.Options{RawCellValue: true})
			x, perr := strconv.ParseFloat(v, 64)
			konversi, _, _ := strings.Cut(ikm[i], " ")
			if err != nil || perr != nil || strings.Replace(strconv.FormatFloat(x, 'f', 2, 64), ".", ",", 1) != konversi {
				t.Errorf("XLSX IKM %q, page %q", v, ikm[i])
			}
		}
	}
	res := a.get(t, c, q+"&format=pdf")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text, _ := pdfText(t, []byte(res.Body))
	text = strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"RAPOR KINERJA PELAYANAN", "Saringan: Kecamatan Penjaringan", "Tabel 1.1 Unit layanan", "IKM konversi per Kecamatan"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// The rows in the page's order, each with its IKM.
	at := 0
	for i, tr := range findAll(doc, "table#scorecard-units tbody th a") {
		name := nodeText(tr)
		j := strings.Index(text[at:], name)
		if j < 0 {
			t.Errorf("PDF: %s (row %d) missing or out of order", name, i+1)
			continue
		}
		at += j
		if ikm[i] != "–" && !strings.Contains(text[at:], ikm[i]) {
			t.Errorf("PDF: %s without its IKM %s", name, ikm[i])
		}
	}
}

// TestJourneyScorecard: the province's and a city's scorecards, sorted and
// filtered, on a 360 px phone: no sideways scroll of the page (the wide
// table scrolls in its box) and no serious axe finding.
func TestJourneyScorecard(t *testing.T) {
	a := newApp(t)
	ctx := testutil.ChromiumTimeout(t, 2*time.Minute)
	b := openTabOn(t, a, ctx)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))
	b.signIn("pimpinan.dki")
	checkPages(b, "pimpinan.dki", []string{"/kelola/rapor/31", "/kelola/rapor/31.72?kecamatan=31.72.01&urut=tepat&arah=naik"})
	// The filter form works without script: choosing a type and sending it.
	b.open("/kelola/rapor/31.72")
	b.do("choosing Puskesmas", chromedp.SetValue(chromedp.ID("f-jenis"), "puskesmas_kecamatan"))
	if st := b.follow("#scorecard-filters button[type=submit]"); st != http.StatusOK || !strings.Contains(b.path(), "jenis=puskesmas_kecamatan") {
		t.Errorf("filter: %d %s", st, b.path())
	}
}
