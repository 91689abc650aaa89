package skm

import (
	"reflect"
	"testing"
	"time"
)

func TestPeriodRange(t *testing.T) {
	for _, tc := range []struct {
		kind     Kind
		year, n  int
		from, to string
		label    string
	}{
		{Quarter, 2026, 1, "2026-01-01", "2026-03-31", "Triwulan I 2026"},
		{Quarter, 2024, 1, "2024-01-01", "2024-03-31", "Triwulan I 2024"},
		{Quarter, 2026, 4, "2026-10-01", "2026-12-31", "Triwulan IV 2026"},
		{Semester, 2026, 2, "2026-07-01", "2026-12-31", "Semester II 2026"},
		{Year, 2028, 1, "2028-01-01", "2028-12-31", "Tahun 2028"},
	} {
		r, err := PeriodRange(tc.kind, tc.year, tc.n)
		if err != nil || r.From != tc.from || r.To != tc.to || PeriodLabel(tc.kind, tc.year, tc.n) != tc.label {
			t.Errorf("%v %d %d: %v %v %s", tc.kind, tc.year, tc.n, r, err, PeriodLabel(tc.kind, tc.year, tc.n))
		}
	}
	for _, bad := range []struct {
		kind    Kind
		year, n int
	}{{Quarter, 2026, 5}, {Quarter, 2026, 0}, {Semester, 2026, 3}, {Year, 2026, 2}, {"bulan", 2026, 1}, {Year, 1999, 1}} {
		if _, err := PeriodRange(bad.kind, bad.year, bad.n); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestCurrentQuarterInJakarta(t *testing.T) {
	// 30 Sep 2026 18:00 UTC is 1 Oct 01:00 WIB: the fourth quarter.
	r, label := CurrentQuarter(time.Date(2026, 9, 30, 18, 0, 0, 0, time.UTC))
	if r.From != "2026-10-01" || label != "Triwulan IV 2026" {
		t.Errorf("%v %s", r, label)
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		r      Range
		months []string
		days   []Range
	}{
		{Range{"2026-01-01", "2026-12-31"}, []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"}, nil},
		{Range{"2026-01-15", "2026-03-10"}, []string{"2026-02"}, []Range{{"2026-01-15", "2026-01-31"}, {"2026-03-01", "2026-03-10"}}},
		{Range{"2026-02-03", "2026-02-05"}, nil, []Range{{"2026-02-03", "2026-02-05"}}},
		{Range{"2024-02-01", "2024-02-29"}, []string{"2024-02"}, nil},
		{Range{"2025-12-31", "2026-01-01"}, nil, []Range{{"2025-12-31", "2025-12-31"}, {"2026-01-01", "2026-01-01"}}},
		{Range{"2026-03-01", "2026-02-01"}, nil, nil},
	} {
		m, d := tc.r.Split()
		if !reflect.DeepEqual(m, tc.months) || !reflect.DeepEqual(d, tc.days) {
			t.Errorf("%v: %v %v", tc.r, m, d)
		}
	}
}

func TestParseRange(t *testing.T) {
	if _, err := ParseRange("2026-01-01", "2026-03-31"); err != nil {
		t.Error(err)
	}
	for _, bad := range [][2]string{{"2026-13-01", "2026-12-01"}, {"2026-03-01", "2026-02-01"}, {"", ""}, {"2000-01-01", "2030-01-01"}} {
		if _, err := ParseRange(bad[0], bad[1]); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestAgeBand(t *testing.T) {
	for age, want := range map[int]string{0: "", 15: "u20", 19: "u20", 20: "20", 29: "20", 30: "30", 59: "50", 60: "60", 99: "60"} {
		if got := AgeBand(age); got != want {
			t.Errorf("AgeBand(%d) = %q, want %q", age, got, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for code, want := range map[string]string{"2026-T3": "2026-07-01..2026-09-30 Triwulan III 2026", "2026-S1": "2026-01-01..2026-06-30 Semester I 2026", "2025": "2025-01-01..2025-12-31 Tahun 2025"} {
		r, label, err := ParsePeriod(code)
		if err != nil || r.From+".."+r.To+" "+label != want {
			t.Errorf("%s: %v %s %v", code, r, label, err)
		}
	}
	for _, bad := range []string{"", "2026-T5", "2026-X1", "20261", "abcd", "2026-T", "2026-S3", "1990"} {
		if _, _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	got := QuarterCodes(time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), 3)
	if !reflect.DeepEqual(got, []string{"2025-T3", "2025-T4", "2026-T1"}) {
		t.Errorf("QuarterCodes: %v", got)
	}
}
