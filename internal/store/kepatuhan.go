package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/kepatuhan"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// Compliance readiness (issue #14): a unit's self-assessment for the
// Ombudsman's compliance assessment. What Mutu's data answers is computed
// on every read from the same tables the standards, complaints, SKM and
// findings pages read (KepatuhanFacts); only what the unit enters is
// stored (self_assessment_items), with its evidence (evidence_files,
// OwnerKepatuhan) and the interviews it came from.

// OwnerKepatuhan owns the evidence files of a self-assessment's items and
// interviews (owner_id: the item's or the interview's id).
const OwnerKepatuhan = "kepatuhan"

// OmbudsmanVersion returns the stored Ombudsman version a self-assessment
// uses: the one labelled label, or without a label the latest with
// opinions (the four-dimension method, edited bounds included). A zone-only
// version has no dimensions to assess: it is refused as unknown.
func (db *DB) OmbudsmanVersion(ctx context.Context, label string) (*InstrumentVersion, error) {
	all, err := db.InstrumentVersions(ctx)
	if err != nil {
		return nil, err
	}
	var vs []*instrument.Version
	byLabel := map[string]*InstrumentVersion{}
	for i := range all {
		if all[i].Kind == instrument.KindOmbudsman && !all[i].ZoneOnly && all[i].RegionCode == "" {
			vs = append(vs, all[i].Version)
			byLabel[all[i].Label] = &all[i]
		}
	}
	v, err := (&instrument.KepatuhanInput{Instrument: label}).Choose(vs)
	if err != nil {
		return nil, errs.New(errs.NotFound, "instrument.err.unknown_version", label)
	}
	return byLabel[v.Label], nil
}

// EnteredItem is an indicator's score entered by the unit.
type EnteredItem struct {
	ID string
	instrument.Item
	InterviewID string // the interview it comes from; "" entered directly
	UpdatedBy   string
	UpdatedAt   time.Time
	Files       []EvidenceFile
}

// InterviewRecord is a stored interview with its files.
type InterviewRecord struct {
	kepatuhan.Interview
	Files []EvidenceFile
}

// SelfAssessmentRecord is what a unit entered for one version and scope.
// ID is "" while nothing was entered.
type SelfAssessmentRecord struct {
	ID, UnitID, ServiceID, VersionID string
	Demo                             bool
	Items                            map[string]EnteredItem // by indicator
	Interviews                       []InterviewRecord      // newest first
}

// Entered is the entered items as the instrument reads them.
func (r *SelfAssessmentRecord) Entered() map[string]instrument.Item {
	out := make(map[string]instrument.Item, len(r.Items))
	for code, it := range r.Items {
		it.Item.Evidence = nil
		for _, f := range it.Files {
			it.Item.Evidence = append(it.Item.Evidence, f.ID)
		}
		out[code] = it.Item
	}
	return out
}

// SelfAssessment returns what a unit entered under a version, for the unit
// as a whole (serviceID "") or one of its service products.
func (db *DB) SelfAssessment(ctx context.Context, unitID, serviceID, versionID string) (*SelfAssessmentRecord, error) {
	rec := &SelfAssessmentRecord{UnitID: unitID, ServiceID: serviceID, VersionID: versionID, Items: map[string]EnteredItem{}}
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT id, demo FROM self_assessments WHERE unit_id = $1 AND service_id = $2 AND version_id = $3`,
		unitID, serviceID, versionID).Scan(&rec.ID, &rec.Demo)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, nil
	}
	if err != nil {
		return nil, fmt.Errorf("self-assessment: %w", err)
	}
	files, err := db.Evidence(ctx, unitID, OwnerKepatuhan)
	if err != nil {
		return nil, err
	}
	type row struct {
		code string
		it   EnteredItem
	}
	items, err := queryAll(ctx, db.reader(ctx), "self-assessment items", `SELECT indicator, id, score, note, interview_id, updated_by, updated_at
		FROM self_assessment_items WHERE unit_id = $1 AND assessment_id = $2`, []any{unitID, rec.ID}, func(s scanner, r *row) error {
		var updated string
		err := s.Scan(&r.code, &r.it.ID, &r.it.Score, &r.it.Note, &r.it.InterviewID, &r.it.UpdatedBy, &updated)
		r.it.Origin, r.it.UpdatedAt = instrument.OriginEntered, parseTS(updated)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, r := range items {
		r.it.Files = files[r.it.ID]
		rec.Items[r.code] = r.it
	}
	rec.Interviews, err = queryAll(ctx, db.reader(ctx), "interviews", `SELECT id, dimension, role, held_on, answers, created_by, created_at
		FROM self_assessment_interviews WHERE unit_id = $1 AND assessment_id = $2 ORDER BY held_on DESC, created_at DESC`,
		[]any{unitID, rec.ID}, func(s scanner, iv *InterviewRecord) error {
			var held, answers, created string
			if err := s.Scan(&iv.ID, &iv.Dimension, &iv.Role, &held, &answers, &iv.CreatedBy, &created); err != nil {
				return err
			}
			iv.HeldOn, iv.CreatedAt, iv.Files = parseDay(held), parseTS(created), files[iv.ID]
			return json.Unmarshal([]byte(answers), &iv.Answers)
		})
	return rec, err
}

// StartDemoSelfAssessment creates a unit's self-assessment marked as
// entered by the demo seed (what the seed then enters stays in it).
func (db *DB) StartDemoSelfAssessment(ctx context.Context, u *unit.Unit, serviceID string, v *InstrumentVersion) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := ensureSelfAssessment(ctx, tx, audit.CLI, u.ID, serviceID, v.ID, true, db.Now())
		return err
	})
}

// ensureSelfAssessment returns the id of the unit's self-assessment for the
// scope and version, creating it: two writers creating it at once both end
// with the one row.
func ensureSelfAssessment(ctx context.Context, tx *sql.Tx, actor audit.Actor, unitID, serviceID, versionID string, demo bool, now time.Time) (string, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO self_assessments (unit_id, id, service_id, version_id, demo, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, unitID, NewID(), serviceID, versionID, demo, actor.Name, ts(now)); err != nil {
		return "", fmt.Errorf("self-assessment: %w", err)
	}
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM self_assessments WHERE unit_id = $1 AND service_id = $2 AND version_id = $3`,
		unitID, serviceID, versionID).Scan(&id); err != nil {
		return "", fmt.Errorf("self-assessment: %w", err)
	}
	return id, nil
}

// saveItem writes an entered item under the assessment, keeping the id
// of an item already there. The item's evidence files are stored under
// itemID (their directory is named by it), so an item written meanwhile
// under another id is a Conflict: the caller removes the files.
func saveItem(ctx context.Context, tx *sql.Tx, actor audit.Actor, unitID, assessmentID, itemID, code, interviewID string, it instrument.Item, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO self_assessment_items (unit_id, id, assessment_id, indicator, score, note, interview_id, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (unit_id, assessment_id, indicator) DO UPDATE SET score = excluded.score, note = excluded.note,
		interview_id = excluded.interview_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		unitID, itemID, assessmentID, code, it.Score, it.Note, interviewID, actor.Name, ts(now)); err != nil {
		return fmt.Errorf("self-assessment item: %w", err)
	}
	var id string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM self_assessment_items WHERE unit_id = $1 AND assessment_id = $2 AND indicator = $3`,
		unitID, assessmentID, code).Scan(&id); err != nil {
		return fmt.Errorf("self-assessment item: %w", err)
	}
	if id != itemID {
		return errs.New(errs.Conflict, "kepatuhan.err.concurrent")
	}
	return nil
}

// ItemID is the id an entered item of the indicator has, or a new one
// (the web names the evidence directory by it before saving).
func (r *SelfAssessmentRecord) ItemID(code string) string {
	if it, ok := r.Items[code]; ok {
		return it.ID
	}
	return NewID()
}

// SaveSelfAssessmentItem records the score the unit enters for one
// indicator of v (replacing what it entered before; Mutu's pulled score is
// overridden while the item stays), with evidence files added to the
// item's. Audited as kepatuhan.item.
func (db *DB) SaveSelfAssessmentItem(ctx context.Context, actor audit.Actor, u *unit.Unit, serviceID string, v *InstrumentVersion,
	itemID, code string, it instrument.Item, files []EvidenceFile) error {
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		aid, err := ensureSelfAssessment(ctx, tx, actor, u.ID, serviceID, v.ID, false, now)
		if err == nil {
			err = saveItem(ctx, tx, actor, u.ID, aid, itemID, code, "", it, now)
		}
		if err == nil {
			err = insertEvidence(ctx, tx, actor, u.ID, OwnerKepatuhan, itemID, now, files)
		}
		if err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.item", ObjectType: "self_assessment", ObjectID: aid,
			ObjectLabel: u.Name + ", " + v.Label, RegionCode: u.RegionCode, UnitID: u.ID,
			Detail: fmt.Sprintf("%s%s = %d (%d berkas)", scopeDetail(serviceID), code, it.Score, len(files))})
	})
}

// RemoveSelfAssessmentItem drops what the unit entered for an indicator,
// so Mutu's own figure (or nothing) counts again; its evidence files stay
// in the unit's evidence. Audited.
func (db *DB) RemoveSelfAssessmentItem(ctx context.Context, actor audit.Actor, u *unit.Unit, serviceID string, v *InstrumentVersion, code string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM self_assessment_items WHERE unit_id = $1 AND indicator = $2 AND assessment_id IN
			(SELECT id FROM self_assessments WHERE unit_id = $1 AND service_id = $3 AND version_id = $4)`, u.ID, code, serviceID, v.ID)
		if err != nil {
			return fmt.Errorf("self-assessment item: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "err.not_found")
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.item_remove", ObjectType: "self_assessment", ObjectID: v.Label,
			ObjectLabel: u.Name + ", " + v.Label, RegionCode: u.RegionCode, UnitID: u.ID, Detail: scopeDetail(serviceID) + code})
	})
}

// AddInterview records an interview (iv.ID set by the caller, who names
// its files' directory by it) and enters its answers' scores as items,
// replacing what was entered for those indicators. Audited.
func (db *DB) AddInterview(ctx context.Context, actor audit.Actor, u *unit.Unit, serviceID string, v *InstrumentVersion,
	iv *kepatuhan.Interview, files []EvidenceFile) error {
	now := db.Now()
	answers, err := json.Marshal(iv.Answers)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		aid, err := ensureSelfAssessment(ctx, tx, actor, u.ID, serviceID, v.ID, false, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO self_assessment_interviews (unit_id, id, assessment_id, dimension, role, held_on, answers, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, u.ID, iv.ID, aid, iv.Dimension, iv.Role, day(iv.HeldOn), string(answers), actor.Name, ts(now)); err != nil {
			return fmt.Errorf("interview: %w", err)
		}
		for code, it := range iv.Items() {
			// an item entered before keeps its id (and its files)
			var id string
			err := tx.QueryRowContext(ctx, `SELECT id FROM self_assessment_items WHERE unit_id = $1 AND assessment_id = $2 AND indicator = $3`,
				u.ID, aid, code).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				id, err = NewID(), nil
			}
			if err == nil {
				err = saveItem(ctx, tx, actor, u.ID, aid, id, code, iv.ID, it, now)
			}
			if err != nil {
				return err
			}
		}
		if err := insertEvidence(ctx, tx, actor, u.ID, OwnerKepatuhan, iv.ID, now, files); err != nil {
			return err
		}
		iv.CreatedBy, iv.CreatedAt = actor.Name, now
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "kepatuhan.interview", ObjectType: "self_assessment", ObjectID: aid,
			ObjectLabel: u.Name + ", " + v.Label, RegionCode: u.RegionCode, UnitID: u.ID,
			Detail: fmt.Sprintf("%s%s, %s, %s: %d jawaban", scopeDetail(serviceID), iv.Dimension, iv.Role, day(iv.HeldOn), len(iv.Answers))})
	})
}

// scopeDetail names a service product in an audit detail.
func scopeDetail(serviceID string) string {
	if serviceID == "" {
		return ""
	}
	return "layanan " + serviceID + ": "
}

// KepatuhanFacts gathers what Mutu knows of each unit for the year (WIB):
// the standards in force and where they are published, the maklumat, the
// complaint handling figures, the SKM responses and their follow-up, the
// open findings. Grouped reads over the units and the rollups, a fixed
// number of them however many units: the cost follows the units, not
// their history. serviceID narrows the standards to
// one service product (the other figures are the unit's).
func (db *DB) KepatuhanFacts(ctx context.Context, units []unit.Unit, serviceID string, year int) (map[string]kepatuhan.Facts, error) {
	out := map[string]kepatuhan.Facts{}
	if len(units) == 0 {
		return out, nil
	}
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	services, err := db.Services(ctx, ids)
	if err != nil {
		return nil, err
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	in := inList("unit_id", ids, arg)
	versions, err := queryAll(ctx, db.reader(ctx), "standards in force", `SELECT `+versionColumns+` FROM standard_versions
		WHERE `+in+` AND status = 'published'`, args, scanVersion)
	if err != nil {
		return nil, err
	}
	type pub struct{ unit, service, kind string }
	pubs, err := queryAll(ctx, db.reader(ctx), "publications", `SELECT unit_id, service_id, kind FROM standard_publications
		WHERE `+in+` AND removed_at = ''`, args, func(s scanner, p *pub) error { return s.Scan(&p.unit, &p.service, &p.kind) })
	if err != nil {
		return nil, err
	}
	type makl struct {
		unit, signed string
		files        int
	}
	makls, err := queryAll(ctx, db.reader(ctx), "maklumat", `SELECT m.unit_id, m.signed_on, (SELECT COUNT(*) FROM evidence_files e
		WHERE e.unit_id = m.unit_id AND e.owner_type = 'maklumat') FROM maklumat m WHERE m.`+in,
		args, func(s scanner, m *makl) error { return s.Scan(&m.unit, &m.signed, &m.files) })
	if err != nil {
		return nil, err
	}
	type count struct {
		unit string
		n    int64
	}
	counts := func(what, q string, extra ...any) (map[string]int64, error) {
		rows, err := queryAll(ctx, db.reader(ctx), what, q, append(append([]any{}, args...), extra...), func(s scanner, c *count) error { return s.Scan(&c.unit, &c.n) })
		m := map[string]int64{}
		for _, c := range rows {
			m[c.unit] = c.n
		}
		return m, err
	}
	next := "$" + strconv.Itoa(len(args)+1)
	y := strconv.Itoa(year)
	respondents, err := counts("skm respondents", `SELECT unit_id, SUM(respondents) FROM skm_monthly WHERE `+in+
		` AND month >= `+next+` AND month <= $`+strconv.Itoa(len(args)+2)+` GROUP BY unit_id`, y+"-01", y+"-12")
	if err != nil {
		return nil, err
	}
	actions, err := counts("skm actions", `SELECT unit_id, COUNT(*) FROM skm_actions WHERE `+in+` AND period_to >= `+next+` GROUP BY unit_id`, y+"-01-01")
	if err != nil {
		return nil, err
	}
	findings, err := counts("open findings", `SELECT unit_id, COUNT(*) FROM monitoring_findings WHERE `+in+` AND status <> `+next+` GROUP BY unit_id`, "ditutup")
	if err != nil {
		return nil, err
	}
	// the complaints dashboard's own figures (ComplaintStats: the rollups
	// read by complaint.StatsFrom), grouped by the unit that received them
	type statusRow struct {
		unit string
		complaint.StatusTally
	}
	type stepRow struct {
		unit string
		complaint.StepTally
	}
	yearArg := "$" + strconv.Itoa(len(args)+1)
	statusRows, err := queryAll(ctx, db.reader(ctx), "complaint stats", `SELECT unit_id, kind, status, SUM(n) FROM complaint_status_rollup
		WHERE `+in+` AND year = `+yearArg+` GROUP BY unit_id, kind, status`, append(append([]any{}, args...), year),
		func(s scanner, r *statusRow) error { return s.Scan(&r.unit, &r.Kind, &r.Status, &r.N) })
	if err != nil {
		return nil, err
	}
	stepRows, err := queryAll(ctx, db.reader(ctx), "complaint stats", `SELECT unit_id, step, bucket, SUM(n), SUM(on_time) FROM complaint_step_rollup
		WHERE `+in+` AND year = `+yearArg+` GROUP BY unit_id, step, bucket`, append(append([]any{}, args...), year),
		func(s scanner, r *stepRow) error { return s.Scan(&r.unit, &r.Step, &r.Bucket, &r.N, &r.OnTime) })
	if err != nil {
		return nil, err
	}
	statuses, steps := map[string][]complaint.StatusTally{}, map[string][]complaint.StepTally{}
	for _, r := range statusRows {
		statuses[r.unit] = append(statuses[r.unit], r.StatusTally)
	}
	for _, r := range stepRows {
		steps[r.unit] = append(steps[r.unit], r.StepTally)
	}
	now := db.Now()
	for _, u := range units {
		f := kepatuhan.Facts{SKMRespondents: respondents[u.ID], SKMActions: int(actions[u.ID]), OpenFindings: int(findings[u.ID])}
		var mine []standard.Version
		for _, v := range versions {
			if v.UnitID == u.ID {
				mine = append(mine, v)
			}
		}
		for _, svc := range services[u.ID] {
			if !svc.Active || (serviceID != "" && svc.ID != serviceID) {
				continue
			}
			s := kepatuhan.Service{ID: svc.ID, Code: svc.Code, Name: svc.Name}
			var own []standard.Version
			for _, v := range mine {
				if v.ServiceID == svc.ID {
					own = append(own, v)
				}
			}
			if cur := standard.Current(own, now); cur != nil {
				s.Standard = &cur.Content
			}
			for _, p := range pubs {
				if p.unit == u.ID && p.service == svc.ID {
					s.Board = s.Board || standard.PublicationKind(p.kind) == standard.Board
					s.Online = s.Online || standard.PublicationKind(p.kind).Online()
				}
			}
			f.Services = append(f.Services, s)
		}
		for _, m := range makls {
			if m.unit == u.ID {
				f.Maklumat, f.MaklumatSigned = true, m.signed != "" && m.files > 0
			}
		}
		st := complaint.StatsFrom(statuses[u.ID], steps[u.ID])
		f.Counted, f.Completed, f.ResolutionDone, f.ResolutionOnTime = st.Counted, st.Completed, st.ResolutionDone, st.ResolutionOnTime
		out[u.ID] = f
	}
	return out, nil
}

// Projection is a unit's projected compliance score under a version.
type Projection struct {
	UnitID  string
	Version string // the version's label
	Exact   *big.Rat
	Rounded int64 // hundredths, rounded half-up: the figure the opinion is decided on
	Opinion instrument.Opinion
	Gaps    int // indicators below the top that are worth points
	Entered int // items the unit entered itself (0: Mutu's figures alone)
}

// ProjectedCompliance projects each unit's score and opinion under the
// latest four-dimension Ombudsman version from its unit-wide
// self-assessment and Mutu's data this year: what the readiness list and
// the city scorecard show. Grouped reads (KepatuhanFacts and one read of
// the entered items), never a scan of history.
func (db *DB) ProjectedCompliance(ctx context.Context, unitIDs []string) (map[string]Projection, error) {
	out := map[string]Projection{}
	if len(unitIDs) == 0 {
		return out, nil
	}
	v, err := db.OmbudsmanVersion(ctx, "")
	if err != nil {
		return nil, err
	}
	units, _, err := db.Units(ctx, UnitFilter{UnitIDs: unitIDs, IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	facts, err := db.KepatuhanFacts(ctx, units, "", db.Now().In(clock.Jakarta).Year())
	if err != nil {
		return nil, err
	}
	var args []any
	arg := func(a any) string { args = append(args, a); return "$" + strconv.Itoa(len(args)) }
	type row struct {
		unit, code string
		score      int
	}
	rows, err := queryAll(ctx, db.reader(ctx), "entered items", `SELECT i.unit_id, i.indicator, i.score FROM self_assessment_items i
		JOIN self_assessments a ON a.unit_id = i.unit_id AND a.id = i.assessment_id
		WHERE a.service_id = '' AND a.version_id = `+arg(v.ID)+` AND `+inList("a.unit_id", unitIDs, arg), args,
		func(s scanner, r *row) error { return s.Scan(&r.unit, &r.code, &r.score) })
	if err != nil {
		return nil, err
	}
	entered := map[string]map[string]instrument.Item{}
	for _, r := range rows {
		if entered[r.unit] == nil {
			entered[r.unit] = map[string]instrument.Item{}
		}
		entered[r.unit][r.code] = instrument.Item{Score: r.score}
	}
	for _, u := range units {
		a := kepatuhan.SelfAssessment(u.Code, "", v.Label, kepatuhan.Pull(v.Version, facts[u.ID]), entered[u.ID])
		// the score alone (each gap's worth is a scoring of its own: the
		// unit's page computes them, a list of units needs only how many)
		res, gaps, err := kepatuhan.Projected(v.Version, a)
		if err != nil {
			return nil, err
		}
		out[u.ID] = Projection{UnitID: u.ID, Version: v.Label, Exact: res.Exact, Rounded: res.Rounded,
			Opinion: v.OpinionOf(res.Category), Gaps: gaps, Entered: len(entered[u.ID])}
	}
	return out, nil
}
