package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLiteralsHaveGlyphs checks every string literal of the PDF builders
// against the embedded Go fonts: a sign the font lacks (✓, emoji) would
// print as "?".
func TestLiteralsHaveGlyphs(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if r > 0x7e && !hasGlyph(r) {
					t.Errorf("%s: %q has no glyph in the Go fonts", fset.Position(lit.Pos()), r)
				}
			}
			return true
		})
	}
}

func TestClean(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Puskesmas  Koja", "Puskesmas Koja"},
		{"  Dinas\tKesehatan\r\n", "Dinas Kesehatan"},
		{"Layanan 😀 cepat", "Layanan ? cepat"},
		{"✓ selesai", "? selesai"}, // the Go fonts lack ✓
		{"Nilai ≥ 88,31 — “baik”", "Nilai ≥ 88,31 — “baik”"},
		{"a\x00b", "ab"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	d := newDoc("test", time.Time{})
	d.newPage()
	d.font(regular, 11)
	text := "Survei Kepuasan Masyarakat adalah kegiatan pengukuran secara komprehensif tentang tingkat " +
		"kepuasan masyarakat terhadap kualitas layanan Penyelenggaraanpelayananpublikyangsangatpanjangsekali."
	for _, w := range []float64{20, 45, 80, contentW} {
		lines := d.wrap(text, w)
		if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Errorf("width %v: text changed:\n%q", w, lines)
		}
		for _, l := range lines {
			if d.width(l) > w+1e-9 {
				t.Errorf("width %v: line %q is %.1f mm", w, l, d.width(l))
			}
		}
	}
	if got := d.wrap(" \t ", 50); got != nil {
		t.Errorf("blank text wraps to %q", got)
	}
	if d.err != nil {
		t.Fatal(d.err)
	}
}
