package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mutu/internal/instrument"
)

// scoreFile writes a score file: every scored indicator of the shipped
// PEKPPP at score, then the changes (a negative value removes the code).
func scoreFile(t *testing.T, label string, score int, changes map[string]int) string {
	t.Helper()
	scores := map[string]int{}
	for _, c := range instrument.Builtin()[0].ScoredIndicators() {
		scores[c] = score
	}
	for c, s := range changes {
		if s < 0 {
			delete(scores, c)
			continue
		}
		scores[c] = s
	}
	body := map[string]any{"scores": scores}
	if label != "" {
		body["instrument"] = label
	}
	b, _ := json.Marshal(body)
	p := filepath.Join(t.TempDir(), "skor.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPEKPPPScore(t *testing.T) {
	// Kebijakan Pelayanan at 5, the rest at 3: 5×0,24 + 3×0,76 = 3,48.
	kebijakan := map[string]int{}
	for _, c := range []string{"1.a.Ak", "2.a.P", "3.a.T", "4.a.K", "5.a.K", "6.a.B", "7.a.T", "8.a.Ak", "9.a.Ak"} {
		kebijakan[c] = 5
	}
	cases := []struct {
		name     string
		file     string
		ipp      float64
		kategori string
		predikat string
	}{
		{"latest version by default", scoreFile(t, "", 3, kebijakan), 3.48, "B-", "Baik dengan Catatan"},
		{"named version", scoreFile(t, "pekppp-2023", 5, nil), 5, "A", "Pelayanan Prima"},
		{"no predikat in the sources", scoreFile(t, "", 2, nil), 2, "D", ""},
	}
	for _, c := range cases {
		out, _, err := mutu(t, "pekppp", "score", c.file)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got struct {
			Aspects []struct {
				Code   string  `json:"code"`
				Name   string  `json:"name"`
				Weight float64 `json:"weight"`
				Score  float64 `json:"score"`
			} `json:"aspects"`
			IPP      float64 `json:"ipp"`
			IPPExact float64 `json:"ipp_exact"`
			Kategori string  `json:"kategori"`
			Predikat *string `json:"predikat"`
		}
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, out)
		}
		if got.IPP != c.ipp || got.IPPExact != c.ipp || got.Kategori != c.kategori || got.Predikat == nil || *got.Predikat != c.predikat {
			t.Errorf("%s: %s", c.name, out)
		}
		if len(got.Aspects) != 6 || got.Aspects[0].Code != "a" || got.Aspects[0].Name != "Kebijakan Pelayanan" || got.Aspects[0].Weight != 24 ||
			got.Aspects[5].Code != "f" || got.Aspects[5].Weight != 12 {
			t.Errorf("%s: aspects %+v", c.name, got.Aspects)
		}
	}
	// The exact IPP beside the rounded one: Sarana Prasarana's assumed
	// 14 % indicators 18–20 at 1, the rest at 4: 4 − 0,18 × 3 × 0,14 × 3 = 3,7732.
	out, _, err := mutu(t, "pekppp", "score", scoreFile(t, "", 4, map[string]int{"18.c.K": 1, "19.c.As": 1, "20.c.B": 1}))
	if err != nil || !strings.Contains(out, `"ipp": 3.77,`) || !strings.Contains(out, `"ipp_exact": 3.7732,`) || !strings.Contains(out, `"score": 2.74`) {
		t.Errorf("exact and rounded: %v\n%s", err, out)
	}
}

// A missing, unknown or out-of-range score: non-zero exit naming each.
func TestPEKPPPScoreProblems(t *testing.T) {
	file := scoreFile(t, "", 3, map[string]int{"2.a.P": -1, "14.b.K": 6, "99.x.Y": 2})
	out, _, err := mutu(t, "pekppp", "score", file)
	if err == nil || out != "" {
		t.Fatalf("accepted: %s", out)
	}
	msg := message(err)
	for _, want := range []string{
		"scores.2.a.P: skor belum diisi",
		"scores.14.b.K: skor harus bilangan bulat 0–5 (6)",
		"scores.99.x.Y: indikator ini tidak ada pada instrumen pekppp-2023",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q not in\n%s", want, msg)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	for body, want := range map[string]string{
		`{"instrument": "pekppp-1999", "scores": {}}`: "instrument: Versi instrumen pekppp-1999 tidak dikenal.",
		`{"scores": {"1.a.Ak": 2.5, "2.a.P": "4"}}`:   "scores.1.a.Ak: skor harus bilangan bulat (2.5)\n  scores.2.a.P: skor harus bilangan bulat (\"4\")",
		`{"scores": [1, 2]}`:                          "Berkas skor bukan JSON",
	} {
		os.WriteFile(bad, []byte(body), 0o600)
		if _, _, err := mutu(t, "pekppp", "score", bad); err == nil || !strings.Contains(message(err), want) {
			t.Errorf("%s: %v", body, err)
		}
	}
	if _, _, err := mutu(t, "pekppp", "score", filepath.Join(t.TempDir(), "none.json")); err == nil || !strings.Contains(message(err), "tidak dapat dibaca") {
		t.Errorf("missing file: %v", err)
	}
	if _, _, err := mutu(t, "pekppp", "hitung"); err == nil {
		t.Error("bad usage accepted")
	}
}
