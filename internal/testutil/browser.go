package testutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// DefaultTabTimeout is the lifetime of a tab returned by Chromium: every
// chromedp action on it fails after that, so a broken page fails the test
// instead of hanging it. Env MUTU_TEST_BROWSER_TIMEOUT (a Go duration, e.g.
// "2m") overrides it.
const DefaultTabTimeout = 30 * time.Second

var (
	browserOnce  sync.Once
	browserState *chromium
	browserErr   error
)

type chromium struct {
	execPath    string
	version     string
	started     time.Duration
	dir         string // temp dir holding the profile and the browser log
	profile     string // --user-data-dir, inside dir
	log         string // combined stdout/stderr of the browser
	logFile     *os.File
	allocCancel context.CancelFunc
	ctx         context.Context // the browser's root context (first tab)
	cancel      context.CancelFunc
}

// Chromium returns a chromedp context for a new tab of a headless Chromium
// shared by the whole test binary (started on first use). The tab's viewport
// is 1280x900. The tab is closed
// when the test ends, and every action on it fails after the tab timeout
// (DefaultTabTimeout, or env MUTU_TEST_BROWSER_TIMEOUT). If the test has
// failed when it ends, a full-page screenshot is saved (see Screenshot) and
// the page's console messages are logged.
//
// The binary is env MUTU_CHROMIUM, else chromium, chromium-browser or
// google-chrome in PATH, else /usr/bin/chromium. When it is unavailable, the
// test is skipped, or fails if RequireBrowser() is true.
func Chromium(t testing.TB) context.Context {
	t.Helper()
	timeout := DefaultTabTimeout
	if v := os.Getenv("MUTU_TEST_BROWSER_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("testutil: bad MUTU_TEST_BROWSER_TIMEOUT=%q: want a positive Go duration such as 2m", v)
		}
		timeout = d
	}
	return ChromiumTimeout(t, timeout)
}

// ChromiumTimeout is Chromium with an explicit tab timeout.
func ChromiumTimeout(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		browserState, browserErr = startBrowser()
		if browserErr == nil {
			t.Logf("testutil: %s (%s) ready in %v", browserState.version, browserState.execPath, browserState.started.Round(time.Millisecond))
		}
	})
	if browserErr != nil {
		unavailable(t, RequireBrowser(), "Chromium", "MUTU_REQUIRE_BROWSER", browserErr)
		return nil
	}
	b := browserState

	tabCtx, tabCancel := chromedp.NewContext(b.ctx)
	// The first Do opens the tab. It must run on tabCtx itself (a deadline
	// on the first call would bind the tab's life to it), so bound it with
	// a timer instead.
	// In new headless mode the window size includes the browser UI, so pin
	// the viewport itself to 1280x900 for predictable layouts and
	// screenshots (a test can call chromedp.EmulateViewport to change it).
	timer := time.AfterFunc(timeout, tabCancel)
	err := chromedp.Do(tabCtx, chromedp.EmulateViewport(1280, 900))
	timer.Stop()
	if err != nil {
		tabCancel()
		t.Fatalf("testutil: opening a Chromium tab: %v\n%s", err, tail(b.log, 20))
	}

	// Collect the console for the failure report.
	var mu sync.Mutex
	var console []string
	msgs := chromedp.Console(tabCtx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			mu.Lock()
			if len(console) < 200 {
				console = append(console, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m))
			}
			mu.Unlock()
		}
	}()

	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(func() {
		if t.Failed() {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				t.Logf("testutil: the browser tab timed out after %v", timeout)
			}
			mu.Lock()
			if len(console) > 0 {
				t.Logf("testutil: browser console:\n\t%s", strings.Join(console, "\n\t"))
			}
			mu.Unlock()
			Screenshot(t, ctx, "failure")
		}
		cancel()
		tabCancel()
	})
	return ctx
}

// findChromium returns the path of the browser binary.
func findChromium() (string, error) {
	if p := os.Getenv("MUTU_CHROMIUM"); p != "" {
		lp, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("MUTU_CHROMIUM=%q: %w", p, err)
		}
		return lp, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if p, err := exec.LookPath("/usr/bin/chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("no Chromium found (MUTU_CHROMIUM unset; chromium, chromium-browser, google-chrome not in PATH; no /usr/bin/chromium): install Debian package chromium")
}

func startBrowser() (b *chromium, err error) {
	start := time.Now()
	execPath, err := findChromium()
	if err != nil {
		return nil, err
	}
	removeStale("mutu-chromium-", func(dir string) { killChromiumUsing(filepath.Join(dir, "profile")) })
	dir, err := os.MkdirTemp("", "mutu-chromium-")
	if err != nil {
		return nil, err
	}
	b = &chromium{execPath: execPath, dir: dir, log: filepath.Join(dir, "chromium.log"), profile: filepath.Join(dir, "profile")}
	defer func() {
		if err != nil {
			b.stop()
		}
	}()
	if err := writeOwner(dir); err != nil {
		return nil, err
	}
	if b.logFile, err = os.Create(b.log); err != nil {
		return nil, err
	}

	opts := slices.Clone(chromedp.DefaultExecAllocatorOptions[:])
	opts = append(opts,
		chromedp.ExecPath(execPath),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// No network on CI machines: keep Chromium from phoning home.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(b.profile),
		chromedp.CombinedOutput(b.logFile),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	b.allocCancel = allocCancel
	b.ctx, b.cancel = chromedp.NewContext(allocCtx)

	// The first Do starts the browser and binds it to b.ctx: no deadline
	// on that call, a timer instead.
	timer := time.AfterFunc(60*time.Second, b.cancel)
	err = chromedp.Do(b.ctx)
	stopped := !timer.Stop()
	if err != nil {
		if stopped {
			err = fmt.Errorf("no answer within 60s: %w", err)
		}
		return nil, fmt.Errorf("starting %s: %w\n%s", execPath, err, tail(b.log, 30))
	}
	if v, err := chromedp.CallBrowser(b.ctx, browser.GetVersion, cdp.Empty{}); err == nil {
		b.version = v.Product
	} else {
		b.version = "Chromium"
	}
	b.started = time.Since(start)
	return b, nil
}

func (b *chromium) stop() {
	if b == nil {
		return
	}
	if b.cancel != nil {
		b.cancel()
	}
	if b.allocCancel != nil {
		b.allocCancel() // kills the browser and waits for it
	}
	// Chromium helpers (zygote, network service...) can outlive the main
	// process and keep writing into the profile.
	killChromiumUsing(b.profile)
	if b.logFile != nil {
		b.logFile.Close()
	}
	os.RemoveAll(b.dir)
}

// killChromiumUsing kills the processes started with --user-data-dir=profile,
// until none is seen for a few passes in a row (a dying parent can fork).
func killChromiumUsing(profile string) {
	want := "--user-data-dir=" + profile + "\x00"
	deadline := time.Now().Add(2 * time.Second)
	for quiet := 0; quiet < 3 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		entries, _ := os.ReadDir("/proc")
		found := 0
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			if cmdlineContains(pid, want) {
				syscall.Kill(pid, syscall.SIGKILL)
				found++
			}
		}
		if found == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}

func stopBrowser() {
	if browserState != nil {
		browserState.stop()
	}
}

// ArtifactsDir is where Screenshot writes: env MUTU_TEST_ARTIFACTS, else
// os.TempDir()/mutu-test-artifacts. It outlives the test run.
func ArtifactsDir() string {
	if d := os.Getenv("MUTU_TEST_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "mutu-test-artifacts")
}

// Screenshot saves a full-page PNG of the tab of ctx (a context from
// Chromium) as ArtifactsDir()/<test name>-<name>.png and logs the path. It is
// a debugging aid: errors are logged, not failed. It works even after the
// tab's timeout expired, as long as the test has not ended.
func Screenshot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	// Ignore the deadline of ctx (the screenshot may be wanted precisely
	// because it expired), keep the chromedp tab that ctx carries.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("testutil: screenshot %q failed: %v", name, err)
		return
	}
	dir := ArtifactsDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("testutil: screenshot %q: %v", name, err)
		return
	}
	path := filepath.Join(dir, sanitize(t.Name(), 100)+"-"+sanitize(name, 50)+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Logf("testutil: screenshot %q: %v", name, err)
		return
	}
	t.Logf("testutil: screenshot saved to %s", path)
}
