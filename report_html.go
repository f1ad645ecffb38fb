package hypercare

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The HTML renderer of Report: one self-contained page — inline CSS and
// SVG, no script, no font or image fetched — with the key figures first,
// then the charts of the report's History, each beside a table of the
// numbers it draws, then the same sections as Markdown and Text.

// HTML renders the report as one self-contained HTML5 page that opens from
// a file or an e-mail attachment: inline CSS, inline SVG charts, no script
// and nothing fetched from the network. It lays out for a phone (375 px) and
// a laptop (1280 px) and prints on A4.
//
// The page shows the key figures, then charts of History (open issues per
// day by severity with go-live, phases, the planned end and when each exit
// criterion held; arrivals against resolutions; defects against training
// gaps; SLA clocks at risk or breached and compliance per severity; the exit
// forecast day by day; flagged adoption series with their EWMA limits; load
// per person against L*; who was on shift when; the hero report), then the
// sections of Text. Each chart has a title, axis labels with units, an SVG
// <title> and <desc>, and a table of the numbers it draws (class "data",
// attribute data-chart naming the chart). Lists of issues show at most 100
// rows, then say how many more there are. Text from issues and people is
// HTML-escaped, with control characters dropped.
func (r Report) HTML() string {
	var b strings.Builder
	b.Grow(64 << 10)
	d := r.document()
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	b.WriteString("<title>" + svgText(d.title) + "</title>\n<style>" + pageCSS + "</style>\n</head>\n<body>\n<main>\n")
	b.WriteString("<header><h1>" + svgText(d.title) + "</h1>\n<p class=\"lead\">" + svgText(d.lead) + "</p></header>\n")
	r.keyFigures(&b)
	if len(r.History.Days) == 0 {
		b.WriteString("<p class=\"note\">No charts: the report has no history (NewReport fills Report.History).</p>\n")
	} else {
		b.WriteString("<section class=\"charts\" aria-label=\"Charts\">\n")
		p := r.plot()
		p.openChart(&b)
		p.flowChart(&b)
		p.kindsChart(&b)
		if r.Audience == Daily {
			p.clocksChart(&b)
		}
		p.slaChart(&b)
		p.exitChart(&b)
		p.loadChart(&b)
		p.onShiftChart(&b)
		p.heroChart(&b)
		p.adoptionCharts(&b)
		b.WriteString("</section>\n")
	}
	for _, s := range d.sections {
		b.WriteString("<section class=\"doc\">\n<h2>" + svgText(s.title) + "</h2>\n")
		for _, bl := range s.blocks {
			htmlBlock(&b, bl)
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("<footer>Made by hypercare from the report's data as of " + svgText(r.stamp(r.AsOf)) + ".</footer>\n</main>\n</body>\n</html>\n")
	return b.String()
}

// maxHTMLRows bounds the rows of a section's table on the page.
const maxHTMLRows = 100

func htmlBlock(b *strings.Builder, bl docBlock) {
	switch {
	case bl.table != nil:
		t := bl.table
		b.WriteString("<div class=\"scroll\"><table>\n<thead><tr>")
		for _, h := range t.head {
			b.WriteString("<th>" + svgText(h) + "</th>")
		}
		b.WriteString("</tr></thead>\n<tbody>\n")
		end := t.numericEnd
		if end == 0 {
			end = len(t.head)
		}
		for i, row := range t.rows {
			if i == maxHTMLRows {
				fmt.Fprintf(b, "<tr><td colspan=\"%d\">… and %d more</td></tr>\n", len(t.head), len(t.rows)-maxHTMLRows)
				break
			}
			b.WriteString("<tr>")
			for k, c := range row {
				if t.numeric > 0 && k >= t.numeric && k < end {
					b.WriteString("<td class=\"num\">" + svgText(c) + "</td>")
				} else {
					b.WriteString("<td>" + svgText(c) + "</td>")
				}
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</tbody></table></div>\n")
	case bl.items != nil:
		b.WriteString("<ul class=\"items\">\n")
		depth := 0
		for i, it := range bl.items {
			if i == maxHTMLRows {
				fmt.Fprintf(b, "<li>… and %d more</li>\n", len(bl.items)-maxHTMLRows)
				break
			}
			b.WriteString("<li")
			if it.depth > depth || it.depth > 0 {
				fmt.Fprintf(b, " style=\"margin-left:%.1fem\"", 1.5*float64(it.depth))
			}
			b.WriteString(">")
			switch it.check {
			case checkOpen:
				b.WriteString("<span class=\"check open\" aria-label=\"not met\">☐</span> ")
			case checkDone:
				b.WriteString("<span class=\"check done\" aria-label=\"met\">☑</span> ")
			}
			if it.label != "" {
				b.WriteString("<strong>" + svgText(it.label) + "</strong> ")
			}
			b.WriteString(svgText(it.text) + "</li>\n")
		}
		b.WriteString("</ul>\n")
	default:
		b.WriteString("<p>" + svgText(bl.para) + "</p>\n")
	}
}

// keyFigures writes the figures a sponsor reads first.
func (r Report) keyFigures(b *strings.Builder) {
	type fig struct{ label, value, note, class string }
	var figs []fig
	day := fmt.Sprintf("%d of %d", r.Day, r.PlannedDays)
	note := "days of hypercare"
	if r.Phase != "" {
		note = "phase " + r.Phase
	}
	figs = append(figs, fig{"Day", day, note, ""})
	open := 0
	var parts []string
	for _, c := range r.Open {
		open += c.Count
	}
	sev := map[Severity]int{}
	var order []Severity
	for _, c := range r.Open {
		if sev[c.Severity] == 0 {
			order = append(order, c.Severity)
		}
		sev[c.Severity] += c.Count
	}
	for _, s := range order {
		parts = append(parts, fmt.Sprintf("%d %s", sev[s], r.Scheme.Name(s)))
	}
	openNote := "nothing open"
	if open > 0 {
		openNote = strings.Join(parts, ", ")
	}
	figs = append(figs, fig{"Open issues", strconv.Itoa(open), openNote, ""})
	if r.Audience == Daily {
		breached, risk := 0, 0
		for _, c := range r.Clocks {
			if c.Clock.State == ClockBreached {
				breached++
			} else {
				risk++
			}
		}
		class := "good"
		if breached > 0 {
			class = "bad"
		} else if risk > 0 {
			class = "warn"
		}
		figs = append(figs, fig{"SLA clocks breached", strconv.Itoa(breached), fmt.Sprintf("%d at risk", risk), class})
	} else {
		v, note := "none decided", "this period"
		if t := r.Trend.This; t.SLADecided > 0 {
			v, note = percentOfCount(t.SLAMet, t.SLADecided)+" met", fmt.Sprintf("%d of %d clocks", t.SLAMet, t.SLADecided)
		}
		figs = append(figs, fig{"SLA", v, note, ""})
	}
	ex := r.Exit
	exitValue, exitNote, exitClass := "needs action", "see the criteria below", "bad"
	switch {
	case ex.Ready:
		exitValue, exitNote, exitClass = "ready", "every criterion holds", "good"
	case ex.ReadyForSignOff:
		exitValue, exitNote, exitClass = "sign-off", "ready for the sponsor's sign-off", "good"
	case !ex.EarliestExit.IsZero():
		exitValue, exitNote, exitClass = ex.EarliestExit.In(r.loc()).Format("Mon 01-02"), "earliest exit", "warn"
		if ex.ExtensionDays > 0 {
			exitNote = fmt.Sprintf("earliest exit, %s past the planned end", plural(ex.ExtensionDays, "day", "days"))
			exitClass = "bad"
		}
	}
	figs = append(figs, fig{"Exit", exitValue, exitNote, exitClass})
	flags, note := len(r.Adoption), ""
	if r.Audience == Weekly {
		flags = 0
		for _, s := range r.Segments {
			flags += s.Alerts + s.Warnings
		}
		note = "raised since " + r.short(r.Since)
	} else {
		// Adoption holds the flags from Since's date on and, before them,
		// older ones still holding (Flag.Ongoing).
		since := DateOf(r.Since.In(r.loc()))
		fresh := 0
		for _, f := range r.Adoption {
			if !f.Date.Before(since) {
				fresh++
			}
		}
		note = fmt.Sprintf("%d new since %s", fresh, r.short(r.Since))
		if old := flags - fresh; old > 0 {
			note += fmt.Sprintf(", %d still holding from before", old)
		}
	}
	if len(r.History.Days) > 0 {
		note += "; " + plural(len(r.History.Adoption), "series", "series") + " flagged since go-live"
	}
	figs = append(figs, fig{"Adoption flags", strconv.Itoa(flags), note, ""})
	b.WriteString("<section class=\"figures\" aria-label=\"Key figures\"><dl>\n")
	for _, f := range figs {
		cls := "fig"
		if f.class != "" {
			cls += " " + f.class
		}
		fmt.Fprintf(b, "<div class=\"%s\"><dt>%s</dt><dd><span class=\"value\">%s</span><span class=\"note\">%s</span></dd></div>\n",
			cls, svgText(f.label), svgText(f.value), svgText(f.note))
	}
	b.WriteString("</dl></section>\n")
}

// plotter draws the charts of a report.
type plotter struct {
	r    Report
	h    History
	loc  *time.Location
	sevs []Severity // the severities in History, most severe first
}

func (r Report) plot() plotter {
	p := plotter{r: r, h: r.History, loc: r.loc()}
	seen := map[Severity]bool{}
	for _, d := range p.h.Days {
		for _, c := range d.Open {
			seen[c.Severity] = true
		}
		for _, c := range d.SLA {
			seen[c.Severity] = true
		}
	}
	for _, c := range r.Clocks {
		seen[c.Clock.Severity] = true
	}
	for s := Severity(1); len(p.sevs) < len(seen) && s < 100; s++ {
		if seen[s] {
			p.sevs = append(p.sevs, s)
		}
	}
	return p
}

// dayAt returns the day position of t on the charts: the day index of its
// date since go-live's, plus the fraction of the day gone.
func (p plotter) dayAt(t time.Time) float64 {
	t = t.In(p.loc)
	first := DateOf(p.h.GoLive.In(p.loc))
	d := DateOf(t)
	midnight := d.In(p.loc)
	return float64(d.DaysSince(first)) + float64(t.Sub(midnight))/float64(d.AddDays(1).In(p.loc).Sub(midnight))
}

func (p plotter) dayLabel(i int) string {
	if len(p.h.Days) == 0 {
		return ""
	}
	return p.h.Days[0].Date.AddDays(i).String()[5:]
}

// table is a chart's data table.
type chartTable struct {
	id, summary string // for a further table of a figure
	head        []string
	rows        [][]string
}

// chartFigure writes a chart in a figure with its legend, a note and its data
// table.
func chartFigure(b *strings.Builder, id, title string, draw func(*strings.Builder), legend []legendItem, note string, t chartTable, more ...chartTable) {
	fmt.Fprintf(b, "<figure id=\"%s\">\n<h3>%s</h3>\n", id, svgText(title))
	draw(b)
	b.WriteString("\n")
	legendHTML(b, legend)
	if note != "" {
		b.WriteString("<p class=\"note\">" + svgText(note) + "</p>")
	}
	fmt.Fprintf(b, "\n<details><summary>The numbers</summary><div class=\"scroll\"><table class=\"data\" data-chart=\"%s\">\n<thead><tr>", id)
	for _, h := range t.head {
		b.WriteString("<th>" + svgText(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range t.rows {
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<td>" + svgText(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table></div></details>\n")
	for _, m := range more {
		fmt.Fprintf(b, "<details><summary>%s</summary><div class=\"scroll\"><table class=\"data\" data-chart=\"%s\">\n<thead><tr>", svgText(m.summary), m.id)
		for _, h := range m.head {
			b.WriteString("<th>" + svgText(h) + "</th>")
		}
		b.WriteString("</tr></thead>\n<tbody>\n")
		for _, row := range m.rows {
			b.WriteString("<tr>")
			for _, c := range row {
				b.WriteString("<td>" + svgText(c) + "</td>")
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</tbody></table></div></details>\n")
	}
	b.WriteString("</figure>\n")
}

// empty writes a figure that says why there is no chart.
func emptyFigure(b *strings.Builder, id, title, why string) {
	fmt.Fprintf(b, "<figure id=\"%s\" class=\"empty\">\n<h3>%s</h3>\n<p>%s</p>\n</figure>\n", id, svgText(title), svgText(why))
}

// pct formats a rate in [0, 1] as a percentage with one decimal, "81.5".
func pctNum(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) }

func (p plotter) openChart(b *strings.Builder) {
	h := p.h
	c := dayChart{id: "open", title: "Open issues per day, by severity", xLabel: "date",
		yLabel: "open issues (end of day)", days: len(h.Days), dayLabel: p.dayLabel, whole: true}
	c.xEnd = max(float64(len(h.Days)-1), math.Ceil(p.dayAt(h.PlannedEnd))-1)
	t := chartTable{head: []string{"Date"}}
	var legend []legendItem
	for i, s := range p.sevs {
		ys := make([]float64, len(h.Days))
		for k, d := range h.Days {
			for _, oc := range d.Open {
				if oc.Severity == s {
					ys[k] = float64(oc.Count)
				}
			}
		}
		name := p.r.Scheme.Name(s)
		c.lines = append(c.lines, dayLine{name: name, style: styleOf(i), ys: ys})
		legend = append(legend, legendItem{label: name, style: styleOf(i)})
		t.head = append(t.head, name)
	}
	t.head = append(t.head, "Total")
	for k, d := range h.Days {
		row := []string{d.Date.String()}
		total := 0
		for i := range p.sevs {
			row = append(row, strconv.Itoa(int(c.lines[i].ys[k])))
			total += int(c.lines[i].ys[k])
		}
		t.rows = append(t.rows, append(row, strconv.Itoa(total)))
	}
	c.marks = append(c.marks, vmark{x: p.dayAt(h.GoLive), label: "go-live", color: colBlack})
	for _, ph := range h.Phases[min(1, len(h.Phases)):] {
		c.marks = append(c.marks, vmark{x: p.dayAt(ph.Span.Start), label: ph.Name, color: colGrey, dash: "3 3"})
	}
	c.marks = append(c.marks, vmark{x: p.dayAt(h.PlannedEnd), label: "planned end", color: colVermillion, dash: "6 2"})
	var desc strings.Builder
	fmt.Fprintf(&desc, "Open issues at the end of each day from %s to %s, one line per severity; go-live, phase starts and the planned end (%s) are vertical lines; the bars under the plot show when each exit criterion held.",
		h.Days[0].Date, h.Days[len(h.Days)-1].Date, p.r.stamp(h.PlannedEnd))
	holds := chartTable{id: "holds", summary: "When each exit criterion held", head: []string{"Criterion", "Holds from", "To"}}
	for _, res := range p.r.Exit.Results {
		s := chartStrip{label: res.Criterion}
		for _, iv := range res.Holds {
			end := c.xEnd + 1
			to := "open-ended"
			if !iv.End.IsZero() {
				end, to = p.dayAt(iv.End), p.r.short(iv.End)
			}
			s.spans = append(s.spans, [2]float64{p.dayAt(iv.Start), end})
			holds.rows = append(holds.rows, []string{res.Criterion, p.r.short(iv.Start), to})
		}
		c.strips = append(c.strips, s)
	}
	c.desc = desc.String()
	legend = append(legend, legendItem{label: "exit criterion holds (bars under the plot)", style: chartStyle{color: colGreen}, bar: true})
	chartFigure(b, "open", c.title, c.svg, legend, "", t, holds)
}

func (p plotter) flowChart(b *strings.Builder) {
	h := p.h
	opened, resolved := make([]float64, len(h.Days)), make([]float64, len(h.Days))
	t := chartTable{head: []string{"Date", "Opened", "Resolved"}}
	for k, d := range h.Days {
		opened[k], resolved[k] = float64(d.Opened), float64(d.Resolved)
		t.rows = append(t.rows, []string{d.Date.String(), strconv.Itoa(d.Opened), strconv.Itoa(d.Resolved)})
	}
	so, sr := chartStyle{color: colOrange}, chartStyle{color: colBlue}
	c := dayChart{id: "flow", title: "Arrivals and resolutions per day", xLabel: "date", yLabel: "issues per day",
		days: len(h.Days), dayLabel: p.dayLabel, whole: true,
		bars: []dayLine{{name: "opened", style: so, ys: opened}, {name: "resolved", style: sr, ys: resolved}},
		desc: "Issues first opened and resolutions per calendar day, as paired bars: opened left, resolved right."}
	chartFigure(b, "flow", c.title, c.svg, []legendItem{{label: "opened (left bar)", style: so, bar: true}, {label: "resolved (right bar)", style: sr, bar: true}}, "", t)
}

func (p plotter) kindsChart(b *strings.Builder) {
	h := p.h
	def, gap := make([]float64, len(h.Days)), make([]float64, len(h.Days))
	t := chartTable{head: []string{"Date", "Defects", "Training gaps", "Other"}}
	for k, d := range h.Days {
		def[k], gap[k] = float64(d.Defects), float64(d.TrainingGaps)
		t.rows = append(t.rows, []string{d.Date.String(), strconv.Itoa(d.Defects), strconv.Itoa(d.TrainingGaps), strconv.Itoa(d.Opened - d.Defects - d.TrainingGaps)})
	}
	sd, sg := styleOf(0), styleOf(2)
	c := dayChart{id: "kinds", title: "Defects and training gaps opened per day", xLabel: "date", yLabel: "issues opened per day",
		days: len(h.Days), dayLabel: p.dayLabel, whole: true,
		lines: []dayLine{{name: "defects", style: sd, ys: def}, {name: "training gaps", style: sg, ys: gap}},
		desc:  "Issues opened per day that are defects (solid line, circles) and training gaps (dotted line, triangles): many hypercare issues are not bugs."}
	chartFigure(b, "kinds", c.title, c.svg, []legendItem{{label: "defects", style: sd}, {label: "training gaps", style: sg}}, "", t)
}

func (p plotter) clocksChart(b *strings.Builder) {
	title := "SLA clocks breached or at risk now"
	if len(p.r.Clocks) == 0 {
		emptyFigure(b, "clocks", title, "No SLA clock is breached or at risk.")
		return
	}
	t := chartTable{head: []string{"Severity", "Breached", "At risk"}}
	c := hbarChart{id: "clocks", title: title, xLabel: "SLA clocks (first response and resolution)",
		parts:  []legendItem{{label: "breached", style: chartStyle{color: colVermillion}, bar: true}, {label: "at risk", style: chartStyle{color: colYellow}, bar: true}},
		format: func(v float64) string { return strconv.Itoa(int(v)) }}
	for _, s := range p.sevs {
		br, risk := 0, 0
		for _, cl := range p.r.Clocks {
			if cl.Clock.Severity != s {
				continue
			}
			if cl.Clock.State == ClockBreached {
				br++
			} else {
				risk++
			}
		}
		if br+risk == 0 {
			continue
		}
		name := p.r.Scheme.Name(s)
		c.bars = append(c.bars, hbar{label: name, parts: []float64{float64(br), float64(risk)}})
		t.rows = append(t.rows, []string{name, strconv.Itoa(br), strconv.Itoa(risk)})
	}
	c.desc = fmt.Sprintf("SLA clocks breached (dark, left) and at risk (light, right) per severity as of %s.", p.r.stamp(p.r.AsOf))
	chartFigure(b, "clocks", title, c.svg, c.parts, "", t)
}

func (p plotter) slaChart(b *strings.Builder) {
	h := p.h
	title := "SLA compliance per severity, from go-live"
	t := chartTable{head: []string{"Date", "Severity", "Met", "Decided", "Met from go-live (%)"}}
	c := dayChart{id: "sla", title: title, xLabel: "date", yLabel: "clocks met from go-live (%)", days: len(h.Days), dayLabel: p.dayLabel, percent: true}
	var legend []legendItem
	met, dec := make([]int, len(p.sevs)), make([]int, len(p.sevs))
	for i, s := range p.sevs {
		name := p.r.Scheme.Name(s)
		c.lines = append(c.lines, dayLine{name: name, style: styleOf(i), ys: make([]float64, len(h.Days))})
		legend = append(legend, legendItem{label: name, style: styleOf(i)})
	}
	decided := false
	for k, d := range h.Days {
		for _, x := range d.SLA {
			i := slices.Index(p.sevs, x.Severity)
			met[i] += x.Met
			dec[i] += x.Decided
			t.rows = append(t.rows, []string{d.Date.String(), p.r.Scheme.Name(x.Severity), strconv.Itoa(x.Met), strconv.Itoa(x.Decided), pctNum(float64(met[i]) / float64(dec[i]))})
		}
		for i := range p.sevs {
			c.lines[i].ys[k] = math.NaN()
			if dec[i] > 0 {
				c.lines[i].ys[k] = 100 * float64(met[i]) / float64(dec[i])
				decided = true
			}
		}
	}
	if !decided {
		emptyFigure(b, "sla", title, "No SLA clock decided yet.")
		return
	}
	c.desc = "The share of SLA clocks met among those decided from go-live to the end of each day, one line per severity; both metrics, every cycle."
	chartFigure(b, "sla", title, c.svg, legend, "", t)
}

func (p plotter) exitChart(b *strings.Builder) {
	h := p.h
	title := "Exit forecast, day by day"
	planned := float64(p.r.PlannedDays)
	ys := make([]float64, len(h.Days))
	t := chartTable{head: []string{"Date", "Earliest exit", "Day of hypercare", "Ready"}}
	c := dayChart{id: "exit", title: title, xLabel: "date judged", yLabel: "earliest exit (day of hypercare)", days: len(h.Days), dayLabel: p.dayLabel, yMax: planned, whole: true}
	for k, d := range h.Days {
		ready := "no"
		if d.Ready {
			ready = "yes"
		}
		if d.EarliestExit.IsZero() {
			ys[k] = math.NaN()
			c.markers = append(c.markers, pointMark{x: float64(k), y: 0, shape: "cross", color: colVermillion, title: d.Date.String() + ": needs action, no forecast"})
			t.rows = append(t.rows, []string{d.Date.String(), "needs action", "", ready})
			continue
		}
		n := extensionDays(h.GoLive, d.EarliestExit, p.loc) // the day it falls in; its very start ends the day before
		ys[k] = float64(n)
		if d.Ready {
			c.markers = append(c.markers, pointMark{x: float64(k), y: ys[k], shape: "circle", color: colGreen, filled: true, title: d.Date.String() + ": ready"})
		}
		t.rows = append(t.rows, []string{d.Date.String(), p.r.stamp(d.EarliestExit), strconv.Itoa(n), ready})
	}
	st := chartStyle{color: colBlue, marker: "square"}
	c.lines = []dayLine{{name: "earliest exit", style: st, ys: ys}, {name: "planned end", style: chartStyle{color: colVermillion, dash: "6 2"}, ys: repeated(len(ys), planned)}}
	c.desc = fmt.Sprintf("For each day, the earliest exit forecast at its end, as the day of hypercare it ends (the days from go-live to it, rounded up), against the planned end on day %d; crosses on the axis are days when some criterion needed action.", p.r.PlannedDays)
	legend := []legendItem{{label: "earliest exit", style: st}, {label: fmt.Sprintf("planned end (day %d)", p.r.PlannedDays), style: chartStyle{color: colVermillion, dash: "6 2"}},
		{label: "ready", style: chartStyle{color: colGreen, marker: "circle"}}, {label: "needs action", style: chartStyle{color: colVermillion, marker: "cross"}}}
	chartFigure(b, "exit", title, c.svg, legend, "", t)
}

func repeated(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func (p plotter) loadChart(b *strings.Builder) {
	h := p.h
	title := "Rota load per person against L*"
	if len(h.Load) == 0 {
		emptyFigure(b, "load", title, "No roster.")
		return
	}
	c := hbarChart{id: "load", title: title, xLabel: "hours on shift",
		parts:  []legendItem{{label: "on shift", style: chartStyle{color: colBlue}, bar: true}},
		format: func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + " h" }}
	t := chartTable{head: []string{"Person", "Shifts", "Hours", "Sleep hours", "Weekend hours"}}
	for _, l := range h.Load {
		c.bars = append(c.bars, hbar{label: string(l.Person), parts: []float64{l.Total.Hours()}})
		t.rows = append(t.rows, []string{string(l.Person), strconv.Itoa(l.Shifts), hoursNum(l.Total), hoursNum(l.Sleep), hoursNum(l.Weekend)})
	}
	desc := "Hours on shift per person over the roster"
	if h.Bound.Total > 0 {
		c.ref, c.refLabel = h.Bound.Total.Hours(), "L* "+hoursNum(h.Bound.Total)+" h"
		desc += fmt.Sprintf(", against the lower bound L* = %s h (the dashed line): no roster could give its busiest person less", hoursNum(h.Bound.Total))
	}
	c.desc = desc + "."
	legend := c.parts
	if c.ref > 0 {
		legend = append(legend, legendItem{label: "L*, the lower bound on the largest load", style: chartStyle{color: colBlack, dash: "5 3"}})
	}
	chartFigure(b, "load", title, c.svg, legend, "", t)
}

func hoursNum(d time.Duration) string { return strconv.FormatFloat(d.Hours(), 'f', 1, 64) }

func (p plotter) onShiftChart(b *strings.Builder) {
	h := p.h
	title := "Who was on shift when"
	if len(h.OnShift) == 0 {
		emptyFigure(b, "onshift", title, "Nobody on a roster shift in these days.")
		return
	}
	firstD := h.OnShift[0].Date
	if n := len(h.Days); n > 0 {
		firstD = h.Days[max(0, n-onShiftDays)].Date
	}
	lastD := h.Days[len(h.Days)-1].Date
	m := heatChart{id: "onshift", title: title, xLabel: "hour of the day (local)", yLabel: "date", cols: 24}
	for d := firstD; !d.After(lastD); d = d.AddDays(1) {
		m.rows = append(m.rows, d.String()[5:])
	}
	t := chartTable{head: []string{"Date", "Hour", "People on shift", "Who"}}
	for _, c := range h.OnShift {
		m.cells = append(m.cells, heatCell{row: c.Date.DaysSince(firstD), col: c.Hour, value: len(c.People),
			title: fmt.Sprintf("%s %02d:00: %s", c.Date, c.Hour, personText(c.People))})
		t.rows = append(t.rows, []string{c.Date.String(), fmt.Sprintf("%02d", c.Hour), strconv.Itoa(len(c.People)), personText(c.People)})
	}
	m.desc = fmt.Sprintf("A row per day from %s to %s, a column per hour; the darker the cell, the more people on a shift in that hour (white: nobody).", firstD, lastD)
	legend := []legendItem{{label: "1 person", style: chartStyle{color: heatShades[1]}, bar: true}, {label: "2", style: chartStyle{color: heatShades[2]}, bar: true},
		{label: "3", style: chartStyle{color: heatShades[3]}, bar: true}, {label: "4 or more", style: chartStyle{color: heatShades[4]}, bar: true}}
	chartFigure(b, "onshift", title, m.svg, legend, "", t)
}

func (p plotter) heroChart(b *strings.Builder) {
	h := p.h
	title := "Who handled the issues (hero report)"
	handled := 0
	for _, s := range h.Heroes {
		handled += s.Handled
	}
	if handled == 0 {
		emptyFigure(b, "heroes", title, "No issue handled by anyone named yet.")
		return
	}
	c := hbarChart{id: "heroes", title: title, xLabel: "share of issues handled (%)",
		parts:  []legendItem{{label: "on shift", style: chartStyle{color: colBlue}, bar: true}, {label: "off shift", style: chartStyle{color: colOrange}, bar: true}},
		format: func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }}
	t := chartTable{head: []string{"Person", "Handled", "Share (%)", "Off shift", "Sleep hours"}}
	for _, s := range h.Heroes {
		on := float64(s.Handled - s.OffShift)
		c.bars = append(c.bars, hbar{label: string(s.Person), parts: []float64{100 * on / float64(handled), 100 * float64(s.OffShift) / float64(handled)}})
		t.rows = append(t.rows, []string{string(s.Person), strconv.Itoa(s.Handled), pctNum(s.Share), strconv.Itoa(s.OffShift), strconv.Itoa(s.SleepHours)})
	}
	c.desc = "The share of all issues handled by each person, split into those handled on shift and off shift; the table adds the count handled in their sleep hours."
	chartFigure(b, "heroes", title, c.svg, c.parts, "", t)
}

// maxAdoptionCharts bounds the adoption charts on the page; the data tables
// list every flagged series.
const maxAdoptionCharts = 12

func (p plotter) adoptionCharts(b *strings.Builder) {
	trs := p.h.Adoption
	if len(trs) == 0 {
		return
	}
	for i, tr := range trs {
		id := fmt.Sprintf("adoption-%d", i+1)
		title := "Adoption: " + tr.Metric.String()
		if !tr.Segment.IsZero() {
			title += ", " + tr.Segment.String()
		}
		n := len(tr.Points)
		rate, z, lcl, ucl := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		t := chartTable{head: []string{"Date", "Rate (%)", "EWMA (%)", "Lower limit (%)", "Upper limit (%)", "Flag"}}
		flagged := map[Date][]Flag{}
		for _, f := range tr.Flags {
			flagged[f.Date] = append(flagged[f.Date], f)
		}
		c := dayChart{id: id, title: title, xLabel: "business day", yLabel: "rate (%)", days: n, percent: true,
			dayLabel: func(i int) string {
				if i < 0 || i >= n {
					return ""
				}
				return tr.Points[i].Date.String()[5:]
			}}
		for k, pt := range tr.Points {
			rate[k] = 100 * pt.Rate
			row := []string{pt.Date.String(), pctNum(pt.Rate), "", "", "", ""}
			if k >= tr.Baseline && tr.Baseline > 0 {
				z[k], lcl[k], ucl[k] = 100*pt.EWMA.Z, 100*pt.EWMA.LCL, 100*pt.EWMA.UCL
				row[2], row[3], row[4] = pctNum(pt.EWMA.Z), pctNum(pt.EWMA.LCL), pctNum(pt.EWMA.UCL)
			} else {
				z[k], lcl[k], ucl[k] = math.NaN(), math.NaN(), math.NaN()
			}
			var names []string
			for _, f := range flagged[pt.Date] {
				names = append(names, f.Level.String()+" "+flagRuleName(f))
				c.markers = append(c.markers, pointMark{x: float64(k), y: rate[k], shape: "triangle", color: colVermillion,
					filled: f.Level == LevelAlert, size: 1.8, title: f.String()})
			}
			row[5] = strings.Join(names, ", ")
			t.rows = append(t.rows, row)
		}
		c.lines = []dayLine{
			{name: "rate", style: chartStyle{color: colBlack, marker: "circle"}, ys: rate},
			{name: "EWMA", style: chartStyle{color: colBlue}, ys: z},
			{name: "lower limit", style: chartStyle{color: colOrange, dash: "5 3"}, ys: lcl},
			{name: "upper limit", style: chartStyle{color: colOrange, dash: "1 3"}, ys: ucl},
		}
		c.desc = fmt.Sprintf("The %s per business day with its EWMA and control limits around the baseline mean %s%%; triangles mark the flags on the day raised (filled: alert; open: warning).", title[len("Adoption: "):], pctNum(tr.Mean))
		legend := []legendItem{{label: "rate", style: c.lines[0].style}, {label: "EWMA", style: c.lines[1].style},
			{label: "control limits", style: c.lines[2].style}, {label: "flag (filled: alert)", style: chartStyle{color: colVermillion, marker: "triangle"}}}
		draw, note := c.svg, ""
		if i >= maxAdoptionCharts {
			draw, legend = func(*strings.Builder) {}, nil
			note = fmt.Sprintf("Not charted: the page charts the first %d flagged series; the numbers are below.", maxAdoptionCharts)
		}
		chartFigure(b, id, title, draw, legend, note, t)
	}
}
