package innovation

import (
	"time"

	"mutu/internal/complaint"
	"mutu/internal/skm"
)

// The measured effect of an innovation compares its services before and
// after the launch over whole calendar months (Asia/Jakarta), because the
// survey and complaint rollups are kept per month:
//
//   - before: the 12 months before the launch month;
//   - after: from the launch month when the launch fell on its 1st, else
//     from the month after (a month that mixes both sides counts on
//     neither), up to 12 months, ending with the last month complete
//     today. A shorter after-period is stated as such ("since launch").
//
// Both sides are shown with their dates; either may have no data.

// Window is the number of months on each side at most.
const Window = 12

// Periods are the two sides of a comparison.
type Periods struct {
	Before skm.Range
	// After is empty (From == "") until a whole month has passed.
	After       skm.Range
	AfterMonths int
	// Skipped is the launch month when it counts on neither side.
	Skipped string // "2024-03", or ""
}

// PeriodsOf returns the periods of an innovation launched on launch (a
// WIB date) as seen on today.
func PeriodsOf(launch, today time.Time) Periods {
	today = today.In(launch.Location())
	month := time.Date(launch.Year(), launch.Month(), 1, 0, 0, 0, 0, launch.Location())
	var p Periods
	p.Before = skm.Range{From: month.AddDate(0, -Window, 0).Format(time.DateOnly), To: month.AddDate(0, 0, -1).Format(time.DateOnly)}
	start := month
	if launch.Day() != 1 {
		p.Skipped = month.Format("2006-01")
		start = month.AddDate(0, 1, 0)
	}
	// The last day of the last month complete today.
	lastComplete := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, today.Location()).AddDate(0, 0, -1)
	end := start.AddDate(0, Window, -1)
	if lastComplete.Before(end) {
		end = lastComplete
	}
	if !end.Before(start) {
		p.After = skm.Range{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly)}
		p.AfterMonths = (end.Year()-start.Year())*12 + int(end.Month()-start.Month()) + 1
	}
	return p
}

// RequiredSample is the sample an IKM needs to be representative
// (methods.md §1.3): the Krejcie–Morgan sample of the population N
// recorded for the period, or, when none is recorded (a 12-month window
// rarely has one), the sample of an unbounded population, 384.
func RequiredSample(population int64) int64 {
	if population <= 0 {
		return skm.SampleSizeLimit
	}
	return skm.SampleSize(population)
}

// MonthCount is the complaints about the unit received in a month: all of
// them, those completed (resolved or closed), and those that count (not
// archived or merged), as the complaint statistics define them.
type MonthCount struct {
	Month                      string // "2024-03"
	Received, Completed, Count int
}

// Figures are one side of the comparison.
type Figures struct {
	Range    skm.Range
	Months   int
	IKM      skm.Result // pooled over the innovation's services
	Required int64      // sample the IKM needs
	// Complaints received in the range, completed and counted.
	Received, Completed, Counted int
}

// HasIKM tells whether the side has an IKM at all.
func (f Figures) HasIKM() bool { return f.IKM.Respondents > 0 && f.IKM.Complete }

// Small flags an IKM from fewer respondents than the required sample: the
// figure is shown, marked as not representative.
func (f Figures) Small() bool { return f.HasIKM() && f.IKM.Respondents < f.Required }

// PerMonth is the complaints received per month (the sides may differ in
// length), 0 for an empty side.
func (f Figures) PerMonth() float64 {
	if f.Months == 0 {
		return 0
	}
	return float64(f.Received) / float64(f.Months)
}

// CompletedShare is the share of the counted complaints completed, in %.
func (f Figures) CompletedShare() float64 { return complaint.Share(f.Completed, f.Counted) }

// AddComplaints adds the months of ms that fall in the figures' range.
func (f *Figures) AddComplaints(ms []MonthCount) {
	if f.Range.From == "" {
		return
	}
	from, to := f.Range.From[:7], f.Range.To[:7]
	for _, m := range ms {
		if m.Month >= from && m.Month <= to {
			f.Received += m.Received
			f.Completed += m.Completed
			f.Counted += m.Count
		}
	}
}

// Effect is an innovation's before/after comparison.
type Effect struct {
	Periods
	Before, After Figures
}

// Measured tells whether the after side exists yet.
func (e Effect) Measured() bool { return e.After.Range.From != "" }
