package main

import (
	"strings"
	"testing"
	"time"
)

// TestReadReplicaSettings: --db-read/MUTU_DB_READ and MUTU_DB_READ_MAX_LAG;
// with SQLite a replica is a clear startup error, not ignored.
func TestReadReplicaSettings(t *testing.T) {
	t.Setenv("MUTU_DB", "postgres://mutu@primary/mutu")
	cfg, err := loadServe(nil)
	if err != nil || cfg.DBRead != "" || cfg.DBReadMaxLag != 30*time.Second {
		t.Fatalf("default: %q %v %v", cfg.DBRead, cfg.DBReadMaxLag, err)
	}
	t.Setenv("MUTU_DB_READ", "postgres://mutu@replica/mutu")
	t.Setenv("MUTU_DB_READ_MAX_LAG", "5s")
	if cfg, err := loadServe(nil); err != nil || cfg.DBRead != "postgres://mutu@replica/mutu" || cfg.DBReadMaxLag != 5*time.Second {
		t.Errorf("env: %+v %v", cfg, err)
	}
	if cfg, err := loadServe([]string{"--db-read", "postgres://mutu@replica2/mutu"}); err != nil || cfg.DBRead != "postgres://mutu@replica2/mutu" {
		t.Errorf("flag: %v", err)
	}
	for _, bad := range []string{"sebentar", "0s", "500ms", "-1s"} {
		t.Setenv("MUTU_DB_READ_MAX_LAG", bad)
		if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_DB_READ_MAX_LAG") {
			t.Errorf("max lag %q: %v, want an error naming the variable", bad, err)
		}
	}
	t.Setenv("MUTU_DB_READ_MAX_LAG", "")
	t.Setenv("MUTU_DB", "mutu.db")
	if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_DB_READ") || !strings.Contains(err.Error(), "SQLite") {
		t.Errorf("SQLite with a replica: %v, want a clear error", err)
	}
	t.Setenv("MUTU_DB", "postgres://mutu@primary/mutu")
	t.Setenv("MUTU_DB_READ", "replika.db")
	if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_DB_READ") {
		t.Errorf("a file as replica: %v", err)
	}
}
