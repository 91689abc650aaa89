// Package scorecard is the city and province scorecard (issue #14, "City
// scorecard"): every unit in a region with its latest IKM, PEKPPP IPP,
// projected Ombudsman opinion, complaint resolutions on time, share of
// services with a standard in force, innovations and open findings, with
// the previous period beside each, and the cities of a province compared.
//
// It reads across domains through Source, which it declares itself: the
// store's adapter (store.Scorecard) answers each method with the functions
// the detail pages use, so every number has one source; tests answer with
// a fake. What is decided here is pure: which period is "latest", the
// trends, the filters, the order and the cities' totals.
package scorecard

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/finding"
	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// Scope is the units a scorecard covers: those of a region and below,
// narrowed to UnitIDs when not nil (an operator's own units).
type Scope struct {
	RegionCode string
	UnitIDs    []string
}

// Visit is one monitoring visit's stored result (PEKPPP).
type Visit struct {
	Done     time.Time
	IPP      int64 // hundredths, as stored with the visit
	Category string
}

// OnTime is a year's resolution step of the reports a unit handles: done
// on time, of those judged (done, or open and already late), as the
// complaint statistics count it.
type OnTime struct {
	OnTime, Judged int
}

// Rate is the percentage on time (0 when nothing was judged).
func (o OnTime) Rate() float64 {
	if o.Judged == 0 {
		return 0
	}
	return float64(o.OnTime) * 100 / float64(o.Judged)
}

// Innovations counts a unit's registered innovations.
type Innovations struct {
	Launched, Total int
}

// Opinion is a unit's projected Ombudsman compliance opinion.
type Opinion struct {
	Score float64 // 0–100
	Label string  // the opinion's name, e.g. "Kualitas Tertinggi"
}

// Source is what a scorecard reads. Each method answers for many units in
// one read, keyed by unit ID (Survey by group key); units without figures
// are left out.
type Source interface {
	// Units are the active units of the scope.
	Units(ctx context.Context, s Scope) ([]unit.Unit, error)
	// Regions names regions by code.
	Regions(ctx context.Context, codes []string) ([]region.Region, error)
	// Survey is the IKM of each group of units over a range: their
	// tallies pooled, under the current instrument with the exact
	// weighting (a group of one unit is that unit's result).
	Survey(ctx context.Context, groups map[string][]string, r skm.Range) (map[string]skm.Result, error)
	// Visits are the units' monitoring results, oldest first.
	Visits(ctx context.Context, s Scope) (map[string][]Visit, error)
	// Complaints is the units' resolutions judged of the reports received
	// in a year ([0]) and in the year before it ([1]).
	Complaints(ctx context.Context, s Scope, year int) ([2]map[string]OnTime, error)
	// Coverage is the units' active services with a standard in force.
	Coverage(ctx context.Context, unitIDs []string) (map[string]standard.Coverage, error)
	Innovations(ctx context.Context, s Scope) (map[string]Innovations, error)
	// Findings is how the units follow up their monitoring findings.
	Findings(ctx context.Context, s Scope) (map[string]finding.Stats, error)
	// Compliance is the units' projected Ombudsman opinion.
	Compliance(ctx context.Context, unitIDs []string) (map[string]Opinion, error)
}

// Trend is how a figure moved against the previous period.
type Trend int

const (
	NoTrend Trend = iota // no figure in one of the two periods
	Same
	Up
	Down
)

// trendOf compares two figures in whole hundredths.
func trendOf(now, prev int64, both bool) Trend {
	switch {
	case !both:
		return NoTrend
	case now > prev:
		return Up
	case now < prev:
		return Down
	}
	return Same
}

// Survey is a unit's (or a city's) latest IKM and the one before it.
type Survey struct {
	Now, Prev          skm.Result
	Period, PrevPeriod string // period codes ("2026-T4")
	HasNow             bool   // Now is complete
	Trend              Trend
}

// Figures are one unit's or one city's columns.
type Figures struct {
	IKM          Survey
	IPP, PrevIPP *Visit // the latest visit with a result and the one before it
	IPPTrend     Trend
	// IPPMean is a city's mean of its units' latest IPP (IPPUnits of them).
	IPPMean      float64
	IPPUnits     int
	OnTime       OnTime // this year
	PrevOnTime   OnTime // last year
	OnTimeTrend  Trend
	Coverage     standard.Coverage
	Innovations  Innovations
	OpenFindings int // waiting for the unit's follow-up (overdue ones too)
	Overdue      int
	Opinion      *Opinion
}

// Row is one unit of the scorecard.
type Row struct {
	Unit     unit.Unit
	District region.Region // its kecamatan (empty for a unit above kecamatan level)
	City     region.Region
	Figures
}

// City is one city of a province with its units' figures.
type City struct {
	Region region.Region
	Units  int
	Figures
}

// Sorts are the columns a scorecard can be ordered by.
var Sorts = []string{"nama", "ikm", "ipp", "opini", "tepat", "standar", "inovasi", "temuan"}

// Query is what a scorecard shows: a region's units, filtered by
// kecamatan and unit type, in an order; the periods follow Now.
type Query struct {
	Region   region.Region
	Scope    Scope
	Now      time.Time
	District string // a kecamatan's code ("" for all)
	Type     string // a unit type's code ("" for all)
	Sort     string // one of Sorts ("" for "ikm")
	Desc     bool
}

// Card is a region's scorecard.
type Card struct {
	Query
	Year      int
	Rows      []Row           // the units shown, in order
	Total     int             // units in the scope before the filters
	Districts []region.Region // the kecamatan of the scope's units, by code (the filter's choices)
	Types     []string        // the scope's unit types, sorted
	Cities    []City          // a province's cities, by code (none for a city)
}

// Validate checks the query's filters and order, naming each problem.
func (q *Query) Validate() error {
	if q.Sort == "" {
		q.Sort, q.Desc = "ikm", true
	}
	var fs []errs.Field
	if !slices.Contains(Sorts, q.Sort) {
		fs = append(fs, errs.Field{Name: "urut", Key: "scorecard.err.sort"})
	}
	if l, _ := region.LevelOf(q.District); q.District != "" && (!region.Within(q.District, q.Region.Code) || l != region.District) {
		fs = append(fs, errs.Field{Name: "kecamatan", Key: "scorecard.err.district"})
	}
	if len(fs) > 0 {
		return errs.Fields("err.form", fs)
	}
	return nil
}

// quarters returns the current quarter's code and the two before it,
// oldest first.
func quarters(now time.Time) []string { return skm.QuarterCodes(now, 3) }

// Build reads and assembles a scorecard. The latest IKM is this quarter's,
// or the last quarter's while this one has no answers yet (as the public
// unit page shows it), against the quarter before it; the IPP is the
// latest visit against the one before; on-time is this year against last
// year (WIB).
func Build(ctx context.Context, src Source, q Query) (*Card, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	all, err := src.Units(ctx, q.Scope)
	if err != nil {
		return nil, err
	}
	c := &Card{Query: q, Year: q.Now.In(clock.Jakarta).Year(), Total: len(all)}
	// The filters' choices come from the whole scope; the figures are read
	// for the units shown (and, on a province, for every city).
	areaCodes := map[string]bool{}
	types := map[string]bool{}
	for _, u := range all {
		types[u.TypeCode] = true
		if d := districtOf(u.RegionCode); d != "" {
			areaCodes[d] = true
		}
		if ct := cityOf(u.RegionCode); ct != "" {
			areaCodes[ct] = true
		}
	}
	c.Types = sortedKeys(types)
	regions, err := src.Regions(ctx, sortedKeys(areaCodes))
	if err != nil {
		return nil, err
	}
	names := map[string]region.Region{}
	for _, r := range regions {
		names[r.Code] = r
		if r.Level == region.District {
			c.Districts = append(c.Districts, r)
		}
	}
	slices.SortFunc(c.Districts, func(a, b region.Region) int { return cmp.Compare(a.Code, b.Code) })
	if q.Type != "" && !types[q.Type] {
		return nil, errs.Fields("err.form", []errs.Field{{Name: "jenis", Key: "scorecard.err.type"}})
	}
	units := all
	if q.District != "" || q.Type != "" {
		units = nil
		for _, u := range all {
			if (q.District == "" || districtOf(u.RegionCode) == q.District) && (q.Type == "" || u.TypeCode == q.Type) {
				units = append(units, u)
			}
		}
	}
	compareCities := q.Region.Level == region.Province && q.District == "" && q.Type == ""
	read := units
	if compareCities {
		read = all
	}
	f, err := readFigures(ctx, src, q, read, compareCities)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		c.Rows = append(c.Rows, Row{Unit: u, District: names[districtOf(u.RegionCode)], City: names[cityOf(u.RegionCode)], Figures: f.units[u.ID]})
	}
	for _, code := range sortedKeys(f.cityUnits) {
		c.Cities = append(c.Cities, City{Region: names[code], Units: f.cityUnits[code], Figures: f.cities[code]})
	}
	SortRows(c.Rows, q.Sort, q.Desc)
	return c, nil
}

// figures are what readFigures gathers: per unit, and per city when the
// cities are compared.
type figures struct {
	units     map[string]Figures
	cities    map[string]Figures
	cityUnits map[string]int
}

func readFigures(ctx context.Context, src Source, q Query, units []unit.Unit, compareCities bool) (*figures, error) {
	ids := make([]string, len(units))
	groups := make(map[string][]string, len(units))
	cityOfUnit := map[string]string{}
	out := &figures{units: map[string]Figures{}, cities: map[string]Figures{}, cityUnits: map[string]int{}}
	for i, u := range units {
		ids[i] = u.ID
		groups[u.ID] = []string{u.ID}
		if compareCities {
			if ct := cityOf(u.RegionCode); ct != "" {
				cityOfUnit[u.ID] = ct
				groups["city:"+ct] = append(groups["city:"+ct], u.ID)
				out.cityUnits[ct]++
			}
		}
	}
	scope := Scope{RegionCode: q.Region.Code, UnitIDs: ids}
	codes := quarters(q.Now)
	ranges := make([]skm.Range, len(codes))
	for i, code := range codes {
		var err error
		if ranges[i], _, err = skm.ParsePeriod(code); err != nil {
			return nil, err
		}
	}
	year := q.Now.In(clock.Jakarta).Year()
	// The reads are independent, and each is one grouped read of its
	// domain's tables: run them side by side (the page's time is then the
	// slowest read's, not their sum).
	survey := make([]map[string]skm.Result, len(codes))
	var (
		visits      map[string][]Visit
		onTime      [2]map[string]OnTime
		coverage    map[string]standard.Coverage
		innovations map[string]Innovations
		findings    map[string]finding.Stats
		opinions    map[string]Opinion
	)
	reads := []func() error{
		func() (err error) { visits, err = src.Visits(ctx, scope); return err },
		func() (err error) { onTime, err = src.Complaints(ctx, scope, year); return err },
		func() (err error) { coverage, err = src.Coverage(ctx, ids); return err },
		func() (err error) { innovations, err = src.Innovations(ctx, scope); return err },
		func() (err error) { findings, err = src.Findings(ctx, scope); return err },
		func() (err error) { opinions, err = src.Compliance(ctx, ids); return err },
	}
	// This quarter and the last one for every group; the one before only
	// for the groups without answers this quarter (they show the last
	// quarter's against it), read once those are known.
	last := len(ranges) - 1
	for i := last - 1; i <= last; i++ {
		reads = append(reads, func() (err error) { survey[i], err = src.Survey(ctx, groups, ranges[i]); return err })
	}
	failed := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, read := range reads {
		wg.Go(func() { failed[i] = read() })
	}
	wg.Wait()
	if err := errors.Join(failed...); err != nil {
		return nil, err
	}
	older := map[string][]string{}
	for key, g := range groups {
		if survey[last][key].Respondents == 0 {
			older[key] = g
		}
	}
	if len(older) > 0 {
		var err error
		if survey[last-2], err = src.Survey(ctx, older, ranges[last-2]); err != nil {
			return nil, err
		}
	}
	for key := range groups {
		f := Figures{IKM: latestSurvey(codes, survey, key)}
		if !strings.HasPrefix(key, "city:") {
			out.units[key] = f
		} else {
			out.cities[strings.TrimPrefix(key, "city:")] = f
		}
	}
	for _, id := range ids {
		f := out.units[id]
		if vs := visits[id]; len(vs) > 0 {
			f.IPP = &vs[len(vs)-1]
			if len(vs) > 1 {
				f.PrevIPP = &vs[len(vs)-2]
			}
			f.IPPTrend = trendOf(f.IPP.IPP, prevIPP(f.PrevIPP), f.PrevIPP != nil)
		}
		f.OnTime, f.PrevOnTime = onTime[0][id], onTime[1][id]
		f.OnTimeTrend = onTimeTrend(f.OnTime, f.PrevOnTime)
		f.Coverage, f.Innovations = coverage[id], innovations[id]
		fs := findings[id]
		f.OpenFindings, f.Overdue = fs.Open+fs.Overdue, fs.Overdue
		if o, ok := opinions[id]; ok {
			f.Opinion = &o
		}
		out.units[id] = f
		if ct, ok := cityOfUnit[id]; ok {
			cf := out.cities[ct]
			if f.IPP != nil {
				cf.IPPMean = (cf.IPPMean*float64(cf.IPPUnits) + float64(f.IPP.IPP)/100) / float64(cf.IPPUnits+1)
				cf.IPPUnits++
			}
			cf.OnTime = OnTime{cf.OnTime.OnTime + f.OnTime.OnTime, cf.OnTime.Judged + f.OnTime.Judged}
			cf.PrevOnTime = OnTime{cf.PrevOnTime.OnTime + f.PrevOnTime.OnTime, cf.PrevOnTime.Judged + f.PrevOnTime.Judged}
			cf.OnTimeTrend = onTimeTrend(cf.OnTime, cf.PrevOnTime)
			cf.Coverage.Add(f.Coverage)
			cf.Innovations = Innovations{cf.Innovations.Launched + f.Innovations.Launched, cf.Innovations.Total + f.Innovations.Total}
			cf.OpenFindings += f.OpenFindings
			cf.Overdue += f.Overdue
			out.cities[ct] = cf
		}
	}
	return out, nil
}

func prevIPP(v *Visit) int64 {
	if v == nil {
		return 0
	}
	return v.IPP
}

// latestSurvey picks a group's latest complete-or-answered quarter: the
// current one when it has answers, else the one before; Prev is the
// quarter before the one picked.
func latestSurvey(codes []string, survey []map[string]skm.Result, key string) Survey {
	last := len(codes) - 1
	at := last
	if survey[last][key].Respondents == 0 {
		at = last - 1
	}
	s := Survey{Now: survey[at][key], Prev: survey[at-1][key], Period: codes[at], PrevPeriod: codes[at-1]}
	s.HasNow = s.Now.Complete
	s.Trend = trendOf(s.Now.KonversiHundredths, s.Prev.KonversiHundredths, s.Now.Complete && s.Prev.Complete)
	return s
}

// onTimeTrend compares the rates to the tenth of a point, as printed.
func onTimeTrend(now, prev OnTime) Trend {
	tenths := func(o OnTime) int64 { return int64(o.Rate()*10 + 0.5) }
	return trendOf(tenths(now), tenths(prev), now.Judged > 0 && prev.Judged > 0)
}

// SortRows orders rows by a column; rows without the figure come last in
// either direction, ties by unit code.
func SortRows(rows []Row, by string, desc bool) {
	key := func(r *Row) (float64, bool) {
		switch by {
		case "ikm":
			return float64(r.IKM.Now.KonversiHundredths), r.IKM.HasNow
		case "ipp":
			if r.IPP == nil {
				return 0, false
			}
			return float64(r.IPP.IPP), true
		case "opini":
			if r.Opinion == nil {
				return 0, false
			}
			return r.Opinion.Score, true
		case "tepat":
			return r.OnTime.Rate(), r.OnTime.Judged > 0
		case "standar":
			p, ok := r.Coverage.Percent()
			return p, ok
		case "inovasi":
			return float64(r.Innovations.Launched), true
		case "temuan":
			return float64(r.OpenFindings), true
		}
		return 0, false
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if by == "nama" {
			c := cmp.Or(cmp.Compare(strings.ToLower(a.Unit.Name), strings.ToLower(b.Unit.Name)), cmp.Compare(a.Unit.Code, b.Unit.Code))
			if desc {
				return -c
			}
			return c
		}
		ka, oka := key(&a)
		kb, okb := key(&b)
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case ka != kb:
			if desc {
				return cmp.Compare(kb, ka)
			}
			return cmp.Compare(ka, kb)
		}
		return cmp.Compare(a.Unit.Code, b.Unit.Code)
	})
}

// cityOf is the city (kabupaten/kota) of a region code at or below city
// level ("" for a province).
func cityOf(code string) string { return atLevel(code, 1) }

// districtOf is the kecamatan of a region code at or below kecamatan level
// ("" above it).
func districtOf(code string) string { return atLevel(code, 2) }

// atLevel is the code's ancestor (or itself) at depth i of the chain from
// the province down.
func atLevel(code string, i int) string {
	chain := append(region.Ancestors(code), code)
	if code == "" || len(chain) <= i {
		return ""
	}
	return chain[i]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
