package report

import (
	"bytes"
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

func TestPosterPDF(t *testing.T) {
	long := "Unit Pelayanan Terpadu Satu Pintu Kecamatan Penjaringan Kota Administrasi Jakarta Utara " +
		"Provinsi Daerah Khusus Ibukota Jakarta (Kantor Pelayanan Perizinan dan Non-Perizinan)"
	cases := []struct {
		name  string
		p     Poster
		wants []string
	}{
		{"unit and service", Poster{UnitName: "Puskesmas Kecamatan Koja", ServiceName: "Poli Umum",
			URL: "https://mutu.example.go.id/s/31.72.06/umum", ShortURL: "mutu.example.go.id/s/K7QX", RegionName: "Kota Administrasi Jakarta Utara"},
			[]string{"Puskesmas Kecamatan Koja", "Layanan: Poli Umum", "mutu.example.go.id/s/K7QX", "Kota Administrasi Jakarta Utara"}},
		{"no service, no short URL", Poster{UnitName: "Kelurahan Tugu Utara", URL: "https://mutu.example.go.id/s/TU01"},
			[]string{"Kelurahan Tugu Utara", "mutu.example.go.id/s/TU01"}},
		{"long unit name wraps", Poster{UnitName: long, URL: "https://mutu.example.go.id/s/PTSP", ShortURL: "mutu.example.go.id/s/PTSP"},
			[]string{long, "mutu.example.go.id/s/PTSP"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PosterPDF(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			keep(t, "poster-"+strings.ReplaceAll(tc.name, " ", "-")+".pdf", b)
			doc := openPDF(t, b)
			if n := doc.r.NumPage(); n != 1 {
				t.Fatalf("%d pages, want 1", n)
			}
			mustContain(t, "poster", doc.all, append(tc.wants,
				"Scan untuk menilai layanan kami", "Scan to rate our service",
				"Survei Kepuasan Masyarakat — PermenPANRB No. 14 Tahun 2017", "Mutu")...)
			if !bytes.Contains(b, []byte(tc.p.URL)) {
				t.Error("the QR code's link annotation lacks the URL")
			}

			// The code: the dark modules are filled rectangles; their extent
			// is the code's side, which must be at least 10 cm, and inside A4.
			page := doc.r.Page(1)
			m, _ := qrMatrix(tc.p.URL)
			minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			count := 0
			for _, r := range page.Content().Rect {
				w, h := r.Max.X-r.Min.X, r.Max.Y-r.Min.Y
				if w > 100*72/25.4 || h > 10*72/25.4 { // the top band, not a module
					continue
				}
				count++
				minX, minY = math.Min(minX, r.Min.X), math.Min(minY, r.Min.Y)
				maxX, maxY = math.Max(maxX, r.Max.X), math.Max(maxY, r.Max.Y)
			}
			if want := len(runs(m)); count != want {
				t.Errorf("%d module runs drawn, want %d", count, want)
			}
			side := (maxX - minX) * 25.4 / 72
			if side < 100 || math.Abs((maxY-minY)-(maxX-minX)) > 1 {
				t.Errorf("code is %.1f × %.1f mm, want square ≥ 100 mm", side, (maxY-minY)*25.4/72)
			}
			if minX < 0 || maxX > 595 || minY < 0 || maxY > 842 {
				t.Errorf("code [%.0f %.0f %.0f %.0f] leaves the page", minX, minY, maxX, maxY)
			}
		})
	}
}

func TestPosterErrors(t *testing.T) {
	if _, err := PosterPDF(Poster{URL: "https://x"}); err == nil {
		t.Error("no unit name: no error")
	}
	if _, err := PosterPDF(Poster{UnitName: "Puskesmas"}); err == nil {
		t.Error("no URL: no error")
	}
}

func TestPosterDeterministic(t *testing.T) {
	p := Poster{UnitName: "Puskesmas Kecamatan Koja", URL: "https://mutu.example.go.id/s/K7QX"}
	a, err := PosterPDF(p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PosterPDF(p)
	if !bytes.Equal(a, b) {
		t.Error("two runs give different bytes")
	}
}

// TestPosterURLBreaks prints long addresses on posters and reads the lines
// back: the address is whole, and every line but the last ends at a break
// a person reads as one ("/", ".", "-", "?", "&", "="), never inside a word.
func TestPosterURLBreaks(t *testing.T) {
	urls := append(slices.Clone(qrURLs),
		"https://mutu.pemerintah-kota-administrasi-jakarta-utara.example.go.id/survei/kelurahan-kalibaru/layanan/surat-keterangan-tidak-mampu-untuk-berobat?kanal=poster&cetak=2026",
		"https://mutu.example.go.id/s/PKM-31.72.01/pemeriksaanlaboratoriumklinikdanpenunjangdiagnostiklengkap")
	for _, url := range urls {
		t.Run(url, func(t *testing.T) {
			b, err := PosterPDF(Poster{UnitName: "Puskesmas Kecamatan Koja", URL: url})
			if err != nil {
				t.Fatal(err)
			}
			printed := strings.TrimPrefix(url, "https://")
			lines := pdfLines(t, openPDF(t, b).r.Page(1))
			var got []string
			for i := range lines {
				if strings.HasPrefix(printed, lines[i]) && len(lines[i]) > 10 {
					joined := ""
					for j := i; j < len(lines) && len(joined) < len(printed); j++ {
						joined += lines[j]
						got = append(got, lines[j])
					}
					if joined != printed {
						t.Fatalf("address lines %q, want %q", got, printed)
					}
					break
				}
			}
			if len(got) == 0 {
				t.Fatalf("address %q not printed; lines: %q", printed, lines)
			}
			for _, l := range got[:len(got)-1] {
				if !strings.ContainsAny(l[len(l)-1:], "/.-?&=") {
					t.Errorf("line %q breaks inside a word (lines %q)", l, got)
				}
			}
		})
	}
}

// pdfLines is the text of a page as lines, top to bottom: glyphs on one
// baseline, left to right.
func pdfLines(t *testing.T, p pdf.Page) []string {
	t.Helper()
	byY := map[float64][]pdf.Text{}
	for _, tx := range p.Content().Text {
		y := math.Round(tx.Y*10) / 10
		byY[y] = append(byY[y], tx)
	}
	ys := slices.Collect(maps.Keys(byY))
	slices.SortFunc(ys, func(a, b float64) int { return cmp.Compare(b, a) }) // PDF y grows upwards
	var out []string
	for _, y := range ys {
		ts := byY[y]
		slices.SortStableFunc(ts, func(a, b pdf.Text) int { return cmp.Compare(a.X, b.X) })
		var s strings.Builder
		for _, tx := range ts {
			s.WriteString(tx.S)
		}
		// the reader ends each shown string with U+FFFD
		out = append(out, strings.ReplaceAll(s.String(), "\uFFFD", ""))
	}
	return out
}
