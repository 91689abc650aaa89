package skm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Channel is how a response reached Mutu.
type Channel string

const (
	Web   Channel = "web"   // the public survey page (usually reached by QR code)
	Kiosk Channel = "kiosk" // a registered tablet at the counter
	Paper Channel = "paper" // a paper questionnaire, imported
	API   Channel = "api"   // another system through the JSON API
)

// Channels lists the channels in display order.
var Channels = []Channel{Web, Kiosk, Paper, API}

// Option is one allowed value of a profile field: a stored code and its label.
type Option struct{ Code, Label string }

// Respondent profile options (PermenPANRB 14/2017 questionnaire).
var (
	Sexes       = []Option{{"L", "Laki-laki"}, {"P", "Perempuan"}}
	Educations  = []Option{{"sd", "SD"}, {"smp", "SMP"}, {"sma", "SMA"}, {"d3", "D1–D3"}, {"s1", "D4/S1"}, {"s2", "S2"}, {"s3", "S3"}}
	Occupations = []Option{{"pns", "PNS"}, {"tni", "TNI"}, {"polri", "POLRI"}, {"swasta", "Swasta"}, {"wirausaha", "Wirausaha"},
		{"pelajar", "Pelajar/Mahasiswa"}, {"lainnya", "Lainnya"}}
	// AgeBands are the reporting bands of age (years, inclusive lower bounds).
	AgeBands = []Option{{"u20", "< 20"}, {"20", "20–29"}, {"30", "30–39"}, {"40", "40–49"}, {"50", "50–59"}, {"60", "≥ 60"}}
)

// AgeBand returns the band code of an age, "" when unknown.
func AgeBand(age int) string {
	switch {
	case age <= 0:
		return ""
	case age < 20:
		return "u20"
	case age >= 60:
		return "60"
	}
	return strconv.Itoa(age / 10 * 10)
}

// Response is one respondent's answers.
type Response struct {
	ID          string
	UnitID      string
	ServiceID   string // "" when the respondent named no service
	Instrument  string
	Channel     Channel
	SubmittedAt time.Time // when Mutu received it
	SurveyDate  string    // Asia/Jakarta date of the survey, YYYY-MM-DD
	SurveyTime  string    // "HH:MM" or a slot "08.00-12.00", optional
	Age         int       // years; 0 = not given
	Sex         string    // L, P or ""
	Education   string    // a code of Educations or ""
	Occupation  string    // a code of Occupations or ""
	Answers     []int     // per instrument element, 1–4; 0 = not answered
	Extra       []string  // answers to the unit's own questions (never in the IKM)
	Saran       string    // suggestions, free text
	Device      string    // kiosk device id or a hash of the client, for duplicate detection
	Idempotency string    // client-chosen key that makes retries safe
	// Client is the address of an anonymous web client, counted by the hold
	// rules (see HoldPolicy); the store keeps only a keyed hash of it. ""
	// for the kiosk, the API and paper: authenticated channels are never held.
	Client string
}

// Limits of free text.
const (
	MaxSaran = 2000
	MaxExtra = 500
)

// The ages a respondent may give, in years.
const (
	MinAge = 10
	MaxAge = 120
)

// Validate checks a response against its instrument. requireAll demands an
// answer to every element (the forms do; imported history may lack some).
func (r *Response) Validate(in *Instrument, requireAll bool) []errs.Field {
	var fs []errs.Field
	if len(r.Answers) != len(in.Elements) {
		return []errs.Field{{Name: "answers", Key: "skm.err.answers_count", Args: []any{len(in.Elements)}}}
	}
	answered := 0
	for i, a := range r.Answers {
		switch {
		case a == 0 && requireAll:
			fs = append(fs, errs.Field{Name: strings.ToLower(in.Elements[i].Code), Key: "skm.err.answer_required"})
		case a < 0 || a > 4:
			fs = append(fs, errs.Field{Name: strings.ToLower(in.Elements[i].Code), Key: "skm.err.answer_range", Value: strconv.Itoa(a)})
		case a > 0:
			answered++
		}
	}
	if answered == 0 && !requireAll {
		fs = append(fs, errs.Field{Name: "answers", Key: "skm.err.no_answers"})
	}
	if r.Age != 0 && (r.Age < MinAge || r.Age > MaxAge) {
		fs = append(fs, errs.Field{Name: "age", Key: "skm.err.age", Value: strconv.Itoa(r.Age)})
	}
	if r.Sex != "" && !hasOption(Sexes, r.Sex) {
		fs = append(fs, errs.Field{Name: "sex", Key: "skm.err.option", Value: r.Sex})
	}
	if r.Education != "" && !hasOption(Educations, r.Education) {
		fs = append(fs, errs.Field{Name: "education", Key: "skm.err.option", Value: r.Education})
	}
	if r.Occupation != "" && !hasOption(Occupations, r.Occupation) {
		fs = append(fs, errs.Field{Name: "occupation", Key: "skm.err.option", Value: r.Occupation})
	}
	if r.SurveyDate != "" {
		if _, err := time.Parse(time.DateOnly, r.SurveyDate); err != nil {
			fs = append(fs, errs.Field{Name: "date", Key: "skm.err.date", Value: r.SurveyDate})
		}
	}
	if utf8.RuneCountInString(r.Saran) > MaxSaran || !utf8.ValidString(r.Saran) {
		fs = append(fs, errs.Field{Name: "saran", Key: "err.too_long", Args: []any{MaxSaran}})
	}
	for _, e := range r.Extra {
		if utf8.RuneCountInString(e) > MaxExtra {
			fs = append(fs, errs.Field{Name: "extra", Key: "err.too_long", Args: []any{MaxExtra}})
			break
		}
	}
	if len(r.Idempotency) > 128 {
		fs = append(fs, errs.Field{Name: "idempotency_key", Key: "err.too_long", Args: []any{128}})
	}
	return fs
}

func hasOption(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// NormalizeOption maps a code or a label (any case, e.g. "Laki-laki", "D4/S1",
// "pelajar/mahasiswa") to its code; ok is false for an unknown value.
func NormalizeOption(opts []Option, v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	for _, o := range opts {
		if strings.EqualFold(v, o.Code) || strings.EqualFold(v, o.Label) || strings.EqualFold(strings.ReplaceAll(o.Label, "–", "-"), v) {
			return o.Code, true
		}
	}
	return v, false
}

// DuplicateWindow is how long an identical response from the same device is
// refused as a double submission.
const DuplicateWindow = 10 * time.Minute

// DedupKeys returns the keys of r's duplicate-detection window: the key of
// the current window (stored with the response) and of the previous one
// (looked up), so that a resubmission just after a window boundary is still
// caught. A response without a device has no key.
func (r *Response) DedupKeys(now time.Time) (current, previous string) {
	if r.Device == "" {
		return "", ""
	}
	bucket := window(now, DuplicateWindow)
	return r.dedupKey(bucket), r.dedupKey(bucket - 1)
}

func (r *Response) dedupKey(bucket int64) string {
	h := sha256.New()
	for _, s := range []string{r.UnitID, r.ServiceID, r.Device, strconv.FormatInt(bucket, 10), r.Sex, r.Education, r.Occupation,
		strconv.Itoa(r.Age), r.Saran, strings.Join(r.Extra, "\x1f")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, a := range r.Answers {
		h.Write([]byte{byte(a)})
	}
	// The window number leads the key, so that keys of one window sit
	// together in the index: inserts touch a few index pages, not one
	// random page per response.
	return fmt.Sprintf("%010d-%s", bucket, hex.EncodeToString(h.Sum(nil)[:12]))
}

// LocalDate is the date the response counts on: the survey date when given
// (paper), else the Asia/Jakarta date of submission.
func (r *Response) LocalDate() string {
	if r.SurveyDate != "" {
		return r.SurveyDate
	}
	return clock.LocalDate(r.SubmittedAt)
}
