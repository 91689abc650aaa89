package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// apiResponseBody is a survey response posted to the JSON API.
type apiResponseBody struct {
	Service    string         `json:"service"`     // service code, optional
	Channel    string         `json:"channel"`     // "api" (default) or "kiosk" (needs X-Kiosk-Token)
	Answers    map[string]int `json:"answers"`     // element code → 1–4
	AnsweredAt string         `json:"answered_at"` // RFC 3339, optional: when the respondent answered (offline kiosks)
	Profile    struct {
		Age        int    `json:"age"`
		Sex        string `json:"sex"`
		Education  string `json:"education"`
		Occupation string `json:"occupation"`
	} `json:"profile"`
	// Extra answers the unit's own questions by their codes: {"Q1": "…"}.
	// A list in the questions' order is still read (kiosks queued offline
	// before codes existed send one).
	Extra  json.RawMessage `json:"extra"`
	Saran  string          `json:"saran"`
	Device string          `json:"device"` // the client's own device id, for duplicate detection
}

// apiCreated is the answer to a stored (or replayed) response.
type apiCreated struct {
	ID        string `json:"id"`
	Unit      string `json:"unit"`
	Service   string `json:"service,omitempty"`
	Channel   string `json:"channel"`
	LocalDate string `json:"local_date"`
}

// apiProfileFields are the fields the JSON API has under "profile".
var apiProfileFields = map[string]bool{"age": true, "sex": true, "education": true, "occupation": true}

// MaxAnswerAge is how far back answered_at may lie (an offline kiosk's queue).
const MaxAnswerAge = 14 * 24 * time.Hour

// apiSubmitResponse: POST /api/v1/units/{code}/responses. The client is a
// registered kiosk (X-Kiosk-Token) or holds an API key with the responses
// scope (Authorization: Bearer KEY); see responsesClient. An
// Idempotency-Key header makes a retry return the first result instead of
// a duplicate.
func (s *Server) apiSubmitResponse(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dev, err := s.responsesClient(w, r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var body apiResponseBody
	if err := decodeJSON(w, r, 64<<10, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	in, qs, err := s.questionnaire(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.db.Now()
	resp := &skm.Response{UnitID: u.ID, Instrument: in.Code, Channel: skm.API, SubmittedAt: now, Idempotency: r.Header.Get("Idempotency-Key")}
	sub := &skm.Submission{Answers: body.Answers, Age: body.Profile.Age, Sex: body.Profile.Sex, Education: body.Profile.Education,
		Occupation: body.Profile.Occupation, Saran: body.Saran}
	var fs []errs.Field
	var deviceKey string // what the per-device rate limit counts
	switch {
	case dev == nil && (body.Channel == "" || body.Channel == "api"):
		resp.Device = body.Device
		if resp.Device == "" {
			resp.Device = deviceHash(s.clientIP(r), r.UserAgent())
		}
		deviceKey = "api:" + resp.Device
	case dev == nil && body.Channel == "kiosk":
		s.fail(w, r, errs.New(errs.Unauthorized, "kiosk.err.token"))
		return
	case dev != nil && (body.Channel == "" || body.Channel == "kiosk"):
		resp.Channel, resp.Device = skm.Kiosk, dev.ID
		deviceKey = "kiosk:" + dev.ID
		if resp.Idempotency != "" {
			// One kiosk serves many people: identical answers from two
			// respondents are not a double submission. The key already makes
			// a re-sent response count once.
			resp.Device = dev.ID + "/" + resp.Idempotency
		}
		if body.Service == "" && dev.ServiceCode != "" {
			body.Service = dev.ServiceCode
		}
	default:
		fs = append(fs, errs.Field{Name: "channel", Key: "skm.err.channel", Value: body.Channel})
	}
	if v := s.devices.take(r.Context(), deviceKey, now); !v.ok {
		w.Header().Set("Retry-After", seconds(v.retry))
		s.fail(w, r, errs.New(errs.RateLimited, "err.rate_limited"))
		return
	}
	var svc *unit.Service
	if body.Service != "" {
		if svc = findService(u, body.Service); svc == nil {
			fs = append(fs, errs.Field{Name: "service", Key: "service.err.not_found", Args: []any{body.Service}})
		} else {
			resp.ServiceID = svc.ID
		}
	}
	if body.AnsweredAt != "" {
		at, err := time.Parse(time.RFC3339, body.AnsweredAt)
		switch {
		case err != nil:
			fs = append(fs, errs.Field{Name: "answered_at", Key: "skm.err.answered_at"})
		case at.After(now.Add(5*time.Minute)) || at.Before(now.Add(-MaxAnswerAge)):
			fs = append(fs, errs.Field{Name: "answered_at", Key: "skm.err.answered_at_range", Args: []any{int(MaxAnswerAge.Hours() / 24)}})
		default:
			resp.SurveyDate, resp.SurveyTime = clock.LocalDate(at), at.In(clock.Jakarta).Format("15:04")
		}
	}
	codes := questionCodes(qs)
	extra, f := apiExtra(body.Extra, codes)
	if f != nil {
		fs = append(fs, *f)
	}
	sub.Extra = extra
	for _, f := range sub.Fill(resp, in, codes) {
		// Name each problem by its place in the JSON body.
		switch {
		case apiProfileFields[f.Name]:
			f.Name = "profile." + f.Name
		case in.ElementIndex(strings.ToUpper(f.Name)) >= 0:
			f.Name = "answers." + strings.ToUpper(f.Name)
		}
		fs = append(fs, f)
	}
	if err := errs.Fields("skm.err.form", fs); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.db.SubmitResponse(r.Context(), resp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created := apiCreated{ID: out.ID, Unit: u.Code, Channel: string(resp.Channel), LocalDate: resp.LocalDate()}
	if svc != nil {
		created.Service = svc.Code
	}
	if out.Replayed {
		stored, err := s.db.Response(r.Context(), u.ID, out.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		created.Channel, created.LocalDate, created.Service = stored.Channel, stored.LocalDate, ""
		for _, sv := range u.Services {
			if sv.ID == stored.ServiceID {
				created.Service = sv.Code
			}
		}
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSON(w, http.StatusCreated, created)
}

// questionCodes are the codes of a unit's own questions, in their order.
func questionCodes(qs []store.Question) []string {
	codes := make([]string, len(qs))
	for i, q := range qs {
		codes[i] = q.Code
	}
	return codes
}

// apiExtra reads "extra": an object of question code → answer, or a list
// in the questions' order (the shape before codes), mapped to the codes.
func apiExtra(raw json.RawMessage, codes []string) (map[string]string, *errs.Field) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var byCode map[string]string
	if json.Unmarshal(raw, &byCode) == nil {
		return byCode, nil
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		return nil, &errs.Field{Name: "extra", Key: "skm.err.extra_shape"}
	}
	if len(list) > len(codes) {
		return nil, &errs.Field{Name: "extra", Key: "skm.err.extra_count", Args: []any{len(codes)}}
	}
	byCode = make(map[string]string, len(list))
	for i, v := range list {
		byCode[codes[i]] = v
	}
	return byCode, nil
}

// jsonError explains a JSON decoding failure.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return appError(err)
	case errors.As(err, &syn):
		return &errs.Error{Code: errs.Invalid, Key: "api.err.json_syntax", Args: []any{syn.Offset}, Err: err}
	case errors.As(err, &typ):
		return &errs.Error{Code: errs.Invalid, Key: "api.err.json_type", Args: []any{typ.Field, typ.Type.String()}, Err: err}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return &errs.Error{Code: errs.Invalid, Key: "api.err.json_empty", Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return &errs.Error{Code: errs.Invalid, Key: "api.err.json_field", Args: []any{strings.TrimPrefix(err.Error(), "json: unknown field ")}, Err: err}
	}
	return &errs.Error{Code: errs.Invalid, Key: "api.err.json", Err: err}
}

// apiIKM: GET /api/v1/units/{code}/ikm[?from=YYYY-MM-DD&to=YYYY-MM-DD][&service=CODE].
// Without from and to it answers for the current quarter, as the web pages do.
func (s *Server) apiIKM(w http.ResponseWriter, r *http.Request) {
	u, err := s.activeUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	rng, label := skm.CurrentQuarter(s.db.Now())
	if q.Get("from") != "" || q.Get("to") != "" {
		if rng, err = skm.ParseRange(q.Get("from"), q.Get("to")); err != nil {
			s.fail(w, r, err)
			return
		}
		label = i18n.DateRange(i18n.ID, rng.From, rng.To)
	}
	var svcID string
	if code := q.Get("service"); code != "" {
		svc := findService(u, code)
		if svc == nil {
			s.fail(w, r, errs.New(errs.NotFound, "service.err.not_found", code))
			return
		}
		svcID = svc.ID
	}
	sum, err := skm.Summarize(r.Context(), s.db, u.ID, svcID, rng)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Unit   string `json:"unit"`
		Period string `json:"period"` // "Triwulan IV 2026", or the dates asked for
		skm.Summary
	}{u.Code, label, sum})
}
