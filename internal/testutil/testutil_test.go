package testutil

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	_ "github.com/jackc/pgx/v5/stdlib"
)

func TestMain(m *testing.M) { Main(m) }

func openDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("ping %s: %v", dsn, err)
	}
	return db
}

func TestPostgres(t *testing.T) {
	dsn1 := Postgres(t)
	dsn2 := Postgres(t)
	if dsn1 == dsn2 {
		t.Fatalf("Postgres returned the same DSN twice: %s", dsn1)
	}
	t.Logf("dsn1=%s dsn2=%s", dsn1, dsn2)
	db1, db2 := openDB(t, dsn1), openDB(t, dsn2)

	var names [2]string
	for i, db := range []*sql.DB{db1, db2} {
		var one int
		if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("SELECT 1 = %d, %v", one, err)
		}
		if err := db.QueryRow("SELECT current_database()").Scan(&names[i]); err != nil {
			t.Fatal(err)
		}
		// Fresh and empty: no user tables.
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("database %s has %d tables, want 0", names[i], n)
		}
		var enc string
		if err := db.QueryRow("SHOW server_encoding").Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if enc != "UTF8" {
			t.Errorf("server_encoding = %s, want UTF8", enc)
		}
	}
	if names[0] == names[1] {
		t.Fatalf("both DSNs point to database %s", names[0])
	}

	// Round trip in db1.
	if _, err := db1.Exec(`CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alpha", "béta ✓"} {
		if _, err := db1.Exec(`INSERT INTO items (name) VALUES ($1)`, name); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db1.Query(`SELECT id, name FROM items ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%s", id, name))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := "1:alpha,2:béta ✓"; strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", strings.Join(got, ","), want)
	}

	// db2 is isolated from db1.
	var exists bool
	if err := db2.QueryRow(`SELECT to_regclass('items') IS NOT NULL`).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Error("table created in the first database is visible in the second")
	}
}

func TestPostgresParallel(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	for i := range 4 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			dsn := Postgres(t)
			mu.Lock()
			dup := seen[dsn]
			seen[dsn] = true
			mu.Unlock()
			if dup {
				t.Fatalf("duplicate DSN %s", dsn)
			}
			db := openDB(t, dsn)
			if _, err := db.Exec(`CREATE TABLE t (x int); INSERT INTO t VALUES (1)`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

const formPage = `<!doctype html>
<html><head><title>form</title></head><body>
<form method="post" action="/submit">
  <label>Message <input id="msg" name="msg" type="text"></label>
  <button type="submit">Send</button>
</form>
</body></html>`

func formServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, formPage)
	})
	mux.HandleFunc("POST /submit", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>done</title><p id="result">You said: %s</p>`, html.EscapeString(r.FormValue("msg")))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

func TestChromium(t *testing.T) {
	ts := formServer(t)
	ctx := Chromium(t)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL),
		chromedp.WaitVisible(chromedp.ID("msg")),
		chromedp.SendKeys(chromedp.ID("msg"), "hello, browser"),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("result")),
	); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("result")))
	if err != nil {
		t.Fatal(err)
	}
	if want := "You said: hello, browser"; text != want {
		t.Errorf("result text = %q, want %q", text, want)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title != "done" {
		t.Errorf("title = %q, %v; want done", title, err)
	}

	size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[innerWidth, innerHeight]`))
	if err != nil || len(size) != 2 || size[0] != 1280 || size[1] != 900 {
		t.Errorf("viewport = %v, %v; want [1280 900]", size, err)
	}

	// Screenshot writes a PNG to the artifacts dir.
	dir := t.TempDir()
	t.Setenv("MUTU_TEST_ARTIFACTS", dir)
	Screenshot(t, ctx, "after submit")
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 1 {
		t.Fatalf("screenshot files: %v", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("screenshot %s is not a PNG (%d bytes, %v)", files[0], len(b), err)
	}
}

// Tabs are independent and usable in parallel.
func TestChromiumTabs(t *testing.T) {
	ts := formServer(t)
	for i := range 3 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			ctx := Chromium(t)
			msg := fmt.Sprintf("tab %d", i)
			if err := chromedp.Do(ctx,
				chromedp.Navigate(ts.URL),
				chromedp.SendKeys(chromedp.ID("msg"), msg),
				chromedp.Submit(chromedp.ID("msg")),
				chromedp.WaitVisible(chromedp.ID("result")),
			); err != nil {
				t.Fatal(err)
			}
			text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("result")))
			if err != nil {
				t.Fatal(err)
			}
			if want := "You said: " + msg; text != want {
				t.Errorf("got %q, want %q", text, want)
			}
		})
	}
}

// fakeTB records Skipf/Fatalf instead of stopping the goroutine.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper()                           {}
func (f *fakeTB) Skipf(format string, args ...any)  { f.skipped = fmt.Sprintf(format, args...) }
func (f *fakeTB) Fatalf(format string, args ...any) { f.fatal = fmt.Sprintf(format, args...) }

func TestUnavailable(t *testing.T) {
	err := errors.New("no binaries")
	var f fakeTB
	unavailable(&f, false, "PostgreSQL", "MUTU_REQUIRE_POSTGRES", err)
	if f.fatal != "" || !strings.Contains(f.skipped, "no binaries") {
		t.Errorf("not required: skipped=%q fatal=%q", f.skipped, f.fatal)
	}
	f = fakeTB{}
	unavailable(&f, true, "PostgreSQL", "MUTU_REQUIRE_POSTGRES", err)
	if f.skipped != "" || !strings.Contains(f.fatal, "no binaries") {
		t.Errorf("required: skipped=%q fatal=%q", f.skipped, f.fatal)
	}

	for _, tc := range []struct {
		ci, req string
		want    bool
	}{{"", "", false}, {"true", "", true}, {"", "1", true}, {"", "0", false}} {
		t.Setenv("CI", tc.ci)
		t.Setenv("MUTU_REQUIRE_POSTGRES", tc.req)
		t.Setenv("MUTU_REQUIRE_BROWSER", tc.req)
		if RequirePostgres() != tc.want || RequireBrowser() != tc.want {
			t.Errorf("CI=%q MUTU_REQUIRE_*=%q: RequirePostgres=%v RequireBrowser=%v, want %v",
				tc.ci, tc.req, RequirePostgres(), RequireBrowser(), tc.want)
		}
	}
}
