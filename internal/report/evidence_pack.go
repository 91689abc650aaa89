package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/signintech/gopdf"

	"mutu/internal/clock"
	"mutu/internal/store"
)

// EvidencePack is what a unit shows the Ombudsman's assessors (issue #14):
// a ZIP of every evidence file of the unit with a PDF index of them and a
// summary of its figures in Mutu. The caller fills it from the assessment
// and the unit's evidence rows; figures arrive as text. It never holds the
// identities of complainants or of the users the Output interviews reach:
// only evidence files of the unit's records and aggregate figures.
type EvidencePack struct {
	Unit, Code string // "Dinas Kependudukan…", "DKP-31.72"
	City       string // the government assessed
	Year       int
	Instrument string // "Penilaian Kepatuhan 2023 (ombudsman-2023)"
	Visit      string // "14–16 Agustus 2023"
	Products   []string
	Figures    []PackFigure
	Files      []PackFile
	Demo       bool // the assessment is demo data
	Generated  time.Time
}

// PackFigure is one line of the summary of Mutu's figures.
type PackFigure struct{ Label, Value string }

// PackFile is one evidence file as the pack holds it: its path in the ZIP
// and what the index says of it.
type PackFile struct {
	store.EvidenceFile
	Path  string // "bukti/standar/001-sk-standar.pdf"
	Owner string // what record it documents, in words
}

// PackIndexName is the PDF index's name in the ZIP, first entry.
const PackIndexName = "00-indeks-bukti.pdf"

// ownerFolders names, per evidence owner, the folder of its files in the
// pack and the record in words; an owner added later gets a folder of its
// own name.
var ownerFolders = map[string][2]string{
	store.OwnerStandardVersion: {"standar", "Standar pelayanan"},
	store.OwnerForum:           {"forum", "Forum konsultasi publik"},
	store.OwnerMaklumat:        {"maklumat", "Maklumat pelayanan"},
	store.OwnerPublication:     {"publikasi", "Publikasi standar"},
	store.OwnerFinding:         {"temuan", "Temuan pemantauan"},
	store.OwnerVisitScore:      {"kunjungan", "Kunjungan pemantauan"},
	store.OwnerSelfAssessment:  {"penilaian-mandiri", "Penilaian mandiri"},
	store.OwnerInnovation:      {"inovasi", "Inovasi pelayanan"},
	store.OwnerKepatuhan:       {"kesiapan-kepatuhan", "Penilaian mandiri kepatuhan Ombudsman"},
}

// PackFiles names the files in the ZIP: a folder per kind of record, each
// file numbered so that two of the same name stay apart.
func PackFiles(files []store.EvidenceFile) []PackFile {
	out := make([]PackFile, len(files))
	for i, f := range files {
		folder, owner := f.OwnerType, f.OwnerType
		if o, ok := ownerFolders[f.OwnerType]; ok {
			folder, owner = o[0], o[1]
		}
		out[i] = PackFile{EvidenceFile: f, Owner: owner,
			Path: path.Join("bukti", safeName(folder, 40), fmt.Sprintf("%03d-%s", i+1, safeName(f.Filename, 60)))}
	}
	return out
}

// safeName keeps a name to letters, digits, dots, dashes and underscores
// (other runs become one dash), at most max bytes with its extension kept.
func safeName(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		out = "berkas"
	}
	if len(out) > max {
		ext := path.Ext(out)
		if len(ext) > 10 {
			ext = ""
		}
		out = out[:max-len(ext)] + ext
	}
	return out
}

// EvidenceIndexPDF returns the pack's index as an A4 PDF: what the pack is
// for, the summary of Mutu's figures and one row per file with its path in
// the ZIP, the record it documents, its size, date and checksum.
func EvidenceIndexPDF(p EvidencePack) ([]byte, error) {
	title := fmt.Sprintf("Indeks Bukti %s, Penilaian Kepatuhan %d", clean(p.Unit), p.Year)
	d := newDoc(title, p.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: "Mutu", Subject: "Indeks berkas bukti untuk penilaian kepatuhan Ombudsman RI",
		Creator: "Mutu", Producer: "Mutu", CreationDate: p.Generated})
	d.footer = "Indeks Bukti · " + clean(p.Unit) + " · " + fmt.Sprint(p.Year)
	d.newPage()
	d.textColour(ink)
	d.y += d.fitted("INDEKS BERKAS BUKTI", bold, 16, 12, marginLeft, contentW, 1)
	d.y += d.fitted("PENILAIAN KEPATUHAN PENYELENGGARAAN PELAYANAN PUBLIK", bold, 11, 9, marginLeft, contentW, 2)
	d.textColour(black)
	d.gap(3)
	d.startChapter("1")
	if p.Demo {
		d.para("DATA DEMO: penilaian ini contoh dari data demo Mutu, bukan hasil resmi Ombudsman RI.")
	}
	d.para(fmt.Sprintf("Berkas ini memuat bukti %s (%s), %s, untuk penilaian kepatuhan Ombudsman RI tahun %d%s. "+
		"Setiap berkas dalam arsip ZIP tercantum pada tabel berkas di bawah dengan jalurnya di dalam arsip.",
		clean(p.Unit), clean(p.Code), clean(p.City), p.Year, prefixed(" dengan kunjungan ", clean(p.Visit))))
	rows := [][]string{{"Instrumen", orDash(p.Instrument)}, {"Produk layanan dinilai", orDash(strings.Join(p.Products, "; "))},
		{"Dibuat", longDateTime(p.Generated)}, {"Jumlah berkas", fmt.Sprint(len(p.Files))}}
	d.table(table{caption: d.tableTitle("Keterangan"), rows: rows, cols: []column{{title: "", width: 50}, {title: ""}}})

	d.heading(2, "1. Ringkasan angka Mutu")
	rows = make([][]string, len(p.Figures))
	for i, f := range p.Figures {
		rows[i] = []string{clean(f.Label), orDash(f.Value)}
	}
	if len(rows) == 0 {
		rows = [][]string{{"—", "—"}}
	}
	d.table(table{caption: d.tableTitle("Angka unit dalam Mutu"), rows: rows, cols: []column{{title: "Ukuran"}, {title: "Nilai", width: 50, align: alignRight}}})

	d.heading(2, "2. Berkas bukti")
	if len(p.Files) == 0 {
		d.para("Unit ini belum memiliki berkas bukti di Mutu.")
	} else {
		rows = make([][]string, len(p.Files))
		for i, f := range p.Files {
			rows[i] = []string{fmt.Sprint(i + 1), f.Path, clean(f.Owner), clean(f.Filename), fileSize(f.Size),
				longDate(f.CreatedAt.In(clock.Jakarta)), shortHash(f.SHA256)}
		}
		d.table(table{caption: d.tableTitle("Berkas dalam arsip"), rows: rows, size: 7, cols: []column{{title: "No", width: 8, align: alignRight},
			{title: "Jalur dalam arsip", width: 52}, {title: "Catatan", width: 26}, {title: "Nama asli"}, {title: "Ukuran", width: 16, align: alignRight},
			{title: "Diunggah", width: 22}, {title: "SHA-256", width: 18}}})
	}
	d.numberPages()
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}

// fileSize writes a size as people read it: "820 B", "12,5 kB", "3,4 MB".
func fileSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return strings.Replace(fmt.Sprintf("%.1f kB", float64(n)/1000), ".", ",", 1)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/1e6), ".", ",", 1)
}

// shortHash is the start of a checksum, enough to tell files apart by eye.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return orDash(h)
}

// WriteEvidencePack writes the pack as a ZIP to w: the index first, then
// each file as open returns it, copied through (no file is held in
// memory), progress called after each with the number written so far.
// A file open cannot find is a failure: the index would promise it.
func WriteEvidencePack(w io.Writer, p EvidencePack, open func(PackFile) (io.ReadCloser, error), progress func(done int) error) error {
	index, err := EvidenceIndexPDF(p)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	z := zip.NewWriter(w)
	if err := addEntry(z, PackIndexName, p.Generated, bytes.NewReader(index)); err != nil {
		return err
	}
	for i, f := range p.Files {
		r, err := open(f)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		err = addEntry(z, f.Path, f.CreatedAt, r)
		r.Close()
		if err != nil {
			return err
		}
		if err := progress(i + 1); err != nil {
			return err
		}
	}
	return z.Close()
}

func addEntry(z *zip.Writer, name string, modified time.Time, r io.Reader) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := io.Copy(w, r); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
