package unit

import (
	"strings"
	"time"
)

// NormalizeNIP removes the spaces and dots people type into a NIP
// ("19750312 200003 2 002" → "197503122000032002").
func NormalizeNIP(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// ValidNIP reports whether s (normalised) is a well-formed NIP, the 18-digit
// number of an Indonesian civil servant (PP 11/2017 on ASN management):
// a date of birth (YYYYMMDD), the year and month of appointment (YYYYMM),
// the sex (1 man, 2 woman) and a three-digit serial. Dates must exist, so
// that a mistyped number is caught while the head of unit is at hand.
func ValidNIP(s string) bool {
	if len(s) != 18 || strings.Trim(s, "0123456789") != "" {
		return false
	}
	if _, err := time.Parse("20060102", s[:8]); err != nil {
		return false
	}
	if _, err := time.Parse("200601", s[8:14]); err != nil {
		return false
	}
	return (s[14] == '1' || s[14] == '2') && s[15:] != "000"
}
