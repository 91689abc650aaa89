package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// PGTool finds a PostgreSQL client program (pg_dump, pg_restore): on PATH,
// else in the newest /usr/lib/postgresql/N/bin (Debian's layout, which
// does not always put them on PATH).
func PGTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) > pgMajor(dirs[j]) })
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && info.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s tidak ditemukan di PATH atau /usr/lib/postgresql/*/bin; pasang postgresql-client / "+
		"%s not found on PATH or in /usr/lib/postgresql/*/bin; install postgresql-client", name, name)
}

func pgMajor(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// PGDump writes the database dsn as it was at the exported snapshot (see
// store.DB.Snapshot) to out in pg_dump's custom format.
func PGDump(ctx context.Context, dsn, snapshot, out string) error {
	bin, err := PGTool("pg_dump")
	if err != nil {
		return err
	}
	return runPG(ctx, dsn, bin, "--format=custom", "--no-owner", "--no-privileges", "--snapshot="+snapshot, "--file="+out)
}

// PGRestore restores the dump into the (empty) database dsn in one
// transaction: a failure leaves the database as it was.
func PGRestore(ctx context.Context, dsn, dump string) error {
	bin, err := PGTool("pg_restore")
	if err != nil {
		return err
	}
	return runPG(ctx, dsn, bin, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", dump)
}

// PGCounts reads a custom-format dump and counts the rows of each table's
// data (the lines of its COPY block: COPY escapes newlines within values).
func PGCounts(ctx context.Context, dump string) (map[string]int64, error) {
	bin, err := PGTool("pg_restore")
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "--data-only", "--file=-", dump) // reads the file: no database
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	counts, scanErr := copyCounts(out)
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("pg_restore: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return counts, scanErr
}

// copyCounts counts the rows of the COPY blocks of a plain-format dump.
func copyCounts(r io.Reader) (map[string]int64, error) {
	counts := map[string]int64{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	table := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case table != "" && line == `\.`:
			table = ""
		case table != "":
			counts[table]++
		case strings.HasPrefix(line, "COPY "):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "COPY "), " ")
			if i := strings.LastIndexByte(name, '.'); i >= 0 {
				name = name[i+1:]
			}
			table = strings.Trim(name, `"`)
			counts[table] += 0
		}
	}
	return counts, sc.Err()
}

// runPG runs a client program on the database dsn. The password goes in
// the environment, not on the command line (which every local user can
// read), and the parameters only pgx knows are dropped: libpq refuses them.
func runPG(ctx context.Context, dsn, bin string, args ...string) error {
	conn, password, err := libpqDSN(dsn)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, append(args, "--dbname="+conn)...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", filepath.Base(bin), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// pgxOnly are the URL parameters of pgx that libpq does not know.
var pgxOnly = []string{"default_query_exec_mode", "statement_cache_capacity", "description_cache_capacity", "prefer_simple_protocol"}

// libpqDSN splits a postgres:// URL into one libpq accepts, without its
// password, and the password.
func libpqDSN(dsn string) (string, string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", fmt.Errorf("MUTU_DB: not a postgres:// URL")
	}
	password, _ := u.User.Password()
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if slices.Contains(pgxOnly, k) || strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}
