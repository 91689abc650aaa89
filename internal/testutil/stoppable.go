package testutil

import (
	"os"
	"testing"
)

// StoppablePostgres starts a private PostgreSQL server for this test alone
// (not the shared one, which other tests go on using) and returns the DSN of
// a fresh database on it and a function that stops the server: for tests of
// what Mutu does when its database goes away. The server is stopped and its
// directory removed when the test ends.
//
// It needs the server binaries even when MUTU_TEST_POSTGRES names a shared
// server; without them the test is skipped, or fails if RequirePostgres().
func StoppablePostgres(t testing.TB) (dsn string, stop func()) {
	t.Helper()
	var srv *pgServer
	binDir, err := findPostgresBin()
	if err == nil {
		srv, err = startPrivatePostgres(binDir)
	}
	if err != nil {
		unavailable(t, RequirePostgres(), "PostgreSQL", "MUTU_REQUIRE_POSTGRES", err)
		return "", nil
	}
	t.Cleanup(func() {
		srv.stop()
		os.RemoveAll(srv.dir)
	})
	dsn, err = srv.createDatabase(t.Name())
	if err != nil {
		t.Fatalf("testutil: %v\n%s", err, tail(srv.log, 20))
	}
	return dsn, srv.stop
}
