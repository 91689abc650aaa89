package maps

import "slices"

// brewerYlGnBu is ColorBrewer 2.0's sequential scheme YlGnBu (Cynthia
// Brewer, Pennsylvania State University; colorbrewer2.org), light to dark,
// for 3, 4 and 5 classes: ColorBrewer marks every one colour-blind safe and
// print friendly. Lightness alone orders the classes, so they also read in
// grey.
var brewerYlGnBu = map[int][]string{
	3: {"#edf8b1", "#7fcdbb", "#2c7fb8"},
	4: {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
	5: {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
}

// Sequential returns n fills, light (low) to dark (high). More classes
// than the scheme has cannot be told apart on a map, so n is clamped to 3–5
// and the caller gets the classes it can use.
func Sequential(n int) []string {
	return brewerYlGnBu[min(max(n, 3), 5)]
}

// GradeFills are the fills of n grades, the best first: the sequential
// scale read from dark to light, so that a better grade is darker on
// screen, on paper and in grey. These, not the grade letters' hues (green
// A, blue B, orange C, red D: text that always shows its letter), are the
// colours of grades on every map, web and PDF (docs/architecture.md,
// "Map colours").
func GradeFills(n int) []string {
	out := slices.Clone(Sequential(n))
	slices.Reverse(out)
	return out
}

// CountBounds splits counts from 0 to maxN into at most four classes:
// zero (a figure, not missing data) and three equal steps above it. It
// returns each class's highest count.
func CountBounds(maxN int) []int {
	if maxN <= 0 {
		return []int{0}
	}
	step := (maxN + 2) / 3
	out := []int{0}
	for hi := step; ; hi += step {
		if hi >= maxN {
			return append(out, maxN)
		}
		out = append(out, hi)
	}
}

// ClassOf returns the class of n under bounds from CountBounds.
func ClassOf(n int, bounds []int) int {
	for i, hi := range bounds {
		if n <= hi {
			return i
		}
	}
	return len(bounds) - 1
}
