package report

// column is one column of a PDF table.
type column struct {
	title string
	width float64 // mm; 0 shares the rest of the content width equally
	align align
}

// table is a bordered PDF table whose rows flow across pages: a row never
// splits, and every continuation page repeats the caption, marked
// "(lanjutan)", and the header row. A row with fewer cells than columns
// spans its first cell over the missing columns (a label left of totals).
type table struct {
	caption string
	cols    []column
	rows    [][]string
	totals  [][]string // summary rows at the end, bold on a tinted ground
	size    float64    // font size in points; 0 means 9
	x       float64    // left edge; 0 means the left margin
	width   float64    // total width; 0 means the content width
}

// Cell padding, in mm.
const (
	padX = 1.6
	padY = 1.2
)

// keepWhole is the height up to which a table is not split across pages.
const keepWhole = 100.0

// widths resolves the column widths: fixed ones as given, the others share
// what is left of the table width.
func (t table) widths() []float64 {
	total := t.width
	if total == 0 {
		total = contentW
	}
	fixed, free := 0.0, 0
	for _, c := range t.cols {
		if c.width > 0 {
			fixed += c.width
		} else {
			free++
		}
	}
	ws := make([]float64, len(t.cols))
	for i, c := range t.cols {
		ws[i] = c.width
		if c.width == 0 {
			ws[i] = (total - fixed) / float64(free)
		}
	}
	return ws
}

// laidRow is a row broken into lines per cell, with its cell widths,
// alignments and height.
type laidRow struct {
	cells  [][]string
	ws     []float64
	aligns []align
	h      float64
	bold   bool
}

// layRow wraps every cell of a row to its column; a short row's first cell
// spans the missing columns and is left-aligned.
func (d *doc) layRow(cells []string, ws []float64, aligns []align, family string, size float64) laidRow {
	if span := len(ws) - len(cells) + 1; span > 1 && len(cells) > 0 {
		w := 0.0
		for _, x := range ws[:span] {
			w += x
		}
		ws = append([]float64{w}, ws[span:]...)
		aligns = append([]align{alignLeft}, aligns[span:]...)
	}
	d.font(family, size)
	r := laidRow{cells: make([][]string, len(ws)), ws: ws, aligns: aligns, bold: family == bold}
	n := 1
	for i := range ws {
		if i < len(cells) {
			r.cells[i] = d.wrap(cells[i], ws[i]-2*padX)
		}
		n = max(n, len(r.cells[i]))
	}
	r.h = float64(n)*d.lineH() + 2*padY
	return r
}

// drawRow draws a laid-out row at the cursor and moves the cursor below it.
func (d *doc) drawRow(r laidRow, x float64, size float64, fill *rgb) {
	family := regular
	if r.bold {
		family = bold
	}
	d.pdf.SetLineWidth(0.2)
	d.lineColour(rule)
	for i, w := range r.ws {
		if fill != nil {
			d.fillColour(*fill)
			d.rect(x, d.y, w, r.h, "FD")
		} else {
			d.rect(x, d.y, w, r.h, "D")
		}
		d.font(family, size)
		d.textColour(black)
		d.lines(x+padX, d.y+padY, w-2*padX, r.cells[i], r.aligns[i])
		x += w
	}
	d.y += r.h
}

// table draws t at the cursor.
func (d *doc) table(t table) {
	size := t.size
	if size == 0 {
		size = 9
	}
	x := t.x
	if x == 0 {
		x = marginLeft
	}
	ws := t.widths()
	titles := make([]string, len(t.cols))
	headAligns := make([]align, len(t.cols))
	aligns := make([]align, len(t.cols))
	for i, c := range t.cols {
		titles[i], headAligns[i], aligns[i] = c.title, alignCenter, c.align
	}
	head := d.layRow(titles, ws, headAligns, bold, size)
	var body []laidRow
	for _, cells := range t.rows {
		body = append(body, d.layRow(cells, ws, aligns, regular, size))
	}
	nBody := len(body)
	for _, cells := range t.totals {
		body = append(body, d.layRow(cells, ws, aligns, bold, size))
	}

	// A short table is kept whole; a long one starts with at least its
	// first row. The totals are kept together, with the last row above them.
	whole, first, totals := head.h, head.h, 0.0
	for i, r := range body {
		whole += r.h
		if i == 0 {
			first += r.h
		}
		if i >= nBody {
			totals += r.h
		}
	}
	keep := first
	if whole <= keepWhole {
		keep = whole
	}
	if t.caption != "" {
		d.caption(t.caption, keep)
		d.mark(markTable, t.caption)
	} else {
		d.need(keep)
	}
	d.drawRow(head, x, size, &headFill)
	for i, r := range body {
		need := r.h
		switch {
		case i == nBody-1 && totals > 0:
			need = r.h + totals // the last row goes with the totals
		case i == nBody:
			need = totals
		}
		if d.y+need > d.bottom() {
			d.newPage()
			if t.caption != "" {
				d.caption(t.caption+" (lanjutan)", head.h+r.h)
			}
			d.drawRow(head, x, size, &headFill)
		}
		var fill *rgb
		if i >= nBody {
			fill = &totalFill
		}
		d.drawRow(r, x, size, fill)
	}
	d.gap(5)
}
