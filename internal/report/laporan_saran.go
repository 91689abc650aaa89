package report

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"mutu/internal/skm"
)

// FewRespondents is the number of respondents below which a result is
// marked as resting on too few answers. Krejcie–Morgan asks 28 respondents
// even of a population of 30, so fewer than 30 answers fall short of the
// method's minimum for all but the smallest services; a grade from one or
// two answers (one service graded C from a single respondent) says nothing
// about the service.
const FewRespondents = 30

// few reports whether a result rests on too few respondents to be read.
func few(r skm.Result) bool { return r.Respondents > 0 && r.Respondents < FewRespondents }

// fewMark is the respondents of a result, marked "*" when too few.
func fewMark(r skm.Result) string {
	if few(r) {
		return num(r.Respondents) + " *"
	}
	return num(r.Respondents)
}

// fewNote is the note under a table whose rows are marked with "*".
var fewNote = fmt.Sprintf("* Hasil bertumpu pada kurang dari %d responden, di bawah jumlah minimum yang "+
	"diperlukan metode Krejcie–Morgan; nilai dan mutunya belum dapat diandalkan dan hanya disajikan "+
	"sebagai gambaran.", FewRespondents)

// MaxPDFSuggestions is the most distinct suggestions the appendix lists;
// past it the list says how many were left out and points to the XLSX,
// whose processing sheet has every respondent's suggestion.
const MaxPDFSuggestions = 300

// themeWords are the words that tie a suggestion to an element of the
// PermenPANRB instrument, by element code. A word of four letters or more
// matches the start of a word of the suggestion ("antre" matches
// "antrean"), a shorter one only the whole word ("ac"). This is a simple,
// deterministic grouping for the report, not a reading of the text: a
// suggestion can name several elements, or none ("lainnya").
var themeWords = map[string][]string{
	"U1": {"syarat", "persyaratan", "dokumen", "berkas", "fotokopi", "formulir"},
	"U2": {"prosedur", "alur", "mekanisme", "birokrasi", "ribet", "rumit", "berbelit", "daring", "online", "aplikasi"},
	"U3": {"antre", "antri", "lama", "lambat", "cepat", "waktu", "tunggu", "menunggu", "jam"},
	"U4": {"biaya", "tarif", "bayar", "mahal", "murah", "pungli", "pungutan", "gratis"},
	"U5": {"hasil", "produk", "keliru", "salah"},
	"U6": {"kompeten", "terampil", "paham", "menguasai", "profesional", "kemampuan"},
	"U7": {"ramah", "sopan", "senyum", "judes", "jutek", "galak", "kasar", "sikap", "perilaku", "sabar"},
	"U8": {"pengaduan", "aduan", "keluhan", "komplain", "tanggapan", "respon"},
	"U9": {"ruang", "toilet", "wc", "parkir", "kursi", "ac", "fasilitas", "sarana", "prasarana", "bersih", "kotor", "gedung"},
}

// noSuggestion are normalised answers that say there is no suggestion.
var noSuggestion = map[string]bool{"": true, "tidak ada": true, "tidak": true, "tidak ada saran": true,
	"belum ada": true, "nihil": true, "kosong": true, "no": true, "none": true}

// normalizeSuggestion is the form suggestions are grouped by: lower case,
// letters and digits only, single spaces ("Antrean, perlu dipercepat!" →
// "antrean perlu dipercepat").
func normalizeSuggestion(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// suggestion is one distinct suggestion (by normalised text) with how
// many respondents wrote it; text is its first wording.
type suggestion struct {
	text  string
	count int
}

// themeCount is how many suggestions name an element ("" = none).
type themeCount struct {
	code, name string
	count      int
}

// suggestionSummary is what the respondents suggested.
type suggestionSummary struct {
	total    int          // respondents who wrote a suggestion
	distinct []suggestion // most frequent first, then in the order first written
	themes   []themeCount // per element in instrument order, then "lainnya"; only those named
}

// summarizeSuggestions groups the suggestions of the respondent rows.
func (p *prepared) summarizeSuggestions() suggestionSummary {
	var s suggestionSummary
	index := map[string]int{}
	perTheme := map[string]int{}
	other := 0
	for _, row := range p.Respondents {
		text := clean(row.Saran)
		key := normalizeSuggestion(text)
		if noSuggestion[key] {
			continue
		}
		s.total++
		if i, ok := index[key]; ok {
			s.distinct[i].count++
		} else {
			index[key] = len(s.distinct)
			s.distinct = append(s.distinct, suggestion{text, 1})
		}
		named := false
		for code := range themeWords {
			if mentions(key, themeWords[code]) {
				perTheme[code]++
				named = true
			}
		}
		if !named {
			other++
		}
	}
	slices.SortStableFunc(s.distinct, func(a, b suggestion) int { return b.count - a.count })
	for _, e := range p.Instrument.Elements {
		if n := perTheme[e.Code]; n > 0 {
			s.themes = append(s.themes, themeCount{e.Code, e.Name, n})
		}
	}
	if other > 0 {
		s.themes = append(s.themes, themeCount{"", "Lainnya (tidak menyebut unsur tertentu)", other})
	}
	return s
}

// mentions reports whether the normalised text contains one of words.
func mentions(text string, words []string) bool {
	for _, t := range strings.Fields(text) {
		for _, w := range words {
			if t == w || len(w) >= 4 && strings.HasPrefix(t, w) {
				return true
			}
		}
	}
	return false
}

// suggestionSection is the last section of BAB IV: the suggestions grouped
// by the element they name, and the ones written most often.
func (p *prepared) suggestionSection(d *doc) {
	d.heading(2, "4.4 Saran dan Masukan Responden")
	s := p.saran
	if len(p.Respondents) == 0 {
		d.para("Isian saran per responden tidak disertakan dalam laporan ini.")
		return
	}
	if s.total == 0 {
		d.para("Tidak ada responden yang menuliskan saran atau masukan pada periode ini.")
		return
	}
	d.para(fmt.Sprintf("Sebanyak %s dari %s responden (%s) menuliskan saran atau masukan. Saran dikelompokkan "+
		"menurut unsur pelayanan yang disebutnya, dengan mencocokkan kata kunci (misalnya \"antre\" dan \"lama\" "+
		"untuk waktu penyelesaian); satu saran dapat menyebut lebih dari satu unsur. Daftar lengkapnya terdapat "+
		"pada Lampiran 3.", num(int64(s.total)), num(int64(len(p.Respondents))), percent(int64(s.total), int64(len(p.Respondents)))))
	var rows [][]string
	for _, t := range s.themes {
		rows = append(rows, []string{t.code, clean(t.name), num(int64(t.count)), percent(int64(t.count), int64(s.total))})
	}
	d.table(table{
		caption: d.tableTitle("Saran responden menurut unsur pelayanan yang disebut"),
		cols: []column{
			{title: "Kode", width: 14, align: alignCenter},
			{title: "Unsur pelayanan", align: alignLeft},
			{title: "Jumlah saran", width: 24, align: alignRight},
			{title: "Persentase", width: 24, align: alignRight},
		},
		rows: rows,
	})
	rows = nil
	for _, sg := range s.distinct {
		if sg.count < 2 || len(rows) == 10 {
			break
		}
		rows = append(rows, []string{fmt.Sprint(len(rows) + 1), sg.text, num(int64(sg.count))})
	}
	if len(rows) == 0 {
		return
	}
	d.table(table{
		caption: d.tableTitle("Saran yang paling sering ditulis"),
		cols: []column{
			{title: "No", width: 10, align: alignCenter},
			{title: "Saran", align: alignLeft},
			{title: "Jumlah responden", width: 28, align: alignRight},
		},
		rows: rows,
	})
}

// recommendations is "5.2 Saran": what the results ask of the unit, derived
// from the weakest elements, the suggestions, results resting on too few
// respondents, the sample and the follow-up plan.
func (p *prepared) recommendations(d *doc) {
	d.heading(2, "5.2 Saran")
	var items []string
	rk := ranked(p.Result)
	if len(rk) > 0 {
		items = append(items, "Memprioritaskan perbaikan pada unsur dengan nilai terendah, yaitu "+p.elementList(rk[:min(3, len(rk))])+".")
	}
	var poor []string
	for _, e := range rk {
		if c, ok := elementCategory(p.Instrument, e); ok && (c.Mutu == "C" || c.Mutu == "D") {
			poor = append(poor, fmt.Sprintf("%s %s (mutu %s)", e.Code, clean(e.Name), c.Mutu))
		}
	}
	if len(poor) > 0 {
		items = append(items, "Segera menyusun langkah perbaikan untuk unsur yang bermutu kurang baik atau tidak baik: "+joinAnd(poor)+".")
	}
	if s := p.saran; len(s.themes) > 0 && s.themes[0].code != "" {
		top := s.themes[0]
		for _, t := range s.themes {
			if t.code != "" && t.count > top.count {
				top = t
			}
		}
		items = append(items, fmt.Sprintf("Menindaklanjuti saran responden, yang paling banyak menyangkut unsur %s %s (%s saran), "+
			"dan mengumumkan tindak lanjutnya kepada masyarakat.", top.code, clean(top.name), num(int64(top.count))))
	}
	var thin []string
	for _, s := range p.Services {
		if few(s.Result) {
			thin = append(thin, clean(s.Name))
		}
	}
	if len(thin) > 0 {
		items = append(items, fmt.Sprintf("Menambah jumlah responden pada jenis layanan %s, yang hasilnya bertumpu pada kurang dari %d responden.",
			joinAnd(thin), FewRespondents))
	}
	if few(p.Result) {
		items = append(items, fmt.Sprintf("Mengumpulkan lebih banyak jawaban: IKM unit bertumpu pada %s responden, kurang dari %d.",
			num(p.Result.Respondents), FewRespondents))
	}
	switch {
	case p.Population == 0:
		items = append(items, "Mencatat jumlah pengguna layanan (populasi) setiap periode agar sampel minimum dapat ditentukan.")
	case p.Result.Respondents < p.SampleTarget:
		items = append(items, fmt.Sprintf("Meningkatkan jumlah responden hingga memenuhi sampel minimum %s responden, "+
			"misalnya dengan kode QR di setiap loket dan kios survei.", num(p.SampleTarget)))
	}
	open := 0
	for _, a := range p.Actions {
		if a.Status != "Selesai" {
			open++
		}
	}
	switch {
	case len(p.Actions) == 0 && len(rk) > 0:
		items = append(items, "Menyusun rencana tindak lanjut dengan penanggung jawab dan jadwal untuk unsur prioritas.")
	case open > 0:
		items = append(items, fmt.Sprintf("Memantau pelaksanaan %d rencana tindak lanjut yang belum selesai.", open))
	}
	items = append(items, "Melaksanakan SKM secara berkala dan mempublikasikan hasil beserta tindak lanjutnya kepada masyarakat.")
	d.list(items, true)
}

// suggestionAppendix is Lampiran 3: every distinct suggestion with how
// many respondents wrote it, up to MaxPDFSuggestions.
func (p *prepared) suggestionAppendix(d *doc) {
	d.heading(2, "Lampiran 3. Daftar Saran dan Masukan Responden")
	s := p.saran
	if s.total == 0 {
		d.para("Tidak ada saran atau masukan yang tercatat.")
		return
	}
	list := s.distinct
	text := fmt.Sprintf("Saran dan masukan sebagaimana ditulis responden (%s saran, %s isi berbeda), yang sama isinya "+
		"digabung dengan jumlahnya, tanpa identitas penulis.", num(int64(s.total)), num(int64(len(list))))
	if len(list) > MaxPDFSuggestions {
		text += fmt.Sprintf(" Daftar ini dibatasi %s isi yang paling sering; %s isi lainnya tidak dicetak dan dapat dilihat "+
			"pada berkas XLSX (lembar \"Olah Data\", kolom Saran).", num(MaxPDFSuggestions), num(int64(len(list)-MaxPDFSuggestions)))
		list = list[:MaxPDFSuggestions]
	}
	d.para(text)
	var rows [][]string
	for i, sg := range list {
		rows = append(rows, []string{fmt.Sprint(i + 1), sg.text, num(int64(sg.count))})
	}
	d.table(table{
		caption: d.tableTitle("Saran dan masukan responden"),
		cols: []column{
			{title: "No", width: 10, align: alignCenter},
			{title: "Saran", align: alignLeft},
			{title: "Jumlah", width: 18, align: alignRight},
		},
		rows: rows,
		size: 8.5,
	})
}
