package skm

import (
	"strconv"
	"time"
)

// Anonymous web responses are never refused for volume: a Puskesmas Wi-Fi
// or a mobile operator's CGNAT puts many honest respondents behind one
// address. Instead, responses beyond what one address plausibly sends are
// stored but held out of every IKM until a manager of the unit releases
// (or discards) them. Kiosk and API responses come from authenticated
// clients and are never held.

// HoldReason says why a response is held.
type HoldReason string

const (
	HeldRate  HoldReason = "rate"  // more than PerHour responses from one address to one unit in a clock hour
	HeldBurst HoldReason = "burst" // more than Burst identical answers from one address to one unit in a short window
)

// HoldReasons lists the reasons in display order.
var HoldReasons = []HoldReason{HeldRate, HeldBurst}

// HoldPolicy is when anonymous web responses are held.
type HoldPolicy struct {
	PerHour int // responses per client address, unit and clock hour (UTC) counted normally
	Burst   int // identical answer vectors per client address and unit within BurstWindow counted normally
}

// DefaultHoldPolicy: 20 an hour per address is more than one counter serves
// through one Wi-Fi in busy hours (MUTU_SURVEY_HOLD_PER_HOUR); three
// identical vectors in ten minutes leaves room for a family answering alike.
var DefaultHoldPolicy = HoldPolicy{PerHour: 20, Burst: 3}

// BurstWindow is the window of the identical-answers rule. Counts are kept
// per fixed window and the previous window is added, so a burst straddling
// a window boundary is still seen: the rule covers the last 10 to 20 minutes.
const BurstWindow = 10 * time.Minute

// Reason decides whether a response is held, given its number in the hour
// (this one included) and the number of identical answer vectors in the
// current and previous burst windows (this one included). Zero or negative
// limits disable a rule.
func (p HoldPolicy) Reason(inHour, identical int) HoldReason {
	switch {
	case p.PerHour > 0 && inHour > p.PerHour:
		return HeldRate
	case p.Burst > 0 && identical > p.Burst:
		return HeldBurst
	}
	return ""
}

// HourBucket and BurstBucket name the counting buckets of a moment, with
// the start of each bucket (for pruning). Buckets are UTC, so every app node
// computes the same names.
func HourBucket(t time.Time) (string, time.Time) {
	start := t.UTC().Truncate(time.Hour)
	return "h" + start.Format("2006010215"), start
}

// BurstBuckets returns the current and previous burst windows' names and
// the current window's start.
func BurstBuckets(t time.Time) (current, previous string, start time.Time) {
	n := window(t, BurstWindow)
	return "b" + strconv.FormatInt(n, 10), "b" + strconv.FormatInt(n-1, 10), time.Unix(n*int64(BurstWindow/time.Second), 0).UTC()
}

// window is the number of the fixed window of length d (whole seconds) that
// t falls in, counted from the Unix epoch: the same on every app node.
func window(t time.Time, d time.Duration) int64 { return t.Unix() / int64(d/time.Second) }

// AnswerVector is the answers of r as a compact string (e.g. "443344434"),
// what the identical-answers rule compares.
func (r *Response) AnswerVector() string {
	b := make([]byte, len(r.Answers))
	for i, a := range r.Answers {
		b[i] = byte('0' + a%10)
	}
	return string(b)
}
