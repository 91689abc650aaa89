package main

import (
	"strings"
	"testing"
)

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
