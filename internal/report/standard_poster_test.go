package report

import (
	"cmp"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"

	"mutu/internal/clock"
	"mutu/internal/standard"
	"mutu/internal/testutil"
)

// akta is a realistic published standard (Akta Kelahiran at Dukcapil).
func akta() standard.Version {
	return standard.Version{Number: 3, Status: standard.Published, DecreeNumber: "e-0417/2026",
		EffectiveFrom: time.Date(2026, 12, 3, 0, 0, 0, 0, clock.Jakarta),
		Content: standard.Content{
			Requirements: []string{"Surat keterangan kelahiran dari rumah sakit, puskesmas, klinik atau bidan",
				"Kartu Keluarga (KK) orang tua", "KTP-el kedua orang tua", "Buku nikah atau akta perkawinan orang tua"},
			Steps: []string{"Pemohon mengisi formulir F-2.01 dan menyerahkan berkas di loket",
				"Petugas memverifikasi dan memvalidasi berkas", "Petugas merekam data ke SIAK",
				"Pejabat pencatatan sipil menandatangani akta secara elektronik", "Akta diserahkan kepada pemohon"},
			Time:       standard.TimeLimit{Value: 14, Unit: standard.WorkingDays},
			TimeNote:   "sejak berkas dinyatakan lengkap",
			Fee:        standard.Fee{Kind: standard.Free, Basis: "UU No. 24 Tahun 2013 Pasal 79A"},
			Product:    "Kutipan akta kelahiran",
			Complaints: []string{"Formulir pengaduan daring Mutu", "Loket pengaduan di kantor unit", "SP4N-LAPOR! (lapor.go.id)"},
		}}
}

const posterBase = "https://mutu.example.go.id"

func aktaPoster(paper Paper, v standard.Version) ServicePoster {
	return ServicePoster{Paper: paper, RegionName: "Kota Administrasi Jakarta Utara", UnitName: "Suku Dinas Kependudukan dan Pencatatan Sipil",
		ServiceName: "Akta Kelahiran", Standard: v,
		StandardURL:  posterBase + "/unit/DKP-31.72/layanan/akta-lahir",
		SurveyURL:    posterBase + "/s/DKP-31.72/akta-lahir",
		ComplaintURL: posterBase + "/pengaduan?unit=DKP-31.72&layanan=akta-lahir"}
}

// paperSizes are the MediaBox widths and heights in points.
var paperSizes = map[Paper][2]float64{A4: {595, 842}, A3: {842, 1190}}

// mediaBox is a page's size in points.
func mediaBox(p pdf.Page) (float64, float64) {
	v := p.V
	b := v.Key("MediaBox")
	for b.IsNull() && !v.Key("Parent").IsNull() { // inherited from the page tree
		v = v.Key("Parent")
		b = v.Key("MediaBox")
	}
	return b.Index(2).Float64() - b.Index(0).Float64(), b.Index(3).Float64() - b.Index(1).Float64()
}

func checkPaper(t *testing.T, doc *readPDF, paper Paper) {
	t.Helper()
	for i := 1; i <= doc.r.NumPage(); i++ {
		w, h := mediaBox(doc.r.Page(i))
		if want := paperSizes[paper]; math.Abs(w-want[0]) > 1 || math.Abs(h-want[1]) > 1 {
			t.Errorf("page %d is %.0f × %.0f pt, want %s (%.0f × %.0f)", i, w, h, paper, want[0], want[1])
		}
	}
}

// pageQRs finds the QR codes drawn on a page, rasterises each from its
// module rectangles and decodes it with gozxing; the texts are returned
// left to right, top to bottom.
func pageQRs(t *testing.T, p pdf.Page) []string {
	t.Helper()
	var mods []pdf.Rect
	for _, r := range p.Content().Rect {
		if r.Max.Y-r.Min.Y < 12 { // modules; bands, boxes and table rows are taller
			mods = append(mods, r)
		}
	}
	// Union the modules that touch (within one module): a code's quiet zone
	// keeps codes apart.
	parent := make([]int, len(mods))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for i, a := range mods {
		m := a.Max.Y - a.Min.Y
		for j := i + 1; j < len(mods); j++ {
			b := mods[j]
			if a.Min.X-m <= b.Max.X && b.Min.X-m <= a.Max.X && a.Min.Y-m <= b.Max.Y && b.Min.Y-m <= a.Max.Y {
				parent[find(j)] = find(i)
			}
		}
	}
	groups := map[int][]pdf.Rect{}
	for i, r := range mods {
		groups[find(i)] = append(groups[find(i)], r)
	}
	type code struct {
		x, y float64
		text string
	}
	var codes []code
	for _, g := range groups {
		if len(g) < 50 { // not a code
			continue
		}
		minX, minY, maxX := math.Inf(1), math.Inf(1), math.Inf(-1)
		var hs []float64
		for _, r := range g {
			minX, minY, maxX = math.Min(minX, r.Min.X), math.Min(minY, r.Min.Y), math.Max(maxX, r.Max.X)
			hs = append(hs, r.Max.Y-r.Min.Y)
		}
		slices.Sort(hs)
		module := hs[len(hs)/2] - 0.02/ptToMM // drawn 0.02 mm over, so runs join
		n := int(math.Round((maxX - minX) / module))
		const px, quiet = 4, 4
		side := (n + 2*quiet) * px
		img := image.NewGray(image.Rect(0, 0, side, side))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		for _, r := range g {
			x0 := int(math.Round((r.Min.X-minX)/module)) + quiet
			x1 := int(math.Round((r.Max.X-minX-0.02/ptToMM)/module)) + quiet
			row := int(math.Round((r.Min.Y - minY) / module))
			y := quiet + (n - 1 - row) // PDF y grows upwards
			for yy := y * px; yy < (y+1)*px; yy++ {
				for xx := x0 * px; xx < x1*px; xx++ {
					img.SetGray(xx, yy, color.Gray{})
				}
			}
		}
		codes = append(codes, code{minX, -minY, testutil.DecodeQR(t, img)})
	}
	slices.SortFunc(codes, func(a, b code) int { return cmp.Or(cmp.Compare(a.y, b.y), cmp.Compare(a.x, b.x)) })
	var out []string
	for _, c := range codes {
		out = append(out, c.text)
	}
	return out
}

// TestServicePosterPDF reads the A4 and A3 posters of a standard back: one
// page of the right size, every component's text, the version and its
// date in Indonesian, and the three codes decoded to the right addresses.
func TestServicePosterPDF(t *testing.T) {
	fixed := akta()
	fixed.Content.Fee = standard.Fee{Kind: standard.Fixed, AmountRp: 1_500_000, Basis: "Perda No. 1 Tahun 2024"}
	cases := []struct {
		name  string
		v     standard.Version
		wants []string
	}{
		{"free", akta(), []string{"Gratis", "Dasar hukum: UU No. 24 Tahun 2013 Pasal 79A"}},
		{"tariff", fixed, []string{"Rp 1.500.000", "Dasar hukum: Perda No. 1 Tahun 2024"}},
	}
	for _, tc := range cases {
		for _, paper := range Papers {
			t.Run(tc.name+"/"+string(paper), func(t *testing.T) {
				p := aktaPoster(paper, tc.v)
				b, err := ServicePosterPDF(p)
				if err != nil {
					t.Fatal(err)
				}
				keep(t, "standar-"+tc.name+"-"+string(paper)+".pdf", b)
				doc := openPDF(t, b)
				if n := doc.r.NumPage(); n != 1 {
					t.Fatalf("%d pages, want 1", n)
				}
				checkPaper(t, doc, paper)
				c := tc.v.Content
				wants := append(slices.Concat(c.Requirements, c.Steps, c.Complaints, tc.wants),
					"STANDAR PELAYANAN", "Akta Kelahiran", "Suku Dinas Kependudukan dan Pencatatan Sipil", "Kota Administrasi Jakarta Utara",
					"1. Persyaratan", "2. Sistem, Mekanisme dan Prosedur", "3. Jangka Waktu Penyelesaian", "4. Biaya/Tarif",
					"5. Produk Pelayanan", "6. Penanganan Pengaduan, Saran dan Masukan",
					"14 hari kerja", "sejak berkas dinyatakan lengkap", "Kutipan akta kelahiran",
					"Versi 3 · berlaku mulai 3 Desember 2026 · SK e-0417/2026",
					"Standar pelayanan daring", "Isi survei kepuasan", "Sampaikan pengaduan")
				mustContain(t, "poster", doc.all, wants...)
				if strings.Contains(doc.all, "lanjutan") || strings.Contains(doc.all, "Halaman") {
					t.Error("a one-page poster is marked as continued")
				}
				got := pageQRs(t, doc.r.Page(1))
				if want := []string{p.StandardURL, p.SurveyURL, p.ComplaintURL}; !slices.Equal(got, want) {
					t.Errorf("codes read %q, want %q", got, want)
				}
			})
		}
	}
}

// bodySize is the font size (pt) most text on the page is set in.
func bodySize(p pdf.Page) float64 {
	count := map[float64]int{}
	for _, tx := range p.Content().Text {
		count[math.Round(tx.FontSize*10)/10]++
	}
	best := 0.0
	for s, n := range count {
		if n > count[best] || n == count[best] && s > best {
			best = s
		}
	}
	return best
}

// TestServicePosterLong: a longer standard shrinks its type to stay on one
// page; one too long even at the smallest type continues on pages marked
// "lanjutan" with the service's name and "Halaman x dari y", with every
// line printed and no heading left at the foot of a column.
func TestServicePosterLong(t *testing.T) {
	long := func(n, words int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("Butir %d: %s", i+1, strings.Repeat("dokumen pendukung asli beserta fotokopinya ", words)))
		}
		return out
	}
	normal := openPDF(t, must(ServicePosterPDF(aktaPoster(A4, akta()))))

	medium := akta()
	medium.Content.Requirements = long(10, 3)
	medium.Content.Steps = long(7, 2)
	doc := openPDF(t, must(ServicePosterPDF(aktaPoster(A4, medium))))
	if n := doc.r.NumPage(); n != 1 {
		t.Fatalf("medium standard: %d pages, want 1", n)
	}
	mustContain(t, "medium poster", doc.all, slices.Concat(medium.Content.Requirements, medium.Content.Steps)...)
	if got, was := bodySize(doc.r.Page(1)), bodySize(normal.r.Page(1)); got >= was || got < 8 {
		t.Errorf("medium standard set in %.1f pt (normal %.1f): want smaller, at least 8", got, was)
	}

	huge := akta()
	huge.Content.Requirements = long(40, 10)
	huge.Content.Steps = long(25, 4)
	for _, paper := range Papers {
		t.Run(string(paper), func(t *testing.T) {
			b := must(ServicePosterPDF(aktaPoster(paper, huge)))
			keep(t, "standar-panjang-"+string(paper)+".pdf", b)
			doc := openPDF(t, b)
			n := doc.r.NumPage()
			if n < 2 {
				t.Fatalf("%d pages: a standard this long needs a continuation page", n)
			}
			checkPaper(t, doc, paper)
			mustContain(t, "long poster", doc.all, slices.Concat(huge.Content.Requirements, huge.Content.Steps, huge.Content.Complaints)...)
			for i := 1; i <= n; i++ {
				mustContain(t, fmt.Sprintf("page %d", i), doc.pages[i-1], fmt.Sprintf("Halaman %d dari %d", i, n))
				if i > 1 {
					mustContain(t, fmt.Sprintf("page %d", i), doc.pages[i-1], "Akta Kelahiran (lanjutan)")
				}
			}
			if got := pageQRs(t, doc.r.Page(1)); len(got) != 3 {
				t.Errorf("first page has %d codes, want 3", len(got))
			}
			k := map[Paper]float64{A4: 1, A3: math.Sqrt2}[paper]
			for i := 1; i <= n; i++ {
				limit := sheetFoot - 3
				if i == 1 {
					limit -= qrStripH
				}
				checkNoOrphanHeading(t, doc.r.Page(i), i, (pageH-limit)*k/ptToMM, pageW*k/ptToMM/2)
			}
		})
	}
}

// checkNoOrphanHeading fails when a component heading ("3. Jangka …") is
// the last line above the body's lower limit (PDF y) in its column.
func checkNoOrphanHeading(t *testing.T, p pdf.Page, page int, lowest, middle float64) {
	t.Helper()
	type line struct {
		y float64
		s string
	}
	cols := [2]map[float64]string{{}, {}}
	for _, tx := range p.Content().Text {
		if tx.Y < lowest {
			continue
		}
		c := 0
		if tx.X > middle {
			c = 1
		}
		y := math.Round(tx.Y*10) / 10
		cols[c][y] += strings.ReplaceAll(tx.S, "\uFFFD", "")
	}
	for c, ls := range cols {
		ys := slices.Sorted(func(yield func(float64) bool) {
			for y := range ls {
				if !yield(y) {
					return
				}
			}
		})
		if len(ys) == 0 {
			continue
		}
		if last := ls[ys[0]]; len(last) > 3 && last[1] == '.' && last[2] == ' ' && strings.Contains("123456", last[:1]) {
			t.Errorf("page %d column %d ends with the heading %q", page, c+1, last)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func maklumat() standard.Maklumat {
	return standard.Maklumat{Text: standard.MaklumatText, SignatoryName: "Dra. Siti Rahmawati, M.Si.", SignatoryNIP: "197503122000032002",
		SignatoryPosition: "Kepala Suku Dinas Kependudukan dan Pencatatan Sipil", SignedOn: time.Date(2026, 12, 3, 0, 0, 0, 0, clock.Jakarta)}
}

// TestMaklumatPosterPDF: the text, place and date, position, name and NIP
// on one page of each paper, and the code to the unit's page; an unsigned
// maklumat leaves dotted blanks.
func TestMaklumatPosterPDF(t *testing.T) {
	for _, paper := range Papers {
		t.Run(string(paper), func(t *testing.T) {
			p := MaklumatPoster{Paper: paper, RegionName: "Kota Administrasi Jakarta Utara", UnitName: "Suku Dinas Kependudukan dan Pencatatan Sipil",
				Place: "Jakarta Utara", Maklumat: maklumat(), UnitURL: posterBase + "/unit/DKP-31.72"}
			b := must(MaklumatPosterPDF(p))
			keep(t, "maklumat-"+string(paper)+".pdf", b)
			doc := openPDF(t, b)
			if n := doc.r.NumPage(); n != 1 {
				t.Fatalf("%d pages, want 1", n)
			}
			checkPaper(t, doc, paper)
			mustContain(t, "maklumat", doc.all, "MAKLUMAT PELAYANAN", standard.MaklumatText, "Jakarta Utara, 3 Desember 2026",
				"Kepala Suku Dinas Kependudukan dan Pencatatan Sipil", "Dra. Siti Rahmawati, M.Si.", "NIP 19750312 200003 2 002")
			if got := pageQRs(t, doc.r.Page(1)); !slices.Equal(got, []string{p.UnitURL}) {
				t.Errorf("codes read %q, want the unit page", got)
			}
		})
	}
	// A maklumat of the longest text allowed continues on marked pages,
	// every word printed.
	long := maklumat()
	var words []string
	for i := 0; len(strings.Join(words, " ")) < standard.MaxText-20; i++ {
		words = append(words, fmt.Sprintf("janji%d", i))
	}
	long.Text = strings.Join(words, " ")
	doc := openPDF(t, must(MaklumatPosterPDF(MaklumatPoster{UnitName: "Kelurahan Koja", Maklumat: long, UnitURL: posterBase + "/unit/KEL"})))
	n := doc.r.NumPage()
	if n < 2 {
		t.Errorf("longest maklumat on %d page", n)
	}
	mustContain(t, "long maklumat", doc.all, "Maklumat Pelayanan (lanjutan)", fmt.Sprintf("Halaman %d dari %d", n, n), "Dra. Siti Rahmawati, M.Si.")
	for _, w := range words {
		if !strings.Contains(doc.all, w+" ") {
			t.Fatalf("long maklumat lacks %q", w)
		}
	}

	unsigned := maklumat()
	unsigned.SignedOn, unsigned.SignatoryName, unsigned.SignatoryNIP = time.Time{}, "", ""
	doc = openPDF(t, must(MaklumatPosterPDF(MaklumatPoster{UnitName: "Kelurahan Koja", Place: "Jakarta Utara", Maklumat: unsigned, UnitURL: posterBase + "/unit/KEL"})))
	mustContain(t, "unsigned maklumat", doc.all, "Jakarta Utara, ....", "NIP ....")
}

// TestBoardPDF: every service with its time limit, fee and version, the
// maklumat when it fits, the code to the unit's page; a unit with many
// services continues on marked pages with the table's header repeated.
func TestBoardPDF(t *testing.T) {
	ktp := akta()
	ktp.Number, ktp.Content.Time = 1, standard.TimeLimit{Value: 1, Unit: standard.WorkingDays}
	pbg := akta()
	pbg.Content.Fee = standard.Fee{Kind: standard.Regulated, Basis: "Perda DKI No. 1 Tahun 2024"}
	m := maklumat()
	board := Board{RegionName: "Kota Administrasi Jakarta Utara", UnitName: "Suku Dinas Kependudukan dan Pencatatan Sipil", Place: "Jakarta Utara",
		UnitURL: posterBase + "/unit/DKP-31.72", Maklumat: &m,
		Services: []BoardService{{"Akta Kelahiran", akta()}, {"KTP-el", ktp}, {"Persetujuan Bangunan Gedung (PBG)", pbg}}}
	for _, paper := range Papers {
		t.Run(string(paper), func(t *testing.T) {
			board.Paper = paper
			b := must(BoardPDF(board))
			keep(t, "papan-"+string(paper)+".pdf", b)
			doc := openPDF(t, b)
			if n := doc.r.NumPage(); n != 1 {
				t.Fatalf("%d pages, want 1", n)
			}
			checkPaper(t, doc, paper)
			mustContain(t, "board", doc.all, "STANDAR PELAYANAN", "Suku Dinas Kependudukan dan Pencatatan Sipil",
				"Akta Kelahiran", "14 hari kerja", "Gratis", "3 Desember 2026 (versi 3)",
				"KTP-el", "1 hari kerja", "3 Desember 2026 (versi 1)",
				"Persetujuan Bangunan Gedung (PBG)", "Retribusi sesuai peraturan daerah",
				"Maklumat Pelayanan", standard.MaklumatText, "Dra. Siti Rahmawati, M.Si.")
			if got := pageQRs(t, doc.r.Page(1)); !slices.Equal(got, []string{board.UnitURL}) {
				t.Errorf("codes read %q, want the unit page", got)
			}
		})
	}

	many := board
	many.Paper = A4
	many.Services = nil
	for i := range 60 {
		many.Services = append(many.Services, BoardService{fmt.Sprintf("Layanan nomor %d dengan nama yang cukup panjang untuk dua baris di tabel", i+1), akta()})
	}
	doc := openPDF(t, must(BoardPDF(many)))
	n := doc.r.NumPage()
	if n < 2 {
		t.Fatalf("60 services on %d page", n)
	}
	mustContain(t, "long board", doc.all, "Layanan nomor 1 dengan", "Layanan nomor 60 dengan")
	for i := 2; i <= n; i++ {
		mustContain(t, fmt.Sprintf("page %d", i), doc.pages[i-1], "(lanjutan)", "Jangka waktu", fmt.Sprintf("Halaman %d dari %d", i, n))
	}
}

func TestPosterDeterministicAndErrors(t *testing.T) {
	a, b := must(ServicePosterPDF(aktaPoster(A3, akta()))), must(ServicePosterPDF(aktaPoster(A3, akta())))
	if string(a) != string(b) {
		t.Error("two runs give different bytes")
	}
	if _, err := ServicePosterPDF(ServicePoster{UnitName: "Dukcapil"}); err == nil {
		t.Error("no service: no error")
	}
	p := aktaPoster(A4, akta())
	p.SurveyURL = ""
	if _, err := ServicePosterPDF(p); err == nil {
		t.Error("no survey address: no error")
	}
	if _, err := MaklumatPosterPDF(MaklumatPoster{UnitName: "Dukcapil", UnitURL: "https://x"}); err == nil {
		t.Error("no maklumat text: no error")
	}
}
