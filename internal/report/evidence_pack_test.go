package report

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"mutu/internal/store"
)

// TestEvidencePackListingMatchesIndex: the ZIP holds the index first and
// then every file, byte for byte; the index read back from the PDF names
// every entry of the ZIP by its path, with the summary figures and the
// demo mark.
func TestEvidencePackListingMatchesIndex(t *testing.T) {
	at := time.Date(2023, 8, 1, 3, 0, 0, 0, time.UTC)
	var files []store.EvidenceFile
	bodies := map[string]string{}
	owners := []string{store.OwnerStandardVersion, store.OwnerMaklumat, store.OwnerFinding, store.OwnerSelfAssessment, "future_owner"}
	for i := range 40 {
		f := store.EvidenceFile{Attachment: store.Attachment{ID: store.NewID(), Filename: []string{"SK Standar Pelayanan (final).pdf", "foto papan.jpg",
			"Notulen FKP 2023 versi yang sangat panjang sekali namanya sampai melewati batas.pdf", "../../etc/passwd", "maklumat.png"}[i%5],
			Size: int64(100 + i), SHA256: strings.Repeat("ab", 32)}, OwnerType: owners[i%len(owners)], OwnerID: "o", CreatedAt: at}
		files = append(files, f)
		bodies[f.ID] = strings.Repeat(string(rune('a'+i%26)), 100+i)
	}
	p := EvidencePack{Unit: "Dinas Kependudukan dan Pencatatan Sipil", Code: "DKP-31.72", City: "Kota Administrasi Jakarta Utara", Year: 2023,
		Instrument: "ombudsman-2023", Visit: "14–16 Agustus 2023", Products: []string{"Akta Kelahiran"}, Demo: true,
		Figures: []PackFigure{{"IKM 12 bulan terakhir", "87,28"}, {"Pengaduan selesai tepat waktu", "91,0%"}},
		Files:   PackFiles(files), Generated: at}
	var buf bytes.Buffer
	var progress []int
	err := WriteEvidencePack(&buf, p, func(f PackFile) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(bodies[f.ID])), nil
	}, func(done int) error { progress = append(progress, done); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != 40 || progress[39] != 40 {
		t.Errorf("progress %v", progress)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 41 || z.File[0].Name != PackIndexName {
		t.Fatalf("%d entries, first %s", len(z.File), z.File[0].Name)
	}
	read := func(f *zip.File) []byte {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		b, _ := io.ReadAll(r)
		return b
	}
	index := openPDF(t, read(z.File[0]))
	// Table cells wrap long paths: compare without the spaces wrapping adds.
	text := strings.ReplaceAll(index.all, " ", "")
	seen := map[string]bool{}
	for i, f := range z.File[1:] {
		if seen[f.Name] || strings.Contains(f.Name, "..") || !strings.HasPrefix(f.Name, "bukti/") {
			t.Errorf("entry name %q", f.Name)
		}
		seen[f.Name] = true
		if !strings.Contains(text, strings.ReplaceAll(f.Name, " ", "")) {
			t.Errorf("the index lacks %s", f.Name)
		}
		if got := string(read(f)); got != bodies[p.Files[i].ID] || f.Name != p.Files[i].Path {
			t.Errorf("%s: %d bytes", f.Name, len(got))
		}
	}
	mustContain(t, "index", index.all, "DKP-31.72", "penilaian kepatuhan Ombudsman RI tahun 2023", "87,28", "Pengaduan selesai tepat waktu", "DATA DEMO",
		"bukti/standar/", "bukti/penilaian-mandiri/", "bukti/future_owner/", "Jumlah berkas 40")
}

// TestEvidencePackStopsOnMissingFile: a file the index promises but the
// disk lacks fails the pack instead of leaving it out silently.
func TestEvidencePackStopsOnMissingFile(t *testing.T) {
	p := EvidencePack{Unit: "U", Code: "U-1", Year: 2024, Files: PackFiles([]store.EvidenceFile{{Attachment: store.Attachment{ID: "x", Filename: "a.pdf"}}})}
	err := WriteEvidencePack(io.Discard, p, func(PackFile) (io.ReadCloser, error) { return nil, io.ErrUnexpectedEOF },
		func(int) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "bukti/") {
		t.Errorf("err %v", err)
	}
}
