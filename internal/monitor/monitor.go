// Package monitor is the city's monitoring team (tim pelaksana pengendalian
// dan evaluasi pelayanan publik, issue #13): teams set by a decree, their
// members and scope, the cadence that gives each unit its visit windows,
// and a unit's status in a window. It is pure: no SQL, no HTTP.
package monitor

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/region"
)

// Role is what a member does in the team (the decree's words).
type Role string

const (
	Ketua      Role = "ketua"
	Sekretaris Role = "sekretaris"
	Anggota    Role = "anggota"
)

// Roles in the order the decree lists them.
var Roles = []Role{Ketua, Sekretaris, Anggota}

// Member is a Mutu user on a team.
type Member struct {
	UserID string
	Name   string // the user's name, for pages
	Role   Role
}

// Team is a monitoring team of a city, set by a decree (SK), with a scope
// of regions (every unit in them) and single units.
type Team struct {
	ID           string
	RegionCode   string // the city (or province) whose team it is
	Name         string
	DecreeNumber string
	DecreeDate   time.Time // a WIB date
	Members      []Member
	Regions      []string // region codes within RegionCode
	UnitIDs      []string
	UpdatedBy    string
	UpdatedAt    time.Time
}

// Covers reports whether a unit (its id and region) is in the team's scope.
func (t *Team) Covers(unitID, unitRegion string) bool {
	if slices.Contains(t.UnitIDs, unitID) {
		return true
	}
	for _, r := range t.Regions {
		if region.Within(unitRegion, r) {
			return true
		}
	}
	return false
}

// HasMember reports whether the user is on the team.
func (t *Team) HasMember(userID string) bool {
	return slices.ContainsFunc(t.Members, func(m Member) bool { return m.UserID == userID })
}

// TeamInput is the team form, filled by administrators of the region.
type TeamInput struct {
	Name, DecreeNumber, DecreeDate string
	Members                        []Member // user ids and roles; names are not read
	Regions                        []string
	UnitIDs                        []string
}

// Validate returns the team of region regionCode, or the field errors:
// name and decree required, the decree not dated in the future, exactly
// one ketua, at most one sekretaris, each user once, a scope of at least
// one region or unit, the regions within the team's region. isUser says
// whether an id is a user the administrator may put on the team, inRegion
// whether a unit id is a unit of the region.
func (in *TeamInput) Validate(regionCode string, now time.Time, isUser, isUnit func(id string) bool) (*Team, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	t := &Team{RegionCode: regionCode, Name: strings.TrimSpace(in.Name), DecreeNumber: strings.TrimSpace(in.DecreeNumber)}
	switch {
	case t.Name == "":
		add("name", "err.required")
	case len([]rune(t.Name)) > 200:
		add("name", "err.too_long", 200)
	}
	switch {
	case t.DecreeNumber == "":
		add("decree_number", "err.required")
	case len([]rune(t.DecreeNumber)) > 100:
		add("decree_number", "err.too_long", 100)
	}
	date, ok := ParseDate(in.DecreeDate)
	switch {
	case strings.TrimSpace(in.DecreeDate) == "":
		add("decree_date", "err.required")
	case !ok:
		add("decree_date", "monitor.err.date")
	case date.After(Day(now)):
		add("decree_date", "monitor.err.decree_future")
	}
	t.DecreeDate = date
	seen := map[string]bool{}
	count := map[Role]int{}
	for _, m := range in.Members {
		m.UserID = strings.TrimSpace(m.UserID)
		if m.UserID == "" {
			continue
		}
		switch {
		case !slices.Contains(Roles, m.Role):
			add("members", "monitor.err.role")
		case seen[m.UserID]:
			add("members", "monitor.err.member_twice")
		case !isUser(m.UserID):
			add("members", "monitor.err.member_unknown")
		default:
			seen[m.UserID] = true
			count[m.Role]++
			t.Members = append(t.Members, Member{UserID: m.UserID, Role: m.Role})
		}
	}
	switch {
	case count[Ketua] != 1:
		add("members", "monitor.err.one_ketua")
	case count[Sekretaris] > 1:
		add("members", "monitor.err.one_sekretaris")
	}
	for _, r := range in.Regions {
		if r = strings.TrimSpace(r); r == "" || slices.Contains(t.Regions, r) {
			continue
		}
		if !region.ValidCode(r) || !region.Within(r, regionCode) {
			add("regions", "monitor.err.region", r)
			continue
		}
		t.Regions = append(t.Regions, r)
	}
	for _, id := range in.UnitIDs {
		if id = strings.TrimSpace(id); id == "" || slices.Contains(t.UnitIDs, id) {
			continue
		}
		if !isUnit(id) {
			add("units", "monitor.err.unit")
			continue
		}
		t.UnitIDs = append(t.UnitIDs, id)
	}
	if len(t.Regions) == 0 && len(t.UnitIDs) == 0 && !slices.ContainsFunc(fs, func(f errs.Field) bool { return f.Name == "regions" || f.Name == "units" }) {
		add("regions", "monitor.err.scope")
	}
	if err := errs.Fields("monitor.err.invalid", fs); err != nil {
		return nil, err
	}
	return t, nil
}

// Cadence is how often a city's units are visited: every Months months,
// in windows aligned on the calendar year, with a reminder ReminderDays
// days before a window closes.
type Cadence struct {
	RegionCode   string
	Months       int
	ReminderDays int
	UpdatedBy    string
	UpdatedAt    time.Time
}

// Default is the cadence of a city that set none: SK E.0066/2022 asks for
// a visit "minimal setiap dua bulan sekali"; a week's notice.
var Default = Cadence{Months: 2, ReminderDays: 7}

// CadenceMonths are the allowed cadences: the divisors of twelve, so that
// every year has the same windows.
var CadenceMonths = []int{1, 2, 3, 4, 6, 12}

// MaxReminderDays is the longest lead of a reminder.
const MaxReminderDays = 60

// CadenceInput is the cadence form.
type CadenceInput struct{ Months, ReminderDays string }

// Validate returns the cadence of regionCode, or the field errors.
func (in CadenceInput) Validate(regionCode string) (Cadence, error) {
	var fs []errs.Field
	c := Cadence{RegionCode: regionCode}
	var err error
	if c.Months, err = strconv.Atoi(strings.TrimSpace(in.Months)); err != nil || !slices.Contains(CadenceMonths, c.Months) {
		fs = append(fs, errs.Field{Name: "months", Key: "monitor.err.months"})
	}
	if c.ReminderDays, err = strconv.Atoi(strings.TrimSpace(in.ReminderDays)); err != nil || c.ReminderDays < 0 || c.ReminderDays > MaxReminderDays {
		fs = append(fs, errs.Field{Name: "reminder_days", Key: "monitor.err.reminder_days", Args: []any{MaxReminderDays}})
	}
	return c, errs.Fields("monitor.err.invalid", fs)
}

// Window is one visit window: from the first day of Start to the end of
// End (both WIB dates, midnight in Asia/Jakarta).
type Window struct {
	Start, End time.Time
}

// Key names the window in storage and forms: its first day, YYYY-MM-DD.
func (w Window) Key() string { return w.Start.Format(time.DateOnly) }

// Contains reports whether day d (a WIB date) lies in the window.
func (w Window) Contains(d time.Time) bool {
	d = Day(d)
	return !d.Before(w.Start) && !d.After(w.End)
}

// Windows returns the windows of a year under cadence c, in order.
func Windows(c Cadence, year int) []Window {
	m := c.Months
	if !slices.Contains(CadenceMonths, m) {
		m = Default.Months
	}
	var out []Window
	for month := 1; month <= 12; month += m {
		start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, clock.Jakarta)
		out = append(out, Window{Start: start, End: start.AddDate(0, m, -1)})
	}
	return out
}

// WindowAt returns the window that contains the WIB day of t.
func WindowAt(c Cadence, t time.Time) Window {
	d := Day(t)
	for _, w := range Windows(c, d.Year()) {
		if w.Contains(d) {
			return w
		}
	}
	panic("monitor: no window contains " + d.String()) // the windows of a year cover it
}

// WindowByKey returns the window of cadence c that starts on key, if any.
func WindowByKey(c Cadence, key string) (Window, bool) {
	d, ok := ParseDate(key)
	if !ok {
		return Window{}, false
	}
	w := WindowAt(c, d)
	return w, w.Start.Equal(d)
}

// ReminderDue reports whether a reminder for window w is due at now: from
// ReminderDays days before the window's last day to that day.
func (c Cadence) ReminderDue(w Window, now time.Time) bool {
	d := Day(now)
	return !d.Before(w.End.AddDate(0, 0, -c.ReminderDays)) && !d.After(w.End)
}

// Visit is a team's visit to a unit in one window: planned for a day, and
// done on a day. The scores, findings and report of a visit are later
// records owned by it; InstrumentVersionID will name the instrument
// version it was scored with ("" until then).
type Visit struct {
	UnitID              string
	ID                  string
	TeamID              string
	Window              time.Time // the window's first day
	PlannedOn           time.Time // a WIB date
	DoneOn              time.Time // zero: not done
	InstrumentVersionID string
	PlannedBy, DoneBy   string
	UpdatedAt           time.Time
}

// Done reports whether the visit took place.
func (v *Visit) Done() bool { return v != nil && !v.DoneOn.IsZero() }

// Status is a unit's state in a window.
type Status string

const (
	Upcoming Status = "upcoming" // the window has not opened, nothing planned
	Due      Status = "due"      // open, no visit planned yet
	Planned  Status = "planned"  // a visit is planned (the window open or not yet)
	Done     Status = "done"     // visited in the window
	Overdue  Status = "overdue"  // closed without a visit
)

// StatusOf is a unit's status in window w at now, given its visit in that
// window (nil: none). The day is Asia/Jakarta's: a window closes at WIB
// midnight after its last day.
func StatusOf(w Window, v *Visit, now time.Time) Status {
	d := Day(now)
	switch {
	case v.Done():
		return Done
	case d.After(w.End):
		return Overdue
	case v != nil:
		return Planned // also ahead of the window
	case d.Before(w.Start):
		return Upcoming
	}
	return Due
}

// CheckPlan checks the day a visit is planned for: in the window, and not
// a day already past (a past day is recorded as done instead).
func CheckPlan(w Window, on string, now time.Time) (time.Time, error) {
	return checkDay(w, "planned_on", on, func(d time.Time) bool { return d.Before(Day(now)) }, "monitor.err.plan_past")
}

// CheckDone checks the day a visit took place: in the window, not in the future.
func CheckDone(w Window, on string, now time.Time) (time.Time, error) {
	return checkDay(w, "done_on", on, func(d time.Time) bool { return d.After(Day(now)) }, "monitor.err.done_future")
}

// checkDay parses form field's day on and checks it lies in the window and
// not on the wrong side of today (wrongSide; message key wrongKey).
func checkDay(w Window, field, on string, wrongSide func(time.Time) bool, wrongKey string) (time.Time, error) {
	d, ok := ParseDate(on)
	switch {
	case strings.TrimSpace(on) == "":
		return d, errs.InvalidField(field, "err.required")
	case !ok:
		return d, errs.InvalidField(field, "monitor.err.date")
	case !w.Contains(d):
		return d, errs.InvalidField(field, "monitor.err.outside_window", w.Key(), w.End.Format(time.DateOnly))
	case wrongSide(d):
		return d, errs.InvalidField(field, wrongKey)
	}
	return d, nil
}

// Coverage is a cycle's coverage: units visited of the units due.
type Coverage struct {
	Key          string // the group: a kecamatan's code, a unit type, "" for the whole city
	Due, Visited int
}

// Percent is the share visited, 0–100 (0 when nothing was due).
func (c Coverage) Percent() float64 {
	if c.Due == 0 {
		return 0
	}
	return float64(c.Visited) * 100 / float64(c.Due)
}

// Scoped is a unit due a visit, as coverage groups it.
type Scoped struct {
	UnitID, RegionCode, TypeCode string
}

// Kecamatan returns the district (kecamatan) of a region code: itself
// for a district, its parent for a kelurahan, "" above (a city's offices).
func Kecamatan(code string) string {
	switch l, _ := region.LevelOf(code); l {
	case region.District:
		return code
	case region.Village:
		return region.ParentOf(code)
	}
	return ""
}

// CoverageOf counts the units due and visited, grouped by key (nil: one
// group for all), groups sorted by key.
func CoverageOf(units []Scoped, visited map[string]bool, key func(Scoped) string) []Coverage {
	by := map[string]*Coverage{}
	var keys []string
	for _, u := range units {
		k := ""
		if key != nil {
			k = key(u)
		}
		c, ok := by[k]
		if !ok {
			c = &Coverage{Key: k}
			by[k] = c
			keys = append(keys, k)
		}
		c.Due++
		if visited[u.UnitID] {
			c.Visited++
		}
	}
	slices.Sort(keys)
	out := make([]Coverage, len(keys))
	for i, k := range keys {
		out[i] = *by[k]
	}
	return out
}

// Day is the WIB date of t, as midnight in Asia/Jakarta.
func Day(t time.Time) time.Time {
	y, m, d := t.In(clock.Jakarta).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, clock.Jakarta)
}

// ParseDate reads a YYYY-MM-DD date as midnight in Asia/Jakarta.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), clock.Jakarta)
	return t, err == nil
}
