// Package web is Mutu's HTTP interface: server-rendered pages (html/template
// with htmx, embedded), the public JSON API, and operations endpoints. Every
// route is declared in routes.go with its authorization rule.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"mutu/internal/calendar"
	"mutu/internal/complaint"
	"mutu/internal/notify"
	"mutu/internal/scorecard"
	"mutu/internal/standard"
	"mutu/internal/store"
)

//go:embed templates static
var assets embed.FS

// Config is what the web layer needs from the deployment's configuration.
type Config struct {
	SecureCookies bool          // send the session cookie only over HTTPS
	RateLimit     float64       // public requests per second per client IP; 0 turns limits off
	TrustProxy    bool          // take the client IP from X-Forwarded-For (behind a reverse proxy)
	MaxUpload     int64         // bytes per uploaded file
	MetricsToken  string        // bearer token for /metrics; empty: loopback clients only
	BaseURL       string        // public address for absolute links (QR codes, posters, e-mails, Open311); empty: http://localhost
	Mailer        notify.Mailer // e-mail to reporters; nil: no e-mail
	AttachmentDir string        // where complaint attachments are stored (default "attachments"); evidence files under its "bukti"
	// StandardReview is how often a published service standard is due for
	// review (MUTU_STANDARD_REVIEW; 0: standard.DefaultReviewCycle).
	StandardReview standard.ReviewCycle
	// LinkCheckPrivate lets the publication register take URLs of
	// private and loopback addresses (MUTU_LINKCHECK_ALLOW_PRIVATE: local
	// test servers); the link checker's guard follows the same setting.
	LinkCheckPrivate bool
	// ScorecardCache keeps the scorecard's reads for scorecard.CacheTTL
	// (serve turns it on and warms the provinces' with WarmScorecards;
	// tests read the database each time).
	ScorecardCache bool
}

// DefaultConfig is used for whatever a caller leaves zero.
var DefaultConfig = Config{RateLimit: 10, MaxUpload: 10 << 20}

// Server serves Mutu over HTTP.
type Server struct {
	db       *store.DB
	log      *slog.Logger
	cfg      Config
	sessions *scs.SessionManager
	pages    map[string]*pageTemplate
	handler  http.Handler
	rules    map[string]rule // each route's rule by pattern, for templates' Allowed
	metrics  *metrics
	public   *limiter                          // citizens' and API traffic, per client IP
	devices  *limiter                          // survey responses, per device (browser cookie, kiosk, API client)
	calendar atomic.Pointer[calendar.Calendar] // working days for complaint deadlines (reloaded when edited, and after calendarTTL)
	calAt    atomic.Int64                      // when calendar was loaded, Unix ns of DB.Now
	geo      atomic.Pointer[places]            // the region boundaries and their point index (geo.go)
	outbox   *notify.Outbox
	apiDoc   *apiDocPage      // the OpenAPI document as the /api page shows it
	dir      directoryCache   // the public directory's index (directory_pages.go)
	cards    *scorecard.Cache // the scorecard's reads (Config.ScorecardCache); nil: none
}

// New builds a server on db.
func New(db *store.DB, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = DefaultConfig.MaxUpload
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost" // mutu serve always sets it; never taken from a request
	}
	if cfg.AttachmentDir == "" {
		cfg.AttachmentDir = "attachments"
	}
	if cfg.StandardReview == 0 {
		cfg.StandardReview = standard.DefaultReviewCycle
	}
	s := &Server{db: db, log: log, cfg: cfg, metrics: newMetrics(), outbox: &notify.Outbox{Mailer: cfg.Mailer, Log: log}}
	if cfg.ScorecardCache {
		s.cards = &scorecard.Cache{Now: db.Now}
	}
	s.metrics.reg.MustRegister(dbCollector{s}) // replica lag, job leases (replica.go)
	s.public = newLimiter(db, log, "public", cfg.RateLimit, int(max(cfg.RateLimit*3, 20)))
	// One response every 2 s per device at the default rate, with room for
	// an offline kiosk's queue to drain in bursts.
	s.devices = newLimiter(db, log, "device", cfg.RateLimit/20, 30)
	s.sessions = scs.New()
	s.sessions.Store = db.Sessions()
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 2 * time.Hour
	s.sessions.Cookie.Name = "mutu_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.SecureCookies
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if s.apiDoc, err = newAPIDoc(); err != nil {
		return nil, err
	}
	cal, err := db.Calendar(context.Background())
	if err != nil {
		return nil, err
	}
	s.storeCalendar(cal)
	s.handler = s.routes()
	return s, nil
}

// workingCalendar is the calendar in force: deadlines, and the working
// days left before them.
func (s *Server) workingCalendar() complaint.DayCounter { return s.currentCalendar() }

// calendarTTL bounds how long a node works with holidays it loaded: an edit
// made through another node is seen here within that time.
const calendarTTL = time.Minute

// currentCalendar is the calendar, reloaded from the database once it is
// calendarTTL old. When the reload fails the loaded one stays in force (the
// holidays change a few times a year; an outage must not stop deadlines).
func (s *Server) currentCalendar() *calendar.Calendar {
	now := s.db.Now()
	if now.Sub(time.Unix(0, s.calAt.Load())) < calendarTTL {
		return s.calendar.Load()
	}
	cal, err := s.db.Calendar(context.Background())
	if err != nil {
		s.log.Warn("reload calendar", "err", err)
		return s.calendar.Load()
	}
	s.storeCalendar(cal)
	return cal
}

// storeCalendar puts cal in force from now.
func (s *Server) storeCalendar(cal *calendar.Calendar) {
	s.calendar.Store(cal)
	s.calAt.Store(s.db.Now().UnixNano())
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// RunMaintenance removes expired sessions, sign-in failures out of their
// window and idle rate-limit entries every interval until ctx ends.
func (s *Server) RunMaintenance(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.db.Sessions().DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("delete expired sessions", "err", err)
			}
			if err := s.db.PruneLoginFailures(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("prune login failures", "err", err)
			}
			// Rate buckets idle for ten minutes are full again.
			if _, err := s.db.PruneRateBuckets(ctx, s.db.Now().Add(-10*time.Minute)); err != nil && ctx.Err() == nil {
				s.log.Error("prune rate buckets", "err", err)
			}
			// Hold counters older than the hour and burst windows in force.
			if _, err := s.db.PruneClientCounts(ctx, s.db.Now().Add(-2*time.Hour)); err != nil && ctx.Err() == nil {
				s.log.Error("prune hold counters", "err", err)
			}
		}
	}
}

// staticFiles is the embedded static directory, served under /static/.
var staticFiles = func() fs.FS {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err)
	}
	return sub
}()
