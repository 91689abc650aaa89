// Package testutil provides shared test infrastructure: a throw-away
// PostgreSQL server with one fresh database per call (Postgres), and a shared
// headless Chromium with one tab per call (Chromium).
//
// Packages that use Postgres or Chromium must call Main from their TestMain so
// that the server and the browser are stopped when the test binary ends:
//
//	func TestMain(m *testing.M) { testutil.Main(m) }
//
// When PostgreSQL or Chromium is not available, the tests that need them are
// skipped, unless the environment requires them (CI non-empty, or
// MUTU_REQUIRE_POSTGRES=1 / MUTU_REQUIRE_BROWSER=1), in which case they fail.
package testutil

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Main runs the tests, stops the PostgreSQL server and the browser that this
// package started (if any), removes their temporary directories and exits
// with the tests' exit code. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	stopBrowser()
	stopPostgres()
	os.Exit(code)
}

// RequirePostgres reports whether tests must fail, rather than skip, when
// PostgreSQL is unavailable: env CI is non-empty or MUTU_REQUIRE_POSTGRES=1.
func RequirePostgres() bool {
	return os.Getenv("CI") != "" || os.Getenv("MUTU_REQUIRE_POSTGRES") == "1"
}

// RequireBrowser reports whether tests must fail, rather than skip, when
// Chromium is unavailable: env CI is non-empty or MUTU_REQUIRE_BROWSER=1.
func RequireBrowser() bool {
	return os.Getenv("CI") != "" || os.Getenv("MUTU_REQUIRE_BROWSER") == "1"
}

// unavailable fails or skips t because what is unavailable.
func unavailable(t testing.TB, required bool, what, envVar string, err error) {
	t.Helper()
	if required {
		t.Fatalf("testutil: %s is required (CI or %s=1 is set) but unavailable: %v", what, envVar, err)
		return
	}
	t.Skipf("testutil: skipping, %s unavailable (set %s=1 to fail instead): %v", what, envVar, err)
}

// tail returns the last n lines of the file at path, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	b = bytes.TrimRight(b, "\n")
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 1 && len(lines[0]) == 0 {
		return fmt.Sprintf("(%s is empty)", path)
	}
	return fmt.Sprintf("last lines of %s:\n\t%s", path, bytes.Join(lines, []byte("\n\t")))
}

var unsafeChars = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

// sanitize makes s usable in a file or database name.
func sanitize(s string, max int) string {
	s = strings.Trim(unsafeChars.ReplaceAllString(s, "_"), "_")
	if len(s) > max {
		s = s[:max]
	}
	return s
}

// ownerFile is written into each temporary directory of this package; it
// holds the PID of the test binary that created the directory, so that a
// later run can remove directories leaked by a killed test binary.
const ownerFile = "owner.pid"

func writeOwner(dir string) error {
	return os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
}

func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func readPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, _ := strconv.Atoi(strings.TrimSpace(line))
	return pid
}

// cmdlineContains reports whether the command line of process pid contains s.
func cmdlineContains(pid int, s string) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return err == nil && bytes.Contains(b, []byte(s))
}

// removeStale removes the temporary directories named prefix* in
// os.TempDir() whose owning test binary is gone (killed by a timeout or a
// signal before Main could clean up). beforeRemove runs first, e.g. to stop a
// server left running from that directory.
func removeStale(prefix string, beforeRemove func(dir string)) {
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), prefix+"*"))
	for _, dir := range matches {
		fi, err := os.Stat(dir)
		if err != nil || !fi.IsDir() {
			continue
		}
		pid := readPID(filepath.Join(dir, ownerFile))
		if pid == 0 {
			// Maybe being created right now by another binary: only
			// remove when clearly abandoned.
			if time.Since(fi.ModTime()) < time.Hour {
				continue
			}
		} else if pidAlive(pid) && pid != os.Getpid() {
			continue
		}
		if beforeRemove != nil {
			beforeRemove(dir)
		}
		os.RemoveAll(dir)
	}
}

// ---------------------------------------------------------------------------
// PostgreSQL

var (
	pgOnce    sync.Once
	pgSrv     *pgServer
	pgErr     error
	pgCounter atomic.Int64
)

// pgServer is the shared server: either a private one started by this
// package, or an existing one named by MUTU_TEST_POSTGRES.
type pgServer struct {
	admin   *url.URL // URL of a database to connect to for CREATE DATABASE
	version string
	started time.Duration // how long startup took

	// Only for a private server:
	dir  string        // temp dir: data/, socket, logs
	log  string        // server log file
	proc *os.Process   // the postmaster
	done chan struct{} // closed when the postmaster has exited
}

// Postgres returns the DSN (a postgres:// URL for pgx, e.g. with
// sql.Open("pgx", dsn)) of a fresh, empty database created for this call.
// All calls in a test binary share one server, started on first use.
// Nothing is dropped at the end of the test; a private server's data
// directory is removed by Main.
//
// If env MUTU_TEST_POSTGRES is set, it is the URL of an existing server to
// create the databases on. Otherwise a private server is started from the
// initdb/postgres binaries found in PATH or /usr/lib/postgresql/*/bin.
//
// When PostgreSQL is unavailable, the test is skipped, or fails if
// RequirePostgres() is true.
func Postgres(t testing.TB) string {
	t.Helper()
	pgOnce.Do(func() {
		pgSrv, pgErr = startPostgres()
		if pgErr == nil {
			t.Logf("testutil: PostgreSQL %s ready in %v (%s)", pgSrv.version, pgSrv.started.Round(time.Millisecond), pgSrv.admin.Redacted())
		}
	})
	if pgErr != nil {
		unavailable(t, RequirePostgres(), "PostgreSQL", "MUTU_REQUIRE_POSTGRES", pgErr)
		return ""
	}
	dsn, err := pgSrv.createDatabase(t.Name())
	if err != nil {
		if pgSrv.proc != nil {
			err = fmt.Errorf("%w\n%s", err, tail(pgSrv.log, 20))
		}
		t.Fatalf("testutil: %v", err)
	}
	return dsn
}

func (s *pgServer) createDatabase(testName string) (string, error) {
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	name := fmt.Sprintf("mutu_%s_%d_%s", strings.ToLower(sanitize(strings.ReplaceAll(testName, "/", "_"), 30)),
		pgCounter.Add(1), hex.EncodeToString(rnd[:]))
	name = strings.ReplaceAll(name, ".", "_")
	name = strings.ReplaceAll(name, "-", "_")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.admin.String())
	if err != nil {
		return "", fmt.Errorf("connect to PostgreSQL at %s: %w", s.admin.Redacted(), err)
	}
	defer conn.Close(context.Background())
	// template0 guarantees an empty database even if template1 was modified.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0"); err != nil {
		return "", fmt.Errorf("create database %s: %w", name, err)
	}
	u := *s.admin
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

func startPostgres() (*pgServer, error) {
	start := time.Now()
	if env := os.Getenv("MUTU_TEST_POSTGRES"); env != "" {
		u, err := url.Parse(env)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return nil, fmt.Errorf("MUTU_TEST_POSTGRES=%q is not a postgres:// URL", env)
		}
		s := &pgServer{admin: u}
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		v, err := serverVersion(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("MUTU_TEST_POSTGRES: %w", err)
		}
		s.version = v
		s.started = time.Since(start)
		return s, nil
	}

	binDir, err := findPostgresBin()
	if err != nil {
		return nil, err
	}
	removeStale("mutu-pg-", killStalePostmaster)
	s, err := startPrivatePostgres(binDir)
	if err != nil {
		return nil, err
	}
	s.started = time.Since(start)
	return s, nil
}

func serverVersion(ctx context.Context, u *url.URL) (string, error) {
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "", err
	}
	return v, nil
}

// findPostgresBin returns the directory holding initdb and postgres: from
// PATH (following symlinks if needed), then pg_config --bindir, then the
// highest version in /usr/lib/postgresql/*/bin.
func findPostgresBin() (string, error) {
	hasAll := func(dir string) bool {
		for _, name := range []string{"initdb", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if dir := filepath.Dir(p); hasAll(dir) {
			return dir, nil
		}
		if r, err := filepath.EvalSymlinks(p); err == nil && hasAll(filepath.Dir(r)) {
			return filepath.Dir(r), nil
		}
	}
	if p, err := exec.LookPath("pg_config"); err == nil {
		if out, err := exec.Command(p, "--bindir").Output(); err == nil {
			if dir := strings.TrimSpace(string(out)); hasAll(dir) {
				return dir, nil
			}
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	dirs = slices.DeleteFunc(dirs, func(d string) bool { return !hasAll(d) })
	if len(dirs) > 0 {
		version := func(d string) float64 {
			v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(d)), 64)
			return v
		}
		// Highest version first.
		slices.SortFunc(dirs, func(a, b string) int { return cmp.Or(cmp.Compare(version(b), version(a)), strings.Compare(a, b)) })
		return dirs[0], nil
	}
	return "", errors.New("no PostgreSQL server binaries found (initdb and postgres not in PATH nor in /usr/lib/postgresql/*/bin; install Debian package postgresql, or set MUTU_TEST_POSTGRES=postgres://...)")
}

// runAsCredential returns the credential to run initdb/postgres with: nil
// normally, or the `postgres` (else `nobody`) user when running as root,
// since both refuse to run as root.
func runAsCredential() (*syscall.Credential, string, error) {
	if os.Geteuid() != 0 {
		return nil, "", nil
	}
	var lastErr error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			lastErr = err
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			lastErr = fmt.Errorf("unusable user %s (uid %s gid %s)", name, u.Uid, u.Gid)
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, name, nil
	}
	return nil, "", fmt.Errorf("running as root and no non-root user (postgres, nobody) to run PostgreSQL as: %v", lastErr)
}

// pgEnv is the environment for initdb and postgres: ours minus PG*
// variables that could redirect them, in the C locale.
func pgEnv(home string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "HOME=")
	})
	return append(env, "LC_ALL=C", "LANG=C", "HOME="+home)
}

func startPrivatePostgres(binDir string) (s *pgServer, err error) {
	cred, credUser, err := runAsCredential()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "mutu-pg-")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	if err := writeOwner(dir); err != nil {
		return nil, err
	}
	asUser := ""
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("chown %s to %s: %w", dir, credUser, err)
		}
		asUser = fmt.Sprintf(" (as user %s, because we run as root)", credUser)
	}

	dataDir := filepath.Join(dir, "data")
	initLog := filepath.Join(dir, "initdb.log")
	logf, err := os.Create(initLog)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(binDir, "initdb"), "-D", dataDir,
		"--locale=C", "-E", "UTF8", "--auth=trust", "-U", "postgres", "--no-sync")
	cmd.Dir = dir
	cmd.Env = pgEnv(dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	err = cmd.Run()
	logf.Close()
	if err != nil {
		return nil, fmt.Errorf("%s failed%s: %v\n%s%s", cmd, asUser, err, tail(initLog, 30), accessHint(dir, cred))
	}

	// The port is picked by binding :0 and closing, so another process can
	// grab it before postgres binds; retry with a new port in that case.
	for attempt := 1; ; attempt++ {
		s, err = startPostmaster(binDir, dir, dataDir, cred, 0)
		if err == nil || attempt == 3 || !errors.Is(err, errAddrInUse) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("starting PostgreSQL%s: %w", asUser, err)
	}
	return s, nil
}

var errAddrInUse = errors.New("address already in use")

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startPostmaster starts the server of dataDir on port (0: a free one).
func startPostmaster(binDir, dir, dataDir string, cred *syscall.Credential, port int) (*pgServer, error) {
	if port == 0 {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		port = p
	}
	logPath := filepath.Join(dir, fmt.Sprintf("postgres-%d.log", port))
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child has its own copy
	cmd := exec.Command(filepath.Join(binDir, "postgres"),
		"-D", dataDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+dir,
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "jit=off",
		// /dev/shm is tiny in many containers; keep dynamic shared memory
		// in the data directory instead.
		"-c", "dynamic_shared_memory_type=mmap",
		"-c", "logging_collector=off",
	)
	cmd.Dir = dir
	cmd.Env = pgEnv(dir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: cred,
		// Own process group: a ^C in the terminal reaches only the test
		// binary, and Main stops the server in order.
		Setpgid: true,
		// If the test binary dies without running Main (killed by go
		// test's -timeout, a panic, ...), the server shuts down by itself.
		Pdeathsig: syscall.SIGQUIT,
	}

	// Pdeathsig fires when the OS thread that forked the child exits, not
	// the process; so fork from a goroutine locked to its thread that lives
	// as long as the server (it waits for it).
	started := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			runtime.UnlockOSThread()
			return
		}
		started <- nil
		cmd.Wait()
		close(done)
		// Exit with the thread still locked: the runtime then terminates
		// the thread rather than reusing it.
	}()
	if err := <-started; err != nil {
		return nil, err
	}

	u := &url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}
	s := &pgServer{admin: u, dir: dir, log: logPath, proc: cmd.Process, done: done}

	deadline := time.Now().Add(60 * time.Second)
	var lastErr error
	for {
		select {
		case <-done:
			msg := tail(logPath, 30)
			if strings.Contains(msg, "Address already in use") || strings.Contains(msg, "could not bind") {
				return nil, fmt.Errorf("%w: %s exited: %v\n%s", errAddrInUse, cmd, cmd.ProcessState, msg)
			}
			return nil, fmt.Errorf("%s exited during startup: %v\n%s%s", cmd, cmd.ProcessState, msg, accessHint(dir, cred))
		default:
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("PostgreSQL did not accept connections within 60s (last error: %v)\n%s", lastErr, tail(logPath, 30))
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		v, err := serverVersion(ctx, u)
		cancel()
		if err == nil {
			s.version = v
			return s, nil
		}
		lastErr = err
		time.Sleep(25 * time.Millisecond)
	}
}

// accessHint explains a likely permission problem when running as another
// user.
func accessHint(dir string, cred *syscall.Credential) string {
	if cred == nil {
		return ""
	}
	return fmt.Sprintf("\n(note: PostgreSQL runs as uid %d because we run as root; if the log shows \"Permission denied\", every parent directory of %s must be searchable by that user, e.g. set TMPDIR=/tmp)", cred.Uid, dir)
}

// stop shuts the private server down (immediate mode) and waits for it.
func (s *pgServer) stop() {
	if s == nil || s.proc == nil {
		return
	}
	s.proc.Signal(syscall.SIGQUIT) // immediate shutdown
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.proc.Kill()
		<-s.done
	}
}

func stopPostgres() {
	if pgSrv == nil || pgSrv.proc == nil {
		return
	}
	pgSrv.stop()
	os.RemoveAll(pgSrv.dir)
}

// killStalePostmaster stops a server left running in a stale temp dir.
func killStalePostmaster(dir string) {
	dataDir := filepath.Join(dir, "data")
	pid := readPID(filepath.Join(dataDir, "postmaster.pid"))
	if pid == 0 || !pidAlive(pid) || !cmdlineContains(pid, dataDir) {
		return
	}
	syscall.Kill(pid, syscall.SIGQUIT)
	for range 100 {
		if !pidAlive(pid) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL)
}
