package calendar_test

import (
	"testing"
	"time"

	"mutu/internal/calendar"
)

// FuzzDeadline: for any receipt time and n in 0..100, the deadline is after
// the receipt, at 00:00 WIB, the day before it is a working day when n > 0,
// and WorkingDaysBetween(received, deadline-1ns) == n.
func FuzzDeadline(f *testing.F) {
	for _, seed := range []struct {
		unix int64
		n    uint8
	}{
		{time.Date(2026, 11, 20, 16, 59, 59, 0, time.UTC).Unix(), 1}, // Fri 23:59:59 WIB
		{time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC).Unix(), 1},   // Sat 00:00 WIB
		{time.Date(2026, 3, 17, 7, 0, 0, 0, time.UTC).Unix(), 10},    // before Nyepi and Idulfitri
		{time.Date(2025, 3, 27, 3, 0, 0, 0, time.UTC).Unix(), 60},
		{time.Date(2026, 12, 23, 9, 0, 0, 0, time.UTC).Unix(), 5}, // New Year 2027
		{time.Date(2027, 12, 31, 16, 59, 0, 0, time.UTC).Unix(), 100},
		{0, 0},
		{-1, 3},
	} {
		f.Add(seed.unix, seed.n)
	}
	c, _ := calendar.Builtin()
	const lo, span = -2208988800, 4102444800 + 2208988800 // 1900-01-01 to 2100-01-01
	f.Fuzz(func(t *testing.T, unix int64, n uint8) {
		if unix < lo || unix >= lo+span { // fold any int64 into 1900..2099
			unix = lo + ((unix%span)+span)%span
		}
		checkDeadline(t, c, time.Unix(unix, 0), int(n)%101)
	})
}
