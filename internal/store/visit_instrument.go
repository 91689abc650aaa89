package store

import (
	"context"
	"database/sql"
	"fmt"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/unit"
)

// ChooseVisitInstrument fixes the instrument version a visit is scored on
// (PEKPPP or the city's own checklist), audited. It may change only while
// no score of either side is recorded: scores are kept under the version
// they were given on, and so is the result.
func (db *DB) ChooseVisitInstrument(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID string, iv *InstrumentVersion) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		var scored int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM visit_scores WHERE unit_id = $1 AND visit_id = $2`, u.ID, visitID).Scan(&scored); err != nil {
			return fmt.Errorf("visit scores: %w", err)
		}
		if scored > 0 {
			return errs.New(errs.Conflict, "visit.err.instrument_fixed")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE monitoring_visits SET instrument_version_id = $1, updated_at = $2 WHERE unit_id = $3 AND id = $4`,
			iv.ID, ts(db.Now()), u.ID, visitID); err != nil {
			return fmt.Errorf("visit instrument: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "visit.instrument", ObjectType: "monitoring_visit", ObjectID: visitID,
			ObjectLabel: u.Name + ", jendela " + day(v.Window), RegionCode: u.RegionCode, UnitID: u.ID, Detail: iv.Label})
	})
}
