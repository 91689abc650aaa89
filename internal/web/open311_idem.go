package web

// Idempotency-Key on Open311 POST requests: a client that lost the answer
// retries with the same key and gets the first report's id instead of filing
// a second report (docs/security.md, "Retried filings").

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/open311"
	"mutu/internal/store"
)

// o311Idempotency reads the request's Idempotency-Key for the client
// clientID: nil without one (its length is bounded at the edge:
// requestTextProblem). The hash covers every field but the api_key
// (the key is the client, named by clientID), in url.Values' sorted order.
func o311Idempotency(r *http.Request, clientID string) *complaint.Idempotency {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if key == "" {
		return nil
	}
	fields := make(url.Values, len(r.Form))
	for k, v := range r.Form {
		if k != "api_key" {
			fields[k] = v
		}
	}
	sum := sha256.Sum256([]byte(fields.Encode()))
	return &complaint.Idempotency{Client: clientID, Key: key, Hash: hex.EncodeToString(sum[:])}
}

// o311Replay answers a retry of an earlier filing with the same key: the
// same service_request_id, 201, Idempotent-Replayed: true. The tracking code
// is not repeated (only its hash is stored: the first answer was the only
// copy). The same key with a different request is refused (409). It reports
// false when the key is new.
func (s *Server) o311Replay(w http.ResponseWriter, r *http.Request, format string, idem *complaint.Idempotency) bool {
	id, hash, err := s.db.ComplaintIdempotency(r.Context(), idem.Client, idem.Key)
	switch {
	case errs.Is(err, errs.NotFound):
		return false
	case err != nil:
		s.o311Fail(w, r, format, err)
	case hash != idem.Hash:
		s.o311Fail(w, r, format, errs.New(errs.Conflict, "georeport.err.idempotency_mismatch"))
	default:
		created := []open311.Created{{ID: id, ServiceNotice: i18n.T(o311Lang(r), "georeport.notice_replayed")}}
		w.Header().Set("Idempotent-Replayed", "true")
		s.o311Write(w, r, format, http.StatusCreated, created, open311.WrapXML("service_requests", created))
	}
	return true
}

// o311Filed answers a filing that lost the race for its key to a concurrent
// request with the same key: the winner's answer.
func (s *Server) o311Filed(w http.ResponseWriter, r *http.Request, format string, idem *complaint.Idempotency, err error) {
	if idem != nil && errors.Is(err, store.ErrIdempotencyTaken) && s.o311Replay(w, r, format, idem) {
		return
	}
	s.o311Fail(w, r, format, asUnmeetable(err))
}
