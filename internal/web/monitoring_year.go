package web

// A unit's result of a year (issue #13, "Results"), on the unit's and the
// city's results pages and in the city recap. The year's evaluator result
// is the unit's LATEST visit scored that year, not the mean of its
// visits: PEKPPP is an annual evaluation of the unit as it stands
// (methods.md §4), the bi-monthly visits follow the unit as it fixes its
// findings, and a mean would keep counting shortcomings already closed.
// The city's ranking, heat map and weakest indicators read the same
// visit. The final index combines it with the users' part, the unit's
// own SKM result of the same calendar year (instrument.UsersFromKonversi),
// at the city's users' share (instrument.Final, store.UserShareOf).

import (
	"context"
	"math/big"
	"net/http"
	"strconv"
	"strings"

	"mutu/internal/instrument"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// yearResult is a unit's result of a year.
type yearResult struct {
	Outcome *store.VisitOutcome // the latest visit scored in the year; nil: none
	SKM     *skm.Summary        // the unit's SKM of the year; nil: no complete result
	Final   instrument.Final    // set when Outcome is
	Share   store.UserShare
}

// Users is the users' part in hundredths (-1: none).
func (y *yearResult) Users() int64 {
	if y.Final.Users == nil {
		return -1
	}
	return skm.RoundHalfUp(y.Final.Users, 2)
}

// Combined reports whether the final index is known.
func (y *yearResult) Combined() bool { return y.Final.Exact != nil }

// latestOfYear is the last of a unit's outcomes (oldest first) done in the year.
func latestOfYear(outs []store.VisitOutcome, year int) *store.VisitOutcome {
	var out *store.VisitOutcome
	for i := range outs {
		if outs[i].DoneOn.Year() == year {
			out = &outs[i]
		}
	}
	return out
}

// versions caches instrument versions by id for one request.
type versions map[string]*store.InstrumentVersion

func (s *Server) version(ctx context.Context, vs versions, id string) (*store.InstrumentVersion, error) {
	if v, ok := vs[id]; ok {
		return v, nil
	}
	v, err := s.db.InstrumentVersionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	vs[id] = v
	return v, nil
}

// yearResultOf computes u's result of the year from its latest visit
// scored in it (nil: none). The SKM is read only when it counts or when
// withSKM asks for it (a unit's page shows both parts; a city's ranking
// only what counts).
func (s *Server) yearResultOf(ctx context.Context, vs versions, u *unit.Unit, latest *store.VisitOutcome, year int, share store.UserShare, withSKM bool) (*yearResult, error) {
	y := &yearResult{Outcome: latest, Share: share}
	var users *big.Rat
	if withSKM || share.Share > 0 {
		rng, err := skm.PeriodRange(skm.Year, year, 1)
		if err != nil {
			return nil, err
		}
		sum, err := skm.Summarize(ctx, s.db, u.ID, "", rng)
		if err != nil {
			return nil, err
		}
		if sum.Respondents > 0 && sum.Complete {
			y.SKM = &sum
			users = instrument.UsersFromKonversi(sum.KonversiHundredths)
		}
	}
	if latest == nil {
		y.Final.Users, y.Final.Share = users, share.Share
		return y, nil
	}
	exact := exactOr(latest.Result.Exact, latest.Result.IPP)
	v := &instrument.Version{}
	if latest.InstrumentVersionID != "" {
		iv, err := s.version(ctx, vs, latest.InstrumentVersionID)
		if err != nil {
			return nil, err
		}
		v = iv.Version
	}
	f, err := v.Final(exact, users, share.Share)
	if err != nil {
		return nil, err
	}
	y.Final = f
	return y, nil
}

// innovationAspect reports whether an aspect is the Inovasi aspect (PEKPPP's
// "f", or a city checklist's aspect of that name), beside which the unit's
// registered innovations are its evidence.
func innovationAspect(a *instrument.Aspect) bool {
	return a != nil && strings.EqualFold(strings.TrimSpace(a.Name), "Inovasi")
}

// IsInnovation is innovationAspect for templates.
func (d *visitData) IsInnovation(a *instrument.Aspect) bool { return innovationAspect(a) }

// pastYear is the year asked for in ?tahun= when it is a year from 2000
// to this year, else this year: results are never of a future year.
func pastYear(r *http.Request, this int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("tahun")); err == nil && y >= 2000 && y <= this {
		return y
	}
	return this
}

// EvaluatorShare is the evaluator's share in percent.
func (y *yearResult) EvaluatorShare() int { return 100 - y.Share.Share }

// cityMean is the city's result of a year: each aspect's mean and the
// mean IPP over its units' year results (each unit once, exact, rounded
// half-up like a visit's), with the category of that mean from the
// table of the units' instrument. A mean of units, not of visits: a unit
// visited more often does not weigh more.
type cityMean struct {
	Aspects  []aspectMean
	Units    int
	IPP      int64 // hundredths
	Category instrument.Category
}

// aspectMean is an aspect's mean over the units that have it.
type aspectMean struct {
	store.ResultAspect
	Mean  int64 // hundredths
	Units int
}

// meanOf computes the city's mean over the ranked units' year results
// (nil: none); columns are the aspects shown, version the instrument the
// category is read from.
func meanOf(rows []cityRankRow, columns []store.ResultAspect, version *instrument.Version) *cityMean {
	m := &cityMean{}
	ipp := new(big.Rat)
	sums := make([]*big.Rat, len(columns))
	for i, c := range columns {
		m.Aspects = append(m.Aspects, aspectMean{ResultAspect: c})
		sums[i] = new(big.Rat)
	}
	for _, row := range rows {
		if row.Latest == nil {
			continue
		}
		m.Units++
		ipp.Add(ipp, exactOr(row.Latest.Result.Exact, row.Latest.Result.IPP))
		for i, c := range columns {
			for _, a := range row.Latest.Result.Aspects {
				if a.Code == c.Code {
					sums[i].Add(sums[i], exactOr(a.Score, a.Hundredths))
					m.Aspects[i].Units++
				}
			}
		}
	}
	if m.Units == 0 {
		return nil
	}
	for i := range m.Aspects {
		if n := m.Aspects[i].Units; n > 0 {
			m.Aspects[i].Mean = skm.RoundHalfUp(sums[i].Quo(sums[i], big.NewRat(int64(n), 1)), 2)
		}
	}
	m.IPP = skm.RoundHalfUp(ipp.Quo(ipp, big.NewRat(int64(m.Units), 1)), 2)
	if version != nil {
		m.Category = version.CategoryOf(m.IPP)
	}
	return m
}

// exactOr is a stored fraction, or its rounded figure where it does not parse.
func exactOr(fraction string, hundredths int64) *big.Rat {
	if r, ok := new(big.Rat).SetString(fraction); ok {
		return r
	}
	return big.NewRat(hundredths, 100)
}
