package web

import (
	"net/http"

	"mutu/internal/account"
	"mutu/internal/errs"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if principal(r) != nil {
		redirect(w, r, "/dasbor")
		return
	}
	v := s.newView(r, "login.title", nil)
	v.Form.Set("next", r.URL.Query().Get("next"))
	s.render(w, r, "login", http.StatusOK, v)
}

// login checks a username and password. Wrong usernames and wrong passwords
// get the same message and take the same time; after account.MaxFailures
// wrong passwords the account is locked for account.LockDuration.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "login.title", nil)
	if !s.logins.allow(s.clientIP(r)) {
		w.Header().Set("Retry-After", "60")
		v.ErrorList = []string{v.T("err.rate_limited")}
		s.render(w, r, "login", http.StatusTooManyRequests, v)
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	v.Form.Set("username", username)
	v.Form.Set("next", r.PostForm.Get("next"))
	reject := func(status int, key string, args ...any) {
		v.ErrorList = []string{v.T(key, args...)}
		s.render(w, r, "login", status, v)
	}
	if username == "" || password == "" || len(password) > 200 {
		account.CheckNoUser(password)
		reject(http.StatusUnauthorized, "login.err.invalid")
		return
	}
	u, err := s.db.UserByUsername(r.Context(), username)
	if errs.Is(err, errs.NotFound) {
		account.CheckNoUser(password)
		reject(http.StatusUnauthorized, "login.err.invalid")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.db.Now()
	if u.Locked(now) {
		reject(http.StatusTooManyRequests, "login.err.locked", v.DateTime(u.LockedUntil))
		return
	}
	if !account.CheckPassword(u.PasswordHash, password) {
		if err := s.db.RecordLoginFailure(r.Context(), u, s.clientIP(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		if u.Locked(now) {
			reject(http.StatusTooManyRequests, "login.err.locked", v.DateTime(u.LockedUntil))
			return
		}
		reject(http.StatusUnauthorized, "login.err.invalid")
		return
	}
	if !u.Active {
		reject(http.StatusForbidden, "login.err.inactive")
		return
	}
	if err := s.db.RecordLogin(r.Context(), u); err != nil {
		s.fail(w, r, err)
		return
	}
	// A new session token on sign-in prevents session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	next := localPath(r.PostForm.Get("next"))
	if next == "/" || next == "/masuk" {
		next = "/dasbor"
	}
	redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/")
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "password", http.StatusOK, s.newView(r, "password.title", nil))
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "password.title", nil)
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	u, err := s.db.UserByID(r.Context(), p.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	current, next, confirm := r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("confirm")
	var fs []errs.Field
	if !account.CheckPassword(u.PasswordHash, current) {
		fs = append(fs, errs.Field{Name: "current", Key: "password.err.current"})
	}
	fs = append(fs, account.ValidatePassword(next, u.Username)...)
	if next != confirm {
		fs = append(fs, errs.Field{Name: "confirm", Key: "password.err.confirm"})
	}
	if next == current && next != "" {
		fs = append(fs, errs.Field{Name: "password", Key: "password.err.same"})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		formErrors(v, err)
		s.render(w, r, "password", http.StatusUnprocessableEntity, v)
		return
	}
	hash, err := account.HashPassword(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.SetPassword(r.Context(), s.actor(r), u, hash, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "password.changed")
	redirect(w, r, "/dasbor")
}
