package instrument

import (
	"regexp"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

// A city's own checklist is written as plain lines, one aspect or
// indicator a line, so that an administrator edits it in one text box:
//
//	@umum | Pelayanan umum | 60
//	k1 | Papan informasi standar pelayanan | 50
//	k2 | Ruang tunggu bersih
//
// "@code | name | weight" starts an aspect (weight in percent of the
// index); "code | name [| weight]" is an indicator of the aspect above it
// (weight in percent of the aspect; without one it shares the rest
// equally, marked assumed). Blank lines and lines starting with # are
// skipped. Indicators are scored 0–5, like PEKPPP's.

// Checklist limits.
const (
	MaxChecklistLines = 200
	MaxChecklistName  = 200
)

var (
	codeRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$`)
	weightRE = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{1,4})?$`) // percent, comma or point
)

// ChecklistScale is the score range of a city's checklist.
var ChecklistScale = Scale{Min: 0, Max: 5}

// ParseChecklist builds a checklist version (without its instrument code,
// label and number, which the store gives) from its name and lines. Every
// problem is reported: a line's by its number (Row) and the part of the
// line it is about (Name "kode", "nama", "bobot"); the version's own rules
// (Validate) on the line of the aspect or indicator concerned; the rest
// on the field "checklist".
func ParseChecklist(name, text string) (*Version, error) {
	var fs []errs.Field
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		fs = append(fs, errs.Field{Name: "name", Key: "instrument.err.name"})
	case len([]rune(name)) > MaxChecklistName:
		fs = append(fs, errs.Field{Name: "name", Key: "instrument.err.too_long", Args: []any{MaxChecklistName}})
	case textcheck.Line(name) != textcheck.OK:
		fs = append(fs, *textcheck.Field("name", name, false))
	}
	if f := textcheck.Field("checklist", text, true); f != nil {
		return nil, errs.Fields("instrument.err.invalid", append(fs, *f))
	}
	v := &Version{Kind: KindChecklist, Name: name, Scale: ChecklistScale}
	lineOf := map[string]int{} // "aspects.<code>" and "indicators.<code>" → line
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) > MaxChecklistLines {
		return nil, errs.Fields("instrument.err.invalid", append(fs, errs.Field{Name: "checklist", Key: "instrument.err.too_many_lines", Args: []any{MaxChecklistLines}}))
	}
	bad := func(row int, col, key string, args ...any) {
		fs = append(fs, errs.Field{Row: row, Name: col, Key: key, Args: args})
	}
	for i, line := range lines {
		row := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		aspect := strings.HasPrefix(line, "@")
		parts := strings.Split(strings.TrimPrefix(line, "@"), "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		if len(parts) < 2 || len(parts) > 3 || aspect && len(parts) != 3 {
			bad(row, "kode", "instrument.err.line_parts")
			continue
		}
		code, label := parts[0], parts[1]
		if !codeRE.MatchString(code) {
			bad(row, "kode", "instrument.err.line_code")
			continue
		}
		if label == "" || len([]rune(label)) > MaxChecklistName {
			bad(row, "nama", "instrument.err.line_name", MaxChecklistName)
			continue
		}
		var weight *Percent
		if len(parts) == 3 && parts[2] != "" {
			w := Percent(strings.ReplaceAll(strings.TrimSuffix(parts[2], "%"), ",", "."))
			if !weightRE.MatchString(string(w)) {
				bad(row, "bobot", "instrument.err.weight")
				continue
			}
			weight = &w
		}
		if aspect {
			if weight == nil {
				bad(row, "bobot", "instrument.err.weight")
				continue
			}
			v.Aspects = append(v.Aspects, Aspect{Code: code, Name: label, Weight: *weight})
			if _, seen := lineOf["aspects."+code]; !seen {
				lineOf["aspects."+code] = row
			}
			continue
		}
		if len(v.Aspects) == 0 {
			bad(row, "kode", "instrument.err.line_orphan")
			continue
		}
		a := &v.Aspects[len(v.Aspects)-1]
		a.Indicators = append(a.Indicators, Indicator{Code: code, Name: label, Scored: true, Weight: weight})
		if _, seen := lineOf["indicators."+code]; !seen {
			lineOf["indicators."+code] = row
		}
	}
	if len(fs) > 0 {
		return nil, errs.Fields("instrument.err.invalid", withLines(fs))
	}
	// The store gives the real code and label; Validate needs some.
	v.Instrument, v.Label = "ceklis", "ceklis"
	err := v.Validate()
	v.Instrument, v.Label = "", ""
	if e, ok := errs.As(err); ok {
		for _, f := range e.Fields {
			fs = append(fs, onLine(f, lineOf))
		}
		return nil, errs.Fields("instrument.err.invalid", withLines(fs))
	}
	return v, nil
}

// withLines adds, when some problems are on lines, one on the text box
// itself, so that the form marks it and says where to look.
func withLines(fs []errs.Field) []errs.Field {
	for _, f := range fs {
		if f.Row > 0 {
			return append(fs, errs.Field{Name: "checklist", Key: "instrument.err.lines"})
		}
	}
	return fs
}

// onLine moves a problem of Validate to the line of the aspect or
// indicator it names.
func onLine(f errs.Field, lineOf map[string]int) errs.Field {
	i := strings.LastIndex(f.Name, ".")
	if i < 0 {
		return errs.Field{Name: "checklist", Key: f.Key, Args: f.Args}
	}
	row, ok := lineOf[f.Name[:i]]
	if !ok {
		return errs.Field{Name: "checklist", Key: f.Key, Args: f.Args}
	}
	col := map[string]string{"code": "kode", "name": "nama"}[f.Name[i+1:]]
	if col == "" {
		col = "bobot"
	}
	return errs.Field{Row: row, Name: col, Key: f.Key, Args: f.Args}
}

// ChecklistText writes a checklist version back as the lines
// ParseChecklist reads, for editing it into the next version.
func ChecklistText(v *Version) string {
	var b strings.Builder
	for _, a := range v.Aspects {
		b.WriteString("@" + a.Code + " | " + a.Name + " | " + string(a.Weight) + "\n")
		for _, ind := range a.Indicators {
			b.WriteString(ind.Code + " | " + ind.Name)
			if ind.Weight != nil {
				b.WriteString(" | " + string(*ind.Weight))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
