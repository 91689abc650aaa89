package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mutu/internal/store"
)

func TestSKMCommands(t *testing.T) {
	out, explained, err := mutu(t, "skm", "sample-size", "1000")
	if err != nil || strings.TrimSpace(out) != "278" || !strings.Contains(explained, "Populasi 1.000") {
		t.Fatalf("sample-size: %q %q %v", out, explained, err)
	}
	if _, _, err := mutu(t, "skm", "sample-size", "nol"); err == nil {
		t.Error("bad N accepted")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "mutu.db")
	if _, _, err := mutu(t, "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	paper := filepath.Join(dir, "kertas.csv")
	os.WriteFile(paper, []byte("date,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n2020-02-03,4,4,4,4,4,4,4,1,4,kertas\n2020-02-04,4,4,4,4,4,4,4,4,1,\n"), 0o600)
	out, _, err = mutu(t, "skm", "import", "--unit", "PKM-31.72.01", "--service", "imunisasi", "--order", "questionnaire", paper, "--db", db)
	if err != nil || !strings.Contains(out, "2 jawaban survei kertas") {
		t.Fatalf("import: %v %s", err, out)
	}
	// The import is audited, as the command line's action, in the unit's region.
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.AuditLog(t.Context(), store.AuditFilter{RegionCode: "31.72.01", Action: "skm.import"})
	st.Close()
	if err != nil || len(rows) != 1 || rows[0].ActorName != "cli" || rows[0].Detail != "2 tanggapan" || !strings.HasSuffix(rows[0].ObjectLabel, ", survei kertas") {
		t.Fatalf("audit of the import: %+v %v", rows, err)
	}
	out, _, err = mutu(t, "skm", "report", "--unit", "PKM-31.72.01", "--from", "2020-02-01", "--to", "2020-02-29", "--db", db)
	var rep struct {
		Unit        string `json:"unit"`
		Respondents int    `json:"respondents"`
		Elements    []struct {
			Code string  `json:"code"`
			NRR  float64 `json:"nrr"`
		} `json:"elements"`
		IKM          float64 `json:"ikm"`
		Konversi     float64 `json:"ikm_konversi"`
		Mutu         string  `json:"mutu"`
		Kinerja      string  `json:"kinerja"`
		Population   int64   `json:"population"`
		SampleTarget int64   `json:"sample_target"`
	}
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("report json: %v %s", err, out)
	}
	// Questionnaire order: the 8th column (1 in row one) is Sarana, U9.
	if rep.Respondents != 2 || rep.Elements[7].NRR != 2.5 || rep.Elements[8].NRR != 2.5 || rep.Elements[0].NRR != 4 {
		t.Errorf("report: %+v", rep)
	}
	// (4×7 + 2,5×2) ÷ 9 = 3,6666… → 91,67 → A
	if rep.Mutu != "A" || rep.Kinerja != "Sangat Baik" {
		t.Errorf("mutu: %s %s (%f)", rep.Mutu, rep.Kinerja, rep.Konversi)
	}
	xlsx := filepath.Join(dir, "laporan.xlsx")
	if _, _, err := mutu(t, "skm", "report", "--unit", "PKM-31.72.01", "--from", "2020-02-01", "--to", "2020-02-29", "--format", "xlsx", "--out", xlsx, "--db", db); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := f.GetRows("Olah Data"); len(rows) < 4 {
		t.Errorf("xlsx rows: %v", rows)
	}
	pdf := filepath.Join(dir, "laporan.pdf")
	if _, _, err := mutu(t, "skm", "report", "--unit", "PKM-31.72.01", "--from", "2020-02-01", "--to", "2020-02-29", "--format", "pdf", "--out", pdf, "--db", db); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(pdf); !strings.HasPrefix(string(b), "%PDF-") {
		t.Error("not a PDF")
	}
	for _, bad := range [][]string{
		{"skm", "report", "--unit", "PKM-31.72.01", "--from", "2020-02-30", "--to", "2020-02-29", "--db", db},
		{"skm", "report", "--unit", "NOPE", "--from", "2020-02-01", "--to", "2020-02-29", "--db", db},
		{"skm", "import", "--unit", "PKM-31.72.01", "--order", "acak", paper, "--db", db},
	} {
		if _, _, err := mutu(t, bad...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
