package standard

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// Flow geometry, in SVG user units: a column of boxes joined by arrows,
// as wide as a phone screen, each box as tall as its wrapped text.
const (
	flowWidth   = 320
	flowPad     = 10
	flowLineH   = 18
	flowGap     = 26
	flowCharsPL = 38 // characters per line at 14 px in a 300-unit box
)

// FlowSVG draws the procedure as a simple flow diagram: numbered boxes top
// to bottom, joined by arrows, text wrapped at word boundaries and escaped.
// The diagram has a title for screen readers; the ordered list next to it
// on every page carries the same steps as text.
func FlowSVG(title string, steps []string) string {
	var b strings.Builder
	y := flowPad
	var body strings.Builder
	for i, s := range steps {
		lines := wrap(fmt.Sprintf("%d. %s", i+1, s), flowCharsPL)
		h := len(lines)*flowLineH + 2*flowPad
		fmt.Fprintf(&body, `<rect x="%d" y="%d" width="%d" height="%d" rx="6" class="flow-box"/>`, flowPad, y, flowWidth-2*flowPad, h)
		for j, l := range lines {
			fmt.Fprintf(&body, `<text x="%d" y="%d" class="flow-text">%s</text>`, 2*flowPad, y+flowPad+flowLineH*(j+1)-4, html.EscapeString(l))
		}
		y += h
		if i < len(steps)-1 {
			x := flowWidth / 2
			fmt.Fprintf(&body, `<path d="M%d %dV%d" class="flow-arrow"/><path d="M%d %dl-6 -8h12z" class="flow-head"/>`, x, y, y+flowGap-2, x, y+flowGap)
			y += flowGap
		}
	}
	y += flowPad
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="flow" role="img" viewBox="0 0 %d %d" width="%d" height="%d"><title>%s</title>`,
		flowWidth, y, flowWidth, y, html.EscapeString(title))
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
}

// wrap breaks s into lines of at most n characters at spaces (a longer
// word gets a line of its own).
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
