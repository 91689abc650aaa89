package web

import (
	"net/http"
	"slices"

	"mutu/internal/complaint"
)

// queueRow is one report of the queue with what its deadlines mean now.
type queueRow struct {
	Report           complaint.Report
	Overdue, DueSoon []complaint.StepName
	Due              complaint.Due // the next step due, when HasDue
	HasDue           bool
	Holder           string // the unit handling it (or that received it, before dispatch)
	HeldBy           string // the unit holding a report the user may not act on
}

// queueDeadlineScan bounds the open reports ordered by deadline: the
// deadline is computed in Go (working days, holidays), so the queue reads
// this many of the oldest and orders those.
const queueDeadlineScan = 500

func (s *Server) queueRows(r *http.Request, list []complaint.Report) ([]queueRow, error) {
	slas, err := s.db.SLAs(r.Context())
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, rep := range list {
		ids = append(ids, rep.UnitID)
		if rep.AssignedUnitID != "" {
			ids = append(ids, rep.AssignedUnitID)
		}
	}
	slices.Sort(ids)
	units, err := s.unitsByID(r, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	p := principal(r)
	now := s.db.Now()
	cal := s.workingCalendar()
	rows := make([]queueRow, len(list))
	for i, rep := range list {
		d := complaint.ComputeDeadlines(slas[rep.Kind], cal, rep.Milestones)
		row := queueRow{Report: rep, Overdue: complaint.Overdue(rep.Status, d, rep.Milestones, now), DueSoon: complaint.DueSoon(rep.Status, d, rep.Milestones, now, cal),
			Holder: units[rep.UnitID].Name}
		row.Due, row.HasDue = complaint.NextDue(cal, rep.Status, d, rep.Milestones, now)
		if rep.AssignedUnitID != "" {
			handler := units[rep.AssignedUnitID]
			row.Holder = handler.Name
			// The same rule as the report page (heldElsewhere).
			if _, actor, _ := staffViewer(p, &rep, handler.RegionCode); rep.Status.Open() && heldElsewhere(p, &rep, actor) {
				row.HeldBy = handler.Name
			}
		}
		rows[i] = row
	}
	return rows, nil
}

// sortByDeadline orders rows by the deadline of their next step (those with
// none last) and returns page pageNo.
func sortByDeadline(rows []queueRow, pageNo, pageSize int) []queueRow {
	slices.SortStableFunc(rows, func(a, b queueRow) int {
		switch {
		case a.HasDue != b.HasDue:
			if a.HasDue {
				return -1
			}
			return 1
		case !a.HasDue:
			return 0
		}
		return a.Due.Day.Compare(b.Due.Day)
	})
	from := min(len(rows), (pageNo-1)*pageSize)
	return rows[from:min(len(rows), from+pageSize)]
}
