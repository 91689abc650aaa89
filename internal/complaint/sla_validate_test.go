package complaint

import (
	"slices"
	"testing"
)

func TestSLAValidate(t *testing.T) {
	ok := SLA{Kind: Complaint, VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 60, AutoCloseDays: 10}
	with := func(f func(*SLA)) SLA { s := ok; f(&s); return s }
	cases := []struct {
		name string
		sla  SLA
		bad  []string // fields named in the errors, in order
	}{
		{"defaults", ok, nil},
		{"every kind", with(func(s *SLA) { s.Kind = Consultation }), nil},
		{"unknown kind", with(func(s *SLA) { s.Kind = "keluhan" }), []string{"kind"}},
		{"empty kind", with(func(s *SLA) { s.Kind = "" }), []string{"kind"}},
		{"all at minimum", SLA{Kind: Aspiration, VerifyDays: 1, FirstResponseDays: 1, ResolutionDays: 1, AutoCloseDays: 1}, nil},
		{"all at maximum", SLA{Kind: Information, VerifyDays: 365, FirstResponseDays: 365, ResolutionDays: 365, AutoCloseDays: 60}, nil},
		{"all zero", SLA{Kind: Complaint}, []string{"verify_days", "first_response_days", "resolution_days", "auto_close_days"}},
		{"verify 0", with(func(s *SLA) { s.VerifyDays = 0 }), []string{"verify_days"}},
		{"verify -1", with(func(s *SLA) { s.VerifyDays = -1 }), []string{"verify_days"}},
		{"verify 366", with(func(s *SLA) { s.VerifyDays = 366 }), []string{"verify_days"}},
		{"first response 0", with(func(s *SLA) { s.FirstResponseDays = 0 }), []string{"first_response_days"}},
		{"first response 366", with(func(s *SLA) { s.FirstResponseDays = 366 }), []string{"first_response_days"}},
		{"resolution 0", with(func(s *SLA) { s.ResolutionDays = 0 }), []string{"resolution_days"}},
		{"resolution 365", with(func(s *SLA) { s.ResolutionDays = 365 }), nil},
		{"resolution 366", with(func(s *SLA) { s.ResolutionDays = 366 }), []string{"resolution_days"}},
		{"auto-close 0", with(func(s *SLA) { s.AutoCloseDays = 0 }), []string{"auto_close_days"}},
		{"auto-close 60", with(func(s *SLA) { s.AutoCloseDays = 60 }), nil},
		{"auto-close 61", with(func(s *SLA) { s.AutoCloseDays = 61 }), []string{"auto_close_days"}},
		{"auto-close 365", with(func(s *SLA) { s.AutoCloseDays = 365 }), []string{"auto_close_days"}},
		{"kind and number", SLA{Kind: "x", VerifyDays: 3, FirstResponseDays: 5, ResolutionDays: 400, AutoCloseDays: 10}, []string{"kind", "resolution_days"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := c.sla.Validate()
			var got []string
			for _, f := range fs {
				got = append(got, f.Name)
				switch f.Name {
				case "kind":
					if f.Key != "sla.err.kind" {
						t.Errorf("%s: key %q", f.Name, f.Key)
					}
				default:
					max := MaxSLADays
					if f.Name == "auto_close_days" {
						max = MaxAutoCloseDays
					}
					if f.Key != "sla.err.range" || !slices.Equal(f.Args, []any{MinSLADays, max}) {
						t.Errorf("%s: key %q args %v", f.Name, f.Key, f.Args)
					}
				}
			}
			if !slices.Equal(got, c.bad) {
				t.Errorf("fields %v, want %v", got, c.bad)
			}
		})
	}
}

func TestDefaultSLAsAreValid(t *testing.T) {
	for _, s := range DefaultSLAs() {
		if fs := s.Validate(); len(fs) > 0 {
			t.Errorf("default %s: %v", s.Kind, fs)
		}
		if d, ok := DefaultSLA(s.Kind); !ok || d != s {
			t.Errorf("DefaultSLA(%s) = %v, %v", s.Kind, d, ok)
		}
		for _, f := range SLAFields {
			if s.Days(f) == 0 {
				t.Errorf("Days(%q) = 0", f)
			}
		}
	}
	if _, ok := DefaultSLA("x"); ok {
		t.Error("DefaultSLA of an unknown kind")
	}
}
