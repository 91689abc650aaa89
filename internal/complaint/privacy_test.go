package complaint

import (
	"testing"
	"time"

	"mutu/internal/errs"
)

func TestParseRetention(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2y":   time.Date(2024, 12, 3, 10, 0, 0, 0, time.UTC),
		" 1Y ": time.Date(2025, 12, 3, 10, 0, 0, 0, time.UTC),
		"730d": time.Date(2024, 12, 3, 10, 0, 0, 0, time.UTC),
		"1d":   time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC),
		"100y": time.Date(1926, 12, 3, 10, 0, 0, 0, time.UTC),
	} {
		r, err := ParseRetention(in)
		if err != nil || !r.Cutoff(now).Equal(want) {
			t.Errorf("%q: %v %v, want cutoff %v", in, r.Cutoff(now), err, want)
		}
	}
	for _, in := range []string{"", "2", "y", "0y", "-1d", "2w", "101y", "36501d", "1.5y", "2 y", "dua tahun"} {
		if _, err := ParseRetention(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	if DefaultRetention.String() != "2y" {
		t.Errorf("default %s", DefaultRetention)
	}
}

func TestReporterQuery(t *testing.T) {
	for _, tc := range []struct {
		field, value string
		want         ReporterQuery
		masked       string
		matches      []Reporter
		misses       []Reporter
	}{
		{"email", " Budi@Contoh.ID ", ReporterQuery{"email", "budi@contoh.id"}, "e-mail ***@contoh.id",
			[]Reporter{{Email: "budi@contoh.id"}, {Email: "BUDI@contoh.id"}}, []Reporter{{}, {Email: "budi@contoh.com"}}},
		{"phone", "+62 812-3456-7890", ReporterQuery{"phone", "081234567890"}, "telepon ***890",
			[]Reporter{{Phone: "0812 3456 7890"}, {Phone: "(0812) 34567890"}, {Phone: "6281234567890"}}, []Reporter{{}, {Phone: "081234567891"}}},
		{"nik", "3172011234567890", ReporterQuery{"nik", "3172011234567890"}, "NIK ***7890",
			[]Reporter{{NIK: "3172011234567890"}}, []Reporter{{}, {NIK: "3172011234567891"}}},
	} {
		q, err := ParseReporterQuery(tc.field, tc.value)
		if err != nil || q != tc.want || q.Masked() != tc.masked {
			t.Errorf("%s %q: %+v %q %v", tc.field, tc.value, q, q.Masked(), err)
		}
		for _, r := range tc.matches {
			if !q.Matches(r) {
				t.Errorf("%+v does not match %+v", q, r)
			}
		}
		for _, r := range tc.misses {
			if q.Matches(r) {
				t.Errorf("%+v matches %+v", q, r)
			}
		}
	}
	for _, tc := range [][3]string{
		{"email", "", "contact"}, {"email", "bukan-email", "contact"}, {"phone", "abc", "contact"},
		{"nik", "123", "contact"}, {"nik", "   ", "contact"}, {"name", "Budi", "contact_kind"}, {"", "x@y.id", "contact_kind"},
	} {
		_, err := ParseReporterQuery(tc[0], tc[1])
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Name != tc[2] {
			t.Errorf("%q %q: %v, want a problem with %s", tc[0], tc[1], err, tc[2])
		}
	}
}
