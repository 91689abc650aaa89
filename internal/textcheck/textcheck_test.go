package textcheck

import (
	"testing"
	"unicode/utf8"

	"mutu/internal/errs"
)

func TestLineAndText(t *testing.T) {
	for _, c := range []struct {
		in         string
		line, text Problem
	}{
		{"", OK, OK},
		{"Antrean di loket", OK, OK},
		{"Kelurahan Sunter Jaya – RW 05 (ümlaut, 日本, 🙂)", OK, OK},
		{"a\x00b", Control, Control},
		{"\x00", Control, Control},
		{"tab\there", Control, OK},
		{"two\nlines", Control, OK},
		{"crlf\r\nline", Control, OK},
		{"lone\rcr", Control, Control},
		{"ends with cr\r", Control, Control},
		{"esc\x1b[31m", Control, Control},
		{"bell\a", Control, Control},
		{"del\x7f", Control, Control},
		{"c1 \u0085 next line", Control, Control},
		{"c1 \u009f", Control, Control},
		{"bad \xff utf8", BadUTF8, BadUTF8},
		{"truncated \xe2\x82", BadUTF8, BadUTF8},
		{"overlong \xc0\xaf", BadUTF8, BadUTF8},
		{"surrogate \xed\xa0\x80", BadUTF8, BadUTF8},
		{"replacement char \ufffd typed", OK, OK},
		{"zero width \u200b joiner", OK, OK},
	} {
		if got := Line(c.in); got != c.line {
			t.Errorf("Line(%q) = %v, want %v", c.in, got, c.line)
		}
		if got := Text(c.in); got != c.text {
			t.Errorf("Text(%q) = %v, want %v", c.in, got, c.text)
		}
	}
}

func TestFieldAndError(t *testing.T) {
	if Field("name", "ok", false) != nil || Error(nil) != nil {
		t.Fatal("clean text must give no error")
	}
	f := Field("title", "a\x00", false)
	if f == nil || f.Name != "title" || f.Key != "err.text_control" || f.Value != "" {
		t.Fatalf("field: %+v", f)
	}
	if f := Field("body", "\xff", true); f == nil || f.Key != "err.text_encoding" {
		t.Fatalf("field: %+v", f)
	}
	// The error is Invalid, names the field in its headline and carries it.
	e, ok := errs.As(Error(f))
	if !ok || e.Code != errs.Invalid || e.Key != "err.text_input" || len(e.Args) != 1 || e.Args[0] != "title" ||
		len(e.Fields) != 1 || e.Fields[0].Name != "title" || e.Fields[0].Key != "err.text_control" {
		t.Fatalf("error: %+v", e)
	}
}

// FuzzText: whatever is accepted is valid UTF-8 with no NUL (what
// PostgreSQL refuses), single-line text has no line break, and every
// accepted single line is also accepted as multi-line text.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "abc", "a\x00", "\r\n", "\xff", "\u0085", "x\ty"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text := Line(s), Text(s)
		if text == OK {
			if !utf8.ValidString(s) {
				t.Fatalf("%q accepted but not UTF-8", s)
			}
			for i, r := range s {
				if r == 0 || r == '\r' && (i+1 >= len(s) || s[i+1] != '\n') {
					t.Fatalf("%q accepted with %q", s, r)
				}
			}
		}
		if line == OK {
			for _, r := range s {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("%q accepted as a line with %q", s, r)
				}
			}
			if text != OK {
				t.Fatalf("%q is a line but not text", s)
			}
		}
	})
}
