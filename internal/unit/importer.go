package unit

import (
	"context"
	"io"
	"slices"
	"strings"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/tabular"
)

// ImportColumns is the header of a unit file; services are separated by ";".
var ImportColumns = []string{"unit_code", "name", "type", "region_code", "services"}

// ProfileColumns are optional columns of a unit file with the unit's
// public profile; the unit export writes them, so an export imports whole.
var ProfileColumns = []string{"address", "opening_hours", "phone", "email", "website", "lat", "lng"}

// MaxImportRows bounds one unit file.
const MaxImportRows = 20_000

// maxErrors bounds how many row problems an import lists.
const maxErrors = 200

// ImportRow is a unit read from a file, with its line number.
type ImportRow struct {
	Line int
	Unit Unit
}

// ImportStore is what an import needs from storage.
type ImportStore interface {
	UnitTypeCodes(ctx context.Context) (map[string]bool, error)
	RegionsExist(ctx context.Context, codes []string) (map[string]bool, error)
	UnitCodesExist(ctx context.Context, codes []string) (map[string]bool, error)
	// CreateUnits stores all units with their services in one transaction,
	// with an audit entry, or nothing.
	CreateUnits(ctx context.Context, actor audit.Actor, units []Unit) error
}

// ImportResult counts what an import created.
type ImportResult struct {
	Units    int `json:"units"`
	Services int `json:"services"`
}

// Import reads a unit file and creates every unit in it, or none: any problem
// in any row rejects the whole file with the rows named. inScope says whether
// the importing user may manage units in a region.
func Import(ctx context.Context, s ImportStore, actor audit.Actor, inScope func(regionCode string) bool, r io.Reader) (ImportResult, error) {
	rows, problems, err := ParseCSV(r)
	if err != nil {
		return ImportResult{}, err
	}
	types, err := s.UnitTypeCodes(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	var regionCodes, codes []string
	for _, row := range rows {
		regionCodes = append(regionCodes, row.Unit.RegionCode)
		codes = append(codes, row.Unit.Code)
	}
	regions, err := s.RegionsExist(ctx, regionCodes)
	if err != nil {
		return ImportResult{}, err
	}
	existing, err := s.UnitCodesExist(ctx, codes)
	if err != nil {
		return ImportResult{}, err
	}
	problems = append(problems, CheckRows(rows, types, regions, existing, inScope)...)
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b errs.Field) int { return a.Row - b.Row })
		return ImportResult{}, errs.Fields("import.err.rows", problems[:min(len(problems), maxErrors)])
	}
	units := make([]Unit, len(rows))
	res := ImportResult{Units: len(rows)}
	for i, row := range rows {
		units[i] = row.Unit
		res.Services += len(row.Unit.Services)
	}
	if err := s.CreateUnits(ctx, actor, units); err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// ParseCSV reads a unit file, CSV or XLSX (tabular.Read), and checks each row on its own: required
// fields, code form, duplicate codes in the file, service names. A file it
// cannot read at all is an error; problems in rows are returned beside the
// rows, so that an import can name every problem at once.
func ParseCSV(r io.Reader) ([]ImportRow, []errs.Field, error) {
	t, err := tabular.Read(r, ImportColumns[:4], tabular.Limits{MaxRows: MaxImportRows, MaxCellBytes: 8192})
	if err != nil {
		return nil, nil, err
	}
	var fs []errs.Field
	add := func(line int, f errs.Field) {
		if len(fs) < maxErrors {
			f.Row = line
			fs = append(fs, f)
		}
	}
	seen := map[string]int{}
	rows := make([]ImportRow, 0, len(t.Rows))
	for _, tr := range t.Rows {
		u := Unit{Code: tr.Get("unit_code"), Name: tr.Get("name"), TypeCode: tr.Get("type"), RegionCode: tr.Get("region_code"), Active: true,
			Address: tr.Get("address"), OpeningHours: tr.Get("opening_hours"), Phone: tr.Get("phone"), Email: tr.Get("email"), Website: tr.Get("website")}
		u.Normalize()
		var rowErrs []errs.Field
		for _, f := range u.Validate() {
			if f.Name == "code" {
				f.Name = "unit_code"
			}
			rowErrs = append(rowErrs, f)
		}
		if prev, dup := seen[u.Code]; dup {
			rowErrs = append(rowErrs, errs.Field{Name: "unit_code", Key: "import.err.duplicate_in_file", Args: []any{prev}, Value: u.Code})
		} else if u.Code != "" {
			seen[u.Code] = tr.Line
		}
		point, pointErrs := ParsePoint(tr.Get("lat"), tr.Get("lng"))
		u.Point = point
		rowErrs = append(rowErrs, pointErrs...)
		services, serviceErrs := parseServices(tr.Get("services"))
		rowErrs = append(rowErrs, serviceErrs...)
		u.Services = services
		for _, f := range rowErrs {
			add(tr.Line, f)
		}
		rows = append(rows, ImportRow{Line: tr.Line, Unit: u})
	}
	return rows, fs, nil
}

// parseServices splits "KTP-el;Kartu Keluarga (KK)" into services with codes.
func parseServices(cell string) ([]Service, []errs.Field) {
	var out []Service
	var fs []errs.Field
	names := map[string]bool{}
	codes := map[string]bool{}
	for _, name := range strings.Split(cell, ";") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		key := strings.ToLower(name)
		if names[key] {
			fs = append(fs, errs.Field{Name: "services", Key: "service.err.duplicate", Value: name})
			continue
		}
		names[key] = true
		s := Service{Name: name, Code: UniqueSlug(name, func(c string) bool { return codes[c] }), Active: true, SortOrder: len(out)}
		codes[s.Code] = true
		for _, f := range s.Validate() {
			f.Name = "services"
			f.Value = name
			fs = append(fs, f)
		}
		out = append(out, s)
	}
	if len(out) > 200 {
		fs = append(fs, errs.Field{Name: "services", Key: "service.err.too_many", Args: []any{200}})
	}
	return out, fs
}

// CheckRows checks rows against what exists: known unit type, known region,
// a region the importer may manage, and a unit code not yet taken. Rows
// whose fields are malformed are checked too; they simply fail again here
// only where the stored data says so.
func CheckRows(rows []ImportRow, types, regions, existing map[string]bool, inScope func(string) bool) []errs.Field {
	var fs []errs.Field
	add := func(f errs.Field) {
		if len(fs) < maxErrors {
			fs = append(fs, f)
		}
	}
	for _, row := range rows {
		u := row.Unit
		if typeRE.MatchString(u.TypeCode) && !types[u.TypeCode] {
			add(errs.Field{Row: row.Line, Name: "type", Key: "unit.err.type_unknown", Value: u.TypeCode})
		}
		switch {
		case !region.ValidCode(u.RegionCode):
			// already reported as malformed
		case !regions[u.RegionCode]:
			add(errs.Field{Row: row.Line, Name: "region_code", Key: "region.err.unknown", Value: u.RegionCode})
		case !inScope(u.RegionCode):
			add(errs.Field{Row: row.Line, Name: "region_code", Key: "err.out_of_scope", Value: u.RegionCode})
		}
		if existing[u.Code] {
			add(errs.Field{Row: row.Line, Name: "unit_code", Key: "unit.err.code_taken", Args: []any{u.Code}})
		}
	}
	return fs
}
