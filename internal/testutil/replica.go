package testutil

import (
	"context"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Replicated is a private PostgreSQL primary with a streaming replica made
// by pg_basebackup -R (as scripts/cluster makes it), for one test: what
// Mutu does with a read replica that lags, stops and comes back.
type Replicated struct {
	Primary string // DSN of the test's database on the primary
	Replica string // the same database on the replica

	t       testing.TB
	binDir  string
	dir     string // the replica's temp dir: data/, socket, logs
	port    int    // the replica's, kept across restarts
	cred    *syscall.Credential
	primary *pgServer
	mu      sync.Mutex
	replica *pgServer // nil while stopped
}

// ReplicatedPostgres starts a primary and its streaming replica for this
// test alone, both stopped and removed when it ends. Without the server
// binaries (initdb, postgres, pg_basebackup) the test is skipped, or fails
// if RequirePostgres().
func ReplicatedPostgres(t testing.TB) *Replicated {
	t.Helper()
	r := &Replicated{t: t}
	var basebackup string
	var err error
	if r.binDir, err = findPostgresBin(); err == nil {
		if basebackup, err = pgBasebackup(r.binDir); err == nil {
			r.primary, err = startPrivatePostgres(r.binDir)
		}
	}
	if err != nil {
		unavailable(t, RequirePostgres(), "PostgreSQL with pg_basebackup", "MUTU_REQUIRE_POSTGRES", err)
		return nil
	}
	t.Cleanup(func() {
		r.StopReplica()
		r.primary.stop()
		os.RemoveAll(r.primary.dir)
		if r.dir != "" {
			os.RemoveAll(r.dir)
		}
	})
	if r.Primary, err = r.primary.createDatabase(t.Name()); err != nil {
		t.Fatalf("testutil: %v\n%s", err, tail(r.primary.log, 20))
	}
	if r.cred, _, err = runAsCredential(); err != nil {
		t.Fatalf("testutil: %v", err)
	}
	if r.dir, err = os.MkdirTemp("", "mutu-pg-"); err != nil {
		t.Fatal(err)
	}
	if err := writeOwner(r.dir); err != nil {
		t.Fatal(err)
	}
	if r.cred != nil {
		if err := os.Chown(r.dir, int(r.cred.Uid), int(r.cred.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	host, port, _ := net.SplitHostPort(r.primary.admin.Host)
	logPath := filepath.Join(r.dir, "basebackup.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(basebackup, "-h", host, "-p", port, "-U", "postgres",
		"-D", filepath.Join(r.dir, "data"), "-R", "-X", "stream", "-c", "fast", "--no-sync")
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = r.dir, pgEnv(r.dir), logf, logf
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
	}
	err = cmd.Run()
	logf.Close()
	if err != nil {
		t.Fatalf("testutil: %s: %v\n%s", cmd, err, tail(logPath, 20))
	}
	r.StartReplica()
	return r
}

// pgBasebackup finds pg_basebackup beside the server binaries, where
// their links in binDir lead, or in PATH.
func pgBasebackup(binDir string) (string, error) {
	dirs := []string{binDir}
	if real, err := filepath.EvalSymlinks(filepath.Join(binDir, "initdb")); err == nil {
		dirs = append(dirs, filepath.Dir(real))
	}
	for _, d := range dirs {
		if p := filepath.Join(d, "pg_basebackup"); exec.Command(p, "--version").Run() == nil {
			return p, nil
		}
	}
	return exec.LookPath("pg_basebackup")
}

// StopReplica stops the replica (immediate shutdown), as a crash would.
func (r *Replicated) StopReplica() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.replica != nil {
		r.replica.stop()
		r.replica = nil
	}
}

// StartReplica starts the replica again, on the port it had: it resumes
// streaming from the primary where it stopped.
func (r *Replicated) StartReplica() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.replica != nil {
		return
	}
	srv, err := startPostmaster(r.binDir, r.dir, filepath.Join(r.dir, "data"), r.cred, r.port)
	if err != nil {
		r.t.Fatalf("testutil: start the replica: %v", err)
	}
	r.replica = srv
	if r.port == 0 {
		_, p, _ := net.SplitHostPort(srv.admin.Host)
		r.port, _ = strconv.Atoi(p)
		u, _ := url.Parse(r.Primary)
		u.Host = srv.admin.Host
		r.Replica = u.String()
	}
}

// exec runs sql as the superuser on the replica or the primary.
func (r *Replicated) exec(onReplica bool, sql string) {
	r.t.Helper()
	dsn := r.Primary
	if onReplica {
		dsn = r.Replica
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		r.t.Fatalf("testutil: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		r.t.Fatalf("testutil: %s: %v", sql, err)
	}
}

// PauseReplay stops the replica applying the log it receives: it falls
// behind the primary by every write from now on.
func (r *Replicated) PauseReplay() { r.exec(true, "SELECT pg_wal_replay_pause()") }

// ResumeReplay lets the replica catch up again.
func (r *Replicated) ResumeReplay() { r.exec(true, "SELECT pg_wal_replay_resume()") }

// WaitCaughtUp waits (up to 30 s) until the replica has replayed
// everything the primary has written so far.
func (r *Replicated) WaitCaughtUp() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := pgx.Connect(ctx, r.Primary)
	if err != nil {
		r.t.Fatalf("testutil: %v", err)
	}
	defer p.Close(context.Background())
	var target string
	if err := p.QueryRow(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&target); err != nil {
		r.t.Fatalf("testutil: %v", err)
	}
	for {
		var done bool
		c, err := pgx.Connect(ctx, r.Replica)
		if err == nil {
			err = c.QueryRow(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn", target).Scan(&done)
			c.Close(context.Background())
		}
		if done {
			return
		}
		if ctx.Err() != nil {
			r.t.Fatalf("testutil: the replica did not replay up to %s within 30 s (last error: %v)", target, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
