package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kepatuhanFile writes a dimension score file.
func kepatuhanFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "nilai.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKepatuhanScore(t *testing.T) {
	type output struct {
		Score           float64 `json:"score"`
		ScoreExact      float64 `json:"score_exact"`
		Opinion         string  `json:"opinion"`
		Label           string  `json:"label"`
		Zone            string  `json:"zone"`
		BoundsConfirmed *bool   `json:"bounds_confirmed"`
	}
	cases := []struct {
		name, body string
		want       output
	}{
		// 90×21,85 % + 80×32,37 % + 70×24,24 % + 60×21,54 % = 75,453.
		{"latest four-dimension version by default", `{"dimensions": {"input": 90, "proses": 80, "output": 70, "pengaduan": 60}}`,
			output{Score: 75.45, ScoreExact: 75.453, Opinion: "C", Label: "Kualitas Sedang", Zone: "kuning"}},
		{"rounded half-up before the opinion", `{"instrument": "ombudsman-2023", "dimensions": {"input": 88.005, "proses": 88.005, "output": 88.005, "pengaduan": 88.005}}`,
			output{Score: 88.01, ScoreExact: 88.005, Opinion: "A", Label: "Kualitas Tertinggi", Zone: "hijau"}},
		{"just below", `{"instrument": "ombudsman-2022", "dimensions": {"input": 88, "proses": 88, "output": 88, "pengaduan": 88}}`,
			output{Score: 88, ScoreExact: 88, Opinion: "B", Label: "Kualitas Tinggi", Zone: "hijau"}},
		{"zones up to 2021, confirmed", `{"instrument": "ombudsman-2021", "dimensions": {"kepatuhan": 80.99}}`,
			output{Score: 80.99, ScoreExact: 80.99, Opinion: "", Label: "Kepatuhan Sedang", Zone: "kuning"}},
	}
	for _, c := range cases {
		out, _, err := mutu(t, "kepatuhan", "score", kepatuhanFile(t, c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, message(err))
		}
		var got output
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil || got.BoundsConfirmed == nil {
			t.Fatalf("%s: %v\n%s", c.name, err, out)
		}
		confirmed := *got.BoundsConfirmed
		got.BoundsConfirmed = nil
		if got != c.want || confirmed != (c.want.Opinion == "") {
			t.Errorf("%s: %s", c.name, out)
		}
	}
	// Every field of the answer is written, the empty opinion too.
	out, _, _ := mutu(t, "kepatuhan", "score", kepatuhanFile(t, `{"instrument": "ombudsman-2021", "dimensions": {"kepatuhan": 81}}`))
	if !strings.Contains(out, `"opinion": "",`) || !strings.Contains(out, `"bounds_confirmed": true`) {
		t.Errorf("zone answer: %s", out)
	}
}

// Bad input exits non-zero naming each problem, and prints nothing.
func TestKepatuhanScoreProblems(t *testing.T) {
	for body, wants := range map[string][]string{
		`{"dimensions": {"input": 100.5, "proses": -1, "sarana": 50, "output": 70}}`: {
			"dimensions.input: nilai harus angka 0–100 (100.5)",
			"dimensions.proses: nilai harus angka 0–100 (-1)",
			"dimensions.sarana: dimensi ini tidak ada pada instrumen ombudsman-2024",
			"dimensions.pengaduan: skor belum diisi",
		},
		`{"dimensions": {"input": "80", "proses": null, "output": 70, "pengaduan": 60}}`: {
			"dimensions.input: nilai harus berupa angka (\"80\")",
			"dimensions.proses: nilai harus berupa angka (null)",
		},
		`{"instrument": "pekppp-2023", "dimensions": {}}`:    {"instrument: Versi instrumen pekppp-2023 tidak dikenal."},
		`{"instrument": "ombudsman-1999", "dimensions": {}}`: {"instrument: Versi instrumen ombudsman-1999 tidak dikenal."},
		`{"dimensions": [1, 2]}`:                             {"Berkas nilai bukan JSON"},
		`{"scores": {}}`:                                     {"Berkas nilai bukan JSON"},
	} {
		out, _, err := mutu(t, "kepatuhan", "score", kepatuhanFile(t, body))
		if err == nil || out != "" {
			t.Errorf("%s: accepted: %s", body, out)
			continue
		}
		for _, want := range wants {
			if !strings.Contains(message(err), want) {
				t.Errorf("%s: %q not in\n%s", body, want, message(err))
			}
		}
	}
	if _, _, err := mutu(t, "kepatuhan", "score", filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(message(err), "tidak dapat dibaca") {
		t.Errorf("missing file: %v", err)
	}
	if _, _, err := mutu(t, "kepatuhan", "hitung"); err == nil {
		t.Error("bad usage accepted")
	}
}
