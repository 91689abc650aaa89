package main

import (
	"net"
	"strings"
	"testing"
	"time"

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

// TestContactGraceSetting: MUTU_CONTACT_GRACE reads like the reporters'
// retention, 90 days by default.
func TestContactGraceSetting(t *testing.T) {
	cfg, err := loadServe(nil)
	if err != nil || cfg.ContactGrace != (complaint.Retention{Days: 90}) {
		t.Fatalf("default: %+v %v", cfg, err)
	}
	t.Setenv("MUTU_CONTACT_GRACE", "1y")
	if cfg, err := loadServe(nil); err != nil || cfg.ContactGrace != (complaint.Retention{Years: 1}) {
		t.Errorf("1y: %+v %v", cfg, err)
	}
	t.Setenv("MUTU_CONTACT_GRACE", "0d")
	if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_CONTACT_GRACE") {
		t.Errorf("bad value: %v, want an error naming the variable", err)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for _, ok := range []string{"https://mutu.jakarta.go.id", "https://mutu.jakarta.go.id/", "http://10.0.0.5:8080", "https://kota.go.id/mutu"} {
		if err := checkBaseURL(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"mutu.jakarta.go.id", "//mutu.jakarta.go.id", "ftp://mutu.go.id", "javascript:alert(1)", "https://", "http://:80",
		"https://user:pw@mutu.go.id", "https://mutu.go.id/?a=1", "https://mutu.go.id/?", "https://mutu.go.id/#x", "https://mutu.go.id/#",
		"https://mutu .go.id", "https://mutu.go.id/\\evil", "/relative"} {
		if err := checkBaseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	c := &config{DB: "x.db", Addr: ":8080"}
	c.Web.BaseURL = "mutu.go.id"
	if c.Validate() == nil {
		t.Error("Validate accepted a relative MUTU_BASE_URL")
	}
}

func TestListenBaseURL(t *testing.T) {
	bound := &net.TCPAddr{IP: net.IPv4zero, Port: 8080}
	for addr, want := range map[string]string{
		":8080":           "http://localhost:8080",
		"0.0.0.0:8080":    "http://localhost:8080",
		"[::]:8080":       "http://localhost:8080",
		"10.0.0.5:8080":   "http://10.0.0.5:8080",
		"mutu.local:8080": "http://mutu.local:8080",
		"[::1]:8080":      "http://[::1]:8080",
	} {
		if got := listenBaseURL(addr, bound); got != want {
			t.Errorf("%q: %q, want %q", addr, got, want)
		}
	}
	// :0 binds a port chosen by the system.
	if got := listenBaseURL("127.0.0.1:0", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 41234}); got != "http://127.0.0.1:41234" {
		t.Errorf(":0: %q", got)
	}
}

// TestHoldSettings: MUTU_SURVEY_HOLD_PER_HOUR and MUTU_SURVEY_HOLD_BURST
// default to 20 and 3 and refuse what is not a sensible whole number.
func TestHoldSettings(t *testing.T) {
	cfg, err := loadServe(nil)
	if err != nil || cfg.Holds.PerHour != 20 || cfg.Holds.Burst != 3 {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	t.Setenv("MUTU_SURVEY_HOLD_PER_HOUR", "50")
	t.Setenv("MUTU_SURVEY_HOLD_BURST", "5")
	if cfg, err := loadServe(nil); err != nil || cfg.Holds.PerHour != 50 || cfg.Holds.Burst != 5 {
		t.Errorf("set: %+v %v", cfg, err)
	}
	for _, tc := range []struct{ name, value string }{
		{"MUTU_SURVEY_HOLD_PER_HOUR", "0"},
		{"MUTU_SURVEY_HOLD_PER_HOUR", "-3"},
		{"MUTU_SURVEY_HOLD_PER_HOUR", "dua puluh"},
		{"MUTU_SURVEY_HOLD_PER_HOUR", "100000"},
		{"MUTU_SURVEY_HOLD_BURST", "0"},
		{"MUTU_SURVEY_HOLD_BURST", "1.5"},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), tc.name) {
				t.Errorf("%s=%s: %v, want an error naming the variable", tc.name, tc.value, err)
			}
		})
	}
}

// TestStandardReviewSetting: MUTU_STANDARD_REVIEW defaults to a year and
// takes months or years; anything else stops the server with the name.
func TestStandardReviewSetting(t *testing.T) {
	cfg, err := loadServe(nil)
	if err != nil || cfg.Web.StandardReview != 12 {
		t.Fatalf("default %d, %v", cfg.Web.StandardReview, err)
	}
	t.Setenv("MUTU_STANDARD_REVIEW", "2y")
	if cfg, err = loadServe(nil); err != nil || cfg.Web.StandardReview != 24 {
		t.Errorf("2y: %d, %v", cfg.Web.StandardReview, err)
	}
	for _, bad := range []string{"setahun", "0m", "10y"} {
		t.Setenv("MUTU_STANDARD_REVIEW", bad)
		if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_STANDARD_REVIEW") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestLinkCheckSettings: MUTU_LINKCHECK_INTERVAL defaults to a day and
// refuses polling and nonsense; MUTU_LINKCHECK_ALLOW_PRIVATE is off by
// default.
func TestLinkCheckSettings(t *testing.T) {
	cfg, err := loadServe(nil)
	if err != nil || cfg.LinkCheckEvery != 24*time.Hour || cfg.Web.LinkCheckPrivate {
		t.Fatalf("defaults: %s %v, %v", cfg.LinkCheckEvery, cfg.Web.LinkCheckPrivate, err)
	}
	t.Setenv("MUTU_LINKCHECK_INTERVAL", "6h")
	t.Setenv("MUTU_LINKCHECK_ALLOW_PRIVATE", "1")
	if cfg, err = loadServe(nil); err != nil || cfg.LinkCheckEvery != 6*time.Hour || !cfg.Web.LinkCheckPrivate {
		t.Errorf("set: %s %v, %v", cfg.LinkCheckEvery, cfg.Web.LinkCheckPrivate, err)
	}
	for _, bad := range []string{"sehari", "1m", "-1h", "1000h", "0"} {
		t.Setenv("MUTU_LINKCHECK_INTERVAL", bad)
		if _, err := loadServe(nil); err == nil || !strings.Contains(err.Error(), "MUTU_LINKCHECK_INTERVAL") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
