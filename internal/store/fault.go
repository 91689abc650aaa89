package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"mutu/internal/errs"
)

// Unavailable classifies a database failure that is not the request's
// fault nor a bug: the database cannot be reached (PostgreSQL down or
// refusing connections, a connection cut, an I/O error) or its disk is
// full. It returns an Unavailable error (the web answers 503 with
// Retry-After) or nil for any other error. This is the one place such
// failures are recognised.
func Unavailable(err error) *errs.Error {
	switch {
	case err == nil:
		return nil
	case diskFull(err):
		return &errs.Error{Code: errs.Unavailable, Key: "err.disk_full", Err: err}
	case unreachable(err):
		return &errs.Error{Code: errs.Unavailable, Key: "err.unavailable", Err: err}
	}
	return nil
}

// diskFull: SQLite could not grow the file (SQLITE_FULL), or PostgreSQL
// reports disk_full.
func diskFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_FULL
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "53100"
}

func unreachable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
			return true
		}
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08: connection exceptions; 57P01-03: the server is shutting
		// down or starting; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || pe.Code == "53300"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.Timeout(err) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}

// noteWrite remembers whether the last write failed because the disk is
// full (for /healthz): set by a failure, cleared by the next success.
func (db *DB) noteWrite(err error) error {
	if err == nil || diskFull(err) {
		db.diskFull.Store(err != nil)
	}
	return err
}

// DiskFull reports whether the database's disk is full: the last write
// failed for lack of space, or (SQLite) the file system holding the
// database has less than minFreeBytes left.
func (db *DB) DiskFull() bool {
	return db.diskFull.Load() || db.Engine == SQLite && lowOnSpace(db.path)
}

// minFreeBytes is the free space below which /healthz reports the disk of
// a SQLite database as full: room for a few checkpoints of the WAL.
const minFreeBytes = 16 << 20

// CapSQLiteGrowth stops (or lets again) a SQLite database grow past its
// current size: PRAGMA max_page_count on the writer connection, until it
// is closed. A write that needs a new page then fails with SQLITE_FULL, as
// on a full disk; tests of that path use it. It fails on PostgreSQL.
func (db *DB) CapSQLiteGrowth(ctx context.Context, capped bool) error {
	if db.Engine != SQLite {
		return errors.New("CapSQLiteGrowth: not a SQLite database")
	}
	limit := 4294967294 // SQLite's largest page count
	if capped {
		if err := db.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&limit); err != nil {
			return err
		}
	}
	_, err := db.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, limit))
	return err
}
