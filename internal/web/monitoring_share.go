package web

import (
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/region"
)

// saveUserShare: POST /kelola/pemantauan/kota/{code}/porsi-pengguna — the
// city's administrators set the users' share of the final PEKPPP index
// (0–100 %, instrument.Combine's rule) as its next version, audited.
func (s *Server) saveUserShare(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	code := r.PathValue("code")
	cities, err := s.monitoringCities(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !slices.ContainsFunc(cities, func(c region.Region) bool { return c.Code == code }) || !principal(r).AdministersRegion(code) {
		s.fail(w, r, errs.New(errs.Forbidden, "err.out_of_scope"))
		return
	}
	share, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("user_share")))
	if err != nil {
		err = errs.InvalidField("user_share", "instrument.err.share")
	} else {
		_, err = instrument.Combine(new(big.Rat), new(big.Rat), share)
	}
	if err == nil {
		_, err = s.db.SaveUserShare(r.Context(), s.actor(r), code, share)
	}
	if err != nil {
		s.formFailed(w, r, err, s.cityResults)
		return
	}
	s.flash(r, "results.share_saved")
	redirect(w, r, "/kelola/pemantauan/kota/"+code+"#porsi")
}
