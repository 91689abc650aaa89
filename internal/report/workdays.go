package report

import (
	"time"

	"mutu/internal/calendar"
	"mutu/internal/skm"
)

// Stage lengths, in working days, of the derived schedule.
const (
	prepDays    = 5
	processDays = 5
	writeDays   = 5
)

// Schedule derives the Waktu Pelaksanaan of a survey over r: preparation in
// the five working days before r, data collection over r, processing and
// analysis in the five working days after it, writing and reporting in the
// five after that. Working days are those of cal, the calendar the
// complaint deadlines use, so a report and a deadline never disagree about
// whether a day was worked.
func Schedule(r skm.Range, cal *calendar.Calendar) ([]Activity, error) {
	from, to, err := parseRange(r)
	if err != nil {
		return nil, err
	}
	prepFrom := addWorkingDays(cal, from, -prepDays)
	prepTo := addWorkingDays(cal, from, -1)
	procFrom := addWorkingDays(cal, to, 1)
	procTo := addWorkingDays(cal, to, processDays)
	writeFrom := addWorkingDays(cal, procTo, 1)
	writeTo := addWorkingDays(cal, procTo, writeDays)
	act := func(name string, f, t time.Time) Activity {
		return Activity{name, f.Format(time.DateOnly), t.Format(time.DateOnly), workingDays(cal, f, t)}
	}
	return []Activity{
		act("Persiapan", prepFrom, prepTo),
		act("Pengumpulan Data", from, to),
		act("Pengolahan Data dan Analisis", procFrom, procTo),
		act("Penyusunan dan Pelaporan Hasil", writeFrom, writeTo),
	}, nil
}

// workingDays counts the working days of cal from from to to, both
// included; 0 when to is before from.
func workingDays(cal *calendar.Calendar, from, to time.Time) int {
	if to.Before(from) {
		return 0
	}
	// WorkingDaysBetween counts the days after its first argument.
	return cal.WorkingDaysBetween(from.AddDate(0, 0, -1), to)
}

// addWorkingDays moves n working days of cal from d (backwards when n < 0);
// d itself does not count.
func addWorkingDays(cal *calendar.Calendar, d time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}
