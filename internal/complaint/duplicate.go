package complaint

import (
	"strings"
	"time"
	"unicode"
)

// DuplicateWindow is how recent an identical report must be for a new one
// to be flagged as its suspected duplicate: a burst of identical reports
// (a script, or a reporter pressing send twice) is stored, and the
// verifier decides whether to merge it.
const DuplicateWindow = 30 * time.Minute

// NormalizeText folds a report's text for duplicate detection: letters and
// digits in lower case, every run of anything else one space. "Lampu
// jalan MATI!!" and "lampu  jalan mati" are the same text.
func NormalizeText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}
