package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/innovation"
	"mutu/internal/unit"
)

// The innovation registry (issue #14): a unit's innovations, the services
// each changes, and their evidence (evidence_files, OwnerInnovation).

// CreateInnovation records a new innovation of u with its first evidence
// files (i.ID is set when empty; the web sets it first, as the files'
// directory is named by it), with an audit row.
func (db *DB) CreateInnovation(ctx context.Context, actor audit.Actor, u *unit.Unit, i *innovation.Innovation, files []EvidenceFile) error {
	if i.ID == "" {
		i.ID = NewID()
	}
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO innovations (unit_id, id, name, acronym, problem, description, launched_on, status, demo,
			created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11)`,
			u.ID, i.ID, i.Name, i.Acronym, i.Problem, i.Description, day(i.LaunchedOn), string(i.Status), i.Demo,
			actor.Name, ts(now)); err != nil {
			return fmt.Errorf("innovation: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerInnovation, i.ID, now, files); err != nil {
			return err
		}
		return db.saveInnovationServices(ctx, tx, actor, u, i, now, "innovation.create")
	})
}

// UpdateInnovation changes an innovation of u: its fields and services
// (replaced); its evidence files stay. Audited.
func (db *DB) UpdateInnovation(ctx context.Context, actor audit.Actor, u *unit.Unit, i *innovation.Innovation) error {
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE innovations SET name = $3, acronym = $4, problem = $5, description = $6, launched_on = $7,
			status = $8, updated_by = $9, updated_at = $10 WHERE unit_id = $1 AND id = $2`,
			u.ID, i.ID, i.Name, i.Acronym, i.Problem, i.Description, day(i.LaunchedOn), string(i.Status), actor.Name, ts(now))
		if err != nil {
			return fmt.Errorf("innovation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM innovation_services WHERE unit_id = $1 AND innovation_id = $2`, u.ID, i.ID); err != nil {
			return fmt.Errorf("innovation services: %w", err)
		}
		return db.saveInnovationServices(ctx, tx, actor, u, i, now, "innovation.update")
	})
}

// saveInnovationServices links the innovation to its services and writes
// the audit row of action.
func (db *DB) saveInnovationServices(ctx context.Context, tx *sql.Tx, actor audit.Actor, u *unit.Unit, i *innovation.Innovation, now time.Time, action string) error {
	for _, s := range i.ServiceIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO innovation_services (unit_id, innovation_id, service_id) VALUES ($1, $2, $3)`,
			u.ID, i.ID, s); err != nil {
			return fmt.Errorf("innovation services: %w", err)
		}
	}
	i.UnitID, i.UpdatedBy, i.UpdatedAt = u.ID, actor.Name, now
	return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: OwnerInnovation, ObjectID: i.ID,
		ObjectLabel: u.Name + ", " + i.Title(), RegionCode: u.RegionCode, UnitID: u.ID, Detail: string(i.Status) + " " + day(i.LaunchedOn)})
}

// ListedInnovation is an innovation with the unit it belongs to, for lists
// across units.
type ListedInnovation struct {
	innovation.Innovation
	UnitCode, UnitName, RegionCode string
}

// InnovationFilter selects innovations.
type InnovationFilter struct {
	RegionCode string   // units in this region and below ("" = every region)
	UnitIDs    []string // nil: every unit; empty: none
	Public     bool     // only those the public catalogue shows (launched)
}

const innovationColumns = `i.unit_id, i.id, i.name, i.acronym, i.problem, i.description, i.launched_on, i.status, i.demo, i.updated_by, i.updated_at,
	u.code, u.name, u.region_code`

// Innovations lists the innovations f selects, newest launch first, with
// their services.
func (db *DB) Innovations(ctx context.Context, f InnovationFilter) ([]ListedInnovation, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	conds := []string{"1=1"}
	if f.RegionCode != "" {
		conds = append(conds, withinRegion("u.region_code", f.RegionCode, arg))
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, nil
		}
		conds = append(conds, inList("i.unit_id", f.UnitIDs, arg))
	}
	if f.Public {
		// the catalogue shows launched innovations of active units
		conds = append(conds, "i.status <> "+arg(string(innovation.Planned)), "u.active = TRUE")
	}
	where := strings.Join(conds, " AND ")
	out, err := queryAll(ctx, db.reader(ctx), "innovations", `SELECT `+innovationColumns+` FROM innovations i JOIN units u ON u.id = i.unit_id
		WHERE `+where+` ORDER BY i.launched_on DESC, i.name, i.id`, args, scanInnovation)
	if err != nil || len(out) == 0 {
		return out, err
	}
	// the services of the innovations listed, by the same conditions
	type link struct{ innovation, service string }
	links, err := queryAll(ctx, db.reader(ctx), "innovation services", `SELECT s.innovation_id, s.service_id FROM innovation_services s
		JOIN innovations i ON i.unit_id = s.unit_id AND i.id = s.innovation_id JOIN units u ON u.id = i.unit_id
		WHERE `+where+` ORDER BY s.service_id`, args, func(row scanner, l *link) error { return row.Scan(&l.innovation, &l.service) })
	if err != nil {
		return nil, err
	}
	byID := map[string][]string{}
	for _, l := range links {
		byID[l.innovation] = append(byID[l.innovation], l.service)
	}
	for k := range out {
		out[k].ServiceIDs = byID[out[k].ID]
	}
	return out, nil
}

// UnitInnovations lists every innovation of a unit (planned ones too), for
// its staff page, the PEKPPP Inovasi aspect and the scorecard.
func (db *DB) UnitInnovations(ctx context.Context, unitID string) ([]ListedInnovation, error) {
	return db.Innovations(ctx, InnovationFilter{UnitIDs: []string{unitID}})
}

// InnovationOf returns one innovation of a unit.
func (db *DB) InnovationOf(ctx context.Context, unitID, id string) (*ListedInnovation, error) {
	var i ListedInnovation
	err := scanInnovation(db.reader(ctx).QueryRowContext(ctx, `SELECT `+innovationColumns+` FROM innovations i JOIN units u ON u.id = i.unit_id
		WHERE i.unit_id = $1 AND i.id = $2`, unitID, id), &i)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("innovation: %w", err)
	}
	i.ServiceIDs, err = queryAll(ctx, db.reader(ctx), "innovation services", `SELECT service_id FROM innovation_services
		WHERE unit_id = $1 AND innovation_id = $2 ORDER BY service_id`, []any{unitID, id}, scanOne[string])
	if err != nil {
		return nil, err
	}
	return &i, nil
}

// InnovationCount is one unit's innovations: those launched (on trial or
// running) and all of them.
type InnovationCount struct {
	UnitID          string
	Launched, Total int
}

// InnovationCounts counts the innovations of every unit in a region (and
// below) that has any, in one grouped read of the registry: what the
// scorecard and the PEKPPP Inovasi aspect need per unit, without reading
// any history.
func (db *DB) InnovationCounts(ctx context.Context, regionCode string) (map[string]InnovationCount, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q := `SELECT i.unit_id, SUM(CASE WHEN i.status IN (` + arg(string(innovation.Trial)) + `, ` + arg(string(innovation.Running)) + `) THEN 1 ELSE 0 END), COUNT(*)
		FROM innovations i JOIN units u ON u.id = i.unit_id WHERE ` + withinRegion("u.region_code", regionCode, arg) + ` GROUP BY i.unit_id`
	rows, err := queryAll(ctx, db.reader(ctx), "innovation counts", q, args, func(row scanner, c *InnovationCount) error {
		return row.Scan(&c.UnitID, &c.Launched, &c.Total)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]InnovationCount, len(rows))
	for _, c := range rows {
		out[c.UnitID] = c
	}
	return out, nil
}

func scanInnovation(row scanner, i *ListedInnovation) error {
	var launched, updated, status string
	err := row.Scan(&i.UnitID, &i.ID, &i.Name, &i.Acronym, &i.Problem, &i.Description, &launched, &status, &i.Demo, &i.UpdatedBy, &updated,
		&i.UnitCode, &i.UnitName, &i.RegionCode)
	i.Status, i.UpdatedAt = innovation.Status(status), parseTS(updated)
	i.LaunchedOn = parseDay(launched)
	return err
}
