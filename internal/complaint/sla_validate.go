package complaint

import (
	"slices"

	"mutu/internal/errs"
)

// Bounds of the time limits an administrator may set, in working days.
const (
	MinSLADays       = 1
	MaxSLADays       = 365 // verification, first response and resolution
	MaxAutoCloseDays = 60  // a responded report's automatic closing
)

// SLAFields are the form and column names of an SLA's limits, in display order.
var SLAFields = []string{"verify_days", "first_response_days", "resolution_days", "auto_close_days"}

// Days returns the limit named by one of SLAFields (0 for an unknown name).
func (s SLA) Days(field string) int {
	switch field {
	case "verify_days":
		return s.VerifyDays
	case "first_response_days":
		return s.FirstResponseDays
	case "resolution_days":
		return s.ResolutionDays
	case "auto_close_days":
		return s.AutoCloseDays
	}
	return 0
}

// Validate checks time limits an administrator sets: a known kind and whole
// numbers of working days from MinSLADays to MaxSLADays (MaxAutoCloseDays
// for the automatic closing).
func (s SLA) Validate() []errs.Field {
	var fs []errs.Field
	if !slices.Contains(Kinds, s.Kind) {
		fs = append(fs, errs.Field{Name: "kind", Key: "sla.err.kind"})
	}
	days := func(name string, v, max int) {
		if v < MinSLADays || v > max {
			fs = append(fs, errs.Field{Name: name, Key: "sla.err.range", Args: []any{MinSLADays, max}})
		}
	}
	days("verify_days", s.VerifyDays, MaxSLADays)
	days("first_response_days", s.FirstResponseDays, MaxSLADays)
	days("resolution_days", s.ResolutionDays, MaxSLADays)
	days("auto_close_days", s.AutoCloseDays, MaxAutoCloseDays)
	return fs
}

// DefaultSLA returns the default time limits of a kind (methods.md §3).
func DefaultSLA(k Kind) (SLA, bool) {
	for _, s := range DefaultSLAs() {
		if s.Kind == k {
			return s, true
		}
	}
	return SLA{}, false
}
