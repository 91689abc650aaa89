// Package standard holds a unit's service standards (standar pelayanan,
// UU 25/2009 Pasal 21, PermenPANRB 15/2014; methods.md §2) and its maklumat
// pelayanan: the fourteen components of a standard as structured data, its
// versions and their workflow (draft → approved → published), the review
// cycle, and the records of community involvement (Forum Konsultasi
// Publik). Pure: no SQL, no HTTP.
package standard

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"mutu/internal/clock"
)

// TimeUnit is the unit of a service's time limit.
type TimeUnit string

// Time units. Working days follow the product's working-day calendar
// (internal/calendar, the holidays table); calendar days count every day.
const (
	WorkingDays  TimeUnit = "hari_kerja"
	CalendarDays TimeUnit = "hari_kalender"
	Hours        TimeUnit = "jam"
	Minutes      TimeUnit = "menit"
)

// TimeUnits in display order.
var TimeUnits = []TimeUnit{Minutes, Hours, WorkingDays, CalendarDays}

// TimeLimit is the jangka waktu penyelesaian: a number and a unit.
type TimeLimit struct {
	Value int      `json:"value"`
	Unit  TimeUnit `json:"unit"`
}

// WorkingCalendar gives the end of the n-th working day after a moment
// (internal/calendar implements it).
type WorkingCalendar interface {
	Deadline(from time.Time, workingDays int) time.Time
}

// Due is when a request received at from must be finished: for working
// days the end of the n-th working day after the day of receipt (the
// calendar's rule, the same as complaint deadlines), for calendar days the
// end of the n-th day after it (00:00 WIB of the day after), for hours and
// minutes the moment that long after from.
func (t TimeLimit) Due(cal WorkingCalendar, from time.Time) time.Time {
	switch t.Unit {
	case WorkingDays:
		return cal.Deadline(from, t.Value)
	case CalendarDays:
		y, m, d := from.In(clock.Jakarta).Date()
		return time.Date(y, m, d+t.Value+1, 0, 0, 0, 0, clock.Jakarta)
	case Hours:
		return from.Add(time.Duration(t.Value) * time.Hour)
	default:
		return from.Add(time.Duration(t.Value) * time.Minute)
	}
}

// FeeKind says how a service is paid for.
type FeeKind string

// Fee kinds: free (gratis), a fixed tariff in Rupiah, or a charge that a
// regulation computes per case (a retribusi whose amount depends on the
// request, e.g. PBG by building area).
const (
	Free      FeeKind = "gratis"
	Fixed     FeeKind = "tarif"
	Regulated FeeKind = "retribusi"
)

// FeeKinds in display order.
var FeeKinds = []FeeKind{Free, Fixed, Regulated}

// Fee is the biaya/tarif with its legal basis.
type Fee struct {
	Kind     FeeKind `json:"kind"`
	AmountRp int64   `json:"amount_rp,omitempty"` // whole Rupiah, only for Fixed
	Basis    string  `json:"basis"`               // the regulation that sets (or waives) it
}

// Internal are the eight components kept inside the unit (komponen
// pengelolaan / manufacturing), each a list of lines.
type Internal struct {
	LegalBasis  []string `json:"legal_basis"` // dasar hukum
	Facilities  []string `json:"facilities"`  // sarana, prasarana dan/atau fasilitas
	Competence  []string `json:"competence"`  // kompetensi pelaksana
	Supervision []string `json:"supervision"` // pengawasan internal
	Staffing    []string `json:"staffing"`    // jumlah pelaksana
	Assurance   []string `json:"assurance"`   // jaminan pelayanan
	Security    []string `json:"security"`    // jaminan keamanan dan keselamatan pelayanan
	Evaluation  []string `json:"evaluation"`  // evaluasi kinerja pelaksana
}

// Content is the fourteen components of one version of a standard. The
// first six are published to service users.
type Content struct {
	Requirements []string  `json:"requirements"` // persyaratan
	Steps        []string  `json:"steps"`        // sistem, mekanisme dan prosedur, in order
	Time         TimeLimit `json:"time"`         // jangka waktu penyelesaian
	TimeNote     string    `json:"time_note,omitempty"`
	Fee          Fee       `json:"fee"`        // biaya/tarif
	Product      string    `json:"product"`    // produk pelayanan
	Complaints   []string  `json:"complaints"` // penanganan pengaduan, saran dan masukan
	Internal     Internal  `json:"internal"`
}

// Status is where a version is in its workflow.
type Status string

// Statuses of a version. A published version is never changed again;
// editing it makes a new draft.
const (
	Draft     Status = "draft"
	Approved  Status = "approved"
	Published Status = "published"
)

// Version is one version of a service's standard.
type Version struct {
	ID            string
	UnitID        string
	ServiceID     string
	Number        int // 1, 2, … per service
	Status        Status
	Content       Content
	EffectiveFrom time.Time // berlaku mulai (a WIB date)
	DecreeNumber  string    // nomor SK penetapan
	DecreeDate    time.Time // tanggal SK (a WIB date)

	CreatedBy, ApprovedBy, PublishedBy string // names, as the audit log records them
	CreatedAt, ApprovedAt, PublishedAt time.Time
}

// Open reports whether the version can still change (draft or approved).
func (v *Version) Open() bool { return v.Status == Draft || v.Status == Approved }

// Action is a workflow step on a version.
type Action string

// Workflow actions.
const (
	Approve Action = "approve"
	Publish Action = "publish"
	Discard Action = "discard"
)

// Irreversible are the actions that need a confirmation: a published
// version cannot be changed, a discarded draft is gone.
var Irreversible = []Action{Publish, Discard}

// allowedFrom is the workflow as data: the statuses each action may be taken
// from (Approve leads to Approved, Publish to Published; Discard deletes
// the draft).
var allowedFrom = map[Action][]Status{
	Approve: {Draft},
	Publish: {Approved},
	Discard: {Draft, Approved},
}

// Allowed reports whether action may be taken on a version in status s.
func Allowed(a Action, s Status) bool {
	return slices.Contains(allowedFrom[a], s)
}

// Current is the version in force at now: the published version with the
// highest number whose effective date has come; nil if there is none.
func Current(vs []Version, now time.Time) *Version {
	var cur *Version
	for i := range vs {
		v := &vs[i]
		if v.Status == Published && !v.EffectiveFrom.After(now) && (cur == nil || v.Number > cur.Number) {
			cur = v
		}
	}
	return cur
}

// OpenVersion is the draft or approved version, nil if there is none (a
// service has at most one).
func OpenVersion(vs []Version) *Version {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Open() {
			return &vs[i]
		}
	}
	return nil
}

// ReviewCycle is how often a published standard must be reviewed, in
// months (MUTU_STANDARD_REVIEW).
type ReviewCycle int

// DefaultReviewCycle is one year: PermenPANRB 15/2014 asks for periodic
// evaluation, and PEKPPP scores a review within the last year.
const DefaultReviewCycle ReviewCycle = 12

// ParseReviewCycle reads a cycle written as months ("12m", "18") or
// years ("1y"), from one month to five years.
func ParseReviewCycle(s string) (ReviewCycle, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(s, "y"):
		mult, s = 12, strings.TrimSuffix(s, "y")
	case strings.HasSuffix(s, "m"):
		s = strings.TrimSuffix(s, "m")
	}
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s {
		return 0, fmt.Errorf("want months (12m) or years (1y), got %q", s)
	}
	c := ReviewCycle(n * mult)
	if c < 1 || c > 60 {
		return 0, fmt.Errorf("want one month to five years, got %d months", c)
	}
	return c, nil
}

// ReviewDue is the day from which the version in force is due for review:
// its effective date plus the cycle.
func (c ReviewCycle) ReviewDue(v *Version) time.Time {
	return v.EffectiveFrom.AddDate(0, int(c), 0)
}

// NeedsReview reports whether the version in force is older than the cycle.
func (c ReviewCycle) NeedsReview(v *Version, now time.Time) bool {
	return v != nil && !now.Before(c.ReviewDue(v))
}

// Component is one internal component with its form field name.
type Component struct {
	Name  string // legal_basis, facilities, …
	Lines []string
}

// Components are the eight internal components in the order of
// PermenPANRB 15/2014.
func (in Internal) Components() []Component {
	return []Component{{"legal_basis", in.LegalBasis}, {"facilities", in.Facilities}, {"competence", in.Competence},
		{"supervision", in.Supervision}, {"staffing", in.Staffing}, {"assurance", in.Assurance}, {"security", in.Security},
		{"evaluation", in.Evaluation}}
}
