package skm

import "context"

// Profile counts respondents by profile field ("sex", "education",
// "occupation", "age", "channel") and option code.
type Profile map[string]map[string]int64

// Summary is the survey result of one unit (or one of its services) over a
// date range: what the API, the CLI, the dashboards and the reports show.
type Summary struct {
	Range        Range   `json:"range"`
	Result               // respondents, elements, ikm, ikm_konversi, mutu, kinerja
	Profile      Profile `json:"profile"`
	Population   int64   `json:"population"`    // N recorded for exactly this range; 0 when none
	SampleTarget int64   `json:"sample_target"` // Krejcie–Morgan sample of N; 0 when N is unknown
}

// Source is what a summary needs from storage.
type Source interface {
	Instrument(ctx context.Context, code string) (*Instrument, error)
	UnitTally(ctx context.Context, unitID, serviceID, instrument string, r Range) (Tally, Profile, error)
	Population(ctx context.Context, unitID string, r Range) (int64, error)
}

// Summarize computes the summary of a unit (serviceID "" for all services)
// under the current instrument with the exact weighting.
func Summarize(ctx context.Context, src Source, unitID, serviceID string, r Range) (Summary, error) {
	in, err := src.Instrument(ctx, Current)
	if err != nil {
		return Summary{}, err
	}
	t, p, err := src.UnitTally(ctx, unitID, serviceID, in.Code, r)
	if err != nil {
		return Summary{}, err
	}
	res, err := Compute(in, t, Exact)
	if err != nil {
		return Summary{}, err
	}
	n, err := src.Population(ctx, unitID, r)
	if err != nil {
		return Summary{}, err
	}
	return Summary{Range: r, Result: res, Profile: p, Population: n, SampleTarget: SampleSize(n)}, nil
}
