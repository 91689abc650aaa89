package instrument

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

// ombudsmanData holds the Ombudsman's versions, one per assessment year,
// in the engine's own format: derived from the shared data set and
// methods.md §5 as data/README.md beside it describes.
//
//go:embed data/ombudsman.json
var ombudsmanData []byte

// ombudsmanVersions reads and validates the shipped Ombudsman versions.
func ombudsmanVersions(b []byte) ([]*Version, error) {
	var vs []*Version
	if err := json.Unmarshal(b, &vs); err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Kind != KindOmbudsman {
			return nil, fmt.Errorf("%s: kind %q", v.Label, v.Kind)
		}
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", v.Label, err)
		}
	}
	return vs, nil
}

// KepatuhanInput is a set of dimension scores, as `mutu kepatuhan score`
// reads it: {"instrument": "<label>", "dimensions": {"input": 0..100, …}}.
// An empty Instrument means the latest Ombudsman version with opinions.
type KepatuhanInput struct {
	Instrument string
	Dimensions map[string]*big.Rat // exact: 87.25 stays 8725/100
}

// ParseKepatuhanInput reads a KepatuhanInput from JSON. A score that is not
// a number is reported by its field ("dimensions.<code>") with every other
// such problem; malformed JSON, unknown keys and text that is not plain are
// refused whole.
func ParseKepatuhanInput(b []byte) (*KepatuhanInput, error) {
	if len(b) > MaxInputBytes {
		return nil, errs.New(errs.TooLarge, "instrument.err.too_large")
	}
	var raw struct {
		Instrument string                     `json:"instrument"`
		Dimensions map[string]json.RawMessage `json:"dimensions"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, errs.New(errs.Invalid, "instrument.err.kepatuhan_json")
	}
	if err := textcheck.Error(textcheck.Field("instrument", raw.Instrument, false)); err != nil {
		return nil, err
	}
	in := &KepatuhanInput{Instrument: raw.Instrument, Dimensions: map[string]*big.Rat{}}
	var fs []errs.Field
	for _, code := range slices.Sorted(maps.Keys(raw.Dimensions)) {
		if err := textcheck.Error(textcheck.Field("dimensions", code, false)); err != nil {
			return nil, err
		}
		s, ok := decimal(raw.Dimensions[code])
		if !ok {
			fs = append(fs, errs.Field{Name: "dimensions." + code, Key: "instrument.err.number", Value: clip(string(raw.Dimensions[code]))})
			continue
		}
		in.Dimensions[code] = s
	}
	if err := errs.Fields("instrument.err.scores", fs); err != nil {
		return nil, err
	}
	return in, nil
}

// decimal reads a JSON number exactly; a string, null or an exponent far
// out of range (which big.Rat would spend time and memory on) is refused.
func decimal(b json.RawMessage) (*big.Rat, bool) {
	var n json.Number
	if len(b) == 0 || len(b) > 40 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) || json.Unmarshal(b, &n) != nil {
		return nil, false
	}
	return new(big.Rat).SetString(string(n))
}

// Choose returns the version the input names among versions: the one with
// its label, or without a label the latest Ombudsman version with opinions
// (the four-dimension method).
func (in *KepatuhanInput) Choose(versions []*Version) (*Version, error) {
	var latest *Version
	for _, v := range versions {
		if in.Instrument != "" && v.Label == in.Instrument && v.Kind == KindOmbudsman {
			return v, nil
		}
		if v.Kind == KindOmbudsman && !v.ZoneOnly && (latest == nil || v.Number > latest.Number) {
			latest = v
		}
	}
	if in.Instrument != "" || latest == nil {
		return nil, errs.InvalidField("instrument", "instrument.err.unknown_version", in.Instrument)
	}
	return latest, nil
}

// Opinion is an Ombudsman result as people read it.
type Opinion struct {
	Opinion         string // A–E; "" under the zone system
	Label           string // "Kualitas Tertinggi", "Kepatuhan Tinggi"
	Zone            string // hijau, kuning, merah
	BoundsConfirmed bool   // false: the bounds are Mutu's reading (methods.md [C])
}

// OpinionOf reads a result's category as the Ombudsman's opinion and zone.
func (v *Version) OpinionOf(c Category) Opinion {
	o := Opinion{Opinion: c.Kategori, Label: c.Predikat, Zone: c.Zone, BoundsConfirmed: !c.Unconfirmed}
	if v.ZoneOnly {
		o.Opinion = ""
	}
	return o
}
