package web

import (
	"net/http"

	"mutu/internal/i18n"
	"mutu/internal/skm"
)

// apiInstrumentBody is everything a client needs to build its own survey
// form for a unit and post its answers to /api/v1/units/{code}/responses:
// the elements (answered "answers": {"U1": 1–4}), the unit's own questions
// ("extra": {"Q1": "…"}), the services ("service") and the profile options
// ("profile"), with every text in Indonesian and English.
type apiInstrumentBody struct {
	Unit       string            `json:"unit"`
	Instrument string            `json:"instrument"` // the instrument's code, e.g. permenpanrb-14-2017
	Name       string            `json:"name"`
	Elements   []apiElement      `json:"elements"`
	Questions  []kioskQuestion   `json:"questions"` // the unit's own optional questions, never in the IKM
	Services   []apiService      `json:"services"`
	Profile    apiProfileOptions `json:"profile"`
	MaxSaran   int               `json:"max_saran"` // characters
	MaxExtra   int               `json:"max_extra"` // characters per own question
}

// apiElement is one element (unsur): its code, name, question and the label
// of each score, 1 (worst) to 4 (best).
type apiElement struct {
	Code     string      `json:"code"`
	Name     kioskText   `json:"name"`
	Question kioskText   `json:"question"`
	Answers  []apiAnswer `json:"answers"`
}

type apiAnswer struct {
	Score int       `json:"score"`
	Label kioskText `json:"label"`
}

type apiService struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// apiProfileOptions are the respondent profile's fields; all optional.
type apiProfileOptions struct {
	AgeMin     int           `json:"age_min"`
	AgeMax     int           `json:"age_max"`
	Sex        []kioskOption `json:"sex"`
	Education  []kioskOption `json:"education"`
	Occupation []kioskOption `json:"occupation"`
}

// apiInstrument: GET /api/v1/units/{code}/instrument.
func (s *Server) apiInstrument(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, qs, err := s.questionnaire(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiInstrumentBody{Unit: u.Code, Instrument: in.Code, Name: in.Name, Questions: []kioskQuestion{}, Services: []apiService{},
		Profile: apiProfileOptions{AgeMin: skm.MinAge, AgeMax: skm.MaxAge, Sex: kioskOptions(skm.Sexes, "skm.sex."),
			Education: kioskOptions(skm.Educations, ""), Occupation: kioskOptions(skm.Occupations, "skm.occ.")},
		MaxSaran: skm.MaxSaran, MaxExtra: skm.MaxExtra}
	for _, e := range in.Elements {
		// The instrument words its questions in Indonesian only; in English
		// the element's name stands for the question, as on the survey page.
		el := apiElement{Code: e.Code, Name: kioskText{i18n.ID: e.Name, i18n.EN: e.NameIn(true)},
			Question: kioskText{i18n.ID: e.Question, i18n.EN: e.NameIn(true)}}
		en := e.LabelsIn(true)
		for i := range e.Labels {
			el.Answers = append(el.Answers, apiAnswer{Score: i + 1, Label: kioskText{i18n.ID: e.Labels[i], i18n.EN: en[i]}})
		}
		out.Elements = append(out.Elements, el)
	}
	for _, q := range qs {
		out.Questions = append(out.Questions, kioskQuestion{Code: q.Code, Text: q.Text})
	}
	for _, sv := range u.Services {
		if sv.Active {
			out.Services = append(out.Services, apiService{Code: sv.Code, Name: sv.Name})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
