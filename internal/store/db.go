// Package store is Mutu's storage: one schema and one set of hand-written SQL
// queries ($n placeholders) that run unchanged on SQLite (modernc.org/sqlite,
// embedded, for a city) and PostgreSQL (pgx, for a province). Migrations are
// embedded and applied with goose. IDs are generated in Go (UUIDv7);
// timestamps are stored as fixed-width UTC text (see clock.StoredLayout).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // database/sql driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/skm"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Engine is the database engine behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open Mutu database. On SQLite, writes go through one writer
// connection (BEGIN IMMEDIATE) and reads through a pool of readers; on
// PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	w      *sql.DB
	r      *sql.DB
	Now    clock.Clock

	instruments instrumentCache
	ingest      ingester
	stmts       struct {
		mu sync.Mutex
		m  map[string]*sql.Stmt
	}
	units unitCache
	// replica is the read replica (--db-read), nil without one: replica.go.
	replica *replica

	path     string      // SQLite: the database file
	dsn      string      // PostgreSQL: the primary's URL (a replica's pool falls back to it)
	pooled   bool        // PostgreSQL behind a transaction pooler: no named statements (PoolerDSN)
	diskFull atomic.Bool // the last write failed for lack of disk space (noteWrite)
	// Holds is when anonymous web responses are held (set before serving).
	Holds  skm.HoldPolicy
	secret struct {
		mu  sync.Mutex
		key []byte
	}
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating, for SQLite) the database named by dsn: a postgres://
// URL or a SQLite file path. It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: clock.System, Holds: skm.DefaultHoldPolicy}
	if IsPostgres(dsn) {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
		pool.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.Engine, db.w, db.r, db.pooled, db.dsn = Postgres, pool, pool, pooledDSN(dsn), dsn
	} else {
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
		if path == "" || strings.Contains(path, "?") || path == ":memory:" {
			return nil, fmt.Errorf("open sqlite: want a file path, got %q", dsn)
		}
		// busy_timeout first (the driver applies it first), then WAL,
		// synchronous=NORMAL and foreign keys; writes take the lock at BEGIN.
		// A larger auto-checkpoint (4,000 pages, ~16 MB of WAL) halves the
		// checkpoints under sustained survey ingestion.
		q := "_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1&_pragma=wal_autocheckpoint(4000)"
		base := "file:" + (&url.URL{Path: path}).EscapedPath()
		w, err := sql.Open("sqlite", base+"?"+q+"&_txlock=immediate&_pragma=cache_size(-16000)")
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", base+"?"+q+"&_query_only=1")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		n := max(4, runtime.GOMAXPROCS(0)*2)
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		db.Engine, db.w, db.r, db.path = SQLite, w, r, path
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, &errs.Error{Code: errs.Unavailable, Key: "err.db_unavailable", Err: err}
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stmts.mu.Lock()
	for _, st := range db.stmts.m {
		st.Close()
	}
	db.stmts.m = nil
	db.stmts.mu.Unlock()
	err := errors.Join(db.closeReplica(), db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return &errs.Error{Code: errs.Unavailable, Key: "err.db_unavailable", Err: err}
	}
	return nil
}

func (db *DB) gooseProvider() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if db.Engine == Postgres {
		dialect = goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(dialect, db.w, sub)
}

// Migrate applies every pending migration and returns how many ran. On
// PostgreSQL it holds the migration lock (migrationLock) throughout, seeds
// included, so that nodes starting together migrate once.
func (db *DB) Migrate(ctx context.Context) (n int, err error) {
	if db.Engine == Postgres {
		l, err := db.migrationLock()
		if err != nil {
			return 0, fmt.Errorf("migrate: %w", err)
		}
		if err := l.Lock(ctx, db.w); err != nil {
			return 0, fmt.Errorf("migrate: lock: %w", err)
		}
		defer func() {
			// Unlock even when ctx ended: the next node would otherwise
			// wait for the lease to expire.
			if uerr := l.Unlock(context.WithoutCancel(ctx), db.w); uerr != nil && err == nil {
				err = fmt.Errorf("migrate: unlock: %w", uerr)
			}
		}()
	}
	return db.migrate(ctx)
}

func (db *DB) migrate(ctx context.Context) (int, error) {
	p, err := db.gooseProvider()
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	if err := db.seedInstruments(ctx); err != nil {
		return 0, err
	}
	if err := db.seedScoredInstruments(ctx); err != nil {
		return 0, err
	}
	if err := db.seedSLAs(ctx); err != nil {
		return 0, err
	}
	if err := db.seedHolidays(ctx); err != nil {
		return 0, err
	}
	for _, m := range res {
		if m.Source != nil && m.Source.Version == 5 {
			// The complaint rollups arrived: judge and sum the reports
			// filed before them.
			if _, err := db.RebuildComplaintRollups(ctx, true); err != nil {
				return 0, err
			}
		}
		if m.Source != nil && m.Source.Version == 7 {
			// Tracking codes became hashes and reports got numbers:
			// convert the reports filed before.
			if _, err := db.hashTrackingCodes(ctx); err != nil {
				return 0, err
			}
		}
	}
	return len(res), nil
}

// tx runs fn in a write transaction, committing if fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.noteWrite(err)
	}
	if err := tx.Commit(); err != nil {
		return db.noteWrite(fmt.Errorf("commit: %w", err))
	}
	return db.noteWrite(nil)
}

// querier is what *sql.DB and *sql.Tx share for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(dest ...any) error }

// queryAll runs query on q and reads every row into a new T with scan;
// what names the query in errors.
func queryAll[T any](ctx context.Context, q querier, what, query string, args []any, scan func(scanner, *T) error) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// scanOne reads a one-column row; for queryAll.
func scanOne[T any](row scanner, v *T) error { return row.Scan(v) }

// into adapts a function scanning a row into a new *T (scanUnit, scanUser…)
// to queryAll.
func into[T any](scan func(scanner) (*T, error)) func(scanner, *T) error {
	return func(row scanner, v *T) error {
		p, err := scan(row)
		if err == nil {
			*v = *p
		}
		return err
	}
}

// withinRegion is the condition "col is code or a region below it", its
// values bound by arg (which returns a value's placeholder).
func withinRegion(col, code string, arg func(any) string) string {
	return "(" + col + " = " + arg(code) + " OR " + col + " LIKE " + arg(code+".%") + ")"
}

// inList is "col IN ($n, …)" with vals bound by arg.
func inList[S ~string](col string, vals []S, arg func(any) string) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = arg(string(v))
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")"
}

// NewID returns a new time-ordered unique ID (UUIDv7).
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// ts formats a time for storage; the zero time is stored as "".
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return clock.Format(t)
}

// parseTS reads a stored time; "" is the zero time.
func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := clock.Parse(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsTextRefused reports whether PostgreSQL refused a text value: a NUL
// byte or invalid UTF-8 (SQLSTATE 22021), or a character the database's
// encoding lacks (22P05). The boundary check (internal/textcheck) stops
// such text first; this keeps anything that slips past it a client error
// rather than a 500. SQLite stores such text and never reports it.
func IsTextRefused(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}

// isFKViolation reports whether err is a foreign-key failure on either engine.
func isFKViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}
