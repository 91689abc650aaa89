// Package calendar is Mutu's working-day calendar (methods.md §3): dates are
// Asia/Jakarta (WIB) dates; Saturday, Sunday and every listed day (libur
// nasional and cuti bersama, decreed each year by an SKB of the Ministers of
// Religious Affairs, Manpower and PANRB) are not working days. The package is
// pure: no SQL, no HTTP, no clock.
//
// The holiday list is data. Builtin returns the embedded, versioned tables
// (data/YYYY.json, one file per year, with legal basis, sources and a
// confidence); an administrator's edited table, loaded from the store, goes
// through New the same way.
//
// # Deadlines
//
// A report received at instant t (in any zone) has n working days:
//
//   - The receipt day never counts, whatever the hour: day 1 is the first
//     working day after the Jakarta date of t, so a report received at 08:00
//     on a Monday and one received at 23:59 that Monday have the same
//     deadline. Counting from the next day gives every report received on a
//     date the same, full n days; counting the receipt day would make a report
//     that arrives at 16:55 lose most of a day and would make the deadline
//     depend on the hour, which the regulation does not mention.
//   - The deadline is the end of the n-th working day, that is 00:00 WIB of
//     the calendar day after it, returned in clock.Jakarta. A step is late
//     when now.After(deadline), so all of the n-th day is still in time, and
//     the due date shown to users is the local date of deadline minus one
//     nanosecond.
//   - n = 0 means the end of the receipt day; n < 0 is treated as 0.
//   - Only the Jakarta date of t matters: 2026-11-20 16:59:59Z is Friday
//     23:59:59 WIB, 17:00:00Z is already Saturday.
//
// WorkingDaysBetween(from, to) counts the working days d with
// date(from) < d <= date(to), so WorkingDaysBetween(t, Deadline(t, n)-1ns) == n
// for every t and n >= 0: the two functions are two views of one count.
//
// Years without data (Covers reports false) skip weekends only; callers should
// warn that the deadline may be too early.
package calendar

import (
	"slices"
	"strings"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Kind says why a day is not a working day.
type Kind string

const (
	NationalHoliday Kind = "libur_nasional" // hari libur nasional
	CollectiveLeave Kind = "cuti_bersama"   // cuti bersama
)

// Kinds in display order.
var Kinds = []Kind{NationalHoliday, CollectiveLeave}

// Day is one listed non-working day. Days that fall on a weekend are listed
// too: they do not change any count, but calendars show them.
type Day struct {
	Date string `json:"date"` // YYYY-MM-DD, an Asia/Jakarta date
	Name string `json:"name"` // in Indonesian, as in the decree
	Kind Kind   `json:"kind"`
}

// Calendar is an immutable set of listed days. The zero value lists nothing
// and covers no year.
type Calendar struct {
	days    map[int64]Day // by day number
	weekday []int64       // day numbers of listed days that fall Monday to Friday, ascending
	years   map[int]bool
}

// New builds a calendar from days, checking that every date is a real
// YYYY-MM-DD date, every name is given, every kind is known and no date is
// listed twice. A year is covered when at least one of its days is listed, so
// load whole years. Problems come back as one errs.Invalid error with a field
// error per bad entry (Row is the 1-based position in days).
func New(days []Day) (*Calendar, error) {
	c := &Calendar{days: make(map[int64]Day, len(days)), years: map[int]bool{}}
	var problems []errs.Field
	bad := func(i int, name, key, value string) {
		problems = append(problems, errs.Field{Row: i + 1, Name: name, Key: key, Value: value})
	}
	for i, d := range days {
		dn, ok := parseDate(d.Date)
		switch {
		case !ok:
			bad(i, "date", "calendar.err.date", d.Date)
		case c.has(dn):
			bad(i, "date", "calendar.err.duplicate", d.Date)
		}
		if strings.TrimSpace(d.Name) == "" {
			bad(i, "name", "calendar.err.name", "")
		}
		if !slices.Contains(Kinds, d.Kind) {
			bad(i, "kind", "calendar.err.kind", string(d.Kind))
		}
		if ok && !c.has(dn) {
			c.days[dn] = d
			c.years[yearOf(dn)] = true
			if isWeekday(dn) {
				c.weekday = append(c.weekday, dn)
			}
		}
	}
	if err := errs.Fields("calendar.err.days", problems); err != nil {
		return nil, err
	}
	slices.Sort(c.weekday)
	return c, nil
}

func (c *Calendar) has(dn int64) bool { _, ok := c.days[dn]; return ok }

// IsWorkingDay reports whether the Asia/Jakarta date of t is a working day:
// Monday to Friday and not listed.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(dayOf(t)) }

// Holiday returns the listed day on the Asia/Jakarta date of t, if any,
// including one that falls on a weekend.
func (c *Calendar) Holiday(t time.Time) (Day, bool) {
	d, ok := c.days[dayOf(t)]
	return d, ok
}

// Covers reports whether the calendar has data for year. For a year it does
// not cover, only weekends are skipped.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// Days returns the listed days of year in date order (a copy).
func (c *Calendar) Days(year int) []Day {
	var out []Day
	for dn, d := range c.days {
		if yearOf(dn) == year {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Day) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// Deadline returns the end of the n-th working day after the Asia/Jakarta
// date of received: 00:00 WIB of the following calendar day, in clock.Jakarta.
// See the package documentation for the reasoning.
func (c *Calendar) Deadline(received time.Time, n int) time.Time {
	dn := dayOf(received)
	for left := n; left > 0; {
		dn++
		if c.working(dn) {
			left--
		}
	}
	return startOf(dn + 1)
}

// WorkingDaysBetween counts the working days after the Asia/Jakarta date of
// from, up to and including the date of to; it is negative when to's date is
// before from's, so WorkingDaysBetween(a, b) == -WorkingDaysBetween(b, a).
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := dayOf(from), dayOf(to)
	if b < a {
		return -c.count(b, a)
	}
	return c.count(a, b)
}

// count returns the number of working days in (a, b], for a <= b.
func (c *Calendar) count(a, b int64) int {
	lo, _ := slices.BinarySearch(c.weekday, a+1)
	hi, _ := slices.BinarySearch(c.weekday, b+1)
	return int(weekdaysThrough(b)-weekdaysThrough(a)) - (hi - lo)
}

func (c *Calendar) working(dn int64) bool { return isWeekday(dn) && !c.has(dn) }

// Day numbers count days since 1970-01-01 (a Thursday), as calendar dates.

func dayOf(t time.Time) int64 {
	y, m, d := t.In(clock.Jakarta).Date()
	return civil(y, m, d)
}

func civil(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func startOf(dn int64) time.Time {
	y, m, d := time.Unix(dn*86400, 0).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Jakarta)
}

func yearOf(dn int64) int { return time.Unix(dn*86400, 0).UTC().Year() }

// parseDate accepts exactly YYYY-MM-DD naming a real date.
func parseDate(s string) (int64, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return 0, false
	}
	return civil(t.Date()), true
}

// weekday returns 0 for Sunday … 6 for Saturday.
func weekday(dn int64) int64 { return ((dn+4)%7 + 7) % 7 }

func isWeekday(dn int64) bool { w := weekday(dn); return w != 0 && w != 6 }

// weekdaysThrough is a running count of Mondays to Fridays: its difference
// between two day numbers is the number of weekdays in between, (a, b].
func weekdaysThrough(dn int64) int64 {
	k := dn - 4 // 1970-01-05 was a Monday
	q := k / 7
	if k%7 < 0 {
		q--
	}
	r := k - 7*q // 0 = Monday … 6 = Sunday
	return 5*q + min(r+1, 5)
}
