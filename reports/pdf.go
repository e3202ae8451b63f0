package reports

import (
	"fmt"
	"io"
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-fonts/dejavu/dejavusansoblique"
)

// Colours of the documents (RGB).
var (
	colInk    = [3]int{33, 37, 41}
	colMuted  = [3]int{96, 104, 112}
	colRule   = [3]int{200, 205, 210}
	colHead   = [3]int{22, 62, 99}    // dark blue for headings and table heads
	colShade  = [3]int{238, 242, 246} // zebra rows
	colAccent = [3]int{191, 87, 0}    // current level
	colTarget = [3]int{22, 62, 99}    // target
	colHigh   = [3]int{178, 34, 34}
	colMedium = [3]int{204, 122, 0}
	colLow    = [3]int{46, 125, 50}
	colRestr  = [3]int{160, 20, 20}
)

const fontFamily = "dejavu"

// doc wraps an fpdf document with bordergap's page furniture: header with
// the document title and edition marking, footer with page numbers and the
// generation time, UTF-8 fonts, headings, paragraphs and tables.
type doc struct {
	pdf       *fpdf.Fpdf
	opts      Options
	title     string
	landscape bool
	lineH     float64
	noHeader  bool // suppressed on the cover page
}

// newDoc starts a document. orientation is "P" or "L".
func newDoc(title, subject string, o Options, orientation string) *doc {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	d := &doc{pdf: pdf, opts: o, title: title, landscape: orientation == "L", lineH: 4.6}
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(o.Generated)
	pdf.SetModificationDate(o.Generated)
	pdf.SetTitle(title, true)
	pdf.SetSubject(subject, true)
	pdf.SetAuthor("bordergap", true)
	pdf.SetCreator("bordergap", true)
	pdf.SetKeywords(o.Edition.Short()+" edition; generated "+o.generatedText(), true)
	pdf.AddUTF8FontFromBytes(fontFamily, "", dejavusans.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", dejavusansbold.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "I", dejavusansoblique.TTF)
	pdf.SetMargins(18, 20, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFuncMode(func() {
		if d.noHeader {
			return
		}
		w, _ := pdf.GetPageSize()
		l, _, r, _ := pdf.GetMargins()
		pdf.SetY(8)
		d.markingColour()
		mw := pdf.GetStringWidth(o.Edition.Marking()) + 2
		d.font("", 7.5, colMuted)
		pdf.CellFormat(w-l-r-mw, 4, fitText(pdf, d.title, w-l-r-mw-4), "", 0, "L", false, 0, "")
		d.markingColour()
		pdf.CellFormat(mw, 4, o.Edition.Marking(), "", 1, "R", false, 0, "")
		d.rule(13)
		pdf.SetY(20)
		d.font("", 9.5, colInk)
	}, true)
	pdf.SetFooterFunc(func() {
		w, h := pdf.GetPageSize()
		l, _, r, _ := pdf.GetMargins()
		pdf.SetY(h - 12)
		d.rule(h - 13)
		d.font("", 7.5, colMuted)
		// Page numbers are left-aligned: fpdf measures {nb} before it is
		// replaced, which misaligns right-aligned totals.
		pdf.CellFormat((w-l-r)/3, 4, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "L", false, 0, "")
		d.markingColour()
		pdf.CellFormat((w-l-r)/3, 4, o.Edition.Short(), "", 0, "C", false, 0, "")
		d.font("", 7.5, colMuted)
		pdf.CellFormat((w-l-r)/3, 4, "bordergap · "+o.Generated.UTC().Format("2006-01-02 15:04 UTC"), "", 0, "R", false, 0, "")
	})
	return d
}

func (d *doc) markingColour() {
	if d.opts.Edition == Restricted {
		d.font("B", 7.5, colRestr)
	} else {
		d.font("B", 7.5, colMuted)
	}
}

func (d *doc) font(style string, size float64, c [3]int) {
	d.pdf.SetFont(fontFamily, style, size)
	d.pdf.SetTextColor(c[0], c[1], c[2])
}

func (d *doc) rule(y float64) {
	w, _ := d.pdf.GetPageSize()
	l, _, r, _ := d.pdf.GetMargins()
	d.pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(l, y, w-r, y)
}

// width is the usable width between the margins.
func (d *doc) width() float64 {
	w, _ := d.pdf.GetPageSize()
	l, _, r, _ := d.pdf.GetMargins()
	return w - l - r
}

// spaceLeft is the vertical space before the bottom margin.
func (d *doc) spaceLeft() float64 {
	_, h := d.pdf.GetPageSize()
	return h - 18 - d.pdf.GetY()
}

// need starts a new page unless h millimetres are left.
func (d *doc) need(h float64) {
	if d.spaceLeft() < h {
		d.pdf.AddPage()
	}
}

func (d *doc) addPage() { d.pdf.AddPage() }

// h1 starts a numbered chapter on a new page and adds a bookmark.
func (d *doc) h1(text string) {
	d.pdf.AddPage()
	d.pdf.Bookmark(text, 0, -1)
	d.font("B", 16, colHead)
	d.pdf.MultiCell(d.width(), 8, text, "", "L", false)
	d.pdf.Ln(3)
	d.font("", 9.5, colInk)
}

// h2 is a section heading, kept with at least a few lines of what follows.
func (d *doc) h2(text string) {
	d.need(22)
	d.pdf.Ln(2)
	d.pdf.Bookmark(text, 1, -1)
	d.font("B", 12, colHead)
	d.pdf.MultiCell(d.width(), 6, text, "", "L", false)
	d.pdf.Ln(1.5)
	d.font("", 9.5, colInk)
}

// h3 is a sub-section heading.
func (d *doc) h3(text string) {
	d.need(16)
	d.pdf.Ln(1)
	d.font("B", 10, colInk)
	d.pdf.MultiCell(d.width(), 5, text, "", "L", false)
	d.pdf.Ln(0.5)
	d.font("", 9.5, colInk)
}

// para writes a paragraph of body text.
func (d *doc) para(text string) {
	d.font("", 9.5, colInk)
	d.pdf.MultiCell(d.width(), d.lineH, text, "", "L", false)
	d.pdf.Ln(1.8)
}

// note writes small muted text (sources, explanations).
func (d *doc) note(text string) {
	d.font("I", 8, colMuted)
	d.pdf.MultiCell(d.width(), 3.8, text, "", "L", false)
	d.pdf.Ln(1.5)
	d.font("", 9.5, colInk)
}

// bullets writes a bulleted list.
func (d *doc) bullets(items []string) {
	d.font("", 9.5, colInk)
	l, _, _, _ := d.pdf.GetMargins()
	for _, it := range items {
		d.need(d.lineH * 2)
		y := d.pdf.GetY()
		d.pdf.SetX(l + 1)
		d.pdf.CellFormat(4, d.lineH, "•", "", 0, "L", false, 0, "")
		d.pdf.SetXY(l+5, y)
		d.pdf.MultiCell(d.width()-5, d.lineH, it, "", "L", false)
		d.pdf.Ln(0.8)
	}
	d.pdf.Ln(1)
}

// column of a table.
type column struct {
	title string
	width float64 // share of the usable width (the shares are normalised)
	align string  // "L", "C" or "R"
}

// tableStyle tunes a table.
type tableStyle struct {
	size float64 // font size, default 8.5
	// rowColour, when set, returns a fill colour for a row (nil: zebra).
	rowColour func(i int) *[3]int
	// cellColour, when set, returns a text colour for a cell.
	cellColour func(row, col int) *[3]int
	bold       func(row, col int) bool
}

// table draws a table whose cells wrap; the header row repeats on each
// page and no row is split across pages (a row taller than a page is
// clipped to the page, which the callers avoid by keeping cells short).
func (d *doc) table(cols []column, rows [][]string, st tableStyle) {
	pdf := d.pdf
	size := st.size
	if size == 0 {
		size = 8.5
	}
	lh := size * 0.48
	total := 0.0
	for _, c := range cols {
		total += c.width
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.width / total * d.width()
	}
	l, _, _, _ := pdf.GetMargins()
	pad := 1.3
	lines := func(text string, w float64) []string {
		if text == "" {
			return []string{""}
		}
		var out []string
		for _, para := range strings.Split(text, "\n") {
			ls := pdf.SplitText(para, w-2*pad)
			if len(ls) == 0 {
				ls = []string{""}
			}
			out = append(out, ls...)
		}
		return out
	}
	drawRow := func(cells []string, header bool, fill *[3]int, row int) {
		style := ""
		if header {
			style = "B"
		}
		pdf.SetFont(fontFamily, style, size)
		cellLines := make([][]string, len(cols))
		maxLines := 1
		for i := range cols {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			if !header && st.bold != nil && st.bold(row, i) {
				pdf.SetFont(fontFamily, "B", size)
			}
			cellLines[i] = lines(text, widths[i])
			pdf.SetFont(fontFamily, style, size)
			maxLines = max(maxLines, len(cellLines[i]))
		}
		h := float64(maxLines)*lh + 2*pad
		if !header && d.spaceLeft() < h {
			pdf.AddPage()
			d.tableHeader(cols, widths, size, lh, pad)
		}
		y := pdf.GetY()
		x := l
		for i := range cols {
			if fill != nil {
				pdf.SetFillColor(fill[0], fill[1], fill[2])
				pdf.Rect(x, y, widths[i], h, "F")
			}
			pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
			pdf.SetLineWidth(0.15)
			pdf.Line(x, y+h, x+widths[i], y+h)
			c := colInk
			if header {
				c = [3]int{255, 255, 255}
			} else if st.cellColour != nil {
				if cc := st.cellColour(row, i); cc != nil {
					c = *cc
				}
			}
			cs := style
			if !header && st.bold != nil && st.bold(row, i) {
				cs = "B"
			}
			pdf.SetFont(fontFamily, cs, size)
			pdf.SetTextColor(c[0], c[1], c[2])
			for li, line := range cellLines[i] {
				pdf.SetXY(x+pad, y+pad+float64(li)*lh)
				pdf.CellFormat(widths[i]-2*pad, lh, line, "", 0, cols[i].align, false, 0, "")
			}
			x += widths[i]
		}
		pdf.SetXY(l, y+h)
	}
	d.need(20)
	d.tableHeader(cols, widths, size, lh, pad)
	for i, r := range rows {
		var fill *[3]int
		if st.rowColour != nil {
			fill = st.rowColour(i)
		} else if i%2 == 1 {
			f := colShade
			fill = &f
		}
		drawRow(r, false, fill, i)
	}
	pdf.Ln(3)
	d.font("", 9.5, colInk)
}

func (d *doc) tableHeader(cols []column, widths []float64, size, lh, pad float64) {
	pdf := d.pdf
	l, _, _, _ := pdf.GetMargins()
	pdf.SetFont(fontFamily, "B", size)
	maxLines := 1
	for i, c := range cols {
		maxLines = max(maxLines, len(pdf.SplitText(c.title, widths[i]-2*pad)))
	}
	h := float64(maxLines)*lh + 2*pad
	y := pdf.GetY()
	x := l
	pdf.SetFillColor(colHead[0], colHead[1], colHead[2])
	pdf.Rect(l, y, d.width(), h, "F")
	pdf.SetTextColor(255, 255, 255)
	for i, c := range cols {
		for li, line := range pdf.SplitText(c.title, widths[i]-2*pad) {
			pdf.SetXY(x+pad, y+pad+float64(li)*lh)
			pdf.CellFormat(widths[i]-2*pad, lh, line, "", 0, c.align, false, 0, "")
		}
		x += widths[i]
	}
	pdf.SetXY(l, y+h)
}

// keyValues draws a two-column list of labels and values.
func (d *doc) keyValues(pairs [][2]string) {
	for _, kv := range pairs {
		d.need(d.lineH * 2)
		l, _, _, _ := d.pdf.GetMargins()
		y := d.pdf.GetY()
		d.font("B", 9, colInk)
		d.pdf.SetXY(l, y)
		d.pdf.MultiCell(d.width()*0.3, d.lineH, kv[0], "", "L", false)
		y1 := d.pdf.GetY()
		d.font("", 9, colInk)
		d.pdf.SetXY(l+d.width()*0.3, y)
		d.pdf.MultiCell(d.width()*0.7, d.lineH, kv[1], "", "L", false)
		d.pdf.SetY(math.Max(y1, d.pdf.GetY()) + 0.8)
	}
	d.pdf.Ln(1.5)
}

// callout draws a shaded box with a bold title and text.
func (d *doc) callout(title, text string, c [3]int) {
	pdf := d.pdf
	l, _, _, _ := pdf.GetMargins()
	d.font("", 9, colInk)
	ls := pdf.SplitText(text, d.width()-8)
	h := float64(len(ls))*4.4 + 12
	d.need(h + 2)
	y := pdf.GetY()
	pdf.SetFillColor(colShade[0], colShade[1], colShade[2])
	pdf.Rect(l, y, d.width(), h, "F")
	pdf.SetFillColor(c[0], c[1], c[2])
	pdf.Rect(l, y, 1.5, h, "F")
	pdf.SetXY(l+4, y+3)
	d.font("B", 9.5, c)
	pdf.CellFormat(d.width()-8, 5, title, "", 2, "L", false, 0, "")
	pdf.SetX(l + 4)
	d.font("", 9, colInk)
	pdf.MultiCell(d.width()-8, 4.4, text, "", "L", false)
	pdf.SetY(y + h + 3)
}

// RadarSeries is one polygon of a radar chart: values on the 0–4 scale.
type RadarSeries struct {
	Name   string
	Values []float64
	Colour [3]int
}

// RadarPoint returns the position of value v (0–4) on spoke i of n, for a
// chart centred on (cx, cy) with radius r, first spoke pointing up. The web
// page's SVG chart uses the same geometry.
func RadarPoint(cx, cy, r float64, i, n int, v float64) (x, y float64) {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
	rr := r * v / 4
	return cx + rr*math.Cos(a), cy + rr*math.Sin(a)
}

// radar draws a radar chart as vectors: rings for levels 1–4, a spoke per
// axis with its label, and one translucent polygon per series.
func (d *doc) radar(cx, cy, r float64, labels []string, series []RadarSeries) {
	pdf := d.pdf
	n := len(labels)
	if n < 3 {
		return
	}
	pdf.SetLineWidth(0.2)
	pdf.SetDrawColor(colRule[0], colRule[1], colRule[2])
	for ring := 1; ring <= 4; ring++ {
		pts := make([]fpdf.PointType, n)
		for i := 0; i < n; i++ {
			x, y := RadarPoint(cx, cy, r, i, n, float64(ring))
			pts[i] = fpdf.PointType{X: x, Y: y}
		}
		pdf.Polygon(pts, "D")
		d.font("", 6.5, colMuted)
		x, y := RadarPoint(cx, cy, r, 0, n, float64(ring))
		pdf.Text(x+1, y+2.2, fmt.Sprint(ring))
	}
	for i := 0; i < n; i++ {
		x, y := RadarPoint(cx, cy, r, i, n, 4)
		pdf.Line(cx, cy, x, y)
		lx, ly := RadarPoint(cx, cy, r+7, i, n, 4)
		d.font("B", 8, colInk)
		w := pdf.GetStringWidth(labels[i])
		pdf.Text(lx-w/2, ly+1.2, labels[i])
	}
	for _, s := range series {
		pts := make([]fpdf.PointType, n)
		for i := 0; i < n && i < len(s.Values); i++ {
			x, y := RadarPoint(cx, cy, r, i, n, s.Values[i])
			pts[i] = fpdf.PointType{X: x, Y: y}
		}
		pdf.SetAlpha(0.22, "Normal")
		pdf.SetFillColor(s.Colour[0], s.Colour[1], s.Colour[2])
		pdf.Polygon(pts, "F")
		pdf.SetAlpha(1, "Normal")
		pdf.SetDrawColor(s.Colour[0], s.Colour[1], s.Colour[2])
		pdf.SetLineWidth(0.6)
		pdf.Polygon(pts, "D")
	}
	// Legend under the chart.
	y := cy + r + 12
	x := cx - float64(len(series))*22
	for _, s := range series {
		pdf.SetFillColor(s.Colour[0], s.Colour[1], s.Colour[2])
		pdf.Rect(x, y-2.5, 4, 3, "F")
		d.font("", 8, colInk)
		pdf.Text(x+5.5, y, s.Name)
		x += 44
	}
	pdf.SetLineWidth(0.2)
	d.font("", 9.5, colInk)
}

// cover writes a cover page without the running header.
func (d *doc) cover(kicker, title, subtitle string, facts [][2]string) {
	d.noHeader = true
	d.pdf.AddPage()
	pdf := d.pdf
	l, _, _, _ := pdf.GetMargins()
	pdf.SetFillColor(colHead[0], colHead[1], colHead[2])
	w, _ := pdf.GetPageSize()
	pdf.Rect(0, 0, w, 8, "F")
	pdf.SetY(45)
	d.font("B", 10, colAccent)
	pdf.MultiCell(d.width(), 5, strings.ToUpper(kicker), "", "L", false)
	pdf.Ln(3)
	d.font("B", 24, colHead)
	pdf.MultiCell(d.width(), 11, title, "", "L", false)
	pdf.Ln(2)
	d.font("", 13, colInk)
	pdf.MultiCell(d.width(), 6.5, subtitle, "", "L", false)
	pdf.Ln(10)
	d.keyValues(facts)
	pdf.SetXY(l, pdf.GetY()+6)
	c := colMuted
	if d.opts.Edition == Restricted {
		c = colRestr
	}
	d.callout(d.opts.Edition.Short()+" EDITION", d.opts.Edition.Marking()+". Figures are indicative planning estimates; the text is a draft for the national working group to review, adapt and adopt.", c)
	d.noHeader = false
}

// output writes the PDF and returns fpdf's sticky error, if any.
func (d *doc) output(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return d.pdf.Output(w)
}

func priorityColour(p string) *[3]int {
	switch p {
	case "High":
		c := colHigh
		return &c
	case "Medium":
		c := colMedium
		return &c
	case "Low":
		c := colLow
		return &c
	}
	return nil
}

// fitText shortens s with an ellipsis so that it fits in width w.
func fitText(pdf *fpdf.Fpdf, s string, w float64) string {
	if pdf.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
