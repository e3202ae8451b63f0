package web

import (
	"fmt"
	"html/template"
	"strings"

	"bordergap/reports"
)

// radarSeries is one polygon of the web radar chart: values on the 0–4
// scale, one per axis.
type radarSeries struct {
	Name   string
	Values []float64
	Colour string // a CSS colour, used as an SVG presentation attribute
}

// radarAxis is one spoke: the short label drawn on the chart and the full
// name given to screen readers.
type radarAxis struct {
	Code, Title string
}

// The chart's colours are those of the PDF chart (reports/pdf.go: target
// dark blue, current level amber), darkened where text needs contrast.
const (
	radarCurrent = "#bf5700"
	radarTarget  = "#163e63"
	radarRule    = "#9aa5b1"
	radarInk     = "#1f2933"
)

// radarSVG draws a radar chart as inline SVG with the geometry of the PDF
// chart (reports.RadarPoint: first spoke pointing up, clockwise, value v at
// v/4 of the radius): rings for levels 1–4, a spoke per axis with its code,
// one translucent polygon per series and a legend. The <svg> is an image
// with a <title> and a <desc> listing every value, so that screen readers
// get the data; the page repeats it in a table. It returns "" for fewer
// than three axes, where a radar chart means nothing.
//
// Only presentation attributes are used (no style attribute): the content
// security policy forbids inline styles.
func radarSVG(id, title string, axes []radarAxis, series []radarSeries) template.HTML {
	n := len(axes)
	if n < 3 {
		return ""
	}
	const (
		width, height = 460.0, 440.0
		cx, cy, r     = 230.0, 200.0, 150.0
	)
	esc := template.HTMLEscapeString
	num := func(v float64) string { return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".") }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc" class="radar-chart" font-family="DejaVu Sans, Segoe UI, Roboto, Arial, sans-serif">`,
		num(width), num(height), esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, esc(id), esc(title))
	// The description lists every value, axis by axis.
	var desc []string
	for i, ax := range axes {
		var parts []string
		for _, s := range series {
			if i < len(s.Values) {
				parts = append(parts, fmt.Sprintf("%s %.2f", strings.ToLower(s.Name), s.Values[i]))
			}
		}
		desc = append(desc, fmt.Sprintf("%s %s: %s", ax.Code, ax.Title, strings.Join(parts, ", ")))
	}
	fmt.Fprintf(&b, `<desc id="%s-desc">Scores out of 4 by pillar. %s.</desc>`, esc(id), esc(strings.Join(desc, "; ")))

	poly := func(values func(i int) float64) string {
		pts := make([]string, n)
		for i := 0; i < n; i++ {
			x, y := reports.RadarPoint(cx, cy, r, i, n, values(i))
			pts[i] = num(x) + "," + num(y)
		}
		return strings.Join(pts, " ")
	}
	// Rings for levels 1–4, with their level next to the first spoke.
	b.WriteString(`<g fill="none" stroke="` + radarRule + `" stroke-width="1">`)
	for ring := 1; ring <= 4; ring++ {
		v := float64(ring)
		fmt.Fprintf(&b, `<polygon points="%s"/>`, poly(func(int) float64 { return v }))
	}
	// Spokes.
	for i := 0; i < n; i++ {
		x, y := reports.RadarPoint(cx, cy, r, i, n, 4)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(cx), num(cy), num(x), num(y))
	}
	b.WriteString(`</g>`)
	b.WriteString(`<g fill="#52606d" font-size="11">`)
	for ring := 1; ring <= 4; ring++ {
		x, y := reports.RadarPoint(cx, cy, r, 0, n, float64(ring))
		fmt.Fprintf(&b, `<text x="%s" y="%s">%d</text>`, num(x+4), num(y+12), ring)
	}
	b.WriteString(`</g>`)
	// Series: a translucent fill, an outline and a dot per value.
	for _, s := range series {
		vals := s.Values
		at := func(i int) float64 {
			if i < len(vals) {
				return min(max(vals[i], 0), 4)
			}
			return 0
		}
		col := esc(s.Colour)
		fmt.Fprintf(&b, `<g><polygon points="%s" fill="%s" fill-opacity="0.22" stroke="%s" stroke-width="2.5" stroke-linejoin="round"/>`,
			poly(at), col, col)
		for i := 0; i < n; i++ {
			x, y := reports.RadarPoint(cx, cy, r, i, n, at(i))
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, num(x), num(y), col)
		}
		b.WriteString(`</g>`)
	}
	// Axis labels outside the outer ring, anchored away from the centre.
	b.WriteString(`<g fill="` + radarInk + `" font-size="13" font-weight="bold">`)
	for i, ax := range axes {
		x, y := reports.RadarPoint(cx, cy, r+20, i, n, 4)
		anchor := "middle"
		switch {
		case x > cx+8:
			anchor = "start"
		case x < cx-8:
			anchor = "end"
		}
		if x > cx+8 || x < cx-8 {
			x, _ = reports.RadarPoint(cx, cy, r+10, i, n, 4)
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" dominant-baseline="middle">%s</text>`, num(x), num(y), anchor, esc(ax.Code))
	}
	b.WriteString(`</g>`)
	// Legend under the chart, centred.
	const step = 150.0
	x := cx - float64(len(series))*step/2 + 20
	y := cy + r + 52
	b.WriteString(`<g font-size="13" fill="` + radarInk + `">`)
	for _, s := range series {
		col := esc(s.Colour)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="16" height="12" fill="%s" fill-opacity="0.35" stroke="%s" stroke-width="2"/>`,
			num(x), num(y-10), col, col)
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`, num(x+22), num(y), esc(s.Name))
		x += step
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}
