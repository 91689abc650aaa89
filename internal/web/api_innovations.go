package web

import (
	"net/http"
	"net/url"
	"slices"

	"mutu/internal/clock"
	"mutu/internal/innovation"
	"mutu/internal/store"
)

// apiInnovations is the body of GET /api/v1/units/{code}/innovations: the
// unit's launched innovations with their measured effect, the numbers of
// the public innovation page.
type apiInnovations struct {
	Unit        string          `json:"unit"`
	Name        string          `json:"name"`
	Innovations []apiInnovation `json:"innovations"`
}

type apiInnovation struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Acronym     string       `json:"acronym,omitempty"`
	Status      string       `json:"status"`
	LaunchedOn  string       `json:"launched_on"` // YYYY-MM-DD, WIB
	Problem     string       `json:"problem"`
	Description string       `json:"description"`
	Services    []apiService `json:"services"`
	Effect      apiEffect    `json:"effect"`
	URL         string       `json:"url"`
}

type apiEffect struct {
	Before  apiSide  `json:"before"`
	After   *apiSide `json:"after"`             // null until a whole month has passed since launch
	Skipped string   `json:"skipped,omitempty"` // the launch month, when it counts on neither side
}

type apiSide struct {
	From        string   `json:"from"`
	To          string   `json:"to"`
	Months      int      `json:"months"`
	Respondents int64    `json:"respondents"`
	IKM         *float64 `json:"ikm"` // IKM konversi, rounded half-up to 2 decimals; null without answers
	Mutu        string   `json:"mutu,omitempty"`
	// SmallSample flags an IKM from fewer respondents than RequiredSample.
	SmallSample        bool  `json:"small_sample"`
	RequiredSample     int64 `json:"required_sample"`
	ComplaintsReceived int   `json:"complaints_received"`
	ComplaintsCounted  int   `json:"complaints_counted"`
	ComplaintsDone     int   `json:"complaints_completed"`
}

func apiSideOf(f innovation.Figures) apiSide {
	out := apiSide{From: f.Range.From, To: f.Range.To, Months: f.Months, Respondents: f.IKM.Respondents, SmallSample: f.Small(),
		RequiredSample: f.Required, ComplaintsReceived: f.Received, ComplaintsCounted: f.Counted, ComplaintsDone: f.Completed}
	if f.HasIKM() {
		ikm := f.IKM.KonversiRounded
		out.IKM, out.Mutu = &ikm, f.IKM.Mutu
	}
	return out
}

// apiUnitInnovations: GET /api/v1/units/{code}/innovations.
func (s *Server) apiUnitInnovations(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	var list []store.ListedInnovation
	if err == nil {
		list, err = s.db.Innovations(r.Context(), store.InnovationFilter{UnitIDs: []string{u.ID}, Public: true})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiInnovations{Unit: u.Code, Name: u.Name, Innovations: []apiInnovation{}}
	for _, i := range list {
		e, err := s.innovationEffect(r.Context(), &i.Innovation)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		a := apiInnovation{ID: i.ID, Name: i.Name, Acronym: i.Acronym, Status: string(i.Status), LaunchedOn: clock.LocalDate(i.LaunchedOn),
			Problem: i.Problem, Description: i.Description, Services: []apiService{},
			Effect: apiEffect{Before: apiSideOf(e.Before), Skipped: e.Skipped},
			URL:    s.baseURL(r) + "/unit/" + url.PathEscape(u.Code) + "/inovasi/" + url.PathEscape(i.ID)}
		if e.Measured() {
			after := apiSideOf(e.After)
			a.Effect.After = &after
		}
		for _, svc := range u.Services {
			if slices.Contains(i.ServiceIDs, svc.ID) {
				a.Services = append(a.Services, apiService{Code: svc.Code, Name: svc.Name})
			}
		}
		out.Innovations = append(out.Innovations, a)
	}
	writeJSON(w, http.StatusOK, out)
}
