package web

import (
	"net/http"
	"net/url"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/store"
)

// API keys for Open311 clients and survey integrations: administrators
// issue, list and revoke them (printed once, stored hashed, audited).

type apiKeysData struct {
	Keys     []store.APIKey
	Scopes   []string      // every scope, for the checkboxes
	New      *store.APIKey // just issued: its secret is shown once
	Secret   string
	Endpoint string
}

func (s *Server) apiKeysView(r *http.Request) (*view, error) {
	keys, err := s.db.APIKeys(r.Context(), principal(r).RegionCode)
	if err != nil {
		return nil, err
	}
	v := s.newView(r, "apikey.title", &apiKeysData{Keys: keys, Scopes: store.APIScopes, Endpoint: s.baseURL(r) + "/open311/v2"})
	v.defaults(url.Values{"region_code": {principal(r).RegionCode}, "scopes": {store.ScopeOpen311}})
	if err := s.regionChoices(r, v, principal(r).RegionCode); err != nil {
		return nil, err
	}
	return v, nil
}

// apiKeys: GET /kelola/kunci-api — the keys of the administrator's region.
func (s *Server) apiKeys(w http.ResponseWriter, r *http.Request) {
	v, err := s.apiKeysView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "apikeys", http.StatusOK, v)
}

// createAPIKey: POST /kelola/kunci-api. The key is shown on this response
// only (no redirect: it is never stored in clear).
func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	name := r.PostForm.Get("name")
	regionCode := strings.TrimSpace(r.PostForm.Get("region_code"))
	if regionCode == "" {
		regionCode = p.RegionCode
	}
	var k *store.APIKey
	var secret string
	var err error
	if !p.AdministersRegion(regionCode) {
		err = errs.Fields("err.form", []errs.Field{{Name: "region_code", Key: "apikey.err.region_scope", Args: []any{p.RegionCode}}})
	} else {
		k, secret, err = s.db.CreateAPIKey(r.Context(), s.actor(r), name, regionCode, r.PostForm["scopes"])
	}
	if err != nil {
		s.formFailed(w, r, err, s.apiKeys)
		return
	}
	v, err := s.apiKeysView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := v.Data.(*apiKeysData)
	d.New, d.Secret = k, secret
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, "apikeys", http.StatusCreated, v)
}

// revokeAPIKey: POST /kelola/kunci-api/{id}/cabut.
func (s *Server) revokeAPIKey(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostForm.Get("confirmed") != "1" {
		s.formFailedRow(w, r, errUnconfirmed(), r.PathValue("id"), s.apiKeys)
		return
	}
	if err := s.db.RevokeAPIKey(r.Context(), s.actor(r), principal(r).RegionCode, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "apikey.revoked_flash")
	redirect(w, r, "/kelola/kunci-api")
}
