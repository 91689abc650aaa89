package report

import (
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
)

// TestCityRecapPDF: the recap for the mayor says, in Indonesian, the
// ranking with each unit's year result, final index and findings, the
// city's mean per aspect, the weakest indicators, the coverage of each
// cycle and the findings waiting, and ends with the ketua's signature
// under the city's signing place.
func TestCityRecapPDF(t *testing.T) {
	r := CityRecap{
		Front: Front{Government: []string{"PEMERINTAH PROVINSI DKI JAKARTA", "KOTA ADMINISTRASI JAKARTA UTARA"}, Place: "Jakarta Utara"},
		City:  "Kota Administrasi Jakarta Utara", Year: 2027, Team: "Tim Pengendalian dan Evaluasi Pelayanan Publik",
		Share: "evaluator 70 %, pengguna (SKM) 30 %",
		Ranking: []RecapUnit{{Rank: "1", Code: "DKP-31.72", Name: "Dinas Kependudukan Jakarta Utara", DoneOn: time.Date(2027, 3, 10, 0, 0, 0, 0, clock.Jakarta), IPP: "3,91", Category: "B", Final: "4,02 (A-)", Open: 2, Overdue: 1},
			{Code: "PKM-31.72.01", Name: "Puskesmas Koja"}},
		Aspects: []RecapAspect{{Code: "a", Name: "Kebijakan Pelayanan", Weight: "24", Mean: "3,47", Units: 2}},
		IPP:     "3,42", Category: "B-", Units: 2,
		Weakest:  []RecapIndicator{{Code: "1.a.Ak", Name: "Standar pelayanan tersedia", Mean: "1,00", Low: 2, Units: 2}},
		Coverage: []RecapCycle{{Start: time.Date(2027, 1, 1, 0, 0, 0, 0, clock.Jakarta), End: time.Date(2027, 2, 28, 0, 0, 0, 0, clock.Jakarta), Visited: 1, Due: 3, Share: "33,3 %"}},
		Open:     2, Overdue: 1,
		Signer:    VisitPerson{Name: "Andi Ketua", Role: "ketua"},
		Generated: time.Date(2027, 6, 1, 9, 0, 0, 0, clock.Jakarta),
	}
	b, err := CityRecapPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	doc := openPDF(t, b)
	mustContain(t, "the recap", doc.all,
		"PEMERINTAH PROVINSI DKI JAKARTA", "REKAPITULASI HASIL PEMANTAUAN", "PELAYANAN PUBLIK TAHUN 2027",
		"evaluator 70 %, pengguna (SKM) 30 %",
		"Peringkat unit pelayanan", "Dinas Kependudukan Jakarta Utara", "10 Maret 2027", "3,91", "4,02 (A-)", "Puskesmas Koja",
		"Rata-rata kota per aspek", "Kebijakan Pelayanan", "3,47", "IPP kota (rata-rata 2 unit)", "3,42", "B-",
		"Indikator terlemah", "1.a.Ak", "Standar pelayanan tersedia",
		"Cakupan kunjungan", "1 Januari 2027 – 28 Februari 2027", "33,3 %",
		"Temuan yang masih menunggu tindak lanjut unit: 2, di antaranya 1 melewati batas waktu.")
	last := doc.pages[len(doc.pages)-1]
	r.Signer.Name = "Dr. Andi Ketua Pengendalian dan Evaluasi Pelayanan Publik Jakarta Utara"
	if b, err = CityRecapPDF(r); err != nil {
		t.Fatal(err)
	}
	doc = openPDF(t, b)
	last = doc.pages[len(doc.pages)-1]
	for _, want := range []string{"Jakarta Utara, 1 Juni 2027", "Ketua Tim Pengendalian", "Dr. Andi Ketua", "Pelayanan Publik Jakarta Utara"} { // a long name wraps
		if !strings.Contains(last, want) {
			t.Errorf("the signature block lacks %q: %s", want, last)
		}
	}

	empty := CityRecap{City: "Kota Administrasi Jakarta Utara", Year: 2027, Generated: r.Generated}
	if b, err = CityRecapPDF(empty); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "an empty recap", openPDF(t, b).all, "Belum ada unit dalam cakupan tim.", "Belum ada kunjungan yang dinilai pada tahun ini.",
		"Belum ada siklus kunjungan yang dimulai pada tahun ini.")
}
