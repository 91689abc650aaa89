package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// OwnerPublication owns the notice-board photo of a register entry.
const OwnerPublication = "publication"

const publicationColumns = `unit_id, id, service_id, kind, url, seen_on, created_by, created_at,
	checked_at, check_status, check_ms, check_error, check_version, check_names`

func scanPublication(row scanner, p *standard.Publication) error {
	var seen, created, checked string
	c := &p.Check
	err := row.Scan(&p.UnitID, &p.ID, &p.ServiceID, &p.Kind, &p.URL, &seen, &p.CreatedBy, &created,
		&checked, &c.Status, &c.Millis, &c.Error, &c.Version, &c.Names)
	p.SeenOn, p.CreatedAt, c.At = parseDay(seen), parseTS(created), parseTS(checked)
	return err
}

// UnitPublications is the publication register of a unit's standards:
// every entry still registered, with the link checker's latest result,
// by service and date. This is the register the Ombudsman's and the
// PEKPPP evidence pages read.
func (db *DB) UnitPublications(ctx context.Context, unitID string) ([]standard.Publication, error) {
	return queryAll(ctx, db.reader(ctx), "publications", `SELECT `+publicationColumns+` FROM standard_publications
		WHERE unit_id = $1 AND removed_at = '' ORDER BY service_id, seen_on DESC, id`, []any{unitID}, scanPublication)
}

func publicationAudit(action string, u *unit.Unit, svc *unit.Service, p *standard.Publication) audit.Entry {
	detail := p.URL
	if detail == "" {
		detail = "foto papan informasi " + day(p.SeenOn)
	}
	return audit.Entry{Action: action, ObjectType: "publication", ObjectID: p.ID, ObjectLabel: "publikasi standar " + svc.Name,
		RegionCode: u.RegionCode, UnitID: u.ID, Detail: string(p.Kind) + ": " + detail}
}

// AddPublication registers where svc's standard is published, with the
// notice board's photo; an online entry is due for its first check at once.
func (db *DB) AddPublication(ctx context.Context, actor audit.Actor, u *unit.Unit, svc *unit.Service, p *standard.Publication, files []EvidenceFile) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		p.UnitID, p.ServiceID, p.CreatedBy, p.CreatedAt = u.ID, svc.ID, actor.Name, now
		if p.ID == "" {
			p.ID = NewID()
		}
		next := ""
		if p.Kind.Online() {
			next = ts(now)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO standard_publications (unit_id, id, service_id, kind, url, seen_on, created_by, created_at, next_check_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, u.ID, p.ID, svc.ID, string(p.Kind), p.URL, day(p.SeenOn), actor.Name, ts(now), next); err != nil {
			return fmt.Errorf("add publication: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerPublication, p.ID, now, files); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, publicationAudit("publication.add", u, svc, p))
	})
}

// RemovePublication takes an entry off the register. The row and its
// photo are kept, marked removed (the audit log says by whom), so that
// what was once shown as evidence stays explainable; it is no longer
// listed or checked.
func (db *DB) RemovePublication(ctx context.Context, actor audit.Actor, u *unit.Unit, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var p standard.Publication
		err := scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationColumns+` FROM standard_publications
			WHERE unit_id = $1 AND id = $2 AND removed_at = ''`, u.ID, id), &p)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if err != nil {
			return fmt.Errorf("read publication: %w", err)
		}
		svc := &unit.Service{ID: p.ServiceID}
		for i := range u.Services {
			if u.Services[i].ID == p.ServiceID {
				svc = &u.Services[i]
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE standard_publications SET removed_by = $1, removed_at = $2, next_check_at = ''
			WHERE unit_id = $3 AND id = $4 AND removed_at = ''`, actor.Name, ts(db.Now()), u.ID, id); err != nil {
			return fmt.Errorf("remove publication: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, publicationAudit("publication.remove", u, svc, &p))
	})
}

// ClaimDuePublications claims up to limit online entries whose check is
// due at now for lease, under token. Each row is claimed by its own
// conditional UPDATE (due and no lease running), so of two nodes claiming
// at once exactly one gets each entry, on both engines; an entry whose
// checker died is claimed again when its lease has run out.
func (db *DB) ClaimDuePublications(ctx context.Context, token string, now time.Time, lease time.Duration, limit int) ([]standard.Publication, error) {
	type key struct{ unit, id string }
	due, err := queryAll(ctx, db.reader(ctx), "due publications", `SELECT unit_id, id FROM standard_publications
		WHERE next_check_at <> '' AND next_check_at <= $1 AND lease_until <= $1 AND removed_at = ''
		ORDER BY next_check_at LIMIT $2`, []any{ts(now), limit}, func(row scanner, k *key) error { return row.Scan(&k.unit, &k.id) })
	if err != nil {
		return nil, err
	}
	var out []standard.Publication
	for _, k := range due {
		var p standard.Publication
		claimed := false
		err := db.tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE standard_publications SET lease_until = $1, lease_token = $2
				WHERE unit_id = $3 AND id = $4 AND next_check_at <> '' AND next_check_at <= $5 AND lease_until <= $5 AND removed_at = ''`,
				ts(now.Add(lease)), token, k.unit, k.id, ts(now))
			if err != nil {
				return fmt.Errorf("claim publication: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return err
			}
			claimed = true
			return scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationColumns+` FROM standard_publications
				WHERE unit_id = $1 AND id = $2`, k.unit, k.id), &p)
		})
		if err != nil {
			return out, err
		}
		if claimed {
			out = append(out, p)
		}
	}
	return out, nil
}

// RecordPublicationCheck stores the result of a check made under token
// and when the entry is next due, and ends the lease. A check whose
// lease was lost (it outlived it and another node claimed the entry) is
// not recorded; it reports false.
func (db *DB) RecordPublicationCheck(ctx context.Context, p *standard.Publication, token string, c standard.LinkCheck, next time.Time) (bool, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE standard_publications SET checked_at = $1, check_status = $2, check_ms = $3, check_error = $4,
			check_version = $5, check_names = $6, next_check_at = $7, lease_until = '', lease_token = ''
			WHERE unit_id = $8 AND id = $9 AND lease_token = $10 AND removed_at = ''`,
			ts(c.At), c.Status, c.Millis, c.Error, c.Version, c.Names, ts(next), p.UnitID, p.ID, token)
		if err != nil {
			return fmt.Errorf("record check: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// EvidenceDir is where the evidence files of the record ownerID live:
// beside the complaint attachments (root, MUTU_ATTACHMENTS), under
// "bukti" (not shaped like a report ID, so the sweep of attachments
// passes it by and the sweep of evidence files checks it against
// evidence_files), one directory per record, one file per evidence ID.
// An empty ownerID gives the directory of all evidence files.
func EvidenceDir(root, ownerID string) string {
	return filepath.Join(root, "bukti", ownerID)
}
