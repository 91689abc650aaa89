package web

import (
	"net/http"
	"time"

	"mutu/internal/complaint"
)

// flagDuplicate records a new report's fingerprint and flags it when it
// repeats a report filed shortly before (store.FlagDuplicate). Only the
// public form's client address is compared: Open311 and staff intake
// arrive from a few shared addresses. The report is already stored, so a
// failure here is logged, not shown: the flag is advice to the verifier.
func (s *Server) flagDuplicate(r *http.Request, rep *complaint.Report) {
	var client string
	if rep.Channel == complaint.ChannelWeb && principal(r) == nil {
		client = s.clientIP(r)
	}
	if _, err := s.db.FlagDuplicate(r.Context(), rep, client); err != nil {
		s.log.Error("flag duplicate complaint", "request_id", requestID(r), "err", err)
	}
}

// duplicateInfo is what the staff page says about a suspected duplicate.
type duplicateInfo struct {
	ReceivedAt time.Time // when the earlier report arrived
	Number     string    // its public report number, only for a viewer who may open it
}

// duplicateOf describes the earlier report rep repeats, or returns nil.
func (s *Server) duplicateOf(r *http.Request, rep *complaint.Report) (*duplicateInfo, error) {
	dups, err := s.db.SuspectedDuplicates(r.Context(), []complaint.Report{*rep})
	if err != nil {
		return nil, err
	}
	ref, ok := dups[rep.ID]
	if !ok {
		return nil, nil
	}
	earlier, err := s.db.Complaint(r.Context(), ref.UnitID, ref.ID)
	if err != nil {
		return nil, err
	}
	info := &duplicateInfo{ReceivedAt: earlier.ReceivedAt}
	handler, err := s.handlingUnit(r, earlier)
	if err != nil {
		return nil, err
	}
	if _, _, ok := staffViewer(principal(r), earlier, regionOf(handler)); ok {
		info.Number = earlier.Number
	}
	return info, nil
}
