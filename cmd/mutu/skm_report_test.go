package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/audit"
	"mutu/internal/calendar"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// at sets the clock of the commands for the rest of the test.
func at(t *testing.T, when time.Time) {
	t.Helper()
	old := now
	now = func() time.Time { return when }
	t.Cleanup(func() { now = old })
}

// TestSKMReportDefaultPeriod: without a period the command reports on the
// current quarter in Asia/Jakarta and titles it as the web does.
func TestSKMReportDefaultPeriod(t *testing.T) {
	at(t, time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC))
	db := filepath.Join(t.TempDir(), "mutu.db")
	if _, _, err := mutu(t, "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	period := func(args ...string) (label string, rng skm.Range) {
		t.Helper()
		out, _, err := mutu(t, append([]string{"skm", "report", "--unit", "PKM-31.72.01", "--db", db}, args...)...)
		var rep struct {
			Period string    `json:"period"`
			Range  skm.Range `json:"range"`
		}
		if err != nil || json.Unmarshal([]byte(out), &rep) != nil {
			t.Fatalf("%v: %v %s", args, err, out)
		}
		return rep.Period, rep.Range
	}
	for _, tc := range []struct {
		name  string
		when  time.Time
		args  []string
		label string
		rng   skm.Range
	}{
		{"now", time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), nil, "Triwulan IV 2026", skm.Range{From: "2026-10-01", To: "2026-12-31"}},
		// 31 Dec 17:30 UTC is already New Year's Day in Jakarta.
		{"new year in Jakarta", time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC), nil, "Triwulan I 2027", skm.Range{From: "2027-01-01", To: "2027-03-31"}},
		{"a year", time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), []string{"--period", "2026"}, "Tahun 2026", skm.Range{From: "2026-01-01", To: "2026-12-31"}},
		{"dates", time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), []string{"--from", "2026-07-01", "--to", "2026-09-30"}, "1 Jul – 30 Sep 2026", skm.Range{From: "2026-07-01", To: "2026-09-30"}},
	} {
		at(t, tc.when)
		if label, rng := period(tc.args...); label != tc.label || rng != tc.rng {
			t.Errorf("%s: %q %v, want %q %v", tc.name, label, rng, tc.label, tc.rng)
		}
	}

	// The Laporan is titled the same way.
	at(t, time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC))
	xlsx := filepath.Join(t.TempDir(), "laporan.xlsx")
	if _, _, err := mutu(t, "skm", "report", "--unit", "PKM-31.72.01", "--format", "xlsx", "--out", xlsx, "--db", db); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if title, _ := f.GetCellValue("Olah Data", "A1"); !strings.HasSuffix(title, "— Triwulan IV 2026") {
		t.Errorf("title %q, want it to end with the quarter", title)
	}
	for _, bad := range [][]string{
		{"--period", "2026-T5"},
		{"--period", "2026", "--from", "2026-01-01"},
	} {
		if _, _, err := mutu(t, append([]string{"skm", "report", "--unit", "PKM-31.72.01", "--db", db}, bad...)...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// TestLaporanFromTheStore: the Laporan of a year compares it with years, of
// a semester with semesters, of a quarter with quarters, of a month with
// months; its working days are those of the holidays table in force.
func TestLaporanFromTheStore(t *testing.T) {
	for engine, dsn := range dsns(t) {
		t.Run(engine, func(t *testing.T) {
			at(t, time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC))
			db := dsn()
			if _, _, err := mutu(t, "seed", "--demo", "--db", db); err != nil {
				t.Fatal(err)
			}
			// The demo's history starts in November 2025; add answers from 2024.
			paper := filepath.Join(t.TempDir(), "kertas.csv")
			if err := os.WriteFile(paper, []byte("date,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n2024-03-04,4,4,3,4,4,4,4,3,4,\n2024-08-05,3,4,3,4,4,3,4,3,4,\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, _, err := mutu(t, "skm", "import", "--unit", "PKM-31.72.01", paper, "--db", db); err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(t.Context(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			st.Now = now
			u, err := st.UnitByCode(t.Context(), "PKM-31.72.01")
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				period, kind string
				trend        []string
			}{
				{"2026", "tahun", []string{"Tahun 2024", "Tahun 2025"}},
				{"2026-S2", "semester", []string{"Semester II 2024", "Semester II 2025", "Semester I 2026"}},
				{"2026-T4", "triwulan", []string{"Triwulan IV 2025", "Triwulan I 2026", "Triwulan II 2026", "Triwulan III 2026"}},
				{"2026-10", "bulan", []string{"Juni 2026", "Juli 2026", "Agustus 2026", "September 2026"}},
			} {
				rng, label, err := skm.ParsePeriod(tc.period)
				if tc.period == "2026-10" {
					rng, label, err = skm.Range{From: "2026-10-01", To: "2026-10-31"}, "Oktober 2026", nil
				}
				if err != nil {
					t.Fatal(err)
				}
				r, err := report.Assemble(t.Context(), st, u, rng, label, now())
				if err != nil {
					t.Fatal(err)
				}
				var labels []string
				for _, p := range r.Trend {
					labels = append(labels, p.Label)
				}
				if r.TrendKind != tc.kind || !slices.Equal(labels, tc.trend) {
					t.Errorf("%s: trend of %s %q, want %s %q", label, r.TrendKind, labels, tc.kind, tc.trend)
				}
			}

			// 2026 has 240 working days in the shipped calendar; a day the
			// administrator adds is one fewer.
			year := skm.Range{From: "2026-01-01", To: "2026-12-31"}
			collection := func() int {
				t.Helper()
				r, err := report.Assemble(t.Context(), st, u, year, "Tahun 2026", now())
				if err != nil {
					t.Fatal(err)
				}
				acts, err := report.Schedule(r.Range, r.Calendar)
				if err != nil {
					t.Fatal(err)
				}
				return acts[1].WorkingDays
			}
			if got := collection(); got != 240 {
				t.Errorf("2026: %d working days, want 240", got)
			}
			if err := st.SaveHoliday(t.Context(), audit.CLI, calendar.Day{Date: "2026-07-02", Name: "Libur daerah", Kind: calendar.NationalHoliday}); err != nil {
				t.Fatal(err)
			}
			if got := collection(); got != 239 {
				t.Errorf("2026 with a holiday added: %d working days, want 239", got)
			}
		})
	}
}
