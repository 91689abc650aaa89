package web

import (
	"net/http"
	"strconv"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
)

// DueDay formats the last day of a deadline with its weekday: "Jumat,
// 21 Nov 2026" — never "00.00", the instant the deadline technically ends.
func (v *view) DueDay(d complaint.Due) string {
	return v.T("deadline.weekday."+strconv.Itoa(int(d.Day.In(clock.Jakarta).Weekday()))) + ", " + v.Date(d.Day)
}

// DueLeft says how much time a deadline leaves in working days: "3 hari
// kerja lagi", "hari ini batas akhirnya", "terlambat 2 hari kerja".
func (v *view) DueLeft(d complaint.Due) string {
	switch {
	case d.Overdue && d.Late == 1:
		return v.T("deadline.late_1")
	case d.Overdue && d.Late > 0:
		return v.T("deadline.late", d.Late)
	case d.Overdue:
		return v.T("deadline.late_today")
	case d.Left == 0:
		return v.T("deadline.today")
	case d.Left == 1:
		return v.T("deadline.left_1")
	}
	return v.T("deadline.left", d.Left)
}

// dues reads a report's deadlines at now: each step that has one, in
// lifecycle order, for the staff page.
func (s *Server) dues(d complaint.Deadlines, now time.Time) []complaint.Due {
	cal := s.workingCalendar()
	var out []complaint.Due
	for _, x := range []struct {
		step complaint.StepName
		at   time.Time
	}{{complaint.StepVerify, d.Verify}, {complaint.StepFirstResponse, d.FirstResponse}, {complaint.StepResolution, d.Resolution}} {
		if !x.at.IsZero() {
			out = append(out, complaint.DueOf(cal, x.step, x.at, now))
		}
	}
	return out
}

// trackNext is what the tracking page says comes next: the step due and by
// when, from the same deadline functions the staff pages use.
type trackNext struct {
	Status complaint.Status
	Due    complaint.Due
	HasDue bool
}

func (s *Server) trackNext(r *http.Request, rep *complaint.Report) (trackNext, error) {
	slas, err := s.db.SLAs(r.Context())
	if err != nil {
		return trackNext{}, err
	}
	cal := s.workingCalendar()
	d := complaint.ComputeDeadlines(slas[rep.Kind], cal, rep.Milestones)
	due, ok := complaint.NextDue(cal, rep.Status, d, rep.Milestones, s.db.Now())
	return trackNext{Status: rep.Status, Due: due, HasDue: ok}, nil
}
