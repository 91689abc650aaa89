package web

import (
	"context"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"mutu/internal/store"
)

// limiter is a token bucket per client (an IP address or a device), kept
// in the database (store.TakeToken) so that it holds across app nodes: a
// client spread over n nodes gets the limit once, not n times.
type limiter struct {
	db     *store.DB
	log    *slog.Logger
	name   string // the limit, part of the bucket's key
	perSec float64
	burst  int
}

func newLimiter(db *store.DB, log *slog.Logger, name string, perSec float64, burst int) *limiter {
	return &limiter{db: db, log: log, name: name, perSec: perSec, burst: burst}
}

// verdict is a limiter's answer to one request: whether it may go on, and
// the state of its bucket as the RateLimit headers tell it.
type verdict struct {
	ok        bool
	limit     int           // the bucket's size (burst)
	remaining int           // whole tokens left after this request
	reset     time.Duration // until the bucket is full again
	retry     time.Duration // refused: until one token is back
}

// take spends one of key's tokens at now, if there is one. A limiter with a
// zero rate allows everything (MUTU_RATE_LIMIT=0, for benchmarks) and has no
// bucket to tell of (limit 0). The time is the injected clock's, so that
// tests see the bucket as it is, without refills from the time they take.
// When the database fails the request goes on: the request itself will
// meet the failure and report it, and a limit must not turn an outage of
// the counters into a refusal of every client.
func (l *limiter) take(ctx context.Context, key string, now time.Time) verdict {
	if l.perSec <= 0 {
		return verdict{ok: true}
	}
	ok, tokens, err := l.db.TakeToken(ctx, l.name, key, l.burst, l.perSec, now)
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("rate limit", "limit", l.name, "err", err)
		}
		return verdict{ok: true}
	}
	v := verdict{ok: ok, limit: l.burst, remaining: max(0, int(math.Floor(tokens)))}
	v.reset = l.wait(float64(l.burst) - tokens)
	if !v.ok {
		v.retry = max(time.Second, l.wait(1-tokens))
	}
	return v
}

// wait is how long the bucket takes to gain n tokens, in whole seconds
// (the headers count seconds; rounding up never invites an early retry).
func (l *limiter) wait(n float64) time.Duration {
	if n <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(n/l.perSec)) * time.Second
}

// seconds is a whole number of seconds as a header value.
func seconds(d time.Duration) string { return strconv.Itoa(int(d / time.Second)) }

// rateLimitHeaders tells a client the state of its bucket on every answer
// of a limited route (RateLimit-Limit, -Remaining and -Reset, after the
// IETF httpapi draft), and on a refusal when to retry.
func rateLimitHeaders(h http.Header, v verdict) {
	if v.limit == 0 {
		return
	}
	h.Set("RateLimit-Limit", strconv.Itoa(v.limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(v.remaining))
	h.Set("RateLimit-Reset", seconds(v.reset))
	if !v.ok {
		h.Set("Retry-After", seconds(v.retry))
	}
}

// clientIP is the request's client address: the socket peer, or with
// TrustProxy the last address a reverse proxy appended to X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
