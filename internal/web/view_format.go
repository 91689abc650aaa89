package web

import (
	"strings"
	"time"

	"mutu/internal/clock"
	"mutu/internal/i18n"
)

// DateRange formats a range of YYYY-MM-DD dates: 1 Okt – 31 Des 2026.
func (v *view) DateRange(from, to string) string { return i18n.DateRange(v.Lang, from, to) }

// FileSize formats a size in bytes: 850 B, 12,5 KB, 3,2 MB.
func (v *view) FileSize(n int64) string { return i18n.FileSize(v.Lang, n) }

// FileKind names a file's type for people (PDF, JPEG) instead of its MIME
// type: the same words in both languages.
func (v *view) FileKind(contentType string) string {
	_, sub, ok := strings.Cut(strings.SplitN(contentType, ";", 2)[0], "/")
	if !ok {
		return contentType
	}
	return strings.ToUpper(strings.TrimPrefix(sub, "x-"))
}

// periodWords are the words of the skm package's period names (the words of
// the Indonesian report) with their English names.
var periodWords = strings.NewReplacer("Triwulan ", "Quarter ", "Semester ", "Half-year ", "Tahun ", "Year ")

// Period names a survey period ("Triwulan III 2026") in the page's language.
func (v *view) Period(label string) string {
	if v.Lang == i18n.EN {
		return periodWords.Replace(label)
	}
	return label
}

// Day formats a date given as YYYY-MM-DD (a local date the store keeps as
// text): 23 Nov 2026. Text that is not a date is shown as it is.
func (v *view) Day(s string) string {
	t, err := time.ParseInLocation(time.DateOnly, s, clock.Jakarta)
	if err != nil {
		return s
	}
	return i18n.Date(v.Lang, t)
}
