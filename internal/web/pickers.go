package web

import (
	"net/http"

	"mutu/internal/region"
)

// choice is one entry of a picker: the value a form posts and the words a
// person searches by.
type choice struct{ Value, Label string }

// maxRegionChoices bounds the region picker's list: a province's cities,
// kecamatan and kelurahan fit well within it.
const maxRegionChoices = 2000

// regionChoices are the regions within scope (the city, its kecamatan and
// kelurahan…) for the region picker, each named in words with its level
// and the region above it, so that a person finds "Penjaringan" by name
// while the form still posts the code (a typed code stays accepted).
func (s *Server) regionChoices(r *http.Request, v *view, scope string) error {
	names := map[string]string{}
	var out []choice
	for _, l := range region.Levels {
		rs, err := s.db.RegionsByLevelWithin(r.Context(), l, scope)
		if err != nil {
			return err
		}
		for _, rg := range rs {
			names[rg.Code] = rg.Name
			label := v.T("level."+string(l)) + " " + rg.Name
			if p := names[rg.ParentCode]; p != "" {
				label += ", " + p
			}
			if len(out) < maxRegionChoices {
				out = append(out, choice{Value: rg.Code, Label: label})
			}
		}
	}
	v.choose("region_code", out)
	return nil
}

// choose sets the choices of the picker for a field.
func (v *view) choose(field string, cs []choice) {
	if v.Choices == nil {
		v.Choices = map[string][]choice{}
	}
	v.Choices[field] = cs
}
