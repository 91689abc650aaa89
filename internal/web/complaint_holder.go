package web

import (
	"mutu/internal/account"
	"mutu/internal/complaint"
)

// heldElsewhere reports whether an administrator or operator sees rep but
// may not act on it because another unit holds it (staffViewer: once
// dispatched, only the handling unit and the administrators over it act),
// so the page can say why nothing can be done here and who to ask. False
// when the user may act, or reads reports by role (leaders, evaluators,
// assessors).
func heldElsewhere(p *account.Principal, rep *complaint.Report, actor complaint.Actor) bool {
	return actor == "" && rep.AssignedUnitID != "" && (p.Role == account.Admin || p.Role == account.Operator)
}
