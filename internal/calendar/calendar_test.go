package calendar_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/errs"
)

// wib is a wall-clock time in Asia/Jakarta.
func wib(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, clock.Jakarta)
}

// midnight is 00:00 WIB of a date given as YYYY-MM-DD.
func midnight(t *testing.T, date string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, date, clock.Jakarta)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func builtin(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, _ := calendar.Builtin()
	return c
}

func TestIsWorkingDay(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		name string
		at   time.Time
		want bool
	}{
		{"plain Tuesday", wib(2026, 11, 24, 9, 0), true},
		{"Saturday", wib(2026, 11, 21, 9, 0), false},
		{"Sunday", wib(2026, 11, 22, 9, 0), false},
		{"libur nasional on a weekday", wib(2026, 1, 16, 9, 0), false},
		{"cuti bersama", wib(2026, 3, 20, 9, 0), false},
		{"cuti bersama added by the 2025 amendment", wib(2025, 8, 18, 9, 0), false},
		{"Friday 23:59 WIB", wib(2026, 11, 20, 23, 59), true},
		{"the same instant in UTC", time.Date(2026, 11, 20, 16, 59, 0, 0, time.UTC), true},
		{"17:00Z is Saturday 00:00 WIB", time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC), false},
		{"Nyepi 23:59 WIB, 16:59Z", time.Date(2026, 3, 19, 16, 59, 59, 0, time.UTC), false},
		{"Wednesday after Idulfitri 2026", wib(2026, 3, 25, 0, 0), true},
		{"uncovered year: weekday", wib(2028, 1, 3, 9, 0), true},
		{"uncovered year: New Year is not listed", wib(2028, 1, 1, 9, 0), false}, // a Saturday
		{"uncovered year: 1 Jan 2029 counts as working", wib(2029, 1, 1, 9, 0), true},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.at); got != tt.want {
			t.Errorf("%s: IsWorkingDay(%s) = %v; want %v", tt.name, tt.at.Format(time.RFC3339), got, tt.want)
		}
	}
}

func TestHoliday(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		at   time.Time
		want calendar.Day
		ok   bool
	}{
		{wib(2026, 3, 21, 12, 0), calendar.Day{Date: "2026-03-21", Name: "Idulfitri 1447 Hijriah", Kind: calendar.NationalHoliday}, true}, // a Saturday
		{wib(2026, 3, 23, 12, 0), calendar.Day{Date: "2026-03-23", Name: "Cuti Bersama Idulfitri 1447 Hijriah", Kind: calendar.CollectiveLeave}, true},
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), calendar.Day{Date: "2027-01-01", Name: "Tahun Baru 2027 Masehi", Kind: calendar.NationalHoliday}, true},
		{time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), calendar.Day{}, false},
		{wib(2027, 12, 26, 0, 0), calendar.Day{Date: "2027-12-26", Name: "Isra Mikraj Nabi Muhammad SAW", Kind: calendar.NationalHoliday}, true},
		{wib(2026, 11, 24, 9, 0), calendar.Day{}, false},
	}
	for _, tt := range tests {
		got, ok := c.Holiday(tt.at)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Holiday(%s) = %+v, %v; want %+v, %v", tt.at.Format(time.RFC3339), got, ok, tt.want, tt.ok)
		}
	}
}

func TestCovers(t *testing.T) {
	c := builtin(t)
	for y, want := range map[int]bool{2024: false, 2025: true, 2026: true, 2027: true, 2028: false} {
		if got := c.Covers(y); got != want {
			t.Errorf("Covers(%d) = %v; want %v", y, got, want)
		}
	}
	var zero calendar.Calendar
	if zero.Covers(2026) || !zero.IsWorkingDay(wib(2026, 1, 1, 9, 0)) {
		t.Error("the zero Calendar should list nothing and cover nothing")
	}
}

func TestDays(t *testing.T) {
	c := builtin(t)
	days := c.Days(2026)
	if len(days) != 25 || days[0].Date != "2026-01-01" || days[len(days)-1].Date != "2026-12-25" {
		t.Fatalf("Days(2026) = %d days from %v to %v", len(days), days[0], days[len(days)-1])
	}
	for i := 1; i < len(days); i++ {
		if days[i-1].Date >= days[i].Date {
			t.Errorf("Days(2026) not in order at %d: %s, %s", i, days[i-1].Date, days[i].Date)
		}
	}
	if got := c.Days(2028); len(got) != 0 {
		t.Errorf("Days(2028) = %v; want none", got)
	}
}

// The expected deadlines were computed by an independent implementation (a
// day-by-day loop in Python over the same JSON files) and checked by hand
// where the comment says why.
func TestDeadline(t *testing.T) {
	c := builtin(t)
	fri2359 := wib(2026, 11, 20, 23, 59)
	sat0000 := wib(2026, 11, 21, 0, 0)
	tests := []struct {
		name     string
		received time.Time
		n        int
		want     string // the deadline is 00:00 WIB of this date
	}{
		// Friday 23:59 WIB against Saturday 00:00 WIB, in WIB and in UTC.
		{"Fri 23:59, n=0: end of Friday", fri2359, 0, "2026-11-21"},
		{"Sat 00:00, n=0: end of Saturday", sat0000, 0, "2026-11-22"},
		{"Fri 23:59, n=1: Monday", fri2359, 1, "2026-11-24"},
		{"Sat 00:00, n=1: Monday too", sat0000, 1, "2026-11-24"},
		{"Fri 16:59Z, n=0", time.Date(2026, 11, 20, 16, 59, 0, 0, time.UTC), 0, "2026-11-21"},
		{"Fri 17:00Z is Sat 00:00 WIB, n=0", time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC), 0, "2026-11-22"},
		{"Fri 16:59:59.999999999Z, n=0", time.Date(2026, 11, 20, 16, 59, 59, 999_999_999, time.UTC), 0, "2026-11-21"},
		{"Thu 23:59 WIB, n=1: Friday", wib(2026, 11, 19, 23, 59), 1, "2026-11-21"},
		{"Fri 00:00 WIB, n=1: Monday", wib(2026, 11, 20, 0, 0), 1, "2026-11-24"},
		{"Fri 08:00, n=1: the receipt day never counts", wib(2026, 11, 20, 8, 0), 1, "2026-11-24"},
		{"Fri 23:59, n=3", fri2359, 3, "2026-11-26"},
		{"Fri 23:59, n=5", fri2359, 5, "2026-11-28"},
		{"Fri 23:59, n=10", fri2359, 10, "2026-12-05"},
		{"Fri 23:59, n=60, across Natal and New Year 2027", fri2359, 60, "2027-02-20"},
		{"Sat 00:00, n=60", sat0000, 60, "2027-02-20"},
		{"in New York, Fri 11:59 EST is Fri 23:59 WIB", time.Date(2026, 11, 20, 11, 59, 0, 0, time.FixedZone("EST", -5*3600)), 1, "2026-11-24"},
		{"in Jayapura, Sat 01:59 WIT is Fri 23:59 WIB", time.Date(2026, 11, 21, 1, 59, 0, 0, time.FixedZone("WIT", 9*3600)), 0, "2026-11-21"},

		// Received on a holiday.
		{"on Kenaikan (Thu), n=0", wib(2026, 5, 14, 10, 0), 0, "2026-05-15"},
		{"on Kenaikan, n=1: Fri is cuti bersama, so Monday", wib(2026, 5, 14, 10, 0), 1, "2026-05-19"},
		{"on Kenaikan, n=5", wib(2026, 5, 14, 10, 0), 5, "2026-05-23"},
		{"on the 18 Aug 2025 cuti bersama, n=1", wib(2025, 8, 18, 9, 0), 1, "2025-08-20"},

		// Runs: Nyepi and Idulfitri with their cuti bersama.
		{"2025: Thu before Nyepi+Idulfitri, n=1: Tue 8 Apr", wib(2025, 3, 27, 10, 0), 1, "2025-04-09"},
		{"2025 run, n=3", wib(2025, 3, 27, 10, 0), 3, "2025-04-11"},
		{"2025 run, n=5", wib(2025, 3, 27, 10, 0), 5, "2025-04-15"},
		{"2025 run, n=10, across Wafat Yesus Kristus", wib(2025, 3, 27, 10, 0), 10, "2025-04-23"},
		{"2026: Tue before Nyepi+Idulfitri, n=1: Wed 25 Mar", wib(2026, 3, 17, 14, 0), 1, "2026-03-26"},
		{"2026 run, n=5", wib(2026, 3, 17, 14, 0), 5, "2026-04-01"},
		{"2026 run, n=10, across Wafat Yesus Kristus", wib(2026, 3, 17, 14, 0), 10, "2026-04-09"},
		{"2026 run, n=60", wib(2026, 3, 17, 14, 0), 60, "2026-06-27"},
		{"2027: Fri before Nyepi+Idulfitri, n=1: Tue 16 Mar", wib(2027, 3, 5, 10, 0), 1, "2027-03-17"},
		{"2027 run, n=5", wib(2027, 3, 5, 10, 0), 5, "2027-03-23"},

		// New Year.
		{"2025→2026, n=1: Natal and cuti bersama", wib(2025, 12, 24, 10, 0), 1, "2025-12-30"},
		{"2025→2026, n=3: due at 00:00 on 1 Jan", wib(2025, 12, 24, 10, 0), 3, "2026-01-01"},
		{"2025→2026, n=5", wib(2025, 12, 24, 10, 0), 5, "2026-01-06"},
		{"2025→2026, n=10", wib(2025, 12, 24, 10, 0), 10, "2026-01-13"},
		{"2026→2027, n=1", wib(2026, 12, 23, 16, 0), 1, "2026-12-29"},
		{"2026→2027, n=5: due at the start of Isra Mikraj", wib(2026, 12, 23, 16, 0), 5, "2027-01-05"},
		{"2026→2027, n=10", wib(2026, 12, 23, 16, 0), 10, "2027-01-13"},
		{"2026→2027, n=60", wib(2026, 12, 23, 16, 0), 60, "2027-04-06"},
		{"n=60 ending the day before Natal 2025", wib(2025, 10, 1, 9, 0), 60, "2025-12-25"},

		// Years without data: weekends only.
		{"2027→2028 (uncovered), n=60", wib(2027, 11, 1, 9, 0), 60, "2028-01-26"},
		{"2028 (uncovered), n=5", wib(2028, 1, 3, 9, 0), 5, "2028-01-11"},
		{"2024 (uncovered) into 2025, n=1: 1 Jan 2025 is listed", wib(2024, 12, 31, 9, 0), 1, "2025-01-03"},

		{"negative n is 0", wib(2026, 11, 24, 9, 0), -3, "2026-11-25"},
	}
	for _, tt := range tests {
		got := c.Deadline(tt.received, tt.n)
		want := midnight(t, tt.want)
		if !got.Equal(want) || got.Location() != clock.Jakarta {
			t.Errorf("%s: Deadline(%s, %d) = %s; want %s", tt.name, tt.received.Format(time.RFC3339Nano), tt.n,
				got.Format(time.RFC3339), want.Format(time.RFC3339))
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := builtin(t)
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same instant", wib(2026, 11, 24, 9, 0), wib(2026, 11, 24, 9, 0), 0},
		{"same date, later hour", wib(2026, 11, 24, 0, 0), wib(2026, 11, 24, 23, 59), 0},
		{"Fri to Sat", wib(2026, 11, 20, 23, 59), wib(2026, 11, 21, 0, 0), 0},
		{"Fri to Mon", wib(2026, 11, 20, 23, 59), wib(2026, 11, 23, 0, 0), 1},
		{"Mon to Fri, backwards", wib(2026, 11, 23, 0, 0), wib(2026, 11, 20, 23, 59), -1},
		{"Thu 16:59Z to Thu 17:00Z crosses a WIB midnight", time.Date(2026, 11, 19, 16, 59, 0, 0, time.UTC), time.Date(2026, 11, 19, 17, 0, 0, 0, time.UTC), 1},
		{"across the 2026 Idulfitri run", wib(2026, 3, 17, 14, 0), wib(2026, 3, 25, 8, 0), 1},
		{"across the 2025 Idulfitri run", wib(2025, 3, 27, 14, 0), wib(2025, 4, 8, 8, 0), 1},
		// Whole years: 261 weekdays each, less the listed weekdays. The
		// stock exchange's announced sessions (239 in 2026, 241 in 2027) are
		// these less its own 31 December closure.
		{"all of 2025", wib(2024, 12, 31, 12, 0), wib(2025, 12, 31, 12, 0), 237},
		{"all of 2026", wib(2025, 12, 31, 12, 0), wib(2026, 12, 31, 12, 0), 240},
		{"all of 2027", wib(2026, 12, 31, 12, 0), wib(2027, 12, 31, 12, 0), 242},
		{"all of 2028 (uncovered, leap year)", wib(2027, 12, 31, 12, 0), wib(2028, 12, 31, 12, 0), 260},
		{"three years backwards", wib(2027, 12, 31, 12, 0), wib(2024, 12, 31, 12, 0), -(237 + 240 + 242)},
		{"before 1970", wib(1969, 12, 26, 12, 0), wib(1970, 1, 2, 12, 0), 5},
	}
	for _, tt := range tests {
		if got := c.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: WorkingDaysBetween(%s, %s) = %d; want %d", tt.name,
				tt.from.Format(time.RFC3339), tt.to.Format(time.RFC3339), got, tt.want)
		}
		if got := c.WorkingDaysBetween(tt.to, tt.from); got != -tt.want {
			t.Errorf("%s: reversed = %d; want %d", tt.name, got, -tt.want)
		}
	}
}

// naiveBetween counts day by day, as a reference for the arithmetic in
// WorkingDaysBetween.
func naiveBetween(c *calendar.Calendar, from, to time.Time) int {
	a := midnightOf(from)
	b := midnightOf(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

func midnightOf(t time.Time) time.Time {
	y, m, d := t.In(clock.Jakarta).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Jakarta)
}

// randomInstant is uniform over 2025-2027 (WIB), to the nanosecond.
func randomInstant(r *rand.Rand) time.Time {
	lo := time.Date(2025, 1, 1, 0, 0, 0, 0, clock.Jakarta)
	hi := time.Date(2028, 1, 1, 0, 0, 0, 0, clock.Jakarta)
	return lo.Add(time.Duration(r.Int64N(int64(hi.Sub(lo)))))
}

// TestDeadlineProperties: over 2,000 random receipt times, the deadline is
// 00:00 WIB after the receipt, its day before is a working day, and
// WorkingDaysBetween agrees with it; WorkingDaysBetween is antisymmetric and
// agrees with a day-by-day count.
func TestDeadlineProperties(t *testing.T) {
	c := builtin(t)
	r := rand.New(rand.NewPCG(2026, 11))
	for i := range 2000 {
		received := randomInstant(r)
		n := []int{0, 1, 3, 5, 10, 60}[i%6]
		if i%5 == 0 {
			n = r.IntN(101)
		}
		checkDeadline(t, c, received, n)

		other := randomInstant(r)
		ab, ba := c.WorkingDaysBetween(received, other), c.WorkingDaysBetween(other, received)
		if ab != -ba {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d but reversed = %d", received, other, ab, ba)
		}
		if i%10 == 0 {
			if want := naiveBetween(c, received, other); ab != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d; day by day %d", received, other, ab, want)
			}
		}
	}
}

func checkDeadline(t *testing.T, c *calendar.Calendar, received time.Time, n int) {
	t.Helper()
	d := c.Deadline(received, n)
	if !d.After(received) {
		t.Fatalf("Deadline(%s, %d) = %s, not after the receipt", received, n, d)
	}
	if d.Location() != clock.Jakarta {
		t.Fatalf("Deadline(%s, %d) is in %s, not clock.Jakarta", received, n, d.Location())
	}
	if h, m, s := d.Clock(); h != 0 || m != 0 || s != 0 || d.Nanosecond() != 0 {
		t.Fatalf("Deadline(%s, %d) = %s, not 00:00 WIB", received, n, d)
	}
	last := d.Add(-time.Nanosecond)
	if n > 0 && !c.IsWorkingDay(last) {
		t.Fatalf("Deadline(%s, %d) = %s: the day before is not a working day", received, n, d)
	}
	if n == 0 && midnightOf(last) != midnightOf(received) {
		t.Fatalf("Deadline(%s, 0) = %s, not the end of the receipt day", received, d)
	}
	if got := c.WorkingDaysBetween(received, last); got != n {
		t.Fatalf("WorkingDaysBetween(%s, Deadline(…, %d)-1ns = %s) = %d", received, n, last, got)
	}
}

func TestNew(t *testing.T) {
	good := []calendar.Day{
		{Date: "2030-01-01", Name: "Tahun Baru 2030 Masehi", Kind: calendar.NationalHoliday},
		{Date: "2030-01-02", Name: "Cuti Bersama", Kind: calendar.CollectiveLeave},
	}
	c, err := calendar.New(good)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers(2030) || c.Covers(2029) || c.IsWorkingDay(wib(2030, 1, 2, 9, 0)) || !c.IsWorkingDay(wib(2030, 1, 3, 9, 0)) {
		t.Error("New(good) built the wrong calendar")
	}
	// Three working days after Mon 31 Dec 2029: 3, 4, 7 Jan.
	if got, want := c.Deadline(wib(2029, 12, 31, 9, 0), 3), midnight(t, "2030-01-08"); !got.Equal(want) {
		t.Errorf("Deadline = %s; want %s", got, want)
	}
	if c, err := calendar.New(nil); err != nil || c.Covers(2026) {
		t.Errorf("New(nil) = %v, %v; want an empty calendar", c, err)
	}

	day := func(date, name string, kind calendar.Kind) calendar.Day {
		return calendar.Day{Date: date, Name: name, Kind: kind}
	}
	tests := []struct {
		name  string
		days  []calendar.Day
		field string
		key   string
		row   int
	}{
		{"no such date", []calendar.Day{day("2026-02-30", "x", calendar.NationalHoliday)}, "date", "calendar.err.date", 1},
		{"not zero-padded", []calendar.Day{day("2026-2-3", "x", calendar.NationalHoliday)}, "date", "calendar.err.date", 1},
		{"two-digit year", []calendar.Day{day("26-01-01", "x", calendar.NationalHoliday)}, "date", "calendar.err.date", 1},
		{"empty date", []calendar.Day{day("", "x", calendar.NationalHoliday)}, "date", "calendar.err.date", 1},
		{"date with a time", []calendar.Day{day("2026-01-01T00:00:00Z", "x", calendar.NationalHoliday)}, "date", "calendar.err.date", 1},
		{"blank name", []calendar.Day{good[0], day("2026-01-01", " \t", calendar.NationalHoliday)}, "name", "calendar.err.name", 2},
		{"unknown kind", []calendar.Day{day("2026-01-01", "x", "libur_daerah")}, "kind", "calendar.err.kind", 1},
		{"empty kind", []calendar.Day{day("2026-01-01", "x", "")}, "kind", "calendar.err.kind", 1},
		{"duplicate date", []calendar.Day{good[0], good[1], day("2030-01-01", "again", calendar.CollectiveLeave)}, "date", "calendar.err.duplicate", 3},
	}
	for _, tt := range tests {
		c, err := calendar.New(tt.days)
		if c != nil || !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: New = %v, %v; want an Invalid error", tt.name, c, err)
			continue
		}
		e, _ := errs.As(err)
		if len(e.Fields) != 1 || e.Fields[0].Name != tt.field || e.Fields[0].Key != tt.key || e.Fields[0].Row != tt.row {
			t.Errorf("%s: fields = %+v; want one %s/%s at row %d", tt.name, e.Fields, tt.field, tt.key, tt.row)
		}
	}
	// Every bad entry is reported, not only the first.
	_, err = calendar.New([]calendar.Day{day("x", "", "y"), day("2026-01-01", "ok", calendar.NationalHoliday), day("2026-01-01", "", calendar.CollectiveLeave)})
	if e, ok := errs.As(err); !ok || len(e.Fields) != 5 {
		t.Errorf("New(three bad entries) = %v; want 5 field errors", err)
	}
}
