package tabular

import (
	"regexp"
	"strings"
)

// The formula guard. A spreadsheet opening a CSV file runs a cell that
// starts with "=", "+", "-" or "@" as a formula (CSV injection: a citizen
// types `=HYPERLINK(…)` into a complaint and an officer's Excel runs it),
// and a leading tab or carriage return hides such a start from naive
// checks. Guard puts an apostrophe before such a cell, which shows it as
// text; every import removes it again (Row.Get, Unguard), so an export can
// be imported unchanged.
//
// Guarded exactly: a cell starting with "=", "@", a tab or a carriage
// return; a cell starting with "+" or "-" unless it is a plain number
// ("-2", "+3", "-1,5", "2.5" are numbers to a spreadsheet, not formulas;
// "-2+3 Unit Minus" and the phone number "+62 21 6693 1234" are guarded);
// and a cell starting with an apostrophe, so that removing one leading
// apostrophe on import is always right. XLSX text cells are never
// guarded: a text cell is not a formula.

// plainNumberRE is a number a spreadsheet reads as a value, not a formula.
var plainNumberRE = regexp.MustCompile(`^[+-]?[0-9]+([.,][0-9]+)?$`)

// needsGuard reports whether a spreadsheet would evaluate s, or whether s
// starts with the guard itself.
func needsGuard(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r', '\'':
		return true
	case '+', '-':
		return !plainNumberRE.MatchString(s)
	}
	return false
}

// Guard returns s as a CSV cell that a spreadsheet shows as the text s.
func Guard(s string) string {
	if needsGuard(s) {
		return "'" + s
	}
	return s
}

// Unguard undoes Guard: it removes a leading apostrophe that Guard would
// have put there, and leaves any other text (such as "'Aisyiyah") alone.
func Unguard(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && needsGuard(rest) {
		return rest
	}
	return s
}

// XLSXText returns s as the text of an XLSX cell that an import reads back
// as s. Only a text that Unguard would change (an apostrophe followed by a
// guarded start, which nobody types) gets one more apostrophe; everything
// else, "+62 21 6693 1234" and "=A1" included, is written as it is.
func XLSXText(s string) string {
	if Unguard(s) != s {
		return "'" + s
	}
	return s
}
