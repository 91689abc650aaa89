package web

import (
	"net/http"

	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// complaintTarget checks a staff step's form beyond the lifecycle's own
// rules: the confirmation of a step that cannot be taken back, the unit of
// a dispatch and the report a merge keeps, which it fills in on c.
func (s *Server) complaintTarget(r *http.Request, rep *complaint.Report, c *complaint.Change) error {
	f := r.PostForm
	if complaint.Irreversible(c.Action) && f.Get("confirmed") != "1" {
		return errUnconfirmed()
	}
	switch c.Action {
	case complaint.Merge:
		// The surviving report must exist and be one the user could act on
		// as a verifier themselves; "not found" and "out of scope" answer
		// alike, so the field reveals nothing about other regions.
		target, _, tActor, err := s.staffComplaintNumbered(r, f.Get("merge_into"))
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if err != nil || tActor != complaint.Verifier || target.ID == rep.ID {
			return errs.InvalidField("merge_into", "complaint.err.merge_target")
		}
		c.MergeInto = target.Number
	case complaint.Dispatch:
		u, err := s.db.UnitByCode(r.Context(), f.Get("unit"))
		if f.Get("unit") == "" || err != nil || !principal(r).AdministersRegion(u.RegionCode) {
			return errs.InvalidField("unit", "complaint.err.target")
		}
		c.TargetUnit = u.ID
	}
	return nil
}
