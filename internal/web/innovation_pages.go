package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/innovation"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// Innovations (issue #14): the staff pages of the registry under
// /kelola/inovasi — read by every role whose scope covers the unit,
// written by the unit's managers — and the public catalogue under
// /inovasi with a page per innovation on its unit's address.

// innovationsData is the page data of innovations.html (the staff list)
// and innovation_unit.html (one unit's innovations and the new form).
type innovationsData struct {
	Unit     *unit.Unit // innovation_unit.html
	Manage   bool
	Rows     []store.ListedInnovation
	Statuses []innovation.Status
	Services []unit.Service // the unit's active services, for the form
	Managed  []unit.Unit    // innovations.html: units the operator manages
}

// innovationScope is the filter of the innovations a user sees.
func innovationScope(p *account.Principal) store.InnovationFilter {
	if p.Role == account.Operator {
		// never nil: an operator without units sees none, not all
		return store.InnovationFilter{UnitIDs: append([]string{}, slices.Sorted(maps.Keys(p.UnitIDs))...)}
	}
	return store.InnovationFilter{RegionCode: p.RegionCode}
}

// innovations: GET /kelola/inovasi — every innovation in the user's scope.
func (s *Server) innovations(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f := innovationScope(p)
	rows, err := s.db.Innovations(r.Context(), f)
	d := &innovationsData{Rows: rows}
	// An operator's own units, to register an innovation for; others find
	// the unit from its page.
	var managed map[string]unit.Unit
	ids := slices.Sorted(maps.Keys(p.UnitIDs))
	if err == nil {
		managed, err = s.unitsByID(r, ids)
	}
	for _, id := range ids {
		if u, ok := managed[id]; ok {
			d.Managed = append(d.Managed, u)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "innovations", http.StatusOK, s.newView(r, "innovation.title", d))
}

// unitInnovations: GET /kelola/inovasi/unit/{code}.
func (s *Server) unitInnovations(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &innovationsData{Unit: u, Manage: principal(r).ManagesUnit(u.ID, u.RegionCode), Statuses: innovation.Statuses, Services: activeServices(u)}
	if d.Rows, err = s.db.UnitInnovations(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "innovation.title", d)
	v.Title = v.T("innovation.title") + " — " + u.Name
	v.defaults(url.Values{"status": {string(innovation.Running)}})
	s.render(w, r, "innovation_unit", http.StatusOK, v)
}

// activeServices are the services an innovation may change.
func activeServices(u *unit.Unit) []unit.Service {
	var out []unit.Service
	for _, svc := range u.Services {
		if svc.Active {
			out = append(out, svc)
		}
	}
	return out
}

// innovationInput reads the form into the domain's input.
func innovationInput(f url.Values) innovation.Input {
	return innovation.Input{Name: f.Get("name"), Acronym: f.Get("acronym"), Problem: f.Get("problem"), Description: f.Get("description"),
		LaunchedOn: f.Get("launched_on"), Status: f.Get("status"), Services: f["services"]}
}

// validInnovation validates the form against the unit's active services.
func (s *Server) validInnovation(r *http.Request, u *unit.Unit) (innovation.Innovation, error) {
	var ids []string
	for _, svc := range activeServices(u) {
		ids = append(ids, svc.ID)
	}
	return innovationInput(r.PostForm).Validate(s.db.Now(), ids)
}

// createInnovation: POST /kelola/inovasi/unit/{code}, with its first
// evidence files.
func (s *Server) createInnovation(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i, err := s.validInnovation(r, u)
	if err != nil {
		s.formFailed(w, r, err, s.unitInnovations)
		return
	}
	// The files need the record's id for their directory: it is chosen here.
	i.ID = store.NewID()
	err = s.withEvidence(r, "innovation_files", "innovation", i.ID, func(files []store.EvidenceFile) error {
		return s.db.CreateInnovation(r.Context(), s.actor(r), u, &i, files)
	})
	if err != nil {
		s.formFailed(w, r, err, s.unitInnovations)
		return
	}
	s.flash(r, "innovation.saved")
	redirect(w, r, "/kelola/inovasi/unit/"+u.Code+"/"+i.ID)
}

// innovationData is the page of one innovation, for staff
// (innovation_edit.html) and the public (innovation_public.html).
type innovationData struct {
	Unit       *unit.Unit
	Path       []region.Region
	Innovation *store.ListedInnovation
	Services   []unit.Service // the services it changes
	All        []unit.Service // the unit's active services (the edit form)
	Effect     innovation.Effect
	Files      []store.EvidenceFile
	Manage     bool
	Sees       bool
	Statuses   []innovation.Status
}

// innovationOf loads the innovation in the path of a unit, with its effect.
func (s *Server) innovationOf(r *http.Request, u *unit.Unit) (*innovationData, error) {
	i, err := s.db.InnovationOf(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := principal(r)
	d := &innovationData{Unit: u, Innovation: i, All: activeServices(u), Statuses: innovation.Statuses,
		Manage: p.ManagesUnit(u.ID, u.RegionCode), Sees: p.SeesUnit(u.ID, u.RegionCode)}
	for _, svc := range u.Services {
		if slices.Contains(i.ServiceIDs, svc.ID) {
			d.Services = append(d.Services, svc)
		}
	}
	if i.Status != innovation.Planned {
		if d.Effect, err = s.innovationEffect(r.Context(), &i.Innovation); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// innovationPage: GET /kelola/inovasi/unit/{code}/{id}.
func (s *Server) innovationPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	var d *innovationData
	if err == nil {
		d, err = s.innovationOf(r, u)
	}
	var files map[string][]store.EvidenceFile
	if err == nil {
		files, err = s.db.Evidence(r.Context(), u.ID, store.OwnerInnovation)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Files = files[d.Innovation.ID]
	v := s.newView(r, "innovation.title", d)
	v.Title = d.Innovation.Title() + " — " + u.Name
	in := innovation.InputOf(d.Innovation.Innovation)
	v.defaults(url.Values{"name": {in.Name}, "acronym": {in.Acronym}, "problem": {in.Problem}, "description": {in.Description},
		"launched_on": {in.LaunchedOn}, "status": {in.Status}, "services": in.Services})
	s.render(w, r, "innovation_edit", http.StatusOK, v)
}

// updateInnovation: POST /kelola/inovasi/unit/{code}/{id}.
func (s *Server) updateInnovation(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	old, err := s.db.InnovationOf(r.Context(), u.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i, err := s.validInnovation(r, u)
	if err == nil {
		i.ID = old.ID
		err = s.db.UpdateInnovation(r.Context(), s.actor(r), u, &i)
	}
	if err != nil {
		s.formFailed(w, r, err, s.innovationPage)
		return
	}
	s.flash(r, "innovation.saved")
	redirect(w, r, "/kelola/inovasi/unit/"+u.Code+"/"+old.ID)
}

// addInnovationEvidence: POST /kelola/inovasi/unit/{code}/{id}/bukti.
func (s *Server) addInnovationEvidence(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	var i *store.ListedInnovation
	if err == nil {
		i, err = s.db.InnovationOf(r.Context(), u.ID, r.PathValue("id"))
	}
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.addEvidence(r, u, store.OwnerInnovation, i.ID, "innovation", i.Title()); err != nil {
		s.formFailed(w, r, err, s.innovationPage)
		return
	}
	s.flash(r, "standard.evidence_added")
	redirect(w, r, "/kelola/inovasi/unit/"+u.Code+"/"+i.ID+"#bukti")
}

// catalogueData is the page data of innovation_catalogue.html.
type catalogueData struct {
	Rows    []store.ListedInnovation
	Regions []region.Region // the cities with innovations, for the filter
	Units   []store.ListedInnovation
	Total   int // innovations in the catalogue, before the filters
}

// innovationCatalogue: GET /inovasi?wilayah=&unit= — the public catalogue
// of launched innovations, filtered by city (or any region) and unit.
func (s *Server) innovationCatalogue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	all, err := s.db.Innovations(r.Context(), store.InnovationFilter{Public: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &catalogueData{Total: len(all)}
	var cities []string
	units := map[string]bool{}
	for _, i := range all {
		code := i.RegionCode
		if len(code) > 5 {
			code = code[:5] // the city (kota/kabupaten) of a kecamatan's unit
		}
		if !slices.Contains(cities, code) {
			cities = append(cities, code)
		}
		if !units[i.UnitID] {
			units[i.UnitID] = true
			d.Units = append(d.Units, i)
		}
		if (q.Get("wilayah") == "" || region.Within(i.RegionCode, q.Get("wilayah"))) && (q.Get("unit") == "" || q.Get("unit") == i.UnitCode) {
			d.Rows = append(d.Rows, i)
		}
	}
	// one read for the cities, in code order
	if d.Regions, err = s.db.RegionsByCode(r.Context(), cities); err != nil {
		s.fail(w, r, err)
		return
	}
	slices.SortFunc(d.Units, func(a, b store.ListedInnovation) int { return cmp.Compare(a.UnitName, b.UnitName) })
	v := s.newView(r, "innovation.catalogue", d)
	v.Form = q
	s.render(w, r, "innovation_catalogue", http.StatusOK, v)
}

// publicInnovation: GET /unit/{code}/inovasi/{id} — a launched
// innovation with its measured effect.
func (s *Server) publicInnovation(w http.ResponseWriter, r *http.Request) {
	u, err := s.db.UnitByCode(r.Context(), r.PathValue("code"))
	var d *innovationData
	if err == nil && !u.Active {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err == nil {
		d, err = s.innovationOf(r, u)
	}
	if err == nil && !d.Innovation.Status.Public() {
		err = errs.New(errs.NotFound, "err.not_found")
	}
	if err == nil {
		d.Path, err = s.db.RegionPath(r.Context(), u.RegionCode)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "innovation.title", d)
	v.Title = d.Innovation.Title()
	s.render(w, r, "innovation_public", http.StatusOK, v)
}
