package report

import (
	"strings"
	"testing"
	"time"

	"mutu/internal/skm"
)

// TestTrendPeriods: a period is compared with the periods of its own kind
// before it, labelled as the period selector labels them.
func TestTrendPeriods(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rng      skm.Range
		kind     string
		labels   string
		earliest skm.Range
	}{
		{"year", skm.Range{From: "2026-01-01", To: "2026-12-31"}, "tahun",
			"Tahun 2022|Tahun 2023|Tahun 2024|Tahun 2025", skm.Range{From: "2022-01-01", To: "2022-12-31"}},
		{"semester", skm.Range{From: "2026-07-01", To: "2026-12-31"}, "semester",
			"Semester II 2024|Semester I 2025|Semester II 2025|Semester I 2026", skm.Range{From: "2024-07-01", To: "2024-12-31"}},
		{"quarter", skm.Range{From: "2026-10-01", To: "2026-12-31"}, "triwulan",
			"Triwulan IV 2025|Triwulan I 2026|Triwulan II 2026|Triwulan III 2026", skm.Range{From: "2025-10-01", To: "2025-12-31"}},
		{"first quarter", skm.Range{From: "2026-01-01", To: "2026-03-31"}, "triwulan",
			"Triwulan I 2025|Triwulan II 2025|Triwulan III 2025|Triwulan IV 2025", skm.Range{From: "2025-01-01", To: "2025-03-31"}},
		{"month", skm.Range{From: "2026-03-01", To: "2026-03-31"}, "bulan",
			"November 2025|Desember 2025|Januari 2026|Februari 2026", skm.Range{From: "2025-11-01", To: "2025-11-30"}},
		{"three months that are not a quarter", skm.Range{From: "2026-02-01", To: "2026-04-30"}, "periode",
			"1 Feb – 30 Apr 2025|1 Mei – 31 Jul 2025|1 Agu – 31 Okt 2025|1 Nov 2025 – 31 Jan 2026", skm.Range{From: "2025-02-01", To: "2025-04-30"}},
		{"ten days", skm.Range{From: "2026-11-11", To: "2026-11-20"}, "periode",
			"2 Okt – 11 Okt 2026|12 Okt – 21 Okt 2026|22 Okt – 31 Okt 2026|1 Nov – 10 Nov 2026", skm.Range{From: "2026-10-02", To: "2026-10-11"}},
	} {
		kind, ps, err := trendPeriods(tc.rng, 4)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var labels []string
		for _, p := range ps {
			labels = append(labels, p.Label)
		}
		if kind != tc.kind || strings.Join(labels, "|") != tc.labels || ps[0].Range != tc.earliest {
			t.Errorf("%s: %s %q from %v, want %s %q from %v", tc.name, kind, labels, ps[0].Range, tc.kind, tc.labels, tc.earliest)
		}
		// Contiguous: each begins the day after the one before ends, and
		// the last ends the day before the report's period.
		for i, p := range ps {
			next := tc.rng.From
			if i+1 < len(ps) {
				next = ps[i+1].Range.From
			}
			if _, end, _ := parseRange(p.Range); end.AddDate(0, 0, 1).Format(time.DateOnly) != next {
				t.Errorf("%s: %v is not followed by %s", tc.name, p.Range, next)
			}
		}
	}
	if _, _, err := trendPeriods(skm.Range{From: "2026-12-31", To: "2026-01-01"}, 4); err == nil {
		t.Error("reversed range: no error")
	}
}

// TestLaporanTrendOfAYear: the annual report compares the year with the
// years before it, in the trend section and in the conclusion.
func TestLaporanTrendOfAYear(t *testing.T) {
	r := sampleReport(t, 40)
	r.PeriodLabel, r.Range, r.TrendKind = "Tahun 2026", skm.Range{From: "2026-01-01", To: "2026-12-31"}, "tahun"
	r.Trend = []TrendPoint{{"Tahun 2024", 79.4, "B"}, {"Tahun 2025", 81.25, "B"}}
	doc := laporanPDF(t, r)
	for _, want := range []string{
		"IKM konversi Tahun 2026 dibandingkan dengan tahun-tahun sebelumnya yang telah memiliki hasil.",
		"Dibandingkan periode Tahun 2025 (81,25)",
	} {
		if !strings.Contains(doc.all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(doc.all, "Triwulan") {
		t.Error("an annual report names a quarter")
	}
	r.Trend = nil
	if doc := laporanPDF(t, r); !strings.Contains(doc.all, "Belum ada hasil tahun sebelumnya untuk dibandingkan.") {
		t.Error("without earlier years the PDF does not say so")
	}
}
