// Package backup is the archive of "mutu backup": one tar.gz holding a
// manifest, the database dump and the attachment and evidence files.
//
// The manifest comes first and names every other entry with its size and
// SHA-256, so a reader knows the engine before the dump and can tell an
// altered, missing or extra entry, and a truncated archive, apart. Entry
// names are checked before anything is written: an archive cannot place a
// file outside the directory it is restored into.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Format is the version of the archive layout; readers refuse others.
const Format = 1

const (
	manifestName = "manifest.json"
	filesPrefix  = "files/"
	maxManifest  = 64 << 20 // bytes: millions of file entries, never a whole disk
)

// File is one entry of the archive.
type File struct {
	Path   string `json:"path"` // relative to the attachment directory (files), or the dump's name
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest describes an archive.
type Manifest struct {
	Format    int              `json:"format"`
	Engine    string           `json:"engine"` // sqlite or postgres
	Schema    int64            `json:"schema"` // the last migration applied
	CreatedAt time.Time        `json:"created_at"`
	Version   string           `json:"mutu_version"`
	Database  File             `json:"database"`
	Counts    map[string]int64 `json:"counts"` // rows per table in the dump
	Files     []File           `json:"files"`
	// Missing are files the snapshot's rows name that were gone when they
	// were copied (removed after the snapshot was taken).
	Missing []string `json:"missing,omitempty"`
}

// DatabaseName is the archive name of the dump of engine.
func DatabaseName(engine string) string {
	if engine == "postgres" {
		return "database.pgdump"
	}
	return "database.sqlite"
}

// Write writes the archive of m to w: the dump at dumpPath and the files
// m.Files names under root. It fills in the sizes and checksums (reading
// each file once to hash it and once to copy it: Mutu never rewrites an
// attachment, it writes a new ID) and moves files that are gone to
// m.Missing.
func Write(w io.Writer, m *Manifest, dumpPath, root string) error {
	m.Format = Format
	var err error
	if m.Database, err = hashFile(dumpPath, DatabaseName(m.Engine)); err != nil {
		return err
	}
	files := m.Files[:0]
	for _, f := range m.Files {
		h, err := hashFile(filepath.Join(root, filepath.FromSlash(f.Path)), f.Path)
		if errors.Is(err, os.ErrNotExist) {
			m.Missing = append(m.Missing, f.Path)
			continue
		}
		if err != nil {
			return err
		}
		files = append(files, h)
	}
	m.Files = files
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	body, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(header(manifestName, int64(len(body)), m.CreatedAt)); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	if err := copyEntry(tw, m.Database, m.Database.Path, dumpPath, m.CreatedAt); err != nil {
		return err
	}
	for _, f := range m.Files {
		if err := copyEntry(tw, f, filesPrefix+f.Path, filepath.Join(root, filepath.FromSlash(f.Path)), m.CreatedAt); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func header(name string, size int64, at time.Time) *tar.Header {
	return &tar.Header{Name: name, Size: size, Mode: 0o600, ModTime: at, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
}

func hashFile(p, name string) (File, error) {
	f, err := os.Open(p)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func copyEntry(tw *tar.Writer, f File, name, p string, at time.Time) error {
	src, err := os.Open(p)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := tw.WriteHeader(header(name, f.Size, at)); err != nil {
		return err
	}
	// Exactly the hashed size: a file that changed since would fail here
	// rather than leave an entry that does not match its checksum.
	if _, err := io.CopyN(tw, src, f.Size); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Sink receives the entries of an archive being read: the dump (name is
// DatabaseName) and the files (name relative to the attachment
// directory). It must consume r.
type Sink func(name string, isDatabase bool, r io.Reader) error

// Read reads the archive from r, passing each entry to sink (nil: only
// check), and returns its manifest and the problems found: entries that
// are altered, missing, unexpected or cut short. An error is returned
// only when sink fails; a damaged archive is a problem, not an error.
func Read(r io.Reader, sink Sink) (*Manifest, []string, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, []string{"bukan arsip gzip / not a gzip archive: " + err.Error()}, nil
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName {
		return nil, []string{"manifest.json bukan entri pertama / manifest.json is not the first entry"}, nil
	}
	if hdr.Size > maxManifest {
		return nil, []string{"manifest.json terlalu besar / manifest.json too large"}, nil
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, maxManifest)).Decode(&m); err != nil {
		return nil, []string{"manifest.json tidak terbaca / manifest.json unreadable: " + err.Error()}, nil
	}
	if problem := m.check(); problem != "" {
		return &m, []string{problem}, nil
	}
	want := map[string]File{m.Database.Path: m.Database}
	for _, f := range m.Files {
		want[filesPrefix+f.Path] = f
	}
	var problems []string
	seen := map[string]bool{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, "arsip rusak atau terpotong / archive damaged or truncated: "+err.Error())
			break
		}
		f, ok := want[hdr.Name]
		if !ok || seen[hdr.Name] || hdr.Typeflag != tar.TypeReg {
			problems = append(problems, "entri tak terduga / unexpected entry: "+hdr.Name)
			continue
		}
		seen[hdr.Name] = true
		h := sha256.New()
		body := &readErr{r: tr}
		src := io.TeeReader(body, h)
		isDB := hdr.Name == m.Database.Path
		var err2 error
		if sink != nil {
			err2 = sink(strings.TrimPrefix(hdr.Name, filesPrefix), isDB, src)
		}
		if err2 == nil {
			_, err2 = io.Copy(io.Discard, src) // what the sink left
		}
		if body.err != nil {
			problems = append(problems, "arsip rusak atau terpotong / archive damaged or truncated: "+hdr.Name+": "+body.err.Error())
			break
		}
		if err2 != nil {
			return &m, problems, err2
		}
		if sum := hex.EncodeToString(h.Sum(nil)); sum != f.SHA256 || hdr.Size != f.Size {
			problems = append(problems, "isi berubah (checksum) / content altered (checksum): "+hdr.Name)
		}
	}
	for name := range want {
		if !seen[name] {
			problems = append(problems, "entri hilang / entry missing: "+name)
		}
	}
	return &m, problems, nil
}

// check reports what makes the manifest unusable, or "".
func (m *Manifest) check() string {
	switch {
	case m.Format != Format:
		return fmt.Sprintf("format arsip %d tidak dikenal / unknown archive format %d", m.Format, m.Format)
	case m.Engine != "sqlite" && m.Engine != "postgres":
		return fmt.Sprintf("mesin basis data %q tidak dikenal / unknown database engine %q", m.Engine, m.Engine)
	case m.Database.Path != DatabaseName(m.Engine):
		return "manifest: nama dump salah / wrong dump name: " + m.Database.Path
	}
	for _, f := range m.Files {
		if !safePath(f.Path) {
			return "manifest: jalur berkas tidak aman / unsafe file path: " + f.Path
		}
	}
	return ""
}

// safePath reports whether p stays inside the directory it is relative to.
func safePath(p string) bool {
	return p != "" && !strings.Contains(p, "\\") && !strings.ContainsRune(p, 0) &&
		path.Clean(p) == p && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../")
}

// readErr remembers the archive's read error, telling a damaged archive
// from a failing sink.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}
