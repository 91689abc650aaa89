package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// surveyData is what the survey form shows.
type surveyData struct {
	Unit        *unit.Unit
	Service     *unit.Service     // chosen by the URL, or nil
	Promise     *standard.Version // the service's published standard: the time limit and fee promised
	Services    []unit.Service
	Instrument  *skm.Instrument
	Questions   []surveyQuestion
	Sexes       []skm.Option
	Educations  []skm.Option
	Occupations []skm.Option
	Action      string
}

// surveyQuestion is one of the unit's own questions on the form. Its input
// is named by the question's code ("q2" for Q2), not by its place, so that
// an answer stays with its question if another is hidden meanwhile.
type surveyQuestion struct{ Code, Text, Field string }

// activeUnit loads the unit in the path; an inactive unit takes no surveys.
func (s *Server) activeUnit(r *http.Request) (*unit.Unit, error) {
	return s.activeUnitByCode(r, r.PathValue("code"))
}

// findService returns the active service of u with the code, or nil.
func findService(u *unit.Unit, code string) *unit.Service {
	if svc := u.ServiceByCode(code); svc != nil && svc.Active {
		return svc
	}
	return nil
}

// questionnaire is what every survey channel (form, kiosk, API) asks of a
// unit: the current instrument and the unit's own visible questions.
func (s *Server) questionnaire(r *http.Request, u *unit.Unit) (*skm.Instrument, []store.Question, error) {
	in, err := s.db.Instrument(r.Context(), skm.Current)
	if err != nil {
		return nil, nil, err
	}
	qs, err := s.db.Questions(r.Context(), u.ID, true)
	if err != nil {
		return nil, nil, err
	}
	return in, qs, nil
}

func (s *Server) surveyView(r *http.Request, u *unit.Unit, svc *unit.Service) (*view, error) {
	in, qs, err := s.questionnaire(r, u)
	if err != nil {
		return nil, err
	}
	d := &surveyData{Unit: u, Service: svc, Instrument: in, Sexes: skm.Sexes, Educations: skm.Educations, Occupations: skm.Occupations,
		Action: "/s/" + u.Code}
	for _, q := range qs {
		d.Questions = append(d.Questions, surveyQuestion{Code: q.Code, Text: q.Text, Field: strings.ToLower(q.Code)})
	}
	for _, sv := range u.Services {
		if sv.Active {
			d.Services = append(d.Services, sv)
		}
	}
	if svc != nil {
		d.Action += "/" + svc.Code
		if d.Promise, err = s.db.CurrentStandard(r.Context(), u.ID, svc.ID); err != nil {
			return nil, err
		}
	}
	v := s.newView(r, "survey.title", d)
	v.Title = v.T("survey.title") + " — " + u.Name
	// The error summary names each question by its text.
	v.Labels = map[string]string{"service": v.T("survey.which_service"), "age": v.T("survey.age"), "saran": v.T("survey.saran")}
	for i, e := range in.Elements {
		q := e.Question
		if v.Lang == i18n.EN {
			q = e.NameEN
		}
		v.Labels[fmt.Sprintf("u%d", i+1)] = fmt.Sprintf("%d. %s", i+1, q)
	}
	for _, q := range d.Questions {
		v.Labels[q.Field] = q.Text
	}
	return v, nil
}

// surveyForm shows the questionnaire of a unit, or of one of its services.
func (s *Server) surveyForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var svc *unit.Service
	if code := r.PathValue("service"); code != "" {
		if svc = findService(u, code); svc == nil {
			s.fail(w, r, errs.New(errs.NotFound, "service.err.not_found", code))
			return
		}
	}
	v, err := s.surveyView(r, u, svc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.deviceID(w, r)
	s.render(w, r, "survey", http.StatusOK, v)
}

// deviceID returns the browser's anonymous device id (a random cookie), for
// telling a double submission from two respondents on one phone's network.
func (s *Server) deviceID(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie("mutu_dev"); err == nil && len(c.Value) == 32 {
		return c.Value
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: "mutu_dev", Value: id, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	return id
}

// submitSurvey stores a response from the survey form.
func (s *Server) submitSurvey(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	svcCode := r.PathValue("service")
	if svcCode == "" {
		svcCode = f.Get("service")
	}
	var svc *unit.Service
	if svcCode != "" {
		svc = findService(u, svcCode)
	}
	thanks := "/s/" + u.Code + "/terima-kasih"
	// The honeypot field is invisible to people; bots fill it. Pretend success.
	if f.Get("website") != "" {
		s.log.Info("survey honeypot", "request_id", requestID(r), "unit", u.Code)
		redirect(w, r, thanks)
		return
	}
	device := s.deviceID(w, r)
	if v := s.devices.take(r.Context(), "web:"+device, s.db.Now()); !v.ok {
		w.Header().Set("Retry-After", seconds(v.retry))
		s.fail(w, r, errs.New(errs.RateLimited, "err.rate_limited"))
		return
	}
	v, err := s.surveyView(r, u, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := v.Data.(*surveyData).Instrument
	now := s.db.Now()
	resp := &skm.Response{UnitID: u.ID, Instrument: in.Code, Channel: skm.Web, SubmittedAt: now,
		SurveyTime: now.In(clock.Jakarta).Format("15:04"), Device: device, Client: s.clientIP(r)}
	sub := &skm.Submission{Sex: f.Get("sex"), Education: f.Get("education"), Occupation: f.Get("occupation"), Saran: f.Get("saran"),
		Answers: map[string]int{}}
	var fs []errs.Field
	if svc != nil {
		resp.ServiceID = svc.ID
	} else if svcCode != "" {
		fs = append(fs, errs.Field{Name: "service", Key: "service.err.not_found", Args: []any{svcCode}})
	}
	if a := strings.TrimSpace(f.Get("age")); a != "" {
		if sub.Age, err = strconv.Atoi(a); err != nil {
			fs = append(fs, errs.Field{Name: "age", Key: "skm.err.age"})
			sub.Age = 0
		}
	}
	for _, e := range in.Elements {
		sub.Answers[e.Code], _ = strconv.Atoi(f.Get(strings.ToLower(e.Code)))
	}
	qs := v.Data.(*surveyData).Questions
	sub.Extra = make(map[string]string, len(qs))
	codes := make([]string, len(qs))
	for i, q := range qs {
		sub.Extra[q.Code], codes[i] = f.Get(q.Field), q.Code
	}
	fs = append(fs, sub.Fill(resp, in, codes)...)
	err = errs.Fields("skm.err.form", fs)
	if err == nil {
		var out store.Outcome
		out, err = s.db.SubmitResponse(r.Context(), resp)
		if out.Held != "" {
			// Thanked like any other: the respondent may be one of many
			// honest people behind a shared address.
			s.log.Info("survey response held", "request_id", requestID(r), "unit", u.Code, "reason", string(out.Held))
		}
	}
	if err != nil {
		s.formFailed(w, r, err, s.surveyForm)
		return
	}
	redirect(w, r, thanks)
}

func (s *Server) surveyThanks(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "survey_thanks", http.StatusOK, s.newView(r, "survey.thanks_title", u))
}

// deviceHash stands in for a device id when a client sends none: a hash of
// its address and user agent (never stored in clear).
func deviceHash(ip, ua string) string {
	h := sha256.Sum256([]byte(ip + "\x00" + ua))
	return hex.EncodeToString(h[:16])
}
