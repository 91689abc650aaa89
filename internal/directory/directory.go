// Package directory is the public directory of units and services
// (issue #12): every active service of every active unit, filtered by
// region and searched by what a citizen needs ("akta kelahiran", "izin
// usaha", "KTP hilang"). A search looks in the service's name, the product
// and requirements of its published standard, the unit's name and its
// region, and widens the citizen's words with a small versioned table of
// synonyms (synonyms.json). Pure: the index is built from entries the
// caller reads, and a search touches only the index.
package directory

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode"

	"mutu/internal/region"
	"mutu/internal/standard"
)

// Entry is one service of a unit, or a unit without an active service.
type Entry struct {
	UnitCode, UnitName string
	RegionCode         string   // the unit's region
	RegionNames        []string // its region and those above it, searched too
	ServiceCode        string   // "" for a unit without active services
	ServiceName        string
	Standard           *standard.Version // the version in force (standard.Current), nil: none
}

// Field weights: a word in the service's name says more than one in a
// requirement.
const (
	inOther   = 1 // requirements
	inUnit    = 2 // the unit's name, its region's names
	inProduct = 3
	inName    = 4
)

// strongScore is the lowest score of a concept met outside the
// requirements (match: a field's weight times five, times four fifths for
// a synonym, which counts only in the name or product).
const strongScore = inUnit * 5

// substringMin is the shortest query word found inside a longer word
// ("periksa" in "pemeriksaan", "izin" in "perizinan"): shorter ones
// ("ktp", "kk", "nib") must match a whole word, or they would match
// everywhere.
const substringMin = 4

// MaxConcepts bounds the words (after stopwords and synonyms) a search
// weighs; a need is a few words.
const MaxConcepts = 8

// Index is the searchable directory.
type Index struct {
	entries  []Entry
	vocab    map[string]int // word → id
	words    []string       // id → word
	postings [][]posting    // id → the entries containing it, by entry
	syn      *Synonyms
}

type posting struct {
	entry  int
	weight uint8
}

// NewIndex indexes entries (kept in the order given, which is the order
// of an empty search) with the synonym table syn (nil: none).
func NewIndex(entries []Entry, syn *Synonyms) *Index {
	ix := &Index{entries: entries, vocab: map[string]int{}, syn: syn}
	for i, e := range entries {
		best := map[int]uint8{}
		add := func(text string, w uint8) {
			for _, t := range Words(text) {
				id, ok := ix.vocab[t]
				if !ok {
					id = len(ix.words)
					ix.vocab[t] = id
					ix.words = append(ix.words, t)
					ix.postings = append(ix.postings, nil)
				}
				best[id] = max(best[id], w)
			}
		}
		add(e.ServiceName, inName)
		add(e.UnitName, inUnit)
		for _, n := range e.RegionNames {
			add(n, inUnit) // where the citizen is counts like the unit's name
		}
		if e.Standard != nil {
			add(e.Standard.Content.Product, inProduct)
			for _, r := range e.Standard.Content.Requirements {
				add(r, inOther)
			}
		}
		for id, w := range best {
			ix.postings[id] = append(ix.postings[id], posting{i, w})
		}
	}
	return ix
}

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Query is a search: words, a region (the unit's region or one above it;
// "" for all), and a page.
type Query struct {
	Text          string
	Region        string
	Offset, Limit int // Limit 0: all
}

// Hit is an entry found, with its score (0 for an empty search).
type Hit struct {
	Entry
	Score int
}

// Search finds the entries that satisfy every concept of the query's
// words (a word or synonym phrase, met by the word itself or by one of
// its synonyms), best first, then by unit and service name; an empty
// query lists every entry of the region in index order, a query of only
// stopwords or punctuation finds nothing. It returns one page and the
// total.
func (ix *Index) Search(q Query) ([]Hit, int) {
	concepts := ix.syn.concepts(Words(q.Text))
	// Entries are handled by index and score until the page is cut, so
	// that a search costs no copies of the entries it does not show.
	var found []scored
	switch {
	case len(concepts) == 0 && strings.TrimSpace(q.Text) != "":
		// only stopwords or punctuation: nothing asked, nothing found
	case len(concepts) == 0:
		for i, e := range ix.entries {
			if region.Within(e.RegionCode, q.Region) {
				found = append(found, scored{i, 0})
			}
		}
	default:
		scores := ix.match(concepts[0])
		weakest := maps.Clone(scores) // each entry's lowest concept score
		for _, c := range concepts[1:] {
			next := ix.match(c)
			for i, s := range scores {
				if n, ok := next[i]; ok {
					scores[i], weakest[i] = s+n, min(weakest[i], n)
				} else {
					delete(scores, i)
				}
			}
		}
		// An entry that meets a concept only by a requirement ("akta
		// kelahiran" among the papers a marriage letter needs) is a weak
		// hit: shown only when no entry meets every concept by its name,
		// product, unit or region.
		strong := false
		for i := range scores {
			if weakest[i] >= strongScore && region.Within(ix.entries[i].RegionCode, q.Region) {
				strong = true
				break
			}
		}
		for i, s := range scores {
			if region.Within(ix.entries[i].RegionCode, q.Region) && (!strong || weakest[i] >= strongScore) {
				found = append(found, scored{i, s})
			}
		}
		slices.SortFunc(found, func(x, y scored) int {
			a, b := &ix.entries[x.entry], &ix.entries[y.entry]
			return cmp.Or(y.score-x.score, hasStandard(b)-hasStandard(a), cmp.Compare(a.UnitName, b.UnitName),
				cmp.Compare(a.ServiceName, b.ServiceName), cmp.Compare(a.UnitCode, b.UnitCode), cmp.Compare(a.ServiceCode, b.ServiceCode))
		})
	}
	total := len(found)
	from := min(max(q.Offset, 0), total)
	to := total
	if q.Limit > 0 {
		to = min(from+q.Limit, total)
	}
	hits := make([]Hit, 0, to-from)
	for _, f := range found[from:to] {
		hits = append(hits, Hit{Entry: ix.entries[f.entry], Score: f.score})
	}
	return hits, total
}

// scored is an entry found, by its place in the index.
type scored struct{ entry, score int }

// hasStandard ranks, among equally good hits, a service whose standard is
// published (the citizen sees its time limit and fee) before one without.
func hasStandard(e *Entry) int {
	if e.Standard != nil {
		return 1
	}
	return 0
}

// match scores the entries that meet a concept: the best of its
// alternatives, each met when every one of its words is in the entry; an
// alternative from the synonym table counts a little less than the
// citizen's own words.
func (ix *Index) match(c concept) map[int]int {
	out := map[int]int{}
	for k, alt := range c {
		var got map[int]int
		for _, w := range alt {
			each := ix.word(w, k > 0)
			if got == nil {
				got = each
				continue
			}
			for i, s := range got {
				if n, ok := each[i]; ok {
					got[i] = min(s, n)
				} else {
					delete(got, i)
				}
			}
		}
		for i, s := range got {
			s *= 5
			if k > 0 {
				s = s * 4 / 5
			}
			out[i] = max(out[i], s)
		}
	}
	return out
}

// word is the entries containing w (or, for a word long enough, a word
// containing it) with the weight of the best field it is in. A synonym's
// word counts only in the service's name or product: the table says what
// a service is called, and "KTP-el" among a birth certificate's
// requirements does not make it the KTP service.
func (ix *Index) word(w string, synonym bool) map[int]int {
	out := map[int]int{}
	add := func(id int) {
		for _, p := range ix.postings[id] {
			if !synonym || p.weight >= inProduct {
				out[p.entry] = max(out[p.entry], int(p.weight))
			}
		}
	}
	if len([]rune(w)) < substringMin {
		if id, ok := ix.vocab[w]; ok {
			add(id)
		}
		return out
	}
	forms := []string{w}
	if n, ok := nasal[w[0]]; ok {
		forms = append(forms, n+w[1:])
	}
	for id, t := range ix.words {
		for _, f := range forms {
			if strings.Contains(t, f) {
				add(id)
				break
			}
		}
	}
	return out
}

// nasal is how the prefixes me-/pe- change a root's first letter, so that
// a root the citizen types is found in the derived word a standard uses:
// "periksa" in "pemeriksaan", "tulis" in "penulisan", "kirim" in
// "pengiriman", "salin" in "penyalinan".
var nasal = map[byte]string{'p': "m", 't': "n", 'k': "ng", 's': "ny"}

// Words splits text into lower-case words of letters and digits: "KTP-el"
// is "ktp" and "el", "(OSS/NIB)" is "oss" and "nib".
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
