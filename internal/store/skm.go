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

// Profile is the respondents of a tally by sex, education, occupation, age
// band and channel: option code → count.
type Profile map[string]map[string]int64

func (c counters) tally(elements int) (skm.Tally, Profile) {
	t := skm.NewTally(elements)
	t.Respondents = c[0]
	for i := range elements {
		t.Sum[i] = c[rollupIndex["s"+strconv.Itoa(i+1)]]
		t.N[i] = c[rollupIndex["n"+strconv.Itoa(i+1)]]
	}
	p := Profile{"sex": {}, "education": {}, "occupation": {}, "age": {}, "channel": {}}
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
}

// TallyRow is the rollup total of one unit (or one unit's service).
type TallyRow struct {
	UnitID    string
	ServiceID string // with ByService; "" for responses without a service
	c         counters
}

// Tally returns the row's tally for an instrument of n elements, and the
// respondents' profile.
func (r TallyRow) Tally(n int) (skm.Tally, Profile) { return r.c.tally(n) }

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
	sums := make([]string, len(rollupColumns))
	for i, c := range rollupColumns {
		sums[i] = "SUM(x." + c + ")"
	}
	sel, group := "x.unit_id, ''", "x.unit_id"
	if q.ByService {
		sel, group = "x.unit_id, x.service_key", "x.unit_id, x.service_key"
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	unitCond := func() string {
		var conds []string
		if q.UnitIDs != nil {
			if len(q.UnitIDs) == 0 {
				return "1=0"
			}
			ph := make([]string, len(q.UnitIDs))
			for i, id := range q.UnitIDs {
				ph[i] = arg(id)
			}
			conds = append(conds, "x.unit_id IN ("+strings.Join(ph, ", ")+")")
		}
		if q.RegionCode != "" || q.TypeCode != "" {
			sub := "SELECT u.id FROM units u WHERE 1=1"
			if q.RegionCode != "" {
				sub += " AND (u.region_code = " + arg(q.RegionCode) + " OR u.region_code LIKE " + arg(q.RegionCode+".%") + ")"
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
	}
	var parts []string
	if len(months) > 0 {
		ph := make([]string, len(months))
		for i, m := range months {
			ph[i] = arg(m)
		}
		parts = append(parts, "SELECT "+sel+", "+strings.Join(sums, ", ")+" FROM skm_monthly x WHERE x.month IN ("+strings.Join(ph, ", ")+") AND "+unitCond()+" GROUP BY "+group)
	}
	for _, d := range days {
		parts = append(parts, "SELECT "+sel+", "+strings.Join(sums, ", ")+" FROM skm_daily x WHERE x.local_date >= "+arg(d.From)+" AND x.local_date <= "+arg(d.To)+" AND "+unitCond()+" GROUP BY "+group)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := db.r.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
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
		for i := range c {
			dest = append(dest, &c[i])
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
		out = append(out, TallyRow{UnitID: k.unit, ServiceID: k.service, c: acc[k]})
	}
	return out, nil
}
