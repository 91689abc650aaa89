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
	"mutu/internal/kepatuhan"
)

// The Ombudsman's assessment of a city (assess14): the assessment, its
// assessors, loci and their products, the Piagam's scan (evidence of the
// city, unit_id '') and each locus's evidence pack.

// OwnerAward owns the scan of an assessment's Piagam (unit_id ”).
const OwnerAward = "ombudsman_award"

// AssessmentFilter selects assessments.
type AssessmentFilter struct {
	RegionCode string // the city and the regions within it, or the province containing it ("" = all)
	AssessorID string // only those the user assesses ("" = any)
	Year       int    // 0 = every year
}

// SaveAssessment stores a (create: a new one, its ID set when empty):
// its fields, assessors and loci. An updated assessment keeps the
// official scores of the loci it still has; a locus dropped loses its
// score and its pack. Audited.
func (db *DB) SaveAssessment(ctx context.Context, actor audit.Actor, a *kepatuhan.Assessment, create bool) error {
	if create && a.ID == "" {
		a.ID = NewID()
	}
	now := db.Now()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		action := "kepatuhan.update"
		if create {
			action = "kepatuhan.create"
			if _, err := tx.ExecContext(ctx, `INSERT INTO ombudsman_assessments (id, region_code, year, version_id, starts_on, ends_on, demo,
				updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, a.ID, a.RegionCode, a.Year, a.VersionID,
				day(a.StartsOn), day(a.EndsOn), a.Demo, actor.Name, ts(now)); err != nil {
				return fmt.Errorf("assessment: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE ombudsman_assessments SET year = $2, version_id = $3, starts_on = $4, ends_on = $5,
				updated_by = $6, updated_at = $7 WHERE id = $1`, a.ID, a.Year, a.VersionID, day(a.StartsOn), day(a.EndsOn), actor.Name, ts(now))
			if err != nil {
				return fmt.Errorf("assessment: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.New(errs.NotFound, "err.not_found")
			}
		}
		for _, q := range []string{`DELETE FROM ombudsman_assessors WHERE assessment_id = $1`,
			`DELETE FROM ombudsman_locus_products WHERE assessment_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, a.ID); err != nil {
				return fmt.Errorf("assessment: %w", err)
			}
		}
		for _, id := range a.Assessors {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ombudsman_assessors (assessment_id, user_id) VALUES ($1, $2)`, a.ID, id); err != nil {
				return fmt.Errorf("assessor: %w", err)
			}
		}
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		keep := arg(a.ID)
		ids := make([]string, len(a.Loci))
		for i, l := range a.Loci {
			ids[i] = l.UnitID
		}
		notKept := "assessment_id = " + keep
		if len(ids) > 0 {
			notKept += " AND NOT " + inList("unit_id", ids, arg)
		}
		for _, table := range []string{"evidence_packs", "ombudsman_loci"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+notKept, args...); err != nil {
				return fmt.Errorf("loci: %w", err)
			}
		}
		for _, l := range a.Loci {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ombudsman_loci (unit_id, assessment_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
				l.UnitID, a.ID); err != nil {
				return fmt.Errorf("locus: %w", err)
			}
			for _, s := range l.ServiceIDs {
				if _, err := tx.ExecContext(ctx, `INSERT INTO ombudsman_locus_products (unit_id, assessment_id, service_id) VALUES ($1, $2, $3)`,
					l.UnitID, a.ID, s); err != nil {
					return fmt.Errorf("locus product: %w", err)
				}
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "ombudsman_assessment", ObjectID: a.ID,
			ObjectLabel: assessmentLabel(a), RegionCode: a.RegionCode,
			Detail: fmt.Sprintf("%s – %s, %d lokus, %d asesor", day(a.StartsOn), day(a.EndsOn), len(a.Loci), len(a.Assessors))})
	})
	if isUniqueViolation(err) {
		return errs.InvalidField("year", "penilaian.err.year_taken", a.Year)
	}
	return err
}

func assessmentLabel(a *kepatuhan.Assessment) string {
	return "Penilaian Kepatuhan " + strconv.Itoa(a.Year) + " " + a.RegionCode
}

// SaveAssessmentResults stores the official scores: the city's and each
// locus's (loci as kepatuhan.Results.Validate returns them). Audited.
func (db *DB) SaveAssessmentResults(ctx context.Context, actor audit.Actor, a *kepatuhan.Assessment, city *int64, loci []kepatuhan.Locus) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ombudsman_assessments SET score = $2, updated_by = $3, updated_at = $4 WHERE id = $1`,
			a.ID, nullScore(city), actor.Name, ts(db.Now())); err != nil {
			return fmt.Errorf("assessment result: %w", err)
		}
		var detail []string
		for _, l := range loci {
			if _, err := tx.ExecContext(ctx, `UPDATE ombudsman_loci SET score = $3 WHERE unit_id = $1 AND assessment_id = $2`,
				l.UnitID, a.ID, nullScore(l.Score)); err != nil {
				return fmt.Errorf("locus result: %w", err)
			}
			if l.Score != nil {
				detail = append(detail, kepatuhan.FormatScore(*l.Score))
			}
		}
		cityText := "—"
		if city != nil {
			cityText = kepatuhan.FormatScore(*city)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.result", ObjectType: "ombudsman_assessment", ObjectID: a.ID,
			ObjectLabel: assessmentLabel(a), RegionCode: a.RegionCode, Detail: "kota " + cityText + "; lokus " + strings.Join(detail, ", ")})
	})
}

// SaveAward stores the Piagam (zero: none) and adds its scans. Audited.
func (db *DB) SaveAward(ctx context.Context, actor audit.Actor, a *kepatuhan.Assessment, aw kepatuhan.Award, files []EvidenceFile) error {
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ombudsman_assessments SET award_name = $2, award_on = $3, updated_by = $4, updated_at = $5
			WHERE id = $1`, a.ID, aw.Name, day(aw.On), actor.Name, ts(now)); err != nil {
			return fmt.Errorf("award: %w", err)
		}
		if err := insertEvidence(ctx, tx, actor, "", OwnerAward, a.ID, now, files); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.award", ObjectType: "ombudsman_assessment", ObjectID: a.ID,
			ObjectLabel: assessmentLabel(a), RegionCode: a.RegionCode, Detail: strings.TrimSpace(aw.Name + " " + day(aw.On))})
	})
}

// AwardFiles lists the scans of an assessment's Piagam, oldest first.
func (db *DB) AwardFiles(ctx context.Context, assessmentID string) ([]EvidenceFile, error) {
	return queryAll(ctx, db.reader(ctx), "award files", `SELECT `+evidenceColumns+` FROM evidence_files
		WHERE unit_id = '' AND owner_type = $1 AND owner_id = $2 ORDER BY created_at, id`, []any{OwnerAward, assessmentID}, scanEvidence)
}

func nullScore(h *int64) any {
	if h == nil {
		return nil
	}
	return *h
}

func scoreOf(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

const assessmentColumns = `a.id, a.region_code, a.year, a.version_id, a.starts_on, a.ends_on, a.score, a.award_name, a.award_on, a.demo,
	a.updated_by, a.updated_at`

func scanAssessment(row scanner, a *kepatuhan.Assessment) error {
	var starts, ends, awardOn, updated string
	var score sql.NullInt64
	if err := row.Scan(&a.ID, &a.RegionCode, &a.Year, &a.VersionID, &starts, &ends, &score, &a.Award.Name, &awardOn, &a.Demo,
		&a.UpdatedBy, &updated); err != nil {
		return err
	}
	a.StartsOn, a.EndsOn, a.Award.On, a.UpdatedAt = parseDay(starts), parseDay(ends), parseDay(awardOn), parseTS(updated)
	a.Score = scoreOf(score)
	return nil
}

// Assessments lists the assessments f selects, newest year first, with
// their loci and assessors.
func (db *DB) Assessments(ctx context.Context, f AssessmentFilter) ([]kepatuhan.Assessment, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	conds := []string{"1=1"}
	if f.RegionCode != "" {
		// the city's own and, for a city's people, its province's
		c := arg(f.RegionCode)
		conds = append(conds, "("+withinRegion("a.region_code", f.RegionCode, arg)+" OR "+c+" LIKE a.region_code || '.%')")
	}
	if f.AssessorID != "" {
		conds = append(conds, "a.id IN (SELECT assessment_id FROM ombudsman_assessors WHERE user_id = "+arg(f.AssessorID)+")")
	}
	if f.Year != 0 {
		conds = append(conds, "a.year = "+arg(f.Year))
	}
	out, err := queryAll(ctx, db.reader(ctx), "assessments", `SELECT `+assessmentColumns+` FROM ombudsman_assessments a
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY a.year DESC, a.region_code`, args, scanAssessment)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := db.assessmentParts(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Assessment returns one assessment with its loci and assessors.
func (db *DB) Assessment(ctx context.Context, id string) (*kepatuhan.Assessment, error) {
	var a kepatuhan.Assessment
	err := scanAssessment(db.reader(ctx).QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM ombudsman_assessments a WHERE a.id = $1`, id), &a)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("assessment: %w", err)
	}
	return &a, db.assessmentParts(ctx, &a)
}

// assessmentParts loads a's loci (by unit code), their products and its assessors.
func (db *DB) assessmentParts(ctx context.Context, a *kepatuhan.Assessment) error {
	loci, err := queryAll(ctx, db.reader(ctx), "loci", `SELECT l.unit_id, l.score FROM ombudsman_loci l JOIN units u ON u.id = l.unit_id
		WHERE l.assessment_id = $1 ORDER BY u.code`, []any{a.ID}, func(row scanner, l *kepatuhan.Locus) error {
		var s sql.NullInt64
		err := row.Scan(&l.UnitID, &s)
		l.Score = scoreOf(s)
		return err
	})
	if err != nil {
		return err
	}
	type product struct{ unitID, serviceID string }
	products, err := queryAll(ctx, db.reader(ctx), "locus products", `SELECT p.unit_id, p.service_id FROM ombudsman_locus_products p
		JOIN services s ON s.unit_id = p.unit_id AND s.id = p.service_id WHERE p.assessment_id = $1 ORDER BY s.code`, []any{a.ID}, func(row scanner, p *product) error {
		return row.Scan(&p.unitID, &p.serviceID)
	})
	if err != nil {
		return err
	}
	for _, p := range products {
		for i := range loci {
			if loci[i].UnitID == p.unitID {
				loci[i].ServiceIDs = append(loci[i].ServiceIDs, p.serviceID)
			}
		}
	}
	a.Loci = loci
	a.Assessors, err = queryAll(ctx, db.reader(ctx), "assessors", `SELECT s.user_id FROM ombudsman_assessors s JOIN users u ON u.id = s.user_id
		WHERE s.assessment_id = $1 ORDER BY u.name, u.id`, []any{a.ID}, func(row scanner, id *string) error { return row.Scan(id) })
	return err
}

// States of an evidence pack.
const (
	PackQueued  = "queued"  // asked for; the job builds it on its next run
	PackRunning = "running" // being built (or its build was cut off: the next run starts it again)
	PackDone    = "done"
	PackFailed  = "failed"
)

// Pack is the state of a locus's evidence pack, kept in the database so
// that any node shows it and a build cut off by a restart is taken up again.
type Pack struct {
	UnitID, AssessmentID string
	State                string
	Done, Total          int
	Size                 int64
	Runs                 int
	Error                string // why it failed: missing_file (an evidence file is not on disk) or error
	RequestedBy          string
	RequestedAt          time.Time
	FinishedAt           time.Time
}

// Percent is how far the build is, 0–100.
func (p *Pack) Percent() int {
	switch {
	case p.State == PackDone:
		return 100
	case p.Total == 0:
		return 0
	}
	return p.Done * 100 / p.Total
}

// RequestPack queues a (new) build of the evidence pack of the unit, a
// locus of a; one already queued or running is left as it is. Audited.
func (db *DB) RequestPack(ctx context.Context, actor audit.Actor, a *kepatuhan.Assessment, unitID, unitName string) error {
	if !a.HasLocus(unitID) {
		return errs.New(errs.NotFound, "err.not_found")
	}
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO evidence_packs (unit_id, assessment_id, state, requested_by, requested_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (unit_id, assessment_id) DO UPDATE SET state = excluded.state, done = 0, total = 0, size = 0, error = '',
				requested_by = excluded.requested_by, requested_at = excluded.requested_at, finished_at = ''
			WHERE evidence_packs.state IN ($6, $7)`, unitID, a.ID, PackQueued, actor.Name, ts(now), PackDone, PackFailed); err != nil {
			return fmt.Errorf("pack: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.pack", ObjectType: "ombudsman_assessment", ObjectID: a.ID,
			ObjectLabel: unitName + ", " + assessmentLabel(a), RegionCode: a.RegionCode, UnitID: unitID})
	})
}

const packColumns = `unit_id, assessment_id, state, done, total, size, runs, error, requested_by, requested_at, finished_at`

func scanPack(row scanner, p *Pack) error {
	var requested, finished string
	err := row.Scan(&p.UnitID, &p.AssessmentID, &p.State, &p.Done, &p.Total, &p.Size, &p.Runs, &p.Error, &p.RequestedBy, &requested, &finished)
	p.RequestedAt, p.FinishedAt = parseTS(requested), parseTS(finished)
	return err
}

// Packs returns the evidence packs of an assessment by unit id.
func (db *DB) Packs(ctx context.Context, assessmentID string) (map[string]Pack, error) {
	ps, err := queryAll(ctx, db.reader(ctx), "packs", `SELECT `+packColumns+` FROM evidence_packs WHERE assessment_id = $1`, []any{assessmentID}, scanPack)
	out := map[string]Pack{}
	for _, p := range ps {
		out[p.UnitID] = p
	}
	return out, err
}

// PendingPacks lists the packs to build, oldest request first: queued
// ones, and running ones whose build was cut off (only the holder of the
// job's lease builds, one pack at a time, so a running row it finds at
// the start of a run is left over from a process that is gone).
func (db *DB) PendingPacks(ctx context.Context) ([]Pack, error) {
	return queryAll(ctx, db.reader(ctx), "pending packs", `SELECT `+packColumns+` FROM evidence_packs WHERE state IN ($1, $2)
		ORDER BY requested_at, unit_id`, []any{PackQueued, PackRunning}, scanPack)
}

// StartPack marks a build of p begun with total files to write.
func (db *DB) StartPack(ctx context.Context, p *Pack, total int) error {
	_, err := db.w.ExecContext(ctx, `UPDATE evidence_packs SET state = $3, done = 0, total = $4, runs = runs + 1, error = ''
		WHERE unit_id = $1 AND assessment_id = $2`, p.UnitID, p.AssessmentID, PackRunning, total)
	if err != nil {
		return fmt.Errorf("start pack: %w", err)
	}
	p.State, p.Done, p.Total = PackRunning, 0, total
	p.Runs++
	return nil
}

// PackProgress records how many files of p are written.
func (db *DB) PackProgress(ctx context.Context, p *Pack, done int) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE evidence_packs SET done = $3 WHERE unit_id = $1 AND assessment_id = $2 AND state = $4`,
		p.UnitID, p.AssessmentID, done, PackRunning); err != nil {
		return fmt.Errorf("pack progress: %w", err)
	}
	return nil
}

// FinishPack marks p built (size bytes) or, with a non-empty failure, failed.
func (db *DB) FinishPack(ctx context.Context, p *Pack, size int64, failure string) error {
	state := PackDone
	if failure != "" {
		state = PackFailed
	}
	q := `UPDATE evidence_packs SET state = $3, size = $4, error = $5, finished_at = $6 WHERE unit_id = $1 AND assessment_id = $2`
	if state == PackDone {
		q = strings.Replace(q, "finished_at = $6", "finished_at = $6, done = total", 1)
	}
	if _, err := db.w.ExecContext(ctx, q, p.UnitID, p.AssessmentID, state, size, failure, ts(db.Now())); err != nil {
		return fmt.Errorf("finish pack: %w", err)
	}
	return nil
}

// UnitEvidence lists every evidence file of a unit — of every record that
// owns one (standards, forums, maklumat, publications, findings, visits,
// innovations, self-assessments) — by owner type, then oldest first. The
// rows are metadata only; the bytes stay on disk.
func (db *DB) UnitEvidence(ctx context.Context, unitID string) ([]EvidenceFile, error) {
	return queryAll(ctx, db.reader(ctx), "unit evidence", `SELECT `+evidenceColumns+` FROM evidence_files WHERE unit_id = $1
		ORDER BY owner_type, created_at, id`, []any{unitID}, scanEvidence)
}
