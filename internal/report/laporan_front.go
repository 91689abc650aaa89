package report

import (
	"bytes"
	"fmt"
	"image"
	"slices"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"mutu/internal/clock"
	"mutu/internal/region"
)

// Front is what the front matter of the Laporan shows beyond the results:
// the letterhead (kop surat) on the cover and the head of the unit who signs
// the approval page (lembar pengesahan) and the foreword.
type Front struct {
	// Government is the kop surat's first lines, upper case, from
	// GovernmentLines: "PEMERINTAH PROVINSI DKI JAKARTA", "KOTA
	// ADMINISTRASI JAKARTA UTARA".
	Government []string
	Address    string
	Phone      string
	Email      string
	Website    string
	// Logo is the government's logo, PNG or JPEG; nil prints the kop surat
	// without one.
	Logo []byte
	// Place is where the report is signed ("Jakarta Utara", SigningPlace);
	// "" leaves a blank to fill in by hand.
	Place string
	Head  Head
}

// Head is the head of the unit as the approval page names them. Empty
// fields print as blanks to fill in by hand, never as invented names.
type Head struct {
	Name     string
	NIP      string // 18 digits
	Position string // "Kepala Puskesmas Kecamatan Koja"
}

// GovernmentLines is the kop surat's naming of the government a unit in the
// region path (province first) belongs to. An autonomous city or regency
// is its own government ("PEMERINTAH KOTA BANDUNG"); an administrative city
// or regency (DKI Jakarta's) belongs to its province, so the province comes
// first and the city follows ("PEMERINTAH PROVINSI DKI JAKARTA", "KOTA
// ADMINISTRASI JAKARTA UTARA"). Districts and villages are not named: the
// unit's own name follows on the kop surat.
func GovernmentLines(path []region.Region) []string {
	var province, city string
	for _, r := range path {
		switch r.Level {
		case region.Province:
			province = r.Name
		case region.City:
			city = r.Name
		}
	}
	up := func(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
	provinceLine := ""
	if province != "" {
		provinceLine = "PEMERINTAH " + up(province)
		if !strings.HasPrefix(up(province), "PROVINSI ") {
			provinceLine = "PEMERINTAH PROVINSI " + up(province)
		}
	}
	administrative := strings.Contains(up(city), "ADMINISTRASI")
	switch {
	case city == "":
		if provinceLine == "" {
			return nil
		}
		return []string{provinceLine}
	case administrative && provinceLine != "":
		return []string{provinceLine, up(city)}
	case administrative:
		return []string{up(city)}
	}
	return []string{"PEMERINTAH " + up(city)}
}

// SigningPlace is the place an approval is signed: the city or regency
// without its kind ("Kota Administrasi Jakarta Utara" → "Jakarta Utara"),
// else the province; "" when the path has neither.
func SigningPlace(path []region.Region) string {
	place := ""
	for _, r := range path {
		if r.Level == region.Province || r.Level == region.City {
			place = r.Name
		}
	}
	for _, kind := range []string{"Kota Administrasi ", "Kabupaten Administrasi ", "Kota ", "Kabupaten ", "Provinsi "} {
		if strings.HasPrefix(place, kind) {
			return strings.TrimPrefix(place, kind)
		}
	}
	return place
}

// longMonths are the Indonesian month names the Laporan writes in full.
var longMonths = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
	"September", "Oktober", "November", "Desember"}

// longDate is "5 Oktober 2026", the date of t in its own location.
func longDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), longMonths[t.Month()-1], t.Year())
}

// longDateTime is "5 Oktober 2026 pukul 09.30 WIB".
func longDateTime(t time.Time) string {
	t = t.In(clock.Jakarta)
	return fmt.Sprintf("%s pukul %02d.%02d WIB", longDate(t), t.Hour(), t.Minute())
}

// nipText groups an 18-digit NIP as printed on official papers: birth date,
// appointment month, sex, serial ("19750312 200003 1 002"). Anything else is
// returned as it is.
func nipText(nip string) string {
	if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
		return nip
	}
	return nip[:8] + " " + nip[8:14] + " " + nip[14:15] + " " + nip[15:]
}

// blank is the dotted line left for what is written in by hand.
const blank = "……………………………………"

// orBlank is s, or a blank to fill in by hand.
func orBlank(s string) string {
	if s = clean(s); s != "" {
		return s
	}
	return blank
}

// letterhead draws the kop surat at the top of the cover: the logo on the
// left, the government, the unit and its contacts centred, and a double rule
// under them. Without a logo (or with one that does not decode) the text
// block alone is drawn.
func (p *prepared) letterhead(d *doc) {
	const (
		top  = 12.0
		logo = 24.0 // the logo's box, mm
	)
	f := p.Front
	x, w := marginLeft, contentW
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Logo)); err == nil && cfg.Width > 0 && cfg.Height > 0 {
		if h, err := gopdf.ImageHolderByBytes(f.Logo); err == nil {
			lw, lh := logo, logo
			if cfg.Width > cfg.Height {
				lh = logo * float64(cfg.Height) / float64(cfg.Width)
			} else {
				lw = logo * float64(cfg.Width) / float64(cfg.Height)
			}
			if err := d.pdf.ImageByHolder(h, marginLeft+(logo-lw)/2, top+(logo-lh)/2, &gopdf.Rect{W: lw, H: lh}); err == nil {
				// The text stays centred on the page: as wide a margin right as the logo takes left.
				x, w = marginLeft+logo+3, contentW-2*(logo+3)
			}
		}
	}
	d.y = top
	d.textColour(black)
	for _, g := range f.Government {
		d.y += d.fitted(g, bold, 12, 9, x, w, 2)
	}
	d.y += d.fitted(strings.ToUpper(clean(p.UnitName)), bold, 14, 10, x, w, 2)
	d.textColour(muted)
	if a := clean(f.Address); a != "" {
		d.y += d.fitted(a, regular, 9, 8, x, w, 2)
	}
	contacts := joinNonEmpty(" · ", prefixed("Telepon ", clean(f.Phone)), prefixed("Surel ", clean(f.Email)), prefixed("Laman ", clean(f.Website)))
	if contacts != "" {
		d.y += d.fitted(contacts, regular, 9, 7, x, w, 2)
	}
	d.textColour(black)
	y := max(d.y, top+logo) + 2
	d.line(marginLeft, y, pageW-marginRight, y, 0.8, black)
	d.line(marginLeft, y+1.2, pageW-marginRight, y+1.2, 0.25, black)
	d.y = y + 4
}

// signature draws the signing block in the right half of the page: place
// and date, position, room to sign, name and NIP. Missing fields are blanks.
func (p *prepared) signature(d *doc) {
	x, w := marginLeft+contentW/2, contentW/2
	h := p.Front.Head
	d.font(regular, 11)
	d.need(5*d.lineH() + 28)
	d.font(regular, 11)
	date := blank
	if !p.Generated.IsZero() {
		date = longDate(p.Generated)
	}
	d.text(x, d.y, w, orBlank(p.Front.Place)+", "+date, alignLeft)
	d.y += d.lineH()
	pos := orBlank(h.Position)
	for _, l := range d.wrap(pos, w) {
		d.text(x, d.y, w, l, alignLeft)
		d.y += d.lineH()
	}
	d.y += 24 // room for the signature and the stamp
	d.font(bold, 11)
	d.text(x, d.y, w, firstLine(d, orBlank(h.Name), w), alignLeft)
	d.y += d.lineH()
	d.font(regular, 11)
	nip := blank
	if h.NIP != "" {
		nip = nipText(clean(h.NIP))
	}
	d.text(x, d.y, w, "NIP "+nip, alignLeft)
	d.y += d.lineH() + 4
}

// approval is the lembar pengesahan: what is approved, and the head's
// signature.
func (p *prepared) approval(d *doc) {
	d.heading(1, "LEMBAR PENGESAHAN")
	d.textColour(black)
	d.y += d.fitted("LAPORAN SURVEI KEPUASAN MASYARAKAT", bold, 12, 12, marginLeft, contentW, 1)
	d.y += d.fitted(clean(p.UnitName), bold, 12, 10, marginLeft, contentW, 3)
	d.y += d.fitted("Periode "+clean(p.PeriodLabel)+" ("+rangeText(p.Range.From, p.Range.To)+")", regular, 11, 9, marginLeft, contentW, 2)
	d.gap(10)
	d.para(fmt.Sprintf("Laporan Survei Kepuasan Masyarakat %s periode %s ini telah diperiksa dan disahkan sebagai "+
		"laporan hasil survei yang disusun menurut Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi "+
		"Birokrasi Nomor 14 Tahun 2017.", clean(p.UnitName), clean(p.PeriodLabel)))
	d.gap(8)
	x, w := marginLeft+contentW/2, contentW/2
	d.font(regular, 11)
	d.text(x, d.y, w, "Disahkan oleh:", alignLeft)
	d.y += d.lineH()
	p.signature(d)
}

// foreword is the Kata Pengantar, closed by the head's signature.
func (p *prepared) foreword(d *doc) {
	d.heading(1, "KATA PENGANTAR")
	d.para(fmt.Sprintf("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Survei "+
		"Kepuasan Masyarakat (SKM) %s periode %s (%s).", clean(p.UnitName), clean(p.PeriodLabel), rangeText(p.Range.From, p.Range.To)))
	d.para("Survei ini dilaksanakan sesuai Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi " +
		"Nomor 14 Tahun 2017 untuk mengetahui tingkat kepuasan masyarakat terhadap pelayanan yang kami berikan. " +
		"Hasilnya, beserta saran dan masukan para responden, menjadi dasar perbaikan kualitas pelayanan dan " +
		"disampaikan kepada masyarakat.")
	d.para("Kami mengucapkan terima kasih kepada seluruh responden yang telah meluangkan waktu mengisi survei, " +
		"serta kepada semua pihak yang membantu pelaksanaannya. Kritik dan saran untuk perbaikan laporan ini " +
		"kami terima dengan senang hati.")
	d.gap(6)
	p.signature(d)
}

// contentsList is a list of headings or captions with their page numbers
// (Daftar Isi, Daftar Tabel, Daftar Gambar), on pages reserved before the
// body is drawn and filled in once every page is known.
type contentsList struct {
	kinds []markKind
	first int     // the physical page of the list's heading
	top   float64 // where the entries start on that page
	pages int     // pages reserved
}

// contentsLine is one entry of a list laid out on its page.
type contentsLine struct {
	x, y  float64
	lines []string
	bold  bool
	page  int // physical page of the entry
}

// Layout of the lists.
const (
	contentsNumW   = 14.0 // the page-number column
	contentsIndent = 8.0  // sections under their chapter
	contentsSize   = 10.5
)

// reserveContents draws a list's heading and reserves as many pages as the
// entries of marks take (marks from an earlier pass of the same document:
// the titles are the same, only the pages are not yet known).
func (d *doc) reserveContents(title string, kinds []markKind, marks []mark) *contentsList {
	d.heading(1, title)
	c := &contentsList{kinds: kinds, first: d.pdf.GetNumberOfPages(), top: d.y}
	c.pages = len(c.layout(d, marks))
	for range c.pages - 1 {
		d.newPage()
	}
	return c
}

// layout places the entries of marks that the list shows, page by page.
func (c *contentsList) layout(d *doc, marks []mark) [][]contentsLine {
	pages := [][]contentsLine{nil}
	y := c.top
	for _, m := range marks {
		if !slices.Contains(c.kinds, m.kind) {
			continue
		}
		x, family, before := marginLeft, regular, 0.0
		switch m.kind {
		case markSection:
			x = marginLeft + contentsIndent
		case markChapter:
			family, before = bold, 1.5
		}
		d.font(family, contentsSize)
		ls := d.wrap(m.title, marginLeft+contentW-contentsNumW-x-4)
		h := before + float64(len(ls))*d.lineH() + 0.8
		if y+h > d.bottom() {
			pages = append(pages, nil)
			y = marginTop
		}
		last := len(pages) - 1
		pages[last] = append(pages[last], contentsLine{x: x, y: y + before, lines: ls, bold: family == bold, page: m.page})
		y += h
	}
	return pages
}

// fill writes the entries with their printed page numbers, a dotted leader
// between title and number. It must be called once the body is complete.
func (c *contentsList) fill(d *doc) {
	pages := c.layout(d, d.marks)
	if len(pages) > c.pages {
		d.fail(fmt.Errorf("report: the contents need %d pages, %d were reserved", len(pages), c.pages))
		return
	}
	numX := marginLeft + contentW - contentsNumW
	for i, lines := range pages {
		d.fail(d.pdf.SetPage(c.first + i))
		for _, l := range lines {
			family := regular
			if l.bold {
				family = bold
			}
			d.font(family, contentsSize)
			d.textColour(black)
			w := numX - l.x - 4
			d.lines(l.x, l.y, w, l.lines, alignLeft)
			lastY := l.y + float64(len(l.lines)-1)*d.lineH()
			from := l.x + d.width(l.lines[len(l.lines)-1]) + 1.5
			if from < numX-2 {
				d.pdf.SetCustomLineType([]float64{0.3, 1.2}, 0)
				d.line(from, lastY+d.lineH()*0.7, numX-1, lastY+d.lineH()*0.7, 0.3, muted)
				d.pdf.SetLineType("solid")
			}
			d.text(numX, lastY, contentsNumW, fmt.Sprint(l.page-d.numbered), alignRight)
		}
	}
}

// pdfLang is the document language written into the PDF catalog.
const pdfLang = "id-ID"

// withLang adds /Lang to the PDF's catalog, which gopdf cannot write: its
// catalog's first lines are rewritten without the spaces gopdf puts between
// the keys, which leaves exactly room for "/Lang(id-ID)", so no byte offset
// of the file moves and the cross-reference table stays right. A gopdf that
// writes its catalog differently fails here (and the metadata test), rather
// than producing a broken file.
func withLang(b []byte) ([]byte, error) {
	old := []byte("<<\n  /Type /Catalog\n  /Pages 2 0 R\n  /PageMode /UseOutlines\n")
	neu := []byte("<</Type/Catalog/Pages 2 0 R/PageMode/UseOutlines/Lang(" + pdfLang + ")")
	if len(old) != len(neu) || bytes.Count(b, old) != 1 {
		return nil, fmt.Errorf("report: cannot set the PDF language: unexpected catalog")
	}
	return bytes.Replace(b, old, neu, 1), nil
}
