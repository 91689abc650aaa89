package skm_test

import (
	"testing"
	"time"

	"mutu/internal/skm"
)

func TestHoldPolicyReason(t *testing.T) {
	p := skm.HoldPolicy{PerHour: 20, Burst: 3}
	for _, tc := range []struct {
		inHour, identical int
		want              skm.HoldReason
	}{
		{1, 1, ""},
		{20, 3, ""},           // at both limits: counted
		{21, 1, skm.HeldRate}, // the 21st of the hour
		{2, 4, skm.HeldBurst}, // the 4th identical answer set
		{21, 4, skm.HeldRate}, // both: the hourly limit is named
		{1000, 1000, skm.HeldRate},
	} {
		if got := p.Reason(tc.inHour, tc.identical); got != tc.want {
			t.Errorf("Reason(%d, %d) = %q, want %q", tc.inHour, tc.identical, got, tc.want)
		}
	}
	if got := (skm.HoldPolicy{}).Reason(1000, 1000); got != "" {
		t.Errorf("zero policy holds: %q", got)
	}
}

func TestHoldBuckets(t *testing.T) {
	// 09:59:59 and 10:00:00 UTC (16.59 and 17.00 WIB) are different hours.
	a := time.Date(2026, 11, 24, 9, 59, 59, 0, time.UTC)
	b := a.Add(time.Second)
	ha, sa := skm.HourBucket(a)
	hb, sb := skm.HourBucket(b.In(time.FixedZone("WIB", 7*3600)))
	if ha != "h2026112409" || hb != "h2026112410" || !sa.Equal(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)) || !sb.Equal(b) {
		t.Errorf("hours: %s %s %s %s", ha, sa, hb, sb)
	}
	cur, prev, start := skm.BurstBuckets(b)
	cur2, prev2, _ := skm.BurstBuckets(b.Add(skm.BurstWindow))
	if prev2 != cur || cur == prev || !start.Equal(b) || cur2 == cur {
		t.Errorf("burst windows: %s %s %s, then %s %s", cur, prev, start, cur2, prev2)
	}
	if v := (&skm.Response{Answers: []int{4, 3, 0, 1}}).AnswerVector(); v != "4301" {
		t.Errorf("answer vector %q", v)
	}
}
