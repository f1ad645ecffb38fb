package hypercare

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

func TestNiceTicks(t *testing.T) {
	cases := []struct {
		name     string
		lo, hi   float64
		maxTicks int
		want     []float64
	}{
		{name: "ten in steps of two", lo: 0, hi: 10, maxTicks: 6, want: []float64{0, 2, 4, 6, 8, 10}},
		{name: "a unit in fifths", lo: 0, hi: 1, maxTicks: 6, want: []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{name: "13 rounds up to 15", lo: 0, hi: 13, maxTicks: 6, want: []float64{0, 5, 10, 15}},
		{name: "L* of 111.1 h", lo: 0, hi: 111.1, maxTicks: 6, want: []float64{0, 50, 100, 150}},
		{name: "negative low end", lo: -7, hi: 23, maxTicks: 5, want: []float64{-10, 0, 10, 20, 30}},
		{name: "empty range widens by one", lo: 3, hi: 3, maxTicks: 6, want: []float64{3, 3.2, 3.4, 3.6, 3.8, 4}},
		{name: "inverted range widens by one", lo: 5, hi: 1, maxTicks: 3, want: []float64{5, 5.5, 6}},
		{name: "one tick counts as three", lo: 0, hi: 10, maxTicks: 1, want: []float64{0, 5, 10}},
		{name: "across zero with three", lo: -0.5, hi: 0.5, maxTicks: 2, want: []float64{-0.5, 0, 0.5}},
		{name: "28 days in weeks or so", lo: 0, hi: 27, maxTicks: 7, want: []float64{0, 5, 10, 15, 20, 25, 30}},
		{name: "NaN", lo: math.NaN(), hi: 1, maxTicks: 6, want: []float64{0, 1}},
		{name: "infinity", lo: 0, hi: math.Inf(1), maxTicks: 6, want: []float64{0, 1}},
		{name: "an empty range above a million widens by a millionth", lo: 5e6, hi: 5e6, maxTicks: 3, want: []float64{5e6, 5000005}},
		{name: "a large empty range widens by a millionth", lo: 1e16, hi: 1e16, maxTicks: 3, want: []float64{1e16, 1.0000005e16, 1.000001e16}},
		{name: "the whole float range", lo: -math.MaxFloat64, hi: math.MaxFloat64, maxTicks: 3, want: []float64{-math.MaxFloat64, math.MaxFloat64}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := niceTicks(tc.lo, tc.hi, tc.maxTicks)
			if d := cmp.Diff(tc.want, got, cmpopts.EquateApprox(0, 1e-9)); d != "" {
				t.Errorf("niceTicks(%v, %v, %d) (-want +got):\n%s", tc.lo, tc.hi, tc.maxTicks, d)
			}
		})
	}
}

// The laws of niceTicks: the ticks cover [lo, hi], are evenly spaced by a
// round step, and number between 2 and maxTicks (at least 3).
func TestNiceTicksProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo := rapid.Float64Range(-1e6, 1e6).Draw(t, "lo")
		// A span of at least a millionth of the values' size: below that,
		// float64 cannot space the ticks evenly, and no chart needs it.
		hi := lo + max(math.Abs(lo), 1)*rapid.Float64Range(1e-6, 1e3).Draw(t, "span")
		n := rapid.IntRange(0, 12).Draw(t, "maxTicks")
		ticks := niceTicks(lo, hi, n)
		if len(ticks) < 2 || len(ticks) > max(n, 3) {
			t.Fatalf("%d ticks, want 2 to %d: %v", len(ticks), n, ticks)
		}
		step := (ticks[len(ticks)-1] - ticks[0]) / float64(len(ticks)-1)
		eps := 1e-9 * max(math.Abs(lo), math.Abs(hi), step)
		if ticks[0] > lo+eps || ticks[len(ticks)-1] < hi-eps {
			t.Fatalf("ticks %v do not cover [%v, %v]", ticks, lo, hi)
		}
		for i := 1; i < len(ticks); i++ {
			if d := ticks[i] - ticks[i-1]; math.Abs(d-step) > eps {
				t.Fatalf("uneven step %v (want %v) in %v", d, step, ticks)
			}
		}
		mant := step / math.Pow(10, math.Floor(math.Log10(step)+1e-6))
		if !(math.Abs(mant-1) < 1e-6 || math.Abs(mant-2) < 1e-6 || math.Abs(mant-5) < 1e-6) {
			t.Fatalf("step %v is not 1, 2 or 5 times a power of ten", step)
		}
	})
}

// dataTables returns the page's data tables by their data-chart name: rows
// of cell texts, the header first.
func dataTables(t *testing.T, page string) map[string][][]string {
	t.Helper()
	tables := map[string][][]string{}
	for _, m := range tableRE.FindAllStringSubmatch(page, -1) {
		var rows [][]string
		for _, row := range rowRE.FindAllStringSubmatch(m[2], -1) {
			var cells []string
			for _, c := range cellRE.FindAllStringSubmatch(row[1], -1) {
				cells = append(cells, html.UnescapeString(c[1]))
			}
			rows = append(rows, cells)
		}
		if _, dup := tables[m[1]]; dup {
			t.Errorf("two data tables for chart %q", m[1])
		}
		tables[m[1]] = rows
	}
	return tables
}

var (
	tableRE = regexp.MustCompile(`(?s)<table class="data" data-chart="([^"]+)">(.*?)</table>`)
	rowRE   = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`(?s)<t[dh]>(.*?)</t[dh]>`)
)

// The numbers on the page are the report's: each chart's data table, read
// back from the page, against the Report value it was drawn from.
func TestReportHTMLNumbersAreTheData(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	r := rptBuild(t, in, Daily)
	h := r.History
	tables := dataTables(t, r.HTML())
	for _, id := range []string{"open", "holds", "flow", "kinds", "clocks", "sla", "exit", "load", "onshift", "heroes", "adoption-1"} {
		if tables[id] == nil {
			t.Errorf("no data table for chart %q", id)
		}
	}
	rowsOf := func(id string, n int) [][]string {
		rows := tables[id]
		if len(rows) != n+1 {
			t.Fatalf("chart %q: %d rows, want a header and %d", id, len(rows), n)
		}
		return rows[1:]
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%q is not a count: %v", s, err)
		}
		return n
	}
	if d := cmp.Diff([]string{"Date", "Sev1", "Sev2", "Sev3", "Total"}, tables["open"][0]); d != "" {
		t.Errorf("open table header (-want +got):\n%s", d)
	}
	for k, row := range rowsOf("open", len(h.Days)) {
		d := h.Days[k]
		total := 0
		for i, s := range []Severity{Sev1, Sev2, Sev3} {
			n := 0
			for _, c := range d.Open {
				if c.Severity == s {
					n = c.Count
				}
			}
			total += n
			if got := atoi(row[1+i]); got != n {
				t.Errorf("open %s %v: page %d, data %d", d.Date, s, got, n)
			}
		}
		if row[0] != d.Date.String() || atoi(row[4]) != total {
			t.Errorf("open row %v, want %s with total %d", row, d.Date, total)
		}
	}
	for k, row := range rowsOf("flow", len(h.Days)) {
		d := h.Days[k]
		if row[0] != d.Date.String() || atoi(row[1]) != d.Opened || atoi(row[2]) != d.Resolved {
			t.Errorf("flow row %v, want %s %d %d", row, d.Date, d.Opened, d.Resolved)
		}
	}
	for k, row := range rowsOf("kinds", len(h.Days)) {
		d := h.Days[k]
		if atoi(row[1]) != d.Defects || atoi(row[2]) != d.TrainingGaps || atoi(row[3]) != d.Opened-d.Defects-d.TrainingGaps {
			t.Errorf("kinds row %v, want %d %d of %d", row, d.Defects, d.TrainingGaps, d.Opened)
		}
	}
	breached, risk := map[string]int{}, map[string]int{}
	for _, c := range r.Clocks {
		if c.Clock.State == ClockBreached {
			breached[r.Scheme.Name(c.Clock.Severity)]++
		} else {
			risk[r.Scheme.Name(c.Clock.Severity)]++
		}
	}
	for _, row := range tables["clocks"][1:] {
		if atoi(row[1]) != breached[row[0]] || atoi(row[2]) != risk[row[0]] {
			t.Errorf("clocks row %v, want %d breached and %d at risk", row, breached[row[0]], risk[row[0]])
		}
		delete(breached, row[0])
		delete(risk, row[0])
	}
	if len(breached)+len(risk) > 0 {
		t.Errorf("clocks of %v %v are not on the page", breached, risk)
	}
	var sla [][]string
	for _, d := range h.Days {
		for _, c := range d.SLA {
			sla = append(sla, []string{d.Date.String(), r.Scheme.Name(c.Severity), strconv.Itoa(c.Met), strconv.Itoa(c.Decided)})
		}
	}
	var slaPage [][]string
	for _, row := range tables["sla"][1:] {
		slaPage = append(slaPage, row[:4])
	}
	if d := cmp.Diff(sla, slaPage); d != "" || len(sla) == 0 {
		t.Errorf("SLA table (-data +page):\n%s", d)
	}
	for k, row := range rowsOf("exit", len(h.Days)) {
		d := h.Days[k]
		switch {
		case d.EarliestExit.IsZero():
			if row[1] != "needs action" {
				t.Errorf("exit row %v, want needs action", row)
			}
		case row[1] != r.stamp(d.EarliestExit) || atoi(row[2]) != daysUpTo(in.Engagement.GoLive, d.EarliestExit):
			t.Errorf("exit row %v, want %s, day %d", row, r.stamp(d.EarliestExit), daysUpTo(in.Engagement.GoLive, d.EarliestExit))
		}
	}
	for k, row := range rowsOf("load", len(h.Load)) {
		l := h.Load[k]
		if row[0] != string(l.Person) || atoi(row[1]) != l.Shifts || row[2] != strconv.FormatFloat(l.Total.Hours(), 'f', 1, 64) {
			t.Errorf("load row %v, want %+v", row, l)
		}
	}
	for k, row := range rowsOf("onshift", len(h.OnShift)) {
		c := h.OnShift[k]
		if row[0] != c.Date.String() || atoi(row[1]) != c.Hour || atoi(row[2]) != len(c.People) || row[3] != personText(c.People) {
			t.Errorf("on-shift row %v, want %+v", row, c)
		}
	}
	for k, row := range rowsOf("heroes", len(h.Heroes)) {
		s := h.Heroes[k]
		if row[0] != string(s.Person) || atoi(row[1]) != s.Handled || row[2] != strconv.FormatFloat(100*s.Share, 'f', 1, 64) || atoi(row[3]) != s.OffShift || atoi(row[4]) != s.SleepHours {
			t.Errorf("heroes row %v, want %+v", row, s)
		}
	}
	tr := h.Adoption[0]
	for k, row := range rowsOf("adoption-1", len(tr.Points)) {
		p := tr.Points[k]
		if row[0] != p.Date.String() || row[1] != strconv.FormatFloat(100*p.Rate, 'f', 1, 64) {
			t.Errorf("adoption row %v, want %+v", row, p)
		}
	}
}

// Every chart is an SVG with a title, a description and marks, and the page
// fetches nothing: no script, no external reference.
func TestReportHTMLIsSelfContainedAndAccessible(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	for _, a := range []Audience{Daily, Weekly} {
		page := rptBuild(t, in, a).HTML()
		for _, bad := range []string{"<script", "http://", "https://", "src=", "url(", "@import", "<link", "<img", "<iframe", "href="} {
			if strings.Contains(page, bad) {
				t.Errorf("%s page contains %q", a, bad)
			}
		}
		svgs := regexp.MustCompile(`(?s)<svg viewBox[^>]*>.*?</svg>`).FindAllString(page, -1)
		if len(svgs) < 8 {
			t.Errorf("%s page has %d charts, want at least 8", a, len(svgs))
		}
		for _, s := range svgs {
			if !regexp.MustCompile(`<title id="[^"]+-t">[^<]+</title><desc id="[^"]+-d">[^<]+</desc>`).MatchString(s) {
				t.Errorf("%s chart without title and description: %.200s", a, s)
			}
			if !regexp.MustCompile(`<g class="marks[^"]*">(<text[^>]*>[^<]*</text>)*<(rect|path|circle)`).MatchString(s) {
				t.Errorf("%s chart without marks: %.200s", a, s)
			}
		}
		for _, want := range []string{"<!DOCTYPE html>", `<meta name="viewport"`, "@media print", "@page{size:A4"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", a, want)
			}
		}
	}
}

// Text from issues is escaped, and control characters are dropped: a title
// cannot open a script or break the markup.
func TestReportHTMLEscapesUserText(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	in.Issues[5].Title = "<script>alert('x')</script>\x00\x1b[31m\u0085 & \"co\""
	in.Issues[0].Workaround = "</td></tr></table><b>bold</b>"
	in.Engagement.Name = "<i>Acme</i>"
	page := rptBuild(t, in, Daily).HTML()
	for _, bad := range []string{"<script", "<b>bold", "<i>Acme", "\x00", "\x1b", "\u0085"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	// The report turns each control character into a space (so the text
	// renderings stay whole) before the page escapes what is left.
	for _, want := range []string{"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; [31m &amp; &#34;co&#34;", "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;bold", "&lt;i&gt;Acme&lt;/i&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped %q", want)
		}
	}
	for i, r := range page {
		if r != '\n' && r != '\t' && unsafeInHTML(r) {
			t.Fatalf("control character %U at byte %d", r, i)
		}
	}
}

// A report read back from JSON renders the same page.
func TestReportHTMLAfterJSON(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	for _, a := range []Audience{Daily, Weekly} {
		r := rptBuild(t, in, a)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.HTML() != r.HTML() {
			t.Errorf("%s page differs after a JSON round trip", a)
		}
	}
}

// Lists of issues are cut at maxHTMLRows rows on the page.
func TestReportHTMLCutsLongLists(t *testing.T) {
	e := chkClassic(t, 4)
	in := ReportInput{Engagement: e, History: true, Issues: rptBenchIssues(t, e, 3000), AsOf: e.DayStart(21)}
	r := rptBuild(t, in, Daily)
	page := r.HTML()
	if len(r.New) <= maxHTMLRows {
		t.Fatalf("only %d new issues", len(r.New))
	}
	if want := fmt.Sprintf("… and %d more", len(r.New)-maxHTMLRows); !strings.Contains(page, want) {
		t.Errorf("page lacks %q", want)
	}
}

// A report without a history (the zero Report, or JSON from before History)
// renders without charts rather than failing.
func TestReportHTMLWithoutHistory(t *testing.T) {
	for _, r := range []Report{{}, {Audience: Weekly, Headline: "old"}} {
		page := r.HTML()
		if !strings.Contains(page, "No charts: the report has no history") || strings.Contains(page, "<svg") {
			t.Errorf("page of a report without history:\n%.500s", page)
		}
	}
}

// For any valid input, the days of the history add up to what happened up
// to the report, each day's open counts are StateAt's, and the page renders
// with its numbers and without control characters.
func TestReportHistoryPropertyAnyValidInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := rptDrawInput(t)
		a := rapid.SampledFrom([]Audience{Daily, Weekly}).Draw(t, "audience")
		r, err := NewReport(in, a)
		if err != nil {
			t.Fatalf("NewReport: %v", err)
		}
		h := r.History
		opened, resolved, decided := 0, 0, 0
		for _, is := range in.Issues {
			if o := is.Opened(); !o.IsZero() && !o.After(in.AsOf) {
				opened++
			}
			for _, ev := range is.Events() {
				if ev.Type == EventResolved && !ev.At.After(in.AsOf) {
					resolved++
				}
			}
			cut := is.AsOf(in.AsOf)
			if cut.Opened().IsZero() || cut.Opened().After(in.AsOf) {
				continue
			}
			for _, m := range []Metric{FirstResponse, Resolution} {
				for _, c := range decidedCycles(in.Engagement, cut, m, in.AsOf) {
					if (c.State == ClockMet && !c.Stopped.After(in.AsOf)) || (c.State == ClockBreached && !c.BreachedAt.After(in.AsOf)) {
						decided++
					}
				}
			}
		}
		sum := [3]int{}
		for _, d := range h.Days {
			sum[0] += d.Opened
			sum[1] += d.Resolved
			for _, c := range d.SLA {
				sum[2] += c.Decided
				if c.Met > c.Decided {
					t.Fatalf("%s: %d of %d met", d.Date, c.Met, c.Decided)
				}
			}
			if d.Defects+d.TrainingGaps > d.Opened {
				t.Fatalf("%s: %d defects and %d training gaps of %d opened", d.Date, d.Defects, d.TrainingGaps, d.Opened)
			}
			naive := map[Severity]int{}
			for _, is := range in.Issues {
				if s := is.StateAt(d.End); s.IsOpen() {
					naive[s.Severity]++
				}
			}
			got := map[Severity]int{}
			for _, c := range d.Open {
				got[c.Severity] = c.Count
			}
			if diff := cmp.Diff(naive, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("open at %s (-StateAt +history):\n%s", d.End, diff)
			}
		}
		if sum != [3]int{opened, resolved, decided} {
			t.Fatalf("days add up to %v opened, resolved, decided; want %v", sum, [3]int{opened, resolved, decided})
		}
		page := r.HTML()
		for i, c := range page {
			if c != '\n' && c != '\t' && unsafeInHTML(c) {
				t.Fatalf("control character %U at byte %d", c, i)
			}
		}
		if strings.Contains(page, "NaN") || strings.Contains(page, "Inf") {
			t.Fatalf("the page has a NaN or an infinity")
		}
	})
}

// daysUpTo is the days from go-live to t, rounded up: 24-hour days, for a
// test engagement with no DST change in between.
func daysUpTo(goLive, t time.Time) int { return int(math.Ceil(t.Sub(goLive).Hours() / 24)) }

// The exit chart plots an earliest exit as the day of hypercare it ends,
// against the planned end's: an exit at the planned end (Mon 06-22 09:00,
// 21 days after go-live) or an hour before it is on day 21, on the planned
// line; an hour after it is on day 22, a day late.
func TestReportHTMLExitChartDaysMatchThePlannedEnd(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	r := rptBuild(t, in, Daily)
	end := r.History.PlannedEnd
	r.History.Days = r.History.Days[:3]
	for k, d := range []time.Duration{-time.Hour, 0, time.Hour} {
		r.History.Days[k].EarliestExit = end.Add(d)
	}
	rows := dataTables(t, r.HTML())["exit"]
	if len(rows) != 4 {
		t.Fatalf("exit table: %d rows, want a header and 3", len(rows))
	}
	for k, want := range []string{"21", "21", "22"} {
		if got := rows[k+1][2]; got != want {
			t.Errorf("exit %s: day %s, want %s (planned end day %d)", r.History.Days[k].EarliestExit, got, want, r.PlannedDays)
		}
	}
	if r.PlannedDays != 21 {
		t.Errorf("planned days %d, want 21", r.PlannedDays)
	}
}

// A short history (here 3 days) labels each day on the x axis once: day
// ticks are whole days, never halves that repeat a date.
func TestReportHTMLShortHistoryLabelsEachDayOnce(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 3, 17, 0)
	page := rptBuild(t, in, Daily).HTML()
	label := regexp.MustCompile(`>(\d\d-\d\d)</text>`)
	charts := strings.Split(page, "<svg")[1:]
	if len(charts) == 0 {
		t.Fatal("no chart on the page")
	}
	for i, svg := range charts {
		seen := map[string]int{}
		for _, m := range label.FindAllStringSubmatch(svg, -1) {
			seen[m[1]]++
		}
		for d, n := range seen {
			if n > 1 {
				t.Errorf("chart %d labels %s %d times", i, d, n)
			}
		}
	}
}

// Charts of counts keep whole-number ticks, also with nothing to count yet
// (no issue opened in the first three days): 0, 1, 2, not 0, 0.2, 0.4.
func TestReportHTMLCountChartsHaveWholeTicks(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 3, 17, 0)
	page := rptBuild(t, in, Daily).HTML()
	tick := regexp.MustCompile(fmt.Sprintf(`<text x="%.1f" y="[0-9.]+" text-anchor="end">([^<]*)</text>`, chartLeft-4)) // the y axis's labels
	for _, id := range []string{"open", "flow", "kinds"} {
		i := strings.Index(page, `class="chart" data-chart="`+id+`"`)
		if i < 0 {
			t.Fatalf("no %s chart", id)
		}
		svg := page[i : i+strings.Index(page[i:], "</svg>")]
		ticks := tick.FindAllStringSubmatch(svg, -1)
		if len(ticks) < 2 {
			t.Errorf("%s: %d y ticks", id, len(ticks))
		}
		for _, m := range ticks {
			if _, err := strconv.Atoi(m[1]); err != nil {
				t.Errorf("%s chart: y tick %q is not a whole number", id, m[1])
			}
		}
	}
}

// The adoption key figure tells new flags from ones still holding from an
// earlier day, and counts the series flagged since go-live only when the
// report has its history. Team Ops never used Approvals: the never-used
// warning of Wed 06-10 is still holding on Fri 06-12, a day after the last
// report.
func TestReportHTMLAdoptionKeyFigure(t *testing.T) {
	fig := regexp.MustCompile(`<dt>Adoption flags</dt><dd><span class="value">([^<]*)</span><span class="note">([^<]*)</span>`)
	for _, tc := range []struct {
		history     bool
		value, note string
	}{
		{false, "1", "0 new since Thu 06-11 17:00, 1 still holding from before"},
		{true, "1", "0 new since Thu 06-11 17:00, 1 still holding from before; 1 series flagged since go-live"},
	} {
		in := rptScenario(t)
		in.AsOf, in.History = chkAt(2026, 6, 12, 17, 0), tc.history
		m := fig.FindStringSubmatch(rptBuild(t, in, Daily).HTML())
		if m == nil {
			t.Fatal("no adoption key figure")
		}
		if m[1] != tc.value || m[2] != tc.note {
			t.Errorf("history %v: adoption figure %q, %q; want %q, %q", tc.history, m[1], m[2], tc.value, tc.note)
		}
	}
}
