package web

import (
	"testing"

	"mutu/internal/i18n"
)

func TestWeightText(t *testing.T) {
	for _, c := range []struct {
		in  string
		l   i18n.Lang
		out string
	}{
		{"35/2", i18n.ID, "17,5"},
		{"35/2", i18n.EN, "17.5"},
		{"25", i18n.ID, "25"},
		{"611/50", i18n.ID, "12,22"},
		{"100/3", i18n.ID, "33,33"},
		{"1000", i18n.ID, "1.000"},
		{"x", i18n.ID, "x"},
	} {
		if got := weightText(c.l, c.in); got != c.out {
			t.Errorf("weightText(%s, %q) = %q, want %q", c.l, c.in, got, c.out)
		}
	}
}
