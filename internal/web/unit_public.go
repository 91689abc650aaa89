package web

import (
	"html/template"
	"net/http"
	"time"

	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The public unit page (GET /unit/{code}) is the unit's place on the
// portal: its profile, each service's published standard (the six
// service-delivery components), the maklumat, the latest IKM and mutu, and
// links to the survey and the complaint form; with schema.org JSON-LD.

// publicService is a service with the standard in force (nil: none yet).
type publicService struct {
	Service  unit.Service
	Standard *standard.Version
}

// unitPageData is the page data of unit.html.
type unitPageData struct {
	Unit     *unit.Unit
	Path     []region.Region
	Type     string
	Manage   bool
	Sees     bool // the signed-in user may open the unit's staff pages
	Services []publicService
	Maklumat *standard.Maklumat
	Result   skm.Result // the latest quarter with answers (or the current one)
	Period   string
	JSONLD   map[string]any // schema.org, written as <script type="application/ld+json">
	Embed    embedSnippet   // the widget's snippet for the unit's webmaster (widget.go)
	// Innovations are the unit's launched innovations (inov14).
	Innovations []store.ListedInnovation
}

// unitPageData gathers what the public unit page shows.
func (s *Server) unitPageData(r *http.Request, u *unit.Unit) (*unitPageData, error) {
	p := principal(r)
	d := &unitPageData{Unit: u, Manage: p.ManagesUnit(u.ID, u.RegionCode), Sees: p.SeesUnit(u.ID, u.RegionCode)}
	var err error
	if d.Path, err = s.db.RegionPath(r.Context(), u.RegionCode); err != nil {
		return nil, err
	}
	types, err := s.typeNames(r)
	if err != nil {
		return nil, err
	}
	d.Type = types[u.TypeCode]
	all, err := s.db.UnitStandards(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	for _, svc := range u.Services {
		if svc.Active {
			d.Services = append(d.Services, publicService{Service: svc, Standard: standard.Current(all[svc.ID], now)})
		}
	}
	if d.Maklumat, err = s.db.Maklumat(r.Context(), u.ID); err != nil {
		return nil, err
	}
	// The latest IKM: this quarter's, or the last one's while this quarter
	// has no answers yet.
	codes := skm.QuarterCodes(now, 2)
	for i := len(codes) - 1; i >= 0; i-- {
		rng, label, err := skm.ParsePeriod(codes[i])
		if err != nil {
			return nil, err
		}
		sum, err := skm.Summarize(r.Context(), s.db, u.ID, "", rng)
		if err != nil {
			return nil, err
		}
		d.Result, d.Period = sum.Result, label
		if sum.Respondents > 0 {
			break
		}
	}
	if d.Innovations, err = s.db.Innovations(r.Context(), store.InnovationFilter{UnitIDs: []string{u.ID}, Public: true}); err != nil {
		return nil, err
	}
	d.JSONLD = s.unitJSONLD(r, d)
	return d, nil
}

// unitJSONLD describes the unit and its services for search engines and
// other portals: a GovernmentOffice and one GovernmentService per service
// with a published standard (its fee as an offer in IDR, its time limit
// and requirements as the description). It is data, not script: the page's
// CSP (script-src 'self') does not apply to a data block, which browsers
// never execute.
func (s *Server) unitJSONLD(r *http.Request, d *unitPageData) map[string]any {
	u := d.Unit
	base := s.baseURL(r)
	office := map[string]any{"@type": "GovernmentOffice", "@id": base + "/unit/" + u.Code, "name": u.Name, "url": base + "/unit/" + u.Code}
	if u.Address != "" {
		office["address"] = u.Address
	}
	if u.Phone != "" {
		office["telephone"] = u.Phone
	}
	if u.Email != "" {
		office["email"] = u.Email
	}
	graph := []any{office}
	for _, ps := range d.Services {
		if ps.Standard == nil {
			continue
		}
		c := ps.Standard.Content
		svc := map[string]any{"@type": "GovernmentService", "name": ps.Service.Name, "url": base + "/unit/" + u.Code + "/layanan/" + ps.Service.Code,
			"serviceOperator": map[string]any{"@id": office["@id"]}, "provider": map[string]any{"@id": office["@id"]},
			"serviceOutput": c.Product, "termsOfService": c.Fee.Basis}
		if c.Fee.Kind != standard.Regulated {
			svc["offers"] = map[string]any{"@type": "Offer", "price": c.Fee.AmountRp, "priceCurrency": "IDR"}
		}
		graph = append(graph, svc)
	}
	return map[string]any{"@context": "https://schema.org", "@graph": graph}
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.db.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !u.Active && !principal(r).SeesUnit(u.ID, u.RegionCode) {
		s.fail(w, r, errs.New(errs.NotFound, "unit.err.not_found", u.Code))
		return
	}
	d, err := s.unitPageData(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Embed = s.embedFor(r, u)
	v := s.newView(r, "", d)
	v.Title = u.Name
	s.render(w, r, "unit", http.StatusOK, v)
}

// publicServiceData is the page of one service's published standard
// (unit_service.html), at a stable address for posters and QR codes.
type publicServiceData struct {
	Unit     *unit.Unit
	Service  *unit.Service
	Standard *standard.Version
	Flow     template.HTML
	// DueBy is the last day a complete request received now must be
	// finished, for limits counted in days (zero otherwise).
	DueBy time.Time
}

// publicServicePage: GET /unit/{code}/layanan/{service}.
func (s *Server) publicServicePage(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svc, cur, err := s.currentServiceStandard(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &publicServiceData{Unit: u, Service: svc, Standard: cur}
	v := s.newView(r, "", d)
	v.Title = svc.Name + " — " + u.Name
	if cur != nil {
		d.Flow = template.HTML(standard.FlowSVG(v.T("standard.flow_title", svc.Name), cur.Content.Steps))
		if t := cur.Content.Time; t.Unit == standard.WorkingDays || t.Unit == standard.CalendarDays {
			d.DueBy = t.Due(s.workingCalendar(), s.db.Now()).Add(-time.Nanosecond)
		}
	}
	s.render(w, r, "unit_service", http.StatusOK, v)
}
