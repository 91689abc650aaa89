package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mutu/internal/region"
	"mutu/internal/skm"
)

// jakartaUtara is the region path of a unit in Jakarta Utara.
var jakartaUtara = []region.Region{
	{Code: "31", Name: "DKI Jakarta", Level: region.Province},
	{Code: "31.72", Name: "Kota Administrasi Jakarta Utara", Level: region.City, ParentCode: "31"},
	{Code: "31.72.06", Name: "Koja", Level: region.District, ParentCode: "31.72"},
}

// testLogo is a small PNG with transparency, as logos are.
func testLogo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if (x-w/2)*(x-w/2)+(y-h/2)*(y-h/2) < w*h/5 {
				img.Set(x, y, color.NRGBA{0xb3, 0x26, 0x1e, 0xff})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withFront is the sample report with a complete kop surat and head.
func withFront(t *testing.T, r SKMReport) SKMReport {
	r.Front = Front{
		Government: GovernmentLines(jakartaUtara),
		Address:    "Jl. Walang Baru No. 5A, Tugu Utara, Koja, Jakarta Utara 14260",
		Phone:      "(021) 4353 1234", Email: "pkm.koja@jakarta.go.id", Website: "https://puskesmaskoja.jakarta.go.id",
		Logo:  testLogo(t, 120, 140),
		Place: SigningPlace(jakartaUtara),
		Head:  Head{Name: "dr. Ratna Sari Dewi, M.K.M.", NIP: "197503122000032002", Position: "Kepala Puskesmas Kecamatan Koja"},
	}
	return r
}

// pageOf is the index in doc.pages of the page whose footer prints n.
func pageOf(t *testing.T, doc *readPDF, n int) int {
	t.Helper()
	for i, p := range doc.pages {
		if strings.Contains(p, fmt.Sprintf("Halaman %d dari ", n)) {
			return i
		}
	}
	t.Fatalf("no page is numbered %d", n)
	return -1
}

// listPages is the text of the pages of a list of contents, from its
// heading up to the next heading of another list or chapter.
func listPages(doc *readPDF, heading string) (string, int) {
	text, last := "", -1
	for i, p := range doc.pages {
		switch {
		case strings.HasPrefix(p, heading+" "):
			text, last = p, i
		case last >= 0 && last == i-1 && !strings.HasPrefix(p, "DAFTAR ") && !strings.HasPrefix(p, "BAB "):
			text, last = text+" "+p, i
		}
	}
	// The footer is not an entry.
	return regexp.MustCompile(`Laporan SKM · .*? Halaman \d+ dari \d+`).ReplaceAllString(text, ""), last
}

// entries splits a list's text at each start and reads the page number
// that ends each entry.
func entries(t *testing.T, text string, start *regexp.Regexp) map[string]int {
	t.Helper()
	out := map[string]int{}
	idx := start.FindAllStringIndex(text, -1)
	for i, at := range idx {
		end := len(text)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		f := strings.Fields(text[at[0]:end])
		n, err := strconv.Atoi(f[len(f)-1])
		if err != nil {
			t.Errorf("entry %q has no page number", text[at[0]:end])
			continue
		}
		out[strings.Join(f[:len(f)-1], " ")] = n
	}
	return out
}

// TestLaporanContentsPages reads the Daftar Isi, Daftar Tabel and Daftar
// Gambar back and checks that each entry's page is the page (by its printed
// number) where the heading or caption is first drawn after the lists.
func TestLaporanContentsPages(t *testing.T) {
	r := withFront(t, sampleReport(t, 60))
	doc := laporanPDF(t, r)
	toc, _ := listPages(doc, "DAFTAR ISI")
	tables, _ := listPages(doc, "DAFTAR TABEL")
	figures, bodyFrom := listPages(doc, "DAFTAR GAMBAR")
	if toc == "" || tables == "" || figures == "" {
		t.Fatalf("lists missing: isi %q, tabel %q, gambar %q", toc, tables, figures)
	}
	check := func(list string, got map[string]int, want int, wantHas ...string) {
		t.Helper()
		if len(got) < want {
			t.Errorf("%s has %d entries, want at least %d: %v", list, len(got), want, got)
		}
		for _, h := range wantHas {
			if _, ok := got[h]; !ok {
				t.Errorf("%s lacks %q: %v", list, h, got)
			}
		}
		for title, n := range got {
			at := pageOf(t, doc, n)
			first := -1
			for i := bodyFrom + 1; i < len(doc.pages); i++ {
				if strings.Contains(doc.pages[i], title) {
					first = i
					break
				}
			}
			if at <= bodyFrom {
				// the front matter: the heading opens the page
				if !strings.HasPrefix(doc.pages[at], title) {
					t.Errorf("%s: %q on page %d, which begins %.40q", list, title, n, doc.pages[at])
				}
				continue
			}
			if first != at {
				t.Errorf("%s: %q on page %d, but it is first drawn on page %d", list, title, n, first-pageOf(t, doc, 1)+1)
			}
		}
	}
	check("Daftar Isi", entries(t, strings.TrimPrefix(toc, "DAFTAR ISI "),
		regexp.MustCompile(`(BAB [IVX]+ |\d\.\d |Lampiran \d\. |LEMBAR |KATA |DAFTAR |LAMPIRAN )`)), 30,
		"LEMBAR PENGESAHAN", "KATA PENGANTAR", "BAB I PENDAHULUAN", "2.5 Penentuan Jumlah Responden",
		"4.4 Saran dan Masukan Responden", "BAB V KESIMPULAN DAN SARAN", "5.2 Saran", "LAMPIRAN",
		"Lampiran 3. Daftar Saran dan Masukan Responden")
	check("Daftar Tabel", entries(t, tables, regexp.MustCompile(`Tabel [0-9L]+\.\d+ `)), 15,
		"Tabel 2.1 Interval konversi IKM, mutu pelayanan dan kinerja unit pelayanan", "Tabel 4.3 Rencana Tindak Lanjut",
		"Tabel L.2 Lembar pengolahan data")
	check("Daftar Gambar", entries(t, figures, regexp.MustCompile(`Gambar [0-9L]+\.\d+ `)), 2,
		"Gambar 3.1 NRR per unsur pelayanan (skala 1–4)", "Gambar 4.1 IKM konversi per periode")
}

// TestLaporanContentsLong: lists that need more than one page (here a
// long Rencana Tindak Lanjut pushes every later page on) still give the
// right pages; the table of contents reserves its pages before the body.
func TestLaporanContentsLong(t *testing.T) {
	r := sampleReport(t, MaxPDFRespondents)
	for i := range 60 {
		r.Actions = append(r.Actions, Action{No: i + 4, Element: "U3 Waktu Penyelesaian",
			Programme: fmt.Sprintf("Kegiatan perbaikan nomor %03d", i+1), Timeline: "Okt–Des 2026", Responsible: "Kepala", Status: "Berjalan"})
	}
	doc := laporanPDF(t, r)
	toc, _ := listPages(doc, "DAFTAR ISI")
	got := entries(t, strings.TrimPrefix(toc, "DAFTAR ISI "), regexp.MustCompile(`(BAB [IVX]+ |\d\.\d |Lampiran \d\. |LAMPIRAN )`))
	for _, h := range []string{"4.3 Tren IKM", "BAB V KESIMPULAN DAN SARAN", "Lampiran 2. Lembar Pengolahan Data", "Lampiran 3. Daftar Saran dan Masukan Responden"} {
		n, ok := got[h]
		if !ok {
			t.Errorf("Daftar Isi lacks %q", h)
			continue
		}
		if p := doc.pages[pageOf(t, doc, n)]; !strings.Contains(p, h) {
			t.Errorf("%q listed on page %d, which has %.80q", h, n, p)
		}
	}
}

// tableNumbers is the numbers of the tables (or figures) in the order they
// are first drawn after the lists of contents.
func tableNumbers(doc *readPDF, word string) []string {
	_, from := listPages(doc, "DAFTAR GAMBAR")
	seen := map[string]bool{}
	var out []string
	re := regexp.MustCompile(word + ` ([0-9L]+\.\d+) `)
	for _, p := range doc.pages[from+1:] {
		for _, m := range re.FindAllStringSubmatch(p, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

// continuous reports the first gap in numbers "c.n": in each chapter n runs
// 1, 2, 3… in the order drawn.
func continuous(nums []string) string {
	next := map[string]int{}
	for _, n := range nums {
		ch, k, _ := strings.Cut(n, ".")
		i, _ := strconv.Atoi(k)
		if i != next[ch]+1 {
			return fmt.Sprintf("%s follows %s.%d", n, ch, next[ch])
		}
		next[ch] = i
	}
	return ""
}

// TestLaporanTableNumbers: tables and figures are numbered by what is
// drawn, so a report without a follow-up plan (no Tabel 4.3 Rencana Tindak
// Lanjut) numbers the trend table 4.3, not 4.4.
func TestLaporanTableNumbers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		actions bool
	}{{"with follow-up", true}, {"without follow-up", false}} {
		r := sampleReport(t, 40)
		if !tc.actions {
			r.Actions = nil
		}
		doc := laporanPDF(t, r)
		nums := tableNumbers(doc, "Tabel")
		if len(nums) < 12 {
			t.Fatalf("%s: tables %v", tc.name, nums)
		}
		if gap := continuous(nums); gap != "" {
			t.Errorf("%s: table numbers skip: %s (%v)", tc.name, gap, nums)
		}
		if gap := continuous(tableNumbers(doc, "Gambar")); gap != "" {
			t.Errorf("%s: figure numbers skip: %s", tc.name, gap)
		}
		if !tc.actions {
			mustContain(t, tc.name, doc.all, "Tabel 4.3 IKM konversi per periode")
		}
	}
}

// TestLaporanDates: every date in the PDF is written out in Indonesian
// ("1 Juli – 30 September 2026"), none in ISO form or with short month
// names.
func TestLaporanDates(t *testing.T) {
	doc := laporanPDF(t, withFront(t, sampleReport(t, 40)))
	mustContain(t, "report", doc.all, "1 Juli – 30 September 2026", "Jakarta Utara, 5 Oktober 2026", "5 Oktober 2026 pukul 09.30 WIB")
	if iso := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).FindString(doc.all); iso != "" {
		t.Errorf("an ISO date in the report: %s", iso)
	}
	if short := regexp.MustCompile(`\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}`).FindString(doc.all); short != "" {
		t.Errorf("a short month name in the report: %s", short)
	}
	for _, tc := range []struct{ from, to, want string }{
		{"2026-01-01", "2026-12-31", "1 Januari – 31 Desember 2026"},
		{"2025-12-25", "2026-01-05", "25 Desember 2025 – 5 Januari 2026"},
		{"2026-08-17", "2026-08-17", "17 Agustus 2026"},
	} {
		if got := rangeText(tc.from, tc.to); got != tc.want {
			t.Errorf("rangeText(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestLaporanFormulaKept: the Krejcie–Morgan formula is on the page of the
// sentence that introduces it and of the explanation after it, wherever
// the section falls (the unit's longer or shorter name moves it).
func TestLaporanFormulaKept(t *testing.T) {
	for extra := range 8 {
		r := sampleReport(t, 12)
		r.RegionName += strings.Repeat(" Kepulauan Seribu Bagian Selatan", extra)
		doc := laporanPDF(t, r)
		found := false
		for i, p := range doc.pages {
			if !strings.Contains(p, "S = λ² · N · P · Q") {
				continue
			}
			found = true
			mustContain(t, fmt.Sprintf("extra %d, page %d", extra, i+1), p, "rumus Krejcie dan Morgan:", "dengan S = jumlah sampel")
		}
		if !found {
			t.Fatalf("extra %d: no formula", extra)
		}
	}
}

// TestLaporanLetterhead: the cover carries the kop surat (government, unit,
// address, contacts) with the logo as an image; without a logo the text
// still renders and no image is embedded.
func TestLaporanLetterhead(t *testing.T) {
	r := withFront(t, sampleReport(t, 40))
	b, err := LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	doc := openPDF(t, b)
	cover := doc.pages[0]
	mustContain(t, "cover", cover, "LAPORAN SURVEI KEPUASAN MASYARAKAT")
	if !strings.HasPrefix(cover, "PEMERINTAH PROVINSI DKI JAKARTA KOTA ADMINISTRASI JAKARTA UTARA PUSKESMAS KECAMATAN KOJA") {
		t.Errorf("the cover does not open with the kop surat: %.120q", cover)
	}
	mustContain(t, "cover", cover, "Jl. Walang Baru No. 5A", "Telepon (021) 4353 1234", "Surel pkm.koja@jakarta.go.id",
		"Laman https://puskesmaskoja.jakarta.go.id")
	// The logo is one image (and its transparency mask).
	if n := bytes.Count(b, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("%d images, want the logo and its mask", n)
	}

	r.Front.Logo = nil
	b, err = LaporanPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(openPDF(t, b).pages[0], "PEMERINTAH PROVINSI DKI JAKARTA") {
		t.Error("without a logo the kop surat is gone")
	}
	if bytes.Contains(b, []byte("/Subtype /Image")) {
		t.Error("an image without a logo")
	}

	// A logo that does not decode is left out; the report is still made.
	r.Front.Logo = []byte("\x89PNG\r\n\x1a\nbroken")
	if _, err := LaporanPDF(r); err != nil {
		t.Errorf("a broken logo fails the report: %v", err)
	}
}

func TestGovernmentLines(t *testing.T) {
	bandung := []region.Region{{Code: "32", Name: "Jawa Barat", Level: region.Province},
		{Code: "32.73", Name: "Kota Bandung", Level: region.City}}
	for _, tc := range []struct {
		name  string
		path  []region.Region
		want  string
		place string
	}{
		{"administrative city", jakartaUtara, "PEMERINTAH PROVINSI DKI JAKARTA|KOTA ADMINISTRASI JAKARTA UTARA", "Jakarta Utara"},
		{"autonomous city", bandung, "PEMERINTAH KOTA BANDUNG", "Bandung"},
		{"province", jakartaUtara[:1], "PEMERINTAH PROVINSI DKI JAKARTA", "DKI Jakarta"},
		{"named province", []region.Region{{Code: "31", Name: "Provinsi Daerah Khusus Ibukota Jakarta", Level: region.Province}},
			"PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA", "Daerah Khusus Ibukota Jakarta"},
		{"nothing", nil, "", ""},
	} {
		if got := strings.Join(GovernmentLines(tc.path), "|"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if got := SigningPlace(tc.path); got != tc.place {
			t.Errorf("%s: place %q, want %q", tc.name, got, tc.place)
		}
	}
}

// approvalPage is the text of the lembar pengesahan.
func approvalPage(t *testing.T, r SKMReport) string {
	t.Helper()
	for _, p := range laporanPDF(t, r).pages {
		if strings.HasPrefix(p, "LEMBAR PENGESAHAN ") {
			return p
		}
	}
	t.Fatal("no approval page")
	return ""
}

// TestLaporanApproval: the approval page names the head of the unit with
// their NIP, position, place and date; without them it leaves blanks to
// fill in by hand and invents nothing.
func TestLaporanApproval(t *testing.T) {
	r := withFront(t, sampleReport(t, 40))
	p := approvalPage(t, r)
	mustContain(t, "approval", p, "Puskesmas Kecamatan Koja", "Periode Triwulan III 2026", "Jakarta Utara, 5 Oktober 2026",
		"Kepala Puskesmas Kecamatan Koja", "dr. Ratna Sari Dewi, M.K.M.", "NIP 19750312 200003 2 002")

	r.Front.Head = Head{}
	r.Front.Place = ""
	p = approvalPage(t, r)
	mustContain(t, "approval", p, "Disahkan oleh:", blank+", 5 Oktober 2026", "NIP "+blank)
	for _, invented := range []string{"Kepala", "dr.", "Jakarta Utara,"} {
		if strings.Contains(p, invented) {
			t.Errorf("the approval page without a head shows %q: %q", invented, p)
		}
	}
}

// TestLaporanMetadata: the PDF's information names its title and author
// (the unit), and its catalog the language.
func TestLaporanMetadata(t *testing.T) {
	r := sampleReport(t, 12)
	doc := laporanPDF(t, r)
	info := doc.r.Trailer().Key("Info")
	if got := info.Key("Title").Text(); got != "Laporan Survei Kepuasan Masyarakat Puskesmas Kecamatan Koja Triwulan III 2026" {
		t.Errorf("title %q", got)
	}
	if got := info.Key("Author").Text(); got != r.UnitName {
		t.Errorf("author %q", got)
	}
	if got := doc.r.Trailer().Key("Root").Key("Lang").Text(); got != "id-ID" {
		t.Errorf("language %q", got)
	}
	// The catalog still leads to every page and the outline.
	if doc.r.NumPage() < 10 || len(doc.r.Outline().Child) == 0 {
		t.Errorf("%d pages, %d bookmarks", doc.r.NumPage(), len(doc.r.Outline().Child))
	}
}

// TestLaporanFewRespondents: a service graded from one answer is marked in
// the table of services, a note explains the mark, and BAB V advises more
// respondents; a report without such a service carries no mark.
func TestLaporanFewRespondents(t *testing.T) {
	r := sampleReport(t, 120)
	servicePage := func(r SKMReport) string {
		for _, p := range laporanPDF(t, r).pages {
			if strings.Contains(p, "IKM per jenis layanan Jenis layanan") || strings.Contains(p, "IKM per jenis layanan No") {
				return p
			}
		}
		t.Fatal("no table of services")
		return ""
	}
	p := servicePage(r)
	mustContain(t, "services", p, "Poli Umum", "Laboratorium")
	if strings.Contains(p, "*") {
		t.Errorf("services of 40 respondents each are marked: %q", p)
	}

	one := skm.NewTally(len(permen.Elements))
	one.Add([]int{3, 3, 3, 3, 3, 3, 3, 3, 3})
	res, err := skm.Compute(permen, one, skm.Exact)
	if err != nil {
		t.Fatal(err)
	}
	if res.Mutu != "C" {
		t.Fatalf("one answer of 3 everywhere grades %s", res.Mutu)
	}
	r.Services = append(r.Services, ServiceResult{Name: "Legalisir Surat Keterangan", Result: res})
	p = servicePage(r)
	mustContain(t, "services", p, "Legalisir Surat Keterangan 1 *", "C (Kurang Baik)",
		"* Hasil bertumpu pada kurang dari 30 responden")
	b, _ := LaporanPDF(r)
	mustContain(t, "report", openPDF(t, b).all, "Menambah jumlah responden pada jenis layanan Legalisir Surat Keterangan")

	// A unit of 12 respondents: its own row is marked too.
	p = servicePage(sampleReport(t, 12))
	mustContain(t, "services", p, "Unit (seluruh jawaban) 12 *", "* Hasil bertumpu pada kurang dari 30 responden")
	b, _ = LaporanPDF(sampleReport(t, 12))
	mustContain(t, "report", openPDF(t, b).all, "IKM unit bertumpu pada 12 responden, kurang dari 30")
}

// TestLaporanSuggestions: the respondents' suggestions are grouped by the
// element they name with counts in BAB IV, listed in Lampiran 3 and drawn
// on in the Saran of BAB V.
func TestLaporanSuggestions(t *testing.T) {
	r := sampleReport(t, 40)
	texts := []string{"Antrean terlalu lama", "antrean terlalu lama!", "Petugas kurang ramah", "Toilet kotor, antre lama",
		"tidak ada", "-", "Pertahankan", "Pertahankan.", "PERTAHANKAN"}
	rows := append([]RespondentRow(nil), r.Respondents...)
	for i := range rows {
		rows[i].Saran = ""
		if i < len(texts) {
			rows[i].Saran = texts[i]
		}
	}
	r.Respondents = rows
	doc := laporanPDF(t, r)
	mustContain(t, "report", doc.all,
		"Sebanyak 7 dari 40 responden (17,50 %) menuliskan saran",
		"U3 Waktu Penyelesaian 3 42,86 %", "U7 Perilaku Pelaksana 1 14,29 %", "U9 Sarana dan Prasarana 1 14,29 %",
		"Lainnya (tidak menyebut unsur tertentu) 3 42,86 %",
		"Saran yang paling sering ditulis", "1 Pertahankan 3", "2 Antrean terlalu lama 2",
		"5.2 Saran", "Menindaklanjuti saran responden, yang paling banyak menyangkut unsur U3 Waktu Penyelesaian (3 saran)",
		"Lampiran 3. Daftar Saran dan Masukan Responden", "(7 saran, 4 isi berbeda)", "4 Toilet kotor, antre lama 1")
	if strings.Contains(doc.all, "dibatasi") {
		t.Error("a short list says it is cut")
	}
}

// TestLaporanSuggestionsCapped: past MaxPDFSuggestions distinct
// suggestions the appendix prints the most frequent and says how many it
// left out.
func TestLaporanSuggestionsCapped(t *testing.T) {
	r := sampleReport(t, MaxPDFSuggestions+20)
	rows := append([]RespondentRow(nil), r.Respondents...)
	for i := range rows {
		rows[i].Saran = fmt.Sprintf("Saran berbeda nomor %d", i+1)
	}
	rows[len(rows)-1].Saran = rows[0].Saran // the last repeats the first: it comes first
	r.Respondents = rows
	doc := laporanPDF(t, r)
	mustContain(t, "report", doc.all, "Daftar ini dibatasi 300 isi yang paling sering; 19 isi lainnya tidak dicetak",
		"1 Saran berbeda nomor 1 2", "300 Saran berbeda nomor 300 1")
	if strings.Contains(doc.all, "Saran berbeda nomor 301") {
		t.Error("the 301st suggestion is printed")
	}
}

func TestNormalizeSuggestion(t *testing.T) {
	for in, want := range map[string]string{
		"Antrean, perlu  dipercepat!": "antrean perlu dipercepat",
		"  -  ":                       "",
		"Tidak ada.":                  "tidak ada",
		"AC-nya mati":                 "ac nya mati",
	} {
		if got := normalizeSuggestion(in); got != want {
			t.Errorf("normalizeSuggestion(%q) = %q, want %q", in, got, want)
		}
	}
	if !mentions("ac nya mati", themeWords["U9"]) || mentions("acara bagus", themeWords["U9"]) {
		t.Error("short theme words must match whole words only")
	}
	if !mentions("antreannya panjang", themeWords["U3"]) {
		t.Error("long theme words match the start of a word")
	}
}
