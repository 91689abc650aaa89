package main

import (
	"strings"
	"testing"

	"mutu/internal/complaint"
)

func TestReporterRetentionSetting(t *testing.T) {
	cfg, err := loadServe(nil)
	if err != nil || cfg.Retention != complaint.DefaultRetention {
		t.Fatalf("default: %+v %v", cfg, err)
	}
	t.Setenv("MUTU_REPORTER_RETENTION", "540d")
	if cfg, err := loadServe(nil); err != nil || cfg.Retention != (complaint.Retention{Days: 540}) {
		t.Errorf("540d: %+v %v", cfg, err)
	}
	t.Setenv("MUTU_REPORTER_RETENTION", "selamanya")
	if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_REPORTER_RETENTION") {
		t.Errorf("bad value: %v, want an error naming the variable", err)
	}
}
