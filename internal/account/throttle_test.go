package account_test

import (
	"testing"
	"time"

	"mutu/internal/account"
)

func TestBackoffDelay(t *testing.T) {
	b := account.Backoff{Free: 3, Base: time.Second, Max: 15 * time.Minute}
	tests := []struct {
		n    int
		want time.Duration
	}{
		{0, 0}, {1, 0}, {3, 0},
		{4, time.Second}, {5, 2 * time.Second}, {6, 4 * time.Second}, {13, 512 * time.Second},
		{14, 15 * time.Minute}, {15, 15 * time.Minute}, {1000, 15 * time.Minute},
	}
	for _, tt := range tests {
		if got := b.Delay(tt.n); got != tt.want {
			t.Errorf("Delay(%d) = %v; want %v", tt.n, got, tt.want)
		}
	}
}

func TestLoginWait(t *testing.T) {
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	ago := func(d time.Duration) time.Time { return now.Add(-d) }
	f := func(n int, last time.Time) account.Failures { return account.Failures{N: n, Last: last} }
	tests := []struct {
		name string
		in   account.LoginFailures
		want time.Duration
	}{
		{"nothing", account.LoginFailures{}, 0},
		{"three wrong from here are free", account.LoginFailures{Pair: f(3, now), User: f(3, now), Address: f(3, now)}, 0},
		{"fourth from here waits 1 s", account.LoginFailures{Pair: f(4, now), User: f(4, now), Address: f(4, now)}, time.Second},
		{"the wait runs from the last failure", account.LoginFailures{Pair: f(6, ago(3*time.Second)), User: f(6, ago(3*time.Second))}, time.Second},
		{"over once the delay has passed", account.LoginFailures{Pair: f(6, ago(4*time.Second)), User: f(6, ago(4*time.Second))}, 0},
		// An attacker hammers the username from elsewhere: an address with
		// no failures on it is not slowed at all…
		{"clean address, username under attack", account.LoginFailures{User: f(40, now)}, 0},
		// …while one that failed on it shares the username's wait.
		{"failing address, username under attack", account.LoginFailures{Pair: f(1, ago(time.Minute)), User: f(40, now)}, 15 * time.Minute},
		{"username wait 2^(n-6) s", account.LoginFailures{Pair: f(1, now), User: f(8, now)}, 4 * time.Second},
		{"an address spraying many usernames", account.LoginFailures{Address: f(21, now)}, time.Second},
		{"an office behind one NAT: 20 free", account.LoginFailures{Address: f(20, now)}, 0},
		{"failures a day old are forgotten", account.LoginFailures{Pair: f(30, ago(24*time.Hour)), User: f(30, ago(24*time.Hour)), Address: f(30, ago(24*time.Hour))}, 0},
		{"a forgotten pair no longer joins the username's wait", account.LoginFailures{Pair: f(1, ago(25*time.Hour)), User: f(40, now)}, 0},
	}
	for _, tt := range tests {
		if got := tt.in.Wait(now); got != tt.want {
			t.Errorf("%s: Wait = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestFailuresNext(t *testing.T) {
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	if got := (account.Failures{N: 4, Last: now.Add(-time.Hour)}).Next(now); got.N != 5 || !got.Last.Equal(now) {
		t.Errorf("Next within the window = %+v", got)
	}
	if got := (account.Failures{N: 4, Last: now.Add(-account.FailureWindow)}).Next(now); got.N != 1 {
		t.Errorf("Next after the window = %+v; want a fresh count", got)
	}
}

func TestThrottleAddress(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":          "203.0.113.9",
		"::ffff:203.0.113.9":   "203.0.113.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"not-an-address":       "not-an-address",
	} {
		if got := account.ThrottleAddress(in); got != want {
			t.Errorf("ThrottleAddress(%q) = %q; want %q", in, got, want)
		}
	}
}
