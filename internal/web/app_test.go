package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mutu/internal/notify"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/web"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// testNow is the tests' clock: 24 Nov 2026 10.00 WIB.
var testNow = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

var (
	templateOnce sync.Once
	templatePath string
	templateErr  error
)

// demoDB returns a fresh copy of a SQLite database seeded with the demo data
// (seeded once per test binary, copied per test).
func demoDB(t testing.TB) *store.DB {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mutu-web-test-")
		if err != nil {
			templateErr = err
			return
		}
		templatePath = filepath.Join(dir, "demo.db")
		ctx := context.Background()
		db, err := store.Open(ctx, templatePath)
		if err != nil {
			templateErr = err
			return
		}
		// The demo history ends on the tests' "today", 24 Nov 2026.
		db.Now = func() time.Time { return testNow }
		if _, err = db.Migrate(ctx); err == nil {
			err = seed.Demo(ctx, db)
		}
		db.Close()
		templateErr = err
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	b, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mutu.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// app is Mutu served on a random local port.
type app struct {
	*httptest.Server
	DB  *store.DB
	Srv *web.Server
	Log *strings.Builder
	mu  sync.Mutex
	now time.Time
}

type appOption func(*web.Config)

func newApp(t testing.TB, opts ...appOption) *app {
	t.Helper()
	return newAppOn(t, demoDB(t), opts...)
}

func newAppOn(t testing.TB, db *store.DB, opts ...appOption) *app {
	t.Helper()
	// Like mutu serve without MUTU_BASE_URL, links use the listen address.
	ts := httptest.NewUnstartedServer(nil)
	cfg := web.Config{RateLimit: 0, MaxUpload: 1 << 20, AttachmentDir: t.TempDir(), BaseURL: "http://" + ts.Listener.Addr().String()}
	for _, o := range opts {
		o(&cfg)
	}
	a := &app{DB: db, Log: &strings.Builder{}, now: testNow}
	db.Now = func() time.Time { a.mu.Lock(); defer a.mu.Unlock(); return a.now }
	log := slog.New(slog.NewJSONHandler(&lockedWriter{w: a.Log, mu: &a.mu}, nil))
	srv, err := web.New(db, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	a.Srv = srv
	ts.Config.Handler = checkContract(t, srv.Handler()) // every API answer is checked against the OpenAPI document
	ts.Start()
	a.Server = ts
	t.Cleanup(a.Close)
	return a
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// client is a browser-like HTTP client with cookies that does not follow redirects.
func (a *app) client(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login signs in as username with the demo password and returns the client.
func (a *app) login(t testing.TB, username string) *http.Client {
	t.Helper()
	c := a.client(t)
	res := a.post(t, c, "/masuk", url.Values{"username": {username}, "password": {seed.DemoPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d: %s", username, res.StatusCode, res.Body)
	}
	return c
}

type response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

func (a *app) do(t testing.TB, c *http.Client, req *http.Request) response {
	t.Helper()
	if c == nil {
		c = a.client(t)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (a *app) get(t testing.TB, c *http.Client, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.URL+path, nil)
	return a.do(t, c, req)
}

func (a *app) post(t testing.TB, c *http.Client, path string, form url.Values) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return a.do(t, c, req)
}

// advance moves the injected clock forward.
func (a *app) advance(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.now = a.now.Add(d)
}

// logs returns what the server logged so far.
func (a *app) logs() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Log.String()
}

// httptestRecorder serves one request with a chosen remote address and
// returns the status.
func httptestRecorder(a *app, method, path, remote string) int {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	a.Srv.Handler().ServeHTTP(rec, req)
	return rec.Code
}

// serve sends one request with a body of the given content type straight
// to the handler h (no network) and returns what h answered.
func serve(h http.Handler, method, path, contentType string, body io.Reader, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const formType = "application/x-www-form-urlencoded"

// regexpFind returns the first match of pattern in s, or "".
func regexpFind(s, pattern string) string { return regexp.MustCompile(pattern).FindString(s) }

// withMail starts a local SMTP server and returns it with the option that
// makes the app send its e-mail there.
func withMail(t testing.TB) (*testutil.SMTPServer, appOption) {
	t.Helper()
	smtp := testutil.StartSMTP(t)
	mailer, err := notify.ParseURL("smtp://" + smtp.Addr + "?from=pengaduan@mutu.test&tls=none")
	if err != nil {
		t.Fatal(err)
	}
	return smtp, func(c *web.Config) { c.Mailer = mailer }
}

// waitMail waits up to five seconds for at least n e-mails and returns all
// that arrived, failing the test when fewer did.
func waitMail(t testing.TB, smtp *testutil.SMTPServer, n int) []testutil.Mail {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := smtp.Mail(); len(m) >= n {
			return m
		}
	}
	t.Fatalf("fewer than %d e-mails arrived", n)
	return nil
}
