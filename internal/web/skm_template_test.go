package web_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The import page offers the paper-survey template as CSV and XLSX; either,
// filled in, imports cleanly.
func TestPaperTemplateImportsOnceFilled(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.pkm")
	page := a.get(t, op, "/kelola/skm/unit/PKM-31.72.02/impor")
	for _, href := range []string{`href="/kelola/skm/unit/PKM-31.72.02/impor/templat?format=xlsx"`, `href="/kelola/skm/unit/PKM-31.72.02/impor/templat?format=csv"`} {
		if page.StatusCode != 200 || !strings.Contains(page.Body, `id="paper-template"`) || !strings.Contains(page.Body, href) {
			t.Fatalf("import page: %d, no link %s", page.StatusCode, href)
		}
	}
	before := countResponses(t, a, "PKM-31.72.02")

	res := a.get(t, op, "/kelola/skm/unit/PKM-31.72.02/impor/templat?format=csv")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "templat-survei-kertas-PKM-31.72.02.csv") {
		t.Fatalf("CSV template: %d %v", res.StatusCode, res.Header)
	}
	if !strings.HasPrefix(res.Body, "\uFEFFtanggal;jam;umur;jenis kelamin;pendidikan;pekerjaan;layanan;unsur 1;") {
		t.Errorf("CSV template header: %q", res.Body)
	}
	filled := res.Body + "2026-11-03;08.00-12.00;34;P;SMA;Swasta;imunisasi;4;3;3;4;3;4;4;3;2;Antrean lama, sekali\r\n"
	if res := uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", nil, "templat.csv", []byte(filled)); res.StatusCode != 200 ||
		!strings.Contains(res.Body, "Berhasil: 1 jawaban survei kertas") {
		t.Fatalf("filled CSV template: %d %s", res.StatusCode, res.Body)
	}

	res = a.get(t, op, "/kelola/skm/unit/PKM-31.72.02/impor/templat?format=xlsx")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("XLSX template: %d", res.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	if notes, _ := f.GetRows("Petunjuk"); len(notes) < 10 || !strings.Contains(strings.Join(notes[len(notes)-3], ""), "unsur") {
		t.Errorf("XLSX notes: %v", notes)
	}
	for i, v := range []any{"2026-11-04", "08.00-12.00", 41, "L", "S1", "PNS", "imunisasi", 4, 4, 4, 4, 4, 4, 4, 4, 4, "Baik"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellValue("Data", cell, v)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if res := uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", nil, "templat.xlsx", buf.Bytes()); res.StatusCode != 200 ||
		!strings.Contains(res.Body, "Berhasil: 1 jawaban survei kertas") {
		t.Fatalf("filled XLSX template: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "PKM-31.72.02"); got != before+2 {
		t.Errorf("stored %d, want 2", got-before)
	}
	if res := a.get(t, op, "/kelola/skm/unit/PKM-31.72.02/impor/templat?format=doc"); res.StatusCode != 422 {
		t.Errorf("bad format: %d", res.StatusCode)
	}
}
