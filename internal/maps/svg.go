package maps

import (
	"html"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// NoData is the class of an area without a figure: drawn hatched grey,
// never as the lowest class.
const NoData = -1

// Class is one class of a choropleth and its line in the legend.
type Class struct {
	Fill  string // #rrggbb
	Label string // what it means, e.g. "A — Sangat Baik (88,31–100)"
}

// Value is one area's figure.
type Value struct {
	Class int    // index into the choropleth's Classes, or NoData
	Text  string // the figure as people read it, e.g. "87,28 (A)"
	Href  string // the area's link; "" for none
}

// Choropleth is what to draw on a layout: each area coloured by its class,
// named with its value (title and aria-label), and linked.
type Choropleth struct {
	ID          string // unique in the page: prefixes the drawing's element ids
	Title, Desc string
	Classes     []Class // none: a plain map, every area the same neutral colour
	Values      map[string]Value
	NoDataText  string     // the value text of an area without a figure
	Highlight   string     // a region drawn with a heavy outline (the chosen one)
	Marker      *orb.Point // a point to mark (longitude, latitude)
	MarkerLabel string
}

// Colours of what is not a class: the plain fill, the hatching of "no
// data", outlines and the marker.
const (
	PlainFill     = "#e3ecf5"
	HighlightFill = "#225ea8"
	NoDataFill    = "#f0f0f0"
	NoDataHatch   = "#767676"
	Stroke        = "#4d4d4d"
	MarkerFill    = "#c51b1b"
)

// SVG draws c on the layout as an inline SVG element.
func (l *Layout) SVG(c Choropleth) []byte {
	b := make([]byte, 0, 64*1024)
	id := html.EscapeString(c.ID)
	role := "img" // an image has no focusable parts: with links, it is a group
	for _, v := range c.Values {
		if v.Href != "" {
			role = "group"
			break
		}
	}
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `...)
	b = strconv.AppendFloat(b, l.Width, 'f', -1, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, l.Height, 'f', -1, 64)
	b = append(b, `" role="`+role+`" aria-labelledby="`...)
	b = append(b, id+`-t `+id+`-d"><title id="`+id+`-t">`...)
	b = append(b, html.EscapeString(c.Title)...)
	b = append(b, `</title><desc id="`+id+`-d">`...)
	b = append(b, html.EscapeString(c.Desc)...)
	b = append(b, `</desc>`...)
	b = append(b, `<defs><pattern id="`+id+`-nd" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="`+NoDataFill+`"/><path d="M1 0v6" stroke="`+NoDataHatch+`" stroke-width="1.5"/></pattern></defs>`...)
	if f := l.Inset; f != nil {
		b = append(b, `<rect fill="none" stroke="`+NoDataHatch+`" stroke-dasharray="4 3" x="`...)
		b = appendTenth(b, f[0])
		b = append(b, `" y="`...)
		b = appendTenth(b, f[1])
		b = append(b, `" width="`...)
		b = appendTenth(b, f[2])
		b = append(b, `" height="`...)
		b = appendTenth(b, f[3])
		b = append(b, `"/>`...)
	}
	b = append(b, `<g stroke="`+Stroke+`" stroke-width=".8" stroke-linejoin="round">`...)
	var hi *Outline
	for i := range l.Areas {
		a := &l.Areas[i]
		if a.Code == c.Highlight {
			hi = a
		}
		v, ok := c.Values[a.Code]
		fill := PlainFill
		text := a.Name
		switch {
		case len(c.Classes) == 0:
			if a.Code == c.Highlight {
				fill = HighlightFill
			}
		case !ok || v.Class < 0 || v.Class >= len(c.Classes):
			fill = "url(#" + id + "-nd)"
			text += ": " + c.NoDataText
		default:
			fill = c.Classes[v.Class].Fill
		}
		if ok && v.Text != "" {
			text = a.Name + ": " + v.Text
		}
		text = html.EscapeString(text)
		if v.Href != "" {
			b = append(b, `<a href="`...)
			b = append(b, html.EscapeString(v.Href)...)
			b = append(b, `" aria-label="`...)
			b = append(b, text...)
			b = append(b, `">`...)
		}
		if a.Dot != nil {
			b = append(b, `<circle r="3" cx="`...)
			b = appendTenth(b, a.Dot[0])
			b = append(b, `" cy="`...)
			b = appendTenth(b, a.Dot[1])
		} else {
			b = append(b, `<path d="`...)
			b = append(b, a.Path...)
		}
		b = append(b, `" fill="`...)
		b = append(b, fill...)
		b = append(b, `"><title>`...)
		b = append(b, text...)
		if a.Dot != nil {
			b = append(b, `</title></circle>`...)
		} else {
			b = append(b, `</title></path>`...)
		}
		if v.Href != "" {
			b = append(b, `</a>`...)
		}
	}
	b = append(b, `</g>`...)
	if hi != nil && hi.Dot == nil {
		// On top of its neighbours, so that the whole outline shows.
		b = append(b, `<path d="`...)
		b = append(b, hi.Path...)
		b = append(b, `" fill="none" stroke="#000" stroke-width="3" stroke-linejoin="round"/>`...)
	}
	if c.Marker != nil {
		if xy, ok := l.Project(*c.Marker); ok {
			b = append(b, `<circle r="6" cx="`...)
			b = appendTenth(b, xy[0])
			b = append(b, `" cy="`...)
			b = appendTenth(b, xy[1])
			b = append(b, `" fill="`+MarkerFill+`" stroke="#fff" stroke-width="2"><title>`...)
			b = append(b, html.EscapeString(c.MarkerLabel)...)
			b = append(b, `</title></circle>`...)
		}
	}
	return append(b, `</svg>`...)
}

// appendTenth appends x rounded to a tenth.
func appendTenth(b []byte, x float64) []byte { return tenths(b, int(math.Round(x*10))) }
