package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/signintech/gopdf"

	"mutu/internal/unit"
)

// VisitReport is the berita acara of a monitoring visit (issue #13): what
// the team found at the unit, signed by the team and the head of the unit.
// The caller fills it from the visit's stored record and result, so the
// document says what the visit page says; figures arrive as text.
type VisitReport struct {
	Front      Front  // kop surat, signing place and the head of the unit
	Unit, Code string // "PTSP Kota Administrasi Jakarta Utara", "PTSP-31.72"
	Day        time.Time
	Team       string // the team's name
	Decree     string // "SK E.0066/2022 tanggal 3 Januari 2022"
	Members    []VisitPerson
	Attendees  []VisitPerson // the unit's people present
	Instrument string        // "PEKPPP 2024 (versi 1)"
	Aspects    []VisitAspect
	IPP        string // "4,12"
	Category   string // "A−" …
	Low        []VisitLow
	// Innovations are the unit's registered innovations: the evidence of
	// the Inovasi aspect.
	Innovations []VisitInnovation
	Coaching    string
	Findings    []VisitFinding
	Generated   time.Time
}

// VisitPerson is a team member (Role: ketua, sekretaris, anggota) or an
// attendee of the unit (Role: their position).
type VisitPerson struct{ Name, Role string }

// VisitAspect is one aspect's line of the result.
type VisitAspect struct{ Code, Name, Weight, Score string }

// VisitLow is an indicator the team scored low, with its note.
type VisitLow struct {
	Code, Name string
	Level      int
	Note       string
}

// VisitInnovation is a registered innovation of the unit.
type VisitInnovation struct{ Title, Status, Launched string }

// VisitFinding is a finding recorded at the visit.
type VisitFinding struct {
	Indicator, Severity, Recommendation, Responsible string
	Due                                              time.Time
}

// LowLevel is the highest level a berita acara lists as scored low.
const LowLevel = 2

// VisitFront reads the kop surat of u's berita acara: its government, the
// logo of the nearest region that has one, its signing place and head.
func VisitFront(ctx context.Context, src FrontSource, u *unit.Unit) (Front, error) {
	path, err := src.RegionPath(ctx, u.RegionCode)
	if err != nil {
		return Front{}, err
	}
	return assembleFront(ctx, src, u, path)
}

// VisitReportPDF returns the berita acara as an A4 PDF: the kop surat, the
// opening (who met whom, when, with which instrument), the result, the
// indicators scored low, the coaching notes, the findings and the
// signature block of the team and the head of the unit.
func VisitReportPDF(r VisitReport) ([]byte, error) {
	title := "Berita Acara Pemantauan " + clean(r.Unit) + " " + longDate(r.Day)
	d := newDoc(title, r.Generated)
	d.pdf.SetInfo(gopdf.PdfInfo{Title: title, Author: "Mutu", Subject: "Berita acara kunjungan pemantauan dan evaluasi pelayanan publik",
		Creator: "Mutu", Producer: "Mutu", CreationDate: r.Generated})
	d.footer = "Berita Acara Pemantauan · " + clean(r.Unit) + " · " + longDate(r.Day)
	d.newPage()
	p := &prepared{SKMReport: SKMReport{UnitName: r.Unit, Front: r.Front}}
	p.letterhead(d)
	d.textColour(ink)
	d.y += d.fitted("BERITA ACARA", bold, 16, 14, marginLeft, contentW, 1) // centred by the rows below
	d.y += d.fitted("PEMANTAUAN DAN EVALUASI PELAYANAN PUBLIK", bold, 12, 10, marginLeft, contentW, 2)
	d.textColour(black)
	d.gap(3)
	d.startChapter("1")

	d.para(fmt.Sprintf("Pada hari %s tanggal %s, %s melakukan kunjungan pemantauan dan evaluasi pelayanan publik ke %s (%s)%s, "+
		"menggunakan instrumen %s. Hasil kunjungan dicatat dalam berita acara ini.",
		weekday(r.Day), longDate(r.Day), orBlank(r.Team), clean(r.Unit), clean(r.Code), prefixed(" berdasarkan ", clean(r.Decree)), orBlank(r.Instrument)))

	d.heading(2, "1. Yang hadir")
	d.table(table{caption: d.tableTitle("Tim pemantauan"), cols: []column{{title: "No", width: 10, align: alignRight}, {title: "Nama"}, {title: "Peran", width: 40}},
		rows: personRows(r.Members, true)})
	d.table(table{caption: d.tableTitle("Pihak unit pelayanan"), cols: []column{{title: "No", width: 10, align: alignRight}, {title: "Nama"}, {title: "Jabatan"}},
		rows: personRows(r.Attendees, false)})

	d.heading(2, "2. Hasil penilaian")
	rows := make([][]string, len(r.Aspects))
	for i, a := range r.Aspects {
		rows[i] = []string{clean(a.Code), clean(a.Name), clean(a.Weight), clean(a.Score)}
	}
	d.table(table{caption: d.tableTitle("Nilai per aspek"), rows: rows,
		cols:   []column{{title: "Kode", width: 14}, {title: "Aspek"}, {title: "Bobot (%)", width: 22, align: alignRight}, {title: "Nilai", width: 18, align: alignRight}},
		totals: [][]string{{"Indeks Pelayanan Publik (IPP)", orDash(r.IPP)}, {"Kategori", orDash(r.Category)}}})
	if len(r.Innovations) == 0 {
		d.para("Bukti aspek Inovasi: unit belum mendaftarkan inovasi pelayanan di Mutu.")
	} else {
		rows := make([][]string, len(r.Innovations))
		for i, in := range r.Innovations {
			rows[i] = []string{fmt.Sprint(i + 1), clean(in.Title), orDash(in.Status), orDash(in.Launched)}
		}
		d.table(table{caption: d.tableTitle("Inovasi terdaftar (bukti aspek Inovasi)"), rows: rows, cols: []column{{title: "No", width: 10, align: alignRight},
			{title: "Inovasi"}, {title: "Status", width: 24}, {title: "Diluncurkan", width: 32}}})
	}

	d.heading(2, fmt.Sprintf("3. Indikator dengan nilai rendah (≤ %d)", LowLevel))
	if len(r.Low) == 0 {
		d.para(fmt.Sprintf("Tidak ada indikator yang bernilai %d atau kurang.", LowLevel))
	} else {
		rows := make([][]string, len(r.Low))
		for i, l := range r.Low {
			rows[i] = []string{clean(l.Code), clean(l.Name), fmt.Sprint(l.Level), orDash(l.Note)}
		}
		d.table(table{caption: d.tableTitle("Indikator bernilai rendah"), rows: rows,
			cols: []column{{title: "Kode", width: 18}, {title: "Indikator"}, {title: "Nilai", width: 12, align: alignRight}, {title: "Catatan"}}})
	}

	d.heading(2, "4. Pembinaan")
	if c := strings.TrimSpace(r.Coaching); c != "" {
		for _, l := range strings.Split(c, "\n") {
			if l = clean(l); l != "" {
				d.para(l)
			}
		}
	} else {
		d.para("Tidak ada catatan pembinaan.")
	}

	d.heading(2, "5. Temuan")
	if len(r.Findings) == 0 {
		d.para("Tidak ada temuan yang dicatat pada kunjungan ini.")
	} else {
		rows := make([][]string, len(r.Findings))
		for i, f := range r.Findings {
			rows[i] = []string{fmt.Sprint(i + 1), clean(f.Indicator), clean(f.Severity), clean(f.Recommendation), orDash(f.Responsible), longDate(f.Due)}
		}
		d.table(table{caption: d.tableTitle("Temuan dan tindak lanjut"), rows: rows, cols: []column{{title: "No", width: 8, align: alignRight},
			{title: "Indikator", width: 18}, {title: "Tingkat", width: 16}, {title: "Rekomendasi"}, {title: "Penanggung jawab", width: 30}, {title: "Batas waktu", width: 24}}})
		d.para("Unit pelayanan menindaklanjuti setiap temuan paling lambat pada batas waktunya; tindak lanjut diverifikasi pada kunjungan berikutnya.")
	}
	d.para("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.")
	visitSignatures(d, r)
	d.numberPages()
	b, err := d.bytes()
	if err != nil {
		return nil, err
	}
	return withLang(b)
}

// personRows numbers people for a table; team roles read "Ketua" etc.
func personRows(ps []VisitPerson, roles bool) [][]string {
	if len(ps) == 0 {
		return [][]string{{"", "—", "—"}}
	}
	rows := make([][]string, len(ps))
	for i, p := range ps {
		role := orDash(p.Role)
		if roles {
			role = firstUpper(role)
		}
		rows[i] = []string{fmt.Sprint(i + 1), orDash(p.Name), role}
	}
	return rows
}

// visitSignatures is the signature block: place and date, then the head
// of the unit on the left and the team's members, ketua first, on the
// right, each with room to sign. Missing names are blanks to fill in.
func visitSignatures(d *doc, r VisitReport) {
	const room = 16.0 // mm for a signature
	half := contentW / 2
	d.font(regular, 11)
	d.need(2*d.lineH() + room + 3*d.lineH())
	d.font(regular, 11)
	d.gap(4)
	d.text(marginLeft+half, d.y, half, orBlank(r.Front.Place)+", "+longDate(r.Day), alignLeft)
	d.y += d.lineH() * 1.5
	top := d.y
	// The unit's side.
	d.text(marginLeft, d.y, half-4, "Kepala unit pelayanan,", alignLeft)
	d.y += d.lineH()
	for _, l := range d.wrap(orBlank(r.Front.Head.Position), half-4) {
		d.text(marginLeft, d.y, half-4, l, alignLeft)
		d.y += d.lineH()
	}
	d.y += room
	d.font(bold, 11)
	d.text(marginLeft, d.y, half-4, firstLine(d, orBlank(r.Front.Head.Name), half-4), alignLeft)
	d.font(regular, 11)
	unitEnd := d.y + d.lineH()
	// The team's side, one signer under another.
	d.y = top
	d.text(marginLeft+half, d.y, half, "Tim pemantauan,", alignLeft)
	d.y += d.lineH()
	for i, m := range r.Members {
		d.need(d.lineH()*2 + room)
		d.font(regular, 11)
		d.text(marginLeft+half, d.y, half, fmt.Sprintf("%d. %s", i+1, firstUpper(orDash(m.Role))), alignLeft)
		d.y += room
		d.font(bold, 11)
		d.text(marginLeft+half, d.y, half, firstLine(d, orBlank(m.Name), half), alignLeft)
		d.font(regular, 11)
		d.y += d.lineH() + 2
	}
	d.y = max(d.y, unitEnd)
}

// weekday is the Indonesian name of t's day.
func weekday(t time.Time) string {
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[t.Weekday()]
}

// orDash is s, or a dash for an empty cell.
func orDash(s string) string {
	if s = clean(s); s != "" {
		return s
	}
	return "—"
}
