package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus series of one server (its own registry, so
// tests can build many servers).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  http.Handler
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mutu_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "mutu_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route"})
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// observe counts one request. Every label has a bounded set of values, so
// that no client can grow the registry (memory, and the /metrics page) by
// sending made-up methods or paths: route is a pattern from routes.go or
// "unmatched", methods outside the standard ones are "OTHER", and status
// codes outside 100–599 (which net/http refuses to send) are "other".
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	code := "other"
	if status >= 100 && status <= 599 {
		code = strconv.Itoa(status)
	}
	m.requests.WithLabelValues(route, metricMethod(method), code).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// metricMethod is method as a metrics label: one of the standard methods,
// else "OTHER".
func metricMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return method
	}
	return "OTHER"
}

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Error("healthz", "request_id", requestID(r), "err", err)
		w.Header().Set("Retry-After", retryUnavailable)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": string(s.db.Engine)})
		return
	}
	// A full disk still answers reads, but refuses every write.
	if s.db.DiskFull() {
		s.log.Error("healthz: the database's disk is full", "request_id", requestID(r))
		w.Header().Set("Retry-After", retryUnavailable)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": string(s.db.Engine), "disk": "full"})
		return
	}
	// A replica that is down or lagging leaves the node serving (its reads
	// go to the primary): degraded, but 200, so the load balancer keeps it.
	health := map[string]string{"status": "ok", "database": string(s.db.Engine)}
	if rep := s.healthReplica(r.Context()); rep != "" {
		health["replica"] = rep
		if rep != "ok" {
			health["status"] = "degraded"
		}
	}
	writeJSON(w, http.StatusOK, health)
}
