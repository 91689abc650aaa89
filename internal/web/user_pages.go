package web

import (
	"net/http"
	"net/url"
	"strings"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// usersData is the page data of the user list (users.html).
type usersData struct {
	Users []account.User
}

// userFormData is the page data of the user forms (user_edit.html).
type userFormData struct {
	User  *account.User
	Roles []account.Role
	// UnitGroups are the units of the administrator's region by kecamatan,
	// the checkboxes of an operator's units; nil when they cannot be loaded.
	UnitGroups []unitGroup
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	users, err := s.db.Users(r.Context(), principal(r).RegionCode)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "users", http.StatusOK, s.newView(r, "users.title", &usersData{Users: users}))
}

// managedUser loads the user in the path if the administrator's scope covers it.
func (s *Server) managedUser(r *http.Request) (*account.User, error) {
	u, err := s.db.UserByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !s.userInScope(r, u) {
		return nil, errs.New(errs.NotFound, "account.err.not_found")
	}
	return u, nil
}

// managedUserForm loads the user in the path and parses the posted form;
// when either fails it has answered the request.
func (s *Server) managedUserForm(w http.ResponseWriter, r *http.Request) (*account.User, bool) {
	return withForm(s, w, r, s.managedUser)
}

// userInScope: a region-scoped user must lie within the administrator's
// region; an operator must have all units there.
func (s *Server) userInScope(r *http.Request, u *account.User) bool {
	p := principal(r)
	if u.Role != account.Operator {
		return region.Within(u.RegionCode, p.RegionCode)
	}
	units, err := s.unitsByID(r, u.UnitIDs)
	if err != nil {
		return false
	}
	for _, id := range u.UnitIDs {
		un, ok := units[id]
		if !ok || !region.Within(un.RegionCode, p.RegionCode) {
			return false
		}
	}
	return true
}

// unitsByID loads the units with the ids, active or not, in one query.
func (s *Server) unitsByID(r *http.Request, ids []string) (map[string]unit.Unit, error) {
	out := make(map[string]unit.Unit, len(ids))
	if len(ids) == 0 {
		return out, nil // an empty filter would select every unit
	}
	units, _, err := s.db.Units(r.Context(), store.UnitFilter{UnitIDs: ids, IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	for _, un := range units {
		out[un.ID] = un
	}
	return out, nil
}

// unitIDs are the ids of the units, in their order.
func unitIDs(units []unit.Unit) []string {
	ids := make([]string, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	return ids
}

// userFormView is the user form filled from u, or with the refused input.
// The user's units must load: a form shown without them would take them
// away from the user when saved.
func (s *Server) userFormView(r *http.Request, title string, u *account.User) (*view, error) {
	v := s.newView(r, title, &userFormData{User: u, Roles: account.Roles})
	if !v.refilled {
		f := url.Values{"username": {u.Username}, "name": {u.Name}, "email": {u.Email}, "role": {string(u.Role)}, "region_code": {u.RegionCode}}
		units, err := s.unitsByID(r, u.UnitIDs)
		if err != nil {
			return nil, err
		}
		for _, id := range u.UnitIDs {
			if un, ok := units[id]; ok {
				f["units"] = append(f["units"], un.Code)
			}
		}
		if u.Active || u.ID == "" {
			f.Set("active", "1")
		}
		v.defaults(f)
	}
	s.userPickers(r, v)
	return v, nil
}

// userPickers fills the pickers of the user form: regions by name, and
// the units of the administrator's region as checkboxes grouped by
// kecamatan. Like the unit codes above, a list that cannot be loaded
// leaves the form usable: a region code can still be typed.
func (s *Server) userPickers(r *http.Request, v *view) {
	if err := s.regionChoices(r, v, principal(r).RegionCode); err != nil {
		s.log.Warn("region picker", "request_id", requestID(r), "err", err)
	}
	units, _, err := s.db.Units(r.Context(), store.UnitFilter{RegionCode: principal(r).RegionCode, Sort: "name"})
	if err == nil {
		var groups []unitGroup
		if groups, err = s.unitGroups(r, v, units); err == nil {
			v.Data.(*userFormData).UnitGroups = groups
		}
	}
	if err != nil {
		s.log.Warn("unit picker", "request_id", requestID(r), "err", err)
	}
	v.Form["units"] = unitCodes(v.Form)
}

// unitCodes are the unit codes of a user form: one per checkbox, or typed
// in one field separated by commas, spaces or semicolons.
func unitCodes(f url.Values) []string {
	var out []string
	for _, s := range f["units"] {
		out = append(out, strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == ';' })...)
	}
	return out
}

// readUserForm fills u from the form and resolves unit codes to IDs (one
// query for all of them), checking everything against the administrator's
// scope; the error is a database failure.
func (s *Server) readUserForm(r *http.Request, u *account.User) ([]errs.Field, error) {
	f := r.PostForm
	u.Name, u.Email = f.Get("name"), f.Get("email")
	u.Role = account.Role(f.Get("role"))
	u.RegionCode = strings.TrimSpace(f.Get("region_code"))
	u.Active = f.Get("active") == "1"
	u.UnitIDs = nil
	var fs []errs.Field
	p := principal(r)
	if u.Role == account.Operator {
		u.RegionCode = ""
		codes := unitCodes(f)
		units, err := s.db.UnitsByCode(r.Context(), codes)
		if err != nil {
			return nil, err
		}
		for _, code := range codes {
			un, ok := units[unit.NormalizeCode(code)]
			if !ok || !region.Within(un.RegionCode, p.RegionCode) {
				fs = append(fs, errs.Field{Name: "units", Key: "account.err.unit_unknown", Args: []any{unit.NormalizeCode(code)}})
				continue
			}
			u.UnitIDs = append(u.UnitIDs, un.ID)
		}
	} else if region.ValidCode(u.RegionCode) && !region.Within(u.RegionCode, p.RegionCode) {
		fs = append(fs, errs.Field{Name: "region_code", Key: "err.out_of_scope"})
	}
	return append(fs, u.Validate()...), nil
}

func (s *Server) newUserForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.userFormView(r, "users.new", &account.User{Role: account.Operator, RegionCode: principal(r).RegionCode})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "user_edit", http.StatusOK, v)
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	u := &account.User{Username: r.PostForm.Get("username"), MustChangePassword: true}
	fs, err := s.readUserForm(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	password := r.PostForm.Get("password")
	fs = append(fs, account.ValidatePassword(password, u.Username)...)
	err = errs.Fields("err.form", fs)
	if err == nil {
		u.PasswordHash, err = account.HashPassword(password)
	}
	if err == nil {
		err = s.db.CreateUser(r.Context(), s.actor(r), u)
	}
	if err != nil {
		r.PostForm.Del("password") // never written back into a page
		s.formFailed(w, r, err, s.newUserForm)
		return
	}
	s.flash(r, "users.created")
	redirect(w, r, "/kelola/pengguna")
}

func (s *Server) editUserForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.userFormView(r, "users.edit", u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "user_edit", http.StatusOK, v)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUserForm(w, r)
	if !ok {
		return
	}
	wasActive := u.Active
	fs, err := s.readUserForm(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wasActive && !u.Active && r.PostForm.Get("confirmed") != "1" {
		fs = append(fs, errs.Field{Name: "confirmed", Key: "form.err.confirm"})
	}
	if u.ID == principal(r).UserID && (!u.Active || u.Role != account.Admin) {
		fs = append(fs, errs.Field{Name: "role", Key: "users.err.self"})
	}
	err = errs.Fields("err.form", fs)
	if err == nil {
		err = s.db.UpdateUser(r.Context(), s.actor(r), u)
	}
	if err != nil {
		s.formFailed(w, r, err, s.editUserForm)
		return
	}
	s.flash(r, "users.saved")
	redirect(w, r, "/kelola/pengguna")
}

// resetPassword sets a temporary password the user must change at sign-in.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUserForm(w, r)
	if !ok {
		return
	}
	password := r.PostForm.Get("password")
	if fs := account.ValidatePassword(password, u.Username); fs != nil {
		// The reset is a form of its own on the user's page, beside the
		// user's details: its field is "reset-password".
		r.PostForm.Del("password")
		s.formFailedRow(w, r, errs.Fields("err.form", fs), "reset", s.editUserForm)
		return
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The reset ends every session of the user, on every node.
	if err := s.db.SetPassword(r.Context(), s.actor(r), u, hash, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if u.ID == principal(r).UserID {
		// An administrator resetting their own password keeps this session.
		s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
	}
	s.flash(r, "users.password_reset")
	redirect(w, r, "/kelola/pengguna/"+u.ID)
}
