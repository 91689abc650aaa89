// Package errs defines Mutu's one application error type. Domain and store code
// return *Error with a Code; internal/web maps the code to an HTTP status in one
// place and translates the message key for the user.
package errs

import (
	"errors"
	"fmt"
)

// Code classifies an error for the caller: what went wrong, not where.
type Code string

const (
	Invalid      Code = "invalid"      // the input is malformed or breaks a rule (400/422)
	NotFound     Code = "not_found"    // no such thing, or not visible to the caller (404)
	Conflict     Code = "conflict"     // clashes with existing data (409)
	Unauthorized Code = "unauthorized" // not signed in, or wrong credentials (401)
	Forbidden    Code = "forbidden"    // signed in, but not allowed (403)
	TooLarge     Code = "too_large"    // upload or body over the limit (413)
	RateLimited  Code = "rate_limited" // too many requests (429)
	Unavailable  Code = "unavailable"  // a dependency is down (503)
	Internal     Code = "internal"     // a bug or an unexpected failure (500)
)

// Field is a message about one input field (or one row and column of an import).
// Key names a message in the i18n catalogs; Args fill its placeholders.
type Field struct {
	Row   int    `json:"row,omitempty"` // 1-based data row of an import, 0 for forms
	Name  string `json:"field"`
	Key   string `json:"-"`
	Args  []any  `json:"-"`
	Value string `json:"value,omitempty"` // the offending value, when safe to echo
}

// Error is an application error: a code, a message key for the user, per-field
// messages, and the underlying cause (logged, never shown).
type Error struct {
	Code   Code
	Key    string
	Args   []any
	Fields []Field
	Err    error
}

func (e *Error) Error() string {
	msg := string(e.Code) + ": " + e.Key
	if len(e.Args) > 0 {
		msg += fmt.Sprint(e.Args)
	}
	if len(e.Fields) > 0 {
		msg += fmt.Sprintf(" (%d field errors, first: row %d %s %s)", len(e.Fields), e.Fields[0].Row, e.Fields[0].Name, e.Fields[0].Key)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message key.
func New(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// Wrap returns an internal error that keeps err as its cause.
func Wrap(err error, key string) *Error {
	return &Error{Code: Internal, Key: key, Err: err}
}

// Fields returns an Invalid error listing per-field problems, or nil if fs is empty.
func Fields(key string, fs []Field) error {
	if len(fs) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Key: key, Fields: fs}
}

// InvalidField returns an Invalid error about one field, whose message is
// also the error's.
func InvalidField(name, key string, args ...any) *Error {
	return &Error{Code: Invalid, Key: key, Args: args, Fields: []Field{{Name: name, Key: key, Args: args}}}
}

// CodeOf returns the code of the first *Error in err's chain, Internal for
// any other error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }
