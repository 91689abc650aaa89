package web

import (
	"math"
	"net/http"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/unit"
)

const (
	nearbyShown = 10   // units listed, nearest first
	nearbyRead  = 5000 // units with a point read from the region at most: the distances are computed in Go
)

// nearbyPage is the data of "unit terdekat".
type nearbyPage struct {
	Asked  bool            // a point was given
	Place  []*geo.Boundary // the regions holding it, province first
	Units  []nearbyUnit
	Within *geo.Boundary // the region searched
}

type nearbyUnit struct {
	Unit   unit.Unit
	Metres float64
}

// Distance is the distance as people say it: metres up to a kilometre.
func (n nearbyUnit) Distance(v *view) string {
	if n.Metres < 1000 {
		return v.T("nearby.metres", v.Int(int(math.Round(n.Metres/10))*10))
	}
	return v.T("nearby.km", v.Dec(n.Metres/1000, 1))
}

// unitsNearby: GET /unit-terdekat?lat=…&lng=… lists the active units
// nearest a point, among those with coordinates in the city (kabupaten/
// kota) holding it, or in its province when the city has none. A GET form
// that works without JavaScript; "Gunakan lokasi saya" fills it.
func (s *Server) unitsNearby(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &nearbyPage{}
	v := s.newView(r, "nearby.title", d)
	v.Form.Set("lat", q.Get("lat"))
	v.Form.Set("lng", q.Get("lng"))
	p, fs := formPoint(q.Get("lat"), q.Get("lng"))
	if len(fs) > 0 {
		formErrors(v, errs.InvalidField("lat", "nearby.err.point"))
		s.render(w, r, "nearby", http.StatusBadRequest, v)
		return
	}
	if p == nil {
		s.render(w, r, "nearby", http.StatusOK, v)
		return
	}
	d.Asked = true
	chain, err := s.locate(r.Context(), *p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Place = chain
	// The city holding the point, then its province: the nearest units are there.
	for i := len(chain) - 1; i >= 0 && len(d.Units) == 0; i-- {
		if lvl := chain[i].Level; lvl != region.City && lvl != region.Province {
			continue
		}
		units, err := s.db.UnitsWithPointWithin(r.Context(), chain[i].Code, nearbyRead)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Within = chain[i]
		for _, u := range units {
			d.Units = append(d.Units, nearbyUnit{Unit: u, Metres: geo.Distance(*p, *u.Point)})
		}
	}
	slices.SortStableFunc(d.Units, func(a, b nearbyUnit) int {
		switch {
		case a.Metres < b.Metres:
			return -1
		case a.Metres > b.Metres:
			return 1
		}
		return 0
	})
	d.Units = d.Units[:min(len(d.Units), nearbyShown)]
	s.render(w, r, "nearby", http.StatusOK, v)
}
