package report

import (
	"fmt"
	"time"

	"mutu/internal/i18n"
	"mutu/internal/skm"
)

// trendCount is how many earlier periods the trend looks back.
const trendCount = 4

// Words for the kind of period a trend compares (TrendKind).
const (
	trendYears    = "tahun"
	trendHalves   = "semester"
	trendQuarters = "triwulan"
	trendMonths   = "bulan"
	trendRanges   = "periode"
)

// trendPeriod is one earlier period of a trend.
type trendPeriod struct {
	Range skm.Range
	Label string
}

// trendPeriods returns the count periods of the same kind as r just before
// it, oldest first, and the word for that kind: a year is compared with
// years, a semester with semesters, a quarter with quarters and a calendar
// month with months, each labelled as the period selector labels them;
// another run of whole months with as many months before it, and any other
// range with as many days before it.
func trendPeriods(r skm.Range, count int) (string, []trendPeriod, error) {
	from, to, err := parseRange(r)
	if err != nil {
		return "", nil, err
	}
	out := make([]trendPeriod, count)
	if from.Day() != 1 || to.AddDate(0, 0, 1).Day() != 1 {
		days := int(to.Sub(from).Hours()/24) + 1
		for i := range count {
			f := from.AddDate(0, 0, -days*(count-i))
			t := f.AddDate(0, 0, days-1)
			out[i] = trendPeriod{rangeOf(f, t), i18n.DateRange(i18n.ID, f.Format(time.DateOnly), t.Format(time.DateOnly))}
		}
		return trendRanges, out, nil
	}
	months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
	kind := map[int]skm.Kind{12: skm.Year, 6: skm.Semester, 3: skm.Quarter}[months]
	if kind != "" && (int(from.Month())-1)%months != 0 {
		kind = "" // e.g. February to April: three months, not a quarter
	}
	word := map[skm.Kind]string{skm.Year: trendYears, skm.Semester: trendHalves, skm.Quarter: trendQuarters}[kind]
	if months == 1 {
		word = trendMonths
	} else if word == "" {
		word = trendRanges
	}
	for i := range count {
		f := from.AddDate(0, -months*(count-i), 0)
		t := f.AddDate(0, months, -1)
		var label string
		switch {
		case kind != "":
			label = skm.PeriodLabel(kind, f.Year(), (int(f.Month())-1)/months+1)
		case months == 1:
			label = fmt.Sprintf("%s %d", longMonths[f.Month()-1], f.Year())
		default:
			label = i18n.DateRange(i18n.ID, f.Format(time.DateOnly), t.Format(time.DateOnly))
		}
		out[i] = trendPeriod{rangeOf(f, t), label}
	}
	return word, out, nil
}

func rangeOf(from, to time.Time) skm.Range {
	return skm.Range{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
}

// trendKind is the word for the periods the trend compares.
func (p *prepared) trendKind() string {
	if p.TrendKind == "" {
		return trendRanges
	}
	return p.TrendKind
}
