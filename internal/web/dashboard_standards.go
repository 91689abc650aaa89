package web

import (
	"context"

	"mutu/internal/unit"
)

// reviewTask is a unit whose standards in force are older than the review
// cycle (MUTU_STANDARD_REVIEW), for "tugas saya".
type reviewTask struct {
	Unit unit.Unit
	Due  int // services whose standard is due for review
}

// standardReviews finds, among units, those with standards due for review:
// the units' coverage (coverage_pages.go: per active service the version
// in force, standard.Current, checked against the cycle, the rule the
// standards page applies), so the task and the leaders' figures agree.
func (s *Server) standardReviews(ctx context.Context, units []unit.Unit) ([]reviewTask, error) {
	c, err := s.coverage(ctx, units, nil)
	if err != nil {
		return nil, err
	}
	due := map[string]int{}
	for _, row := range c.Units {
		due[row.Code] = row.Due
	}
	var out []reviewTask
	for _, u := range units {
		if due[u.Code] > 0 {
			out = append(out, reviewTask{Unit: u, Due: due[u.Code]})
		}
	}
	return out, nil
}
