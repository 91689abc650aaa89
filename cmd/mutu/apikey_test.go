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

// apiKeyRE finds the key "mutu apikey create" prints.
var apiKeyRE = regexp.MustCompile(`(?m)^mutu_[0-9a-f]{48}$`)

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
	key := apiKeyRE.FindString(out)
	id := regexp.MustCompile(`id ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if key == "" || id == nil || !strings.Contains(out, "31.72") || !strings.Contains(out, "open311") {
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
	// The default scope is open311 only: the key posts no survey responses.
	post := func(key string) int {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/units/PKM-31.72.01/responses",
			strings.NewReader(`{"answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3}}`))
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := post(key); status != http.StatusUnauthorized {
		t.Errorf("survey response with an open311 key: %d", status)
	}
	if _, _, err := mutu(t, "apikey", "create", "--name", "X", "--scope", "open311,semua", "--db", dsn); err == nil || !strings.Contains(message(err), "Cakupan") {
		t.Errorf("create with an unknown scope: %v", err)
	}
	out, _, err = mutu(t, "apikey", "create", "--name", "Sistem antrean", "--scope", "responses", "--db", dsn)
	if err != nil || !strings.Contains(out, "responses") {
		t.Fatalf("create with the responses scope: %v\n%s", err, out)
	}
	if status := post(apiKeyRE.FindString(out)); status != http.StatusCreated {
		t.Errorf("survey response with a responses key: %d", status)
	}
	if out, _, _ := mutu(t, "apikey", "list", "--db", dsn); !strings.Contains(out, "CAKUPAN") || !strings.Contains(out, "responses") {
		t.Errorf("list shows no scopes:\n%s", out)
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
