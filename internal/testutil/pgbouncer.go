package testutil

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Pgbouncer starts, for t, a pgbouncer in transaction pooling mode in front
// of the PostgreSQL database dsn (from Postgres) and returns the URL of
// that database through it; the pooler stops when t ends. Every
// transaction may land on another server connection, as in a deployment
// behind Debian's pgbouncer (which keeps no prepared statements). When
// pgbouncer is not installed the test is skipped, or fails if
// MUTU_REQUIRE_PGBOUNCER=1.
func Pgbouncer(t testing.TB, dsn string) string {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		bin, err = "/usr/sbin/pgbouncer", nil
		if _, serr := os.Stat(bin); serr != nil {
			err = errors.New("pgbouncer not found (install Debian package pgbouncer)")
		}
	}
	if err != nil {
		unavailable(t, os.Getenv("MUTU_REQUIRE_PGBOUNCER") == "1", "pgbouncer", "MUTU_REQUIRE_PGBOUNCER", err)
		return ""
	}
	server, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	host, port, err := net.SplitHostPort(server.Host)
	if err != nil {
		t.Fatal(err)
	}
	cred, _, err := runAsCredential() // pgbouncer refuses to run as root too
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "mutu-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	listen, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	// Few server connections, so that clients share them as they would
	// under load.
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = trust
auth_file = %s
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = %s
`, host, port, listen, filepath.Join(dir, "users.txt"), filepath.Join(dir, "pgbouncer.log"))
	user := server.User.Username()
	files := map[string]string{"pgbouncer.ini": ini, "users.txt": fmt.Sprintf("%q \"\"\n", user), "pgbouncer.log": ""}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if cred != nil {
			os.Chown(filepath.Join(dir, name), int(cred.Uid), int(cred.Gid))
		}
	}
	if cred != nil {
		os.Chown(dir, int(cred.Uid), int(cred.Gid))
	}
	cmd := exec.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	cmd.Dir = dir
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("testutil: start pgbouncer: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	addr := fmt.Sprintf("127.0.0.1:%d", listen)
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("testutil: pgbouncer did not listen on %s: %v\n%s", addr, err, tail(filepath.Join(dir, "pgbouncer.log"), 20))
		}
		time.Sleep(20 * time.Millisecond)
	}
	through := *server
	through.Host = addr
	return through.String()
}
