package hypercare

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"
)

// The renderers of Report. Both render the same document — a title, the
// headline, then sections of paragraphs, lists and tables — so Markdown and
// plain text always say the same things.

// Markdown renders the report as GitHub-flavoured Markdown: a "#" title,
// the headline, "##" sections with tables and lists (the exit criteria as a
// task list). Text from issues (titles, workarounds) is escaped so it
// cannot break the layout.
func (r Report) Markdown() string { return r.document().markdown() }

// Text renders the report as plain text for e-mail or chat: underlined
// headings, aligned columns, "-" lists and "[x]" for criteria met.
func (r Report) Text() string { return r.document().text() }

// headline is the one sentence at the top.
func (r Report) headline() string {
	var b strings.Builder
	switch {
	case r.Day > r.PlannedDays:
		fmt.Fprintf(&b, "Day %d, %s past the %d planned", r.Day, plural(r.Day-r.PlannedDays, "day", "days"), r.PlannedDays)
	default:
		fmt.Fprintf(&b, "Day %d of %d", r.Day, r.PlannedDays)
	}
	if r.Phase != "" {
		fmt.Fprintf(&b, ", phase %q", r.Phase)
	}
	b.WriteString(": ")
	switch r.Audience {
	case Weekly:
		t := r.Trend
		fmt.Fprintf(&b, "%d opened and %d resolved since %s (%d and %d in the %s before); backlog %d (was %d)",
			t.This.Opened, t.This.Resolved, r.stamp(r.Since), t.Last.Opened, t.Last.Resolved, plural(len(t.Days), "day", "days"), t.This.Backlog, t.Last.Backlog)
		if t.This.SLADecided > 0 {
			fmt.Fprintf(&b, "; SLA clocks met %s", percentOfCount(t.This.SLAMet, t.This.SLADecided))
			if t.Last.SLADecided > 0 {
				fmt.Fprintf(&b, " (%s before)", percentOfCount(t.Last.SLAMet, t.Last.SLADecided))
			}
		}
	default:
		fmt.Fprintf(&b, "%d new and %d resolved since %s", len(r.New), len(r.Resolved), r.stamp(r.Since))
		open, sev := 0, map[Severity]int{}
		var order []Severity
		for _, c := range r.Open {
			open += c.Count
			if sev[c.Severity] == 0 {
				order = append(order, c.Severity)
			}
			sev[c.Severity] += c.Count
		}
		if open == 0 {
			b.WriteString("; nothing open")
		} else {
			parts := make([]string, len(order))
			for i, s := range order {
				parts[i] = fmt.Sprintf("%d %s", sev[s], r.Scheme.Name(s))
			}
			fmt.Fprintf(&b, "; %d open (%s)", open, strings.Join(parts, ", "))
		}
		breached, risk := 0, 0
		for _, c := range r.Clocks {
			if c.Clock.State == ClockBreached {
				breached++
			} else {
				risk++
			}
		}
		if breached+risk == 0 {
			b.WriteString("; no SLA clock at risk")
		} else {
			fmt.Fprintf(&b, "; SLA clocks: %d breached, %d at risk", breached, risk)
		}
	}
	b.WriteString(".")
	return b.String()
}

func (r Report) loc() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}

// stamp formats t as "Mon 2026-06-01 09:00 CEST".
func (r Report) stamp(t time.Time) string { return stamp(t, r.loc()) }

// short formats t as "Mon 06-01 09:00".
func (r Report) short(t time.Time) string { return t.In(r.loc()).Format("Mon 01-02 15:04") }

// document lays the report out.
func (r Report) document() reportDoc {
	name := r.Name
	if name == "" {
		name = string(r.Engagement)
	}
	d := reportDoc{lead: r.Headline}
	if r.Audience == Weekly {
		d.title = fmt.Sprintf("Weekly status: %s, %s", name, r.stamp(r.AsOf))
		d.add("Exit forecast", r.exitBlocks()...)
		d.add(r.periodTitle(), r.trendBlock())
		d.add("Day by day", r.daysBlock())
		d.add("Open issues", r.openBlock())
		d.add("Pitfalls", r.findingsBlock())
		d.add("Adoption by segment", r.segmentsBlock())
		d.add("Rota and load", r.rotaBlocks()...)
		return d
	}
	d.title = fmt.Sprintf("Daily status: %s, %s", name, r.stamp(r.AsOf))
	d.add("Exit", r.exitBlocks()...)
	d.add("New since the last report", r.linesBlock(r.New, false))
	d.add("Resolved since the last report", r.linesBlock(r.Resolved, true))
	d.add("Open issues", r.openBlock())
	d.add("SLA clocks at risk or breached", r.clocksBlock())
	d.add("Known issues", r.knownBlock())
	if len(r.Held) > 0 {
		d.add("Events held", r.heldBlock())
	}
	d.add("Pitfalls", r.findingsBlock())
	d.add("Adoption flags", r.adoptionBlock())
	d.add("On call, next 24 hours", r.onCallBlock())
	return d
}

func (r Report) exitBlocks() []docBlock {
	v := r.Exit
	out := []docBlock{{para: v.Summary}}
	if v.ExtensionReason != "" {
		out = append(out, docBlock{para: "Extension: " + v.ExtensionReason + "."})
	}
	var items []docItem
	var walk func(rs []Result, depth int)
	walk = func(rs []Result, depth int) {
		for _, res := range rs {
			check := checkOpen
			if res.Met {
				check = checkDone
			}
			items = append(items, docItem{check: check, depth: depth, text: res.Criterion + ": " + res.Reason})
			walk(res.Parts, depth+1)
		}
	}
	walk(v.Results, 0)
	if len(items) > 0 {
		out = append(out, docBlock{items: items})
	}
	return out
}

func (r Report) linesBlock(lines []IssueLine, resolved bool) docBlock {
	if len(lines) == 0 {
		return docBlock{para: "None."}
	}
	t := &docTable{head: []string{"Issue", "Severity", "Kind", "Status", "Team", "Title"}}
	if resolved {
		t.head = []string{"Issue", "Severity", "Kind", "Resolved", "By", "Title"}
	}
	for _, l := range lines {
		status := l.Status.String()
		if l.Reopened {
			status = "reopened"
		}
		row := []string{string(l.ID), r.Scheme.Name(l.Severity), l.Kind.String(), status, teamText(l.Team), l.Title}
		if resolved {
			by := teamText(l.Team)
			if l.ResolvedBy != "" {
				by = string(l.ResolvedBy) + " (" + by + ")"
			}
			row = []string{string(l.ID), r.Scheme.Name(l.Severity), l.Kind.String(), r.short(l.Resolved), by, l.Title}
		}
		t.rows = append(t.rows, row)
	}
	return docBlock{table: t}
}

func teamText(t Team) string {
	if t == 0 {
		return "none"
	}
	return t.String()
}

// openKinds are the columns of the open-issues table: defects and training
// gaps first, since telling them apart is the point.
var openKinds = []Kind{Defect, TrainingGap, Question, ChangeRequest, DataFix}

func (r Report) openBlock() docBlock {
	if len(r.Open) == 0 {
		return docBlock{para: "None."}
	}
	t := &docTable{head: []string{"Severity", "Defects", "Training gaps", "Questions", "Change requests", "Data fixes", "Total"}, numeric: 1}
	totals := make([]int, len(openKinds)+1)
	for i := 0; i < len(r.Open); {
		sev := r.Open[i].Severity
		counts := make([]int, len(openKinds)+1)
		for ; i < len(r.Open) && r.Open[i].Severity == sev; i++ {
			for k, kind := range openKinds {
				if r.Open[i].Kind == kind {
					counts[k] += r.Open[i].Count
				}
			}
			counts[len(openKinds)] += r.Open[i].Count
		}
		row := []string{r.Scheme.Name(sev)}
		for k, n := range counts {
			row = append(row, fmt.Sprint(n))
			totals[k] += n
		}
		t.rows = append(t.rows, row)
	}
	row := []string{"All"}
	for _, n := range totals {
		row = append(row, fmt.Sprint(n))
	}
	t.rows = append(t.rows, row)
	return docBlock{table: t}
}

func (r Report) clocksBlock() docBlock {
	if len(r.Clocks) == 0 {
		return docBlock{para: "None."}
	}
	t := &docTable{head: []string{"Issue", "Severity", "Clock", "State", "Due", "Used", "Title"}}
	for _, c := range r.Clocks {
		state := "at risk"
		switch {
		case c.Clock.State == ClockBreached:
			state = "breached " + r.short(c.Clock.BreachedAt)
		case c.Clock.State == ClockPaused:
			state = "paused, at risk"
		}
		t.rows = append(t.rows, []string{string(c.Issue), r.Scheme.Name(c.Clock.Severity), c.Clock.Metric.String(), state,
			r.short(c.Clock.Due), fmt.Sprintf("%.0f%%", c.Clock.Percent), c.Title})
	}
	return docBlock{table: t}
}

// heldBlock lists the issues holding events: "2 events held on INC-7:
// resolved event before the issue is opened."
func (r Report) heldBlock() docBlock {
	var items []docItem
	for _, l := range r.Held {
		items = append(items, docItem{text: l.String() + "."})
	}
	return docBlock{items: items}
}

func (r Report) knownBlock() docBlock {
	if len(r.Known) == 0 {
		return docBlock{para: "None."}
	}
	var items []docItem
	for _, l := range r.Known {
		var b strings.Builder
		if l.Title != "" {
			b.WriteString(l.Title + " ")
		}
		fmt.Fprintf(&b, "(%s %s, %s).", r.Scheme.Name(l.Severity), l.Kind, l.Status)
		if l.Workaround != "" {
			b.WriteString(" Workaround: " + strings.TrimSuffix(l.Workaround, ".") + ".")
		} else {
			b.WriteString(" No workaround yet.")
		}
		switch {
		case l.FixExpected.IsZero():
			b.WriteString(" No fix date yet.")
		case l.FixExpected.Before(r.AsOf):
			b.WriteString(" The fix was expected " + r.stamp(l.FixExpected) + " and is late.")
		default:
			b.WriteString(" Fix expected " + r.stamp(l.FixExpected) + ".")
		}
		items = append(items, docItem{label: string(l.ID), text: b.String()})
	}
	return docBlock{items: items}
}

func (r Report) findingsBlock() docBlock {
	if len(r.Findings) == 0 {
		return docBlock{para: "None found."}
	}
	items := make([]docItem, len(r.Findings))
	for i, f := range r.Findings {
		items[i] = docItem{label: f.Level.String(), text: f.Pitfall.String() + ": " + f.Message}
	}
	return docBlock{items: items}
}

func (r Report) adoptionBlock() docBlock {
	if len(r.Adoption) == 0 {
		return docBlock{para: "None."}
	}
	since := DateOf(r.Since.In(r.loc()))
	items := make([]docItem, len(r.Adoption))
	for i, f := range r.Adoption {
		when := f.Date.String()
		if f.Date.Before(since) {
			when = "still holding, flagged " + when // Ongoing from an earlier report
		}
		items[i] = docItem{label: f.Level.String(), text: fmt.Sprintf("%s %s, %s: %s", when, f.Segment, flagRuleName(f), f.Message)}
	}
	return docBlock{items: items}
}

func (r Report) onCallBlock() docBlock {
	if len(r.OnCall) == 0 {
		return docBlock{para: "Nobody on the roster."}
	}
	t := &docTable{head: []string{"From", "To", "Shift", "People"}}
	for _, sh := range r.OnCall {
		name := sh.Name
		if name == "" {
			name = "shift"
		}
		if sh.OnCall {
			name += " (on call)"
		}
		people := make([]string, len(sh.People))
		for i, p := range sh.People {
			people[i] = string(p)
		}
		who := strings.Join(people, ", ")
		if who == "" {
			who = "nobody"
		}
		t.rows = append(t.rows, []string{r.short(sh.Start), r.short(sh.End), name, who})
	}
	return docBlock{table: t}
}

// periodTitle names the period compared: "This week and the week before"
// for the usual 7 days.
func (r Report) periodTitle() string {
	if n := len(r.Trend.Days); n != 7 {
		return fmt.Sprintf("The last %s and the %s before", plural(n, "day", "days"), plural(n, "day", "days"))
	}
	return "This week and the week before"
}

func (r Report) trendBlock() docBlock {
	this, last := r.Trend.This, r.Trend.Last
	t := &docTable{head: []string{"", "Since " + r.short(this.Start), "The " + plural(len(r.Trend.Days), "day", "days") + " before"}, numeric: 1}
	sla := func(p Period) string {
		if p.SLADecided == 0 {
			return "none decided"
		}
		return fmt.Sprintf("%d of %d (%s)", p.SLAMet, p.SLADecided, percentOfCount(p.SLAMet, p.SLADecided))
	}
	share := func(n, of int) string {
		if of == 0 {
			return fmt.Sprint(n)
		}
		return fmt.Sprintf("%d (%s)", n, percentOfCount(n, of))
	}
	t.rows = [][]string{
		{"Opened", fmt.Sprint(this.Opened), fmt.Sprint(last.Opened)},
		{"Resolved", fmt.Sprint(this.Resolved), fmt.Sprint(last.Resolved)},
		{"Reopened", fmt.Sprint(this.Reopened), fmt.Sprint(last.Reopened)},
		{"Open at the end", fmt.Sprint(this.Backlog), fmt.Sprint(last.Backlog)},
		{"SLA clocks met", sla(this), sla(last)},
		{"Defects opened", share(this.Defects, this.Opened), share(last.Defects, last.Opened)},
		{"Training gaps opened", share(this.TrainingGaps, this.Opened), share(last.TrainingGaps, last.Opened)},
		{"Other issues opened", share(this.OtherKinds, this.Opened), share(last.OtherKinds, last.Opened)},
	}
	return docBlock{table: t}
}

func (r Report) daysBlock() docBlock {
	t := &docTable{head: []string{"Day (to " + r.AsOf.In(r.loc()).Format("15:04") + ")", "Opened", "Resolved"}, numeric: 1}
	for _, d := range r.Trend.Days {
		t.rows = append(t.rows, []string{d.End.In(r.loc()).Format("Mon 01-02"), fmt.Sprint(d.Opened), fmt.Sprint(d.Resolved)})
	}
	return docBlock{table: t}
}

func (r Report) segmentsBlock() docBlock {
	if len(r.Segments) == 0 {
		return docBlock{para: "No adoption flags."}
	}
	t := &docTable{head: []string{"Segment", "Alerts", "Warnings", "Rules"}, numeric: 1}
	for _, s := range r.Segments {
		t.rows = append(t.rows, []string{s.Segment.String(), fmt.Sprint(s.Alerts), fmt.Sprint(s.Warnings), strings.Join(s.Rules, ", ")})
	}
	t.numericEnd = 3
	return docBlock{table: t}
}

func (r Report) rotaBlocks() []docBlock {
	ro := r.Rota
	var out []docBlock
	switch {
	case ro.Shifts == 0:
		out = append(out, docBlock{para: "No roster."})
	case len(ro.People) == 0:
		out = append(out, docBlock{para: fmt.Sprintf("%s from %s to %s, with nobody on them.",
			plural(ro.Shifts, "shift", "shifts"), r.stamp(ro.Horizon.Start), r.stamp(ro.Horizon.End))})
	default:
		busiest := ro.People[0]
		out = append(out, docBlock{para: fmt.Sprintf("%s from %s to %s; busiest: %s, %s on shift (%s of the time); Gini of time on shift %.2f over %s.",
			plural(ro.Shifts, "shift", "shifts"), r.stamp(ro.Horizon.Start), r.stamp(ro.Horizon.End), busiest.Person, hoursText(busiest.OnShift),
			percentText(int64(busiest.OnShift), int64(ro.Horizon.Duration())), ro.Gini, plural(len(ro.People), "person", "people"))})
		t := &docTable{head: []string{"Person", "On shift", "Share"}, numeric: 1}
		for _, p := range ro.People {
			t.rows = append(t.rows, []string{string(p.Person), hoursText(p.OnShift), percentText(int64(p.OnShift), int64(ro.Horizon.Duration()))})
		}
		out = append(out, docBlock{table: t})
	}
	if len(ro.Warnings) > 0 {
		items := make([]docItem, len(ro.Warnings))
		for i, w := range ro.Warnings {
			items[i] = docItem{label: w.Kind.String(), text: w.Reason}
		}
		out = append(out, docBlock{para: "Warnings: the roster keeps the rules, but"}, docBlock{items: items})
	}
	if ro.Handled == 0 {
		out = append(out, docBlock{para: "No issue handled by anyone named yet."})
	} else {
		out = append(out, docBlock{para: fmt.Sprintf("%s handled: %s handled the most (%.0f%%); Gini of issues handled %.2f. Hero signals are among the pitfalls.",
			plural(ro.Handled, "issue", "issues"), ro.TopHandler, 100*ro.TopShare, ro.HandlingGini)})
	}
	return out
}

// reportDoc is a report laid out: a title, a lead paragraph and sections.
type reportDoc struct {
	title, lead string
	sections    []docSection
}

type docSection struct {
	title  string
	blocks []docBlock
}

// docBlock is one of: a paragraph, a list, a table.
type docBlock struct {
	para  string
	items []docItem
	table *docTable
}

type checkMark int

const (
	checkNone checkMark = iota
	checkOpen
	checkDone
)

// docItem is a list item: an optional check box, an optional label (bold
// in Markdown), a text, and a depth for nesting.
type docItem struct {
	check checkMark
	depth int
	label string
	text  string
}

// docTable is a table; columns numeric to numericEnd (exclusive; 0 means
// to the last) are right-aligned in Markdown when numeric > 0.
type docTable struct {
	head       []string
	rows       [][]string
	numeric    int
	numericEnd int
}

func (d *reportDoc) add(title string, blocks ...docBlock) {
	d.sections = append(d.sections, docSection{title, blocks})
}

// markdown renders the table with its columns padded to one width, so the
// source reads as a table too (pasted into e-mail or a plain-text chat);
// numeric columns are right-aligned, in the source and by the renderer.
func (t *docTable) markdown() string {
	end := t.numericEnd
	if end == 0 {
		end = len(t.head)
	}
	numeric := func(i int) bool { return t.numeric > 0 && i >= t.numeric && i < end }
	rows := make([][]string, 0, len(t.rows)+1)
	for _, row := range append([][]string{t.head}, t.rows...) {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = mdEscape(c)
		}
		rows = append(rows, cells)
	}
	width := make([]int, len(t.head))
	for _, row := range rows {
		for i, c := range row {
			width[i] = max(width[i], utf8.RuneCountInString(c), 3)
		}
	}
	var b strings.Builder
	line := func(cells []string, cell func(i int, c string) string) {
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" " + cell(i, c) + " |")
		}
		b.WriteString("\n")
	}
	pad := func(i int, c string) string {
		gap := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
		if numeric(i) {
			return gap + c
		}
		return c + gap
	}
	line(rows[0], pad)
	line(rows[0], func(i int, _ string) string {
		if numeric(i) {
			return strings.Repeat("-", width[i]-1) + ":"
		}
		return strings.Repeat("-", width[i])
	})
	for _, row := range rows[1:] {
		line(row, pad)
	}
	return b.String()
}

func (d reportDoc) markdown() string {
	var b strings.Builder
	b.WriteString("# " + mdEscape(d.title) + "\n\n" + mdEscape(d.lead) + "\n")
	for _, s := range d.sections {
		b.WriteString("\n## " + mdEscape(s.title) + "\n")
		for _, bl := range s.blocks {
			b.WriteString("\n")
			switch {
			case bl.table != nil:
				b.WriteString(bl.table.markdown())
			case bl.items != nil:
				for _, it := range bl.items {
					b.WriteString(strings.Repeat("  ", it.depth) + "- ")
					switch it.check {
					case checkOpen:
						b.WriteString("[ ] ")
					case checkDone:
						b.WriteString("[x] ")
					}
					if it.label != "" {
						b.WriteString("**" + mdEscape(it.label) + "** ")
					}
					b.WriteString(mdEscape(it.text) + "\n")
				}
			default:
				b.WriteString(mdEscape(bl.para) + "\n")
			}
		}
	}
	return b.String()
}

// textWidth is the most columns a line of Text takes: paragraphs and list
// items wrap at spaces, and table rows cut their last cell with "…".
const textWidth = 99

// textMaxDepth is the deepest nesting Text indents: a deeper item keeps this
// indent, so a list nested past it still leaves half a line for the words.
const textMaxDepth = 12

func (d reportDoc) text() string {
	var b strings.Builder
	title := cutTo(oneLine(d.title), textWidth)
	b.WriteString(title + "\n" + strings.Repeat("=", utf8.RuneCountInString(title)) + "\n" + wrap(oneLine(d.lead), "", ""))
	for _, s := range d.sections {
		b.WriteString("\n" + s.title + "\n" + strings.Repeat("-", utf8.RuneCountInString(s.title)) + "\n")
		for i, bl := range s.blocks {
			if i > 0 {
				b.WriteString("\n")
			}
			switch {
			case bl.table != nil:
				var tb strings.Builder
				tw := tabwriter.NewWriter(&tb, 0, 0, 2, ' ', 0)
				for _, row := range append([][]string{bl.table.head}, bl.table.rows...) {
					cells := make([]string, len(row))
					for k, c := range row {
						cells[k] = oneLine(c) // no tab left: oneLine turns control characters into spaces
					}
					fmt.Fprintln(tw, strings.TrimRight(strings.Join(cells, "\t"), " "))
				}
				_ = tw.Flush() // writes to a strings.Builder, which never fails
				lines := strings.Split(strings.TrimSuffix(tb.String(), "\n"), "\n")
				// A row too wide wraps its last cell (a title) under itself.
				last := utf8.RuneCountInString(lines[0]) - utf8.RuneCountInString(oneLine(bl.table.head[len(bl.table.head)-1]))
				for _, line := range lines {
					r := []rune(line)
					if len(r) <= textWidth || last > textWidth-12 || last >= len(r) {
						b.WriteString(cutTo(line, textWidth) + "\n")
						continue
					}
					pad := strings.Repeat(" ", last)
					b.WriteString(wrap(string(r[last:]), string(r[:last]), pad))
				}
			case bl.items != nil:
				for _, it := range bl.items {
					indent := strings.Repeat("    ", min(it.depth, textMaxDepth))
					mark := "- "
					switch it.check {
					case checkOpen:
						mark = "[ ] "
					case checkDone:
						mark = "[x] "
					}
					text := oneLine(it.text)
					if it.label != "" {
						text = oneLine(it.label) + " " + text
					}
					b.WriteString(wrap(text, indent+mark, indent+strings.Repeat(" ", len(mark))))
				}
			default:
				b.WriteString(wrap(oneLine(bl.para), "", ""))
			}
		}
	}
	return b.String()
}

// oneLine folds line breaks and turns every other control character (a
// title's escape sequence, NUL, tab) into a space, so user text keeps to its
// line and cannot drive a terminal or a mail client.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func isControl(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// wrap breaks text at spaces into lines of at most textWidth columns, the
// first starting with first and the others with rest; a word longer than a
// line is cut. Every line ends in "\n".
func wrap(text, first, rest string) string {
	var b strings.Builder
	line, n := first, utf8.RuneCountInString(first)
	empty := true
	for _, w := range strings.Fields(text) {
		wn := utf8.RuneCountInString(w)
		if !empty && n+1+wn > textWidth {
			b.WriteString(line + "\n")
			line, n, empty = rest, utf8.RuneCountInString(rest), true
		}
		for n+wn > textWidth && empty { // a word longer than a whole line
			room := textWidth - n
			r := []rune(w)
			b.WriteString(line + string(r[:room]) + "\n")
			w, wn = string(r[room:]), wn-room
			line, n = rest, utf8.RuneCountInString(rest)
		}
		if !empty {
			line, n = line+" ", n+1
		}
		line, n, empty = line+w, n+wn, false
	}
	b.WriteString(line + "\n")
	return b.String()
}

// cutTo shortens s to at most width columns, ending in "…" when cut.
func cutTo(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:width-1]) + "…"
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`, `|`, `\|`, `#`, `\#`,
	`~`, `\~`, `&`, `&amp;`,
)

// mdEscape escapes the characters Markdown would read as markup, and folds
// line breaks, so user text renders as written.
func mdEscape(s string) string { return mdEscaper.Replace(oneLine(s)) }
