package web

import (
	"net/http"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// responsesClient authenticates a client posting survey responses to the
// JSON API for unit u: a kiosk of the unit (X-Kiosk-Token; the kiosk is
// returned) or an API key with the responses scope for the unit's region
// (Authorization: Bearer KEY; nil is returned). Anyone else gets 401, a key
// of another region 403. Answers posted by machines are never held, so the
// API must know who posts them.
func (s *Server) responsesClient(w http.ResponseWriter, r *http.Request, u *unit.Unit) (*store.Kiosk, error) {
	if token := r.Header.Get("X-Kiosk-Token"); token != "" {
		dev, err := s.db.KioskByToken(r.Context(), u.ID, token)
		if err != nil {
			return nil, errs.New(errs.Unauthorized, "kiosk.err.token")
		}
		return dev, nil
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="mutu"`)
	auth := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || strings.TrimSpace(secret) == "" {
		return nil, errs.New(errs.Unauthorized, "api.err.key_missing")
	}
	key, err := s.db.UseAPIKey(r.Context(), secret)
	if err != nil {
		return nil, err // Unauthorized for an unknown or revoked key
	}
	if !key.Allows(store.ScopeResponses) {
		return nil, errs.New(errs.Unauthorized, "api.err.key_scope")
	}
	if !region.Within(u.RegionCode, key.RegionCode) {
		return nil, errs.New(errs.Forbidden, "api.err.key_region", key.RegionCode)
	}
	w.Header().Del("WWW-Authenticate")
	return nil, nil
}
