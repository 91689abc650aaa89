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
	if unitCode, year, n, ok := complaint.ParseNumber(q); ok {
		return "number = " + arg(complaint.FormatNumber(unitCode, year, n))
	}
	pat := "%" + strings.ToLower(escapeLike(q)) + "%"
	return "(LOWER(number) LIKE " + arg(pat) + " ESCAPE '\\' OR LOWER(title) LIKE " + arg(pat) + " ESCAPE '\\' OR LOWER(body) LIKE " + arg(pat) + " ESCAPE '\\')"
}
