package region

import (
	"io"
	"slices"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/tabular"
)

// Columns of a region file, as shipped in data/wilayah-*.csv.
var Columns = []string{"code", "name", "level", "parent_code"}

// MaxErrors bounds how many row problems an import lists.
const MaxErrors = 200

// ParseCSV reads a region file. It returns every region, or an Invalid error
// that lists the problems row by row (the whole file is rejected). Parents
// must appear in the file or be given by known (which may be nil).
func ParseCSV(r io.Reader, known func(code string) bool) ([]Region, error) {
	t, err := tabular.ReadCSV(r, Columns[:2], tabular.Limits{MaxRows: 200_000, MaxCellBytes: 512})
	if err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(t.Rows))
	seen := make(map[string]int, len(t.Rows))
	var fs []errs.Field
	add := func(f errs.Field) {
		if len(fs) < MaxErrors {
			fs = append(fs, f)
		}
	}
	for _, row := range t.Rows {
		reg := Region{Code: row.Get("code"), Name: row.Get("name"), Level: Level(row.Get("level")), ParentCode: row.Get("parent_code")}
		if lvl, ok := LevelOf(reg.Code); ok {
			if reg.Level == "" {
				reg.Level = lvl
			}
			if reg.ParentCode == "" {
				reg.ParentCode = ParentOf(reg.Code)
			}
		}
		rowErrs := reg.Validate()
		if prev, dup := seen[reg.Code]; dup && reg.Code != "" {
			rowErrs = append(rowErrs, errs.Field{Name: "code", Key: "import.err.duplicate_in_file", Args: []any{prev}, Value: reg.Code})
		}
		for _, f := range rowErrs {
			f.Row = row.Line
			add(f)
		}
		if len(rowErrs) == 0 {
			seen[reg.Code] = row.Line
			out = append(out, reg)
		}
	}
	// Parents: in the file or already known.
	for _, reg := range out {
		if reg.ParentCode == "" {
			continue
		}
		if _, ok := seen[reg.ParentCode]; ok {
			continue
		}
		if known != nil && known(reg.ParentCode) {
			continue
		}
		add(errs.Field{Row: seen[reg.Code], Name: "parent_code", Key: "region.err.parent_unknown", Value: reg.ParentCode})
	}
	if err := errs.Fields("import.err.rows", fs); err != nil {
		return nil, err
	}
	SortTopDown(out)
	return out, nil
}

// SortTopDown orders regions so that every parent precedes its children.
func SortTopDown(rs []Region) {
	// Dotted codes sort parents first: '.' sorts before every digit.
	slices.SortFunc(rs, func(a, b Region) int { return strings.Compare(a.Code, b.Code) })
}
