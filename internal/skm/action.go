package skm

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"mutu/internal/errs"
)

// ActionStatus is the state of a follow-up action.
type ActionStatus string

const (
	Planned    ActionStatus = "rencana"
	InProgress ActionStatus = "berjalan"
	Done       ActionStatus = "selesai"
)

// ActionStatuses in order.
var ActionStatuses = []ActionStatus{Planned, InProgress, Done}

// Action is one row of the Rencana Tindak Lanjut: what the unit will do
// about a weak element of a survey period.
type Action struct {
	ID          string
	UnitID      string
	Element     string // element code, e.g. "U3"
	Range       Range  // the survey period it answers
	Programme   string // program/kegiatan
	Timeline    string // waktu, e.g. "Januari–Maret 2027"
	Responsible string // penanggung jawab
	Status      ActionStatus
	Evidence    string // what shows it was done (a link or a description)
}

// Validate checks an action against its instrument.
func (a *Action) Validate(in *Instrument) []errs.Field {
	var fs []errs.Field
	a.Programme, a.Timeline = strings.TrimSpace(a.Programme), strings.TrimSpace(a.Timeline)
	a.Responsible, a.Evidence = strings.TrimSpace(a.Responsible), strings.TrimSpace(a.Evidence)
	if in.ElementIndex(a.Element) < 0 {
		fs = append(fs, errs.Field{Name: "element", Key: "skm.err.element", Value: a.Element})
	}
	for _, f := range []struct {
		name, v  string
		required bool
		max      int
	}{{"programme", a.Programme, true, 500}, {"timeline", a.Timeline, true, 200}, {"responsible", a.Responsible, true, 200}, {"evidence", a.Evidence, false, 1000}} {
		switch n := utf8.RuneCountInString(f.v); {
		case n == 0 && f.required:
			fs = append(fs, errs.Field{Name: f.name, Key: "err.required"})
		case n > f.max:
			fs = append(fs, errs.Field{Name: f.name, Key: "err.too_long", Args: []any{f.max}})
		}
	}
	if !slices.Contains(ActionStatuses, a.Status) {
		fs = append(fs, errs.Field{Name: "status", Key: "skm.err.status"})
	}
	return fs
}

// Weakest returns up to n elements with answers, lowest NRR first: the
// priorities a follow-up plan proposes. Strongest is the reverse.
func Weakest(r Result, n int) []ElementResult { return ranked(r, n, true) }

// Strongest returns up to n elements with the highest NRR.
func Strongest(r Result, n int) []ElementResult { return ranked(r, n, false) }

func ranked(r Result, n int, asc bool) []ElementResult {
	var els []ElementResult
	for _, e := range r.Elements {
		if e.Answers > 0 {
			els = append(els, e)
		}
	}
	sort.SliceStable(els, func(i, j int) bool {
		if asc {
			return els[i].NRR < els[j].NRR
		}
		return els[i].NRR > els[j].NRR
	})
	return els[:min(n, len(els))]
}
