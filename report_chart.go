package hypercare

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Hand-written SVG charts for Report.HTML: line and bar charts on a
// day axis, horizontal bars and a heatmap. Each chart is an <svg> with a
// <title> and a <desc>; the page puts a data table beside it. Colours are
// the Okabe–Ito palette, safe for the common colour-blindnesses, and every
// series also differs by dash pattern and marker, so the chart reads in
// grey too.

// niceTicks returns between 2 and maxTicks evenly spaced round values (a
// step of 1, 2 or 5 times a power of ten) whose first is at or below lo and
// whose last is at or above hi. An empty or inverted range [lo, hi] is
// widened to [lo, lo+1], or by a millionth of lo when that is more (lo
// above a million), so that ticks at 1e16 stay apart in float64;
// non-finite bounds give [0, 1], and a range so wide that round ticks
// overflow float64 gives [lo, hi]. The trap: maxTicks below 3 counts as 3,
// since a range across zero needs a tick below it, at zero and above it.
func niceTicks(lo, hi float64, maxTicks int) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []float64{0, 1}
	}
	maxTicks = max(maxTicks, 3)
	if !(hi > lo) {
		hi = lo + max(1, math.Abs(lo)*1e-6)
	}
	raw := hi/float64(maxTicks-1) - lo/float64(maxTicks-1) // hi-lo may overflow
	exp := math.Floor(math.Log10(raw))
	for k := 0; k < 64; k++ { // the step grows tenfold every 3 rounds
		mag := math.Pow(10, exp+float64(k/3))
		step := []float64{1, 2, 5}[k%3] * mag
		first, last := math.Floor(lo/step), math.Ceil(hi/step)
		if first*step > lo { // rounding in the division
			first--
		}
		if last*step < hi {
			last++
		}
		if math.IsInf(first*step, 0) || math.IsInf(last*step, 0) {
			break // round ticks overflow float64
		}
		if n := int(last-first) + 1; n <= maxTicks {
			out := make([]float64, n)
			for i := range out {
				out[i] = (first + float64(i)) * step
			}
			return out
		}
	}
	return []float64{lo, hi}
}

// tickLabel formats a tick value with as many decimals as the step needs.
func tickLabel(v, step float64) string {
	dec := 0
	if step > 0 && step < 1 {
		dec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// The Okabe–Ito palette.
const (
	colBlack      = "#000000"
	colOrange     = "#E69F00"
	colSkyBlue    = "#56B4E9"
	colGreen      = "#009E73"
	colYellow     = "#F0E442"
	colBlue       = "#0072B2"
	colVermillion = "#D55E00"
	colPurple     = "#CC79A7"
	colGrey       = "#6b6b6b"
)

// chartStyle is how a series looks: colour, dash pattern and marker, so no
// series is told from another by colour alone.
type chartStyle struct {
	color, dash, marker string
}

var seriesStyles = []chartStyle{
	{colVermillion, "", "circle"},
	{colOrange, "6 3", "square"},
	{colBlue, "2 2", "triangle"},
	{colPurple, "8 3 2 3", "diamond"},
	{colGreen, "4 4", "cross"},
	{colBlack, "1 3", "circle"},
}

func styleOf(i int) chartStyle { return seriesStyles[i%len(seriesStyles)] }

// svgText escapes s for text or an attribute value in HTML and SVG, after
// dropping control characters and folding line breaks.
func svgText(s string) string {
	s = oneLine(s)
	if strings.IndexFunc(s, unsafeInHTML) >= 0 {
		s = strings.Map(func(r rune) rune {
			if unsafeInHTML(r) {
				return -1
			}
			return r
		}, s)
	}
	return html.EscapeString(s)
}

// unsafeInHTML reports whether r may not appear in the page: a control
// character other than tab, or a noncharacter.
func unsafeInHTML(r rune) bool {
	return r != '\t' && unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF'
}

// drawMarker draws a marker of the given shape centred at (x, y).
func drawMarker(b *strings.Builder, shape string, x, y float64, color string, filled bool) {
	drawMarkerSized(b, shape, x, y, color, filled, 1)
}

// drawMarkerSized draws a marker scaled by k (1 is about 6 units across).
func drawMarkerSized(b *strings.Builder, shape string, x, y float64, color string, filled bool, k float64) {
	fill := "#fff"
	if filled {
		fill = color
	}
	switch shape {
	case "square":
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="%s"/>`, x-3*k, y-3*k, 6*k, 6*k, fill, color)
	case "triangle":
		fmt.Fprintf(b, `<path d="M%.1f %.1fl%.1f %.1fh%.1fz" fill="%s" stroke="%s"/>`, x, y-3.5*k, 3.5*k, 6*k, -7*k, fill, color)
	case "diamond":
		fmt.Fprintf(b, `<path d="M%.1f %.1fl%.1f %.1fl%.1f %.1fl%.1f %.1fz" fill="%s" stroke="%s"/>`, x, y-3.5*k, 3.5*k, 3.5*k, -3.5*k, 3.5*k, -3.5*k, -3.5*k, fill, color)
	case "cross":
		fmt.Fprintf(b, `<path d="M%.1f %.1fl%.1f %.1fm0 %.1fl%.1f %.1f" stroke="%s" stroke-width="1.5"/>`, x-3*k, y-3*k, 6*k, 6*k, -6*k, -6*k, 6*k, color)
	default:
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="%s"/>`, x, y, 3*k, fill, color)
	}
}

// legendItem is one entry of a chart's legend, drawn in HTML beside it so it
// wraps on a phone.
type legendItem struct {
	label string
	style chartStyle
	bar   bool // a filled box rather than a line with a marker
}

func legendHTML(b *strings.Builder, items []legendItem) {
	if len(items) == 0 {
		return
	}
	b.WriteString(`<ul class="legend">`)
	for _, it := range items {
		b.WriteString(`<li><svg width="28" height="12" aria-hidden="true">`)
		if it.bar {
			fmt.Fprintf(b, `<rect x="4" y="1" width="20" height="10" fill="%s"/>`, it.style.color)
		} else {
			fmt.Fprintf(b, `<line x1="1" y1="6" x2="27" y2="6" stroke="%s" stroke-width="2"`, it.style.color)
			if it.style.dash != "" {
				fmt.Fprintf(b, ` stroke-dasharray="%s"`, it.style.dash)
			}
			b.WriteString(`/>`)
			if it.style.marker != "" {
				drawMarker(b, it.style.marker, 14, 6, it.style.color, true)
			}
		}
		b.WriteString(`</svg>` + svgText(it.label) + `</li>`)
	}
	b.WriteString(`</ul>`)
}

// Chart geometry, in the SVG's user units: it scales to the page's width.
const (
	chartW      = 400.0
	chartLeft   = 46.0
	chartRight  = 14.0
	chartTop    = 14.0
	chartBottom = 40.0
	stripH      = 20.0
)

// dayChart is a chart over days 0..days-1 (and up to xEnd, which may be
// later, for the planned end): lines or bars.
type dayChart struct {
	id, title, desc string
	xLabel, yLabel  string
	days            int
	xEnd            float64 // the last x shown, at least days-1
	dayLabel        func(i int) string
	lines           []dayLine
	bars            []dayLine // grouped bars, one group per day
	yMax            float64   // at least this high
	percent         bool      // y in percent, 0–100
	whole           bool      // y counts whole things (issues, days): whole-number ticks
	marks           []vmark
	strips          []chartStrip
	markers         []pointMark
}

type dayLine struct {
	name  string
	style chartStyle
	ys    []float64 // NaN for none
}

// vmark is a vertical line at day x with a label.
type vmark struct {
	x     float64
	label string
	color string
	dash  string
}

// strip is a row under the plot: the spans of days in which something held.
type chartStrip struct {
	label string
	spans [][2]float64
}

// pointMark is a marker at (x, y), as a flag on the day it was raised.
type pointMark struct {
	x, y   float64
	shape  string
	color  string
	filled bool
	size   float64 // the marker's scale; 0 means 1
	title  string
}

// svg renders the chart.
func (c dayChart) svg(b *strings.Builder) {
	f := c.frame()
	fmt.Fprintf(b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" class="chart" data-chart="%s">`, chartW, f.h, c.id, c.id, c.id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.id, svgText(c.title), c.id, svgText(c.desc))
	c.axes(b, f)
	c.drawMarks(b, f)
	c.drawBars(b, f)
	c.drawLines(b, f)
	for _, m := range c.markers {
		b.WriteString(`<g class="marks flag">`)
		drawMarkerSized(b, m.shape, f.x(m.x), f.y(m.y), m.color, m.filled, max(m.size, 1))
		fmt.Fprintf(b, `<title>%s</title></g>`, svgText(m.title))
	}
	c.drawStrips(b, f)
	b.WriteString(`</svg>`)
}

// dayFrame is the geometry of a day chart: its scale and plot area.
type dayFrame struct {
	ticks             []float64
	top, plotH, plotW float64
	h, xEnd, slot     float64
}

// x returns the x coordinate of the middle of day d.
func (f dayFrame) x(d float64) float64 { return chartLeft + f.slot*(d+0.5) }

// y returns the y coordinate of value v.
func (f dayFrame) y(v float64) float64 { return chartTop + f.plotH - f.plotH*v/f.top }

// frame works out the chart's y scale, size and day slots.
func (c dayChart) frame() dayFrame {
	yMax := c.yMax
	for _, l := range append(append([]dayLine{}, c.lines...), c.bars...) {
		for _, y := range l.ys {
			if !math.IsNaN(y) {
				yMax = max(yMax, y)
			}
		}
	}
	if c.percent {
		yMax = 100
	}
	var f dayFrame
	maxTicks := 6
	if c.whole { // at most a tick per unit, so the step is whole: 0, 1, 2 for none
		yMax = max(yMax, 2)
		maxTicks = min(maxTicks, int(math.Ceil(yMax))+1)
	}
	f.ticks = niceTicks(0, yMax, maxTicks)
	f.top = f.ticks[len(f.ticks)-1]
	f.plotH = 180.0
	f.h = chartTop + f.plotH + chartBottom + stripH*float64(len(c.strips))
	f.xEnd = max(c.xEnd, float64(c.days-1), 1)
	f.plotW = chartW - chartLeft - chartRight
	f.slot = f.plotW / (f.xEnd + 1)
	return f
}

// axes draws the grid, the y axis and the x axis with its day ticks.
func (c dayChart) axes(b *strings.Builder, f dayFrame) {
	// Grid and y axis.
	step := 1.0
	if len(f.ticks) > 1 {
		step = f.ticks[1] - f.ticks[0]
	}
	b.WriteString(`<g class="axis">`)
	for _, t := range f.ticks {
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="grid"/>`, chartLeft, chartW-chartRight, f.y(t), f.y(t))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`, chartLeft-4, f.y(t)+4, tickLabel(t, step))
	}
	fmt.Fprintf(b, `<text transform="translate(11 %.1f) rotate(-90)" text-anchor="middle" class="label">%s</text>`, chartTop+f.plotH/2, svgText(c.yLabel))
	// x axis: day ticks.
	xt := niceTicks(0, f.xEnd, 7)
	for _, t := range xt {
		if t > f.xEnd || t != math.Trunc(t) { // whole days only: a short history's halves would repeat a date
			continue
		}
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="tick"/>`, f.x(t), f.x(t), chartTop+f.plotH, chartTop+f.plotH+4)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, f.x(t), chartTop+f.plotH+15, svgText(c.dayLabel(int(t))))
	}
	fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="axisline"/>`, chartLeft, chartW-chartRight, chartTop+f.plotH, chartTop+f.plotH)
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="label">%s</text>`, chartLeft+f.plotW/2, chartTop+f.plotH+31, svgText(c.xLabel))
	b.WriteString(`</g>`)
}

// drawMarks draws the labelled vertical marks.
func (c dayChart) drawMarks(b *strings.Builder, f dayFrame) {
	for i, m := range c.marks {
		dash := ""
		if m.dash != "" {
			dash = ` stroke-dasharray="` + m.dash + `"`
		}
		fmt.Fprintf(b, `<g class="mark"><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5"%s/>`, f.x(m.x)-f.slot/2, f.x(m.x)-f.slot/2, chartTop, chartTop+f.plotH, m.color, dash)
		lx, anchor := f.x(m.x)-f.slot/2+3, "start"
		if lx > chartW-chartRight-70 {
			lx, anchor = lx-6, "end"
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="%s" text-anchor="%s">%s</text></g>`, lx, chartTop+9+float64(i%3)*11, m.color, anchor, svgText(m.label))
	}
}

// drawBars draws the bars, grouped by day.
func (c dayChart) drawBars(b *strings.Builder, f dayFrame) {
	n := len(c.bars)
	if n == 0 {
		return
	}
	bw := f.slot * 0.8 / float64(n)
	b.WriteString(`<g class="marks">`)
	for k, l := range c.bars {
		for d, v := range l.ys {
			if math.IsNaN(v) || v == 0 {
				continue
			}
			fmt.Fprintf(b, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s"><title>%s: %s</title></rect>`,
				f.x(float64(d))-f.slot*0.4+bw*float64(k), f.y(v), max(bw-0.3, 0.3), f.y(0)-f.y(v), l.style.color, svgText(c.dayLabel(d)+" "+l.name), num(v))
		}
	}
	b.WriteString(`</g>`)
}

// drawLines draws each line as a path broken at gaps, with its markers.
func (c dayChart) drawLines(b *strings.Builder, f dayFrame) {
	for _, l := range c.lines {
		b.WriteString(`<g class="marks">`)
		var path strings.Builder
		pen := false
		for d, v := range l.ys {
			if math.IsNaN(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%.1f %.1f", cmd, f.x(float64(d)), f.y(v))
			pen = true
		}
		if path.Len() > 0 {
			fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"`, path.String(), l.style.color)
			if l.style.dash != "" {
				fmt.Fprintf(b, ` stroke-dasharray="%s"`, l.style.dash)
			}
			b.WriteString(`/>`)
		}
		if len(l.ys) <= 62 && l.style.marker != "" {
			for d, v := range l.ys {
				if !math.IsNaN(v) {
					drawMarker(b, l.style.marker, f.x(float64(d)), f.y(v), l.style.color, true)
				}
			}
		}
		b.WriteString(`</g>`)
	}
}

// drawStrips draws each strip: a label, then a bar where the thing held.
func (c dayChart) drawStrips(b *strings.Builder, f dayFrame) {
	for i, s := range c.strips {
		sy := chartTop + f.plotH + chartBottom + stripH*float64(i)
		fmt.Fprintf(b, `<g class="strip"><text x="%.1f" y="%.1f" class="small">%s</text>`, chartLeft, sy+7, svgText(s.label))
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="8" fill="#eee"/>`, chartLeft, sy+10, f.plotW)
		for _, sp := range s.spans {
			x0, x1 := f.x(sp[0])-f.slot/2, f.x(min(sp[1], f.xEnd+1))-f.slot/2
			if x1 <= x0 {
				continue
			}
			fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="8" fill="%s"><title>%s</title></rect>`, x0, sy+10, x1-x0, colGreen, svgText(s.label+": holds"))
		}
		b.WriteString(`</g>`)
	}
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// hbar is one bar of a horizontal bar chart, in segments stacked left to
// right.
type hbar struct {
	label string
	parts []float64
}

// hbarChart is a horizontal bar chart: a row per bar, stacked parts.
type hbarChart struct {
	id, title, desc string
	xLabel          string
	parts           []legendItem // names and styles of the parts
	bars            []hbar
	ref             float64 // a reference line (such as L*), when > 0
	refLabel        string
	format          func(float64) string
}

func (c hbarChart) svg(b *strings.Builder) {
	xMax := c.ref
	for _, br := range c.bars {
		sum := 0.0
		for _, p := range br.parts {
			sum += p
		}
		xMax = max(xMax, sum)
	}
	ticks := niceTicks(0, xMax, 6)
	top := ticks[len(ticks)-1]
	left := 78.0
	row := 18.0
	plotW := chartW - left - chartRight
	plotH := row * float64(len(c.bars))
	h := chartTop + plotH + chartBottom
	x := func(v float64) float64 { return left + plotW*v/top }
	fmt.Fprintf(b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" class="chart" data-chart="%s">`, chartW, h, c.id, c.id, c.id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, c.id, svgText(c.title), c.id, svgText(c.desc))
	step := ticks[1] - ticks[0]
	b.WriteString(`<g class="axis">`)
	for _, t := range ticks {
		fmt.Fprintf(b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" class="grid"/>`, x(t), x(t), chartTop, chartTop+plotH)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(t), chartTop+plotH+15, tickLabel(t, step))
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="label">%s</text></g>`, left+plotW/2, chartTop+plotH+31, svgText(c.xLabel))
	b.WriteString(`<g class="marks">`)
	for i, br := range c.bars {
		yy := chartTop + row*float64(i)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`, left-4, yy+row/2+4, svgText(shorten(br.label, 12)))
		at := 0.0
		for k, p := range br.parts {
			if p <= 0 {
				continue
			}
			name := ""
			if k < len(c.parts) {
				name = c.parts[k].label + " "
			}
			fmt.Fprintf(b, `<rect x="%.2f" y="%.1f" width="%.2f" height="%.1f" fill="%s"><title>%s: %s%s</title></rect>`,
				x(at), yy+3, x(at+p)-x(at), row-6, c.parts[k%len(c.parts)].style.color, svgText(br.label), svgText(name), c.format(p))
			at += p
		}
	}
	b.WriteString(`</g>`)
	if c.ref > 0 {
		fmt.Fprintf(b, `<g class="mark"><line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="5 3"/>`, x(c.ref), x(c.ref), chartTop-4, chartTop+plotH, colBlack)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text></g>`, x(c.ref)-3, chartTop+2, svgText(c.refLabel))
	}
	b.WriteString(`</svg>`)
}

// heatCell is one cell of a heatmap: row, column, value and what it says.
type heatCell struct {
	row, col int
	value    int
	title    string
}

// heatmap is a grid of rows (days) by columns (hours), shaded by a count.
type heatChart struct {
	id, title, desc string
	xLabel, yLabel  string
	rows            []string
	cols            int
	cells           []heatCell
}

// heatShades are light to dark blues: lightness carries the count, so the
// map reads for every colour vision and in grey.
var heatShades = []string{"#f4f4f4", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}

func (m heatChart) svg(b *strings.Builder) {
	left, cellH, top := 46.0, 9.0, chartTop+10
	plotW := chartW - left - chartRight
	cw := plotW / float64(m.cols)
	plotH := cellH * float64(len(m.rows))
	h := top + plotH + chartBottom
	fmt.Fprintf(b, `<svg viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-t %s-d" class="chart" data-chart="%s">`, chartW, h, m.id, m.id, m.id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, m.id, svgText(m.title), m.id, svgText(m.desc))
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, left, top, plotW, plotH, heatShades[0])
	b.WriteString(`<g class="axis">`)
	every := max(1, (len(m.rows)+13)/14)
	for i, r := range m.rows {
		if i%every == 0 {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`, left-4, top+cellH*float64(i)+cellH-1, svgText(r))
		}
	}
	for c := 0; c <= m.cols; c += 3 {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%02d</text>`, left+cw*float64(c), top+plotH+15, c)
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" class="label">%s</text>`, left+plotW/2, top+plotH+31, svgText(m.xLabel))
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end" class="label">%s</text></g>`, left-4, top-3, svgText(m.yLabel))
	b.WriteString(`<g class="marks">`)
	for _, c := range m.cells {
		shade := heatShades[min(max(c.value, 0), len(heatShades)-1)]
		fmt.Fprintf(b, `<rect x="%.2f" y="%.1f" width="%.2f" height="%.1f" fill="%s"><title>%s</title></rect>`,
			left+cw*float64(c.col), top+cellH*float64(c.row), cw, cellH, shade, svgText(c.title))
	}
	b.WriteString(`</g></svg>`)
}
