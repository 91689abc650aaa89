// Package clock holds the time conventions of Mutu: an injectable clock, the
// Asia/Jakarta zone (WIB, UTC+7, no daylight saving since 1964), and the
// fixed-width UTC text form timestamps are stored in on both engines.
package clock

import "time"

// Jakarta is Asia/Jakarta. A fixed zone avoids depending on the host's tzdata.
var Jakarta = time.FixedZone("WIB", 7*60*60)

// Clock returns the current time; tests inject a fixed or stepping one.
type Clock func() time.Time

// System is the real clock.
func System() time.Time { return time.Now() }

// StoredLayout is how timestamps are stored: UTC, fixed width, so that text
// order is time order on SQLite and PostgreSQL alike.
const StoredLayout = "2006-01-02T15:04:05.000000Z"

// Format returns t in StoredLayout (UTC).
func Format(t time.Time) string { return t.UTC().Format(StoredLayout) }

// Parse reads a StoredLayout timestamp.
func Parse(s string) (time.Time, error) { return time.Parse(StoredLayout, s) }

// LocalDate is the Asia/Jakarta calendar date of t as YYYY-MM-DD, stored
// beside each event so reports can group by local day.
func LocalDate(t time.Time) string { return t.In(Jakarta).Format(time.DateOnly) }
