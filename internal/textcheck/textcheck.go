// Package textcheck is the one check every text input passes at the
// boundary (forms, JSON, query strings, path segments, headers, imported
// cells): valid UTF-8 without control characters. PostgreSQL refuses NUL
// bytes and invalid UTF-8 in text columns with an error, SQLite stores them
// silently; either way such text is never what a person typed, so it is
// refused with a clear message before it reaches a query.
package textcheck

import (
	"unicode"
	"unicode/utf8"

	"mutu/internal/errs"
)

// Problem is what is wrong with a text, OK when nothing is.
type Problem int

const (
	OK      Problem = iota
	BadUTF8         // not valid UTF-8
	Control         // a control character (NUL, ESC, DEL, C1…) not allowed here
)

// Key is the catalog key of the problem's message.
func (p Problem) Key() string {
	switch p {
	case BadUTF8:
		return "err.text_encoding"
	case Control:
		return "err.text_control"
	}
	return ""
}

// Line checks single-line text: no control character at all, not even a
// tab or a line break.
func Line(s string) Problem { return check(s, false) }

// Text checks multi-line text (a complaint, a suggestion, a reason): tab,
// line feed and CR LF are allowed, other control characters are not.
func Text(s string) Problem { return check(s, true) }

func check(s string, multiline bool) Problem {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c != 0x7f:
			case multiline && (c == '\t' || c == '\n'):
			case multiline && c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			default:
				return Control
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return BadUTF8
		}
		if unicode.IsControl(r) { // C1 controls U+0080–U+009F
			return Control
		}
		i += n
	}
	return OK
}

// Field returns the problem of value, the input called name, as a field
// error, or nil when it is fine. The value is not echoed: it cannot be
// shown as it is.
func Field(name, value string, multiline bool) *errs.Field {
	p := check(value, multiline)
	if p == OK {
		return nil
	}
	return &errs.Field{Name: name, Key: p.Key()}
}

// Error is the Invalid error for one field's problem, naming the field in
// its headline (nil for none).
func Error(f *errs.Field) error {
	if f == nil {
		return nil
	}
	return &errs.Error{Code: errs.Invalid, Key: "err.text_input", Args: []any{f.Name}, Fields: []errs.Field{*f}}
}
