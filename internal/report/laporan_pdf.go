package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/signintech/gopdf"

	"mutu/internal/skm"
)

// MaxPDFRespondents is the largest processing sheet printed in the PDF's
// appendix; above it the appendix prints the totals and refers to the XLSX.
const MaxPDFRespondents = 200

// LaporanPDF returns the Laporan SKM as an A4 PDF in the structure of
// PermenPANRB 14/2017 (methods.md §1.4): a cover with the kop surat, the
// lembar pengesahan, Kata Pengantar, Daftar Isi, Daftar Tabel and Daftar
// Gambar, BAB I Pendahuluan, BAB II Pengumpulan Data, BAB III Hasil, BAB IV
// Analisis (with the Rencana Tindak Lanjut and the respondents'
// suggestions), BAB V Kesimpulan dan Saran and the appendices
// (questionnaire, processing sheet, suggestions). Pages after the cover are
// numbered; chapters are bookmarked.
//
// The document is drawn twice: the first pass finds the headings, tables
// and figures, so that the second can reserve the pages their lists need
// and fill them in with the pages the entries were drawn on.
func LaporanPDF(r SKMReport) ([]byte, error) {
	p, err := prepare(r)
	if err != nil {
		return nil, err
	}
	first := p.render(nil)
	if first.err != nil {
		return nil, first.err
	}
	b, err := p.render(first.marks).bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}

// render draws the Laporan; marks are those of an earlier pass (nil on the
// first), which size the lists of contents.
func (p *prepared) render(marks []mark) *doc {
	title := "Laporan Survei Kepuasan Masyarakat " + clean(p.UnitName) + " " + clean(p.PeriodLabel)
	d := newDoc(title, p.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: clean(p.UnitName),
		Subject: "Survei Kepuasan Masyarakat (PermenPANRB 14/2017), " + clean(p.PeriodLabel),
		Creator: "Mutu", Producer: "Mutu", CreationDate: p.Generated})
	d.numbered = 1
	d.footer = "Laporan SKM · " + clean(p.UnitName) + " · " + clean(p.PeriodLabel)
	p.cover(d)
	p.approval(d)
	p.foreword(d)
	lists := []*contentsList{
		d.reserveContents("DAFTAR ISI", []markKind{markChapter, markSection}, marks),
		d.reserveContents("DAFTAR TABEL", []markKind{markTable}, marks),
		d.reserveContents("DAFTAR GAMBAR", []markKind{markFigure}, marks),
	}
	p.babI(d)
	p.babII(d)
	p.babIII(d)
	p.babIV(d)
	p.suggestionSection(d)
	p.babV(d)
	p.lampiran(d)
	d.need(0) // a heading still waiting
	for _, c := range lists {
		c.fill(d)
	}
	d.numberPages()
	return d
}

// cover is the title page: what, who, when, the headline result.
func (p *prepared) cover(d *doc) {
	d.newPage()
	d.pdf.AddOutline("Sampul")
	p.letterhead(d)
	d.y = max(d.y+14, 72)
	d.textColour(ink)
	d.y += d.fitted("LAPORAN", bold, 24, 24, marginLeft, contentW, 1)
	d.y += d.fitted("SURVEI KEPUASAN MASYARAKAT", bold, 24, 18, marginLeft, contentW, 2)
	d.gap(2)
	d.textColour(muted)
	d.y += d.fitted("PermenPANRB No. 14 Tahun 2017", regular, 12, 12, marginLeft, contentW, 1)
	d.gap(22)

	d.textColour(black)
	d.y += d.fitted(p.UnitName, bold, 20, 14, marginLeft, contentW, 3)
	if sub := joinNonEmpty(" · ", p.UnitType, p.UnitCode); sub != "" {
		d.gap(1)
		d.textColour(muted)
		d.y += d.fitted(sub, regular, 12, 10, marginLeft, contentW, 2)
	}
	d.gap(12)
	d.textColour(ink)
	d.y += d.fitted(p.PeriodLabel, bold, 18, 14, marginLeft, contentW, 1)
	d.textColour(black)
	d.y += d.fitted(rangeText(p.Range.From, p.Range.To), regular, 12, 12, marginLeft, contentW, 1)

	// The headline: IKM konversi, mutu and respondents in a box.
	d.gap(18)
	boxW, boxH := 130.0, 26.0
	x := marginLeft + (contentW-boxW)/2
	d.pdf.SetLineWidth(0.4)
	d.lineColour(rule)
	d.fillColour(totalFill)
	d.rect(x, d.y, boxW, boxH, "FD")
	cells := [][2]string{
		{"IKM konversi", konversiText(p.Result)},
		{"Mutu pelayanan", mutuText(p.Result)},
		{"Responden", num(p.Result.Respondents)},
	}
	cw := boxW / float64(len(cells))
	for i, c := range cells {
		cx := x + float64(i)*cw
		d.font(regular, 9)
		d.textColour(muted)
		d.text(cx, d.y+6, cw, c[0], alignCenter)
		d.font(bold, 16)
		if i == 1 && p.Result.Complete {
			d.textColour(mutuTextColour(p.Result.Mutu))
		} else {
			d.textColour(black)
		}
		d.text(cx, d.y+14, cw, firstLine(d, c[1], cw-2), alignCenter)
	}

	d.font(regular, 9)
	d.textColour(muted)
	made := "Disusun dengan Mutu"
	if !p.Generated.IsZero() {
		made += " · " + longDateTime(p.Generated)
	}
	d.text(marginLeft, pageH-30, contentW, made, alignCenter)
	d.textColour(black)
}

// babI is the introduction: background, legal basis, aims.
func (p *prepared) babI(d *doc) {
	d.chapterHeading("I", "1", "PENDAHULUAN")
	d.heading(2, "1.1 Latar Belakang")
	d.para("Pelayanan publik yang baik adalah hak setiap warga negara. Undang-Undang Nomor 25 Tahun 2009 " +
		"tentang Pelayanan Publik mewajibkan setiap penyelenggara pelayanan publik menilai kinerja " +
		"penyelenggaraan pelayanannya secara berkala dan mengikutsertakan masyarakat dalam penilaian tersebut.")
	d.para("Survei Kepuasan Masyarakat (SKM) adalah kegiatan pengukuran secara komprehensif tentang tingkat " +
		"kepuasan masyarakat terhadap kualitas layanan yang diberikan oleh penyelenggara pelayanan publik. " +
		"Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 menetapkan " +
		"pedoman penyusunannya: unsur yang diukur, cara menghitung Indeks Kepuasan Masyarakat (IKM), " +
		"serta kewajiban melaksanakan survei paling sedikit satu kali setahun dan mempublikasikan hasilnya.")
	d.para(fmt.Sprintf("Laporan ini menyajikan hasil SKM pada %s untuk periode %s (%s), beserta analisis "+
		"dan rencana tindak lanjut perbaikan pelayanan.", clean(p.UnitName), clean(p.PeriodLabel), rangeText(p.Range.From, p.Range.To)))

	d.heading(2, "1.2 Dasar Hukum")
	d.list([]string{
		"Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
		"Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
		"Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang " +
			"Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik.",
	}, true)

	d.heading(2, "1.3 Maksud dan Tujuan")
	d.para("Survei ini dimaksudkan untuk mengetahui tingkat kepuasan masyarakat sebagai pengguna layanan " +
		"terhadap pelayanan yang diberikan. Tujuannya:")
	d.list([]string{
		"mengukur Indeks Kepuasan Masyarakat (IKM) unit pelayanan secara berkala;",
		"mengetahui kekuatan dan kelemahan pada setiap unsur pelayanan;",
		"menjadi dasar penyusunan rencana tindak lanjut perbaikan kualitas pelayanan;",
		"memberikan informasi kepada masyarakat tentang kinerja pelayanan unit.",
	}, true)
}

// babII is the data collection: who, how, where, when, how many.
func (p *prepared) babII(d *doc) {
	in := p.Instrument
	n := len(in.Elements)
	d.chapterHeading("II", "2", "PENGUMPULAN DATA")
	d.heading(2, "2.1 Pelaksana")
	d.para(fmt.Sprintf("Survei dilaksanakan oleh %s%s. Pengumpulan dan pengolahan data menggunakan "+
		"aplikasi Mutu sehingga setiap jawaban tercatat dan dihitung dengan cara yang sama.",
		clean(p.UnitName), parenthesised(joinNonEmpty(", ", p.UnitType, p.RegionName))))

	d.heading(2, "2.2 Metode Pengumpulan Data")
	d.para(fmt.Sprintf("Data dikumpulkan dengan kuesioner %s yang terdiri atas %d unsur pelayanan. "+
		"Setiap unsur dinilai dengan skala 1 sampai 4: nilai 1 berarti tidak baik, 2 kurang baik, "+
		"3 baik dan 4 sangat baik. Kuesioner juga menanyakan profil responden (umur, jenis kelamin, "+
		"pendidikan, pekerjaan, jenis layanan) dan saran. Daftar pertanyaan terdapat pada Lampiran.",
		clean(in.Name), n))
	d.para(fmt.Sprintf("Nilai rata-rata (NRR) setiap unsur adalah jumlah nilai dibagi jumlah jawaban "+
		"yang terisi. IKM adalah jumlah NRR tertimbang, yaitu NRR × bobot %s. IKM konversi = IKM × 25, "+
		"dengan skala 25–100; mutu pelayanan ditetapkan dari nilai konversi yang dibulatkan dua desimal "+
		"menurut tabel berikut.", weightLabel(p.Result.Weighting, n)))
	d.table(table{
		caption: d.tableTitle("Interval konversi IKM, mutu pelayanan dan kinerja unit pelayanan"),
		cols: []column{
			{title: "Interval konversi IKM", width: 55, align: alignCenter},
			{title: "Mutu pelayanan", width: 35, align: alignCenter},
			{title: "Kinerja unit pelayanan", align: alignLeft},
		},
		rows: categoryRows(in),
	})

	d.heading(2, "2.3 Lokasi Pengumpulan Data")
	d.para(fmt.Sprintf("Data dikumpulkan di lokasi pelayanan %s%s, dari pengguna layanan setelah mereka menerima pelayanan.",
		clean(p.UnitName), prefixed(", ", clean(p.RegionName))))

	d.heading(2, "2.4 Waktu Pelaksanaan")
	var rows [][]string
	for i, a := range p.Schedule {
		rows = append(rows, []string{fmt.Sprint(i + 1), a.Name, rangeText(a.From, a.To), num(int64(a.WorkingDays))})
	}
	d.table(table{
		caption: d.tableTitle("Waktu pelaksanaan survei"),
		cols: []column{
			{title: "No", width: 10, align: alignCenter},
			{title: "Kegiatan", align: alignLeft},
			{title: "Waktu", width: 58, align: alignLeft},
			{title: "Jumlah Hari Kerja", width: 26, align: alignRight},
		},
		rows: rows,
	})

	d.heading(2, "2.5 Penentuan Jumlah Responden")
	// The sentence, the formula and its explanation stay on one page.
	intro := "Jumlah responden minimum ditentukan dengan rumus Krejcie dan Morgan:"
	where := "dengan S = jumlah sampel, N = jumlah populasi (pengguna layanan pada periode survei), " +
		"λ² = 3,841 (derajat kebebasan 1, taraf kesalahan 5 %), P = Q = 0,5 dan d = 0,05. " +
		"Hasilnya dibulatkan ke bilangan bulat terdekat."
	d.font(bold, 11)
	formulaH := d.lineH() + 4
	d.need(d.paraHeight(intro) + formulaH + d.paraHeight(where))
	d.para(intro)
	d.font(bold, 11)
	d.gap(1)
	d.text(marginLeft, d.y, contentW, "S = λ² · N · P · Q ÷ (d² · (N − 1) + λ² · P · Q)", alignCenter)
	d.y += formulaH - 1
	d.para(where)
	got := p.Result.Respondents
	if p.Population > 0 {
		verdict := "telah memenuhi"
		if got < p.SampleTarget {
			verdict = "belum memenuhi"
		}
		d.para(fmt.Sprintf("Jumlah pengguna layanan pada periode ini N = %s orang, sehingga sampel minimum S = %s "+
			"responden. Responden yang terkumpul berjumlah %s orang (%s dari sampel minimum); jumlah ini %s "+
			"sampel minimum.", num(p.Population), num(p.SampleTarget), num(got), percent(got, p.SampleTarget), verdict))
	} else {
		d.para(fmt.Sprintf("Jumlah pengguna layanan pada periode ini tidak tercatat. Untuk populasi yang sangat "+
			"besar rumus di atas memberikan sampel minimum %s responden. Responden yang terkumpul berjumlah %s orang.",
			num(skm.SampleSizeLimit), num(got)))
	}
}

// categoryRows lists the instrument's grades with their konversi intervals.
func categoryRows(in *skm.Instrument) [][]string {
	var rows [][]string
	upper := 10000
	for _, c := range in.Categories {
		rows = append(rows, []string{
			dec(float64(c.MinHundredths)/100, 2) + " – " + dec(float64(upper)/100, 2),
			c.Mutu, c.Kinerja,
		})
		upper = c.MinHundredths - 1
	}
	return rows
}

// babIII is the results: respondents, NRR per element, IKM, per service.
func (p *prepared) babIII(d *doc) {
	d.chapterHeading("III", "3", "HASIL PENGOLAHAN DATA")
	d.heading(2, "3.1 Karakteristik Responden")
	d.para(fmt.Sprintf("Jumlah responden pada periode %s adalah %s orang, dengan karakteristik sebagai berikut.",
		clean(p.PeriodLabel), num(p.Result.Respondents)))
	for _, dim := range profileDims {
		var rows [][]string
		for _, pr := range p.profileRows(dim) {
			rows = append(rows, []string{pr.label, num(pr.count), percent(pr.count, p.Result.Respondents)})
		}
		d.table(table{
			caption: d.tableTitle("Responden menurut " + strings.ToLower(dim.title)),
			cols: []column{
				{title: dim.title, align: alignLeft},
				{title: "Jumlah", width: 30, align: alignRight},
				{title: "Persentase", width: 30, align: alignRight},
			},
			rows:   rows,
			totals: [][]string{{"Jumlah", num(p.Result.Respondents), percent(p.Result.Respondents, p.Result.Respondents)}},
			width:  120,
		})
	}
	d.heading(2, "3.2 Nilai Rata-rata per Unsur Pelayanan")
	var rows [][]string
	for i, e := range p.Result.Elements {
		rows = append(rows, []string{e.Code, clean(p.Instrument.Elements[i].Name), num(e.Answers),
			nrrText(e, 2, false), nrrText(e, 3, true)})
	}
	d.table(table{
		caption: d.tableTitle("Nilai rata-rata (NRR) dan NRR tertimbang per unsur"),
		cols: []column{
			{title: "Kode", width: 14, align: alignCenter},
			{title: "Unsur pelayanan", align: alignLeft},
			{title: "Jumlah jawaban", width: 22, align: alignRight},
			{title: "NRR", width: 20, align: alignRight},
			{title: "NRR tertimbang", width: 24, align: alignRight},
		},
		rows: rows,
		totals: [][]string{
			{"IKM (jumlah NRR tertimbang)", ikmText(p.Result)},
			{"IKM konversi (IKM × 25)", konversiText(p.Result)},
			{"Mutu pelayanan (kinerja unit)", mutuText(p.Result)},
		},
	})
	p.nrrChart(d, d.figureTitle("NRR per unsur pelayanan (skala 1–4)"))

	d.heading(2, "3.3 Indeks Kepuasan Masyarakat")
	if p.Result.Complete {
		d.para(fmt.Sprintf("Dari %s responden diperoleh IKM %s %s, setelah dikonversi %s. Dengan demikian mutu "+
			"pelayanan %s adalah %s dan kinerja unit pelayanan %s.", num(p.Result.Respondents), clean(p.UnitName),
			ikmText(p.Result), konversiText(p.Result), clean(p.UnitName), p.Result.Mutu, strings.ToLower(p.Result.Kinerja)))
	} else {
		d.para("IKM belum dapat dihitung karena " + p.missingText() + ".")
	}

	d.heading(2, "3.4 IKM per Jenis Layanan")
	if len(p.Services) == 0 {
		d.para("Tidak ada jawaban yang menyebut jenis layanan, sehingga IKM per jenis layanan tidak disajikan.")
		return
	}
	rows = nil
	var sum float64
	var complete int
	marked := few(p.Result)
	for i, s := range p.Services {
		rows = append(rows, []string{fmt.Sprint(i + 1), clean(s.Name), fewMark(s.Result),
			ikmText(s.Result), konversiText(s.Result), mutuText(s.Result)})
		marked = marked || few(s.Result)
		if s.Result.Complete {
			sum += s.Result.Konversi
			complete++
		}
	}
	d.table(table{
		caption: d.tableTitle("IKM per jenis layanan"),
		cols: []column{
			{title: "No", width: 10, align: alignCenter},
			{title: "Jenis layanan", align: alignLeft},
			{title: "Responden", width: 22, align: alignRight},
			{title: "IKM", width: 18, align: alignRight},
			{title: "IKM konversi", width: 22, align: alignRight},
			{title: "Mutu (kinerja)", width: 32, align: alignLeft},
		},
		rows: rows,
		totals: [][]string{{"", "Unit (seluruh jawaban)", fewMark(p.Result),
			ikmText(p.Result), konversiText(p.Result), mutuText(p.Result)}},
	})
	if marked {
		d.para(fewNote)
	}
	text := "IKM unit dihitung dari seluruh jawaban responden (gabungan), bukan dari rata-rata IKM jenis layanan."
	if complete > 1 {
		text += fmt.Sprintf(" Sebagai pembanding, rata-rata IKM konversi %d jenis layanan adalah %s.", complete, dec(sum/float64(complete), 2))
	}
	d.para(text)
}

// missingText names the elements without answers.
func (p *prepared) missingText() string {
	if p.Result.Respondents == 0 {
		return "belum ada responden pada periode ini"
	}
	var codes []string
	for _, e := range p.Result.Elements {
		if e.Answers == 0 {
			codes = append(codes, e.Code)
		}
	}
	return "unsur " + strings.Join(codes, ", ") + " belum memiliki jawaban"
}

// nrrChart draws a horizontal bar per element, NRR on a 0–4 axis, coloured
// by the element's grade. The NRR table above carries the same numbers.
func (p *prepared) nrrChart(d *doc, caption string) {
	const (
		labelW = 62.0
		barH   = 5.5
		pitch  = 8.0
		valueW = 12.0
	)
	n := len(p.Result.Elements)
	plotW := contentW - labelW - valueW
	h := float64(n)*pitch + 16
	d.caption(caption, h)
	d.mark(markFigure, caption)
	x0, y0 := marginLeft+labelW, d.y+2
	scale := plotW / 4

	// Grid and axis labels at 0 … 4.
	d.font(regular, 8)
	d.textColour(muted)
	for v := 0; v <= 4; v++ {
		x := x0 + float64(v)*scale
		c := gridline
		if v == 0 {
			c = rule
		}
		d.line(x, y0, x, y0+float64(n)*pitch, 0.2, c)
		d.text(x-5, y0+float64(n)*pitch+1, 10, fmt.Sprint(v), alignCenter)
	}
	for i, e := range p.Result.Elements {
		y := y0 + float64(i)*pitch + (pitch-barH)/2
		d.font(regular, 8.5)
		d.textColour(black)
		label := d.wrap(e.Code+" "+p.Instrument.Elements[i].Name, labelW-3)
		if len(label) > 2 {
			label = label[:2]
		}
		ly := y + barH/2 - float64(len(label))*d.lineH()/2
		d.lines(marginLeft, ly, labelW-3, label, alignLeft)
		d.font(regular, 9)
		if e.Answers == 0 {
			d.textColour(muted)
			d.text(x0+2, y+0.6, 30, "tidak ada jawaban", alignLeft)
			continue
		}
		c, _ := elementCategory(p.Instrument, e)
		d.fillColour(mutuColour(c.Mutu))
		d.rect(x0, y, e.NRR*scale, barH, "F")
		d.font(bold, 9)
		d.text(x0+e.NRR*scale+1.5, y+0.6, valueW, dec(e.NRR, 2), alignLeft)
	}
	d.y = y0 + float64(n)*pitch + 7
	p.legend(d)
}

// legend explains the bar colours.
func (p *prepared) legend(d *doc) {
	d.font(regular, 8)
	x := marginLeft
	d.textColour(muted)
	intro := "Warna menurut mutu nilai unsur (NRR × 25):"
	d.text(x, d.y, 70, intro, alignLeft)
	x += d.width(intro) + 3
	for _, c := range p.Instrument.Categories {
		d.fillColour(mutuColour(c.Mutu))
		d.rect(x, d.y+0.5, 3, 3, "F")
		label := c.Mutu + " " + c.Kinerja
		d.text(x+4, d.y, 40, label, alignLeft)
		x += 4 + d.width(label) + 4
	}
	d.textColour(black)
	d.y += d.lineH() + 4
}

// babIV is the analysis: weakest and strongest elements, the follow-up
// plan and the trend.
func (p *prepared) babIV(d *doc) {
	d.chapterHeading("IV", "4", "ANALISIS HASIL")
	d.heading(2, "4.1 Unsur Terlemah dan Terkuat")
	rk := ranked(p.Result)
	if len(rk) == 0 {
		d.para("Belum ada jawaban untuk dianalisis.")
	} else {
		k := min(3, len(rk))
		weak := rk[:k]
		strong := make([]skm.ElementResult, k)
		for i := range k {
			strong[i] = rk[len(rk)-1-i]
		}
		d.para("Unsur dengan NRR terendah menjadi prioritas perbaikan; unsur dengan NRR tertinggi adalah " +
			"kekuatan yang perlu dipertahankan.")
		p.rankTable(d, d.tableTitle("Tiga unsur dengan NRR terendah"), weak)
		p.rankTable(d, d.tableTitle("Tiga unsur dengan NRR tertinggi"), strong)
	}

	d.heading(2, "4.2 Rencana Tindak Lanjut")
	if len(p.Actions) == 0 {
		text := "Belum ada rencana tindak lanjut yang dicatat untuk periode ini."
		if len(rk) > 0 {
			text += " Prioritas perbaikan disarankan pada unsur " + p.elementList(rk[:min(3, len(rk))]) + "."
		}
		d.para(text)
	} else {
		d.para("Rencana tindak lanjut disusun untuk unsur dengan nilai terendah dan dipantau pelaksanaannya.")
		var rows [][]string
		for i, a := range p.Actions {
			no := a.No
			if no == 0 {
				no = i + 1
			}
			rows = append(rows, []string{fmt.Sprint(no), a.Element, a.Programme, a.Timeline, a.Responsible, a.Status})
		}
		d.table(table{
			caption: d.tableTitle("Rencana Tindak Lanjut"),
			cols: []column{
				{title: "No", width: 9, align: alignCenter},
				{title: "Prioritas Unsur", width: 30, align: alignLeft},
				{title: "Program/Kegiatan", align: alignLeft},
				{title: "Waktu", width: 24, align: alignLeft},
				{title: "Penanggung Jawab", width: 28, align: alignLeft},
				{title: "Status", width: 24, align: alignLeft},
			},
			rows: rows,
		})
	}

	d.heading(2, "4.3 Tren IKM")
	pts := p.trendPoints()
	if len(pts) < 2 {
		d.para(fmt.Sprintf("Belum ada hasil %s sebelumnya untuk dibandingkan.", p.trendKind()))
		return
	}
	d.para(fmt.Sprintf("IKM konversi %s dibandingkan dengan %s-%[2]s sebelumnya yang telah memiliki hasil.",
		clean(p.PeriodLabel), p.trendKind()))
	var rows [][]string
	for i, t := range pts {
		change := "–"
		if i > 0 && t.ok && pts[i-1].ok {
			change = signed(t.Konversi - pts[i-1].Konversi)
		}
		k, m := "–", "–"
		if t.ok {
			k, m = dec(t.Konversi, 2), t.Mutu
		}
		rows = append(rows, []string{clean(t.Label), k, m, change})
	}
	d.table(table{
		caption: d.tableTitle("IKM konversi per periode"),
		cols: []column{
			{title: "Periode", align: alignLeft},
			{title: "IKM konversi", width: 28, align: alignRight},
			{title: "Mutu", width: 18, align: alignCenter},
			{title: "Perubahan", width: 24, align: alignRight},
		},
		rows:  rows,
		width: 130,
	})
	p.trendChart(d, d.figureTitle("IKM konversi per periode"), pts)
}

// rankTable lists elements with their NRR and grade.
func (p *prepared) rankTable(d *doc, caption string, es []skm.ElementResult) {
	var rows [][]string
	for _, e := range es {
		c, _ := elementCategory(p.Instrument, e)
		rows = append(rows, []string{e.Code, clean(e.Name), dec(e.NRR, 2), c.Mutu + " (" + c.Kinerja + ")"})
	}
	d.table(table{
		caption: caption,
		cols: []column{
			{title: "Kode", width: 14, align: alignCenter},
			{title: "Unsur pelayanan", align: alignLeft},
			{title: "NRR", width: 18, align: alignRight},
			{title: "Mutu unsur", width: 36, align: alignLeft},
		},
		rows: rows,
	})
}

// elementList is "U3 Waktu Penyelesaian (3,10), U8 … (3,20) dan …".
func (p *prepared) elementList(es []skm.ElementResult) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", e.Code, clean(e.Name), dec(e.NRR, 2)))
	}
	return joinAnd(parts)
}

// trendPoint is a period in the trend; ok is false when its IKM is unknown.
type trendPoint struct {
	TrendPoint
	ok bool
}

// trendPoints is the earlier periods followed by this one.
func (p *prepared) trendPoints() []trendPoint {
	var pts []trendPoint
	for _, t := range p.Trend {
		pts = append(pts, trendPoint{t, t.Konversi >= 25})
	}
	cur := TrendPoint{Label: p.PeriodLabel, Konversi: float64(p.Result.KonversiHundredths) / 100, Mutu: p.Result.Mutu}
	return append(pts, trendPoint{cur, p.Result.Complete})
}

// maxTrendChart is how many periods the trend chart shows (the latest).
const maxTrendChart = 8

// trendChart draws the konversi of each period as a line with labelled
// points, on an axis fitted to the values, with the grade bounds dashed.
func (p *prepared) trendChart(d *doc, caption string, pts []trendPoint) {
	if len(pts) > maxTrendChart {
		pts = pts[len(pts)-maxTrendChart:]
	}
	lo, hi := 100.0, 25.0
	for _, t := range pts {
		if t.ok {
			lo, hi = math.Min(lo, t.Konversi), math.Max(hi, t.Konversi)
		}
	}
	if lo > hi {
		return
	}
	lo = math.Max(25, math.Floor((lo-3)/5)*5)
	hi = math.Min(100, math.Ceil((hi+3)/5)*5)
	step := 5.0
	if hi-lo > 40 {
		step = 10
	}
	const (
		axisW  = 14.0
		plotH  = 52.0
		labelH = 10.0
	)
	d.caption(caption, plotH+labelH+4)
	d.mark(markFigure, caption)
	x0, y0 := marginLeft+axisW, d.y+3
	plotW := contentW - axisW - 4
	yOf := func(v float64) float64 { return y0 + plotH - (v-lo)/(hi-lo)*plotH }
	slot := plotW / float64(len(pts))
	xOf := func(i int) float64 { return x0 + slot*(float64(i)+0.5) }

	d.font(regular, 8)
	for v := lo; v <= hi+1e-9; v += step {
		d.line(x0, yOf(v), x0+plotW, yOf(v), 0.2, gridline)
		d.textColour(muted)
		d.text(marginLeft, yOf(v)-1.6, axisW-2, dec(v, 0), alignRight)
	}
	d.pdf.SetCustomLineType([]float64{1.2, 1}, 0)
	for _, c := range p.Instrument.Categories {
		v := float64(c.MinHundredths) / 100
		if v <= lo || v >= hi {
			continue
		}
		d.line(x0, yOf(v), x0+plotW, yOf(v), 0.3, mutuColour(c.Mutu))
		d.textColour(mutuTextColour(c.Mutu))
		d.text(x0+plotW-30, yOf(v)-4, 30, c.Mutu+" ≥ "+dec(v, 2), alignRight)
	}
	d.pdf.SetLineType("solid")
	d.line(x0, y0+plotH, x0+plotW, y0+plotH, 0.3, rule)

	prev := -1
	for i, t := range pts {
		d.font(regular, 8)
		d.textColour(black)
		d.lines(xOf(i)-slot/2, y0+plotH+1.5, slot, d.wrap(t.Label, slot-1), alignCenter)
		if !t.ok {
			continue
		}
		if prev >= 0 {
			d.line(xOf(prev), yOf(pts[prev].Konversi), xOf(i), yOf(t.Konversi), 0.5, ink)
		}
		prev = i
	}
	for i, t := range pts {
		if !t.ok {
			continue
		}
		x, y := xOf(i), yOf(t.Konversi)
		d.fillColour(mutuColour(t.Mutu))
		d.rect(x-1.3, y-1.3, 2.6, 2.6, "F")
		d.font(bold, 8)
		d.textColour(black)
		d.text(x-10, y-5.5, 20, dec(t.Konversi, 2), alignCenter)
	}
	d.textColour(black)
	d.y = y0 + plotH + labelH + 4
}

// signed is a change with its sign: "+2,18", "−0,50", "0,00".
func signed(x float64) string {
	s := dec(math.Abs(x), 2)
	switch {
	case s == dec(0, 2):
		return s
	case x > 0:
		return "+" + s
	}
	return "−" + s
}

// babV is the conclusion: generated sentences.
func (p *prepared) babV(d *doc) {
	d.chapterHeading("V", "5", "KESIMPULAN DAN SARAN")
	d.heading(2, "5.1 Kesimpulan")
	var items []string
	res := p.Result
	if res.Complete {
		items = append(items, fmt.Sprintf("Nilai IKM %s pada periode %s adalah %s atau %s setelah dikonversi, "+
			"dengan mutu pelayanan %s, berdasarkan %s responden.",
			clean(p.UnitName), clean(p.PeriodLabel), ikmText(res), konversiText(res), mutuText(res), num(res.Respondents)))
	} else {
		items = append(items, fmt.Sprintf("IKM %s pada periode %s belum dapat dihitung karena %s.",
			clean(p.UnitName), clean(p.PeriodLabel), p.missingText()))
	}
	rk := ranked(res)
	if len(rk) > 0 {
		hiE, loE := rk[len(rk)-1], rk[0]
		items = append(items, fmt.Sprintf("Unsur dengan nilai tertinggi adalah %s %s (NRR %s); unsur dengan nilai "+
			"terendah adalah %s %s (NRR %s).", hiE.Code, clean(hiE.Name), dec(hiE.NRR, 2), loE.Code, clean(loE.Name), dec(loE.NRR, 2)))
	}
	if pts := p.trendPoints(); len(pts) >= 2 {
		cur, prev := pts[len(pts)-1], pts[len(pts)-2]
		if cur.ok && prev.ok {
			diff := cur.Konversi - prev.Konversi
			verb := "tetap"
			switch s := signed(diff); {
			case strings.HasPrefix(s, "+"):
				verb = "naik " + strings.TrimPrefix(s, "+") + " poin"
			case strings.HasPrefix(s, "−"):
				verb = "turun " + strings.TrimPrefix(s, "−") + " poin"
			}
			items = append(items, fmt.Sprintf("Dibandingkan periode %s (%s), IKM konversi %s.", clean(prev.Label), dec(prev.Konversi, 2), verb))
		}
	}
	if p.Population > 0 {
		if res.Respondents >= p.SampleTarget {
			items = append(items, fmt.Sprintf("Jumlah responden (%s) telah memenuhi sampel minimum Krejcie–Morgan (%s).", num(res.Respondents), num(p.SampleTarget)))
		} else {
			items = append(items, fmt.Sprintf("Jumlah responden (%s) belum memenuhi sampel minimum Krejcie–Morgan (%s); "+
				"hasil perlu dibaca dengan hati-hati dan pengumpulan data perlu ditingkatkan.", num(res.Respondents), num(p.SampleTarget)))
		}
	}
	if len(p.Actions) > 0 {
		items = append(items, fmt.Sprintf("Telah disusun %d rencana tindak lanjut untuk memperbaiki unsur prioritas.", len(p.Actions)))
	} else if len(rk) > 0 {
		items = append(items, "Rencana tindak lanjut perlu disusun dengan prioritas unsur "+p.elementList(rk[:min(3, len(rk))])+".")
	}
	d.para("Berdasarkan hasil pengolahan dan analisis data, dapat disimpulkan:")
	d.list(items, true)
	p.recommendations(d)
}

// lampiran is the appendices: the questionnaire and the processing sheet.
func (p *prepared) lampiran(d *doc) {
	d.heading(1, "LAMPIRAN")
	d.startChapter("L")
	d.heading(2, "Lampiran 1. Kuesioner")
	d.para("Setiap pertanyaan dijawab dengan satu pilihan a–d, yang bernilai 1–4.")
	var rows [][]string
	for _, e := range p.Instrument.Elements {
		rows = append(rows, []string{e.Code, clean(e.Name) + ": " + clean(e.Question),
			"a. " + e.Labels[0], "b. " + e.Labels[1], "c. " + e.Labels[2], "d. " + e.Labels[3]})
	}
	d.table(table{
		caption: d.tableTitle("Unsur, pertanyaan dan pilihan jawaban"),
		cols: []column{
			{title: "Kode", width: 11, align: alignCenter},
			{title: "Unsur dan pertanyaan", align: alignLeft},
			{title: "Nilai 1", width: 21, align: alignLeft},
			{title: "Nilai 2", width: 21, align: alignLeft},
			{title: "Nilai 3", width: 21, align: alignLeft},
			{title: "Nilai 4", width: 21, align: alignLeft},
		},
		rows: rows,
		size: 8.5,
	})
	d.para("Profil responden: umur (tahun), jenis kelamin (" + optionList(skm.Sexes, true) + "), pendidikan (" +
		optionList(skm.Educations, false) + "), pekerjaan (" + optionList(skm.Occupations, false) + "), jenis layanan yang " +
		"diterima dan waktu survei; diakhiri dengan isian bebas saran dan masukan.")

	d.heading(2, "Lampiran 2. Lembar Pengolahan Data")
	n := len(p.Instrument.Elements)
	cols := []column{
		{title: "No", width: 9, align: alignRight},
		{title: "Tanggal", width: 17, align: alignLeft},
		{title: "JK", width: 7, align: alignCenter},
		{title: "Umur", width: 11, align: alignRight},
	}
	for _, e := range p.Instrument.Elements {
		cols = append(cols, column{title: e.Code, align: alignRight})
	}
	var totals [][]string
	sumRow, nrrRow, wRow := []string{"Σ nilai"}, []string{"NRR"}, []string{"NRR tertimbang"}
	for i, e := range p.sheet.Elements {
		sumRow = append(sumRow, num(p.sums[i]))
		nrrRow = append(nrrRow, nrrText(e, 2, false))
		wRow = append(wRow, nrrText(e, 3, true))
	}
	totals = append(totals, sumRow, nrrRow, wRow,
		[]string{"IKM = Σ NRR tertimbang", ikmText(p.sheet)},
		[]string{"IKM konversi = IKM × 25", konversiText(p.sheet)})

	rows = nil
	if k := len(p.Respondents); k == 0 || k > MaxPDFRespondents {
		what := "Data per responden tidak disertakan dalam laporan ini."
		if k > 0 {
			what = fmt.Sprintf("Lembar pengolahan data %s responden terlalu panjang untuk dicetak; lihat berkas XLSX "+
				"(lembar \"Olah Data\") yang menyertai laporan ini.", num(int64(k)))
		}
		d.para(what + " Tabel berikut memuat jumlahnya.")
		cols = append([]column{{title: "", width: 42, align: alignLeft}}, cols[4:]...)
	} else {
		d.para("Satu baris per responden (nilai 1–4; kosong bila tidak diisi), diikuti jumlah nilai, " +
			"NRR, NRR tertimbang dan IKM. Lembar yang sama beserta rumusnya terdapat pada berkas XLSX.")
		for _, row := range p.Respondents {
			cells := []string{fmt.Sprint(row.No), shortDate(row.Date), row.Sex, ageText(row.Age)}
			for i := range n {
				a := ""
				if i < len(row.Answers) && row.Answers[i] > 0 {
					a = fmt.Sprint(row.Answers[i])
				}
				cells = append(cells, a)
			}
			rows = append(rows, cells)
		}
	}
	d.table(table{
		caption: d.tableTitle("Lembar pengolahan data"),
		cols:    cols,
		rows:    rows,
		totals:  totals,
		size:    8,
	})
	p.suggestionAppendix(d)
}

// shortDate is a YYYY-MM-DD date as "23/11/26" for narrow columns.
func shortDate(s string) string {
	if len(s) != 10 {
		return s
	}
	return s[8:10] + "/" + s[5:7] + "/" + s[2:4]
}

func ageText(age int) string {
	if age <= 0 {
		return ""
	}
	return fmt.Sprint(age)
}

// optionList is "L = Laki-laki, P = Perempuan" (with codes, for the codes
// the processing sheet prints) or "SD, SMP, …".
func optionList(opts []skm.Option, codes bool) string {
	var parts []string
	for _, o := range opts {
		if codes {
			parts = append(parts, o.Code+" = "+o.Label)
		} else {
			parts = append(parts, o.Label)
		}
	}
	return strings.Join(parts, ", ")
}

// joinNonEmpty joins the non-empty parts.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}

// joinAnd is "a, b dan c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " dan " + parts[len(parts)-1]
}

func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
