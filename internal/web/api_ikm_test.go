package web_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"mutu/internal/skm"
)

// ikmAnswer is what GET /api/v1/units/{code}/ikm answers.
type ikmAnswer struct {
	Unit        string    `json:"unit"`
	Period      string    `json:"period"`
	Range       skm.Range `json:"range"`
	Respondents int64     `json:"respondents"`
	IKM         float64   `json:"ikm"`
	IKMRounded  float64   `json:"ikm_rounded"`
	Konversi    float64   `json:"ikm_konversi"`
	KonvRounded float64   `json:"ikm_konversi_rounded"`
	Mutu        string    `json:"mutu"`
	Elements    []struct {
		Code       string  `json:"code"`
		NRR        float64 `json:"nrr"`
		NRRRounded float64 `json:"nrr_rounded"`
	} `json:"elements"`
}

func getIKM(t *testing.T, a *app, query string) ikmAnswer {
	t.Helper()
	res := a.get(t, nil, "/api/v1/units/PKM-31.72.01/ikm"+query)
	var got ikmAnswer
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != 200 {
		t.Fatalf("ikm%s: %d %s", query, res.StatusCode, res.Body)
	}
	return got
}

// TestIKMAPIDefaultsToCurrentQuarter: without from and to the IKM API
// answers for the quarter of the injected clock in Asia/Jakarta (as the
// web pages do), and gives the official rounded figures next to the exact ones.
func TestIKMAPIDefaultsToCurrentQuarter(t *testing.T) {
	a := newApp(t)
	def := getIKM(t, a, "")
	explicit := getIKM(t, a, "?from=2026-10-01&to=2026-12-31")
	if def.Range != (skm.Range{From: "2026-10-01", To: "2026-12-31"}) || def.Period != "Triwulan IV 2026" || def.Respondents == 0 ||
		def.Respondents != explicit.Respondents || def.IKM != explicit.IKM {
		t.Errorf("default period: %+v\nexplicit: %+v", def, explicit)
	}
	if explicit.Period != "1 Okt – 31 Des 2026" {
		t.Errorf("explicit period named %q", explicit.Period)
	}

	// The official figures are the domain's, and lie within half a unit of
	// their last decimal from the exact ones.
	u, err := a.DB.UnitByCode(t.Context(), "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := skm.Summarize(t.Context(), a.DB, u.ID, "", def.Range)
	if err != nil {
		t.Fatal(err)
	}
	if def.IKMRounded != sum.IKMRounded || def.KonvRounded != sum.KonversiRounded || def.Mutu != sum.Mutu ||
		math.Abs(def.IKMRounded-def.IKM) > 0.0005 || math.Abs(def.KonvRounded-def.Konversi) > 0.005 || def.KonvRounded == 0 {
		t.Errorf("official figures %v %v %s, domain %v %v %s, exact %v %v", def.IKMRounded, def.KonvRounded, def.Mutu,
			sum.IKMRounded, sum.KonversiRounded, sum.Mutu, def.IKM, def.Konversi)
	}
	if len(def.Elements) != 9 {
		t.Fatalf("%d elements", len(def.Elements))
	}
	for i, e := range def.Elements {
		if e.NRRRounded != sum.Elements[i].NRRRounded || math.Abs(e.NRRRounded-e.NRR) > 0.005 || e.NRRRounded == 0 {
			t.Errorf("%s: NRR %v rounded %v, domain %v", e.Code, e.NRR, e.NRRRounded, sum.Elements[i].NRRRounded)
		}
	}
	if c, _ := skm.BuiltinByCode(skm.Current).Classify(int64(math.Round(def.KonvRounded * 100))); c.Mutu != def.Mutu {
		t.Errorf("mutu %s for konversi %v", def.Mutu, def.KonvRounded)
	}

	// The quarter turns at midnight in Jakarta, seven hours before UTC.
	a.advance(time.Date(2026, 12, 31, 16, 59, 59, 0, time.UTC).Sub(testNow))
	if got := getIKM(t, a, ""); got.Period != "Triwulan IV 2026" || got.Range.To != "2026-12-31" {
		t.Errorf("31 Dec 23.59.59 WIB: %s %+v", got.Period, got.Range)
	}
	a.advance(time.Second)
	if got := getIKM(t, a, ""); got.Period != "Triwulan I 2027" || got.Range != (skm.Range{From: "2027-01-01", To: "2027-03-31"}) || got.Respondents != 0 {
		t.Errorf("1 Jan 00.00 WIB: %s %+v", got.Period, got.Range)
	}
}
