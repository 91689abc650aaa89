package account

import (
	"net/netip"
	"time"
)

// Sign-in throttling. Wrong passwords are counted under three keys, kept in
// the database so that every app node sees them:
//
//   - the username from any address (someone is guessing this account's
//     password, perhaps from many addresses);
//   - the pair of username and client address (this address is guessing it);
//   - the client address for any username (this address sprays passwords
//     over many accounts).
//
// No key ever locks an account: each only makes the next attempt wait, and
// the username-wide wait applies only to addresses that have themselves
// failed on that username. The real owner signing in from an address with
// no failures on their username is never slowed by an attacker elsewhere;
// that is the point, since a hard lock would let anyone lock `admin` out.
// An attacker gets one free guess per fresh address, then shares the
// username's growing wait with every other failing address.

// Backoff is a wait schedule: the first Free failures cost nothing, then
// each failure makes the next attempt wait Base, 2·Base, 4·Base … up to Max.
type Backoff struct {
	Free int
	Base time.Duration
	Max  time.Duration
}

// Delay is the wait after n failures.
func (b Backoff) Delay(n int) time.Duration {
	if n <= b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free + 1; i < n; i++ {
		d *= 2
		if d >= b.Max {
			return b.Max
		}
	}
	return min(d, b.Max)
}

// The schedules of the three keys. The pair's waits start earliest: it is
// the most specific evidence of guessing. An address is shared by a whole
// office behind one NAT, so it gets the most free failures.
var (
	UserBackoff    = Backoff{Free: 5, Base: time.Second, Max: 15 * time.Minute}
	PairBackoff    = Backoff{Free: 3, Base: time.Second, Max: 15 * time.Minute}
	AddressBackoff = Backoff{Free: 20, Base: time.Second, Max: 15 * time.Minute}
)

// FailureWindow is how long a failure counts: a key whose last failure is
// older starts again from zero, and maintenance deletes it.
const FailureWindow = 24 * time.Hour

// Failures is the count under one key and when the last one happened.
type Failures struct {
	N    int
	Last time.Time
}

// current is f with failures older than FailureWindow forgotten.
func (f Failures) current(now time.Time) Failures {
	if f.N == 0 || now.Sub(f.Last) >= FailureWindow {
		return Failures{}
	}
	return f
}

func (f Failures) wait(now time.Time, b Backoff) time.Duration {
	f = f.current(now)
	if f.N == 0 {
		return 0
	}
	return max(0, f.Last.Add(b.Delay(f.N)).Sub(now))
}

// LoginFailures are the counts that decide a sign-in attempt's wait.
type LoginFailures struct {
	User, Pair, Address Failures
}

// Wait is how long an attempt must still wait at now; 0 lets it through.
func (f LoginFailures) Wait(now time.Time) time.Duration {
	w := max(f.Pair.wait(now, PairBackoff), f.Address.wait(now, AddressBackoff))
	if f.Pair.current(now).N > 0 {
		w = max(w, f.User.wait(now, UserBackoff))
	}
	return w
}

// Next returns c after one more failure at now.
func (f Failures) Next(now time.Time) Failures {
	return Failures{N: f.current(now).N + 1, Last: now}
}

// ThrottleAddress is the address a client is counted under: an IPv4
// address itself, an IPv6 address its /64 (one subscriber's prefix, in
// which an attacker can pick any address).
func ThrottleAddress(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
