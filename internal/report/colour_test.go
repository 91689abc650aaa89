package report

import (
	"math"
	"testing"
)

// TestMutuTextContrast: a grade's letters in the PDF are readable on white
// (WCAG AA for text, 4.5:1); grade C's orange bars are too light for that,
// so its text takes a darker shade of the same hue.
func TestMutuTextContrast(t *testing.T) {
	for _, g := range []string{"A", "B", "C", "D"} {
		if c := contrast(mutuTextColour(g), white); c < 4.5 {
			t.Errorf("grade %s text: contrast %.2f:1 on white, want at least 4.5:1", g, c)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(c rgb) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}
