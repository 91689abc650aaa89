package web_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/chromedp/chromedp"

	"mutu/internal/testutil"
)

// TestJourneyQRSVGInBrowser opens a unit's QR SVG the way a person does who
// follows the "QR SVG" link: Chromium shows the file at the size it
// declares. A screenshot of the page must decode to the survey link.
func TestJourneyQRSVGInBrowser(t *testing.T) {
	a := newApp(t)
	b := openTab(t, a)
	for path, want := range map[string]string{
		"/qr/PKM-31.72.01?format=svg":                   a.URL + "/s/PKM-31.72.01",
		"/qr/PKM-31.72.01?layanan=imunisasi&format=svg": a.URL + "/s/PKM-31.72.01/imunisasi",
		"/qr/PKM-31.72.01?untuk=pengaduan&format=svg":   a.URL + "/pengaduan?unit=PKM-31.72.01",
	} {
		if status := b.open(path); status != 200 {
			b.fatalf("%s: status %d", path, status)
		}
		ctx, cancel := b.step()
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			b.fatalf("screenshot of %s: %v", path, err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		if got := testutil.DecodeQR(t, img); got != want {
			t.Errorf("%s decodes to %q, want %q", path, got, want)
		}
	}
}
