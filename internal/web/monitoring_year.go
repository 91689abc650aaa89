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
	Year    int
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
	y := &yearResult{Year: year, Outcome: latest, Share: share}
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
	exact, ok := new(big.Rat).SetString(latest.Result.Exact)
	if !ok {
		exact = big.NewRat(latest.Result.IPP, 100) // a result stored without its fraction: its official figure
	}
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
