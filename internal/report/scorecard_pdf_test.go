package report

import (
	"testing"
	"time"
)

// TestScorecardPDF: the scorecard prints its units' table as given, the
// cities compared and the notes, with the document's metadata.
func TestScorecardPDF(t *testing.T) {
	b, err := ScorecardPDF(Scorecard{Region: "Provinsi DKI Jakarta", Code: "31", Level: "Provinsi", Filter: "jenis Puskesmas",
		Generated: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), Notes: []string{"IKM triwulan terakhir yang berisi jawaban."},
		Head: []string{"Unit", "IKM", "IPP", "Tepat waktu"},
		Rows: [][]string{{"Puskesmas Penjaringan", "88,40 (A) ▲", "4,10", "90,0%"}, {"Puskesmas Tebet", "–", "–", "–"}},
		Cities: &RegionSection{Title: "Perbandingan kota", Head: []string{"Kota", "IKM"},
			Rows: [][]string{{"Jakarta Utara", "84,00"}, {"Jakarta Selatan", "86,10"}}}})
	if err != nil {
		t.Fatal(err)
	}
	r := openPDF(t, b)
	mustContain(t, "scorecard PDF", r.all, "RAPOR KINERJA PELAYANAN", "Provinsi DKI Jakarta", "Saringan: jenis Puskesmas",
		"Dicetak: 24 Nov 2026 10.00 WIB", "IKM triwulan terakhir yang berisi jawaban.", "Tabel 1.1 Unit layanan",
		"1 Puskesmas Penjaringan 88,40 (A)", "2 Puskesmas Tebet", "Perbandingan kota", "1 Jakarta Utara 84,00", "2 Jakarta Selatan 86,10")
	if len(r.pages) != 1 {
		t.Errorf("%d pages", len(r.pages))
	}
}
