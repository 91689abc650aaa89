package web

import (
	"net/http"
	"strings"

	"mutu/internal/complaint"
	"mutu/internal/errs"
)

// mergedView is what the reporter of a duplicate sees of the report it was
// merged into: only what the public may see of it. Of a secret (rahasia)
// report, nothing but the fact of the merge: not even its number, which
// names its unit. Never its code, reporter, files or any action on it.
type mergedView struct {
	Visible bool // the surviving report's privacy lets the public follow it
	Number  string
	Status  complaint.Status
	Answer  string // its handling unit's latest answer
}

// mergedInto is the report rep (a duplicate) was merged into, as rep's
// reporter may see it; nil when rep was not merged.
func (s *Server) mergedInto(r *http.Request, rep *complaint.Report) (*mergedView, error) {
	if rep.Status != complaint.Merged {
		return nil, nil
	}
	m := &mergedView{}
	target, err := s.db.ComplaintByNumber(r.Context(), rep.MergedInto)
	if errs.Is(err, errs.NotFound) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	if !complaint.ShowsContent(target.Privacy, complaint.ViewPublic) {
		return m, nil
	}
	events, err := s.db.Events(r.Context(), target)
	if err != nil {
		return nil, err
	}
	m.Visible, m.Number, m.Status = true, target.Number, target.Status
	for _, e := range events {
		if e.Action == complaint.Respond {
			m.Answer = e.Body
		}
	}
	return m, nil
}

// withoutMergeTarget drops the surviving report's number from the merge
// entry of a duplicate's timeline ("NUMBER: reason"), for viewers outside
// the staff: mergedInto decides what they see of that report.
func withoutMergeTarget(body, number string) string {
	if rest, ok := strings.CutPrefix(body, number+": "); ok && number != "" {
		return rest
	}
	return body
}
