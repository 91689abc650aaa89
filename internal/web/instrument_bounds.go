package web

import (
	"net/http"
	"net/url"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/store"
)

// boundsData is the form for new category bounds of a national version.
type boundsData struct {
	V    *store.InstrumentVersion
	Rows []boundRow
}

type boundRow struct {
	Kategori, Predikat, Zone string
	Last                     bool   // starts at the index's minimum: not editable
	Min                      string // the last row's fixed bound, as shown
}

// editableVersion loads a version whose category bounds an administrator
// may edit: a national one with a category table. Only administrators of
// a whole province edit national data (as the working-day calendar).
func (s *Server) editableVersion(r *http.Request) (*store.InstrumentVersion, error) {
	if !provinceAdmin(r) {
		return nil, errs.New(errs.Forbidden, "instrument.err.province_only")
	}
	v, err := s.db.InstrumentVersionByID(r.Context(), r.PathValue("id"))
	if err == nil && (v.RegionCode != "" || len(v.Categories) == 0) {
		err = errs.New(errs.NotFound, "instrument.err.unknown_version", r.PathValue("id"))
	}
	return v, err
}

// boundsForm: GET /kelola/instrumen/{id}/batas — the version's category
// bounds, to save as the instrument's next version.
func (s *Server) boundsForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.editableVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := lang(r)
	d := boundsData{V: v}
	form := url.Values{}
	labels := map[string]string{}
	for i, c := range v.Categories {
		row := boundRow{Kategori: c.Kategori, Predikat: c.Predikat, Zone: c.Zone, Last: i == len(v.Categories)-1}
		if row.Last {
			row.Min = i18n.Decimal(l, float64(c.Min)/100, 2)
		} else {
			form.Set("min-"+c.Kategori, i18n.Decimal(l, float64(c.Min)/100, 2))
			labels["min-"+c.Kategori] = i18n.T(l, "instrument.bound_min", c.Kategori)
		}
		if !c.Unconfirmed {
			form.Set("sourced-"+c.Kategori, "1")
		}
		d.Rows = append(d.Rows, row)
	}
	view := s.newView(r, "instrument.bounds_title", d)
	view.Labels = labels
	view.defaults(form)
	s.render(w, r, "instrument_bounds", http.StatusOK, view)
}

// saveBounds: POST /kelola/instrumen/{id}/batas (min-<kategori>,
// sourced-<kategori>) — stores the version with the new bounds as the
// instrument's next version; the one edited stays for the results that
// name it.
func (s *Server) saveBounds(w http.ResponseWriter, r *http.Request) {
	from, err := s.editableVersion(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mins, sourced := map[string]string{}, map[string]bool{}
	for _, c := range from.Categories {
		mins[c.Kategori] = r.PostForm.Get("min-" + c.Kategori)
		sourced[c.Kategori] = r.PostForm.Get("sourced-"+c.Kategori) == "1"
	}
	v, err := from.WithBounds(mins, sourced)
	if err == nil {
		var saved *store.InstrumentVersion
		if saved, err = s.db.AddEditedVersion(r.Context(), s.actor(r), from, v); err == nil {
			s.flash(r, "instrument.bounds_saved")
			redirect(w, r, "/kelola/instrumen/"+saved.ID)
			return
		}
	}
	s.formFailed(w, r, err, s.boundsForm)
}
