// Package region is the Kemendagri administrative hierarchy: province (31),
// city or regency (31.72), district/kecamatan (31.72.01) and village/kelurahan
// (31.72.01.1001). Codes keep their dotted form; a code's parent is the code
// without its last segment.
package region

import (
	"strings"

	"mutu/internal/errs"
)

// Level is a tier of the hierarchy.
type Level string

const (
	Province Level = "province"
	City     Level = "city"     // kabupaten/kota (Jakarta: kota/kabupaten administrasi)
	District Level = "district" // kecamatan
	Village  Level = "village"  // kelurahan/desa
)

// Levels in order from the top.
var Levels = []Level{Province, City, District, Village}

// Region is one administrative area.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      Level  `json:"level"`
	ParentCode string `json:"parent_code,omitempty"`
}

// segment widths by depth: 31 . 72 . 01 . 1001
var widths = []int{2, 2, 2, 4}

// LevelOf returns the level implied by a well-formed code, or "" and false.
func LevelOf(code string) (Level, bool) {
	if code == "" || len(code) > 13 {
		return "", false
	}
	parts := strings.Split(code, ".")
	if len(parts) > len(widths) {
		return "", false
	}
	for i, p := range parts {
		if len(p) != widths[i] || !digits(p) {
			return "", false
		}
	}
	return Levels[len(parts)-1], true
}

// ValidCode reports whether code is a well-formed dotted Kemendagri code.
func ValidCode(code string) bool { _, ok := LevelOf(code); return ok }

// ParentOf returns the parent code of a well-formed code ("" for a province).
func ParentOf(code string) string {
	i := strings.LastIndexByte(code, '.')
	if i < 0 {
		return ""
	}
	return code[:i]
}

// Within reports whether code is scope itself or lies below it. An empty
// scope contains everything.
func Within(code, scope string) bool {
	return scope == "" || code == scope || strings.HasPrefix(code, scope+".")
}

// Ancestors returns the codes above code, from the province down, excluding code.
func Ancestors(code string) []string {
	var out []string
	for p := ParentOf(code); p != ""; p = ParentOf(p) {
		out = append([]string{p}, out...)
	}
	return out
}

// ParseLevel reads a level name.
func ParseLevel(s string) (Level, bool) {
	for _, l := range Levels {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// Validate checks one region on its own: code form, name, level and parent
// consistent with the code.
func (r Region) Validate() []errs.Field {
	var fs []errs.Field
	lvl, ok := LevelOf(r.Code)
	if !ok {
		fs = append(fs, errs.Field{Name: "code", Key: "region.err.code", Value: r.Code})
	}
	if r.Name == "" {
		fs = append(fs, errs.Field{Name: "name", Key: "err.required"})
	} else if len(r.Name) > 200 {
		fs = append(fs, errs.Field{Name: "name", Key: "err.too_long", Args: []any{200}})
	}
	if ok && r.Level != lvl {
		fs = append(fs, errs.Field{Name: "level", Key: "region.err.level", Args: []any{string(lvl)}, Value: string(r.Level)})
	}
	if ok && r.ParentCode != ParentOf(r.Code) {
		fs = append(fs, errs.Field{Name: "parent_code", Key: "region.err.parent", Args: []any{ParentOf(r.Code)}, Value: r.ParentCode})
	}
	return fs
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
