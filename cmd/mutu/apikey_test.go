package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mutu/internal/store"
	"mutu/internal/web"
)

// TestAPIKeyCommand: "mutu apikey create" prints a key that an Open311
// client can file a report with; "revoke" stops it.
func TestAPIKeyCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "mutu.db")
	if _, _, err := mutu(t, "seed", "--demo", "--db", dsn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := mutu(t, "apikey", "create", "--db", dsn); err == nil || !strings.Contains(message(err), "nama kunci") {
		t.Errorf("create without a name: %v", err)
	}
	if _, _, err := mutu(t, "apikey", "create", "--name", "X", "--region", "99.99", "--db", dsn); err == nil || !strings.Contains(message(err), "wilayah") {
		t.Errorf("create in an unknown region: %v", err)
	}
	if _, _, err := mutu(t, "apikey", "rotate", "--db", dsn); err == nil {
		t.Error("unknown subcommand accepted")
	}
	out, _, err := mutu(t, "apikey", "create", "--name", "Aplikasi JAKI", "--region", "31.72", "--db", dsn)
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`(?m)^mutu_[0-9a-f]{48}$`).FindString(out)
	id := regexp.MustCompile(`id ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if key == "" || id == nil || !strings.Contains(out, "31.72") {
		t.Fatalf("create printed:\n%s", out)
	}

	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := web.New(db, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	file := func() int {
		form := url.Values{"api_key": {key}, "service_code": {"pengaduan"}, "address_string": {"Jl. Yos Sudarso, Koja"},
			"description": {"Lampu penerangan jalan mati sejak tiga malam, rawan kecelakaan."}}
		res, err := http.PostForm(ts.URL+"/open311/v2/requests.json", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := file(); status != http.StatusCreated {
		t.Fatalf("filing with the printed key: %d", status)
	}

	out, _, err = mutu(t, "apikey", "list", "--db", dsn)
	if err != nil || !strings.Contains(out, "Aplikasi JAKI") || !strings.Contains(out, "aktif") || strings.Contains(out, key) {
		t.Errorf("list: %v\n%s", err, out)
	}
	if _, _, err := mutu(t, "apikey", "revoke", id[1], "--db", dsn); err != nil {
		t.Fatal(err)
	}
	if status := file(); status != http.StatusForbidden {
		t.Errorf("filing with a revoked key: %d", status)
	}
	if out, _, _ := mutu(t, "apikey", "list", "--region", "31.72", "--db", dsn); !strings.Contains(out, "dicabut") {
		t.Errorf("list after revoking:\n%s", out)
	}
}
