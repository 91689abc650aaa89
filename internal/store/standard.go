package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// Owners of evidence files (evidence_files.owner_type). Monitoring visits,
// findings and self-assessments will add theirs.
const (
	OwnerStandardVersion = "standard_version"
	OwnerForum           = "forum"
	OwnerMaklumat        = "maklumat"
	OwnerTeam            = "monitoring_team" // a team's decree (unit_id '')
	OwnerInnovation      = "innovation"      // inov14 (innovation.go)
)

// EvidenceFile is a file that documents a record of a unit (a signed
// decree, the minutes and photos of a forum, the signed maklumat). Like a
// complaint's attachments its bytes live outside the database, checked and
// stripped by internal/attach, under the evidence directory by owner.
type EvidenceFile struct {
	Attachment
	UnitID    string
	OwnerType string
	OwnerID   string
	Kind      string // decree, signed, forum (standard.kind.*)
	CreatedBy string
	CreatedAt time.Time
}

// day formats a WIB date for storage ("" for the zero time).
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Jakarta).Format(time.DateOnly)
}

func parseDay(s string) time.Time {
	t, _ := standard.ParseDate(s)
	return t
}

const versionColumns = `unit_id, id, service_id, number, status, content, effective_from, decree_number, decree_date,
	created_by, created_at, approved_by, approved_at, published_by, published_at`

func scanVersion(row scanner, v *standard.Version) error {
	var content, eff, decreeDate, created, approved, published string
	if err := row.Scan(&v.UnitID, &v.ID, &v.ServiceID, &v.Number, &v.Status, &content, &eff, &v.DecreeNumber, &decreeDate,
		&v.CreatedBy, &created, &v.ApprovedBy, &approved, &v.PublishedBy, &published); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(content), &v.Content); err != nil {
		return fmt.Errorf("standard %s content: %w", v.ID, err)
	}
	v.EffectiveFrom, v.DecreeDate = parseDay(eff), parseDay(decreeDate)
	v.CreatedAt, v.ApprovedAt, v.PublishedAt = parseTS(created), parseTS(approved), parseTS(published)
	return nil
}

// UnitStandards returns every version of every service's standard of a
// unit, by service, newest first.
func (db *DB) UnitStandards(ctx context.Context, unitID string) (map[string][]standard.Version, error) {
	vs, err := queryAll(ctx, db.reader(ctx), "unit standards", `SELECT `+versionColumns+` FROM standard_versions
		WHERE unit_id = $1 ORDER BY service_id, number DESC`, []any{unitID}, scanVersion)
	if err != nil {
		return nil, err
	}
	out := map[string][]standard.Version{}
	for _, v := range vs {
		out[v.ServiceID] = append(out[v.ServiceID], v)
	}
	return out, nil
}

// ServiceStandard returns the versions of one service's standard, newest first.
func (db *DB) ServiceStandard(ctx context.Context, unitID, serviceID string) ([]standard.Version, error) {
	return queryAll(ctx, db.reader(ctx), "service standard", `SELECT `+versionColumns+` FROM standard_versions
		WHERE unit_id = $1 AND service_id = $2 ORDER BY number DESC`, []any{unitID, serviceID}, scanVersion)
}

// CurrentStandard is the published version of a service's standard in
// force now, or nil.
func (db *DB) CurrentStandard(ctx context.Context, unitID, serviceID string) (*standard.Version, error) {
	vs, err := db.ServiceStandard(ctx, unitID, serviceID)
	if err != nil {
		return nil, err
	}
	return standard.Current(vs, db.Now()), nil
}

// SaveDraft stores c as the service's open version: the draft (or approved
// version, which goes back to draft: what was approved is no longer what
// is written) is updated, or, when the service has none, a new draft is
// created with the next number. A published version is never changed.
func (db *DB) SaveDraft(ctx context.Context, actor audit.Actor, u *unit.Unit, svc *unit.Service, c standard.Content) (*standard.Version, error) {
	content, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var v *standard.Version
	err = db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		open, err := queryAll(ctx, tx, "open standard", `SELECT `+versionColumns+` FROM standard_versions
			WHERE unit_id = $1 AND service_id = $2 AND status IN ('draft', 'approved')`, []any{u.ID, svc.ID}, scanVersion)
		if err != nil {
			return err
		}
		action := "standard.draft"
		if len(open) > 0 {
			v = &open[0]
			if _, err := tx.ExecContext(ctx, `UPDATE standard_versions SET status = 'draft', content = $1, approved_by = '', approved_at = ''
				WHERE unit_id = $2 AND id = $3 AND status IN ('draft', 'approved')`, string(content), u.ID, v.ID); err != nil {
				return fmt.Errorf("update draft: %w", err)
			}
			v.Status, v.ApprovedBy, v.ApprovedAt = standard.Draft, "", time.Time{}
		} else {
			action = "standard.create"
			v = &standard.Version{ID: NewID(), UnitID: u.ID, ServiceID: svc.ID, Status: standard.Draft, CreatedBy: actor.Name, CreatedAt: now}
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM standard_versions WHERE unit_id = $1 AND service_id = $2`,
				u.ID, svc.ID).Scan(&v.Number); err != nil {
				return fmt.Errorf("next version: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO standard_versions (unit_id, id, service_id, number, status, content, created_by, created_at)
				VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7)`, u.ID, v.ID, svc.ID, v.Number, string(content), actor.Name, ts(now)); err != nil {
				if isUniqueViolation(err) {
					return errs.New(errs.Conflict, "standard.err.concurrent")
				}
				return fmt.Errorf("insert draft: %w", err)
			}
		}
		v.Content = c
		return db.writeAudit(ctx, tx, actor, standardAudit(action, u, svc, v, ""))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func standardAudit(action string, u *unit.Unit, svc *unit.Service, v *standard.Version, detail string) audit.Entry {
	return audit.Entry{Action: action, ObjectType: "standard", ObjectID: u.Code + "/" + svc.Code + "/v" + strconv.Itoa(v.Number),
		ObjectLabel: svc.Name + ", versi " + strconv.Itoa(v.Number), RegionCode: u.RegionCode, UnitID: u.ID, Detail: detail}
}

// DecreeOf is what publishing records: the decree and the effective date.
type DecreeOf struct {
	Number        string
	Date          time.Time
	EffectiveFrom time.Time
}

// StandardStep takes a workflow step on a version of svc's standard: the
// version is re-read in the transaction and the step checked against its
// status there (standard.Allowed), so a published version cannot be
// changed however the request was made, and two steps cannot both win.
// Publishing needs the decree; files (the signed decree) are stored with it.
func (db *DB) StandardStep(ctx context.Context, actor audit.Actor, u *unit.Unit, svc *unit.Service, versionID string,
	a standard.Action, decree *DecreeOf, files []EvidenceFile) (*standard.Version, error) {
	var v standard.Version
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM standard_versions
			WHERE unit_id = $1 AND id = $2 AND service_id = $3`, u.ID, versionID, svc.ID), &v)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "standard.err.not_found")
		}
		if err != nil {
			return fmt.Errorf("read version: %w", err)
		}
		if !standard.Allowed(a, v.Status) {
			return errs.New(errs.Conflict, "standard.err.step", string(a), string(v.Status))
		}
		now := db.Now()
		detail := ""
		switch a {
		case standard.Approve:
			_, err = tx.ExecContext(ctx, `UPDATE standard_versions SET status = 'approved', approved_by = $1, approved_at = $2
				WHERE unit_id = $3 AND id = $4 AND status = 'draft'`, actor.Name, ts(now), u.ID, v.ID)
			v.Status, v.ApprovedBy, v.ApprovedAt = standard.Approved, actor.Name, now
		case standard.Publish:
			if decree == nil {
				return errs.InvalidField("decree_number", "err.required")
			}
			_, err = tx.ExecContext(ctx, `UPDATE standard_versions SET status = 'published', published_by = $1, published_at = $2,
				decree_number = $3, decree_date = $4, effective_from = $5 WHERE unit_id = $6 AND id = $7 AND status = 'approved'`,
				actor.Name, ts(now), decree.Number, day(decree.Date), day(decree.EffectiveFrom), u.ID, v.ID)
			v.Status, v.PublishedBy, v.PublishedAt = standard.Published, actor.Name, now
			v.DecreeNumber, v.DecreeDate, v.EffectiveFrom = decree.Number, decree.Date, decree.EffectiveFrom
			detail = "SK " + decree.Number + ", berlaku " + day(decree.EffectiveFrom)
		case standard.Discard:
			if _, err = tx.ExecContext(ctx, `DELETE FROM evidence_files WHERE unit_id = $1 AND owner_type = $2 AND owner_id = $3`,
				u.ID, OwnerStandardVersion, v.ID); err == nil {
				_, err = tx.ExecContext(ctx, `DELETE FROM standard_versions WHERE unit_id = $1 AND id = $2 AND status IN ('draft', 'approved')`, u.ID, v.ID)
			}
		}
		if err != nil {
			return fmt.Errorf("standard %s: %w", a, err)
		}
		if a != standard.Discard {
			if err := insertEvidence(ctx, tx, actor, u.ID, OwnerStandardVersion, v.ID, now, files); err != nil {
				return err
			}
		}
		return db.writeAudit(ctx, tx, actor, standardAudit("standard."+string(a), u, svc, &v, detail))
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// insertEvidence records files owned by a record, in the record's
// transaction (their bytes are already on disk). unitID is the record's
// unit, or "" for a record of a city (a monitoring team's decree).
func insertEvidence(ctx context.Context, tx *sql.Tx, actor audit.Actor, unitID, ownerType, ownerID string, now time.Time, files []EvidenceFile) error {
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO evidence_files (unit_id, id, owner_type, owner_id, kind, filename, content_type, size, sha256, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, unitID, f.ID, ownerType, ownerID, f.Kind, f.Filename, f.ContentType,
			f.Size, f.SHA256, actor.Name, ts(now)); err != nil {
			return fmt.Errorf("evidence: %w", err)
		}
	}
	return nil
}

// AddEvidence adds files to a record of u that exists (a version, a
// forum, the maklumat), with an audit row. Files only ever accumulate: a
// published version's evidence can be completed, never replaced.
func (db *DB) AddEvidence(ctx context.Context, actor audit.Actor, u *unit.Unit, ownerType, ownerID, label string, files []EvidenceFile) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		q := map[string]string{
			OwnerStandardVersion: `SELECT COUNT(*) FROM standard_versions WHERE unit_id = $1 AND id = $2`,
			OwnerForum:           `SELECT COUNT(*) FROM standard_forums WHERE unit_id = $1 AND id = $2`,
			OwnerMaklumat:        `SELECT COUNT(*) FROM maklumat WHERE unit_id = $1 AND unit_id = $2`,
			OwnerInnovation:      `SELECT COUNT(*) FROM innovations WHERE unit_id = $1 AND id = $2`,
		}[ownerType]
		if q == "" {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if err := tx.QueryRowContext(ctx, q, u.ID, ownerID).Scan(&n); err != nil {
			return fmt.Errorf("evidence owner: %w", err)
		}
		if n == 0 {
			return errs.New(errs.NotFound, "err.not_found")
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, ownerType, ownerID, db.Now(), files); err != nil {
			return err
		}
		names := make([]string, len(files))
		for i, f := range files {
			names[i] = f.Filename
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "evidence.add", ObjectType: ownerType, ObjectID: ownerID, ObjectLabel: label,
			RegionCode: u.RegionCode, UnitID: u.ID, Detail: strings.Join(names, ", ")})
	})
}

// Evidence lists the files of a unit's records of one owner type, by owner.
func (db *DB) Evidence(ctx context.Context, unitID, ownerType string) (map[string][]EvidenceFile, error) {
	fs, err := queryAll(ctx, db.reader(ctx), "evidence", `SELECT `+evidenceColumns+` FROM evidence_files
		WHERE unit_id = $1 AND owner_type = $2 ORDER BY created_at, id`, []any{unitID, ownerType}, scanEvidence)
	if err != nil {
		return nil, err
	}
	out := map[string][]EvidenceFile{}
	for _, f := range fs {
		out[f.OwnerID] = append(out[f.OwnerID], f)
	}
	return out, nil
}

// EvidenceByID returns one file of a unit.
func (db *DB) EvidenceByID(ctx context.Context, unitID, id string) (*EvidenceFile, error) {
	var f EvidenceFile
	err := scanEvidence(db.reader(ctx).QueryRowContext(ctx, `SELECT `+evidenceColumns+` FROM evidence_files WHERE unit_id = $1 AND id = $2`, unitID, id), &f)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("evidence file: %w", err)
	}
	return &f, nil
}

const evidenceColumns = `unit_id, id, owner_type, owner_id, kind, filename, content_type, size, sha256, created_by, created_at`

func scanEvidence(row scanner, f *EvidenceFile) error {
	var created string
	err := row.Scan(&f.UnitID, &f.ID, &f.OwnerType, &f.OwnerID, &f.Kind, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedBy, &created)
	f.CreatedAt = parseTS(created)
	return err
}

// Maklumat returns a unit's maklumat, or nil when it has none yet.
func (db *DB) Maklumat(ctx context.Context, unitID string) (*standard.Maklumat, error) {
	var m standard.Maklumat
	var signed, updated string
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT unit_id, text, signatory_name, signatory_nip, signatory_position, signed_on, updated_by, updated_at
		FROM maklumat WHERE unit_id = $1`, unitID).Scan(&m.UnitID, &m.Text, &m.SignatoryName, &m.SignatoryNIP, &m.SignatoryPosition,
		&signed, &m.UpdatedBy, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("maklumat: %w", err)
	}
	m.SignedOn, m.UpdatedAt = parseDay(signed), parseTS(updated)
	return &m, nil
}

// SaveMaklumat stores a unit's maklumat (with the signed scan, if any).
func (db *DB) SaveMaklumat(ctx context.Context, actor audit.Actor, u *unit.Unit, m *standard.Maklumat, files []EvidenceFile) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		m.UnitID, m.UpdatedBy, m.UpdatedAt = u.ID, actor.Name, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO maklumat (unit_id, text, signatory_name, signatory_nip, signatory_position, signed_on, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (unit_id) DO UPDATE SET text = $2, signatory_name = $3, signatory_nip = $4, signatory_position = $5, signed_on = $6,
			updated_by = $7, updated_at = $8`, u.ID, m.Text, m.SignatoryName, m.SignatoryNIP, m.SignatoryPosition, day(m.SignedOn),
			actor.Name, ts(now)); err != nil {
			return fmt.Errorf("save maklumat: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerMaklumat, u.ID, now, files); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "maklumat.save", ObjectType: "maklumat", ObjectID: u.Code,
			ObjectLabel: "maklumat pelayanan", RegionCode: u.RegionCode, UnitID: u.ID, Detail: "penanda tangan: " + m.SignatoryName})
	})
}

// Forums lists a unit's Forum Konsultasi Publik records, latest first.
func (db *DB) Forums(ctx context.Context, unitID string) ([]standard.Forum, error) {
	return queryAll(ctx, db.reader(ctx), "forums", `SELECT unit_id, id, held_on, topic, participants, minutes, created_by, created_at
		FROM standard_forums WHERE unit_id = $1 ORDER BY held_on DESC, id DESC`, []any{unitID}, func(row scanner, f *standard.Forum) error {
		var held, participants, created string
		err := row.Scan(&f.UnitID, &f.ID, &held, &f.Topic, &participants, &f.Minutes, &f.CreatedBy, &created)
		f.HeldOn, f.Participants, f.CreatedAt = parseDay(held), standard.Lines(participants), parseTS(created)
		return err
	})
}

// AddForum records a forum with its minutes and photos.
func (db *DB) AddForum(ctx context.Context, actor audit.Actor, u *unit.Unit, f *standard.Forum, files []EvidenceFile) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		f.ID, f.UnitID, f.CreatedBy, f.CreatedAt = NewID(), u.ID, actor.Name, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO standard_forums (unit_id, id, held_on, topic, participants, minutes, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, u.ID, f.ID, day(f.HeldOn), f.Topic, strings.Join(f.Participants, "\n"), f.Minutes,
			actor.Name, ts(now)); err != nil {
			return fmt.Errorf("add forum: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerForum, f.ID, now, files); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "forum.create", ObjectType: "forum", ObjectID: f.ID,
			ObjectLabel: "forum konsultasi publik " + day(f.HeldOn), RegionCode: u.RegionCode, UnitID: u.ID, Detail: f.Topic})
	})
}

// PublishedVersions lists the published versions of the units' standards
// without their content (number, service, effective date): what the
// dashboard needs to find the standards in force that are due for review.
func (db *DB) PublishedVersions(ctx context.Context, unitIDs []string) ([]standard.Version, error) {
	if len(unitIDs) == 0 {
		return nil, nil
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := inList("unit_id", unitIDs, arg)
	return queryAll(ctx, db.reader(ctx), "published versions", `SELECT unit_id, service_id, number, effective_from FROM standard_versions
		WHERE `+where+` AND status = 'published'`, args, func(row scanner, v *standard.Version) error {
		var eff string
		err := row.Scan(&v.UnitID, &v.ServiceID, &v.Number, &eff)
		v.Status, v.EffectiveFrom = standard.Published, parseDay(eff)
		return err
	})
}
