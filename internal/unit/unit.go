// Package unit is the registry of public-service units (Puskesmas, PTSP,
// Dukcapil, kecamatan and kelurahan offices…) and the services each offers.
package unit

import (
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
)

// Type is a kind of unit (a lookup table seeded by migration, editable later).
type Type struct {
	Code   string `json:"code"`
	NameID string `json:"name_id"`
	NameEN string `json:"name_en"`
}

// Unit is one service unit. Its ID never changes; its Code is the short,
// human-facing identifier used in URLs and imports.
type Unit struct {
	ID           string    `json:"-"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	TypeCode     string    `json:"type"`
	RegionCode   string    `json:"region_code"`
	Address      string    `json:"address,omitempty"`
	OpeningHours string    `json:"opening_hours,omitempty"`
	Phone        string    `json:"phone,omitempty"`
	Email        string    `json:"email,omitempty"`
	Website      string    `json:"website,omitempty"`
	Instagram    string    `json:"instagram,omitempty"`
	Facebook     string    `json:"facebook,omitempty"`
	X            string    `json:"x,omitempty"`
	YouTube      string    `json:"youtube,omitempty"`
	TikTok       string    `json:"tiktok,omitempty"`
	Active       bool      `json:"active"`
	CreatedAt    time.Time `json:"-"`
	UpdatedAt    time.Time `json:"-"`
	Services     []Service `json:"services,omitempty"`
	// The head of the unit, who signs the Laporan's lembar pengesahan. Not
	// part of the public JSON: a NIP is a civil servant's personal number.
	HeadName     string `json:"-"`
	HeadNIP      string `json:"-"` // 18 digits, spaces removed
	HeadPosition string `json:"-"`
	// Where the unit is, set by its administrators (nil: not known); the
	// public portal lists the units nearest a point by it, the API shows it.
	Point *geo.Point `json:"location,omitempty"`
}

// Service is one service a unit delivers (e.g. "KTP-el").
type Service struct {
	UnitID      string `json:"-"`
	ID          string `json:"-"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Active      bool   `json:"active"`
	SortOrder   int    `json:"-"`
}

// ServiceByCode returns u's service with the code (active or not), or nil.
func (u *Unit) ServiceByCode(code string) *Service {
	for i := range u.Services {
		if u.Services[i].Code == code {
			return &u.Services[i]
		}
	}
	return nil
}

// ServiceIndex maps each service's code and lower-case name to its ID, as
// paper-survey imports name services.
func (u *Unit) ServiceIndex() map[string]string {
	m := make(map[string]string, 2*len(u.Services))
	for _, s := range u.Services {
		m[s.Code] = s.ID
		m[strings.ToLower(s.Name)] = s.ID
	}
	return m
}

var (
	codeRE        = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{1,39}$`)
	typeRE        = regexp.MustCompile(`^[a-z0-9_]{2,40}$`)
	serviceCodeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)
	phoneRE       = regexp.MustCompile(`^[0-9+()\- ]{5,30}$`)
)

// NormalizeCode upper-cases and trims a unit code.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidCode reports whether s (already normalised) is a valid unit code.
func ValidCode(s string) bool { return codeRE.MatchString(s) }

// ValidServiceCode reports whether s is a valid service code (a slug).
func ValidServiceCode(s string) bool { return serviceCodeRE.MatchString(s) }

// Normalize trims every text field and upper-cases the code.
func (u *Unit) Normalize() {
	u.Code = NormalizeCode(u.Code)
	for _, p := range []*string{&u.Name, &u.TypeCode, &u.RegionCode, &u.Address, &u.OpeningHours, &u.Phone,
		&u.Email, &u.Website, &u.Instagram, &u.Facebook, &u.X, &u.YouTube, &u.TikTok, &u.HeadName, &u.HeadPosition} {
		*p = strings.TrimSpace(*p)
	}
	u.HeadNIP = NormalizeNIP(u.HeadNIP)
}

// Validate checks a unit's own fields. Whether its type and region exist is
// checked against the store by the caller.
func (u *Unit) Validate() []errs.Field {
	var fs []errs.Field
	req := func(name, v string, max int) {
		switch {
		case v == "":
			fs = append(fs, errs.Field{Name: name, Key: "err.required"})
		case utf8.RuneCountInString(v) > max:
			fs = append(fs, errs.Field{Name: name, Key: "err.too_long", Args: []any{max}})
		}
	}
	opt := func(name, v string, max int) {
		if utf8.RuneCountInString(v) > max {
			fs = append(fs, errs.Field{Name: name, Key: "err.too_long", Args: []any{max}})
		}
	}
	if !ValidCode(u.Code) {
		fs = append(fs, errs.Field{Name: "code", Key: "unit.err.code", Value: u.Code})
	}
	req("name", u.Name, 200)
	if !typeRE.MatchString(u.TypeCode) {
		fs = append(fs, errs.Field{Name: "type", Key: "unit.err.type", Value: u.TypeCode})
	}
	if !region.ValidCode(u.RegionCode) {
		fs = append(fs, errs.Field{Name: "region_code", Key: "region.err.code", Value: u.RegionCode})
	}
	opt("address", u.Address, 500)
	opt("opening_hours", u.OpeningHours, 300)
	if u.Phone != "" && !phoneRE.MatchString(u.Phone) {
		fs = append(fs, errs.Field{Name: "phone", Key: "err.phone"})
	}
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
			fs = append(fs, errs.Field{Name: "email", Key: "err.email"})
		}
	}
	opt("head_name", u.HeadName, 200)
	opt("head_position", u.HeadPosition, 200)
	if u.HeadNIP != "" && !ValidNIP(u.HeadNIP) {
		fs = append(fs, errs.Field{Name: "head_nip", Key: "unit.err.nip", Value: u.HeadNIP})
	}
	for _, l := range []struct{ name, v string }{{"website", u.Website}, {"instagram", u.Instagram},
		{"facebook", u.Facebook}, {"x", u.X}, {"youtube", u.YouTube}, {"tiktok", u.TikTok}} {
		if l.v != "" && !validURL(l.v) {
			fs = append(fs, errs.Field{Name: l.name, Key: "err.url"})
		}
	}
	return fs
}

func validURL(s string) bool {
	if len(s) > 300 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// Validate checks a service's own fields.
func (s *Service) Validate() []errs.Field {
	var fs []errs.Field
	s.Name = strings.TrimSpace(s.Name)
	s.Code = strings.TrimSpace(s.Code)
	s.Description = strings.TrimSpace(s.Description)
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		fs = append(fs, errs.Field{Name: "name", Key: "err.required"})
	case n > 200:
		fs = append(fs, errs.Field{Name: "name", Key: "err.too_long", Args: []any{200}})
	}
	if !ValidServiceCode(s.Code) {
		fs = append(fs, errs.Field{Name: "code", Key: "service.err.code", Value: s.Code})
	}
	if utf8.RuneCountInString(s.Description) > 2000 {
		fs = append(fs, errs.Field{Name: "description", Key: "err.too_long", Args: []any{2000}})
	}
	return fs
}

// Slug makes a service code from a name: "Kartu Keluarga (KK)" → "kartu-keluarga-kk".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	// Lower-case after decomposing: NFKD turns "™" into "TM" and "𝐀" into "A".
	for _, r := range strings.ToLower(norm.NFKD.String(name)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case unicode.Is(unicode.Mn, r): // combining accents dropped: "é" → "e"
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 50 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		s = "layanan"
	}
	return s
}

// UniqueSlug returns Slug(name), suffixed -2, -3… until taken reports false.
func UniqueSlug(name string, taken func(string) bool) string {
	base := Slug(name)
	s := base
	for i := 2; taken(s); i++ {
		s = base + "-" + strconv.Itoa(i)
	}
	return s
}
