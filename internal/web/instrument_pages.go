package web

import (
	"math/big"
	"net/http"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/instrument"
	"mutu/internal/region"
	"mutu/internal/store"
)

// instrumentsData is the list of scored instruments and their versions.
type instrumentsData struct {
	Instruments []instrumentGroup
}

type instrumentGroup struct {
	Code, Name, Kind, RegionCode string
	Versions                     []store.InstrumentVersion // newest first
}

// instrumentVersionData is one version in full.
type instrumentVersionData struct {
	V          *store.InstrumentVersion
	Aspects    []aspectView
	Categories []categoryView
	Assumed    bool // some weight is assumed: the page explains the rule
	Zones      bool // the categories have zones (the Ombudsman's)
	// Unconfirmed: some category bounds are Mutu's reading, not a
	// published table; the page says so.
	Unconfirmed bool
	Editable    bool // the user may save new bounds as the next version
}

type aspectView struct {
	instrument.Aspect
	WeightText string
	Indicators []indicatorView
}

type indicatorView struct {
	instrument.Indicator
	WeightText string // "" for an unscored item
	Assumed    bool
}

type categoryView struct {
	instrument.Category
	Range string // "4,51 – 5,00"
}

// seesInstrument: national instruments are for every staff member; a
// city's own checklist for the roles scoped to a region that covers the
// city or lies in it.
func seesInstrument(p *account.Principal, v store.InstrumentVersion) bool {
	if v.RegionCode == "" {
		return true
	}
	return p != nil && p.RegionCode != "" && (region.Within(v.RegionCode, p.RegionCode) || region.Within(p.RegionCode, v.RegionCode))
}

// instruments: GET /kelola/instrumen — the scored instruments and their
// versions (PEKPPP, the cities' visit checklists).
func (s *Server) instruments(w http.ResponseWriter, r *http.Request) {
	all, err := s.db.InstrumentVersions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d instrumentsData
	for _, v := range all {
		if !seesInstrument(principal(r), v) {
			continue
		}
		if n := len(d.Instruments); n == 0 || d.Instruments[n-1].Code != v.Instrument {
			d.Instruments = append(d.Instruments, instrumentGroup{Code: v.Instrument, Name: v.Name, Kind: v.Kind, RegionCode: v.RegionCode})
		}
		g := &d.Instruments[len(d.Instruments)-1]
		g.Versions = append(g.Versions, v)
	}
	s.render(w, r, "instruments", http.StatusOK, s.newView(r, "instrument.title", d))
}

// instrumentVersion: GET /kelola/instrumen/{id} — a version in full:
// aspects and indicators with their weights (sourced or assumed), level
// descriptors, evidence, the category table.
func (s *Server) instrumentVersion(w http.ResponseWriter, r *http.Request) {
	v, err := s.db.InstrumentVersionByID(r.Context(), r.PathValue("id"))
	if err == nil && !seesInstrument(principal(r), *v) {
		err = errs.New(errs.NotFound, "instrument.err.unknown_version", r.PathValue("id"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := lang(r)
	d := instrumentVersionData{V: v, Editable: provinceAdmin(r) && v.RegionCode == "" && len(v.Categories) > 0}
	weights := v.Weights()
	for _, a := range v.Aspects {
		av := aspectView{Aspect: a, WeightText: percentText(l, a.Weight.Rat())}
		for _, ind := range a.Indicators {
			iv := indicatorView{Indicator: ind}
			if w, ok := weights[ind.Code]; ok {
				iv.WeightText, iv.Assumed = percentText(l, w.Percent), w.Assumed
				d.Assumed = d.Assumed || w.Assumed
			}
			av.Indicators = append(av.Indicators, iv)
		}
		d.Aspects = append(d.Aspects, av)
	}
	top := int64(v.Index().Max) * 100
	for _, c := range v.Categories {
		d.Categories = append(d.Categories, categoryView{Category: c,
			Range: i18n.Decimal(l, float64(c.Min)/100, 2) + " – " + i18n.Decimal(l, float64(top)/100, 2)})
		top = int64(c.Min) - 1
		d.Zones = d.Zones || c.Zone != ""
		d.Unconfirmed = d.Unconfirmed || c.Unconfirmed
	}
	view := s.newView(r, "instrument.title", d)
	view.Title = v.Name + " — " + v.Label
	s.render(w, r, "instrument_version", http.StatusOK, view)
}

// percentText writes a weight as people read it: "17 %", "33,33 %".
func percentText(l i18n.Lang, p *big.Rat) string {
	if p.IsInt() {
		return i18n.Int(l, p.Num().Int64()) + " %"
	}
	f, _ := p.Float64()
	return i18n.Decimal(l, f, 2) + " %"
}
