package instrument

import (
	"math/big"
	"regexp"
	"strings"

	"mutu/internal/errs"
)

// boundRE is a bound as people type it: up to two decimals, with a comma
// or a point ("88,01", "88.01", "88").
var boundRE = regexp.MustCompile(`^[0-9]{1,3}([.,][0-9]{1,2})?$`)

// WithBounds returns a copy of a version with new category bounds, for
// an administrator's edit (methods.md: category bounds are data): mins
// holds the lower bound of each category but the last (which stays the
// index's minimum) by Kategori, as typed; sourced says which bounds a
// source now confirms. Every problem is reported by its field
// "min-<kategori>": not a number with at most two decimals, outside the
// index's scale, not below the bound of the category above.
func (v *Version) WithBounds(mins map[string]string, sourced map[string]bool) (*Version, error) {
	var fs []errs.Field
	scale := v.Index()
	cats := make([]Category, len(v.Categories))
	for i, c := range v.Categories {
		c.Unconfirmed = !sourced[c.Kategori]
		cats[i] = c
		if i == len(v.Categories)-1 {
			break // the last category starts at the index's minimum
		}
		field := "min-" + c.Kategori
		text := strings.TrimSpace(mins[c.Kategori])
		r, ok := new(big.Rat).SetString(strings.Replace(text, ",", ".", 1))
		switch {
		case !boundRE.MatchString(text) || !ok:
			fs = append(fs, errs.Field{Name: field, Key: "instrument.err.bound", Args: []any{scale.Min, scale.Max}, Value: clip(text)})
			continue
		case r.Cmp(big.NewRat(int64(scale.Min), 1)) <= 0 || r.Cmp(big.NewRat(int64(scale.Max), 1)) > 0:
			fs = append(fs, errs.Field{Name: field, Key: "instrument.err.bound", Args: []any{scale.Min, scale.Max}, Value: clip(text)})
			continue
		}
		cats[i].Min = int(new(big.Rat).Mul(r, big.NewRat(100, 1)).Num().Int64())
		if i > 0 && cats[i-1].Min <= cats[i].Min && !hasField(fs, "min-"+cats[i-1].Kategori) {
			fs = append(fs, errs.Field{Name: field, Key: "instrument.err.bound_order", Value: clip(text)})
		}
	}
	if err := errs.Fields("instrument.err.invalid", fs); err != nil {
		return nil, err
	}
	out := *v
	out.Categories = cats
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return &out, nil
}

func hasField(fs []errs.Field, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}
