package skm

import (
	"slices"
	"strings"
	"testing"
)

// The downloadable template's Indonesian header imports like the canonical
// one, as do the other Indonesian spellings offices use.
func TestPaperTemplateHeaderImports(t *testing.T) {
	header := strings.Join(PaperTemplateHeader(paperIn), ",")
	if !strings.HasPrefix(header, "tanggal,jam,umur,jenis kelamin,pendidikan,pekerjaan,layanan,unsur 1,") || !strings.HasSuffix(header, ",unsur 9,saran") {
		t.Fatalf("template header: %s", header)
	}
	rows, err := parseCSV(t, header+"\n2026-06-01,08.00-12.00,34,P,SMA,Swasta,kk,4,3,3,4,3,4,4,3,2,Antrean lama\n", PermenOrder)
	if err != nil || len(rows) != 1 {
		t.Fatalf("filled template: %v", err)
	}
	got := rows[0].Response
	if got.SurveyDate != "2026-06-01" || got.Age != 34 || got.Sex != "P" || got.ServiceID != "svc-2" || got.Saran != "Antrean lama" ||
		!slices.Equal(got.Answers, []int{4, 3, 3, 4, 3, 4, 4, 3, 2}) {
		t.Errorf("filled template read as %+v", got)
	}
	other := "Tanggal Survey,Jam Pelayanan,Usia (tahun),Jenis Kelamin (L/P),Pendidikan Terakhir,Pekerjaan Utama,Jenis Layanan,U 1,U 2,Unsur 3,unsur_4,U5,U6,U7,U8,U9,Kritik dan Saran\n"
	rows, err = parseCSV(t, other+"2026-06-01,08.00-12.00,34,L,S1,PNS,ktp-el,1,2,3,4,1,2,3,4,1,Baik\n", PermenOrder)
	if err != nil || len(rows) != 1 || rows[0].Response.Saran != "Baik" || rows[0].Response.Sex != "L" || rows[0].Response.Answers[3] != 4 {
		t.Fatalf("Indonesian headers: %v %+v", err, rows)
	}
}
