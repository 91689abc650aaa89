package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/report"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// unitListQuery reads the filters of the unit list and confines them to the
// user's scope.
func unitListQuery(r *http.Request, p *account.Principal) store.UnitFilter {
	q := r.URL.Query()
	f := store.UnitFilter{
		RegionCode: strings.TrimSpace(q.Get("wilayah")),
		TypeCode:   q.Get("jenis"),
		Query:      q.Get("q"),
		Sort:       q.Get("urut"),
		Desc:       q.Get("arah") == "turun",
	}
	f.IncludeInactive = q.Get("status") == "semua"
	scope := scopeFilter(p)
	f.UnitIDs = scope.UnitIDs
	if !region.ValidCode(f.RegionCode) || !region.Within(f.RegionCode, scope.RegionCode) {
		f.RegionCode = scope.RegionCode
	}
	return f
}

// scopeFilter selects every unit p may see: an operator's units, or the
// units in a region-scoped user's region.
func scopeFilter(p *account.Principal) store.UnitFilter {
	if p.Role != account.Operator {
		return store.UnitFilter{RegionCode: p.RegionCode}
	}
	ids := make([]string, 0, len(p.UnitIDs))
	for id := range p.UnitIDs {
		ids = append(ids, id)
	}
	return store.UnitFilter{UnitIDs: ids}
}

// unitsData is the page data of the unit list (units.html).
type unitsData struct {
	Units              []unit.Unit
	Total, Page, Pages int
	Types              []unit.Type
	TypeNames          map[string]string // type code → name in the page's language
	// RegionFilter: the list filters by region; an operator's scope is
	// their units, not a region.
	RegionFilter bool
}

func (s *Server) manageUnits(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	f := unitListQuery(r, p)
	if format := r.URL.Query().Get("format"); format != "" {
		s.exportUnits(w, r, f, format)
		return
	}
	pageNo := max(1, atoi(r.URL.Query().Get("hal")))
	f.Limit, f.Offset = pageSize, (pageNo-1)*pageSize
	units, total, err := s.db.Units(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	types, err := s.db.UnitTypes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "units.title", &unitsData{
		Units: units, Total: total, Page: pageNo, Pages: (total + pageSize - 1) / pageSize,
		Types: types, TypeNames: typeNameMap(lang(r), types),
		RegionFilter: p.Role != account.Operator,
	})
	v.Form = r.URL.Query()
	if v.Form.Get("wilayah") == "" && p.Role != account.Operator {
		v.Form.Set("wilayah", p.RegionCode)
	}
	// htmx live filtering asks for the results only.
	if r.Header.Get("HX-Request") == "true" {
		s.renderFragment(w, r, "units", "unit-results", v)
		return
	}
	s.render(w, r, "units", http.StatusOK, v)
}

// exportUnits writes the filtered list as CSV or XLSX in the import
// format (unit.ImportColumns, then "active" and unit.ProfileColumns), so
// an export can be edited and imported elsewhere unchanged.
func (s *Server) exportUnits(w http.ResponseWriter, r *http.Request, f store.UnitFilter, format string) {
	if err := checkExportFormat(format); err != nil {
		s.fail(w, r, err)
		return
	}
	units, _, err := s.db.Units(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	services, err := s.db.Services(r.Context(), unitIDs(units))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var cols []report.Column
	for _, name := range slices.Concat(unit.ImportColumns, []string{"active"}, unit.ProfileColumns) {
		c := report.Column{Title: name, Width: unitColumnWidths[name]}
		if name == "lat" || name == "lng" {
			c.Kind, c.Places = report.Decimal, 6
		}
		cols = append(cols, c)
	}
	s.sendExport(w, r, "unit-layanan", format, report.Export{Sheet: "Unit layanan", Columns: cols, Rows: func(add func(...any) error) error {
		for _, u := range units {
			var names []string
			for _, sv := range services[u.ID] {
				if sv.Active {
					names = append(names, sv.Name)
				}
			}
			active := "ya"
			if !u.Active {
				active = "tidak"
			}
			var lat, lng any // empty cells for a unit without a point
			if u.Point != nil {
				lat, lng = u.Point.Lat, u.Point.Lng
			}
			if err := add(u.Code, u.Name, u.TypeCode, u.RegionCode, strings.Join(names, ";"), active, u.Address, u.OpeningHours, u.Phone, u.Email, u.Website, lat, lng); err != nil {
				return err
			}
		}
		return nil
	}})
}

// unitColumnWidths are the XLSX widths of the unit export's columns, in
// characters (others take the default).
var unitColumnWidths = map[string]float64{"unit_code": 16, "name": 40, "services": 50, "active": 8, "address": 40, "region_code": 14}

// managedUnit loads the unit named in the path if the user may change it.
func (s *Server) managedUnit(r *http.Request) (*unit.Unit, error) {
	return s.unitInPath(r, (*account.Principal).ManagesUnit)
}

// managedUnitForm loads the unit in the path that the user manages and
// parses the posted form; when either fails it has answered the request.
func (s *Server) managedUnitForm(w http.ResponseWriter, r *http.Request) (*unit.Unit, bool) {
	return withForm(s, w, r, s.managedUnit)
}

// withForm loads the object in the path with load and parses the posted
// form; when either fails it has answered the request.
func withForm[T any](s *Server, w http.ResponseWriter, r *http.Request, load func(*http.Request) (T, error)) (T, bool) {
	v, err := load(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		var zero T
		return zero, false
	}
	return v, true
}

// seenUnit loads the unit named in the path if the user may see it.
func (s *Server) seenUnit(r *http.Request) (*unit.Unit, error) {
	return s.unitInPath(r, (*account.Principal).SeesUnit)
}

func (s *Server) unitInPath(r *http.Request, allowed func(p *account.Principal, unitID, regionCode string) bool) (*unit.Unit, error) {
	u, err := s.db.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	if !allowed(principal(r), u.ID, u.RegionCode) {
		return nil, errs.New(errs.Forbidden, "err.out_of_scope_unit", u.Code)
	}
	return u, nil
}

func unitFormValues(u *unit.Unit) url.Values {
	lat, lng := unit.PointText(u.Point)
	return url.Values{
		"code": {u.Code}, "name": {u.Name}, "type": {u.TypeCode}, "region_code": {u.RegionCode}, "address": {u.Address},
		"opening_hours": {u.OpeningHours}, "phone": {u.Phone}, "email": {u.Email}, "website": {u.Website},
		"instagram": {u.Instagram}, "facebook": {u.Facebook}, "x": {u.X}, "youtube": {u.YouTube}, "tiktok": {u.TikTok},
		"head_name": {u.HeadName}, "head_nip": {u.HeadNIP}, "head_position": {u.HeadPosition},
		"lat": {lat}, "lng": {lng},
	}
}

// readUnitForm copies the posted profile fields onto u and returns the
// problems of those that are not text (its coordinates). Only
// administrators may change a unit's type and region.
func readUnitForm(r *http.Request, u *unit.Unit, admin bool) []errs.Field {
	f := r.PostForm
	u.Name = f.Get("name")
	if admin {
		u.TypeCode, u.RegionCode = f.Get("type"), f.Get("region_code")
	}
	u.Address, u.OpeningHours, u.Phone, u.Email = f.Get("address"), f.Get("opening_hours"), f.Get("phone"), f.Get("email")
	u.Website, u.Instagram, u.Facebook, u.X, u.YouTube, u.TikTok = f.Get("website"), f.Get("instagram"), f.Get("facebook"), f.Get("x"), f.Get("youtube"), f.Get("tiktok")
	u.HeadName, u.HeadNIP, u.HeadPosition = f.Get("head_name"), f.Get("head_nip"), f.Get("head_position")
	u.Normalize()
	point, fs := unit.ParsePoint(f.Get("lat"), f.Get("lng"))
	u.Point = point
	return fs
}

// checkUnitRefs checks that the unit's type and region exist and that the
// user administers the region.
func (s *Server) checkUnitRefs(r *http.Request, u *unit.Unit) []errs.Field {
	var fs []errs.Field
	types, err := s.db.UnitTypeCodes(r.Context())
	if err == nil && u.TypeCode != "" && !types[u.TypeCode] {
		fs = append(fs, errs.Field{Name: "type", Key: "unit.err.type_unknown"})
	}
	if region.ValidCode(u.RegionCode) {
		exist, err := s.db.RegionsExist(r.Context(), []string{u.RegionCode})
		switch {
		case err == nil && !exist[u.RegionCode]:
			fs = append(fs, errs.Field{Name: "region_code", Key: "region.err.unknown"})
		case !principal(r).AdministersRegion(u.RegionCode):
			fs = append(fs, errs.Field{Name: "region_code", Key: "err.out_of_scope"})
		}
	}
	return fs
}

// unitFormData is the page data of the unit forms (unit_new.html,
// unit_edit.html).
type unitFormData struct {
	Unit  *unit.Unit
	Types []unit.Type
	Admin bool // may change the unit's type and region
}

func (s *Server) unitFormView(r *http.Request, title string, u *unit.Unit) (*view, error) {
	types, err := s.db.UnitTypes(r.Context())
	if err != nil {
		return nil, err
	}
	v := s.newView(r, title, &unitFormData{Unit: u, Types: types, Admin: principal(r).Role == account.Admin})
	v.defaults(unitFormValues(u))
	if err := s.regionChoices(r, v, principal(r).RegionCode); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) editUnitForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.unitFormView(r, "unit.edit", u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "unit_edit", http.StatusOK, v)
}

func (s *Server) updateUnit(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	admin := principal(r).Role == account.Admin
	fs := append(readUnitForm(r, u, admin), u.Validate()...)
	if admin {
		fs = append(fs, s.checkUnitRefs(r, u)...)
	}
	err := errs.Fields("err.form", fs)
	if err == nil {
		err = s.db.UpdateUnit(r.Context(), s.actor(r), u)
	}
	if err != nil {
		s.formFailed(w, r, err, s.editUnitForm)
		return
	}
	s.flash(r, "unit.saved")
	redirect(w, r, "/kelola/unit/"+u.Code)
}

func (s *Server) newUnitForm(w http.ResponseWriter, r *http.Request) {
	u := &unit.Unit{RegionCode: principal(r).RegionCode}
	v, err := s.unitFormView(r, "unit.new", u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "unit_new", http.StatusOK, v)
}

func (s *Server) createUnit(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := &unit.Unit{Code: r.PostForm.Get("code")}
	fs := append(readUnitForm(r, u, true), u.Validate()...)
	fs = append(fs, s.checkUnitRefs(r, u)...)
	codes := map[string]bool{}
	for i, name := range strings.Split(r.PostForm.Get("services"), "\n") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		sv := unit.Service{Name: name, Code: unit.UniqueSlug(name, func(c string) bool { return codes[c] }), Active: true, SortOrder: i}
		codes[sv.Code] = true
		for _, f := range sv.Validate() {
			f.Name, f.Value = "services", name
			fs = append(fs, f)
		}
		u.Services = append(u.Services, sv)
	}
	err := errs.Fields("err.form", fs)
	if err == nil {
		err = s.db.CreateUnit(r.Context(), s.actor(r), u)
	}
	if err != nil {
		s.formFailed(w, r, err, s.newUnitForm)
		return
	}
	s.flash(r, "unit.created")
	redirect(w, r, "/kelola/unit/"+u.Code)
}

func (s *Server) setUnitStatus(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	active := r.PostForm.Get("active") == "1"
	if !active && r.PostForm.Get("confirmed") != "1" {
		s.formFailed(w, r, errUnconfirmed(), s.editUnitForm)
		return
	}
	if err := s.db.SetUnitActive(r.Context(), s.actor(r), u, active); err != nil {
		s.fail(w, r, err)
		return
	}
	if active {
		s.flash(r, "unit.activated")
	} else {
		s.flash(r, "unit.deactivated")
	}
	redirect(w, r, "/kelola/unit/"+u.Code)
}

func (s *Server) addService(w http.ResponseWriter, r *http.Request) {
	s.saveService(w, r, &unit.Service{Active: true})
}

func (s *Server) updateService(w http.ResponseWriter, r *http.Request) {
	s.saveService(w, r, nil)
}

// saveService adds sv (new) or updates the service named in the path.
func (s *Server) saveService(w http.ResponseWriter, r *http.Request, sv *unit.Service) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	if sv == nil {
		for i := range u.Services {
			if u.Services[i].Code == r.PathValue("service") {
				sv = &u.Services[i]
			}
		}
		if sv == nil {
			s.fail(w, r, errs.New(errs.NotFound, "service.err.not_found", r.PathValue("service")))
			return
		}
		sv.Active = r.PostForm.Get("active") == "1"
	}
	sv.Name, sv.Description = r.PostForm.Get("name"), r.PostForm.Get("description")
	sv.Code = strings.ToLower(strings.TrimSpace(r.PostForm.Get("code")))
	if sv.Code == "" {
		sv.Code = unit.UniqueSlug(sv.Name, func(c string) bool {
			for _, other := range u.Services {
				if other.Code == c && other.ID != sv.ID {
					return true
				}
			}
			return false
		})
	}
	err := errs.Fields("err.form", sv.Validate())
	if err == nil {
		err = s.db.SaveService(r.Context(), s.actor(r), u, sv)
	}
	if err != nil {
		s.formFailedRow(w, r, err, serviceRow(r.PathValue("service")), s.editUnitForm)
		return
	}
	s.flash(r, "service.saved")
	redirect(w, r, "/kelola/unit/"+u.Code+"#layanan")
}

// serviceRow names the form of a service on the unit's page: "svc-CODE"
// for a service's row, "new" for the form that adds one.
func serviceRow(code string) string {
	if code == "" {
		return "new"
	}
	return "svc-" + code
}

// ServiceRow is serviceRow for the template.
func (v *view) ServiceRow(code string) string { return serviceRow(code) }
