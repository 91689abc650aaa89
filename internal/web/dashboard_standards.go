package web

import (
	"context"

	"mutu/internal/standard"
	"mutu/internal/unit"
)

// reviewTask is a unit whose standards in force are older than the review
// cycle (MUTU_STANDARD_REVIEW), for "tugas saya".
type reviewTask struct {
	Unit unit.Unit
	Due  int // services whose standard is due for review
}

// standardReviews finds, among units, those with standards due for review:
// per active service the version in force (standard.Current) checked
// against the cycle, the rule the standards page applies.
func (s *Server) standardReviews(ctx context.Context, units []unit.Unit) ([]reviewTask, error) {
	ids := unitIDs(units)
	published, err := s.db.PublishedVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(published) == 0 {
		return nil, nil
	}
	services, err := s.db.Services(ctx, ids)
	if err != nil {
		return nil, err
	}
	active := map[string]bool{}
	for _, list := range services {
		for _, sv := range list {
			active[sv.ID] = sv.Active
		}
	}
	byService := map[string][]standard.Version{}
	for _, v := range published {
		byService[v.UnitID+"/"+v.ServiceID] = append(byService[v.UnitID+"/"+v.ServiceID], v)
	}
	now := s.db.Now()
	due := map[string]int{}
	for _, vs := range byService {
		if cur := standard.Current(vs, now); active[vs[0].ServiceID] && s.cfg.StandardReview.NeedsReview(cur, now) {
			due[cur.UnitID]++
		}
	}
	var out []reviewTask
	for _, u := range units {
		if due[u.ID] > 0 {
			out = append(out, reviewTask{Unit: u, Due: due[u.ID]})
		}
	}
	return out, nil
}
