package main

import (
	"fmt"
	"io"

	"mutu/internal/instrument"
)

// kepatuhanOutput is the answer of "mutu kepatuhan score".
type kepatuhanOutput struct {
	Score           float64 `json:"score"`       // rounded half-up to two decimals: the official figure
	ScoreExact      float64 `json:"score_exact"` // before rounding
	Opinion         string  `json:"opinion"`     // A–E; "" under the zone system (up to 2021)
	Label           string  `json:"label"`
	Zone            string  `json:"zone"`
	BoundsConfirmed bool    `json:"bounds_confirmed"` // false: the category bounds are not published (methods.md §5 [C])
}

// cmdKepatuhan runs "mutu kepatuhan score FILE.json": the Ombudsman's
// compliance score and opinion from dimension scores, with the versions
// shipped in the binary, without a database.
func cmdKepatuhan(args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "score" {
		return fmt.Errorf("%w: mutu kepatuhan score FILE.json", errUsage)
	}
	b, err := readScoreFile(args[1])
	if err != nil {
		return err
	}
	in, err := instrument.ParseKepatuhanInput(b)
	if err != nil {
		return err
	}
	v, err := in.Choose(instrument.Builtin())
	if err != nil {
		return err
	}
	r, err := v.ScoreAspects(in.Dimensions)
	if err != nil {
		return err
	}
	o := v.OpinionOf(r.Category)
	out := kepatuhanOutput{Score: float64(r.Rounded) / 100, Opinion: o.Opinion, Label: o.Label, Zone: o.Zone, BoundsConfirmed: o.BoundsConfirmed}
	out.ScoreExact, _ = r.Exact.Float64()
	return writeIndented(stdout, out)
}
