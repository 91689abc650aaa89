package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// readPDF is a PDF read back with a pure-Go reader (ledongthuc/pdf reads
// gopdf's Identity-H fonts through their ToUnicode maps, so text comes back
// as written).
type readPDF struct {
	r     *pdf.Reader
	pages []string // plain text per page, whitespace collapsed
	all   string   // the whole text, whitespace collapsed
}

// laporanPDF renders r with LaporanPDF and reads it back.
func laporanPDF(t *testing.T, r SKMReport) *readPDF {
	t.Helper()
	b, err := LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	return openPDF(t, b)
}

func openPDF(t *testing.T, b []byte) *readPDF {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b)
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	out := &readPDF{r: r}
	fonts := map[string]*pdf.Font{}
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		for _, name := range p.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := p.Font(name)
				fonts[name] = &f
			}
		}
		s, err := p.GetPlainText(fonts)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		out.pages = append(out.pages, squash(s))
	}
	all, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(all)
	out.all = squash(string(text))
	return out
}

// squash collapses whitespace runs to one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// mustContain fails for every want missing from text.
func mustContain(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", where, w)
		}
	}
}
