package web

import (
	"net/http"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// formPoint reads the point "Gunakan lokasi saya" put in a form's lat and
// lng (nil when none was asked for), as unit coordinates are read; any
// problem is one message beside the location's fieldset.
func formPoint(lat, lng string) (*geo.Point, []errs.Field) {
	p, fs := unit.ParsePoint(lat, lng)
	if len(fs) > 0 {
		return nil, []errs.Field{{Name: "point", Key: "geo.err.point"}}
	}
	return p, nil
}

// placeIntake applies the complaint form's point to a report: unless the
// citizen chose a unit, or a region that does not hold the point, the
// report goes where Open311 sends a report with that point (routePoint:
// the kelurahan office, else the nearest desk above it), and the point is
// kept only if they agreed (keep_point).
func (s *Server) placeIntake(r *http.Request, in *complaint.Intake) []errs.Field {
	f := r.PostForm
	p, fs := formPoint(f.Get("lat"), f.Get("lng"))
	if p == nil {
		return fs
	}
	if in.UnitCode == "" {
		rt, err := s.routePoint(r.Context(), *p)
		if err != nil {
			// The region list still works: say so rather than fail the whole report.
			s.log.Error("routing by a point", "request_id", requestID(r), "err", err)
			return []errs.Field{{Name: "point", Key: "geo.err.unavailable"}}
		}
		if rt == nil {
			return []errs.Field{{Name: "point", Key: "geo.err.outside"}}
		}
		if in.RegionCode == "" || region.Within(rt.Located, in.RegionCode) {
			in.RegionCode, in.UnitCode = rt.Located, rt.Receiver.Code
		}
	}
	if f.Get("keep_point") == "1" {
		in.Point = p
	}
	return nil
}
