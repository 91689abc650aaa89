package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/notify"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/web"
)

// config is the deployment's configuration: flags over MUTU_* environment
// variables over defaults.
type config struct {
	DB       string
	Addr     string
	Demo     bool
	LogLevel slog.Level
	Web      web.Config
	// Retention is how long reporters' contact data is kept after their
	// report closes (MUTU_REPORTER_RETENTION).
	Retention complaint.Retention
	// ContactGrace is how long the identities on a user-contact list are
	// kept after its assessment year ends (MUTU_CONTACT_GRACE).
	ContactGrace complaint.Retention
	Holds        skm.HoldPolicy // when anonymous survey responses are held for review
	// LinkCheckEvery is how often each URL of the publication register is
	// checked (MUTU_LINKCHECK_INTERVAL, a Go duration; default a day).
	// Whether private addresses may be fetched is Web.LinkCheckPrivate
	// (MUTU_LINKCHECK_ALLOW_PRIVATE).
	LinkCheckEvery time.Duration
	// DBRead is a PostgreSQL streaming replica for dashboards, reports,
	// rankings and public pages (--db-read, MUTU_DB_READ; empty: none);
	// DBReadMaxLag how far behind it may be before reads leave it
	// (MUTU_DB_READ_MAX_LAG, default store.DefaultReplicaMaxLag).
	DBRead       string
	DBReadMaxLag time.Duration
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string) bool {
	v := strings.ToLower(os.Getenv(name))
	return v == "1" || v == "true" || v == "yes"
}

// newFlags returns a flag set with --db bound to cfg.DB.
func newFlags(name string, cfg *config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg.DB = env("MUTU_DB", "mutu.db")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file or postgres:// URL")
	return fs
}

// loadServe reads the serve command's configuration.
func loadServe(args []string) (*config, error) {
	cfg := &config{Web: web.DefaultConfig, Holds: skm.DefaultHoldPolicy}
	fs := newFlags("serve", cfg)
	fs.StringVar(&cfg.Addr, "addr", env("MUTU_ADDR", ":8080"), "listen address")
	fs.BoolVar(&cfg.Demo, "demo", false, "seed demo data on first start")
	fs.StringVar(&cfg.DBRead, "db-read", env("MUTU_DB_READ", ""), "postgres:// URL of a read replica")
	if err := fs.Parse(args); err != nil {
		return nil, fmt.Errorf("%w (%v)", errUsage, err)
	}
	cfg.Web.SecureCookies = envBool("MUTU_COOKIE_SECURE")
	cfg.Web.TrustProxy = envBool("MUTU_TRUST_PROXY")
	cfg.Web.MetricsToken = os.Getenv("MUTU_METRICS_TOKEN")
	cfg.Web.BaseURL = os.Getenv("MUTU_BASE_URL")
	cfg.Web.AttachmentDir = env("MUTU_ATTACHMENTS", "attachments")
	if raw := os.Getenv("MUTU_SMTP_URL"); raw != "" {
		m, err := notify.ParseURL(raw)
		if err != nil {
			return nil, err
		}
		cfg.Web.Mailer = m
	}
	if v := os.Getenv("MUTU_RATE_LIMIT"); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("MUTU_RATE_LIMIT: want a number ≥ 0, got %q", v)
		}
		cfg.Web.RateLimit = n
	}
	for _, h := range []struct {
		name string
		dst  *int
	}{{"MUTU_SURVEY_HOLD_PER_HOUR", &cfg.Holds.PerHour}, {"MUTU_SURVEY_HOLD_BURST", &cfg.Holds.Burst}} {
		if v := os.Getenv(h.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("%s: want a whole number, got %q", h.name, v)
			}
			*h.dst = n
		}
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(env("MUTU_LOG_LEVEL", "info"))); err != nil {
		return nil, fmt.Errorf("MUTU_LOG_LEVEL: %w", err)
	}
	cfg.Web.StandardReview = standard.DefaultReviewCycle
	if v := os.Getenv("MUTU_STANDARD_REVIEW"); v != "" {
		c, err := standard.ParseReviewCycle(v)
		if err != nil {
			return nil, fmt.Errorf("MUTU_STANDARD_REVIEW: %w", err)
		}
		cfg.Web.StandardReview = c
	}
	cfg.Web.LinkCheckPrivate = envBool("MUTU_LINKCHECK_ALLOW_PRIVATE")
	cfg.LinkCheckEvery = jobs.DefaultLinkEvery
	if v := os.Getenv("MUTU_LINKCHECK_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return nil, fmt.Errorf("MUTU_LINKCHECK_INTERVAL: want a duration such as 24h, got %q", v)
		}
		cfg.LinkCheckEvery = d
	}
	cfg.DBReadMaxLag = store.DefaultReplicaMaxLag
	if v := os.Getenv("MUTU_DB_READ_MAX_LAG"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return nil, fmt.Errorf("MUTU_DB_READ_MAX_LAG: want a duration of at least 1s such as 30s, got %q", v)
		}
		cfg.DBReadMaxLag = d
	}
	r, err := reporterRetention()
	if err != nil {
		return nil, err
	}
	cfg.Retention = r
	if cfg.ContactGrace, err = contactGrace(); err != nil {
		return nil, err
	}
	return cfg, cfg.Validate()
}

// reporterRetention is MUTU_REPORTER_RETENTION (serve, restore).
func reporterRetention() (complaint.Retention, error) {
	return retentionSetting("MUTU_REPORTER_RETENTION", complaint.DefaultRetention)
}

// contactGrace is MUTU_CONTACT_GRACE (serve, restore).
func contactGrace() (complaint.Retention, error) {
	return retentionSetting("MUTU_CONTACT_GRACE", jobs.DefaultContactGrace)
}

// retentionSetting reads a period such as 2y or 90d from the variable
// name, def when unset.
func retentionSetting(name string, def complaint.Retention) (complaint.Retention, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	r, err := complaint.ParseRetention(v)
	if err != nil {
		return r, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// Validate checks the configuration as a whole.
func (c *config) Validate() error {
	if c.DB == "" {
		return fmt.Errorf("--db/MUTU_DB is empty")
	}
	if c.DBRead != "" && (!store.IsPostgres(c.DB) || !store.IsPostgres(c.DBRead)) {
		return fmt.Errorf("--db-read/MUTU_DB_READ: a read replica needs PostgreSQL (--db and --db-read postgres://…); SQLite has no replicas")
	}
	if c.Addr == "" {
		return fmt.Errorf("--addr/MUTU_ADDR is empty")
	}
	if c.Web.BaseURL != "" {
		if err := checkBaseURL(c.Web.BaseURL); err != nil {
			return fmt.Errorf("MUTU_BASE_URL: %w", err)
		}
	}
	// A threshold of 0 would hold every anonymous response; the rules
	// cannot be switched off, only loosened.
	if c.Holds.PerHour < 1 || c.Holds.PerHour > 10000 {
		return fmt.Errorf("MUTU_SURVEY_HOLD_PER_HOUR: want 1 to 10000 responses per address and hour, got %d", c.Holds.PerHour)
	}
	if c.Web.StandardReview < 1 || c.Web.StandardReview > 60 {
		return fmt.Errorf("MUTU_STANDARD_REVIEW: want one month to five years, got %d months", c.Web.StandardReview)
	}
	// Sites are not to be polled: at most every 10 minutes, at least monthly.
	if c.LinkCheckEvery < 10*time.Minute || c.LinkCheckEvery > 31*24*time.Hour {
		return fmt.Errorf("MUTU_LINKCHECK_INTERVAL: want 10m to 744h (31 days), got %s", c.LinkCheckEvery)
	}
	if c.Holds.Burst < 1 || c.Holds.Burst > 1000 {
		return fmt.Errorf("MUTU_SURVEY_HOLD_BURST: want 1 to 1000 identical responses, got %d", c.Holds.Burst)
	}
	return nil
}

// checkBaseURL: the public address printed on posters and mailed to people
// must be an absolute http(s) URL with a host and nothing after the path.
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("want an absolute http:// or https:// URL, got %q", raw)
	case u.Host == "" || u.Hostname() == "" || u.User != nil:
		return fmt.Errorf("want a host and no user name, got %q", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#"):
		return fmt.Errorf("want no query string or fragment, got %q", raw)
	case strings.ContainsAny(raw, " \t\r\n\\"):
		return fmt.Errorf("want no spaces or backslashes, got %q", raw)
	}
	return nil
}

// listenBaseURL is the base URL when MUTU_BASE_URL is unset: http:// and
// the listen address (localhost for an empty or unspecified host; the port
// actually bound, for :0).
func listenBaseURL(addr string, bound net.Addr) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + displayAddr(bound)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	return "http://" + net.JoinHostPort(host, port)
}
