package instrument

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// pekpppData is the shared PEKPPP instrument data as compiled from its
// sources (data/README.md beside it says which and under which licence).
//
//go:embed data/pekppp-instrument.json
var pekpppData []byte

// PEKPPPLabel names the version of PEKPPP shipped with Mutu: form A of
// F-02 as Pedoman MenPANRB 5/2023 sets it, used 2022–2025.
const PEKPPPLabel = "pekppp-2023"

// Builtin returns the versions shipped with Mutu, each valid: PEKPPP
// first, then the Ombudsman's by year. The store
// seeds them once; the command line scores with them without a database.
func Builtin() []*Version {
	v, err := FromPEKPPPData(pekpppData)
	if err != nil {
		panic(fmt.Sprintf("instrument: shipped PEKPPP data: %v", err))
	}
	omb, err := ombudsmanVersions(ombudsmanData)
	if err != nil {
		panic(fmt.Sprintf("instrument: shipped Ombudsman data: %v", err))
	}
	return append([]*Version{v}, omb...)
}

// pekpppFile is the part of pekppp-instrument.json the engine reads.
type pekpppFile struct {
	DatasetVersion string `json:"dataset_version"`
	Instrument     struct {
		Name       string   `json:"name"`
		LegalBasis []string `json:"legal_basis"`
	} `json:"instrument"`
	Scoring struct {
		Scale struct {
			Min int `json:"min"`
			Max int `json:"max"`
		} `json:"indicator_scale"`
		Categories []struct {
			Category string  `json:"category"`
			Min      float64 `json:"min"`
			Label    *string `json:"label"`
		} `json:"ipp_categories"`
	} `json:"scoring"`
	Aspects []struct {
		Code       string  `json:"code"`
		Name       string  `json:"name"`
		Weight     Percent `json:"weight_percent"`
		Confidence string  `json:"weight_confidence"`
		Numbers    []int   `json:"indicator_numbers"`
	} `json:"aspects"`
	Indicators []struct {
		Number     int      `json:"number"`
		Code       *string  `json:"code"`
		Scored     bool     `json:"scored"`
		Name       string   `json:"name"`
		Weight     *Percent `json:"weight_in_aspect_percent"`
		Evidence   []string `json:"evidence"`
		Levels     []Level  `json:"levels"`
		Confidence string   `json:"confidence"`
	} `json:"indicators"`
}

// FromPEKPPPData converts the shared data file (its own format, with
// sources and confidence per field) into a version. Indicators keep the
// F-02 codes ("1.a.Ak"); the unscored extra item, which has no code in the
// sources, is named by its number. A weight the sources do not give stays
// unknown here and is filled by Weights' rule.
func FromPEKPPPData(b []byte) (*Version, error) {
	var f pekpppFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("pekppp data: %w", err)
	}
	v := &Version{
		Instrument: KindPEKPPP, Kind: KindPEKPPP, Label: PEKPPPLabel, Number: 1,
		Name:   f.Instrument.Name,
		Basis:  f.Instrument.LegalBasis,
		Source: "pekppp-instrument.json " + f.DatasetVersion,
		Scale:  Scale{Min: f.Scoring.Scale.Min, Max: f.Scoring.Scale.Max},
	}
	byNumber := map[int]int{}
	for i, ind := range f.Indicators {
		byNumber[ind.Number] = i
	}
	for _, a := range f.Aspects {
		asp := Aspect{Code: a.Code, Name: a.Name, Weight: a.Weight, Confidence: a.Confidence}
		for _, n := range a.Numbers {
			i, ok := byNumber[n]
			if !ok {
				return nil, fmt.Errorf("pekppp data: aspect %s lists indicator %d, which is missing", a.Code, n)
			}
			ind := f.Indicators[i]
			code := strconv.Itoa(ind.Number)
			if ind.Code != nil {
				code = *ind.Code
			}
			weight := ind.Weight
			if !ind.Scored {
				weight = nil
			}
			asp.Indicators = append(asp.Indicators, Indicator{Code: code, Name: ind.Name, Scored: ind.Scored, Weight: weight,
				Evidence: ind.Evidence, Levels: ind.Levels, Confidence: ind.Confidence})
		}
		v.Aspects = append(v.Aspects, asp)
	}
	for _, c := range f.Scoring.Categories {
		pred := ""
		if c.Label != nil {
			pred = *c.Label
		}
		v.Categories = append(v.Categories, Category{Kategori: c.Category, Min: int(math.Round(c.Min * 100)), Predikat: pred})
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return v, nil
}
