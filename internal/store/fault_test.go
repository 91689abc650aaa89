package store_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/store"
)

func TestUnavailable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("units: %w", err) }
	tests := []struct {
		name string
		err  error
		key  string // "" = not a database fault
	}{
		{"nil", nil, ""},
		{"a bug", errors.New("boom"), ""},
		{"not found", errs.New(errs.NotFound, "unit.err.not_found"), ""},
		{"unique violation", wrap(&pgconn.PgError{Code: "23505"}), ""},
		{"server shutting down", wrap(&pgconn.PgError{Code: "57P01"}), "err.unavailable"},
		{"connection failure", wrap(&pgconn.PgError{Code: "08006"}), "err.unavailable"},
		{"too many connections", wrap(&pgconn.PgError{Code: "53300"}), "err.unavailable"},
		{"postgres disk full", wrap(&pgconn.PgError{Code: "53100"}), "err.disk_full"},
		{"bad connection", wrap(driver.ErrBadConn), "err.unavailable"},
		{"connection refused", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}), "err.unavailable"},
		{"deadline waiting for a connection", wrap(context.DeadlineExceeded), "err.unavailable"},
	}
	for _, tt := range tests {
		got := store.Unavailable(tt.err)
		switch {
		case tt.key == "" && got != nil:
			t.Errorf("%s: %v, want not a database fault", tt.name, got)
		case tt.key != "" && (got == nil || got.Code != errs.Unavailable || got.Key != tt.key):
			t.Errorf("%s: %v, want Unavailable %s", tt.name, got, tt.key)
		}
	}
}

// TestSQLiteFullDisk: a write that cannot grow the file is a full disk,
// DiskFull says so until a write succeeds again.
func TestSQLiteFullDisk(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "mutu.db"))
	if db.DiskFull() {
		t.Fatal("a fresh database reports a full disk")
	}
	if err := db.CapSQLiteGrowth(ctx, true); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = db.CreateUser(ctx, admin, fillerUser(fmt.Sprintf("pengguna.%d", i)))
	}
	if e := store.Unavailable(err); e == nil || e.Key != "err.disk_full" || !db.DiskFull() {
		t.Fatalf("writes into a capped file: %v (DiskFull %v)", err, db.DiskFull())
	}
	if err := db.CapSQLiteGrowth(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, admin, fillerUser("lega")); err != nil || db.DiskFull() {
		t.Fatalf("after making room: %v (DiskFull %v)", err, db.DiskFull())
	}
}

func fillerUser(username string) *account.User {
	return &account.User{Username: username, Name: "Pengguna " + username, Role: account.Leader, PasswordHash: "x"}
}
