package web

import (
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/paulmach/orb"

	"mutu/internal/attach"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
)

// regionPicker is the public complaint form's map, an alternative to the
// region list that works without JavaScript: each area links to the form
// with ?wilayah=CODE, which chooses that region and shows the areas below
// it, from the cities down to the kelurahan.
type regionPicker struct {
	Chosen *region.Region  // the region chosen so far, nil for none
	Extra  *region.Region  // the chosen region when the list (of cities) does not hold it
	Path   []region.Region // the chosen region and the regions above it
	Up     []region.Region // the cities and kecamatan above the chosen region, to go back up
	Map    *mapView
}

// pickerAnchor brings the reader back to the map after each click.
const pickerAnchor = "#peta-wilayah"

// complaintPicker builds the form's map for the region in ?wilayah= (or
// the one posted, when the form is shown again) and chooses that region in
// the list. A malformed or unknown ?wilayah= is refused; a posted region
// was already checked by the intake, so a bad one only leaves the map at
// the top.
func (s *Server) complaintPicker(r *http.Request, v *view) (*regionPicker, error) {
	ctx := r.Context()
	code, asked := r.PostFormValue("region"), false
	if code == "" {
		code = strings.TrimSpace(r.URL.Query().Get("wilayah"))
		asked = code != ""
	}
	p := &regionPicker{}
	if code != "" {
		if !region.ValidCode(code) {
			if asked {
				return nil, errs.InvalidField("region", "complaint.err.region")
			}
		} else if path, err := s.db.RegionPath(ctx, code); err == nil {
			p.Path = path
			p.Chosen = &path[len(path)-1]
			for _, a := range path[:len(path)-1] {
				if a.Level != region.Province {
					p.Up = append(p.Up, a)
				}
			}
		} else if asked || errs.CodeOf(err) != errs.NotFound {
			return nil, err
		}
	}
	level, within, highlight := region.City, "", ""
	if c := p.Chosen; c != nil {
		v.Form.Set("region", c.Code)
		if c.Level != region.City {
			p.Extra = c
		}
		switch c.Level {
		case region.Province:
			within = c.Code
		case region.City:
			level, within = region.District, c.Code
		case region.District:
			level, within = region.Village, c.Code
		case region.Village:
			level, within, highlight = region.Village, region.ParentOf(c.Code), c.Code
		}
	}
	lay, err := s.regionLayout(ctx, within, level)
	if err != nil || lay == nil {
		return p, err
	}
	title := v.T("map.picker_title", v.T("level."+string(level)+".plural"))
	p.Map = pickerMap(v, lay, "peta-wilayah-map", title, highlight, nil,
		func(code string) string { return "/pengaduan?wilayah=" + code + pickerAnchor })
	return p, nil
}

// Label names the chosen region with the regions above it but the
// province (which is the province's own name when it is the one chosen):
// "Ancol, Pademangan, Kota Administrasi Jakarta Utara".
func (p *regionPicker) Label() string {
	var names []string
	for i := len(p.Path) - 1; i >= 0; i-- {
		if i == len(p.Path)-1 || p.Path[i].Level != region.Province {
			names = append(names, p.Path[i].Name)
		}
	}
	return strings.Join(names, ", ")
}

// staffPointMap is the small map on the staff's report page: the region
// the report's unit sits in, among its neighbours, outlined, and the
// report's point where there is one. Reports carry no point of their own
// yet: the point is the location recorded in the first photo whose
// reporter chose to share it (attach.Strip keeps the EXIF block only then).
func (s *Server) staffPointMap(r *http.Request, v *view, rep *complaint.Report, files []store.Attachment) (*mapView, error) {
	code := rep.RegionCode
	level, ok := region.LevelOf(code)
	if !ok || level == region.Province {
		return nil, nil
	}
	lay, err := s.regionLayout(r.Context(), region.ParentOf(code), level)
	if err != nil || lay == nil {
		return nil, err
	}
	name := code
	for _, a := range lay.Areas {
		if a.Code == code {
			name = a.Name
		}
	}
	// The point the reporter gave (the form's "use my location", Open311's
	// lat/long) comes first; else the first photo shared with its location.
	var point *orb.Point
	note := "map.stored_point"
	if rep.Point != nil {
		o := rep.Point.Orb()
		point = &o
	} else {
		point, note = s.photoPoint(rep.ID, files), "map.photo_point"
	}
	m := pickerMap(v, lay, "report-map", v.T("map.report_title", name), code, point, nil)
	m.Rows = nil // the neighbours are context, not a list to read
	if point != nil {
		m.Note = v.T(note, v.Dec(point[1], 5), v.Dec(point[0], 5))
	}
	return m, nil
}

// photoPoint is the location (longitude, latitude) recorded in the first
// JPEG attachment that has one, or nil. Only the start of each file is
// read: the EXIF block comes before the image data.
func (s *Server) photoPoint(complaintID string, files []store.Attachment) *orb.Point {
	for _, f := range files {
		if f.ContentType != "image/jpeg" {
			continue
		}
		fh, err := os.Open(s.attachmentPath(complaintID, f.ID))
		if err != nil {
			continue // a missing file is reported where it is downloaded
		}
		head, _ := io.ReadAll(io.LimitReader(fh, 128<<10))
		fh.Close()
		if lat, lon, ok := attach.GPS(head); ok {
			return &orb.Point{lon, lat}
		}
	}
	return nil
}
