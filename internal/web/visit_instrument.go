package web

import (
	"net/http"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The instrument of a visit (issue #13, "a city may add its own light
// checklist for the bi-monthly visits"): before the first score the team
// chooses PEKPPP or the city's checklist; the first score fixes the
// choice for good (store.ChooseVisitInstrument), so results keep theirs.

// visitChoices are the instruments a visit of u may be scored on: the
// newest PEKPPP version, and the newest version of the city's own
// checklist when it has one.
func (s *Server) visitChoices(r *http.Request, u *unit.Unit) ([]store.InstrumentVersion, error) {
	all, err := s.db.InstrumentVersions(r.Context())
	if err != nil {
		return nil, err
	}
	var out []store.InstrumentVersion
	if i := slices.IndexFunc(all, func(v store.InstrumentVersion) bool { return v.Kind == instrument.KindPEKPPP }); i >= 0 {
		out = append(out, all[i]) // newest first
	}
	checklist, err := s.db.LatestChecklist(r.Context(), cityOf(u.RegionCode))
	if err != nil {
		return nil, err
	}
	if checklist != nil {
		out = append(out, *checklist)
	}
	return out, nil
}

// chooseVisitInstrument: POST …/kunjungan/{id}/instrumen (instrument, a
// version id among visitChoices) — the team's choice before scoring.
func (s *Server) chooseVisitInstrument(w http.ResponseWriter, r *http.Request) {
	u, _, ok := s.teamForm(w, r)
	if !ok {
		return
	}
	choices, err := s.visitChoices(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(choices, func(v store.InstrumentVersion) bool { return v.ID == r.PostForm.Get("instrument") })
	if i < 0 {
		err = errs.InvalidField("instrument", "visit.err.instrument")
	} else {
		err = s.db.ChooseVisitInstrument(r.Context(), s.actor(r), u, r.PathValue("id"), &choices[i])
	}
	if err != nil {
		s.formFailed(w, r, err, s.visitPage)
		return
	}
	s.flash(r, "visit.instrument_saved")
	redirect(w, r, visitBack(r, "#scores"))
}
