package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mutu/internal/store"
	"mutu/internal/testutil"
)

func TestMain(m *testing.M) {
	// The durability test runs the real binary: this test binary re-executed
	// with MUTU_TEST_RUN_MAIN=1 behaves as "mutu".
	if os.Getenv("MUTU_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	testutil.Main(m)
}

// mutu runs the command line with args and returns its output.
func mutu(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// dsns are a fresh SQLite file and a fresh PostgreSQL database.
func dsns(t *testing.T) map[string]func() string {
	return map[string]func() string{
		"sqlite":   func() string { return filepath.Join(t.TempDir(), "mutu.db") },
		"postgres": func() string { return testutil.Postgres(t) },
	}
}

func TestImportAllIndonesianRegions(t *testing.T) {
	for engine, dsn := range dsns(t) {
		t.Run(engine, func(t *testing.T) {
			db := dsn()
			start := time.Now()
			out, progress, err := mutu(t, "import", "regions", "../../data/wilayah-indonesia.csv", "--db", db)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: 91,599 regions in %s", engine, time.Since(start).Round(time.Millisecond))
			if !strings.Contains(out, "91.599 wilayah") || !strings.Contains(out, "38 provinsi, 514 kota/kabupaten, 7.285 kecamatan, 83.762 kelurahan/desa") {
				t.Errorf("summary: %s", out)
			}
			if !strings.Contains(progress, "(50%)") || !strings.HasSuffix(strings.TrimSpace(progress), "91.599 / 91.599 (100%)") {
				t.Errorf("progress: %s", progress)
			}
			// Importing again updates in place.
			if _, _, err := mutu(t, "import", "regions", "../../data/wilayah-indonesia.csv", "--db", db); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestImportRefusesBadFilesWhole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mutu.db")
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("code,name,level,parent_code\n31,DKI,province,\n31.72,Jakut,city,31\n31.72.99,Salah,city,31.72\n32.01,Yatim,city,32\n"), 0o600)
	_, _, err := mutu(t, "import", "regions", bad, "--db", db)
	msg := message(err)
	for _, s := range []string{"Baris 4, kolom level", "Baris 5, kolom parent_code: Wilayah induk tidak ada"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message lacks %q:\n%s", s, msg)
		}
	}
	s, _ := store.Open(context.Background(), db)
	defer s.Close()
	if counts, _ := s.RegionCounts(context.Background()); len(counts) != 0 {
		t.Errorf("a refused file stored regions: %v", counts)
	}
	if _, _, err := mutu(t, "import", "regions", "/nonexistent.csv", "--db", db); err == nil {
		t.Error("missing file accepted")
	}
}

func TestSeedImportUsers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mutu.db")
	out, _, err := mutu(t, "seed", "--demo", "--db", db)
	if err != nil || !strings.Contains(out, "operator.ptsp") {
		t.Fatalf("seed: %v %s", err, out)
	}
	if _, _, err := mutu(t, "seed", "--demo", "--db", db); err == nil {
		t.Error("seeding a non-empty database was allowed")
	}
	units := filepath.Join(t.TempDir(), "units.csv")
	os.WriteFile(units, []byte("unit_code,name,type,region_code,services\nRSUD-31.72.03,RSUD Koja,rsud,31.72.03,Rawat jalan;IGD\n"), 0o600)
	out, _, err = mutu(t, "import", "units", units, "--db", db)
	if err != nil || !strings.Contains(out, "1 unit dan 2 layanan") {
		t.Fatalf("import units: %v %s", err, out)
	}
	_, _, err = mutu(t, "import", "units", units, "--db", db)
	if msg := message(err); !strings.Contains(msg, "Baris 2, kolom unit_code: Kode unit RSUD-31.72.03 sudah dipakai") {
		t.Errorf("re-import: %s", msg)
	}
	out, _, err = mutu(t, "user", "add", "--db", db, "--username", "admin.kota", "--name", "Admin Kota", "--role", "admin", "--region", "31.72")
	if err != nil || !strings.Contains(out, "Kata sandi sementara / temporary password: ") {
		t.Fatalf("user add: %v %s", err, out)
	}
	_, _, err = mutu(t, "user", "add", "--db", db, "--username", "x", "--name", "", "--role", "raja")
	if msg := message(err); !strings.Contains(msg, "username: Nama pengguna 3–40") || !strings.Contains(msg, "role: Pilih peran") {
		t.Errorf("bad user: %s", msg)
	}
	if _, _, err := mutu(t, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
	if out, _, _ := mutu(t, "help"); !strings.Contains(out, "mutu serve") {
		t.Error("help")
	}
}

func TestServeDemoAndShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mutu.db")
	t.Setenv("MUTU_BASE_URL", "")
	t.Setenv("MUTU_ATTACHMENTS", t.TempDir()) // the demo writes its notice-board photos
	ctx, cancel := context.WithCancel(context.Background())
	var out, logs lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db}, &out, &logs)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "running at") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "admin.jakut") {
		t.Fatalf("demo accounts not printed:\n%s", out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no graceful shutdown")
	}
	// Without MUTU_BASE_URL, links use the listen address, with a warning.
	if l := logs.String(); !strings.Contains(l, `"level":"WARN","msg":"MUTU_BASE_URL is not set`) || !strings.Contains(l, `"base_url":"http://127.0.0.1:`) {
		t.Errorf("no start-up warning about MUTU_BASE_URL:\n%s", l)
	}
}

// lockedBuffer is a buffer safe for one writer and one reader goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
