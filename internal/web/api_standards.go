package web

import (
	"net/http"
	"net/url"

	"mutu/internal/clock"
	"mutu/internal/standard"
)

// apiStandards is the body of GET /api/v1/units/{code}/standards: the
// standards in force for the unit's active services, with the six
// components a standard publishes to service users (methods.md §2; the
// eight internal ones stay inside the unit), so that other government
// portals can show them.
type apiStandards struct {
	Unit      string        `json:"unit"`
	Name      string        `json:"name"`
	Standards []apiStandard `json:"standards"`
}

type apiStandard struct {
	Service       apiService         `json:"service"`
	Version       int                `json:"version"`
	EffectiveFrom string             `json:"effective_from"` // YYYY-MM-DD, WIB
	Decree        apiDecree          `json:"decree"`
	Requirements  []string           `json:"requirements"`
	Steps         []string           `json:"steps"`
	Time          standard.TimeLimit `json:"time"`
	TimeNote      string             `json:"time_note,omitempty"`
	Fee           standard.Fee       `json:"fee"`
	Product       string             `json:"product"`
	Complaints    []string           `json:"complaints"`
	URL           string             `json:"url"` // the service's public page
}

type apiDecree struct {
	Number string `json:"number"`
	Date   string `json:"date"` // YYYY-MM-DD
}

// apiUnitStandards: GET /api/v1/units/{code}/standards.
func (s *Server) apiUnitStandards(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.db.UnitStandards(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.db.Now()
	out := apiStandards{Unit: u.Code, Name: u.Name, Standards: []apiStandard{}}
	for _, svc := range u.Services {
		v := standard.Current(all[svc.ID], now)
		if !svc.Active || v == nil {
			continue
		}
		c := v.Content
		out.Standards = append(out.Standards, apiStandard{
			Service: apiService{Code: svc.Code, Name: svc.Name}, Version: v.Number, EffectiveFrom: clock.LocalDate(v.EffectiveFrom),
			Decree:       apiDecree{Number: v.DecreeNumber, Date: clock.LocalDate(v.DecreeDate)},
			Requirements: nonNil(c.Requirements), Steps: nonNil(c.Steps), Time: c.Time, TimeNote: c.TimeNote, Fee: c.Fee,
			Product: c.Product, Complaints: nonNil(c.Complaints),
			URL: s.baseURL(r) + "/unit/" + url.PathEscape(u.Code) + "/layanan/" + url.PathEscape(svc.Code),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// nonNil is lines, or an empty list (JSON [] rather than null).
func nonNil(lines []string) []string {
	if lines == nil {
		return []string{}
	}
	return lines
}
