// Package contact is the list of service users the Ombudsman's assessors
// may call for the Output interviews of the compliance assessment (issue
// #14, methods.md §5: at least 15 users per service product): who used
// which service when, and their consent to be called. A contact's name,
// phone and e-mail are personal data, protected like a reporter's identity
// (docs/privacy.md): shown only to those who collect them or do the
// interviews (SeesIdentities), never exported, never logged, and erased
// once the assessment year is over (ClosedThrough). No SQL, no HTTP here.
package contact

import (
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Target is how many contacts the assessment needs per service product.
const Target = 15

// FirstYear is the first assessment year a list may be collected for (the
// four-dimension method began in 2022; a list for an earlier year is a
// typing error).
const FirstYear = 2022

// Consent is how the user agreed to be called.
type Consent string

// The ways of consent: signed on paper, said to an officer (who records
// it), given on a form online.
const (
	Written Consent = "tertulis"
	Oral    Consent = "lisan"
	Online  Consent = "daring"
)

// Consents in display order.
var Consents = []Consent{Written, Oral, Online}

// Limits of a contact's text.
const (
	MaxName  = 120
	MaxEmail = 254
)

// Contact is one user on the list. Name, Phone and Email are blank once
// erased (ErasedAt set); the row stays so that the count stays.
type Contact struct {
	ID         string
	UnitID     string
	ServiceID  string
	Year       int // the assessment year it is collected for
	Name       string
	Phone      string // digits, local 0… form; "" when only an e-mail was given
	Email      string
	ServedOn   time.Time // a WIB date
	ConsentOn  time.Time // a WIB date
	ConsentHow Consent
	RecordedBy string // the staff member who recorded the consent
	CreatedAt  time.Time
	ErasedAt   time.Time
	// Line is the line of the file the contact was read from (0: typed in
	// the form), for the messages of an import.
	Line int
}

// Erased reports whether the identity has been erased.
func (c Contact) Erased() bool { return !c.ErasedAt.IsZero() }

// Input is a contact as every channel hands it in (the form, a row of a
// CSV file): the service by id, code or name, dates and consent as typed.
type Input struct {
	Service               string
	Name, Phone, Email    string
	ServedOn              string
	Consent               string // "1" (the form's box) or "ya" (a file's column): consent was given
	ConsentOn, ConsentHow string
}

// ParseYear reads an assessment year: FirstYear up to next year (a list
// may be started before the year begins), as of now.
func ParseYear(s string, now time.Time) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < FirstYear || y > now.In(clock.Jakarta).Year()+1 {
		return 0, errs.InvalidField("year", "contact.err.year", FirstYear, now.In(clock.Jakarta).Year()+1)
	}
	return y, nil
}

// Validate returns the contact in, or the field errors. services maps the
// unit's active services' ids, codes and lower-case names to their ids;
// now decides which dates are in the future. Without consent a contact is
// refused: the Ombudsman may only call those who agreed.
func (in Input) Validate(now time.Time, services map[string]string) (Contact, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	var c Contact
	svc := strings.TrimSpace(in.Service)
	id, ok := services[svc]
	if !ok {
		id, ok = services[strings.ToLower(svc)]
	}
	switch {
	case svc == "":
		add("service", "err.required")
	case !ok:
		add("service", "contact.err.service")
	}
	c.ServiceID = id
	c.Name = strings.Join(strings.Fields(in.Name), " ")
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		add("name", "err.required")
	case n > MaxName:
		add("name", "err.too_long", MaxName)
	}
	c.Email = strings.TrimSpace(in.Email)
	phone := strings.TrimSpace(in.Phone)
	c.Phone = localPhone(phone)
	switch {
	case phone == "" && c.Email == "":
		add("phone", "contact.err.reach")
	case phone != "" && !validPhone(phone, c.Phone):
		add("phone", "contact.err.phone")
	}
	if c.Email != "" && !validEmail(c.Email) {
		add("email", "contact.err.email")
	}
	today := clock.LocalDate(now)
	date := func(name, v string, dst *time.Time) {
		v = strings.TrimSpace(v)
		d, err := time.ParseInLocation(time.DateOnly, v, clock.Jakarta)
		switch {
		case v == "":
			add(name, "err.required")
		case err != nil:
			add(name, "contact.err.date")
		case v > today:
			add(name, "contact.err.future")
		default:
			*dst = d
		}
	}
	date("served_on", in.ServedOn, &c.ServedOn)
	switch strings.ToLower(strings.TrimSpace(in.Consent)) {
	case "1", "ya", "y", "yes":
	default:
		add("consent", "contact.err.consent")
	}
	c.ConsentHow = Consent(strings.ToLower(strings.TrimSpace(in.ConsentHow)))
	if !slices.Contains(Consents, c.ConsentHow) {
		add("consent_how", "contact.err.consent_how")
	}
	date("consent_on", in.ConsentOn, &c.ConsentOn)
	if len(fs) > 0 {
		return Contact{}, errs.Fields("contact.err.invalid", fs)
	}
	return c, nil
}

// localPhone is a phone number as digits in the local form: "+62 812-3456"
// and "0812 3456" are both "08123456", so one person typed two ways is
// found as one.
func localPhone(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if rest, ok := strings.CutPrefix(d, "62"); ok {
		return "0" + rest
	}
	return d
}

// validPhone reports whether typed is a phone number: digits with spaces,
// dashes, brackets and a leading +, 8 to 15 digits.
func validPhone(typed, digits string) bool {
	for i, r := range typed {
		if !(r >= '0' && r <= '9' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' && i == 0) {
			return false
		}
	}
	return len(digits) >= 8 && len(digits) <= 15
}

// validEmail reports whether s is a bare e-mail address.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= MaxEmail
}

// ClosedThrough is the last assessment year whose contacts are due for
// erasure at cutoff (now minus the grace period): a year's assessment
// period ends with the year, at midnight WIB on 1 January. The assessment
// of a year takes place within it (the Ombudsman's visits, then its
// opinion by December), so the list has served its purpose by then.
func ClosedThrough(cutoff time.Time) int { return cutoff.In(clock.Jakarta).Year() - 1 }

// Progress is one service's count against the Target.
type Progress struct {
	ServiceID string
	Count     int
}

// Percent is how far the count is towards the target, at most 100.
func (p Progress) Percent() int { return min(100, p.Count*100/Target) }

// Done reports whether the service has its Target contacts.
func (p Progress) Done() bool { return p.Count >= Target }
