package complaint

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/errs"
)

// Retention is how long a reporter's contact data (Reporter) is kept after
// the report closes (UU 27/2022: no longer than its purpose needs). The
// report itself, without the contact data, stays for the statistics.
type Retention struct {
	Years, Days int
}

// DefaultRetention is two years: long enough for a reporter to come back to
// a closed report and for the Ombudsman's yearly assessment to check it.
var DefaultRetention = Retention{Years: 2}

// ParseRetention reads "2y" (years) or "730d" (days), 1 day to 100 years.
func ParseRetention(s string) (Retention, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		switch {
		case err != nil || n < 1:
		case s[len(s)-1] == 'y' && n <= 100:
			return Retention{Years: n}, nil
		case s[len(s)-1] == 'd' && n <= 36500:
			return Retention{Days: n}, nil
		}
	}
	return Retention{}, fmt.Errorf("want years such as 2y or days such as 730d (1 day to 100 years), got %q", s)
}

// Cutoff is the closing time before which a report's contact data is due
// for erasure at now.
func (r Retention) Cutoff(now time.Time) time.Time { return now.AddDate(-r.Years, 0, -r.Days) }

func (r Retention) String() string {
	if r.Years > 0 {
		return strconv.Itoa(r.Years) + "y"
	}
	return strconv.Itoa(r.Days) + "d"
}

// ReporterFields are the ways an administrator finds one reporter's reports
// for a request under UU 27/2022 (access, erasure).
var ReporterFields = []string{"email", "phone", "nik"}

// ReporterQuery finds one reporter's reports by one contact field.
type ReporterQuery struct {
	Field string // one of ReporterFields
	Value string // normalized: e-mail lower-case, phone digits in local form (0…), NIK digits
}

// ParseReporterQuery validates a search; an empty or malformed value is an
// error (an empty one would match every anonymous report).
func ParseReporterQuery(field, value string) (ReporterQuery, error) {
	value = strings.TrimSpace(value)
	bad := func(key string) (ReporterQuery, error) {
		return ReporterQuery{}, errs.Fields("err.form", []errs.Field{{Name: "contact", Key: key}})
	}
	if value == "" {
		return bad("privacy.err.value")
	}
	switch field {
	case "email":
		if !validEmail(value) {
			return bad("err.email")
		}
		return ReporterQuery{Field: field, Value: strings.ToLower(value)}, nil
	case "phone":
		if !phoneRE.MatchString(value) {
			return bad("err.phone")
		}
		return ReporterQuery{Field: field, Value: LocalPhone(value)}, nil
	case "nik":
		if !nikRE.MatchString(value) {
			return bad("complaint.err.nik")
		}
		return ReporterQuery{Field: field, Value: value}, nil
	}
	return ReporterQuery{}, errs.Fields("err.form", []errs.Field{{Name: "contact_kind", Key: "privacy.err.kind"}})
}

// LocalPhone is a phone number as digits in the local form: "+62 812-3456"
// and "0812 3456" are both "08123456" (no local number starts with 62).
func LocalPhone(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if rest, ok := strings.CutPrefix(d, "62"); ok {
		return "0" + rest
	}
	return d
}

// Masked names the query for the audit log without revealing it: the
// e-mail's domain, the last digits of a phone number or NIK.
func (q ReporterQuery) Masked() string {
	switch q.Field {
	case "email":
		_, domain, _ := strings.Cut(q.Value, "@")
		return "e-mail ***@" + domain
	case "phone":
		return "telepon ***" + q.Value[max(0, len(q.Value)-3):]
	}
	return "NIK ***" + q.Value[max(0, len(q.Value)-4):]
}

// Matches reports whether a reporter is the one q looks for (the store's
// SQL does the same; tests compare the two).
func (q ReporterQuery) Matches(r Reporter) bool {
	switch q.Field {
	case "email":
		return r.Email != "" && strings.EqualFold(r.Email, q.Value)
	case "phone":
		return r.Phone != "" && LocalPhone(r.Phone) == q.Value
	case "nik":
		return r.NIK != "" && r.NIK == q.Value
	}
	return false
}
