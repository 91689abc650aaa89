package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/unit"
)

// UnitTypes lists the unit types in display order.
func (db *DB) UnitTypes(ctx context.Context) ([]unit.Type, error) {
	return queryAll(ctx, db.r, "unit types", `SELECT code, name_id, name_en FROM unit_types ORDER BY sort_order, code`, nil, func(row scanner, t *unit.Type) error {
		return row.Scan(&t.Code, &t.NameID, &t.NameEN)
	})
}

// UnitTypeCodes returns the set of known unit type codes.
func (db *DB) UnitTypeCodes(ctx context.Context) (map[string]bool, error) {
	ts, err := db.UnitTypes(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ts))
	for _, t := range ts {
		out[t.Code] = true
	}
	return out, nil
}

// UnitCodesExist reports which of codes are taken.
func (db *DB) UnitCodesExist(ctx context.Context, codes []string) (map[string]bool, error) {
	return db.existing(ctx, "SELECT code FROM units WHERE code IN (%s)", codes)
}

const unitColumns = `id, code, name, type_code, region_code, address, opening_hours, phone, email, website, instagram, facebook, x, youtube, tiktok, active, created_at, updated_at, head_name, head_nip, head_position, lat_e6, lng_e6`

func scanUnit(row scanner) (*unit.Unit, error) {
	var u unit.Unit
	var created, updated string
	var lat, lng sql.NullInt64
	err := row.Scan(&u.ID, &u.Code, &u.Name, &u.TypeCode, &u.RegionCode, &u.Address, &u.OpeningHours, &u.Phone, &u.Email,
		&u.Website, &u.Instagram, &u.Facebook, &u.X, &u.YouTube, &u.TikTok, &u.Active, &created, &updated, &u.HeadName, &u.HeadNIP, &u.HeadPosition, &lat, &lng)
	if err != nil {
		return nil, err
	}
	if lat.Valid && lng.Valid {
		p := geo.FromE6(lat.Int64, lng.Int64)
		u.Point = &p
	}
	u.CreatedAt, u.UpdatedAt = parseTS(created), parseTS(updated)
	return &u, nil
}

// UnitByCode returns a unit with its services (from a short-lived cache).
func (db *DB) UnitByCode(ctx context.Context, code string) (*unit.Unit, error) {
	code = unit.NormalizeCode(code)
	if u, ok := db.units.get(code, db.Now()); ok {
		return u, nil
	}
	u, err := db.unitWhere(ctx, "code = $1", code)
	if err != nil {
		return nil, err
	}
	db.units.put(u, db.Now())
	return u, nil
}

// UnitsByCode returns the units (active or not, without their services)
// with the codes, by normalised code, in one query; unknown codes are
// absent.
func (db *DB) UnitsByCode(ctx context.Context, codes []string) (map[string]unit.Unit, error) {
	out := make(map[string]unit.Unit, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	norm := make([]string, len(codes))
	for i, c := range codes {
		norm[i] = unit.NormalizeCode(c)
	}
	units, err := queryAll(ctx, db.r, "units by code", `SELECT `+unitColumns+` FROM units WHERE code IN (`+placeholders(1, len(norm))+`)`, anys(norm), into(scanUnit))
	for _, u := range units {
		out[u.Code] = u
	}
	return out, err
}

// UnitByID returns a unit with its services.
func (db *DB) UnitByID(ctx context.Context, id string) (*unit.Unit, error) {
	return db.unitWhere(ctx, "id = $1", id)
}

func (db *DB) unitWhere(ctx context.Context, where string, arg string) (*unit.Unit, error) {
	u, err := scanUnit(db.r.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "unit.err.not_found", arg)
	}
	if err != nil {
		return nil, fmt.Errorf("unit %s: %w", arg, err)
	}
	svcs, err := db.Services(ctx, []string{u.ID})
	if err != nil {
		return nil, err
	}
	u.Services = svcs[u.ID]
	return u, nil
}

// UnitFilter selects units for a list page or the API.
type UnitFilter struct {
	RegionCode      string   // the region and everything below it
	TypeCode        string   // exact type
	Query           string   // part of the name or code
	UnitIDs         []string // only these units (an operator's scope); nil = no restriction
	IncludeInactive bool
	Sort            string // "name" (default), "code", "type", "region"
	Desc            bool
	Limit           int // 0 = no limit
	Offset          int
}

var unitSorts = map[string]string{"name": "name", "code": "code", "type": "type_code", "region": "region_code"}

// Units lists units matching f and the total count without paging.
func (db *DB) Units(ctx context.Context, f UnitFilter) ([]unit.Unit, int, error) {
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.RegionCode != "" {
		where = append(where, withinRegion("region_code", f.RegionCode, arg))
	}
	if f.TypeCode != "" {
		where = append(where, "type_code = "+arg(f.TypeCode))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := "%" + strings.ToLower(escapeLike(q)) + "%"
		where = append(where, "(LOWER(name) LIKE "+arg(pat)+" ESCAPE '\\' OR LOWER(code) LIKE "+arg(pat)+" ESCAPE '\\')")
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, 0, nil
		}
		where = append(where, inList("id", f.UnitIDs, arg))
	}
	if !f.IncludeInactive {
		where = append(where, "active = TRUE")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM units WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count units: %w", err)
	}
	order, ok := unitSorts[f.Sort]
	if !ok {
		order = "name"
	}
	if f.Desc {
		order += " DESC"
	}
	q := "SELECT " + unitColumns + " FROM units WHERE " + cond + " ORDER BY " + order + ", code"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	}
	out, err := queryAll(ctx, db.reader(ctx), "units", q, args, into(scanUnit))
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// UnitCountsBelow counts active units in each of the given regions,
// including the regions below each.
func (db *DB) UnitCountsBelow(ctx context.Context, codes []string) (map[string]int, error) {
	out := map[string]int{}
	if len(codes) == 0 {
		return out, nil
	}
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT r.code, COUNT(u.id) FROM regions r
		JOIN units u ON u.active = TRUE AND (u.region_code = r.code OR u.region_code LIKE r.code || '.%')
		WHERE r.code IN (`+placeholders(1, len(codes))+`) GROUP BY r.code`, anys(codes)...)
	if err != nil {
		return nil, fmt.Errorf("unit counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Services returns the services of each unit, in display order.
func (db *DB) Services(ctx context.Context, unitIDs []string) (map[string][]unit.Service, error) {
	out := map[string][]unit.Service{}
	for start := 0; start < len(unitIDs); start += 500 {
		chunk := unitIDs[start:min(start+500, len(unitIDs))]
		svcs, err := queryAll(ctx, db.r, "services", `SELECT unit_id, id, code, name, description, active, sort_order FROM services
			WHERE unit_id IN (`+placeholders(1, len(chunk))+`) ORDER BY unit_id, sort_order, name`, anys(chunk), func(row scanner, s *unit.Service) error {
			return row.Scan(&s.UnitID, &s.ID, &s.Code, &s.Name, &s.Description, &s.Active, &s.SortOrder)
		})
		if err != nil {
			return nil, err
		}
		for _, s := range svcs {
			out[s.UnitID] = append(out[s.UnitID], s)
		}
	}
	return out, nil
}

// CreateUnit stores a new unit with its services.
func (db *DB) CreateUnit(ctx context.Context, actor audit.Actor, u *unit.Unit) error {
	return db.CreateUnits(ctx, actor, []unit.Unit{*u})
}

// CreateUnits stores units with their services in one transaction, with one
// audit entry per unit. Unit and service IDs are assigned here.
func (db *DB) CreateUnits(ctx context.Context, actor audit.Actor, units []unit.Unit) error {
	defer db.units.clear()
	now := ts(db.Now())
	return db.tx(ctx, func(tx *sql.Tx) error {
		for i := range units {
			u := &units[i]
			if u.ID == "" {
				u.ID = NewID()
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO units (`+unitColumns+`) VALUES (`+placeholders(1, 23)+`)`,
				u.ID, u.Code, u.Name, u.TypeCode, u.RegionCode, u.Address, u.OpeningHours, u.Phone, u.Email,
				u.Website, u.Instagram, u.Facebook, u.X, u.YouTube, u.TikTok, true, now, now, u.HeadName, u.HeadNIP, u.HeadPosition, latE6(u.Point), lngE6(u.Point))
			if err != nil {
				return unitWriteError(err, u.Code)
			}
			u.Active = true
			for j := range u.Services {
				s := &u.Services[j]
				s.UnitID, s.ID, s.Active = u.ID, NewID(), true
				if _, err := tx.ExecContext(ctx, `INSERT INTO services (unit_id, id, code, name, description, active, sort_order, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, s.UnitID, s.ID, s.Code, s.Name, s.Description, true, j, now, now); err != nil {
					return serviceWriteError(err, s.Code)
				}
			}
			if err := db.writeAudit(ctx, tx, actor, audit.Entry{Action: "unit.create", ObjectType: "unit", ObjectID: u.Code,
				RegionCode: u.RegionCode, UnitID: u.ID, Detail: strconv.Itoa(len(u.Services)) + " layanan"}); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateUnit saves a unit's profile (everything but its code, id and services).
func (db *DB) UpdateUnit(ctx context.Context, actor audit.Actor, u *unit.Unit) error {
	defer db.units.clear()
	return db.tx(ctx, func(tx *sql.Tx) error {
		// A change of the head who signs the Laporan is named in the audit row.
		var head [3]string
		if err := tx.QueryRowContext(ctx, `SELECT head_name, head_nip, head_position FROM units WHERE id = $1`, u.ID).
			Scan(&head[0], &head[1], &head[2]); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("unit head: %w", err)
		}
		detail := ""
		if head != [3]string{u.HeadName, u.HeadNIP, u.HeadPosition} {
			detail = "kepala unit: " + u.HeadName
		}
		res, err := tx.ExecContext(ctx, `UPDATE units SET name = $1, type_code = $2, region_code = $3, address = $4, opening_hours = $5,
			phone = $6, email = $7, website = $8, instagram = $9, facebook = $10, x = $11, youtube = $12, tiktok = $13, updated_at = $14,
			head_name = $16, head_nip = $17, head_position = $18, lat_e6 = $19, lng_e6 = $20
			WHERE id = $15`, u.Name, u.TypeCode, u.RegionCode, u.Address, u.OpeningHours, u.Phone, u.Email, u.Website,
			u.Instagram, u.Facebook, u.X, u.YouTube, u.TikTok, ts(db.Now()), u.ID, u.HeadName, u.HeadNIP, u.HeadPosition, latE6(u.Point), lngE6(u.Point))
		if err != nil {
			return unitWriteError(err, u.Code)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "unit.err.not_found", u.Code)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "unit.update", ObjectType: "unit", ObjectID: u.Code, RegionCode: u.RegionCode,
			UnitID: u.ID, Detail: detail})
	})
}

// SetUnitActive activates or deactivates a unit. A deactivated unit keeps
// its history but disappears from public lists and new surveys.
func (db *DB) SetUnitActive(ctx context.Context, actor audit.Actor, u *unit.Unit, active bool) error {
	defer db.units.clear()
	action := "unit.deactivate"
	if active {
		action = "unit.activate"
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE units SET active = $1, updated_at = $2 WHERE id = $3`, active, ts(db.Now()), u.ID); err != nil {
			return fmt.Errorf("set unit active: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "unit", ObjectID: u.Code, RegionCode: u.RegionCode, UnitID: u.ID})
	})
}

// SaveService adds a service to u (s.ID == "") or updates one of its services.
func (db *DB) SaveService(ctx context.Context, actor audit.Actor, u *unit.Unit, s *unit.Service) error {
	defer db.units.clear()
	now := ts(db.Now())
	return db.tx(ctx, func(tx *sql.Tx) error {
		action := "service.update"
		if s.ID == "" {
			action = "service.create"
			s.UnitID, s.ID = u.ID, NewID()
			var next int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(sort_order), -1) + 1 FROM services WHERE unit_id = $1`, u.ID).Scan(&next); err != nil {
				return fmt.Errorf("service order: %w", err)
			}
			s.SortOrder = next
			if _, err := tx.ExecContext(ctx, `INSERT INTO services (unit_id, id, code, name, description, active, sort_order, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, u.ID, s.ID, s.Code, s.Name, s.Description, s.Active, s.SortOrder, now, now); err != nil {
				return serviceWriteError(err, s.Code)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE services SET code = $1, name = $2, description = $3, active = $4, updated_at = $5
				WHERE unit_id = $6 AND id = $7`, s.Code, s.Name, s.Description, s.Active, now, u.ID, s.ID)
			if err != nil {
				return serviceWriteError(err, s.Code)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.New(errs.NotFound, "service.err.not_found", s.Code)
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "service", ObjectID: u.Code + "/" + s.Code, ObjectLabel: s.Name, RegionCode: u.RegionCode, UnitID: u.ID})
	})
}

func unitWriteError(err error, code string) error {
	switch {
	case isUniqueViolation(err):
		return &errs.Error{Code: errs.Conflict, Key: "unit.err.code_taken", Args: []any{code}, Err: err,
			Fields: []errs.Field{{Name: "code", Key: "unit.err.code_taken", Args: []any{code}}}}
	case isFKViolation(err):
		return &errs.Error{Code: errs.Invalid, Key: "unit.err.reference", Err: err}
	}
	return fmt.Errorf("write unit %s: %w", code, err)
}

func serviceWriteError(err error, code string) error {
	if isUniqueViolation(err) {
		return &errs.Error{Code: errs.Conflict, Key: "service.err.code_taken", Args: []any{code}, Err: err,
			Fields: []errs.Field{{Name: "code", Key: "service.err.code_taken", Args: []any{code}}}}
	}
	return fmt.Errorf("write service %s: %w", code, err)
}
