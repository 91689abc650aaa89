package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"mutu/internal/errs"
	"mutu/internal/instrument"
)

// scoreOutput is the answer of "mutu pekppp score": the IPP of the
// evaluator's instrument (F-02) alone, weights in percent.
type scoreOutput struct {
	Aspects  []aspectOutput `json:"aspects"`
	IPP      float64        `json:"ipp"`       // rounded half-up to two decimals: the official figure
	IPPExact float64        `json:"ipp_exact"` // before rounding
	Kategori string         `json:"kategori"`
	Predikat string         `json:"predikat"` // "" where the sources give none
}

type aspectOutput struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Score  float64 `json:"score"`
}

// cmdPEKPPP runs "mutu pekppp score FILE.json": a PEKPPP result from scores,
// computed with the instrument shipped in the binary, without a database,
// for checking a result by hand.
func cmdPEKPPP(args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "score" {
		return fmt.Errorf("%w: mutu pekppp score FILE.json", errUsage)
	}
	b, err := readScoreFile(args[1])
	if err != nil {
		return err
	}
	in, err := instrument.ParseInput(b)
	if err != nil {
		return err
	}
	v, err := in.Choose(instrument.Builtin())
	if err != nil {
		return err
	}
	r, err := v.Score(in.Scores)
	if err != nil {
		return err
	}
	out := scoreOutput{Kategori: r.Category.Kategori, Predikat: r.Category.Predikat, IPP: float64(r.Rounded) / 100}
	out.IPPExact, _ = r.Exact.Float64()
	for _, a := range r.Aspects {
		w, _ := a.Weight.Float64()
		s, _ := a.Score.Float64()
		out.Aspects = append(out.Aspects, aspectOutput{Code: a.Code, Name: a.Name, Weight: w, Score: s})
	}
	return writeIndented(stdout, out)
}

// writeIndented writes v as indented JSON, the answer of the score commands.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readScoreFile reads a score file, refusing one beyond the parsers'
// bound (they report it as too large).
func readScoreFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errs.New(errs.Invalid, "instrument.err.file", path)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, instrument.MaxInputBytes+1))
	if err != nil {
		return nil, errs.New(errs.Invalid, "instrument.err.file", path)
	}
	return b, nil
}
