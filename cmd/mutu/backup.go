package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"mutu/internal/backup"
	"mutu/internal/complaint"
	"mutu/internal/contact"
	"mutu/internal/store"
)

// cmdBackup: mutu backup --out FILE | mutu backup verify FILE.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		if len(args) != 2 {
			return fmt.Errorf("%w: mutu backup verify BERKAS", errUsage)
		}
		return cmdBackupVerify(ctx, args[1], stdout)
	}
	var cfg config
	fs := newFlags("backup", &cfg)
	out := fs.String("out", "", "archive to write (.tar.gz)")
	attDir := attachmentsFlag(fs)
	if err := fs.Parse(args); err != nil || *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: mutu backup --out BERKAS.tar.gz [--attachments DIR] [--db …]", errUsage)
	}
	if !store.IsPostgres(cfg.DB) {
		// Open would create it.
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("basis data tidak ditemukan / database not found: %s", cfg.DB)
		}
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if full, err := db.HasTables(ctx); err != nil || !full {
		return errors.Join(err, fmt.Errorf("basis data kosong, tidak ada yang dicadangkan / the database is empty, nothing to back up"))
	}
	work, err := os.MkdirTemp(filepath.Dir(*out), ".mutu-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	m := &backup.Manifest{Engine: string(db.Engine), CreatedAt: now().UTC(), Version: mutuVersion()}
	dump := filepath.Join(work, backup.DatabaseName(m.Engine))
	if db.Engine == store.Postgres {
		// Fail before taking the snapshot when pg_dump is not there.
		if _, err := backup.PGTool("pg_dump"); err != nil {
			return err
		}
	}
	snap, err := db.Snapshot(ctx, dump, func(ctx context.Context, snapshot string) error {
		return backup.PGDump(ctx, cfg.DB, snapshot, dump)
	})
	if err != nil {
		return err
	}
	m.Schema, m.Counts = snap.Schema, snap.Counts
	for _, f := range snap.Files {
		m.Files = append(m.Files, backup.File{Path: f})
	}
	// Written beside the target and renamed: an interrupted backup never
	// leaves a partial archive under the name of a good one.
	tmp := filepath.Join(work, "archive.tar.gz")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = backup.Write(f, m, dump, *attDir)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, *out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Cadangan dibuat / backup written: %s\n", *out)
	printSummary(stdout, m)
	for _, p := range m.Missing {
		fmt.Fprintf(stdout, "  peringatan: berkas dihapus setelah snapshot / warning: file removed after the snapshot: %s\n", p)
	}
	return nil
}

func attachmentsFlag(fs *flag.FlagSet) *string {
	return fs.String("attachments", env("MUTU_ATTACHMENTS", "attachments"), "attachment directory (MUTU_ATTACHMENTS)")
}

func mutuVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

func printSummary(w io.Writer, m *backup.Manifest) {
	var rows int64
	for _, n := range m.Counts {
		rows += n
	}
	var size int64
	for _, f := range m.Files {
		size += f.Size
	}
	fmt.Fprintf(w, "  mesin / engine %s, skema / schema %d, dibuat / created %s, Mutu %s\n", m.Engine, m.Schema, m.CreatedAt.Format("2006-01-02 15:04:05Z"), m.Version)
	fmt.Fprintf(w, "  %d tabel / tables, %d baris / rows; %d berkas / files (%d bytes)\n", len(m.Counts), rows, len(m.Files), size)
}

// cmdBackupVerify checks an archive: every checksum, the dump readable,
// and its row counts equal to the manifest's.
func cmdBackupVerify(ctx context.Context, file string, stdout io.Writer) error {
	work, err := os.MkdirTemp("", "mutu-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	m, problems, err := readArchive(ctx, file, work, false)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("cadangan rusak / backup damaged: %s\n  %s", file, strings.Join(problems, "\n  "))
	}
	fmt.Fprintf(stdout, "Cadangan utuh / backup intact: %s\n", file)
	printSummary(stdout, m)
	return nil
}

// readArchive reads the archive file into dir (the dump; the files too
// under dir/files when withFiles), and checks it: checksums, then the
// dump's readability and counts against the manifest.
func readArchive(ctx context.Context, file, dir string, withFiles bool) (*backup.Manifest, []string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	m, problems, err := backup.Read(f, func(name string, isDB bool, r io.Reader) error {
		if !isDB && !withFiles {
			return nil
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if !isDB {
			p = filepath.Join(dir, "files", filepath.FromSlash(name))
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return err
		}
		out, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, r)
		return errors.Join(err, out.Close())
	})
	if err != nil || len(problems) > 0 {
		return m, problems, err
	}
	dump := filepath.Join(dir, m.Database.Path)
	var counts map[string]int64
	if m.Engine == string(store.SQLite) {
		snap, err := store.SnapshotOf(ctx, dump)
		if err != nil {
			return m, []string{"dump tidak terbaca / dump unreadable: " + err.Error()}, nil
		}
		counts = snap.Counts
	} else if counts, err = backup.PGCounts(ctx, dump); err != nil {
		return m, []string{"dump tidak terbaca / dump unreadable: " + err.Error()}, nil
	}
	return m, countProblems(m.Counts, counts), nil
}

// countProblems names each table whose rows in the dump differ from the
// manifest. PostgreSQL's dump has no data block for its empty tables.
func countProblems(want, got map[string]int64) []string {
	var problems []string
	for t, n := range want {
		if got[t] != n {
			problems = append(problems, fmt.Sprintf("tabel / table %s: %d baris di dump, %d di manifest / %d rows in the dump, %d in the manifest", t, got[t], n, got[t], n))
		}
	}
	for t := range got {
		if _, ok := want[t]; !ok {
			problems = append(problems, "tabel tak terduga / unexpected table: "+t)
		}
	}
	sort.Strings(problems)
	return problems
}

// cmdRestore: mutu restore FILE into an empty database and attachment
// directory.
func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	fs := newFlags("restore", &cfg)
	attDir := attachmentsFlag(fs)
	usageErr := fmt.Errorf("%w: mutu restore BERKAS.tar.gz [--attachments DIR] [--db …]", errUsage)
	// The archive before or after the flags.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usageErr
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() > 0 {
		return usageErr
	}
	retention, err := reporterRetention()
	if err != nil {
		return err
	}
	grace, err := contactGrace()
	if err != nil {
		return err
	}
	// The targets must be empty: checked before anything is written.
	if entries, err := os.ReadDir(*attDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("direktori lampiran tidak kosong / the attachment directory is not empty: %s", *attDir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	engine := store.SQLite
	if store.IsPostgres(cfg.DB) {
		engine = store.Postgres
	} else if info, err := os.Stat(cfg.DB); err == nil && info.Size() > 0 {
		return fmt.Errorf("basis data tujuan sudah ada / the target database already exists: %s", cfg.DB)
	}
	if engine == store.Postgres {
		db, err := store.Open(ctx, cfg.DB)
		if err != nil {
			return err
		}
		full, err := db.HasTables(ctx)
		db.Close()
		if err != nil {
			return err
		}
		if full {
			return fmt.Errorf("basis data tujuan tidak kosong / the target database is not empty")
		}
	}
	if err := os.MkdirAll(filepath.Dir(*attDir), 0o750); err != nil {
		return err
	}
	work, err := os.MkdirTemp(filepath.Dir(*attDir), ".mutu-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	m, problems, err := readArchive(ctx, file, work, true)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("cadangan rusak, tidak dipulihkan / backup damaged, nothing restored: %s\n  %s", file, strings.Join(problems, "\n  "))
	}
	if m.Engine != string(engine) {
		return fmt.Errorf("cadangan %s tidak dapat dipulihkan ke %s / a %s backup cannot be restored into %s", m.Engine, engine, m.Engine, engine)
	}
	if m.Schema > store.SchemaVersion() {
		return fmt.Errorf("cadangan dari Mutu yang lebih baru (skema %d > %d) / the backup is from a newer Mutu (schema %d > %d)",
			m.Schema, store.SchemaVersion(), m.Schema, store.SchemaVersion())
	}
	dump := filepath.Join(work, m.Database.Path)
	if engine == store.Postgres {
		if err := backup.PGRestore(ctx, cfg.DB, dump); err != nil {
			return err
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(cfg.DB), 0o750); err != nil {
			return err
		}
		for _, ext := range []string{"-wal", "-shm"} {
			os.Remove(cfg.DB + ext) // of an empty file given as the target
		}
		if err := moveFile(dump, cfg.DB); err != nil {
			return err
		}
	}
	if err := os.Remove(*attDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Join(work, "files"), 0o750); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(work, "files"), *attDir); err != nil {
		return err
	}
	// The app runs on it: migrate (a backup from an older Mutu is brought
	// up to date) exactly as serve would.
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RecordRestore(ctx, filepath.Base(file), m.CreatedAt); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Cadangan dipulihkan / backup restored: %s → %s, %s\n", file, cfg.DB, *attDir)
	printSummary(stdout, m)
	return reapplyErasures(ctx, db, retention, grace, m, stdout)
}

// reapplyErasures erases again, before the restored database serves, the
// contact data whose retention ran out since the backup was taken (see
// docs/privacy.md "Backups"), and reminds the operator of erasures made
// on request after the backup: the audit log keeps only a masked query, so
// those cannot be replayed and are redone from the request's record. The
// user-contact lists of assessment years past their grace are erased
// again too.
func reapplyErasures(ctx context.Context, db *store.DB, retention, grace complaint.Retention, m *backup.Manifest, stdout io.Writer) error {
	erased := 0
	for {
		n, err := db.EraseExpiredReporters(ctx, retention.Cutoff(now()), 500)
		erased += n
		if err != nil {
			return err
		}
		if n < 500 {
			break
		}
	}
	fmt.Fprintf(stdout, "  data pelapor dihapus sesuai retensi / reporters' contact data erased by retention (%s): %d laporan / reports\n", retention, erased)
	last, contacts := contact.ClosedThrough(grace.Cutoff(now())), 0
	for {
		n, err := db.EraseExpiredContacts(ctx, last, 500)
		contacts += n
		if err != nil {
			return err
		}
		if n < 500 {
			break
		}
	}
	fmt.Fprintf(stdout, "  kontak pengguna layanan dihapus (penilaian s.d. %d) / user contacts erased (assessments up to %d): %d\n", last, last, contacts)
	fmt.Fprintf(stdout, "  PENTING: ulangi penghapusan atas permintaan pelapor sejak %s / IMPORTANT: repeat the erasures made on reporters' requests since %s (/kelola/data-pribadi)\n",
		m.CreatedAt.Format("2006-01-02 15:04Z"), m.CreatedAt.Format("2006-01-02 15:04Z"))
	return nil
}

// moveFile renames, or copies when src and dst are on different devices.
func moveFile(src, dst string) error {
	if os.Rename(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	return errors.Join(err, out.Close())
}
