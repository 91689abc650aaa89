package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"mutu/internal/testutil"
)

var qrURLs = []string{
	"https://mutu.example.go.id/s/K7QX",
	"https://mutu.example.go.id/s/31.72.06-PKM?layanan=poli-umum&kanal=qr",
	"https://mutu.example.go.id/survei/puskesmas-kecamatan-koja/layanan/laboratorium-klinik-dan-pemeriksaan-penunjang",
}

// modules is the expected matrix side, quiet zone included: 17 + 4v + 8.
func modules(t *testing.T, url string) int {
	t.Helper()
	q, err := qrcode.New(url, qrLevel)
	if err != nil {
		t.Fatal(err)
	}
	return 17 + 4*q.VersionNumber + 2*QuietZone
}

func TestQRPNG(t *testing.T) {
	for _, url := range qrURLs {
		for _, size := range []int{10, 256, 300, 1000} {
			t.Run(fmt.Sprintf("%d/%s", size, url), func(t *testing.T) {
				b, err := QRPNG(url, size)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				n := modules(t, url)
				want := max(size, n)
				if got := img.Bounds(); got.Dx() != want || got.Dy() != want {
					t.Fatalf("PNG is %v, want %d×%d", got, want, want)
				}
				// Every module is a whole block of pixels: sample the centres.
				m, _ := qrMatrix(url)
				scale := max(size/n, 1)
				off := (want - n*scale) / 2
				for y := range n {
					for x := range n {
						r, _, _, _ := img.At(off+x*scale+scale/2, off+y*scale+scale/2).RGBA()
						if dark := r < 0x8000; dark != m[y][x] {
							t.Fatalf("module (%d,%d): dark %v, want %v", x, y, dark, m[y][x])
						}
					}
				}
				// The margin outside the code is white.
				if r, _, _, _ := img.At(0, 0).RGBA(); r < 0x8000 {
					t.Error("corner pixel is dark")
				}
			})
		}
	}
}

func TestQRSVG(t *testing.T) {
	for _, url := range qrURLs {
		t.Run(url, func(t *testing.T) {
			b, err := QRSVG(url)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				XMLName xml.Name `xml:"svg"`
				ViewBox string   `xml:"viewBox,attr"`
				Width   string   `xml:"width,attr"`
				Height  string   `xml:"height,attr"`
				Role    string   `xml:"role,attr"`
				Title   string   `xml:"title"`
				Paths   []struct {
					D string `xml:"d,attr"`
				} `xml:"path"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatalf("not XML: %v\n%s", err, b)
			}
			n := modules(t, url)
			if want := fmt.Sprintf("0 0 %d %d", n, n); doc.ViewBox != want {
				t.Errorf("viewBox %q, want %q", doc.ViewBox, want)
			}
			if px := strconv.Itoa(n * SVGModulePx); doc.Width != px || doc.Height != px {
				t.Errorf("width %q height %q, want %s px each", doc.Width, doc.Height, px)
			}
			if bytes.Contains(b, []byte("stroke")) {
				t.Error("the SVG draws strokes; modules must be filled shapes only")
			}
			if doc.Role != "img" || !strings.Contains(doc.Title, url) {
				t.Errorf("role %q, title %q: want img and the URL", doc.Role, doc.Title)
			}
			if len(doc.Paths) != 1 {
				t.Fatalf("%d paths, want 1", len(doc.Paths))
			}
			// Redraw the path and compare it with the code's modules.
			got := rasterise(t, doc.Paths[0].D, n)
			m, _ := qrMatrix(url)
			for y := range n {
				for x := range n {
					if got[y][x] != m[y][x] {
						t.Fatalf("module (%d,%d): %v, want %v", x, y, got[y][x], m[y][x])
					}
				}
			}
			// The quiet zone is empty.
			for y := range n {
				for x := range n {
					inner := x >= QuietZone && y >= QuietZone && x < n-QuietZone && y < n-QuietZone
					if got[y][x] && !inner {
						t.Fatalf("dark module (%d,%d) in the quiet zone", x, y)
					}
				}
			}
		})
	}
}

var runPath = regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// rasterise reads a path of "Mx yhwv1h-wz" runs back into a matrix.
func rasterise(t *testing.T, d string, n int) [][]bool {
	m := make([][]bool, n)
	for i := range m {
		m[i] = make([]bool, n)
	}
	for d != "" {
		g := runPath.FindStringSubmatch(d)
		if g == nil {
			t.Fatalf("unexpected path data at %.20q", d)
		}
		x, _ := strconv.Atoi(g[1])
		y, _ := strconv.Atoi(g[2])
		w, _ := strconv.Atoi(g[3])
		for i := range w {
			m[y][x+i] = true
		}
		d = d[len(g[0]):]
	}
	return m
}

func TestQREmpty(t *testing.T) {
	if _, err := QRPNG("", 100); err == nil {
		t.Error("QRPNG of an empty URL: no error")
	}
	if _, err := QRSVG(""); err == nil {
		t.Error("QRSVG of an empty URL: no error")
	}
}

// TestQRSVGRendered renders each SVG the way converters do, at the size the
// file declares (rsvg-convert and ImageMagick's convert without size
// options), and decodes the image with a QR decoder: the code must read
// back as its URL.
func TestQRSVGRendered(t *testing.T) {
	rsvg, magick := testutil.Tool(t, "rsvg-convert"), testutil.Tool(t, "convert")
	renderers := []struct {
		name string
		cmd  func(svg, png string) *exec.Cmd
	}{
		{"rsvg-convert", func(svg, png string) *exec.Cmd { return exec.Command(rsvg, "--format=png", "--output="+png, svg) }},
		{"imagemagick", func(svg, png string) *exec.Cmd { return exec.Command(magick, svg, png) }},
	}
	for _, url := range qrURLs {
		svg, err := QRSVG(url)
		if err != nil {
			t.Fatal(err)
		}
		for _, rd := range renderers {
			t.Run(rd.name+"/"+url, func(t *testing.T) {
				in, out := filepath.Join(t.TempDir(), "qr.svg"), filepath.Join(t.TempDir(), "qr.png")
				if err := os.WriteFile(in, svg, 0o600); err != nil {
					t.Fatal(err)
				}
				if msg, err := rd.cmd(in, out).CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", rd.name, err, msg)
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if want := modules(t, url) * SVGModulePx; img.Bounds().Dx() != want {
					t.Errorf("rendered %v, want %d px wide", img.Bounds(), want)
				}
				if got := testutil.DecodeQR(t, img); got != url {
					t.Errorf("decoded %q, want %q", got, url)
				}
			})
		}
	}
}
