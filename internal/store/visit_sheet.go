package store

import (
	"context"
	"database/sql"
	"fmt"

	"mutu/internal/audit"
	"mutu/internal/monitor"
	"mutu/internal/unit"
)

// SaveTeamScores stores the team's whole scoring sheet of a visit under
// versionID in one transaction with one audit row, each score checked as
// SaveVisitScore checks it: for the demo's year of visits, which one
// transaction per score would make slow to seed.
func (db *DB) SaveTeamScores(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID, versionID string, scores []monitor.Score) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		now := db.Now()
		for _, s := range scores {
			s.Side = monitor.TeamSide
			if err := scoreIn(ctx, tx, actor, u, v, versionID, s, now); err != nil {
				return err
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "visit.score", ObjectType: "monitoring_visit", ObjectID: visitID,
			ObjectLabel: u.Name + ", jendela " + day(v.Window), RegionCode: u.RegionCode, UnitID: u.ID, Detail: fmt.Sprintf("%d indikator", len(scores))})
	})
}
