package web_test

import (
	"maps"
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"golang.org/x/net/html"

	"mutu/internal/complaint"
	"mutu/internal/geo"
	"mutu/internal/i18n"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// areaLabels maps each linked area of the map in figure id to its aria-label.
func areaLabels(t *testing.T, doc *html.Node, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, a := range findAll(doc, "figure#"+id+"-fig svg a") {
		out[attr(a, "href")] = attr(a, "aria-label")
	}
	if len(out) == 0 {
		t.Fatalf("no linked areas on the map %s", id)
	}
	return out
}

// TestRegionPageMap: the public page of a city shows its kecamatan coloured
// by IKM konversi, each a link to its page named with its value, with the
// grade bands and "no data" in the legend, the period stated and the table
// behind it; the value of a kecamatan is the ranking's pooled IKM of the
// units located there. Maps of the reports received and resolved on time
// by kecamatan follow.
func TestRegionPageMap(t *testing.T) {
	a := newApp(t)
	res := a.get(t, a.client(t), "/wilayah/31.72")
	doc := mustBePage(t, res, 200, "figure#map-ikm-fig")
	areas := areaLabels(t, doc, "map-ikm")
	if len(areas) != 6 {
		t.Errorf("%d kecamatan on Jakarta Utara's map, want 6: %v", len(areas), areas)
	}
	label := areas["/wilayah/31.72.01"]
	if !strings.HasPrefix(label, "Penjaringan: ") {
		t.Fatalf("the area of Penjaringan is labelled %q", label)
	}
	// The same number as the ranking of Penjaringan's units, this quarter.
	ranking := a.get(t, a.login(t, "pimpinan.jakut"), "/kelola/skm?wilayah=31.72.01")
	pooled := firstMatch(t, `<div class="bigstat">([^<]*)</div>`, ranking.Body, "ranking")
	mutu := firstMatch(t, `<span class="mutu mutu-([A-D])">`, ranking.Body, "ranking")
	if want := "Penjaringan: " + pooled + " (" + mutu + ")"; label != want || pooled == "–" {
		t.Errorf("map says %q, the ranking %q", label, want)
	}
	legend := textOf(doc, "figure#map-ikm-fig ul.map-legend")
	for _, want := range []string{"A — Sangat Baik (88,31–100)", "D — Tidak Baik (25,00–64,99)", "tidak ada data"} {
		if !strings.Contains(legend, want) {
			t.Errorf("legend %q lacks %q", legend, want)
		}
	}
	if got := textOf(doc, "figure#map-ikm-fig figcaption"); !strings.Contains(got, "Periode: Triwulan IV 2026") {
		t.Errorf("the period is not stated: %q", got)
	}
	rows := findAll(doc, "figure#map-ikm-fig details table tbody tr")
	if len(rows) != 6 || !strings.Contains(textOf(rows[0], "td"), "") {
		t.Errorf("the table behind the map has %d rows, want 6", len(rows))
	}
	if !strings.Contains(res.Body, "<title>"+label+"</title>") {
		t.Error("the area has no title with its name and value")
	}
	// Reports received this year by kecamatan, as the complaint statistics count them.
	st, err := a.DB.ComplaintStats(t.Context(), store.ComplaintFilter{RegionCode: "31.72.01"}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := areaLabels(t, doc, "map-complaints")["/wilayah/31.72.01"], "Penjaringan: "+itoa(st.Total); got != want || st.Total == 0 {
		t.Errorf("public complaints map %q, the statistics say %q", got, want)
	}
	if len(areaLabels(t, doc, "map-on-time")) != 6 {
		t.Error("no on-time map of the 6 kecamatan")
	}

	// By kelurahan, in a quarter without data: every area hatched and
	// saying so, none drawn as the lowest grade, the period in the links.
	res = a.get(t, a.client(t), "/wilayah/31.72?peta=kelurahan&p=2025-T1")
	doc = mustBePage(t, res, 200, "figure#map-ikm-fig")
	areas = areaLabels(t, doc, "map-ikm")
	if got := areas["/wilayah/31.72.01.1001?p=2025-T1"]; len(areas) != 31 || !strings.HasSuffix(got, ": tidak ada data") {
		t.Errorf("kelurahan map: %d areas, 31.72.01.1001 %q", len(areas), got)
	}
	if n := strings.Count(res.Body, `fill="url(#map-ikm-nd)"`); n != len(areas)+1 { // +1: the legend's swatch
		t.Errorf("%d hatched areas of %d", n-1, len(areas))
	}
	if drawing := textBetween(res.Body, `<div class="map-drawing">`, `</svg>`); strings.Contains(drawing, `fill="#ffffcc"`) {
		t.Error("an area without data is drawn as grade D")
	}
	if !strings.Contains(textOf(doc, "ul.map-choice"), "Kecamatan") {
		t.Error("no link back to the map by kecamatan")
	}

	// A level the region cannot show is refused with a message.
	res = a.get(t, a.client(t), "/wilayah/31.72.01?peta=kota")
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Pilihan peta tidak dikenal") {
		t.Errorf("?peta=kota on a kecamatan: %d", res.StatusCode)
	}
	// A kelurahan has nothing below it to map.
	res = a.get(t, a.client(t), "/wilayah/31.72.01.1001")
	doc = mustBePage(t, res, 200, "nav.breadcrumbs")
	if len(findAll(doc, "figure.map")) != 0 {
		t.Error("a kelurahan's page has a map")
	}
}

// TestDashboardMaps: a leader's dashboard maps the region's kecamatan by
// IKM (the dashboard's own figures), by reports received this year and by
// the share resolved on time, the counts those of the complaint
// statistics.
func TestDashboardMaps(t *testing.T) {
	a := newApp(t)
	res := a.get(t, a.login(t, "pimpinan.jakut"), "/dasbor")
	doc := mustBePage(t, res, 200, "section#kinerja-wilayah")
	ikm := areaLabels(t, doc, "map-ikm")
	if len(ikm) != 6 || !strings.HasPrefix(ikm["/wilayah/31.72.01?p=2026-T4"], "Penjaringan: ") {
		t.Errorf("IKM map: %v", ikm)
	}
	counts := areaLabels(t, doc, "map-complaints")
	onTime := areaLabels(t, doc, "map-on-time")
	st, err := a.DB.ComplaintStats(t.Context(), store.ComplaintFilter{RegionCode: "31.72.01"}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts["/wilayah/31.72.01"], "Penjaringan: "+itoa(st.Total); got != want {
		t.Errorf("complaints map %q, the statistics say %q", got, want)
	}
	if st.ResolutionDone > 0 && !strings.HasSuffix(onTime["/wilayah/31.72.01"], "%") {
		t.Errorf("on-time map %q", onTime["/wilayah/31.72.01"])
	}
	if got := textOf(doc, "figure#map-complaints-fig figcaption"); !strings.Contains(got, "Tahun 2026") {
		t.Errorf("complaints map period: %q", got)
	}
	// Administrators see their tasks, not the maps.
	res = a.get(t, a.login(t, "admin.jakut"), "/dasbor")
	doc = mustBePage(t, res, 200, "section#tugas-saya")
	if len(findAll(doc, "figure.map")) != 0 {
		t.Error("the administrator's dashboard has maps")
	}
}

// textBetween is the part of s from the first from to the next to.
func textBetween(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	before, _, _ := strings.Cut(after, to)
	return before
}

// selected returns the options of the select that carry the selected attribute.
func selected(doc *html.Node, sel string) []*html.Node {
	var out []*html.Node
	for _, o := range findAll(doc, sel+" option") {
		for _, at := range o.Attr {
			if at.Key == "selected" {
				out = append(out, o)
			}
		}
	}
	return out
}

func itoa(n int) string { return i18n.Int(i18n.ID, int64(n)) }

// TestComplaintFormMap: without JavaScript, the public form's map chooses
// the region by links: the cities, then a city's kecamatan, then a
// kecamatan's kelurahan; the region chosen is selected in the list, and a
// report filed with it goes to that kelurahan's desk.
func TestComplaintFormMap(t *testing.T) {
	a := newApp(t)
	c := a.client(t)
	doc := mustBePage(t, a.get(t, c, "/pengaduan"), 200, "details#peta-wilayah")
	cities := areaLabels(t, doc, "peta-wilayah-map")
	if _, ok := cities["/pengaduan?wilayah=31.72#peta-wilayah"]; !ok || len(cities) != 6 {
		t.Fatalf("the form's map: %v", cities)
	}
	doc = mustBePage(t, a.get(t, c, "/pengaduan?wilayah=31.72"), 200, "details#peta-wilayah[open]")
	if got := selected(doc, "select#f-region"); len(got) != 1 || attr(got[0], "value") != "31.72" {
		t.Errorf("%d selected, want 31.72", len(got))
	}
	kec := areaLabels(t, doc, "peta-wilayah-map")
	if _, ok := kec["/pengaduan?wilayah=31.72.01#peta-wilayah"]; !ok || len(kec) != 6 {
		t.Fatalf("Jakarta Utara's kecamatan: %v", kec)
	}
	doc = mustBePage(t, a.get(t, c, "/pengaduan?wilayah=31.72.01.1001"), 200, "details#peta-wilayah[open]")
	opt := selected(doc, "select#f-region")
	if len(opt) != 1 || attr(opt[0], "value") != "31.72.01.1001" || !strings.HasSuffix(textOf(opt[0], ""), "Penjaringan, Kota Administrasi Jakarta Utara") {
		t.Errorf("the kelurahan is not selected: %d options (%s)", len(opt), textOf(opt[0], ""))
	}
	if !strings.Contains(textOf(doc, "details#peta-wilayah"), "Kembali ke peta") {
		t.Error("no way back up")
	}
	// The province itself may be chosen: its cities are shown.
	doc = mustBePage(t, a.get(t, c, "/pengaduan?wilayah=31"), 200, "details#peta-wilayah[open]")
	if opt := selected(doc, "select#f-region"); len(opt) != 1 || attr(opt[0], "value") != "31" || textOf(opt[0], "") != "Daerah Khusus Ibukota Jakarta" {
		t.Errorf("the province is not selected: %d options (%q)", len(opt), textOf(opt[0], ""))
	}
	for _, bad := range []struct {
		q      string
		status int
	}{{"31.7x", 422}, {"31.99.01", 404}} {
		if res := a.get(t, c, "/pengaduan?wilayah="+bad.q); res.StatusCode != bad.status {
			t.Errorf("?wilayah=%s: %d, want %d", bad.q, res.StatusCode, bad.status)
		}
	}
	// Filing with the region chosen on the map.
	res := a.post(t, c, "/pengaduan", url.Values{"region": {"31.72.01.1001"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Lampu jalan mati"}, "body": {"Lampu jalan di depan pasar mati sejak seminggu."}})
	loc := res.Header.Get("Location")
	if res.StatusCode != 303 || !strings.HasPrefix(loc, "/lacak/MT-") {
		t.Fatalf("filing: %d %s", res.StatusCode, textBetween(res.Body, "<main", "</form>"))
	}
	rep, err := a.DB.ComplaintByCode(t.Context(), strings.TrimSuffix(strings.TrimPrefix(loc, "/lacak/"), "?baru=1"))
	if err != nil {
		t.Fatal(err)
	}
	if desk, err := a.DB.DeskFor(t.Context(), "31.72.01.1001"); err != nil || rep.UnitID != desk.ID {
		t.Errorf("the report went to unit %s, want the kelurahan's desk (%v)", rep.UnitID, err)
	}
}

// TestStaffReportMap: the staff's page of a report shows the region of the
// unit that received it, outlined among its neighbours, as one image.
func TestStaffReportMap(t *testing.T) {
	a := newApp(t)
	number := firstComplaint(t, a) // a report of PTSP-31.72, Jakarta Utara's desk
	res := a.get(t, a.login(t, "admin.jakut"), "/kelola/pengaduan/"+number)
	doc := mustBePage(t, res, 200, "figure#report-map-fig")
	svg := findAll(doc, "figure#report-map-fig svg")
	if len(svg) != 1 || attr(svg[0], "role") != "img" || !strings.Contains(textOf(doc, "figure#report-map-fig figcaption"), "Jakarta Utara") {
		t.Fatalf("the report's map: %s", textBetween(res.Body, `<figure class="map" id="report-map-fig">`, "</figure>"))
	}
	if !strings.Contains(res.Body, `fill="none" stroke="#000" stroke-width="3"`) {
		t.Error("the report's region is not outlined")
	}
}

// TestStaffReportPoint: a report whose photo records a location the
// reporter agreed to share shows that point on the staff's map, marked and
// stated in words; without consent the photo keeps no location and the map
// has no point.
func TestStaffReportPoint(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	fields := map[string]string{"unit": "PKM-31.72.01", "kind": "pengaduan", "privacy": "biasa", "title": "Atap bocor",
		"body": "Atap ruang tunggu bocor setiap hujan, lantai licin."}
	photo := testutil.PhotoWithGPS(-6.1184, 106.7861) // Penjaringan
	for _, share := range []bool{true, false} {
		f := maps.Clone(fields)
		if share {
			f["share_location"] = "1"
		}
		res := fileWithFiles(t, a, f, map[string][]byte{"atap.jpg": photo})
		if res.StatusCode != 303 {
			t.Fatalf("filing: %d", res.StatusCode)
		}
		page := a.get(t, admin, "/kelola/pengaduan/"+numberOf(t, a, codeRE.FindString(res.Header.Get("Location"))))
		doc := mustBePage(t, page, 200, "figure#report-map-fig")
		marked := len(findAll(doc, "figure#report-map-fig svg circle")) == 1
		said := strings.Contains(textOf(doc, "figure#report-map-fig figcaption"), "lintang -6,11840, bujur 106,78610")
		if marked != share || said != share {
			t.Errorf("shared %v: point marked %v, stated %v", share, marked, said)
		}
	}
}

// TestStaffReportStoredPoint: a point the reporter gave with the form's
// "use my location" is the one the staff's map marks and states.
func TestStaffReportStoredPoint(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin")
	code := fileComplaint(t, a, url.Values{"kind": {"pengaduan"}, "privacy": {"biasa"}, "title": {"Trotoar rusak"},
		"body": {"Trotoar di depan halte rusak parah dan membahayakan pejalan kaki."},
		"lat":  {"-6.175392"}, "lng": {"106.827153"}, "keep_point": {"1"}})
	doc := mustBePage(t, a.get(t, admin, "/kelola/pengaduan/"+numberOf(t, a, code)), 200, "figure#report-map-fig")
	if n := len(findAll(doc, "figure#report-map-fig svg circle")); n != 1 {
		t.Errorf("%d points marked, want 1", n)
	}
	if got := textOf(doc, "figure#report-map-fig figcaption"); !strings.Contains(got, "Titik yang diberikan pelapor: lintang -6,17539, bujur 106,82715") {
		t.Errorf("caption %q", got)
	}
}

// TestDemoReportsHavePoints: some demo reports carry the point their
// reporter shared, inside the report's region, so the staff's map shows
// one on first start.
func TestDemoReportsHavePoints(t *testing.T) {
	a := newApp(t)
	bs, err := geo.DKIJakarta()
	if err != nil {
		t.Fatal(err)
	}
	shapes := map[string]orb.MultiPolygon{}
	for _, b := range bs {
		shapes[b.Code] = b.Shape
	}
	var with []complaint.Report
	if err := a.DB.EachComplaint(t.Context(), store.ComplaintFilter{RegionCode: "31"}, func(r *complaint.Report) error {
		if r.Point != nil {
			with = append(with, *r)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(with) == 0 {
		t.Fatal("no demo report has a point")
	}
	for _, r := range with {
		if !planar.MultiPolygonContains(shapes[r.RegionCode], orb.Point{r.Point.Lng, r.Point.Lat}) {
			t.Errorf("%s: point %v outside its region %s", r.Number, *r.Point, r.RegionCode)
		}
	}
	admin := a.login(t, "admin")
	doc := mustBePage(t, a.get(t, admin, "/kelola/pengaduan/"+with[0].Number), 200, "figure#report-map-fig")
	if n := len(findAll(doc, "figure#report-map-fig svg circle")); n != 1 {
		t.Errorf("%s: %d points marked, want 1", with[0].Number, n)
	}
}
