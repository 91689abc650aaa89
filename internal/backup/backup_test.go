package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// archive writes a small archive: a dump and two files, one of which is
// gone by the time it is copied.
func archive(t testing.TB) ([]byte, *Manifest) {
	t.Helper()
	dir := t.TempDir()
	dump := filepath.Join(dir, "db")
	root := filepath.Join(dir, "att")
	os.MkdirAll(filepath.Join(root, "bukti", "r1"), 0o750)
	os.WriteFile(dump, []byte("SQLite format 3\x00…"), 0o600)
	os.WriteFile(filepath.Join(root, "bukti", "r1", "f1"), []byte("foto"), 0o600)
	m := &Manifest{Engine: "sqlite", Schema: 21, CreatedAt: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC),
		Counts: map[string]int64{"units": 3}, Files: []File{{Path: "bukti/r1/f1"}, {Path: "c1/gone"}}}
	var buf bytes.Buffer
	if err := Write(&buf, m, dump, root); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), m
}

func TestWriteRead(t *testing.T) {
	raw, m := archive(t)
	if len(m.Files) != 1 || m.Files[0].Size != 4 || len(m.Missing) != 1 || m.Missing[0] != "c1/gone" {
		t.Fatalf("manifest: %+v", m)
	}
	got := map[string]string{}
	back, problems, err := Read(bytes.NewReader(raw), func(name string, isDB bool, r io.Reader) error {
		b, err := io.ReadAll(r)
		got[name] = string(b)
		return err
	})
	if err != nil || len(problems) > 0 || back.Schema != 21 || back.Counts["units"] != 3 || back.Database.SHA256 != m.Database.SHA256 {
		t.Fatalf("%+v %v %v", back, problems, err)
	}
	if got["bukti/r1/f1"] != "foto" || !strings.HasPrefix(got["database.sqlite"], "SQLite") || len(got) != 2 {
		t.Fatalf("entries: %q", got)
	}
}

// rewrite rebuilds raw's entries through edit (nil header: drop).
func rewrite(t *testing.T, raw []byte, edit func(h *tar.Header, body []byte) (*tar.Header, []byte)) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		body, _ := io.ReadAll(tr)
		if h, body = edit(h, body); h != nil {
			h.Size = int64(len(body))
			tw.WriteHeader(h)
			tw.Write(body)
		}
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestReadProblems(t *testing.T) {
	raw, _ := archive(t)
	for _, c := range []struct {
		name, want string
		raw        []byte
	}{
		{"not gzip", "not a gzip archive", []byte("hello")},
		{"truncated", "truncated", raw[:len(raw)-40]},
		{"altered", "content altered (checksum): files/bukti/r1/f1", rewrite(t, raw, func(h *tar.Header, b []byte) (*tar.Header, []byte) {
			if h.Name == "files/bukti/r1/f1" {
				return h, []byte("FOTO")
			}
			return h, b
		})},
		{"missing", "entry missing: database.sqlite", rewrite(t, raw, func(h *tar.Header, b []byte) (*tar.Header, []byte) {
			if h.Name == "database.sqlite" {
				return nil, nil
			}
			return h, b
		})},
		{"extra", "unexpected entry: files/../../etc/passwd", rewrite(t, raw, func(h *tar.Header, b []byte) (*tar.Header, []byte) {
			if h.Name == "files/bukti/r1/f1" {
				h.Name = "files/../../etc/passwd"
			}
			return h, b
		})},
		{"unsafe manifest", "unsafe file path: ../x", rewrite(t, raw, func(h *tar.Header, b []byte) (*tar.Header, []byte) {
			return h, bytes.Replace(b, []byte(`"bukti/r1/f1"`), []byte(`"../x"`), 1)
		})},
		{"format", "unknown archive format 2", rewrite(t, raw, func(h *tar.Header, b []byte) (*tar.Header, []byte) {
			return h, bytes.Replace(b, []byte(`"format": 1`), []byte(`"format": 2`), 1)
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			called := 0
			_, problems, err := Read(bytes.NewReader(c.raw), func(name string, _ bool, r io.Reader) error {
				called++
				if strings.Contains(name, "..") {
					t.Errorf("unsafe entry %q reached the sink", name)
				}
				_, err := io.Copy(io.Discard, r)
				return err
			})
			if err != nil || !strings.Contains(strings.Join(problems, "\n"), c.want) {
				t.Fatalf("problems %q, err %v; want %q", problems, err, c.want)
			}
		})
	}
}

func TestCopyCounts(t *testing.T) {
	dump := "SET x = 1;\nCOPY public.units (id, name) FROM stdin;\n1\ta\\nb\n2\tc\n\\.\n\nCOPY public.\"holds\" (id) FROM stdin;\n\\.\n"
	got, err := copyCounts(strings.NewReader(dump))
	if err != nil || got["units"] != 2 || got["holds"] != 0 || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
}

func TestPGToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := PGTool("pg_nonexistent")
	if err == nil || !strings.Contains(err.Error(), "pg_nonexistent tidak ditemukan") || !strings.Contains(err.Error(), "install postgresql-client") {
		t.Fatalf("%v", err)
	}
}

// FuzzRead: no archive makes the reader panic or hand the sink an entry
// outside its directory.
func FuzzRead(f *testing.F) {
	raw, _ := archive(f)
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, b []byte) {
		Read(bytes.NewReader(b), func(name string, isDB bool, r io.Reader) error {
			if !isDB && !safePath(name) {
				t.Fatalf("unsafe name %q", name)
			}
			_, err := io.Copy(io.Discard, r)
			return err
		})
	})
}

func TestLibpqDSN(t *testing.T) {
	conn, pw, err := libpqDSN("postgres://mutu:rahasia@db:6432/mutu?sslmode=disable&default_query_exec_mode=exec&pool_max_conns=8")
	if err != nil || pw != "rahasia" || conn != "postgres://mutu@db:6432/mutu?sslmode=disable" {
		t.Fatalf("%q %q %v", conn, pw, err)
	}
}
