package web

import (
	"net/http"
	"net/url"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/instrument"
	"mutu/internal/region"
	"mutu/internal/store"
)

// checklistFormData is the form for the next version of a city's checklist.
type checklistFormData struct {
	Cities []region.Region // the cities and regencies the administrator covers
	City   string          // the one whose checklist the form edits
	Latest *store.InstrumentVersion
}

// sampleChecklist starts a city's first checklist: a shape to edit.
const sampleChecklist = `@umum | Pelayanan umum | 60
k1 | Standar pelayanan dan maklumat terpampang | 50
k2 | Petugas di loket sesuai jam layanan
@sarana | Sarana dan prasarana | 40
k3 | Ruang tunggu dan toilet bersih
k4 | Fasilitas bagi kelompok rentan
`

// adminCities lists the cities and regencies in the administrator's region.
func (s *Server) adminCities(r *http.Request) ([]region.Region, error) {
	return s.db.RegionsByLevelWithin(r.Context(), region.City, principal(r).RegionCode)
}

// checklistForm: GET /kelola/instrumen/ceklis?kota=CODE — the city's
// checklist as lines, ready to save as its next version.
func (s *Server) checklistForm(w http.ResponseWriter, r *http.Request) {
	cities, err := s.adminCities(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := checklistFormData{Cities: cities}
	city := r.URL.Query().Get("kota")
	if r.Method == http.MethodPost {
		city = r.PostForm.Get("city")
	}
	if i := slices.IndexFunc(cities, func(c region.Region) bool { return c.Code == city }); i >= 0 || len(cities) > 0 {
		d.City = cities[max(i, 0)].Code
	}
	form := url.Values{"city": {d.City}, "checklist": {sampleChecklist}}
	if d.City != "" {
		if d.Latest, err = s.db.LatestChecklist(r.Context(), d.City); err != nil {
			s.fail(w, r, err)
			return
		}
		if d.Latest != nil {
			form.Set("name", d.Latest.Name)
			form.Set("checklist", instrument.ChecklistText(d.Latest.Version))
		}
	}
	v := s.newView(r, "instrument.checklist_title", d)
	v.defaults(form)
	s.render(w, r, "instrument_checklist", http.StatusOK, v)
}

// saveChecklist: POST /kelola/instrumen/ceklis (city, name, checklist) —
// stores the next version of the city's checklist.
func (s *Server) saveChecklist(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	cities, err := s.adminCities(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	city := r.PostForm.Get("city")
	if !slices.ContainsFunc(cities, func(c region.Region) bool { return c.Code == city }) {
		s.formFailed(w, r, errs.InvalidField("city", "instrument.err.city"), s.checklistForm)
		return
	}
	v, err := instrument.ParseChecklist(r.PostForm.Get("name"), r.PostForm.Get("checklist"))
	if err == nil {
		var saved *store.InstrumentVersion
		if saved, err = s.db.AddChecklistVersion(r.Context(), s.actor(r), city, v); err == nil {
			s.flash(r, "instrument.checklist_saved")
			redirect(w, r, "/kelola/instrumen/"+saved.ID)
			return
		}
	}
	s.formFailed(w, r, err, s.checklistForm)
}
