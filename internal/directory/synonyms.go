package directory

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// Synonyms is the table of citizens' words: a phrase ("izin usaha", "imb",
// "ktp hilang") and the official terms that also meet it ("nib",
// "perizinan berusaha", "pbg", "ktp el"), each with why. It is data,
// versioned, shipped in the binary (synonyms.json).
type Synonyms struct {
	Version string                `json:"version"`
	Source  string                `json:"source"`
	Entries []Synonym             `json:"entries"`
	byFirst map[string][]compiled // phrase's first word → phrases, longest first
}

// Synonym is one entry of the table.
type Synonym struct {
	Phrase string   `json:"phrase"`
	Terms  []string `json:"terms"`
	Why    string   `json:"why"`
}

type compiled struct {
	phrase []string
	terms  [][]string
}

// Stopwords are the words of a request that say nothing about the service
// ("saya mau mengurus …", "cara membuat …").
var Stopwords = []string{"saya", "aku", "mau", "ingin", "akan", "cara", "bagaimana", "gimana", "membuat", "bikin", "buat", "urus",
	"mengurus", "pengurusan", "minta", "di", "ke", "dari", "untuk", "yang", "dan", "atau", "dengan", "mana", "dimana", "apa",
	"tempat", "layanan", "pelayanan", "the", "how", "to", "a", "an", "of", "for", "get"}

//go:embed synonyms.json
var synonymsJSON []byte

// DefaultSynonyms is the table shipped with Mutu.
func DefaultSynonyms() (*Synonyms, error) {
	return ParseSynonyms(synonymsJSON)
}

// ParseSynonyms reads a synonym table. Every phrase and term must have
// words, and a phrase appears once.
func ParseSynonyms(b []byte) (*Synonyms, error) {
	var s Synonyms
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	if s.Version == "" || s.Source == "" {
		return nil, fmt.Errorf("synonyms: version and source are required")
	}
	s.byFirst = map[string][]compiled{}
	seen := map[string]bool{}
	for _, e := range s.Entries {
		c := compiled{phrase: Words(e.Phrase)}
		key := fmt.Sprint(c.phrase)
		if len(c.phrase) == 0 || len(e.Terms) == 0 || e.Why == "" || seen[key] {
			return nil, fmt.Errorf("synonyms: entry %q: want words, terms, why, once", e.Phrase)
		}
		seen[key] = true
		for _, t := range e.Terms {
			ws := Words(t)
			if len(ws) == 0 {
				return nil, fmt.Errorf("synonyms: entry %q: empty term", e.Phrase)
			}
			c.terms = append(c.terms, ws)
		}
		s.byFirst[c.phrase[0]] = append(s.byFirst[c.phrase[0]], c)
	}
	for _, cs := range s.byFirst {
		slices.SortStableFunc(cs, func(a, b compiled) int { return len(b.phrase) - len(a.phrase) })
	}
	return &s, nil
}

// concept is what one part of a query asks for: alternatives, each a list
// of words that must all be in an entry. The first is the citizen's own
// words.
type concept [][]string

// concepts reads a query's words: stopwords dropped, the longest phrase of
// the table at each place taken as one concept with its terms, any other
// word a concept of its own. At most MaxConcepts.
func (s *Synonyms) concepts(words []string) []concept {
	var out []concept
	for i := 0; i < len(words) && len(out) < MaxConcepts; {
		w := words[i]
		if slices.Contains(Stopwords, w) {
			i++
			continue
		}
		c, n := concept{{w}}, 1
		if s != nil {
			for _, p := range s.byFirst[w] {
				if i+len(p.phrase) <= len(words) && slices.Equal(words[i:i+len(p.phrase)], p.phrase) {
					c, n = append(concept{p.phrase}, p.terms...), len(p.phrase)
					break
				}
			}
		}
		out = append(out, c)
		i += n
	}
	return out
}
