package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/skm"
	"mutu/internal/unit"
)

// The visit itself (issue #13): scores of both sides, the coaching notes
// and attendance, and the result stored when the visit is submitted.

// Owner types of a visit's files; the file's kind is the indicator it
// stands for.
const (
	OwnerVisitScore     = "visit_score"     // the evaluators' photos
	OwnerSelfAssessment = "self_assessment" // the unit's uploaded evidence
)

// VisitResult is the result stored with a visit done.
type VisitResult struct {
	IPP      int64  // hundredths, rounded half-up
	Exact    string // the exact index as a fraction ("1817/400")
	Category string
	Aspects  []ResultAspect
}

// ResultAspect is one aspect's score in a stored result.
type ResultAspect struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Weight     string `json:"weight"`     // percent
	Score      string `json:"score"`      // exact, as a fraction
	Hundredths int64  `json:"hundredths"` // rounded half-up
}

// VisitRecord is a visit with everything recorded on it.
type VisitRecord struct {
	monitor.Visit
	Scores        []monitor.Score
	Coaching      string
	Attendees     []monitor.Attendee
	SelfSubmitted time.Time // zero: not submitted
	SelfBy        string
	Result        *VisitResult // nil until done through scoring
	Files         []EvidenceFile
}

// VisitByID returns one visit of a unit (not found: NotFound).
func (db *DB) VisitByID(ctx context.Context, unitID, id string) (*monitor.Visit, error) {
	return readVisit(ctx, db.reader(ctx), unitID, id)
}

func readVisit(ctx context.Context, q querier, unitID, id string) (*monitor.Visit, error) {
	var v monitor.Visit
	err := scanVisit(q.QueryRowContext(ctx, `SELECT `+visitColumns+` FROM monitoring_visits WHERE unit_id = $1 AND id = $2`, unitID, id), &v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("visit: %w", err)
	}
	return &v, nil
}

// VisitDetails reads a visit with its scores, report, attendance and files.
func (db *DB) VisitDetails(ctx context.Context, unitID, id string) (*VisitRecord, error) {
	v, err := db.VisitByID(ctx, unitID, id)
	if err != nil {
		return nil, err
	}
	rec := &VisitRecord{Visit: *v}
	rec.Scores, err = queryAll(ctx, db.reader(ctx), "visit scores", `SELECT side, indicator, level, note, updated_by FROM visit_scores
		WHERE unit_id = $1 AND visit_id = $2 ORDER BY side, indicator`, []any{unitID, id}, func(row scanner, s *monitor.Score) error {
		return row.Scan(&s.Side, &s.Indicator, &s.Level, &s.Note, &s.By)
	})
	if err != nil {
		return nil, err
	}
	rec.Attendees, err = queryAll(ctx, db.reader(ctx), "visit attendees", `SELECT name, title FROM visit_attendees
		WHERE unit_id = $1 AND visit_id = $2 ORDER BY position`, []any{unitID, id}, func(row scanner, a *monitor.Attendee) error {
		return row.Scan(&a.Name, &a.Title)
	})
	if err != nil {
		return nil, err
	}
	rec.Files, err = queryAll(ctx, db.reader(ctx), "visit files", `SELECT `+evidenceColumns+` FROM evidence_files
		WHERE unit_id = $1 AND owner_id = $2 AND owner_type IN ($3, $4) ORDER BY created_at, id`,
		[]any{unitID, id, OwnerVisitScore, OwnerSelfAssessment}, scanEvidence)
	if err != nil {
		return nil, err
	}
	var submitted, exact, category, aspects string
	var ipp sql.NullInt64
	err = db.reader(ctx).QueryRowContext(ctx, `SELECT coaching, self_submitted, self_by, ipp, ipp_exact, category, aspects FROM visit_reports
		WHERE unit_id = $1 AND visit_id = $2`, unitID, id).Scan(&rec.Coaching, &submitted, &rec.SelfBy, &ipp, &exact, &category, &aspects)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return rec, nil
	case err != nil:
		return nil, fmt.Errorf("visit report: %w", err)
	}
	rec.SelfSubmitted = parseTS(submitted)
	if ipp.Valid {
		rec.Result = &VisitResult{IPP: ipp.Int64, Exact: exact, Category: category}
		if err := json.Unmarshal([]byte(aspects), &rec.Result.Aspects); err != nil {
			return nil, fmt.Errorf("visit result aspects: %w", err)
		}
	}
	return rec, nil
}

// openVisit reads a visit in a transaction for a change: it must exist and
// not be done (a visit done is final).
func openVisit(ctx context.Context, tx *sql.Tx, unitID, id string) (*monitor.Visit, error) {
	v, err := readVisit(ctx, tx, unitID, id)
	if err != nil {
		return nil, err
	}
	if v.Done() {
		return nil, errs.New(errs.Conflict, "monitor.err.already_done")
	}
	return v, nil
}

// ensureReport creates the visit's report row if it has none.
func ensureReport(ctx context.Context, tx *sql.Tx, unitID, visitID string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO visit_reports (unit_id, visit_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		unitID, visitID, ts(now)); err != nil {
		return fmt.Errorf("visit report: %w", err)
	}
	return nil
}

// SaveVisitScore stores one indicator's score of one side with its files,
// audited. versionID is the instrument version the score was checked
// against: the first score fixes it as the visit's version, and a score
// checked against another is refused (Conflict). With a key, the upload
// is stored once: a retry with the same key changes nothing and returns
// replayed.
func (db *DB) SaveVisitScore(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID, versionID string, s monitor.Score, key string, files []EvidenceFile) (replayed bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if key != "" {
			res, err := tx.ExecContext(ctx, `INSERT INTO visit_uploads (unit_id, visit_id, idem_key, indicator, created_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, u.ID, visitID, key, s.Indicator, ts(now))
			if err != nil {
				return fmt.Errorf("visit upload key: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				replayed = true
				return err
			}
		}
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		if err := scoreIn(ctx, tx, actor, u, v, versionID, s, now); err != nil {
			return err
		}
		owner, action := OwnerVisitScore, "visit.score"
		if s.Side == monitor.SelfSide {
			owner, action = OwnerSelfAssessment, "visit.self_score"
		}
		for i := range files {
			files[i].Kind = s.Indicator
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, owner, visitID, now, files); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s: %d", s.Indicator, s.Level)
		if len(files) > 0 {
			detail += fmt.Sprintf(" (%d berkas)", len(files))
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "monitoring_visit", ObjectID: visitID,
			ObjectLabel: u.Name + ", jendela " + day(v.Window), RegionCode: u.RegionCode, UnitID: u.ID, Detail: detail})
	})
	return replayed, err
}

// scoreIn stores one score of visit v (open) in tx under versionID; the
// visit's first score fixes its version, and a score under another
// version is refused (Conflict).
func scoreIn(ctx context.Context, tx *sql.Tx, actor audit.Actor, u *unit.Unit, v *monitor.Visit, versionID string, s monitor.Score, now time.Time) error {
	if v.InstrumentVersionID == "" {
		// Scoring starts: the visit keeps this version for good.
		if _, err := tx.ExecContext(ctx, `UPDATE monitoring_visits SET instrument_version_id = $1 WHERE unit_id = $2 AND id = $3 AND instrument_version_id IS NULL`,
			versionID, u.ID, v.ID); err != nil {
			return fmt.Errorf("fix visit version: %w", err)
		}
		v.InstrumentVersionID = versionID
	} else if v.InstrumentVersionID != versionID {
		return errs.New(errs.Conflict, "visit.err.version")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO visit_scores (unit_id, visit_id, side, indicator, level, note, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (unit_id, visit_id, side, indicator) DO UPDATE SET level = excluded.level, note = excluded.note,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		u.ID, v.ID, string(s.Side), s.Indicator, s.Level, s.Note, actor.Name, ts(now)); err != nil {
		return fmt.Errorf("visit score: %w", err)
	}
	return ensureReport(ctx, tx, u.ID, v.ID, now)
}

// SubmitSelfAssessment records that the unit submitted its
// self-assessment, audited; once only, before the visit is done. The
// caller has checked that every indicator is scored.
func (db *DB) SubmitSelfAssessment(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		now := db.Now()
		if err := ensureReport(ctx, tx, u.ID, visitID, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE visit_reports SET self_submitted = $1, self_by = $2, updated_at = $1
			WHERE unit_id = $3 AND visit_id = $4 AND self_submitted = ''`, ts(now), actor.Name, u.ID, visitID)
		if err != nil {
			return fmt.Errorf("submit self-assessment: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = errs.New(errs.Conflict, "visit.err.self_submitted")
			}
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "visit.self_submit", ObjectType: "monitoring_visit", ObjectID: visitID,
			ObjectLabel: u.Name + ", jendela " + day(v.Window), RegionCode: u.RegionCode, UnitID: u.ID})
	})
}

// SaveVisitReport replaces the coaching notes and the attendance, audited.
func (db *DB) SaveVisitReport(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID, coaching string, attendees []monitor.Attendee) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		now := db.Now()
		if err := ensureReport(ctx, tx, u.ID, visitID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visit_reports SET coaching = $1, updated_at = $2 WHERE unit_id = $3 AND visit_id = $4`,
			coaching, ts(now), u.ID, visitID); err != nil {
			return fmt.Errorf("visit coaching: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM visit_attendees WHERE unit_id = $1 AND visit_id = $2`, u.ID, visitID); err != nil {
			return fmt.Errorf("visit attendees: %w", err)
		}
		names := make([]string, len(attendees))
		for i, a := range attendees {
			if _, err := tx.ExecContext(ctx, `INSERT INTO visit_attendees (unit_id, visit_id, position, name, title) VALUES ($1, $2, $3, $4, $5)`,
				u.ID, visitID, i, a.Name, a.Title); err != nil {
				return fmt.Errorf("visit attendee: %w", err)
			}
			names[i] = a.Name
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "visit.report", ObjectType: "monitoring_visit", ObjectID: visitID,
			ObjectLabel: u.Name + ", jendela " + day(v.Window), RegionCode: u.RegionCode, UnitID: u.ID, Detail: strings.Join(names, ", ")})
	})
}

// CompleteVisit submits the evaluators' scoring: the visit is marked done
// on st.Done through the calendar's done transition and the result
// computed from its scores (res, by the caller with the engine, under the
// visit's version) is stored with it, in one transaction.
func (db *DB) CompleteVisit(ctx context.Context, actor audit.Actor, u *unit.Unit, visitID string, st VisitStep, res *instrument.Result) error {
	aspects := make([]ResultAspect, len(res.Aspects))
	for i, a := range res.Aspects {
		aspects[i] = ResultAspect{Code: a.Code, Name: a.Name, Weight: a.Weight.RatString(), Score: a.Score.RatString(), Hundredths: skm.RoundHalfUp(a.Score, 2)}
	}
	js, err := json.Marshal(aspects)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := openVisit(ctx, tx, u.ID, visitID)
		if err != nil {
			return err
		}
		if monitor.Day(v.Window) != monitor.Day(st.Window.Start) {
			return errs.New(errs.Conflict, "visit.err.window")
		}
		now := db.Now()
		if err := ensureReport(ctx, tx, u.ID, visitID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visit_reports SET ipp = $1, ipp_exact = $2, category = $3, aspects = $4, updated_at = $5
			WHERE unit_id = $6 AND visit_id = $7`, res.Rounded, res.Exact.RatString(), res.Category.Kategori, string(js), ts(now), u.ID, visitID); err != nil {
			return fmt.Errorf("visit result: %w", err)
		}
		return db.recordStep(ctx, tx, actor, u, v, st, fmt.Sprintf("; IPP %s", big.NewRat(res.Rounded, 100).FloatString(2)))
	})
}
