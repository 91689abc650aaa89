package report

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
)

func sampleVisitReport() VisitReport {
	return VisitReport{
		Front: Front{Government: []string{"PEMERINTAH PROVINSI DKI JAKARTA", "KOTA ADMINISTRASI JAKARTA UTARA"}, Place: "Jakarta Utara",
			Head: Head{Name: "Dra. Rina Kusuma", Position: "Kepala Unit PTSP"}},
		Unit: "PTSP Kota Administrasi Jakarta Utara", Code: "PTSP-31.72",
		Day:        time.Date(2027, 1, 5, 0, 0, 0, 0, clock.Jakarta),
		Team:       "Tim Pengendalian dan Evaluasi Pelayanan Publik",
		Decree:     "SK E.0066/2022",
		Members:    []VisitPerson{{"Andi Ketua", "ketua"}, {"Sari Sekretaris", "sekretaris"}, {"Joko Anggota", "anggota"}},
		Attendees:  []VisitPerson{{"Budi Santoso", "Kepala Seksi Pelayanan"}, {"Siti", "Staf"}},
		Instrument: "PEKPPP 2024 (versi 1)",
		Aspects:    []VisitAspect{{"1", "Kebijakan Pelayanan", "30", "4,25"}, {"2", "Profesionalisme SDM", "18", "3,50"}},
		IPP:        "4,12", Category: "A−",
		Low:         []VisitLow{{Code: "1.a.Ak", Name: "Standar pelayanan", Level: 1, Note: "maklumat belum dipajang"}},
		Innovations: []VisitInnovation{{Title: "KOPILATE — Konsultasi Pelayanan Lewat Telepon", Status: "Berjalan", Launched: "3 Maret 2025"}},
		Coaching:    "Lengkapi maklumat pelayanan.\nPerbarui papan informasi.",
		Findings:    []VisitFinding{{Indicator: "1.a.Ak", Severity: "Sedang", Recommendation: "Pajang maklumat di ruang tunggu", Responsible: "Budi Santoso", Due: time.Date(2027, 2, 15, 0, 0, 0, 0, clock.Jakarta)}},
		Generated:   time.Date(2027, 1, 6, 9, 0, 0, 0, clock.Jakarta),
	}
}

// TestVisitReportPDF: the berita acara says each part in Indonesian —
// kop, opening with the day, both sides present, the aspects with the IPP
// and its category, the low indicators with notes, the coaching notes,
// the findings with their due dates — and ends with the signature block
// of the head of the unit and every member of the team.
func TestVisitReportPDF(t *testing.T) {
	b, err := VisitReportPDF(sampleVisitReport())
	if err != nil {
		t.Fatal(err)
	}
	doc := openPDF(t, b)
	if len(doc.pages) < 1 || len(doc.pages) > 3 {
		t.Errorf("%d pages", len(doc.pages))
	}
	mustContain(t, "berita acara", doc.all,
		"PEMERINTAH PROVINSI DKI JAKARTA", "BERITA ACARA", "PEMANTAUAN DAN EVALUASI PELAYANAN PUBLIK",
		"Pada hari Selasa tanggal 5 Januari 2027", "SK E.0066/2022", "PEKPPP 2024 (versi 1)",
		"Tim pemantauan", "Andi Ketua", "Sekretaris", "Budi Santoso", "Kepala Seksi Pelayanan",
		"Kebijakan Pelayanan", "4,25", "Indeks Pelayanan Publik (IPP)", "4,12", "A−",
		"Inovasi terdaftar (bukti aspek Inovasi)", "KOPILATE — Konsultasi Pelayanan Lewat Telepon", "3 Maret 2025",
		"Indikator dengan nilai rendah (≤ 2)", "maklumat belum dipajang",
		"Pembinaan", "Perbarui papan informasi.",
		"Temuan", "Pajang maklumat di ruang tunggu", "15 Februari 2027",
		"Jakarta Utara, 5 Januari 2027", "Kepala unit pelayanan,", "Dra. Rina Kusuma")
	last := doc.pages[len(doc.pages)-1]
	for i, m := range []string{"Ketua", "Sekretaris", "Anggota"} {
		mustContain(t, "the signature block", last, fmt.Sprintf("%d. %s", i+1, m))
	}
	if !strings.Contains(last, "Dra. Rina Kusuma") || !strings.Contains(last, "Joko Anggota") {
		t.Errorf("the signers are not on the last page: %s", last)
	}
}

// TestVisitReportPDFEmpty: a visit without low indicators, coaching notes
// or findings says so, and names left empty are blanks to fill by hand.
func TestVisitReportPDFEmpty(t *testing.T) {
	r := sampleVisitReport()
	r.Low, r.Coaching, r.Findings, r.Front.Head, r.Innovations = nil, "", nil, Head{}, nil
	b, err := VisitReportPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	doc := openPDF(t, b)
	mustContain(t, "berita acara", doc.all, "Tidak ada indikator yang bernilai 2 atau kurang.", "Tidak ada catatan pembinaan.",
		"Tidak ada temuan yang dicatat pada kunjungan ini.", "unit belum mendaftarkan inovasi pelayanan di Mutu.", blank)
}
