package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/web"
)

// ack is a write the server acknowledged, and when.
type ack struct {
	kind string // response or complaint
	id   string
	at   time.Time
}

// TestBackupDrill: survey responses and complaints are acknowledged
// concurrently while "mutu backup" runs; the archive verifies, restores
// into an empty database and directory, and holds every write
// acknowledged before the backup began and every evidence file; a damaged
// archive fails verify and restore; a non-empty target is refused.
func TestBackupDrill(t *testing.T) {
	for engine, dsn := range dsns(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			src, att := dsn(), filepath.Join(dir, "attachments")
			if _, _, err := mutu(t, "seed", "--demo", "--db", src); err != nil {
				t.Fatal(err)
			}
			out, _, err := mutu(t, "apikey", "create", "--name", "latihan", "--scope", "open311,responses", "--db", src)
			key := apiKeyRE.FindString(out)
			if err != nil || key == "" {
				t.Fatalf("apikey create: %v\n%s", err, out)
			}
			db, err := openDB(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := seed.Publications(ctx, db, "http://mutu.test", att, now()); err != nil {
				t.Fatal(err)
			}
			ts := newTestServer(t, db, att)

			var mu sync.Mutex
			var acks []ack
			count := func() int { mu.Lock(); defer mu.Unlock(); return len(acks) }
			loadCtx, stopLoad := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for c := range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; loadCtx.Err() == nil; i++ {
						if a, ok := write(ts.URL, key, c%2 == 0, fmt.Sprintf("drill-%d-%d", c, i)); ok {
							mu.Lock()
							acks = append(acks, a)
							mu.Unlock()
						}
					}
				}()
			}
			defer func() { stopLoad(); wg.Wait() }()
			waitFor(t, func() bool { return count() >= 60 })
			archive := filepath.Join(dir, "mutu-backup.tar.gz")
			began := time.Now()
			before := count()
			out, _, err = mutu(t, "backup", "--out", archive, "--attachments", att, "--db", src)
			if err != nil {
				t.Fatalf("backup: %v\n%s", err, out)
			}
			// Writes went on during the backup.
			waitFor(t, func() bool { return count() >= before+20 })
			stopLoad()
			wg.Wait()
			t.Logf("%s: %d writes acknowledged before the backup began, %d in all", engine, before, count())

			out, _, err = mutu(t, "backup", "verify", archive)
			if err != nil || !strings.Contains(out, "Cadangan utuh / backup intact") || !strings.Contains(out, "mesin / engine "+engine) {
				t.Fatalf("verify: %v\n%s", err, out)
			}

			// Restored as if later: reports closed more than a day ago
			// lose their reporters' contact data before the copy serves.
			t.Setenv("MUTU_REPORTER_RETENTION", "1d")
			target, restored := dsn(), filepath.Join(dir, "restored")
			out, _, err = mutu(t, "restore", archive, "--db", target, "--attachments", restored)
			if err != nil || !strings.Contains(out, "Cadangan dipulihkan / backup restored") || !strings.Contains(out, "IMPORTANT: repeat the erasures") {
				t.Fatalf("restore: %v\n%s", err, out)
			}
			if !regexp.MustCompile(`erased by retention \(1d\): [1-9]`).MatchString(out) || !strings.Contains(out, fmt.Sprintf("skema / schema %d,", store.SchemaVersion())) {
				t.Errorf("restore summary:\n%s", out)
			}
			rdb, err := openDB(ctx, target)
			if err != nil {
				t.Fatal(err)
			}
			defer rdb.Close()
			rts := newTestServer(t, rdb, restored)
			if log, err := rdb.AuditLog(ctx, store.AuditFilter{Action: "backup.restore"}); err != nil || len(log) != 1 || log[0].ObjectID != "mutu-backup.tar.gz" {
				t.Errorf("restore audit: %+v %v", log, err)
			}
			u, err := rdb.UnitByCode(ctx, "PKM-31.72.01")
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, a := range acks {
				if !a.at.Before(began) {
					continue
				}
				checked++
				if a.kind == "response" {
					if _, err := rdb.Response(ctx, u.ID, a.id); err != nil {
						t.Fatalf("response %s acknowledged before the backup is not restored: %v", a.id, err)
					}
					continue
				}
				res, err := http.Get(rts.URL + "/open311/v2/requests/" + url.PathEscape(a.id) + ".json")
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("complaint %s acknowledged before the backup is not restored: %d", a.id, res.StatusCode)
				}
			}
			if checked < 60 {
				t.Fatalf("only %d acknowledged writes checked", checked)
			}
			// Every evidence file came back, byte for byte.
			files := 0
			filepath.WalkDir(att, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(att, p)
				want, _ := os.ReadFile(p)
				got, err := os.ReadFile(filepath.Join(restored, rel))
				if err != nil || string(got) != string(want) {
					t.Errorf("file %s not restored: %v", rel, err)
				}
				files++
				return nil
			})
			if files == 0 {
				t.Fatal("the drill has no evidence files")
			}

			if engine == "postgres" {
				// A backup restores only into its own engine.
				other := filepath.Join(dir, "other.db")
				out, _, err = mutu(t, "restore", archive, "--db", other, "--attachments", filepath.Join(dir, "other"))
				if err == nil || !strings.Contains(message(err), "a postgres backup cannot be restored into sqlite") {
					t.Fatalf("cross-engine restore: %v\n%s", err, out)
				}
				if _, err := os.Stat(other); !os.IsNotExist(err) {
					t.Errorf("the refused restore created %s", other)
				}
			}
			// A non-empty target is refused, and left as it was.
			out, _, err = mutu(t, "restore", archive, "--db", target, "--attachments", filepath.Join(dir, "other"))
			if err == nil || !strings.Contains(message(err), "basis data tujuan") {
				t.Fatalf("restore into a non-empty database: %v\n%s", err, out)
			}
			out, _, err = mutu(t, "restore", archive, "--db", dsn(), "--attachments", restored)
			if err == nil || !strings.Contains(message(err), "direktori lampiran tidak kosong") {
				t.Fatalf("restore into a non-empty directory: %v\n%s", err, out)
			}
			if _, err := rdb.Response(ctx, u.ID, acks[0].id); acks[0].kind == "response" && err != nil {
				t.Fatal("the refused restore changed the target")
			}

			// Damaged archives fail verify, naming the problem.
			raw, err := os.ReadFile(archive)
			if err != nil {
				t.Fatal(err)
			}
			for name, damaged := range map[string][]byte{
				"truncated": raw[:len(raw)*2/3],
				"altered":   flipByte(raw, len(raw)/2),
				"missing":   withoutEntry(t, raw, "bukti/"),
			} {
				p := filepath.Join(dir, name+".tar.gz")
				if err := os.WriteFile(p, damaged, 0o600); err != nil {
					t.Fatal(err)
				}
				out, _, err := mutu(t, "backup", "verify", p)
				if err == nil || !strings.Contains(message(err), "cadangan rusak / backup damaged") {
					t.Errorf("%s archive: verify %v\n%s", name, err, out)
				}
				if name == "missing" && !strings.Contains(message(err), "entri hilang / entry missing: files/bukti/") {
					t.Errorf("missing file not named: %v", message(err))
				}
				empty := filepath.Join(dir, "empty-"+name)
				if _, _, err := mutu(t, "restore", p, "--db", dsn(), "--attachments", empty); err == nil {
					t.Errorf("%s archive restored", name)
				}
				if _, err := os.Stat(empty); !os.IsNotExist(err) {
					t.Errorf("%s archive: the refused restore created %s", name, empty)
				}
			}
		})
	}
}

func newTestServer(t *testing.T, db *store.DB, att string) *httptest.Server {
	t.Helper()
	srv, err := web.New(db, web.Config{AttachmentDir: att}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// write posts a survey response or files a complaint and returns it when
// the server acknowledged it.
func write(base, key string, response bool, device string) (ack, bool) {
	var res *http.Response
	var err error
	if response {
		body := fmt.Sprintf(`{"answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":4},"device":%q}`, device)
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/units/PKM-31.72.01/responses", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+key)
		res, err = http.DefaultClient.Do(req)
	} else {
		res, err = http.PostForm(base+"/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {"pengaduan"},
			"address_string": {"Jl. Yos Sudarso, Koja"}, "description": {"Lampu penerangan jalan mati sejak tiga malam (" + device + ")."}})
	}
	if err != nil {
		return ack{}, false
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return ack{}, false
	}
	at := time.Now()
	if response {
		var created struct{ ID string }
		if json.NewDecoder(res.Body).Decode(&created) != nil || created.ID == "" {
			return ack{}, false
		}
		return ack{"response", created.ID, at}, true
	}
	var filed []struct {
		ID string `json:"service_request_id"`
	}
	ok := json.NewDecoder(res.Body).Decode(&filed) == nil && len(filed) == 1
	if !ok {
		return ack{}, false
	}
	return ack{"complaint", filed[0].ID, at}, true
}

// waitFor polls cond: the load runs on real time.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

func flipByte(raw []byte, i int) []byte {
	out := append([]byte(nil), raw...)
	out[i] ^= 0xff
	return out
}

// withoutEntry rewrites the archive raw without its first entry whose name
// contains part.
func withoutEntry(t *testing.T, raw []byte, part string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	dropped := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !dropped && strings.Contains(hdr.Name, part) {
			dropped = true
			continue
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(tw, tr); err != nil {
			t.Fatal(err)
		}
	}
	if !dropped || tw.Close() != nil || zw.Close() != nil {
		t.Fatalf("no entry %q to drop", part)
	}
	return buf.Bytes()
}

// TestBackupBadInput: usage errors, a database that is not there or empty,
// and an archive that is not one: clear messages, status 1, nothing written.
func TestBackupBadInput(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.tar.gz")
	os.WriteFile(junk, []byte("bukan arsip"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backup"}, "mutu backup --out"},
		{[]string{"backup", "verify"}, "mutu backup verify BERKAS"},
		{[]string{"restore"}, "mutu restore BERKAS"},
		{[]string{"backup", "--out", filepath.Join(dir, "a.tar.gz"), "--db", filepath.Join(dir, "none.db")}, "database not found"},
		{[]string{"backup", "--out", filepath.Join(dir, "a.tar.gz"), "--db", empty}, "the database is empty"},
		{[]string{"backup", "verify", junk}, "not a gzip archive"},
		{[]string{"backup", "verify", filepath.Join(dir, "none.tar.gz")}, "no such file"},
		{[]string{"restore", junk, "--db", filepath.Join(dir, "r.db"), "--attachments", filepath.Join(dir, "r")}, "nothing restored"},
		{[]string{"restore", "--db", filepath.Join(dir, "r.db"), "--attachments", filepath.Join(dir, "r"), junk}, "nothing restored"},
		{[]string{"restore", junk, "--db", filepath.Join(dir, "r.db"), "extra"}, "mutu restore BERKAS"},
	} {
		out, _, err := mutu(t, c.args...)
		if err == nil || !strings.Contains(message(err), c.want) {
			t.Errorf("%v: %v, want %q\n%s", c.args, err, c.want, out)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}
