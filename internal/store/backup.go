package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
)

// Snapshot is what a backup's dump holds, read from the same consistent
// state as the dump itself.
type Snapshot struct {
	Schema int64            // the last migration applied
	Counts map[string]int64 // rows per table
	// Files are the attachment and evidence files the snapshot's rows
	// name, relative to MUTU_ATTACHMENTS. Files written after the snapshot
	// are not in it: their rows are not in the dump either.
	Files []string
}

// Snapshot dumps the database as it is at one instant while it keeps
// serving. SQLite: VACUUM INTO dumpPath (a read transaction: writers carry
// on in the WAL), then the counts are read from the copy. PostgreSQL: a
// repeatable-read transaction exports its snapshot, the counts and files
// are read in it, and pgDump (pg_dump --snapshot) dumps that same state
// before the transaction ends.
func (db *DB) Snapshot(ctx context.Context, dumpPath string, pgDump func(ctx context.Context, snapshot string) error) (*Snapshot, error) {
	if db.Engine == SQLite {
		if _, err := db.w.ExecContext(ctx, "VACUUM INTO $1", dumpPath); err != nil {
			return nil, fmt.Errorf("vacuum into: %w", err)
		}
		return sqliteSnapshot(ctx, dumpPath, false)
	}
	tx, err := db.w.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var id string
	if err := tx.QueryRowContext(ctx, "SELECT pg_export_snapshot()").Scan(&id); err != nil {
		return nil, fmt.Errorf("export snapshot: %w", err)
	}
	snap, err := readSnapshot(ctx, tx, Postgres)
	if err != nil {
		return nil, err
	}
	if err := pgDump(ctx, id); err != nil {
		return nil, err
	}
	return snap, nil
}

// SnapshotOf reads the counts, schema version and files of the SQLite
// database file at p (a restored or verified dump).
func SnapshotOf(ctx context.Context, p string) (*Snapshot, error) {
	return sqliteSnapshot(ctx, p, true)
}

// sqliteSnapshot reads the snapshot of the SQLite file at p, opened read
// only, after PRAGMA quick_check when check is set.
func sqliteSnapshot(ctx context.Context, p string, check bool) (*Snapshot, error) {
	copyDB, err := sql.Open("sqlite", "file:"+(&url.URL{Path: p}).EscapedPath()+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer copyDB.Close()
	if check {
		var ok string
		if err := copyDB.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&ok); err != nil {
			return nil, err
		}
		if ok != "ok" {
			return nil, fmt.Errorf("quick_check: %s", ok)
		}
	}
	tx, err := copyDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return readSnapshot(ctx, tx, SQLite)
}

// tableListSQL lists the tables of the schema: the catalogs differ by
// engine (the one place a query does).
var tableListSQL = map[Engine]string{
	SQLite:   `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
	Postgres: `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
}

func readSnapshot(ctx context.Context, tx *sql.Tx, engine Engine) (*Snapshot, error) {
	tables, err := snapshotStrings(ctx, tx, tableListSQL[engine])
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Counts: map[string]int64{}}
	for _, t := range tables {
		var n int64
		// t comes from the catalog, not from input.
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM "`+t+`"`).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		s.Counts[t] = n
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&s.Schema); err != nil {
		return nil, fmt.Errorf("schema version: %w", err)
	}
	files, err := snapshotStrings(ctx, tx, `SELECT complaint_id || '/' || id FROM complaint_attachments
		UNION ALL SELECT 'bukti/' || owner_id || '/' || id FROM evidence_files`)
	if err != nil {
		return nil, err
	}
	s.Files = files
	return s, nil
}

func snapshotStrings(ctx context.Context, tx *sql.Tx, q string) ([]string, error) {
	return queryAll(ctx, tx, "snapshot", q, nil, scanOne[string])
}

// HasTables reports whether the database has any table: a restore goes
// only into a database that has none.
func (db *DB) HasTables(ctx context.Context) (bool, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	tables, err := snapshotStrings(ctx, tx, tableListSQL[db.Engine])
	return len(tables) > 0, err
}

// SchemaVersion is the last migration this binary knows.
func SchemaVersion() int64 {
	var last int64
	fs.WalkDir(migrations, "migrations", func(p string, d fs.DirEntry, err error) error {
		if n, err := strconv.ParseInt(strings.SplitN(path.Base(p), "_", 2)[0], 10, 64); err == nil && !d.IsDir() {
			last = max(last, n)
		}
		return nil
	})
	return last
}

// RecordRestore audits, in the restored database, that it was restored
// from archive (its base name), taken at createdAt.
func (db *DB) RecordRestore(ctx context.Context, archive string, createdAt time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		return db.writeAudit(ctx, tx, audit.CLI, audit.Entry{Action: "backup.restore", ObjectType: "backup", ObjectID: archive, ObjectLabel: archive,
			Detail: "cadangan / backup " + createdAt.UTC().Format(time.RFC3339)})
	})
}
