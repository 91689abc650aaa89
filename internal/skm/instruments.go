package skm

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
)

//go:embed instruments/*.json
var builtinFS embed.FS

// Current is the code of the instrument new surveys use.
const Current = "permenpanrb-14-2017"

// Builtin returns the instruments shipped with Mutu. The store seeds them
// into the database once; administrators may then edit the stored copies.
func Builtin() []*Instrument {
	files, _ := fs.Glob(builtinFS, "instruments/*.json")
	sort.Strings(files)
	var out []*Instrument
	for _, f := range files {
		b, _ := builtinFS.ReadFile(f)
		in := &Instrument{}
		if err := json.Unmarshal(b, in); err != nil {
			panic(fmt.Sprintf("skm: builtin instrument %s: %v", f, err))
		}
		if err := in.Validate(); err != nil {
			panic(err)
		}
		out = append(out, in)
	}
	return out
}

// BuiltinByCode returns one builtin instrument.
func BuiltinByCode(code string) *Instrument {
	for _, in := range Builtin() {
		if in.Code == code {
			return in
		}
	}
	return nil
}

// Validate checks an instrument's structure: unique element codes, four
// labels each, categories strictly descending and ending at 25,00.
func (in *Instrument) Validate() error {
	if in.Code == "" || len(in.Elements) == 0 || len(in.Elements) > MaxElements {
		return fmt.Errorf("skm: instrument %q: needs a code and 1–%d elements", in.Code, MaxElements)
	}
	seen := map[string]bool{}
	for _, e := range in.Elements {
		if e.Code == "" || seen[e.Code] {
			return fmt.Errorf("skm: instrument %s: element code %q empty or repeated", in.Code, e.Code)
		}
		seen[e.Code] = true
		for _, l := range e.Labels {
			if l == "" {
				return fmt.Errorf("skm: instrument %s: element %s lacks an answer label", in.Code, e.Code)
			}
		}
		// English labels are optional, but all four or none.
		if e.LabelsEN != [4]string{} && slices.Contains(e.LabelsEN[:], "") {
			return fmt.Errorf("skm: instrument %s: element %s lacks an English answer label", in.Code, e.Code)
		}
	}
	if len(in.Categories) == 0 {
		return fmt.Errorf("skm: instrument %s: no categories", in.Code)
	}
	for i, c := range in.Categories {
		if i > 0 && c.MinHundredths >= in.Categories[i-1].MinHundredths {
			return fmt.Errorf("skm: instrument %s: categories must descend", in.Code)
		}
	}
	if last := in.Categories[len(in.Categories)-1]; last.MinHundredths != 2500 {
		return fmt.Errorf("skm: instrument %s: the lowest category must start at 25,00", in.Code)
	}
	return nil
}

// MaxElements is how many elements a stored response can hold (u1…u14: the
// 2004 instrument has 14).
const MaxElements = 14
