package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/instrument"
)

// InstrumentVersion is a stored version of a scored instrument. ID is what
// results (visits) reference; Label is the stable name people and files use.
type InstrumentVersion struct {
	ID         string
	RegionCode string // the city whose own checklist it is; "" for a national instrument
	CreatedBy  string
	CreatedAt  time.Time
	*instrument.Version
}

// seedScoredInstruments stores the shipped versions not stored yet. A
// version is never changed once stored, so an existing label is left alone;
// two nodes seeding at once both end with the same rows.
func (db *DB) seedScoredInstruments(ctx context.Context) error {
	for _, v := range instrument.Builtin() {
		def, err := json.Marshal(v)
		if err != nil {
			return err
		}
		now := ts(db.Now())
		if _, err := db.w.ExecContext(ctx, `INSERT INTO instruments (id, code, kind, region_code, name, created_at) VALUES ($1, $2, $3, '', $4, $5)
			ON CONFLICT DO NOTHING`, NewID(), v.Instrument, v.Kind, v.Name, now); err != nil {
			return fmt.Errorf("seed instrument %s: %w", v.Instrument, err)
		}
		if _, err := db.w.ExecContext(ctx, `INSERT INTO instrument_versions (id, instrument_id, number, label, definition, created_by, created_at)
			SELECT $1, id, $2, $3, $4, 'mutu', $5 FROM instruments WHERE code = $6
			ON CONFLICT DO NOTHING`, NewID(), v.Number, v.Label, string(def), now, v.Instrument); err != nil {
			return fmt.Errorf("seed instrument version %s: %w", v.Label, err)
		}
	}
	return nil
}

const instrumentVersionColumns = `v.id, i.region_code, v.created_by, v.created_at, v.definition`

func scanInstrumentVersion(row scanner, v *InstrumentVersion) error {
	var created, def string
	if err := row.Scan(&v.ID, &v.RegionCode, &v.CreatedBy, &created, &def); err != nil {
		return err
	}
	v.CreatedAt = parseTS(created)
	v.Version = &instrument.Version{}
	if err := json.Unmarshal([]byte(def), v.Version); err != nil {
		return fmt.Errorf("instrument version %s: %w", v.ID, err)
	}
	return nil
}

// InstrumentVersions lists every stored version of every instrument,
// instruments by code, versions newest first.
func (db *DB) InstrumentVersions(ctx context.Context) ([]InstrumentVersion, error) {
	return queryAll(ctx, db.r, "instrument versions", `SELECT `+instrumentVersionColumns+`
		FROM instrument_versions v JOIN instruments i ON i.id = v.instrument_id
		ORDER BY i.kind DESC, i.code, v.number DESC`, nil, scanInstrumentVersion)
}

// InstrumentVersionByID returns one stored version (not found: NotFound).
func (db *DB) InstrumentVersionByID(ctx context.Context, id string) (*InstrumentVersion, error) {
	var v InstrumentVersion
	err := scanInstrumentVersion(db.r.QueryRowContext(ctx, `SELECT `+instrumentVersionColumns+`
		FROM instrument_versions v JOIN instruments i ON i.id = v.instrument_id WHERE v.id = $1`, id), &v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "instrument.err.unknown_version", id)
	}
	if err != nil {
		return nil, fmt.Errorf("instrument version %s: %w", id, err)
	}
	return &v, nil
}

// ChecklistCode is the code of a city's own visit checklist.
func ChecklistCode(regionCode string) string { return "ceklis-" + regionCode }

// LatestChecklist returns the newest version of a city's own checklist, or
// nil when it has none yet.
func (db *DB) LatestChecklist(ctx context.Context, regionCode string) (*InstrumentVersion, error) {
	var v InstrumentVersion
	err := scanInstrumentVersion(db.r.QueryRowContext(ctx, `SELECT `+instrumentVersionColumns+`
		FROM instrument_versions v JOIN instruments i ON i.id = v.instrument_id WHERE i.code = $1
		ORDER BY v.number DESC LIMIT 1`, ChecklistCode(regionCode)), &v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("checklist %s: %w", regionCode, err)
	}
	return &v, nil
}

// AddChecklistVersion stores the next version of a city's own checklist
// (creating the checklist with its first): number and label are given
// here ("ceklis-31.72-v2"), the content is validated as any version, and
// earlier versions stay as they are for the results that name them.
// Audited as instrument.version in the city's region.
func (db *DB) AddChecklistVersion(ctx context.Context, actor audit.Actor, regionCode string, v *instrument.Version) (*InstrumentVersion, error) {
	v.Instrument, v.Kind = ChecklistCode(regionCode), instrument.KindChecklist
	var out *InstrumentVersion
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		var instID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM instruments WHERE code = $1`, v.Instrument).Scan(&instID)
		if errors.Is(err, sql.ErrNoRows) {
			instID = NewID()
			_, err = tx.ExecContext(ctx, `INSERT INTO instruments (id, code, kind, region_code, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				instID, v.Instrument, v.Kind, regionCode, v.Name, ts(now))
			if isUniqueViolation(err) {
				return errs.New(errs.Conflict, "instrument.err.concurrent")
			}
		}
		if err != nil {
			return fmt.Errorf("checklist %s: %w", v.Instrument, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM instrument_versions WHERE instrument_id = $1`, instID).
			Scan(&v.Number); err != nil {
			return fmt.Errorf("checklist %s: %w", v.Instrument, err)
		}
		v.Label = v.Instrument + "-v" + strconv.Itoa(v.Number)
		if out, err = insertVersion(ctx, tx, actor, instID, regionCode, v, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE instruments SET name = $1 WHERE id = $2`, v.Name, instID); err != nil {
			return fmt.Errorf("checklist %s: %w", v.Instrument, err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "instrument.version", ObjectType: "instrument_version", ObjectID: v.Label,
			ObjectLabel: v.Name, RegionCode: regionCode, Detail: fmt.Sprintf("versi %d", v.Number)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertVersion validates v (numbered and labelled) and stores it as a
// version of the instrument instID; a label stored meanwhile is a Conflict.
func insertVersion(ctx context.Context, tx *sql.Tx, actor audit.Actor, instID, regionCode string, v *instrument.Version, now time.Time) (*InstrumentVersion, error) {
	if err := v.Validate(); err != nil {
		return nil, err
	}
	def, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := &InstrumentVersion{ID: NewID(), RegionCode: regionCode, CreatedBy: actor.Name, CreatedAt: now, Version: v}
	if _, err := tx.ExecContext(ctx, `INSERT INTO instrument_versions (id, instrument_id, number, label, definition, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, out.ID, instID, v.Number, v.Label, string(def), actor.Name, ts(now)); err != nil {
		if isUniqueViolation(err) {
			return nil, errs.New(errs.Conflict, "instrument.err.concurrent")
		}
		return nil, fmt.Errorf("instrument version %s: %w", v.Label, err)
	}
	return out, nil
}

// versionSuffixRE is the "-v<n>" an edit adds to a label.
var versionSuffixRE = regexp.MustCompile(`-v[0-9]+$`)

// AddEditedVersion stores an administrator's edit of a national
// instrument's version (new category bounds) as the instrument's next
// version, labelled after the version it came from ("ombudsman-2023" →
// "ombudsman-2023-v5"); the version edited and the results naming it stay
// as they are. Audited as instrument.version, nationally.
func (db *DB) AddEditedVersion(ctx context.Context, actor audit.Actor, from *InstrumentVersion, v *instrument.Version) (*InstrumentVersion, error) {
	if from.RegionCode != "" || v.Instrument != from.Instrument {
		return nil, errs.New(errs.NotFound, "instrument.err.unknown_version", from.Label)
	}
	var out *InstrumentVersion
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		var instID string
		if err := tx.QueryRowContext(ctx, `SELECT i.id, COALESCE(MAX(v.number), 0) + 1 FROM instruments i
			JOIN instrument_versions v ON v.instrument_id = i.id WHERE i.code = $1 GROUP BY i.id`, v.Instrument).Scan(&instID, &v.Number); err != nil {
			return fmt.Errorf("instrument %s: %w", v.Instrument, err)
		}
		v.Label = versionSuffixRE.ReplaceAllString(from.Label, "") + "-v" + strconv.Itoa(v.Number)
		var err error
		if out, err = insertVersion(ctx, tx, actor, instID, "", v, now); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "instrument.version", ObjectType: "instrument_version", ObjectID: v.Label,
			ObjectLabel: v.Name, Detail: fmt.Sprintf("versi %d dari %s: batas kategori", v.Number, from.Label)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
