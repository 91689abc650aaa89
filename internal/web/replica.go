package web

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"mutu/internal/store"
)

// Read replicas (replica15, --db-read). The GET routes below read from the
// replica (store.ReadReplica): dashboards, reports, rankings and public
// pages, where a second of lag does no harm. Every other route reads the
// primary: forms that are about to write, the complaint and visit pages
// staff act on, sign-in, the survey and complaint intake. A session that
// wrote gets the primary's log position in a cookie, and its replica reads
// stay on the primary until the replica has replayed past it.
var replicaRoutes = map[string]bool{
	// public pages
	"GET /{$}":                           true,
	"GET /wilayah":                       true,
	"GET /wilayah/{code}":                true,
	"GET /unit/{code}":                   true,
	"GET /cari":                          true,
	"GET /hasil/{code}":                  true,
	"GET /unit-terdekat":                 true,
	"GET /layanan":                       true,
	"GET /inovasi":                       true,
	"GET /unit/{code}/inovasi/{id}":      true,
	"GET /unit/{code}/layanan/{service}": true,
	"GET /unit/{code}/layanan/{service}/poster.pdf": true,
	"GET /unit/{code}/layanan/{service}/kartu.png":  true,
	"GET /unit/{code}/maklumat.pdf":                 true,
	"GET /unit/{code}/papan.pdf":                    true,
	"GET /widget/unit/{code}":                       true,
	"GET /api/v1/units":                             true,
	"GET /api/v1/units/{code}":                      true,
	"GET /api/v1/units/{code}/ikm":                  true,
	"GET /api/v1/units/{code}/standards":            true,
	"GET /api/v1/units/{code}/innovations":          true,
	"GET /api/v1/services":                          true,
	"GET /api/v1/regions/{code}/children":           true,
	// dashboards, rankings and reports
	"GET /dasbor":                         true,
	"GET /kelola/skm":                     true,
	"GET /kelola/skm/unit/{code}":         true,
	"GET /kelola/skm/unit/{code}/laporan": true,
	"GET /kelola/pengaduan-dasbor":        true,
	"GET /kelola/standar/cakupan":         true,
	"GET /kelola/wilayah/{code}/laporan":  true,
	"GET /kelola/pemantauan/unit/{code}":  true,
	"GET /kelola/pemantauan/kota/{code}":  true,
}

// lsnCookie holds the primary's log position after the session's last
// write (read-your-writes). It outlives any lag a usable replica may have
// (MUTU_DB_READ_MAX_LAG); past it the replica has long replayed the write.
const (
	lsnCookie    = "mutu_lsn"
	lsnCookieAge = 10 * time.Minute
)

// readYourWrites prepares a request on a node with a replica: a GET of a
// replica route may read the replica once it has replayed past the
// session's last write; a write on a page with sessions records that write's
// position when it answers.
func (s *Server) readYourWrites(rt route, w http.ResponseWriter, r *http.Request) (http.ResponseWriter, *http.Request) {
	switch {
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		if !replicaRoutes[rt.pattern] {
			return w, r
		}
		var after store.LSN
		if c, err := r.Cookie(lsnCookie); err == nil {
			// A cookie that is no log position is as none: it only
			// ever decides where this client's own reads go.
			after, _ = store.ParseLSN(c.Value)
		}
		return w, r.WithContext(store.ReadReplica(r.Context(), after))
	case surfaceOf(r).session:
		return &lsnWriter{ResponseWriter: w, s: s, r: r}, r
	}
	return w, r
}

// lsnWriter sets the log-position cookie when a write request answers
// without an error (by then its transactions have committed).
type lsnWriter struct {
	http.ResponseWriter
	s    *Server
	r    *http.Request
	done bool
}

func (w *lsnWriter) WriteHeader(code int) {
	if !w.done {
		w.done = true
		if code < http.StatusBadRequest {
			w.setCookie()
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *lsnWriter) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *lsnWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *lsnWriter) setCookie() {
	lsn, err := w.s.db.WriteLSN(w.r.Context())
	if err != nil {
		// Without the cookie the session may read the replica a moment
		// before it shows this write: log it, the write itself stood.
		w.s.log.Warn("read-your-writes position", "request_id", requestID(w.r), "err", err)
		return
	}
	http.SetCookie(w.ResponseWriter, &http.Cookie{Name: lsnCookie, Value: lsn.String(), Path: "/", MaxAge: int(lsnCookieAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: w.s.cfg.SecureCookies})
}

// healthReplica is the replica's part of /healthz: "" without a replica,
// else "ok", "lagging" or "down".
func (s *Server) healthReplica(ctx context.Context) string {
	if !s.db.HasReplica() {
		return ""
	}
	st := s.db.ReplicaStatus(ctx)
	switch {
	case !st.Up:
		s.log.Warn("healthz: read replica down, reading from the primary", "err", st.Err)
		return "down"
	case !st.Usable():
		s.log.Warn("healthz: read replica lagging, reading from the primary", "lag_seconds", st.LagSeconds, "max_lag", st.MaxLag.String())
		return "lagging"
	}
	return "ok"
}

// dbCollector adds to /metrics what the database knows at scrape time: the
// replica's state and lag, the reads routed to it, and who holds each job
// lease until when.
type dbCollector struct{ s *Server }

var (
	replicaUpDesc = prometheus.NewDesc("mutu_db_replica_up",
		"1 when the read replica answered the last probe as a standby.", nil, nil)
	replicaLagSecondsDesc = prometheus.NewDesc("mutu_db_replica_lag_seconds",
		"Age of the last transaction the replica replayed, while it is behind the primary (0 when caught up).", nil, nil)
	replicaLagBytesDesc = prometheus.NewDesc("mutu_db_replica_lag_bytes",
		"Write-ahead log the replica has not replayed yet.", nil, nil)
	replicaReadsDesc = prometheus.NewDesc("mutu_db_replica_reads_total",
		"Reads of replica routes, by the pool that served them (replica, or primary when the replica was down, lagging or behind the session's write).", []string{"pool"}, nil)
	leaseDesc = prometheus.NewDesc("mutu_job_lease_expiry_timestamp_seconds",
		"When each background job's lease expires, labelled with the node holding it.", []string{"job", "holder"}, nil)
)

func (c dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{replicaUpDesc, replicaLagSecondsDesc, replicaLagBytesDesc, replicaReadsDesc, leaseDesc} {
		ch <- d
	}
}

func (c dbCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	db := c.s.db
	if db.HasReplica() {
		st := db.ReplicaStatus(ctx)
		up := 0.0
		if st.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(replicaUpDesc, prometheus.GaugeValue, up)
		ch <- prometheus.MustNewConstMetric(replicaLagSecondsDesc, prometheus.GaugeValue, st.LagSeconds)
		ch <- prometheus.MustNewConstMetric(replicaLagBytesDesc, prometheus.GaugeValue, float64(st.LagBytes))
		onReplica, onPrimary := db.ReplicaReads()
		ch <- prometheus.MustNewConstMetric(replicaReadsDesc, prometheus.CounterValue, float64(onReplica), "replica")
		ch <- prometheus.MustNewConstMetric(replicaReadsDesc, prometheus.CounterValue, float64(onPrimary), "primary")
	}
	leases, err := db.Leases(ctx)
	if err != nil {
		// The page still shows the rest; the scrape's gap is the sign.
		c.s.log.Error("metrics: job leases", "err", err)
		return
	}
	for _, l := range leases {
		ch <- prometheus.MustNewConstMetric(leaseDesc, prometheus.GaugeValue, float64(l.Until.Unix()), l.Job, l.Holder)
	}
}
