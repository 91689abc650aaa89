package web_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"github.com/xuri/excelize/v2"

	"mutu/internal/skm"
)

func pdfText(t *testing.T, b []byte) (string, int) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	var sb strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		txt, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatal(err)
		}
		sb.WriteString(txt)
	}
	return sb.String(), r.NumPage()
}

func TestQRAndPoster(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/qr/PKM-31.72.01?layanan=imunisasi&ukuran=300")
	img, err := png.Decode(strings.NewReader(res.Body))
	if res.StatusCode != 200 || err != nil || img.Bounds().Dx() != 300 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("png: %d %v", res.StatusCode, err)
	}
	res = a.get(t, nil, "/qr/PKM-31.72.01?format=svg")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "<svg") || !strings.Contains(res.Body, "/s/PKM-31.72.01</title>") {
		t.Fatalf("svg: %d %.200s", res.StatusCode, res.Body)
	}
	res = a.get(t, nil, "/qr/PKM-31.72.01?untuk=pengaduan&format=svg")
	if res.StatusCode != 200 || !strings.Contains(res.Body, "/pengaduan?unit=PKM-31.72.01</title>") || !strings.Contains(res.Header.Get("Content-Disposition"), "qr-pengaduan-PKM-31.72.01.svg") {
		t.Fatalf("complaint QR: %d %.200s", res.StatusCode, res.Body)
	}
	for path, status := range map[string]int{"/qr/PKM-31.72.01?untuk=kantin": 422, "/qr/PKM-31.72.01?format=gif": 422, "/qr/PKM-31.72.01?ukuran=99999": 422, "/qr/NOPE": 404, "/qr/PKM-31.72.01?layanan=nope": 404} {
		if res := a.get(t, nil, path); res.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, status)
		}
	}
	res = a.get(t, nil, "/poster/PKM-31.72.01?layanan=imunisasi")
	text, pages := pdfText(t, []byte(res.Body))
	if res.StatusCode != 200 || pages != 1 || !strings.Contains(text, "Puskesmas Kecamatan Penjaringan") || !strings.Contains(text, "/s/PKM-31.72.01/imunisasi") || !strings.Contains(text, "Imunisasi") {
		t.Fatalf("poster: %d pages=%d %q", res.StatusCode, pages, text)
	}
}

func TestSurveyReports(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "pimpinan.jakut")
	res := a.get(t, ev, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=xlsx")
	if res.StatusCode != 200 {
		t.Fatalf("xlsx: %d %s", res.StatusCode, res.Body)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	// The workbook agrees with the IKM the API computes from rollups.
	api := a.get(t, nil, "/api/v1/units/PKM-31.72.01/ikm?from=2026-01-01&to=2026-12-31")
	var sum struct {
		Respondents int64   `json:"respondents"`
		IKM         float64 `json:"ikm"`
	}
	if err := json.Unmarshal([]byte(api.Body), &sum); err != nil || sum.Respondents == 0 {
		t.Fatalf("ikm API: %v %s", err, api.Body)
	}
	rows, err := f.GetRows("Olah Data")
	if err != nil || len(rows) < 50 {
		t.Fatalf("processing sheet: %d rows %v", len(rows), err)
	}
	var ikmRow []string
	for _, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "IKM") && !strings.HasPrefix(r[0], "IKM K") {
			ikmRow = r
		}
	}
	if ikmRow == nil {
		t.Fatalf("no IKM row in %v", rows[len(rows)-6:])
	}
	if want := strconv.FormatFloat(sum.IKM, 'f', 3, 64); ikmRow[len(ikmRow)-1] != want {
		t.Errorf("workbook IKM row %q, want %s as the API computes", ikmRow, want)
	}
	res = a.get(t, ev, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=pdf")
	text, pages := pdfText(t, []byte(res.Body))
	if res.StatusCode != 200 || pages < 5 {
		t.Fatalf("pdf: %d %d pages", res.StatusCode, pages)
	}
	for _, s := range []string{"BAB I", "BAB V", "Rencana Tindak Lanjut", "Puskesmas Kecamatan Penjaringan", "Tahun 2026"} {
		if !strings.Contains(text, s) {
			t.Errorf("report PDF lacks %q", s)
		}
	}
	if res := a.get(t, ev, "/kelola/skm/unit/PKM-31.74.08/laporan?p=2026"); res.StatusCode != 403 {
		t.Errorf("report outside scope: %d", res.StatusCode)
	}
	if res := a.get(t, ev, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=doc"); res.StatusCode != 422 {
		t.Errorf("bad format: %d", res.StatusCode)
	}
}

func TestPaperImport(t *testing.T) {
	a := newApp(t)
	op := a.login(t, "operator.pkm")
	before := countResponses(t, a, "PKM-31.72.02")
	// Printed-questionnaire order: the 8th column is Sarana (U9), the 9th Pengaduan (U8).
	good := "date,time,age,sex,education,occupation,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n" +
		"03/11/2026,08.00-12.00,34,P,SMA,Swasta,imunisasi,4,3,3,4,3,4,4,1,2,Antrean lama\n" +
		"2026-11-04,,,,,,,4,4,4,4,4,4,4,4,,\n"
	res := uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", map[string]string{"order": "questionnaire"}, "kertas.csv", []byte(good))
	if res.StatusCode != 200 || !strings.Contains(res.Body, "Berhasil: 2 jawaban survei kertas") {
		t.Fatalf("import: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "PKM-31.72.02"); got != before+2 {
		t.Fatalf("stored %d, want 2", got-before)
	}
	u, _ := a.DB.UnitByCode(t.Context(), "PKM-31.72.02")
	resps, _ := a.DB.ResponsesInRange(t.Context(), u.ID, skm.Range{From: "2026-11-03", To: "2026-11-03"})
	var found bool
	for _, r := range resps {
		if r.Channel == skm.Paper && r.Saran == "Antrean lama" {
			found = true
			if r.Answers[7] != 2 || r.Answers[8] != 1 {
				t.Errorf("questionnaire order not mapped: U8=%d U9=%d, want 2 and 1", r.Answers[7], r.Answers[8])
			}
		}
	}
	if !found {
		t.Fatal("imported response not found")
	}
	bad := "date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-11-05,4,4,4,4,4,4,4,4,4\n2026-11-31,5,4,4,4,4,4,4,4,4\n2027-01-01,4,4,4,4,4,4,4,4,4\n"
	res = uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", nil, "bad.csv", []byte(bad))
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Baris 3") || !strings.Contains(res.Body, "Baris 4") || strings.Contains(res.Body, "Baris 2,") {
		t.Fatalf("bad file: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "PKM-31.72.02"); got != before+2 {
		t.Fatalf("a refused file stored %d rows", got-before-2)
	}
	if res := uploadForm(t, a, op, "/kelola/skm/unit/PTSP-31.72/impor", nil, "x.csv", []byte(good)); res.StatusCode != 403 {
		t.Errorf("import into another unit: %d", res.StatusCode)
	}
	if res := uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", nil, "x.xlsx", []byte("PK\x03\x04garbage")); res.StatusCode != 422 {
		t.Errorf("corrupt xlsx: %d", res.StatusCode)
	}
	if res := uploadForm(t, a, op, "/kelola/skm/unit/PKM-31.72.02/impor", map[string]string{"service": "tidak-ada"}, "x.csv", []byte(good)); res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-service"`) ||
		countResponses(t, a, "PKM-31.72.02") != before+2 {
		t.Errorf("unknown default service: %d", res.StatusCode)
	}
}
