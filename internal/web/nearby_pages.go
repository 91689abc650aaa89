package web

import (
	"cmp"
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
	nearbyRead  = 5000 // units with a point read from a region at most: the distances are computed in Go
	// nearbyMargin widens the cities' bounding boxes, in degrees (about 3 km).
	nearbyMargin = 0.03
)

// nearbyPage is the data of "unit terdekat".
type nearbyPage struct {
	Asked  bool            // a point was given
	Place  []*geo.Boundary // the regions holding it, province first
	Units  []nearbyUnit
	Within []*geo.Boundary // the regions searched
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
// nearest a point, among those with coordinates in the cities (kabupaten/
// kota) near it, or in its province when they have none. A GET form that
// works without JavaScript; "Gunakan lokasi saya" fills it.
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
	pl, err := s.places(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Place = pl.index.Locate(p.Orb())
	if len(d.Place) == 0 {
		s.render(w, r, "nearby", http.StatusOK, v)
		return
	}
	// The cities near the point (the one holding it and those within about
	// 3 km: the nearest unit may be across a border), else its province.
	for _, within := range [][]*geo.Boundary{pl.index.Near(p.Orb(), region.City, nearbyMargin), d.Place[:1]} {
		for _, b := range within {
			units, err := s.db.UnitsWithPointWithin(r.Context(), b.Code, nearbyRead)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Within = append(d.Within, b)
			for _, u := range units {
				d.Units = append(d.Units, nearbyUnit{Unit: u, Metres: geo.Distance(*p, *u.Point)})
			}
		}
		if len(d.Units) > 0 {
			break
		}
		d.Within = nil
	}
	slices.SortStableFunc(d.Units, func(a, b nearbyUnit) int { return cmp.Compare(a.Metres, b.Metres) })
	d.Units = d.Units[:min(len(d.Units), nearbyShown)]
	s.render(w, r, "nearby", http.StatusOK, v)
}
