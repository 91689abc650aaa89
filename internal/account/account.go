// Package account is who may use Mutu and what each may see: users, their
// role and scope (a region, or a list of units), passwords (argon2id) and the
// waits after repeated failed sign-ins (throttle.go).
package account

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/errs"
	"mutu/internal/region"
)

// Role is what a user does in Mutu.
type Role string

const (
	Admin     Role = "admin"     // administrator of a province or a city
	Evaluator Role = "evaluator" // the city's monitoring team (tim pengendalian dan evaluasi)
	Operator  Role = "operator"  // staff of one or more units
	Leader    Role = "leader"    // read-only leader of a region (walikota, sekda…)
	Assessor  Role = "assessor"  // read-only Ombudsman or inspectorate assessor
)

// Roles in display order.
var Roles = []Role{Admin, Evaluator, Operator, Leader, Assessor}

// ParseRole reads a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.TrimSpace(s))
	return r, slices.Contains(Roles, r)
}

// User is an account. Region scopes admins, evaluators, leaders and
// assessors; UnitIDs scope operators.
type User struct {
	ID                 string
	Username           string
	Name               string
	Email              string
	Role               Role
	RegionCode         string
	UnitIDs            []string
	Active             bool
	PasswordHash       string
	MustChangePassword bool
	SessionEpoch       int // raised by every password change; sessions of an older epoch are ended
	LastLoginAt        time.Time
	CreatedAt          time.Time
}

// Principal is the signed-in user as the web layer sees it on each request.
type Principal struct {
	UserID     string
	Username   string
	Name       string
	Role       Role
	RegionCode string          // scope of region-scoped roles
	UnitIDs    map[string]bool // scope of operators
}

// PrincipalOf returns the principal of an active user.
func PrincipalOf(u *User) *Principal {
	p := &Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, RegionCode: u.RegionCode, UnitIDs: map[string]bool{}}
	for _, id := range u.UnitIDs {
		p.UnitIDs[id] = true
	}
	return p
}

// Is reports whether p has one of roles.
func (p *Principal) Is(roles ...Role) bool {
	return p != nil && slices.Contains(roles, p.Role)
}

// SeesUnit reports whether p may see the unit (id, region): operators see
// their own units; region-scoped roles see every unit in their region.
func (p *Principal) SeesUnit(unitID, regionCode string) bool {
	if p == nil {
		return false
	}
	if p.Role == Operator {
		return p.UnitIDs[unitID]
	}
	return region.Within(regionCode, p.RegionCode)
}

// ManagesUnit reports whether p may change the unit's profile and services:
// administrators in their region, operators for their own units.
func (p *Principal) ManagesUnit(unitID, regionCode string) bool {
	switch {
	case p == nil:
		return false
	case p.Role == Admin:
		return region.Within(regionCode, p.RegionCode)
	case p.Role == Operator:
		return p.UnitIDs[unitID]
	}
	return false
}

// AdministersRegion reports whether p is an administrator whose scope
// contains regionCode (creating units, importing, managing users there).
func (p *Principal) AdministersRegion(regionCode string) bool {
	return p != nil && p.Role == Admin && region.Within(regionCode, p.RegionCode)
}

// NormalizeUsername lower-cases and trims a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a user's own fields (not the password).
func (u *User) Validate() []errs.Field {
	var fs []errs.Field
	u.Username = NormalizeUsername(u.Username)
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(u.Email)
	if !validUsername(u.Username) {
		fs = append(fs, errs.Field{Name: "username", Key: "account.err.username"})
	}
	switch n := utf8.RuneCountInString(u.Name); {
	case n == 0:
		fs = append(fs, errs.Field{Name: "name", Key: "err.required"})
	case n > 120:
		fs = append(fs, errs.Field{Name: "name", Key: "err.too_long", Args: []any{120}})
	}
	if _, ok := ParseRole(string(u.Role)); !ok {
		fs = append(fs, errs.Field{Name: "role", Key: "account.err.role"})
	}
	switch {
	case u.Role == Operator && len(u.UnitIDs) == 0:
		fs = append(fs, errs.Field{Name: "units", Key: "account.err.units_required"})
	case u.Role != Operator && !region.ValidCode(u.RegionCode):
		fs = append(fs, errs.Field{Name: "region_code", Key: "account.err.region_required"})
	}
	return fs
}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// MinPasswordLength follows NIST SP 800-63B for user-chosen secrets.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(password, username string) []errs.Field {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return []errs.Field{{Name: "password", Key: "account.err.password_short", Args: []any{MinPasswordLength}}}
	case n > 200:
		return []errs.Field{{Name: "password", Key: "err.too_long", Args: []any{200}}}
	case strings.EqualFold(password, username):
		return []errs.Field{{Name: "password", Key: "account.err.password_weak"}}
	}
	return nil
}
