package web

import (
	"net/http"
	"strconv"
	"time"

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

// login checks a username and password. Unknown usernames and wrong
// passwords get the same answer and take the same time (one password
// check); wrong attempts make later ones wait (account.LoginFailures), and
// a waiting attempt gets the same 429 whether the username exists or not.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	v := s.newView(r, "login.title", nil)
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
	// No password is checked here, for a known username or not: the
	// answer and its time tell nothing about the username.
	if username == "" || password == "" || len(password) > 200 {
		reject(http.StatusUnauthorized, "login.err.invalid")
		return
	}
	ip := s.clientIP(r)
	wait, userFailures, err := s.db.BeginLogin(r.Context(), username, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		reject(http.StatusTooManyRequests, "login.err.throttled", retryAfter(w, wait))
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
	if !account.CheckPassword(u.PasswordHash, password) {
		if !s.auditThrottled(w, r, u, userFailures) {
			return
		}
		reject(http.StatusUnauthorized, "login.err.invalid")
		return
	}
	if err := s.db.LoginSucceeded(r.Context(), username, ip); err != nil {
		s.fail(w, r, err)
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
	s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
	next := localPath(r.PostForm.Get("next"))
	if next == "/" || next == "/masuk" {
		next = "/dasbor"
	}
	redirect(w, r, next)
}

// retryAfter sets the Retry-After header for a wait and returns it in
// whole seconds (rounded up) for the message.
func retryAfter(w http.ResponseWriter, wait time.Duration) int {
	secs := int((wait + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return secs
}

// auditThrottled writes the audit entry when a wrong password has just made
// the username's later attempts wait; it reports false after answering
// with an error.
func (s *Server) auditThrottled(w http.ResponseWriter, r *http.Request, u *account.User, userFailures int) bool {
	if userFailures != account.UserBackoff.Free+1 {
		return true
	}
	if err := s.db.AuditLoginThrottled(r.Context(), s.actor(r), u); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
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
	// A wrong current password counts like a wrong sign-in, under the same
	// keys: a stolen session must not become a way around the throttle.
	ip := s.clientIP(r)
	wait, userFailures, err := s.db.BeginLogin(r.Context(), u.Username, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		v := s.newView(r, "password.title", nil)
		v.ErrorList = []string{v.T("login.err.throttled", retryAfter(w, wait))}
		s.render(w, r, "password", http.StatusTooManyRequests, v)
		return
	}
	var fs []errs.Field
	if !account.CheckPassword(u.PasswordHash, current) {
		if !s.auditThrottled(w, r, u, userFailures) {
			return
		}
		fs = append(fs, errs.Field{Name: "current", Key: "password.err.current"})
	} else if err := s.db.LoginSucceeded(r.Context(), u.Username, ip); err != nil {
		s.fail(w, r, err)
		return
	}
	fs = append(fs, account.ValidatePassword(next, u.Username)...)
	if next != confirm {
		fs = append(fs, errs.Field{Name: "confirm", Key: "password.err.confirm"})
	}
	if next == current && next != "" {
		fs = append(fs, errs.Field{Name: "password", Key: "password.err.same"})
	}
	if err := errs.Fields("err.form", fs); err != nil {
		for _, secret := range []string{"current", "password", "confirm"} {
			r.PostForm.Del(secret) // never written back into a page
		}
		s.formFailed(w, r, err, s.passwordForm)
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
	// The password change ended the user's other sessions; this one
	// stays, with a new token and the new epoch.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionEpoch, u.SessionEpoch)
	s.flash(r, "password.changed")
	redirect(w, r, "/dasbor")
}
