package web

import (
	"net/http"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/unit"
)

// heldElsewhere names the unit now holding a report that an administrator
// or operator sees but may not act on (staffViewer: once dispatched, only
// the handling unit and the administrators over it act), so the page can
// say why nothing can be done here and who to ask. nil when the user may
// act, or reads reports by role (leaders, evaluators, assessors).
func (s *Server) heldElsewhere(r *http.Request, rep *complaint.Report, actor complaint.Actor) (*unit.Unit, error) {
	p := principal(r)
	if actor != "" || rep.AssignedUnitID == "" || (p.Role != account.Admin && p.Role != account.Operator) {
		return nil, nil
	}
	return s.db.UnitByID(r.Context(), rep.AssignedUnitID)
}
