package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mutu/internal/testutil"
)

// mapDrawn describes how the map in figure id is drawn: its size on the
// screen and how many of its areas are laid out with a size.
func mapDrawn(b *tab, id string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(() => {
		const svg = document.querySelector("figure#%s-fig svg");
		if (!svg) return "no map";
		const r = svg.getBoundingClientRect();
		const areas = [...svg.querySelectorAll("path, circle")].filter(p => { const q = p.getBoundingClientRect(); return q.width > 0 && q.height > 0 });
		return Math.round(r.width) + "x" + Math.round(r.height) + " " + areas.length;
	})()`, id))
}

// TestJourneyMaps: on a 360 px phone, the public region page, the
// complaint form's map and a leader's dashboard draw their maps within the
// screen, pass axe-core, and the areas are links that work by keyboard and
// by tap (the form's map chooses a region without any script of ours).
func TestJourneyMaps(t *testing.T) {
	a := newApp(t)
	ctx := testutil.ChromiumTimeout(t, 3*time.Minute)
	b := openTabOn(t, a, ctx)
	b.do("emulating a 360x740 phone", chromedp.EmulateViewport(360, 740))

	check := func(path, id string, minAreas int) {
		t.Helper()
		if st := b.open(path); st != http.StatusOK {
			b.fatalf("%s: status %d", path, st)
		}
		var w, h, n int
		if _, err := fmt.Sscanf(mapDrawn(b, id), "%dx%d %d", &w, &h, &n); err != nil || w < 300 || w > 360 || h < 100 || n < minAreas {
			b.errorf("%s: the map %s is drawn %dx%d with %d areas (%v), want about the screen's width and %d areas", path, id, w, h, n, err, minAreas)
		}
		if s := sideScroll(b); s != "" {
			b.errorf("%s scrolls sideways at 360 px: %s", path, s)
		}
		for _, v := range axeViolations(b) {
			b.errorf("%s: axe: %s", path, v)
		}
	}

	check("/wilayah/31.72", "map-ikm", 6)
	// The table behind the map opens and lists every kecamatan.
	b.do("opening the map's table", chromedp.Click(chromedp.CSS("figure#map-ikm-fig details summary"), chromedp.NodeVisible))
	if got := b.text("figure#map-ikm-fig details table tbody"); !strings.Contains(got, "Penjaringan") {
		b.errorf("the table behind the map: %q", got)
	}
	// An area is reached with the keyboard and named with its value.
	b.do("focusing the first area", chromedp.Focus(chromedp.CSS("figure#map-ikm-fig svg a")))
	if got := eval[string](b, `document.activeElement.getAttribute("aria-label")`); !strings.Contains(got, ": ") {
		b.errorf("the focused area is labelled %q, want its name and value", got)
	}
	if st := b.follow("figure#map-ikm-fig svg a[href^='/wilayah/31.72.01'] path"); st != 200 || b.path() != "/wilayah/31.72.01" {
		b.errorf("tapping Penjaringan: %d at %s", st, b.path())
	}
	check("/wilayah/31.72?peta=kelurahan", "map-ikm", 31)
	check("/wilayah/31?peta=kelurahan", "map-ikm", 267) // geo13: the province's 267 kelurahan

	// The complaint form: city, then kecamatan, then kelurahan, by taps.
	check("/pengaduan", "peta-wilayah-map", 6)
	b.do("opening the map", chromedp.Click(chromedp.CSS("details#peta-wilayah summary"), chromedp.NodeVisible))
	if st := b.follow("figure#peta-wilayah-map-fig svg a[href^='/pengaduan?wilayah=31.72#'] path"); st != 200 {
		b.fatalf("tapping Jakarta Utara: %d", st)
	}
	if st := b.follow("figure#peta-wilayah-map-fig svg a[href^='/pengaduan?wilayah=31.72.01#'] path"); st != 200 {
		b.fatalf("tapping Penjaringan: %d", st)
	}
	if got := eval[string](b, `document.getElementById("f-region").value`); got != "31.72.01" {
		b.errorf("the region list holds %q after the taps, want 31.72.01", got)
	}
	check("/pengaduan?wilayah=31.72.01", "peta-wilayah-map", 5)

	b.signIn("pimpinan.jakut")
	check("/dasbor", "map-ikm", 6)
	check("/dasbor", "map-on-time", 6)
	// geo13: the region page as its leader, with the link to the region's report.
	check("/wilayah/31.72", "map-ikm", 6)
	if got := eval[string](b, `document.getElementById("region-report").getAttribute("href")`); got != "/kelola/wilayah/31.72/laporan" {
		b.errorf("the leader's region page links the report as %q", got)
	}
}
