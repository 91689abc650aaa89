package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/skm"
)

// rollupColumns are the counters of skm_daily and skm_monthly, in order.
var rollupColumns = func() []string {
	cols := []string{"respondents"}
	for i := 1; i <= skm.MaxElements; i++ {
		cols = append(cols, "s"+strconv.Itoa(i))
	}
	for i := 1; i <= skm.MaxElements; i++ {
		cols = append(cols, "n"+strconv.Itoa(i))
	}
	for _, o := range skm.Sexes {
		cols = append(cols, "sex_"+strings.ToLower(o.Code))
	}
	for _, o := range skm.Educations {
		cols = append(cols, "edu_"+o.Code)
	}
	for _, o := range skm.Occupations {
		cols = append(cols, "occ_"+o.Code)
	}
	for _, o := range skm.AgeBands {
		cols = append(cols, "age_"+o.Code)
	}
	for _, c := range skm.Channels {
		cols = append(cols, "ch_"+string(c))
	}
	return cols
}()

var rollupIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range rollupColumns {
		m[c] = i
	}
	return m
}()

// counters is one rollup row's counters, indexed like rollupColumns.
type counters []int64

func newCounters() counters { return make(counters, len(rollupColumns)) }

func (c counters) add(o counters) {
	for i := range c {
		c[i] += o[i]
	}
}

func (c counters) inc(col string) {
	if i, ok := rollupIndex[col]; ok {
		c[i]++
	}
}

// countersOf is what one response adds to its rollup rows.
func countersOf(r *skm.Response) counters {
	c := newCounters()
	c.inc("respondents")
	for i, a := range r.Answers {
		if a >= 1 && a <= 4 {
			c[rollupIndex["s"+strconv.Itoa(i+1)]] += int64(a)
			c.inc("n" + strconv.Itoa(i+1))
		}
	}
	c.inc("sex_" + strings.ToLower(r.Sex))
	c.inc("edu_" + r.Education)
	c.inc("occ_" + r.Occupation)
	c.inc("age_" + skm.AgeBand(r.Age))
	c.inc("ch_" + string(r.Channel))
	return c
}

func (c counters) tally(elements int) (skm.Tally, skm.Profile) {
	t := skm.NewTally(elements)
	t.Respondents = c[0]
	for i := range elements {
		t.Sum[i] = c[rollupIndex["s"+strconv.Itoa(i+1)]]
		t.N[i] = c[rollupIndex["n"+strconv.Itoa(i+1)]]
	}
	p := skm.Profile{"sex": {}, "education": {}, "occupation": {}, "age": {}, "channel": {}}
	for _, o := range skm.Sexes {
		p["sex"][o.Code] = c[rollupIndex["sex_"+strings.ToLower(o.Code)]]
	}
	for _, o := range skm.Educations {
		p["education"][o.Code] = c[rollupIndex["edu_"+o.Code]]
	}
	for _, o := range skm.Occupations {
		p["occupation"][o.Code] = c[rollupIndex["occ_"+o.Code]]
	}
	for _, o := range skm.AgeBands {
		p["age"][o.Code] = c[rollupIndex["age_"+o.Code]]
	}
	for _, ch := range skm.Channels {
		p["channel"][string(ch)] = c[rollupIndex["ch_"+string(ch)]]
	}
	return t, p
}

// --- instruments ---

// instrumentCache holds parsed instruments; responses look theirs up on
// every write, so they are read from the database once.
type instrumentCache struct {
	mu sync.RWMutex
	m  map[string]*skm.Instrument
}

// seedInstruments stores the builtin instruments that are not stored yet.
// Stored copies are never overwritten: an administrator may have edited them.
func (db *DB) seedInstruments(ctx context.Context) error {
	for _, in := range skm.Builtin() {
		def, err := json.Marshal(in)
		if err != nil {
			return err
		}
		if _, err := db.w.ExecContext(ctx, `INSERT INTO skm_instruments (code, name, definition, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO NOTHING`, in.Code, in.Name, string(def), ts(db.Now())); err != nil {
			return fmt.Errorf("seed instrument %s: %w", in.Code, err)
		}
	}
	return nil
}

// Instrument returns a stored instrument.
func (db *DB) Instrument(ctx context.Context, code string) (*skm.Instrument, error) {
	db.instruments.mu.RLock()
	in, ok := db.instruments.m[code]
	db.instruments.mu.RUnlock()
	if ok {
		return in, nil
	}
	var def string
	err := db.r.QueryRowContext(ctx, `SELECT definition FROM skm_instruments WHERE code = $1`, code).Scan(&def)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "skm.err.instrument", code)
	}
	if err != nil {
		return nil, fmt.Errorf("instrument %s: %w", code, err)
	}
	in = &skm.Instrument{}
	if err := json.Unmarshal([]byte(def), in); err != nil {
		return nil, fmt.Errorf("instrument %s: %w", code, err)
	}
	// A copy seeded before English answer labels existed has none: complete
	// it from the versioned data so English pages are English throughout.
	in.FillEnglish(skm.BuiltinByCode(code))
	db.instruments.mu.Lock()
	if db.instruments.m == nil {
		db.instruments.m = map[string]*skm.Instrument{}
	}
	db.instruments.m[code] = in
	db.instruments.mu.Unlock()
	return in, nil
}

// --- tallies ---

// TallyQuery selects rollups to add up.
type TallyQuery struct {
	Range      skm.Range
	Instrument string
	UnitIDs    []string // nil: every unit matching Region and Type
	RegionCode string   // units in this region and below
	TypeCode   string
	ServiceID  string // only this service ("" = all services)
	ByService  bool   // one tally per (unit, service) instead of per unit
	// Elements > 0 adds up only the respondents and the first Elements
	// element sums and counts (no profile): enough for an IKM, and several
	// times cheaper for rankings over many units.
	Elements int
	// ByMonth gives one tally per month, pooled over the units, instead of
	// one per unit: a trend over many periods reads the rollup once. The
	// range must be whole months.
	ByMonth bool
}

// TallyRow is the rollup total of one unit (or one unit's service, or
// one month).
type TallyRow struct {
	UnitID    string
	ServiceID string // with ByService; "" for responses without a service
	Month     string // with ByMonth ("2026-10"), and then no UnitID
	c         counters
}

// Tally returns the row's tally for an instrument of n elements, and the
// respondents' profile.
func (r TallyRow) Tally(n int) (skm.Tally, skm.Profile) { return r.c.tally(n) }

// Respondents is the number of responses in the row.
func (r TallyRow) Respondents() int64 { return r.c[0] }

// Pooled adds up rows: the pooled total of an aggregate (a city, a type).
func Pooled(rows []TallyRow) TallyRow {
	c := newCounters()
	for _, r := range rows {
		c.add(r.c)
	}
	return TallyRow{c: c}
}

// Tallies adds up rollups: monthly rows for whole months of the range and
// daily rows for its partial months, so the cost is O(units × (months +
// edge days)), independent of the number of responses.
func (db *DB) Tallies(ctx context.Context, q TallyQuery) ([]TallyRow, error) {
	months, days := q.Range.Split()
	cols := rollupColumns
	if q.Elements > 0 {
		cols = []string{"respondents"}
		for i := 1; i <= q.Elements; i++ {
			cols = append(cols, "s"+strconv.Itoa(i), "n"+strconv.Itoa(i))
		}
	}
	sums := make([]string, len(cols))
	for i, c := range cols {
		sums[i] = "SUM(x." + c + ")"
	}
	sel, group := "x.unit_id, ''", "x.unit_id"
	switch {
	case q.ByMonth:
		if len(days) > 0 {
			return nil, fmt.Errorf("tallies by month: %s–%s is not whole months", q.Range.From, q.Range.To)
		}
		sel, group = "x.month, ''", "x.month"
	case q.ByService:
		sel, group = "x.unit_id, x.service_key", "x.unit_id, x.service_key"
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	// The unit conditions are bound once and shared by every part.
	unitCond := func() string {
		var conds []string
		if q.UnitIDs != nil {
			if len(q.UnitIDs) == 0 {
				return "1=0"
			}
			conds = append(conds, inList("x.unit_id", q.UnitIDs, arg))
		}
		if q.RegionCode != "" || q.TypeCode != "" {
			sub := "SELECT u.id FROM units u WHERE 1=1"
			if q.RegionCode != "" {
				sub += " AND " + withinRegion("u.region_code", q.RegionCode, arg)
			}
			if q.TypeCode != "" {
				sub += " AND u.type_code = " + arg(q.TypeCode)
			}
			conds = append(conds, "x.unit_id IN ("+sub+")")
		}
		if q.ServiceID != "" {
			conds = append(conds, "x.service_key = "+arg(q.ServiceID))
		}
		conds = append(conds, "x.instrument = "+arg(q.Instrument))
		return strings.Join(conds, " AND ")
	}()
	var parts []string
	if len(months) > 0 {
		parts = append(parts, "SELECT "+sel+", "+strings.Join(sums, ", ")+" FROM skm_monthly x WHERE "+inList("x.month", months, arg)+" AND "+unitCond+" GROUP BY "+group)
	}
	for _, d := range days {
		parts = append(parts, "SELECT "+sel+", "+strings.Join(sums, ", ")+" FROM skm_daily x WHERE x.local_date >= "+arg(d.From)+" AND x.local_date <= "+arg(d.To)+" AND "+unitCond+" GROUP BY "+group)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := db.reader(ctx).QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("tallies: %w", err)
	}
	defer rows.Close()
	type key struct{ unit, service string }
	acc := map[key]counters{}
	var order []key
	for rows.Next() {
		var k key
		c := newCounters()
		dest := []any{&k.unit, &k.service}
		for _, col := range cols {
			dest = append(dest, &c[rollupIndex[col]])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("tallies: %w", err)
		}
		if prev, ok := acc[k]; ok {
			prev.add(c)
		} else {
			acc[k] = c
			order = append(order, k)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]TallyRow, 0, len(order))
	for _, k := range order {
		row := TallyRow{UnitID: k.unit, ServiceID: k.service, c: acc[k]}
		if q.ByMonth {
			row.UnitID, row.Month = "", k.unit
		}
		out = append(out, row)
	}
	return out, nil
}

// UnitTally is the tally of one unit, or one of its services, over a range.
func (db *DB) UnitTally(ctx context.Context, unitID, serviceID, instrument string, r skm.Range) (skm.Tally, skm.Profile, error) {
	in, err := db.Instrument(ctx, instrument)
	if err != nil {
		return skm.Tally{}, nil, err
	}
	rows, err := db.Tallies(ctx, TallyQuery{Range: r, Instrument: instrument, UnitIDs: []string{unitID}, ServiceID: serviceID})
	if err != nil {
		return skm.Tally{}, nil, err
	}
	t, p := Pooled(rows).Tally(len(in.Elements))
	return t, p, nil
}

// --- periods and population ---

// Period is a survey period of a unit with its population N.
type Period struct {
	ID         string
	Label      string
	Range      skm.Range
	Population int64
}

// SetPopulation records the population N of a unit for a range.
func (db *DB) SetPopulation(ctx context.Context, actor audit.Actor, unitID, regionCode, label string, r skm.Range, n int64) error {
	now := ts(db.Now())
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO skm_periods (unit_id, id, label, date_from, date_to, population, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (unit_id, date_from, date_to) DO UPDATE SET population = excluded.population, label = excluded.label, updated_at = excluded.updated_at`,
			unitID, NewID(), label, r.From, r.To, n, now, now); err != nil {
			return fmt.Errorf("set population: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "skm.population", ObjectType: "unit", ObjectID: r.From + ".." + r.To, ObjectLabel: label,
			UnitID: unitID, RegionCode: regionCode, Detail: "N=" + strconv.FormatInt(n, 10)})
	})
}

// Population is the N recorded for exactly this range, 0 when none.
func (db *DB) Population(ctx context.Context, unitID string, r skm.Range) (int64, error) {
	var n int64
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT population FROM skm_periods WHERE unit_id = $1 AND date_from = $2 AND date_to = $3`, unitID, r.From, r.To).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("population: %w", err)
	}
	return n, nil
}

// Periods lists a unit's recorded periods, newest first.
func (db *DB) Periods(ctx context.Context, unitID string) ([]Period, error) {
	return queryAll(ctx, db.reader(ctx), "periods", `SELECT id, label, date_from, date_to, population FROM skm_periods WHERE unit_id = $1 ORDER BY date_from DESC`,
		[]any{unitID}, func(row scanner, p *Period) error {
			return row.Scan(&p.ID, &p.Label, &p.Range.From, &p.Range.To, &p.Population)
		})
}

// Saran is one suggestion left in a response.
type Saran struct {
	Date    string
	Service string
	Text    string
}

// LatestSaran returns a unit's most recent suggestions (newest first), not
// those of held responses. IDs are time-ordered, so the primary key index
// serves the order.
func (db *DB) LatestSaran(ctx context.Context, unitID string, limit int) ([]Saran, error) {
	return queryAll(ctx, db.reader(ctx), "saran", `SELECT r.local_date, COALESCE(s.name, ''), r.saran FROM skm_responses r
		LEFT JOIN services s ON s.unit_id = r.unit_id AND s.id = r.service_id
		WHERE r.unit_id = $1 AND r.saran <> '' AND `+notHeld+` ORDER BY r.id DESC LIMIT $2`, []any{unitID, limit}, func(row scanner, s *Saran) error {
		return row.Scan(&s.Date, &s.Service, &s.Text)
	})
}

// --- follow-up actions (Rencana Tindak Lanjut) ---

// Actions lists a unit's follow-up actions, newest period first.
func (db *DB) Actions(ctx context.Context, unitID string) ([]skm.Action, error) {
	return queryAll(ctx, db.reader(ctx), "actions", `SELECT id, element, period_from, period_to, programme, timeline, responsible, status, evidence
		FROM skm_actions WHERE unit_id = $1 ORDER BY period_from DESC, created_at`, []any{unitID}, func(row scanner, a *skm.Action) error {
		a.UnitID = unitID
		return row.Scan(&a.ID, &a.Element, &a.Range.From, &a.Range.To, &a.Programme, &a.Timeline, &a.Responsible, &a.Status, &a.Evidence)
	})
}

// SaveAction creates (a.ID == "") or updates a follow-up action.
func (db *DB) SaveAction(ctx context.Context, actor audit.Actor, regionCode string, a *skm.Action) error {
	now := ts(db.Now())
	return db.tx(ctx, func(tx *sql.Tx) error {
		action := "skm.action.update"
		if a.ID == "" {
			action = "skm.action.create"
			a.ID = NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO skm_actions (unit_id, id, element, period_from, period_to, programme, timeline, responsible, status, evidence, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, a.UnitID, a.ID, a.Element, a.Range.From, a.Range.To,
				a.Programme, a.Timeline, a.Responsible, string(a.Status), a.Evidence, now, now); err != nil {
				return fmt.Errorf("create action: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE skm_actions SET element = $1, programme = $2, timeline = $3, responsible = $4, status = $5, evidence = $6, updated_at = $7
				WHERE unit_id = $8 AND id = $9`, a.Element, a.Programme, a.Timeline, a.Responsible, string(a.Status), a.Evidence, now, a.UnitID, a.ID)
			if err != nil {
				return fmt.Errorf("update action: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.New(errs.NotFound, "skm.err.action_not_found")
			}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: action, ObjectType: "skm_action", ObjectID: a.Element + " " + a.Range.From, ObjectLabel: "Unsur " + a.Element + " " + a.Range.From + " s.d. " + a.Range.To,
			UnitID: a.UnitID, RegionCode: regionCode, Detail: string(a.Status)})
	})
}

// --- the units' own questions ---

// Question is an extra question a unit adds after the nine (never in the IKM).
type Question struct {
	ID string
	// Code names the question to clients (the JSON API, the kiosk): "Q"
	// and its place in the order questions were added, which never changes
	// and is never reused (hidden questions keep theirs), so a client's
	// answers never land on another question when one is hidden.
	Code   string
	Text   string
	Active bool
}

// Questions lists a unit's own questions in order.
func (db *DB) Questions(ctx context.Context, unitID string, activeOnly bool) ([]Question, error) {
	q := `SELECT id, sort_order, text, active FROM skm_questions WHERE unit_id = $1`
	if activeOnly {
		q += ` AND active = TRUE`
	}
	return queryAll(ctx, db.reader(ctx), "questions", q+` ORDER BY sort_order, created_at`, []any{unitID}, func(row scanner, qu *Question) error {
		var n int
		err := row.Scan(&qu.ID, &n, &qu.Text, &qu.Active)
		qu.Code = "Q" + strconv.Itoa(n)
		return err
	})
}

// AddQuestion appends a question to a unit's survey.
func (db *DB) AddQuestion(ctx context.Context, actor audit.Actor, unitID, regionCode, text string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var next int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(sort_order), 0) + 1 FROM skm_questions WHERE unit_id = $1`, unitID).Scan(&next); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO skm_questions (unit_id, id, text, sort_order, active, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			unitID, NewID(), text, next, true, ts(db.Now())); err != nil {
			return fmt.Errorf("add question: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "skm.question.create", ObjectType: "skm_question", UnitID: unitID, RegionCode: regionCode})
	})
}

// SetQuestionActive shows or hides a question.
func (db *DB) SetQuestionActive(ctx context.Context, actor audit.Actor, unitID, regionCode, id string, active bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE skm_questions SET active = $1 WHERE unit_id = $2 AND id = $3`, active, unitID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "err.not_found")
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "skm.question.update", ObjectType: "skm_question", ObjectID: id, UnitID: unitID, RegionCode: regionCode})
	})
}

// StoredResponse is what the API returns about a stored response.
type StoredResponse struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	LocalDate string `json:"local_date"`
	ServiceID string `json:"-"`
}

// Response returns the summary of one stored response.
func (db *DB) Response(ctx context.Context, unitID, id string) (*StoredResponse, error) {
	var sr StoredResponse
	var svc sql.NullString
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT id, channel, local_date, service_id FROM skm_responses WHERE unit_id = $1 AND id = $2`, unitID, id).
		Scan(&sr.ID, &sr.Channel, &sr.LocalDate, &svc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("response: %w", err)
	}
	sr.ServiceID = svc.String
	return &sr, nil
}

// MaxSheetRows bounds the processing sheet of one report.
const MaxSheetRows = 100_000

// ResponsesInRange returns a unit's counted responses (not held ones) of a
// range in date order, for the processing sheet of the report (at most
// MaxSheetRows).
func (db *DB) ResponsesInRange(ctx context.Context, unitID string, r skm.Range) ([]skm.Response, error) {
	cols := []string{"id", "COALESCE(service_id, '')", "instrument", "channel", "local_date", "survey_time", "COALESCE(age, 0)", "sex", "education", "occupation"}
	for i := 1; i <= skm.MaxElements; i++ {
		cols = append(cols, "COALESCE(u"+strconv.Itoa(i)+", 0)")
	}
	cols = append(cols, "saran")
	return queryAll(ctx, db.reader(ctx), "responses", `SELECT `+strings.Join(cols, ", ")+` FROM skm_responses r
		WHERE unit_id = $1 AND local_date >= $2 AND local_date <= $3 AND `+notHeld+` ORDER BY local_date, id LIMIT $4`, []any{unitID, r.From, r.To, MaxSheetRows},
		func(row scanner, resp *skm.Response) error {
			resp.UnitID, resp.Answers = unitID, make([]int, skm.MaxElements)
			dest := []any{&resp.ID, &resp.ServiceID, &resp.Instrument, &resp.Channel, &resp.SurveyDate, &resp.SurveyTime, &resp.Age, &resp.Sex, &resp.Education, &resp.Occupation}
			for i := range resp.Answers {
				dest = append(dest, &resp.Answers[i])
			}
			return row.Scan(append(dest, &resp.Saran)...)
		})
}
