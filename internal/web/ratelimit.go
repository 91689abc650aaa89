package web

import (
	"net"
	"net/http"
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

// allow reports whether ip may make one more request now. A limiter with a
// zero rate allows everything (MUTU_RATE_LIMIT=0, for benchmarks).
func (l *limiter) allow(ip string) bool {
	if l.perSec <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[ip]
	if !ok {
		c = &client{lim: rate.NewLimiter(rate.Limit(l.perSec), l.burst)}
		l.clients[ip] = c
	}
	c.seen = time.Now()
	return c.lim.Allow()
}

// prune forgets clients idle for longer than idle.
func (l *limiter) prune(idle time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for ip, c := range l.clients {
		if time.Since(c.seen) > idle {
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
