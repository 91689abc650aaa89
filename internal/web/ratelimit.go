package web

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per client IP.
type limiter struct {
	mu      sync.Mutex
	perSec  float64
	burst   int
	clients map[string]*client
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perSec float64, burst int) *limiter {
	return &limiter{perSec: perSec, burst: burst, clients: map[string]*client{}}
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
func (l *limiter) take(key string, now time.Time) verdict {
	if l.perSec <= 0 {
		return verdict{ok: true}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[key]
	if !ok {
		c = &client{lim: rate.NewLimiter(rate.Limit(l.perSec), l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	v := verdict{ok: c.lim.AllowN(now, 1), limit: l.burst}
	tokens := c.lim.TokensAt(now)
	v.remaining = max(0, int(math.Floor(tokens)))
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

// prune forgets clients idle for longer than idle at now.
func (l *limiter) prune(now time.Time, idle time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for ip, c := range l.clients {
		if now.Sub(c.seen) > idle {
			delete(l.clients, ip)
		}
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
