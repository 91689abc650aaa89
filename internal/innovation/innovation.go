// Package innovation is the registry of service innovations (issue #14):
// what a unit changed in its services, since when, and what the change
// did to the IKM and the complaints of those services, measured from
// Mutu's own data (effect.go). Innovations count in PEKPPP's Inovasi
// aspect and on the scorecard. No SQL, no HTTP here.
package innovation

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Status is where an innovation stands.
type Status string

// The statuses, in their order of life: planned (its launch date is the
// planned one), on trial at the unit, in regular use, stopped. Only
// planned innovations are kept off the public catalogue: one on trial has
// been launched and its effect can be measured.
const (
	Planned Status = "rencana"
	Trial   Status = "uji_coba"
	Running Status = "berjalan"
	Stopped Status = "dihentikan"
)

// Statuses in display order.
var Statuses = []Status{Planned, Trial, Running, Stopped}

// Public tells whether the catalogue shows an innovation of this status.
func (s Status) Public() bool { return s != Planned && slices.Contains(Statuses, s) }

// Limits of the text an innovation holds.
const (
	MaxName    = 200
	MaxAcronym = 40
	MaxText    = 4000
)

// Innovation is one service innovation of a unit.
type Innovation struct {
	ID          string
	UnitID      string
	Name        string
	Acronym     string // KOPILATE; may be empty
	Problem     string // the problem it solves
	Description string
	LaunchedOn  time.Time // a WIB date
	Status      Status
	ServiceIDs  []string // services of the unit it changes, at least one
	// Demo marks an innovation whose details the demo seed invented.
	Demo      bool
	UpdatedBy string
	UpdatedAt time.Time
}

// Title is the acronym and name as people cite them: "KOPILATE — Konsultasi …".
func (i Innovation) Title() string {
	if i.Acronym == "" {
		return i.Name
	}
	return i.Acronym + " — " + i.Name
}

// Input is an innovation as every channel hands it in (the staff form, the
// demo seed): dates and status as typed, services by id.
type Input struct {
	Name, Acronym, Problem, Description string
	LaunchedOn, Status                  string
	Services                            []string
}

// InputOf is the input that reproduces i (to edit it).
func InputOf(i Innovation) Input {
	return Input{Name: i.Name, Acronym: i.Acronym, Problem: i.Problem, Description: i.Description,
		LaunchedOn: i.LaunchedOn.Format(time.DateOnly), Status: string(i.Status), Services: i.ServiceIDs}
}

// Validate returns the innovation in, or the field errors. services are
// the ids of the unit's active services (an innovation changes services
// of its own unit); now decides which launch dates are in the future: only
// a planned innovation may launch after today.
func (in Input) Validate(now time.Time, services []string) (Innovation, error) {
	var fs []errs.Field
	add := func(name, key string, args ...any) { fs = append(fs, errs.Field{Name: name, Key: key, Args: args}) }
	text := func(name string, v *string, required bool, max int) {
		*v = strings.TrimSpace(*v)
		switch {
		case *v == "" && required:
			add(name, "err.required")
		case utf8.RuneCountInString(*v) > max:
			add(name, "err.too_long", max)
		}
	}
	text("name", &in.Name, true, MaxName)
	text("acronym", &in.Acronym, false, MaxAcronym)
	text("problem", &in.Problem, true, MaxText)
	text("description", &in.Description, true, MaxText)
	st := Status(strings.TrimSpace(in.Status))
	if !slices.Contains(Statuses, st) {
		add("status", "innovation.err.status")
	}
	launch, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(in.LaunchedOn), clock.Jakarta)
	switch {
	case strings.TrimSpace(in.LaunchedOn) == "":
		add("launched_on", "err.required")
	case err != nil:
		add("launched_on", "innovation.err.date")
	case st != Planned && launch.After(now):
		add("launched_on", "innovation.err.launch_future")
	}
	var ids []string
	for _, id := range in.Services {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0:
		add("services", "innovation.err.no_service")
	case slices.ContainsFunc(ids, func(id string) bool { return !slices.Contains(services, id) }):
		add("services", "innovation.err.service")
	}
	if len(fs) > 0 {
		return Innovation{}, errs.Fields("innovation.err.invalid", fs)
	}
	slices.Sort(ids)
	return Innovation{Name: in.Name, Acronym: in.Acronym, Problem: in.Problem, Description: in.Description,
		LaunchedOn: launch, Status: st, ServiceIDs: ids}, nil
}
