package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
)

// TestServesOnPostgres runs the main journeys of the web app on PostgreSQL:
// the same binary, queries and pages as on SQLite.
func TestServesOnPostgres(t *testing.T) {
	a := newPostgresApp(t)
	if res := a.get(t, nil, "/healthz"); !strings.Contains(res.Body, `"database":"postgres"`) {
		t.Fatalf("healthz: %s", res.Body)
	}
	if res := a.get(t, nil, "/wilayah/31.72"); res.StatusCode != 200 || !strings.Contains(res.Body, "Penjaringan") {
		t.Fatalf("region page: %d", res.StatusCode)
	}
	c := a.login(t, "admin.jakut")
	res := upload(t, a, c, "/kelola/impor", "u.csv", []byte("unit_code,name,type,region_code,services\nRSUD-KOJA,RSUD Koja,rsud,31.72.03,IGD;Rawat inap\n"))
	if res.StatusCode != 200 || !strings.Contains(res.Body, "1 unit dan 2 layanan") {
		t.Fatalf("import: %d", res.StatusCode)
	}
	res = a.get(t, c, "/kelola/unit?q=koja&urut=code&arah=turun")
	if !strings.Contains(res.Body, "RSUD-KOJA") || !strings.Contains(res.Body, "KEC-31.72.03") {
		t.Fatalf("unit list on postgres lacks the imported unit")
	}
	if res := a.get(t, nil, "/api/v1/units?region=31.72.03"); !strings.Contains(res.Body, `"code":"RSUD-KOJA"`) {
		t.Fatalf("API: %s", res.Body)
	}
	if res := a.get(t, c, "/kelola/audit"); !strings.Contains(textOf(mustBePage(t, res, 200, "#audit-log"), "#audit-log tbody"), "RSUD-KOJA") {
		t.Fatalf("audit log lacks the import")
	}
}

// newPostgresApp serves Mutu on a fresh PostgreSQL database seeded with the
// demo data (skipped, or failed under MUTU_REQUIRE_POSTGRES, when no
// PostgreSQL is available).
func newPostgresApp(t testing.TB) *app {
	t.Helper()
	return newAppOn(t, seededDB(t, testutil.Postgres(t)))
}

// seededDB opens the database at dsn, migrates it and seeds the demo data
// as of the tests' today; it is closed when the test ends.
func seededDB(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return testNow }
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := seed.Demo(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}
