package store

import (
	"strings"

	"mutu/internal/complaint"
)

// complaintSearch is the condition of a queue search: a whole report
// number exactly, however it was typed; anything else as a case-insensitive
// part of the number, title or body. % and _ are matched literally (escapeLike):
// the same LIKE … ESCAPE on SQLite and PostgreSQL.
func complaintSearch(q string, arg func(any) string) string {
	if _, _, _, ok := complaint.ParseNumber(q); ok {
		return "number = " + arg(strings.ToUpper(q))
	}
	pat := "%" + strings.ToLower(escapeLike(q)) + "%"
	return "(LOWER(number) LIKE " + arg(pat) + " ESCAPE '\\' OR LOWER(title) LIKE " + arg(pat) + " ESCAPE '\\' OR LOWER(body) LIKE " + arg(pat) + " ESCAPE '\\')"
}
