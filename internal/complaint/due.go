package complaint

import "time"

// DayCounter is a working calendar that also counts working days between
// two dates (internal/calendar implements it).
type DayCounter interface {
	WorkingCalendar
	WorkingDaysBetween(from, to time.Time) int
}

// Due is a deadline as people read it: the last day on which the step may
// be done, and how many working days are left or have passed.
type Due struct {
	Step    StepName
	Day     time.Time // an instant on the last day (Asia/Jakarta date): deadlines end at 00:00 of the next day
	Left    int       // working days left after today; 0: due today
	Late    int       // working days since the last day, when Overdue (0: late, but no working day has passed yet)
	Overdue bool
}

// DueOf reads the deadline of a step at now. Deadlines fall at 00:00 WIB
// after the last day (calendar.Deadline), so the last day is the instant
// before; showing "21 Nov 00.00" would suggest a day too early or too late.
func DueOf(cal DayCounter, step StepName, deadline, now time.Time) Due {
	last := deadline.Add(-time.Nanosecond)
	d := Due{Step: step, Day: last}
	if now.Before(deadline) {
		d.Left = max(0, cal.WorkingDaysBetween(now, last))
		return d
	}
	d.Overdue = true
	d.Late = max(0, cal.WorkingDaysBetween(last, now))
	return d
}

// NextDue is the first step of a report in status s still to be done, with
// its deadline read at now; ok is false when nothing is due (closed, answered
// or not yet started).
func NextDue(cal DayCounter, s Status, d Deadlines, m Milestones, now time.Time) (Due, bool) {
	steps := pending(s, d, m)
	if len(steps) == 0 {
		return Due{}, false
	}
	return DueOf(cal, steps[0], d.due(steps[0]), now), true
}
