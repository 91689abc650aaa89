package skm

import (
	"fmt"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Range is a closed range of Asia/Jakarta dates, both YYYY-MM-DD.
type Range struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Kind is the length of a survey period.
type Kind string

const (
	Quarter  Kind = "triwulan"
	Semester Kind = "semester"
	Year     Kind = "tahun"
)

var roman = []string{"I", "II", "III", "IV"}

// PeriodRange returns the dates of period n (1-based) of a kind in a year.
func PeriodRange(kind Kind, year, n int) (Range, error) {
	months := map[Kind]int{Quarter: 3, Semester: 6, Year: 12}[kind]
	if months == 0 || year < 2000 || year > 2100 || n < 1 || n > 12/months {
		return Range{}, errs.New(errs.Invalid, "skm.err.period")
	}
	start := time.Date(year, time.Month((n-1)*months+1), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, months, -1)
	return Range{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly)}, nil
}

// PeriodLabel names a period: "Triwulan III 2026", "Semester I 2026", "Tahun 2026".
func PeriodLabel(kind Kind, year, n int) string {
	switch kind {
	case Quarter:
		return fmt.Sprintf("Triwulan %s %d", roman[n-1], year)
	case Semester:
		return fmt.Sprintf("Semester %s %d", roman[n-1], year)
	}
	return fmt.Sprintf("Tahun %d", year)
}

// ParseRange checks a date range given as text.
func ParseRange(from, to string) (Range, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	var fs []errs.Field
	if err1 != nil {
		fs = append(fs, errs.Field{Name: "from", Key: "skm.err.date", Value: from})
	}
	if err2 != nil {
		fs = append(fs, errs.Field{Name: "to", Key: "skm.err.date", Value: to})
	}
	if len(fs) == 0 && t.Before(f) {
		fs = append(fs, errs.Field{Name: "to", Key: "skm.err.range"})
	}
	if len(fs) == 0 && t.Sub(f) > 20*366*24*time.Hour {
		fs = append(fs, errs.Field{Name: "to", Key: "skm.err.range_long"})
	}
	if err := errs.Fields("skm.err.range_invalid", fs); err != nil {
		return Range{}, err
	}
	return Range{From: from, To: to}, nil
}

// CurrentQuarter is the quarter containing now in Asia/Jakarta.
func CurrentQuarter(now time.Time) (Range, string) {
	year, q := quarterOf(now)
	r, _ := PeriodRange(Quarter, year, q)
	return r, PeriodLabel(Quarter, year, q)
}

// quarterOf is the year and quarter (1–4) of t in Asia/Jakarta.
func quarterOf(t time.Time) (year, q int) {
	t = t.In(clock.Jakarta)
	return t.Year(), (int(t.Month())-1)/3 + 1
}

// Split divides a range into whole months (YYYY-MM) and the leftover days
// at its edges, so that a total over the range reads monthly rollups for
// whole months and daily rollups only for the partial ones.
func (r Range) Split() (months []string, days []Range) {
	f, _ := time.Parse(time.DateOnly, r.From)
	t, _ := time.Parse(time.DateOnly, r.To)
	if t.Before(f) {
		return nil, nil
	}
	cur := f
	for !cur.After(t) {
		monthStart := time.Date(cur.Year(), cur.Month(), 1, 0, 0, 0, 0, time.UTC)
		monthEnd := monthStart.AddDate(0, 1, -1)
		if cur.Equal(monthStart) && !monthEnd.After(t) {
			months = append(months, cur.Format("2006-01"))
		} else {
			end := monthEnd
			if end.After(t) {
				end = t
			}
			days = append(days, Range{From: cur.Format(time.DateOnly), To: end.Format(time.DateOnly)})
		}
		cur = monthEnd.AddDate(0, 0, 1)
	}
	return months, days
}

// PeriodCode names a period in URLs: "2026-T3" (triwulan), "2026-S1"
// (semester) or "2026" (year).
func PeriodCode(kind Kind, year, n int) string {
	switch kind {
	case Quarter:
		return fmt.Sprintf("%d-T%d", year, n)
	case Semester:
		return fmt.Sprintf("%d-S%d", year, n)
	}
	return fmt.Sprintf("%d", year)
}

// ParsePeriod reads a PeriodCode and returns its range and label.
func ParsePeriod(code string) (Range, string, error) {
	var year, n int
	var kind Kind
	switch {
	case len(code) == 4:
		kind, n = Year, 1
		if _, err := fmt.Sscanf(code, "%4d", &year); err != nil {
			return Range{}, "", errs.New(errs.Invalid, "skm.err.period")
		}
	case len(code) == 7 && code[4] == '-' && (code[5] == 'T' || code[5] == 'S'):
		kind = Quarter
		if code[5] == 'S' {
			kind = Semester
		}
		if _, err := fmt.Sscanf(code[:4]+" "+code[6:], "%d %d", &year, &n); err != nil {
			return Range{}, "", errs.New(errs.Invalid, "skm.err.period")
		}
	default:
		return Range{}, "", errs.New(errs.Invalid, "skm.err.period")
	}
	r, err := PeriodRange(kind, year, n)
	if err != nil {
		return Range{}, "", err
	}
	return r, PeriodLabel(kind, year, n), nil
}

// QuarterCodes returns the codes of the count quarters up to and including
// the one containing now, oldest first (for trends).
func QuarterCodes(now time.Time, count int) []string {
	year, q := quarterOf(now)
	out := make([]string, count)
	for i := count - 1; i >= 0; i-- {
		out[i] = PeriodCode(Quarter, year, q)
		if q--; q == 0 {
			year, q = year-1, 4
		}
	}
	return out
}
