package report

import (
	"io"
	"github.com/ledongthuc/pdf"
	"os"
	"testing"
)

func TestScratchPoster(t *testing.T) {
	b, err := PosterPDF(Poster{UnitName: "Puskesmas Kecamatan Koja", ServiceName: "Poli Umum", URL: "https://mutu.example.go.id/s/31.72.01/umum", ShortURL: "mutu.example.go.id/s/K7QX", RegionName: "Pemerintah Kota Administrasi Jakarta Utara"})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/poster.pdf", b, 0o644)
}

func TestScratchRead(t *testing.T) {
	f, r, err := pdf.Open("/tmp/poster.pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Log("pages", r.NumPage())
	rd, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rd)
	t.Logf("%q", b)
	p := r.Page(1)
	for _, tx := range p.Content().Text[:10] {
		t.Logf("%+v", tx)
	}
}
