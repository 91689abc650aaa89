package report

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"

	"mutu/internal/clock"
	"mutu/internal/testutil"
)

var cardOut = flag.String("card-out", "", "write the test cards as PNG files with this path prefix, to look at")

// TestCardPNG: the social-media card is a 1080×1080 PNG whose QR code
// decodes to the online standard, for a short name and for names far
// longer than the card holds.
func TestCardPNG(t *testing.T) {
	eff := time.Date(2026, 11, 23, 0, 0, 0, 0, clock.Jakarta)
	for name, c := range map[string]ServiceCard{
		"short": {RegionName: "Kota Administrasi Jakarta Utara", UnitName: "Unit Pelaksana PM-PTSP Kota Administrasi Jakarta Utara",
			ServiceName: "Persetujuan Bangunan Gedung (PBG)", TimeLimit: "21 hari kerja", Fee: "Sesuai retribusi daerah", Version: 2,
			DecreeNumber: "e-0102/2026", EffectiveFrom: eff, URL: "http://127.0.0.1:8080/unit/PTSP-31.72/layanan/pbg"},
		"long": {UnitName: strings.Repeat("Pusat Kesehatan Masyarakat Kelurahan ", 6), ServiceName: strings.Repeat("Pemeriksaan kesehatan calon pengantin dan konseling pranikah ", 5),
			TimeLimit: "120 menit", Fee: "Rp 1.250.000", Version: 12, EffectiveFrom: eff,
			URL: "https://mutu.jakarta.go.id/unit/PKM-31.72.01.1001/layanan/" + strings.Repeat("catin", 12)},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := CardPNG(c)
			if err != nil {
				t.Fatal(err)
			}
			if *cardOut != "" {
				os.WriteFile(*cardOut+name+".png", b, 0o644)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds() != image.Rect(0, 0, CardSide, CardSide) {
				t.Errorf("bounds %v", img.Bounds())
			}
			if got := testutil.DecodeQR(t, img); got != c.URL {
				t.Errorf("QR %q, want %q", got, c.URL)
			}
			again, _ := CardPNG(c)
			if !bytes.Equal(b, again) {
				t.Error("the same card gave different bytes")
			}
		})
	}
	if _, err := CardPNG(ServiceCard{UnitName: "Unit", URL: "http://x/"}); err == nil {
		t.Error("a card without a service name was drawn")
	}
}

// TestFitText: a name that fits keeps the largest size; a longer one
// shrinks; one too long even at the smallest size is cut to the lines
// allowed, ending in "…"; no line is wider than the box.
func TestFitText(t *testing.T) {
	for _, tc := range []struct {
		s       string
		wantPx  int // 0: any
		cut     bool
		maxLine int
	}{
		{"KTP-el", 72, false, 1},
		{"Persetujuan Bangunan Gedung (PBG) untuk rumah tinggal dan bangunan usaha kecil", 0, false, 3},
		{strings.Repeat("Pemeriksaan kesehatan calon pengantin ", 8), 36, true, 3},
		{strings.Repeat("x", 300), 36, true, 3}, // one word wider than the box
	} {
		txt, err := fitText(cardBold, tc.s, 72, 36, 952, 3, 220)
		if err != nil {
			t.Fatal(err)
		}
		px := int(txt.face.Metrics().Height.Ceil())
		if tc.wantPx != 0 && txt.lineH != tc.wantPx*6/5 {
			t.Errorf("%.20q: line height %d (face %d), want size %d", tc.s, txt.lineH, px, tc.wantPx)
		}
		if len(txt.lines) == 0 || len(txt.lines) > tc.maxLine || txt.height() > 220 {
			t.Errorf("%.20q: %d lines, %d px high", tc.s, len(txt.lines), txt.height())
		}
		if cut := strings.HasSuffix(txt.lines[len(txt.lines)-1], "…"); cut != tc.cut {
			t.Errorf("%.20q: cut %v, want %v: %q", tc.s, cut, tc.cut, txt.lines)
		}
		for _, l := range txt.lines {
			if w := font.MeasureString(txt.face, l).Ceil(); w > 952 {
				t.Errorf("%.20q: line %q is %d px wide", tc.s, l, w)
			}
		}
	}
	// An address breaks after its separators and inside a piece too wide
	// alone; read line by line it is the whole address.
	u := "https://mutu.jakarta.go.id/unit/PKM-31.72.01.1001/layanan/" + strings.Repeat("catin", 12)
	txt, err := fitURL(u, 620)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(txt.lines, "") != u || len(txt.lines) > 3 {
		t.Errorf("address lines %q", txt.lines)
	}
	for _, l := range txt.lines {
		if w := font.MeasureString(txt.face, l).Ceil(); w > 620 {
			t.Errorf("address line %q is %d px wide", l, w)
		}
	}
}
