package account_test

import (
	"slices"
	"strings"
	"testing"

	"mutu/internal/account"
	"mutu/internal/errs"
)

func fieldKeys(fs []errs.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name+":"+f.Key)
	}
	return out
}

func TestParseRole(t *testing.T) {
	for _, r := range account.Roles {
		if got, ok := account.ParseRole(" " + string(r) + " "); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, ok)
		}
	}
	for _, s := range []string{"", "Admin", "ADMIN", "superuser", "operator,admin"} {
		if _, ok := account.ParseRole(s); ok {
			t.Errorf("ParseRole(%q) ok", s)
		}
	}
}

func TestUserValidate(t *testing.T) {
	r := strings.Repeat
	good := func() account.User {
		return account.User{Username: "budi.santoso", Name: "Budi Santoso", Role: account.Admin, RegionCode: "31.72"}
	}
	tests := []struct {
		name string
		edit func(u *account.User)
		want []string
	}{
		{"admin", func(u *account.User) {}, nil},
		{"evaluator", func(u *account.User) { u.Role = account.Evaluator }, nil},
		{"leader of the province", func(u *account.User) { u.Role = account.Leader; u.RegionCode = "31" }, nil},
		{"assessor of a village", func(u *account.User) { u.Role = account.Assessor; u.RegionCode = "31.72.01.1001" }, nil},
		{"operator with units, no region", func(u *account.User) { u.Role = account.Operator; u.RegionCode = ""; u.UnitIDs = []string{"u1"} }, nil},
		{"everything empty", func(u *account.User) { *u = account.User{} },
			[]string{"username:account.err.username", "name:err.required", "role:account.err.role", "region_code:account.err.region_required"}},

		// username: normalised, then 3–40 of [a-z0-9._-]
		{"username upper-case and padded", func(u *account.User) { u.Username = "  Budi.Santoso " }, nil},
		{"username of 3", func(u *account.User) { u.Username = "abc" }, nil},
		{"username of 2", func(u *account.User) { u.Username = "ab" }, []string{"username:account.err.username"}},
		{"username of 2 after trimming", func(u *account.User) { u.Username = " ab " }, []string{"username:account.err.username"}},
		{"username of 40", func(u *account.User) { u.Username = r("a", 40) }, nil},
		{"username of 41", func(u *account.User) { u.Username = r("a", 41) }, []string{"username:account.err.username"}},
		{"username with _ and -", func(u *account.User) { u.Username = "op_pkm-01" }, nil},
		{"username with a space", func(u *account.User) { u.Username = "budi santoso" }, []string{"username:account.err.username"}},
		{"username with @", func(u *account.User) { u.Username = "budi@jakarta.go.id" }, []string{"username:account.err.username"}},
		{"username with an accent", func(u *account.User) { u.Username = "andré" }, []string{"username:account.err.username"}},

		// name: runes, trimmed
		{"name blank", func(u *account.User) { u.Name = "   " }, []string{"name:err.required"}},
		{"name of 120 runes", func(u *account.User) { u.Name = r("é", 120) }, nil},
		{"name of 121 runes", func(u *account.User) { u.Name = r("é", 121) }, []string{"name:err.too_long"}},

		// role and scope
		{"unknown role", func(u *account.User) { u.Role = "superuser" }, []string{"role:account.err.role"}},
		{"role in capitals", func(u *account.User) { u.Role = "Admin" }, []string{"role:account.err.role"}},
		{"admin without region", func(u *account.User) { u.RegionCode = "" }, []string{"region_code:account.err.region_required"}},
		{"admin with a malformed region", func(u *account.User) { u.RegionCode = "31.7" }, []string{"region_code:account.err.region_required"}},
		{"leader without region", func(u *account.User) { u.Role = account.Leader; u.RegionCode = "" }, []string{"region_code:account.err.region_required"}},
		{"operator without units", func(u *account.User) { u.Role = account.Operator }, []string{"units:account.err.units_required"}},
		{"operator with empty unit list", func(u *account.User) { u.Role = account.Operator; u.UnitIDs = []string{} }, []string{"units:account.err.units_required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := good()
			tt.edit(&u)
			if got := fieldKeys(u.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("Validate() = %q; want %q", got, tt.want)
			}
		})
	}
	u := account.User{Username: "  Budi.Santoso ", Name: " Budi ", Email: " b@x.id ", Role: account.Admin, RegionCode: "31"}
	u.Validate()
	if u.Username != "budi.santoso" || u.Name != "Budi" || u.Email != "b@x.id" {
		t.Errorf("Validate did not normalise: %+v", u)
	}
}

func TestPrincipalOf(t *testing.T) {
	u := &account.User{ID: "id1", Username: "op", Name: "Op", Role: account.Operator, UnitIDs: []string{"u1", "u2"}}
	p := account.PrincipalOf(u)
	if p.UserID != "id1" || p.Username != "op" || p.Role != account.Operator || len(p.UnitIDs) != 2 || !p.UnitIDs["u1"] || !p.UnitIDs["u2"] {
		t.Errorf("PrincipalOf = %+v", p)
	}
	if p := account.PrincipalOf(&account.User{Role: account.Admin}); p.UnitIDs == nil {
		t.Errorf("PrincipalOf left UnitIDs nil")
	}
}

func TestPrincipalIs(t *testing.T) {
	p := &account.Principal{Role: account.Leader}
	if !p.Is(account.Leader) || !p.Is(account.Admin, account.Leader) || p.Is(account.Admin) || p.Is() {
		t.Errorf("Is is wrong for a leader")
	}
	var nobody *account.Principal
	if nobody.Is(account.Admin, account.Leader, account.Operator) {
		t.Errorf("nil principal Is a role")
	}
}

// TestPrincipalScope checks every role against units and regions inside,
// below, beside and above its scope.
func TestPrincipalScope(t *testing.T) {
	// Units: u1 in 31.72.01 (the operator's), u2 in 31.72 (not the operator's),
	// u3 in 31.71 (another city).
	type unitAt struct{ id, region string }
	u1, u2, u3 := unitAt{"u1", "31.72.01"}, unitAt{"u2", "31.72"}, unitAt{"u3", "31.71"}
	city := func(role account.Role) *account.Principal {
		return &account.Principal{Role: role, RegionCode: "31.72", UnitIDs: map[string]bool{}}
	}
	operator := &account.Principal{Role: account.Operator, RegionCode: "31.72", UnitIDs: map[string]bool{"u1": true}}
	tests := []struct {
		name    string
		p       *account.Principal
		sees    []bool // u1, u2, u3
		manages []bool // u1, u2, u3
		admin   []bool // regions 31.72.01.1001, 31.72, 31.7, 31.71, 31, ""
	}{
		{"admin of 31.72", city(account.Admin), []bool{true, true, false}, []bool{true, true, false}, []bool{true, true, false, false, false, false}},
		{"evaluator of 31.72", city(account.Evaluator), []bool{true, true, false}, []bool{false, false, false}, []bool{false, false, false, false, false, false}},
		{"leader of 31.72", city(account.Leader), []bool{true, true, false}, []bool{false, false, false}, []bool{false, false, false, false, false, false}},
		{"assessor of 31.72", city(account.Assessor), []bool{true, true, false}, []bool{false, false, false}, []bool{false, false, false, false, false, false}},
		// Operators: their units only, whatever the unit's region or their own RegionCode.
		{"operator of u1", operator, []bool{true, false, false}, []bool{true, false, false}, []bool{false, false, false, false, false, false}},
		{"operator without units", &account.Principal{Role: account.Operator}, []bool{false, false, false}, []bool{false, false, false}, []bool{false, false, false, false, false, false}},
		// A province-wide admin (scope "31") and an all-regions admin (scope "").
		{"admin of 31", &account.Principal{Role: account.Admin, RegionCode: "31"}, []bool{true, true, true}, []bool{true, true, true}, []bool{true, true, true, true, true, false}},
		{"admin of everything", &account.Principal{Role: account.Admin}, []bool{true, true, true}, []bool{true, true, true}, []bool{true, true, true, true, true, true}},
		// A prefix that is not a parent grants nothing: 31.7 is not above 31.72.
		{"admin of 31.7", &account.Principal{Role: account.Admin, RegionCode: "31.7"}, []bool{false, false, false}, []bool{false, false, false}, []bool{false, false, true, false, false, false}},
		{"nobody", nil, []bool{false, false, false}, []bool{false, false, false}, []bool{false, false, false, false, false, false}},
	}
	units := []unitAt{u1, u2, u3}
	regions := []string{"31.72.01.1001", "31.72", "31.7", "31.71", "31", ""}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, u := range units {
				if got := tt.p.SeesUnit(u.id, u.region); got != tt.sees[i] {
					t.Errorf("SeesUnit(%s in %s) = %v; want %v", u.id, u.region, got, tt.sees[i])
				}
				if got := tt.p.ManagesUnit(u.id, u.region); got != tt.manages[i] {
					t.Errorf("ManagesUnit(%s in %s) = %v; want %v", u.id, u.region, got, tt.manages[i])
				}
				// Managing implies seeing.
				if tt.p.ManagesUnit(u.id, u.region) && !tt.p.SeesUnit(u.id, u.region) {
					t.Errorf("manages %s but does not see it", u.id)
				}
			}
			for i, r := range regions {
				if got := tt.p.AdministersRegion(r); got != tt.admin[i] {
					t.Errorf("AdministersRegion(%q) = %v; want %v", r, got, tt.admin[i])
				}
			}
		})
	}
}

// TestOperatorUnitIDsNotRegion: an operator's RegionCode never widens what it
// sees, and a unit id the operator does not hold is not seen in its region.
func TestOperatorUnitIDsNotRegion(t *testing.T) {
	p := account.PrincipalOf(&account.User{Role: account.Operator, RegionCode: "31", UnitIDs: []string{"u1"}})
	if p.SeesUnit("u9", "31.72") || p.ManagesUnit("u9", "31.72") || p.AdministersRegion("31.72") {
		t.Errorf("operator's region widened its scope")
	}
	if p.SeesUnit("", "31") {
		t.Errorf("operator sees the empty unit id")
	}
}
