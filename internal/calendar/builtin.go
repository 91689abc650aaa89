package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"sync"
)

// Confidence is how well a year's dates are established.
type Confidence string

const (
	Verified     Confidence = "verified"      // two independent sources agree
	SingleSource Confidence = "single-source" // one source, or sources disagree
	Projected    Confidence = "projected"     // not decreed yet: a computed or published projection
)

// Confidences from best to worst.
var Confidences = []Confidence{Verified, SingleSource, Projected}

// YearInfo describes one year of the embedded data: where the dates come from
// and how sure they are. Show Confidence and Notes next to a year that is not
// Verified.
type YearInfo struct {
	Year       int        `json:"year"`
	Version    int        `json:"version"`     // the file's revision, raised whenever a date changes
	Checked    string     `json:"checked"`     // YYYY-MM-DD the sources were last checked
	LegalBasis string     `json:"legal_basis"` // the SKB 3 Menteri decree (and amendments): numbers and date
	Confidence Confidence `json:"confidence"`
	Sources    []string   `json:"sources"` // URLs the dates were read from
	Notes      string     `json:"notes"`   // what is uncertain, and why
}

//go:embed data/*.json
var data embed.FS

// yearFile is the shape of data/YYYY.json.
type yearFile struct {
	YearInfo
	Days []Day `json:"days"`
}

var builtin = sync.OnceValues(func() (*Calendar, []YearInfo) {
	c, infos, err := load(data)
	if err != nil {
		panic("calendar: embedded data: " + err.Error()) // the tests keep the files valid
	}
	return c, infos
})

// Builtin returns the calendar of the embedded holiday tables and a
// description of each year, in year order. These are the defaults a
// migration seeds; the calendar in force is the one built with New from the
// administrator's table.
func Builtin() (*Calendar, []YearInfo) {
	c, infos := builtin()
	out := make([]YearInfo, len(infos))
	for i, y := range infos {
		y.Sources = slices.Clone(y.Sources)
		out[i] = y
	}
	return c, out
}

// load reads data/YYYY.json files from fsys and checks them: file name, year,
// version, checked date, confidence, legal basis (unless projected), source
// URLs, and every day (valid, of that year, not listed twice).
func load(fsys fs.FS) (*Calendar, []YearInfo, error) {
	names, err := fs.Glob(fsys, "data/*.json")
	if err != nil {
		return nil, nil, err
	}
	if len(names) == 0 {
		return nil, nil, fmt.Errorf("no data/*.json files")
	}
	var all []Day
	var infos []YearInfo
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, nil, err
		}
		var f yearFile
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := f.check(path.Base(name)); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		all = append(all, f.Days...)
		infos = append(infos, f.YearInfo)
	}
	c, err := New(all)
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(infos, func(a, b YearInfo) int { return a.Year - b.Year })
	return c, infos, nil
}

func (f *yearFile) check(base string) error {
	if want := strconv.Itoa(f.Year) + ".json"; base != want {
		return fmt.Errorf("year %d in a file named %s", f.Year, base)
	}
	if f.Version < 1 {
		return fmt.Errorf("version %d, want 1 or more", f.Version)
	}
	if _, ok := parseDate(f.Checked); !ok {
		return fmt.Errorf("checked %q is not a YYYY-MM-DD date", f.Checked)
	}
	if !slices.Contains(Confidences, f.Confidence) {
		return fmt.Errorf("confidence %q, want one of %v", f.Confidence, Confidences)
	}
	if f.LegalBasis == "" && f.Confidence != Projected {
		return fmt.Errorf("no legal_basis for a year that is not projected")
	}
	if len(f.Sources) == 0 {
		return fmt.Errorf("no sources")
	}
	for _, s := range f.Sources {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("source %q is not an http(s) URL", s)
		}
	}
	if len(f.Days) == 0 {
		return fmt.Errorf("no days")
	}
	for i, d := range f.Days {
		dn, ok := parseDate(d.Date)
		if ok && yearOf(dn) != f.Year {
			return fmt.Errorf("day %d (%s) is not in %d", i+1, d.Date, f.Year)
		}
	}
	return nil
}
