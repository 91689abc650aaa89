// The Ombudsman's compliance assessment of a city
// (Penilaian Kepatuhan, issue #14) as it happened: per city and year the
// instrument version, the visit days, the loci (units visited, each with
// the service products assessed there), the assessors, the official
// result per locus and for the city, and the award (Piagam). The opinion
// of a result comes from the version's category table, never from here.
// No SQL, no HTTP here.

package kepatuhan

import (
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/skm"
)

// The years an assessment may be recorded for: the Ombudsman's yearly
// assessments began in 2013; a year after next is a typing error.
const (
	FirstYear = 2013
	MaxAward  = 200 // runes of the award's name
	// MaxVisitDays bounds the visit: the Ombudsman spends about three
	// days in a city; a month is surely a typing error.
	MaxVisitDays = 31
)

// Assessment is one city's assessment of one year.
type Assessment struct {
	ID         string
	RegionCode string // the city (or a province's own assessment)
	Year       int
	VersionID  string // the instrument version it was scored with
	StartsOn   time.Time
	EndsOn     time.Time
	Loci       []Locus
	Assessors  []string // user ids, role assessor
	Score      *int64   // the city's official score in hundredths; nil: not known yet
	Award      Award
	// Demo marks an assessment the demo seed made up: its figures are
	// examples, never the Ombudsman's published results.
	Demo      bool
	UpdatedBy string
	UpdatedAt time.Time
}

// Locus is a unit the assessors visit, with the service products they
// assess there (none: the unit as a whole) and its official score.
type Locus struct {
	UnitID     string
	ServiceIDs []string
	Score      *int64 // hundredths; nil: not known yet
}

// Award is the Piagam a city received for the year; its scan is an
// evidence file of the assessment. The zero Award: none.
type Award struct {
	Name string
	On   time.Time
}

// HasLocus reports whether the unit is a locus of a.
func (a *Assessment) HasLocus(unitID string) bool {
	return slices.ContainsFunc(a.Loci, func(l Locus) bool { return l.UnitID == unitID })
}

// HasAssessor reports whether the user is one of a's assessors.
func (a *Assessment) HasAssessor(userID string) bool { return slices.Contains(a.Assessors, userID) }

// Input is an assessment as the form and the demo seed hand it in.
// Products are "unitID/serviceID" pairs, each of a unit among Loci.
type Input struct {
	Year, VersionID, StartsOn, EndsOn string
	Loci, Products, Assessors         []string
}

// Choices are what an assessment of a city may refer to: the Ombudsman
// versions by id with the year each is for, the city's units and each
// one's services, and the assessor accounts that may see the city.
type Choices struct {
	Versions  map[string]int      // version id → its assessment year
	Services  map[string][]string // unit id → service ids
	Assessors []string
}

// Validate returns the assessment in (without ID, region and results), or
// the field errors. now bounds the year: at most next year.
func (in Input) Validate(now time.Time, c Choices) (*Assessment, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	a := &Assessment{}
	year, ok := parseYear(in.Year)
	switch {
	case strings.TrimSpace(in.Year) == "":
		add("year", "err.required")
	case !ok || year < FirstYear || year > now.In(clock.Jakarta).Year()+1:
		add("year", "penilaian.err.year", FirstYear, now.In(clock.Jakarta).Year()+1)
	}
	a.Year = year
	a.VersionID = strings.TrimSpace(in.VersionID)
	if vy, ok := c.Versions[a.VersionID]; !ok {
		add("version_id", "penilaian.err.version")
	} else if year > 0 && vy != year {
		add("version_id", "penilaian.err.version_year", vy)
	}
	a.StartsOn, ok = date(in.StartsOn)
	if !ok {
		add("starts_on", "penilaian.err.date")
	}
	a.EndsOn, ok = date(in.EndsOn)
	switch {
	case !ok:
		add("ends_on", "penilaian.err.date")
	case !a.StartsOn.IsZero() && a.EndsOn.Before(a.StartsOn):
		add("ends_on", "penilaian.err.ends_before")
	case !a.StartsOn.IsZero() && a.EndsOn.Sub(a.StartsOn) >= MaxVisitDays*24*time.Hour:
		add("ends_on", "penilaian.err.too_long", MaxVisitDays)
	case !a.StartsOn.IsZero() && year > 0 && a.StartsOn.Year() != year:
		add("starts_on", "penilaian.err.date_year", year)
	}
	for _, id := range unique(in.Loci) {
		if _, ok := c.Services[id]; !ok {
			add("loci", "penilaian.err.locus")
			break
		}
		a.Loci = append(a.Loci, Locus{UnitID: id})
	}
	if len(a.Loci) == 0 && !hasField(fs, "loci") {
		add("loci", "penilaian.err.no_locus")
	}
	for _, p := range unique(in.Products) {
		unitID, serviceID, _ := strings.Cut(p, "/")
		i := slices.IndexFunc(a.Loci, func(l Locus) bool { return l.UnitID == unitID })
		if i < 0 || !slices.Contains(c.Services[unitID], serviceID) {
			add("products", "penilaian.err.product")
			break
		}
		a.Loci[i].ServiceIDs = append(a.Loci[i].ServiceIDs, serviceID)
	}
	for _, id := range unique(in.Assessors) {
		if !slices.Contains(c.Assessors, id) {
			add("assessors", "penilaian.err.assessor")
			break
		}
		a.Assessors = append(a.Assessors, id)
	}
	if len(fs) > 0 {
		return nil, errs.Fields("penilaian.err.invalid", fs)
	}
	return a, nil
}

// Results are the official scores as typed: the city's and each locus's
// by unit id, "87,28" or "87.28"; empty: not known yet.
type Results struct {
	City string
	Loci map[string]string
}

// Validate reads the scores into a copy of a's loci and the city score.
func (in Results) Validate(a *Assessment) (*int64, []Locus, error) {
	var fs []errs.Field
	city, ok := ParseScore(in.City)
	if !ok {
		fs = append(fs, errs.Field{Name: "score", Key: "penilaian.err.score", Value: clip(in.City)})
	}
	loci := slices.Clone(a.Loci)
	for i := range loci {
		s, ok := ParseScore(in.Loci[loci[i].UnitID])
		if !ok {
			fs = append(fs, errs.Field{Name: "score_" + loci[i].UnitID, Key: "penilaian.err.score", Value: clip(in.Loci[loci[i].UnitID])})
		}
		loci[i].Score = s
	}
	if len(fs) > 0 {
		return nil, nil, errs.Fields("penilaian.err.invalid", fs)
	}
	return city, loci, nil
}

// ParseScore reads an official score 0–100 with at most two decimals, a
// comma or a point before them, in hundredths; "" is no score (nil, true).
func ParseScore(s string) (*int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" || len(whole) > 3 {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(whole + "." + frac + "0")
	if !ok || r.Cmp(big.NewRat(100, 1)) > 0 {
		return nil, false
	}
	h := skm.RoundHalfUp(r, 2)
	return &h, true
}

// FormatScore writes hundredths as people read them: 8728 → "87,28".
func FormatScore(h int64) string {
	s := big.NewRat(h, 100).FloatString(2)
	return strings.Replace(s, ".", ",", 1)
}

// AwardInput is the Piagam as typed.
type AwardInput struct{ Name, On string }

// Validate returns the award; both fields empty remove it.
func (in AwardInput) Validate() (Award, error) {
	name := strings.TrimSpace(in.Name)
	on := strings.TrimSpace(in.On)
	if name == "" && on == "" {
		return Award{}, nil
	}
	var fs []errs.Field
	switch {
	case name == "":
		fs = append(fs, errs.Field{Name: "award_name", Key: "err.required"})
	case utf8.RuneCountInString(name) > MaxAward:
		fs = append(fs, errs.Field{Name: "award_name", Key: "err.too_long", Args: []any{MaxAward}})
	}
	d, ok := date(on)
	if !ok {
		fs = append(fs, errs.Field{Name: "award_on", Key: "penilaian.err.date"})
	}
	if len(fs) > 0 {
		return Award{}, errs.Fields("penilaian.err.invalid", fs)
	}
	return Award{Name: name, On: d}, nil
}

func parseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 4 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	y := 0
	for _, c := range s {
		y = y*10 + int(c-'0')
	}
	return y, true
}

// date reads a YYYY-MM-DD date in WIB.
func date(s string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), clock.Jakarta)
	return d, err == nil
}

// unique trims values and drops empty and repeated ones, keeping order.
func unique(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func hasField(fs []errs.Field, name string) bool {
	return slices.ContainsFunc(fs, func(f errs.Field) bool { return f.Name == name })
}

// clip shortens a bad value echoed back in a message.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 20 {
		return string([]rune(s)[:20]) + "…"
	}
	return s
}
