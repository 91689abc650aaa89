package web

// bar is one bar of a horizontal bar chart drawn as inline SVG by the
// "bar-chart" template: geometry is computed here, text stays in the template.
type bar struct {
	Label string  // the category, e.g. "U3 Waktu Penyelesaian"
	Text  string  // the value as people read it, e.g. "3,12"
	Width float64 // bar length in SVG units (0–barMax)
	Y     float64 // top of the bar
	Class string  // "weak" for the lowest values, "" otherwise
}

// barChart is a horizontal bar chart with a title and description (read by
// screen readers); the data table is always shown beside it.
type barChart struct {
	ID, Title, Desc string
	Bars            []bar
	Height          float64
	Ticks           []tick
	Legend          []legendItem // what each bar colour means; empty when all bars are alike
}

// legendItem explains one bar colour: Class is the bar's class ("" or "weak").
type legendItem struct {
	Class, Text string
}

type tick struct {
	X    float64
	Text string
}

const (
	barLabelW = 345.0 // space for labels
	barMax    = 380.0 // longest bar
	barH      = 22.0
	barGap    = 10.0
)

// newBarChart scales values in [lo, hi] to bars; weak marks the lowest n.
func newBarChart(id, title, desc string, labels, texts []string, values []float64, lo, hi float64, weak int, tickTexts []string) barChart {
	c := barChart{ID: id, Title: title, Desc: desc}
	// mark the weak ones: the n smallest positive values
	marked := map[int]bool{}
	for range weak {
		best := -1
		for i := range values {
			if marked[i] || values[i] <= 0 {
				continue
			}
			if best < 0 || values[i] < values[best] {
				best = i
			}
		}
		if best >= 0 {
			marked[best] = true
		}
	}
	for i, v := range values {
		w := 0.0
		if hi > lo && v > lo {
			w = (min(v, hi) - lo) / (hi - lo) * barMax
		}
		b := bar{Label: labels[i], Text: texts[i], Width: w, Y: float64(i)*(barH+barGap) + 24}
		if marked[i] {
			b.Class = "weak"
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = float64(len(values))*(barH+barGap) + 30
	for i, t := range tickTexts {
		c.Ticks = append(c.Ticks, tick{X: barLabelW + float64(i)*barMax/float64(len(tickTexts)-1), Text: t})
	}
	return c
}
