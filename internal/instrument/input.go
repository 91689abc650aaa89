package instrument

import (
	"bytes"
	"encoding/json"
	"maps"
	"math/big"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

// MaxInputBytes bounds a score file: 31 indicators need under 2 KB.
const MaxInputBytes = 1 << 20

// Input is a set of scores for one version, as `mutu pekppp score` reads
// it: {"instrument": "<label>", "scores": {"<indicator code>": 0..5, …}}.
// An empty Instrument means the latest version of PEKPPP.
type Input struct {
	Instrument string
	Scores     map[string]int
}

// ParseInput reads an Input from JSON. A score that is not a whole number
// is reported by its field ("scores.<code>") with every other such problem;
// malformed JSON, unknown keys and text that is not plain are refused whole.
func ParseInput(b []byte) (*Input, error) {
	if len(b) > MaxInputBytes {
		return nil, errs.New(errs.TooLarge, "instrument.err.too_large")
	}
	var raw struct {
		Instrument string                     `json:"instrument"`
		Scores     map[string]json.RawMessage `json:"scores"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, errs.New(errs.Invalid, "instrument.err.json")
	}
	if err := textcheck.Error(textcheck.Field("instrument", raw.Instrument, false)); err != nil {
		return nil, err
	}
	in := &Input{Instrument: raw.Instrument, Scores: map[string]int{}}
	var fs []errs.Field
	for _, code := range slices.Sorted(maps.Keys(raw.Scores)) {
		if err := textcheck.Error(textcheck.Field("scores", code, false)); err != nil {
			return nil, err
		}
		s, ok := wholeNumber(raw.Scores[code])
		if !ok {
			fs = append(fs, errs.Field{Name: "scores." + code, Key: "instrument.err.whole", Value: clip(string(raw.Scores[code]))})
			continue
		}
		in.Scores[code] = s
	}
	if err := errs.Fields("instrument.err.scores", fs); err != nil {
		return nil, err
	}
	return in, nil
}

// wholeNumber reads a JSON number that is a whole number ("4", "4.0",
// "4e0"); a huge one is kept out of int's range as -1, which every scale
// refuses.
func wholeNumber(b json.RawMessage) (int, bool) {
	var n json.Number
	// json.Number would also take a string holding a number ("4").
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) || json.Unmarshal(b, &n) != nil {
		return 0, false
	}
	r, ok := new(big.Rat).SetString(string(n))
	if !ok || !r.IsInt() {
		return 0, false
	}
	if !r.Num().IsInt64() || r.Num().Int64() > 1000 || r.Num().Int64() < -1000 {
		return -1, true
	}
	return int(r.Num().Int64()), true
}

// clip shortens a value echoed in a message.
func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// Choose returns the version the input names among the PEKPPP versions:
// the one with its label, or without a label the latest (the evaluator's
// instrument).
func (in *Input) Choose(versions []*Version) (*Version, error) {
	var latest *Version
	for _, v := range versions {
		if in.Instrument != "" && v.Label == in.Instrument && v.Kind == KindPEKPPP {
			return v, nil
		}
		if v.Instrument == KindPEKPPP && (latest == nil || v.Number > latest.Number) {
			latest = v
		}
	}
	if in.Instrument != "" || latest == nil {
		return nil, errs.InvalidField("instrument", "instrument.err.unknown_version", in.Instrument)
	}
	return latest, nil
}
