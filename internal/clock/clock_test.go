package clock_test

import (
	"slices"
	"sort"
	"testing"
	"time"

	"mutu/internal/clock"
)

func TestLocalDate(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		// WIB is UTC+7: the local day starts at 17:00 UTC the evening before.
		{time.Date(2026, 11, 23, 16, 59, 59, 999_999_999, time.UTC), "2026-11-23"},
		{time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC), "2026-11-24"},
		{time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC), "2026-11-24"},
		{time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), "2026-11-23"},
		// Month, year and leap-day boundaries.
		{time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "2027-01-01"},
		{time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), "2026-12-31"},
		{time.Date(2028, 2, 28, 17, 0, 0, 0, time.UTC), "2028-02-29"},
		{time.Date(2026, 2, 28, 17, 0, 0, 0, time.UTC), "2026-03-01"},
		// The zone of t does not matter, only the instant.
		{time.Date(2026, 11, 24, 0, 30, 0, 0, clock.Jakarta), "2026-11-24"},
		{time.Date(2026, 11, 23, 12, 0, 0, 0, time.FixedZone("EST", -5*3600)), "2026-11-24"},
		{time.Date(2026, 11, 24, 0, 30, 0, 0, time.FixedZone("WIT", 9*3600)), "2026-11-23"},
	}
	for _, tt := range tests {
		if got := clock.LocalDate(tt.t); got != tt.want {
			t.Errorf("LocalDate(%s) = %s; want %s", tt.t.Format(time.RFC3339Nano), got, tt.want)
		}
	}
}

func TestJakarta(t *testing.T) {
	name, offset := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).In(clock.Jakarta).Zone()
	if name != "WIB" || offset != 7*3600 {
		t.Errorf("Jakarta zone = %s %+d; want WIB +25200", name, offset)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 23, 17, 30, 0, 0, time.UTC), "2026-11-23T17:30:00.000000Z"},
		// Converted to UTC.
		{time.Date(2026, 11, 24, 0, 30, 0, 0, clock.Jakarta), "2026-11-23T17:30:00.000000Z"},
		// Microseconds kept, nanoseconds truncated (not rounded).
		{time.Date(2026, 1, 2, 3, 4, 5, 123_456_789, time.UTC), "2026-01-02T03:04:05.123456Z"},
		{time.Date(2026, 1, 2, 3, 4, 5, 999_999_999, time.UTC), "2026-01-02T03:04:05.999999Z"},
		{time.Date(2026, 1, 2, 3, 4, 5, 1_000, time.UTC), "2026-01-02T03:04:05.000001Z"},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01T00:00:00.000000Z"},
		{time.Date(9999, 12, 31, 23, 59, 59, 999_999_000, time.UTC), "9999-12-31T23:59:59.999999Z"},
	}
	for _, tt := range tests {
		got := clock.Format(tt.t)
		if got != tt.want {
			t.Errorf("Format(%s) = %s; want %s", tt.t.Format(time.RFC3339Nano), got, tt.want)
		}
		if len(got) != len(clock.StoredLayout) {
			t.Errorf("Format(%s) has width %d; want %d", tt.t, len(got), len(clock.StoredLayout))
		}
		back, err := clock.Parse(got)
		if err != nil {
			t.Errorf("Parse(%s): %v", got, err)
			continue
		}
		if want := tt.t.Truncate(time.Microsecond); !back.Equal(want) || back.Location() != time.UTC {
			t.Errorf("Parse(Format(t)) = %s; want %s in UTC", back, want)
		}
	}
}

// TestFormatOrder: sorting stored text sorts by time, because the width is fixed.
func TestFormatOrder(t *testing.T) {
	base := time.Date(2026, 11, 23, 16, 59, 59, 0, time.UTC)
	var times []time.Time
	for _, d := range []time.Duration{0, time.Microsecond, 9 * time.Microsecond, 10 * time.Microsecond, 999_999 * time.Microsecond,
		time.Second, 10 * time.Second, time.Minute, time.Hour, 7 * time.Hour, 24 * time.Hour, 40 * 24 * time.Hour, 400 * 24 * time.Hour,
		-time.Microsecond, -time.Second, -time.Hour, -10 * 365 * 24 * time.Hour} {
		times = append(times, base.Add(d))
	}
	// Same instants expressed in other zones.
	times = append(times, base.Add(time.Hour).In(clock.Jakarta), base.Add(2*time.Hour).In(time.FixedZone("X", -11*3600)))
	texts := make([]string, len(times))
	for i, tm := range times {
		texts[i] = clock.Format(tm)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	sort.Strings(texts)
	for i := range times {
		if want := clock.Format(times[i]); texts[i] != want {
			t.Fatalf("text order differs from time order at %d: %s vs %s", i, texts[i], want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{
		"",
		"2026-11-23",
		"2026-11-23T17:30:00Z",
		"2026-11-23T17:30:00.000000",
		"2026-11-23 17:30:00.000000Z",
		"2026-11-23T17:30:00.000000+07:00",
		"2026-13-23T17:30:00.000000Z",
		"2026-02-30T17:30:00.000000Z",
		"2026-11-23T24:30:00.000000Z",
	} {
		if tm, err := clock.Parse(s); err == nil {
			t.Errorf("Parse(%q) = %s; want an error", s, tm)
		}
	}
}

func TestSystem(t *testing.T) {
	var c clock.Clock = clock.System
	before := time.Now()
	got := c()
	if got.Before(before) || got.Sub(before) > time.Minute {
		t.Errorf("System() = %s; want about %s", got, before)
	}
}
