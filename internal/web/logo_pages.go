package web

import (
	"io"
	"net/http"
	"strconv"

	"mutu/internal/attach"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
)

// Logos for the kop surat of the Laporan SKM are kept per government — a
// province or a city/regency (region) — not per unit: the kop surat carries
// the government's emblem, and a unit prints the logo of the nearest region
// above it that has one (store.LogoFor). Administrators upload, replace and
// remove the logos of the regions their scope covers; every change is
// audited.

// logoPageData is the page of logos.
type logoPageData struct {
	Logos   []store.RegionLogo
	MaxKiB  int
	MinSide int
	MaxSide int
}

// logos: GET /kelola/logo — the logos in the administrator's scope and the
// upload form.
func (s *Server) logos(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	logos, err := s.db.RegionLogos(r.Context(), p.RegionCode)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "logo.title", logoPageData{Logos: logos, MaxKiB: attach.MaxLogoBytes >> 10,
		MinSide: attach.MinLogoSide, MaxSide: attach.MaxLogoSide})
	if err := s.regionChoices(r, v, p.RegionCode); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Form.Get("region_code") == "" {
		v.Form.Set("region_code", p.RegionCode)
	}
	s.render(w, r, "logos", http.StatusOK, v)
}

// logoRegion checks that a logo may hang at code: a province or a city or
// regency (a government) that the administrator's scope covers.
func logoRegion(r *http.Request, code string) error {
	lvl, ok := region.LevelOf(code)
	switch {
	case !ok:
		return errs.InvalidField("region_code", "region.err.code")
	case !principal(r).AdministersRegion(code):
		return errs.InvalidField("region_code", "err.out_of_scope")
	case lvl != region.Province && lvl != region.City:
		return errs.InvalidField("region_code", "logo.err.level")
	}
	return nil
}

// uploadLogo: POST /kelola/logo (multipart: region_code, logo) stores or
// replaces a region's logo.
func (s *Server) uploadLogo(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, attach.MaxLogoBytes+64<<10)
	if err := parseMultipart(r, attach.MaxLogoBytes+64<<10); err != nil {
		if errs.Is(err, errs.TooLarge) {
			err = errs.InvalidField("logo", "logo.err.too_large", attach.MaxLogoBytes>>10)
		}
		s.formFailed(w, r, err, s.logos)
		return
	}
	code := r.PostForm.Get("region_code")
	if err := logoRegion(r, code); err != nil {
		s.formFailed(w, r, err, s.logos)
		return
	}
	var b []byte
	if fhs := r.MultipartForm.File["logo"]; len(fhs) > 0 {
		f, err := fhs[0].Open()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		b, err = io.ReadAll(io.LimitReader(f, attach.MaxLogoBytes+1))
		f.Close()
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	logo, err := attach.CheckLogo(b)
	if err == nil {
		err = s.db.SetRegionLogo(r.Context(), s.actor(r), code, logo)
	}
	if err != nil {
		s.formFailed(w, r, err, s.logos)
		return
	}
	s.flash(r, "logo.saved")
	redirect(w, r, "/kelola/logo")
}

// deleteLogo: POST /kelola/logo/{code}/hapus (confirmed=1) removes a
// region's logo; its units' kop surat then print the next logo above, or
// none.
func (s *Server) deleteLogo(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	code := r.PathValue("code")
	if err := logoInScope(r, code); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostForm.Get("confirmed") != "1" {
		s.formFailed(w, r, errUnconfirmed(), s.logos)
		return
	}
	if err := s.db.DeleteRegionLogo(r.Context(), s.actor(r), code); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "logo.removed")
	redirect(w, r, "/kelola/logo")
}

// logoImage: GET /kelola/logo/{code} — the stored logo, for the page's
// preview.
func (s *Server) logoImage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if err := logoInScope(r, code); err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.db.RegionLogo(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", l.Logo.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(l.Logo.Data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(l.Logo.Data)
}

// logoInScope refuses a logo address whose region is not a region code
// (not found) or is outside the administrator's scope.
func logoInScope(r *http.Request, code string) error {
	if !region.ValidCode(code) {
		return errs.New(errs.NotFound, "logo.err.not_found", code)
	}
	if !principal(r).AdministersRegion(code) {
		return errs.New(errs.Forbidden, "err.out_of_scope")
	}
	return nil
}
