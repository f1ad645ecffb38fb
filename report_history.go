package hypercare

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The report's history: the engagement from go-live to the report's
// instant, aggregated per day, per person and per flagged series, so that a
// renderer can draw it (Report.HTML does) without the issues themselves.

// History is what the charts of a report show: the engagement day by day
// from go-live to the report's instant, the rota's load per person, who was
// on shift when, who handled the issues and the flagged adoption series. It
// is aggregated — a row per day, per person, per hour of the last 28 days
// and per flagged series — so its size does not grow with the number of
// issues. Both audiences carry it.
type History struct {
	GoLive     time.Time `json:"go_live"`
	PlannedEnd time.Time `json:"planned_end"`
	// Phases are the engagement's phases with their spans, in order.
	Phases []PhaseSpan `json:"phases,omitempty"`
	// Days has one entry per calendar day (in the engagement's location)
	// from the go-live date to the report's date, oldest first.
	Days []HistoryDay `json:"days"`
	// Load is the roster's load per person (Roster.Loads, or when the roster
	// has none, the shifts and time on them counted from its shifts), and
	// Bound the roster's lower bound L* (zero when not planned).
	Load  []Load `json:"load,omitempty"`
	Bound Bound  `json:"bound,omitzero"`
	// OnShift lists, for each hour of the last (up to) 28 days of Days in
	// which somebody was on a roster shift, who was: by date, then hour.
	OnShift []HourOnShift `json:"on_shift,omitempty"`
	// Heroes are the hero report's figures per person, as Pitfalls computes
	// them at the report's instant: share handled, off shift, sleep hours.
	Heroes []HeroStats `json:"heroes,omitempty"`
	// Adoption has each adoption series flagged from go-live to the
	// report's date (not only since the last report), in the order of its
	// first flag.
	Adoption []AdoptionTrace `json:"adoption,omitempty"`
}

// PhaseSpan is a phase's name and the interval it covers.
type PhaseSpan struct {
	Name string   `json:"name"`
	Span Interval `json:"span"`
}

// HistoryDay is one calendar day of a History, up to End: the go-live day
// starts at go-live and the report's day ends at the report's instant.
type HistoryDay struct {
	Date Date      `json:"date"`
	End  time.Time `json:"end"`
	// Open counts the issues open (or paused) at End by their severity then,
	// most severe first; only counts above zero are listed.
	Open []SeverityCount `json:"open,omitempty"`
	// Opened counts the issues first opened on the day and Resolved the
	// resolutions on it (a reopened issue resolved again counts again);
	// Defects and TrainingGaps split Opened by the kind the issue has at
	// the report's instant. What happened before go-live counts on the
	// go-live day, so the days add up to everything up to the report.
	Opened       int `json:"opened"`
	Resolved     int `json:"resolved"`
	Defects      int `json:"defects"`
	TrainingGaps int `json:"training_gaps"`
	// SLA counts, per severity of the clock, the SLA clocks decided on the
	// day (met when stopped in time, breached when the breach happened), as
	// SLACompliance counts them: both metrics, every cycle; a clock
	// decided before go-live counts on the go-live day.
	SLA []SLACount `json:"sla,omitempty"`
	// EarliestExit is Evaluate's earliest exit as judged at End (End itself
	// when ready, zero when some criterion needs action), and Ready whether
	// every criterion held then.
	EarliestExit time.Time `json:"earliest_exit,omitzero"`
	Ready        bool      `json:"ready,omitempty"`
}

// SeverityCount is a count of issues of one severity.
type SeverityCount struct {
	Severity Severity `json:"severity"`
	Count    int      `json:"count"`
}

// SLACount is how many SLA clocks of one severity were decided, and how many
// of them were met.
type SLACount struct {
	Severity Severity `json:"severity"`
	Met      int      `json:"met"`
	Decided  int      `json:"decided"`
}

// HourOnShift is who was on a roster shift at some moment of one hour
// (Hour 0–23, local wall clock of Date).
type HourOnShift struct {
	Date   Date       `json:"date"`
	Hour   int        `json:"hour"`
	People []PersonID `json:"people"`
}

// AdoptionTrace is a flagged adoption series as the EWMA drop rule
// (RuleDropEWMA) sees it: the rate on each business day up to the report's
// date, the baseline's mean and σ, the EWMA with its control limits after
// the baseline, and the series' flags up to the report's date.
type AdoptionTrace struct {
	Metric  AdoptionMetric `json:"metric"`
	Segment Segment        `json:"segment"`
	// Baseline is how many first points set the first baseline; the EWMA
	// starts after them. It is 0 when the series is too short to have one;
	// then no point has an EWMA. Mean and Sigma are the baseline in force
	// at the last point, which grows beyond the first Baseline points as
	// MonitorConfig.BaselineMax says.
	Baseline int          `json:"baseline"`
	Mean     float64      `json:"mean"`
	Sigma    float64      `json:"sigma"`
	Points   []TracePoint `json:"points"`
	Flags    []Flag       `json:"flags"`
}

// TracePoint is one business day of an AdoptionTrace: the rate and, after
// the baseline, the EWMA chart's point (zero within the baseline).
type TracePoint struct {
	Date Date      `json:"date"`
	Rate float64   `json:"rate"`
	EWMA EWMAPoint `json:"ewma,omitzero"`
}

// onShiftDays bounds the hours of History.OnShift to the last 28 days.
const onShiftDays = 28

// history computes the report's History from the checker's issues (as at
// the report's instant).
func (b reportBuilder) history(c *checker, in ReportInput, flags []Flag) (History, error) {
	e, loc := b.e, b.loc
	h := History{GoLive: e.GoLive.In(loc), PlannedEnd: e.PlannedEnd.In(loc)}
	h.Phases = b.historyPhases()
	first, last := DateOf(e.GoLive.In(loc)), DateOf(b.at.In(loc))
	n := last.DaysSince(first) + 1
	ends := make([]time.Time, n)
	b.historyDays(&h, first, ends)
	days := historyDayIndex{first: first, n: n, loc: loc}
	open := make([][]int, n) // per day, by severity
	sla := make([]map[Severity]*SLACount, n)
	var st []State
	for i := range c.issues {
		is := &c.issues[i]
		st = countOpen(open, is, ends, st)
		days.countEvents(is, h.Days)
		days.countSLA(sla, e, is, b.at)
	}
	if err := fillDays(e, c, in, h.Days, ends, open, sla, loc); err != nil {
		return History{}, err
	}
	h.Load, h.Bound = historyLoad(in.Roster), in.Roster.Bound
	h.OnShift = onShiftHours(in.Roster, h.Days[max(0, n-onShiftDays)].Date, last, loc)
	h.Heroes = slices.Clone(c.heroes.People)
	trace, err := adoptionTraces(in.Adoption, in.Monitor, flags, last)
	if err != nil {
		return History{}, err
	}
	h.Adoption = trace
	return h, nil
}

// historyPhases returns the engagement's phases with their spans.
func (b reportBuilder) historyPhases() []PhaseSpan {
	var out []PhaseSpan
	for _, p := range b.e.Phases {
		sp := b.e.Span(p)
		out = append(out, PhaseSpan{Name: p.Name, Span: Interval{sp.Start.In(b.loc), sp.End.In(b.loc)}})
	}
	return out
}

// historyDays sets h.Days to the len(ends) days from first and ends to each day's end.
func (b reportBuilder) historyDays(h *History, first Date, ends []time.Time) {
	n := len(ends)
	h.Days = make([]HistoryDay, n)
	for k := range n {
		d := first.AddDays(k)
		end := d.AddDays(1).In(b.loc)
		if k == n-1 {
			end = b.at
		}
		ends[k] = end
		h.Days[k] = HistoryDay{Date: d, End: end.In(b.loc)}
	}
}

// historyDayIndex maps instants to the days of a history.
type historyDayIndex struct {
	first Date
	n     int
	loc   *time.Location
}

// dayOf returns the index of the day at falls on, clamped to the history.
func (x historyDayIndex) dayOf(at time.Time) int {
	return min(max(DateOf(at.In(x.loc)).DaysSince(x.first), 0), x.n-1)
}

// countOpen counts in open the issue on each day it is open at the day's end, reusing st.
func countOpen(open [][]int, is *Issue, ends []time.Time, st []State) []State {
	st = statesAt(is, ends, st)
	for k, s := range st {
		if s.IsOpen() {
			sv := int(s.Severity)
			if len(open[k]) <= sv {
				open[k] = append(open[k], make([]int, sv+1-len(open[k]))...)
			}
			open[k][sv]++
		}
	}
	return st
}

// countEvents counts the issue's openings and resolutions on their days.
func (x historyDayIndex) countEvents(is *Issue, days []HistoryDay) {
	for _, ev := range is.events {
		switch ev.Type {
		case EventOpened:
			d := &days[x.dayOf(ev.At)]
			d.Opened++
			switch is.state.Kind {
			case Defect:
				d.Defects++
			case TrainingGap:
				d.TrainingGaps++
			}
		case EventResolved:
			days[x.dayOf(ev.At)].Resolved++
		}
	}
}

// countSLA counts in sla the issue's SLA clocks decided by asOf on their days.
func (x historyDayIndex) countSLA(sla []map[Severity]*SLACount, e Engagement, is *Issue, asOf time.Time) {
	for _, m := range []Metric{FirstResponse, Resolution} {
		for _, clk := range decidedCycles(e, *is, m, asOf) {
			var at time.Time
			switch clk.State {
			case ClockMet:
				at = clk.Stopped
			case ClockBreached:
				at = clk.BreachedAt
			default:
				continue
			}
			if at.After(asOf) {
				continue
			}
			k := x.dayOf(at)
			if sla[k] == nil {
				sla[k] = map[Severity]*SLACount{}
			}
			sc := sla[k][clk.Severity]
			if sc == nil {
				sc = &SLACount{Severity: clk.Severity}
				sla[k][clk.Severity] = sc
			}
			sc.Decided++
			if clk.State == ClockMet {
				sc.Met++
			}
		}
	}
}

// fillDays sets each day's open and SLA counts and its exit readiness.
func fillDays(e Engagement, c *checker, in ReportInput, days []HistoryDay, ends []time.Time, open [][]int, sla []map[Severity]*SLACount, loc *time.Location) error {
	order := make([]int, len(c.issues)) // each opened by the report's instant
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return c.issues[i].Opened().Compare(c.issues[j].Opened()) })
	byOpened := make([]Issue, len(order))
	for k, i := range order {
		byOpened[k] = c.issues[i]
	}
	for k := range days {
		d := &days[k]
		for sv, cnt := range open[k] {
			if cnt > 0 {
				d.Open = append(d.Open, SeverityCount{Severity: Severity(sv), Count: cnt})
			}
		}
		for _, sc := range sla[k] {
			d.SLA = append(d.SLA, *sc)
		}
		slices.SortFunc(d.SLA, func(x, y SLACount) int { return cmp.Compare(x.Severity, y.Severity) })
		v := c.v
		if k < len(days)-1 { // only the issues opened by then: the rest cannot count yet
			var err error
			if v, err = Evaluate(ExitInput{Engagement: e, Issues: byOpened[:openedBy(byOpened, ends[k])], SignOffs: in.SignOffs, AsOf: ends[k]}); err != nil {
				return err
			}
		}
		d.Ready = v.Ready
		if !v.EarliestExit.IsZero() {
			d.EarliestExit = v.EarliestExit.In(loc)
		}
	}
	return nil
}

// openedBy returns how many of issues, sorted by opening, were opened at or
// before t.
func openedBy(issues []Issue, t time.Time) int {
	n, _ := slices.BinarySearchFunc(issues, t, func(is Issue, t time.Time) int {
		if is.Opened().After(t) {
			return 1
		}
		return -1
	})
	return n
}

// historyLoad returns the roster's loads, or counts them from its shifts
// when it has none: shifts and time on them, per person, by ID.
func historyLoad(ro Roster) []Load {
	if len(ro.Loads) > 0 {
		return slices.Clone(ro.Loads)
	}
	by := map[PersonID]*Load{}
	for _, sh := range ro.Shifts {
		for _, p := range sh.People {
			l := by[p]
			if l == nil {
				l = &Load{Person: p}
				by[p] = l
			}
			l.Shifts++
			l.Total += sh.Duration()
		}
	}
	out := make([]Load, 0, len(by))
	for _, id := range sortedPersonIDs(by) {
		out = append(out, *by[id])
	}
	return out
}

// onShiftHours lists who was on a shift in each hour of the dates from to
// to, both included.
func onShiftHours(ro Roster, from, to Date, loc *time.Location) []HourOnShift {
	start, end := from.In(loc), to.AddDays(1).In(loc)
	cells := map[[2]int][]PersonID{} // day index, hour
	for _, sh := range ro.Shifts {
		if !sh.End.After(start) || !sh.Start.Before(end) || len(sh.People) == 0 {
			continue
		}
		t := later(sh.Start, start).In(loc)
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc)
		for ; t.Before(sh.End) && t.Before(end); t = t.Add(time.Hour) {
			lt := t.In(loc)
			k := [2]int{DateOf(lt).DaysSince(from), lt.Hour()}
			for _, p := range sh.People {
				if !slices.Contains(cells[k], p) {
					cells[k] = append(cells[k], p)
				}
			}
		}
	}
	out := make([]HourOnShift, 0, len(cells))
	for k, ps := range cells {
		slices.Sort(ps)
		out = append(out, HourOnShift{Date: from.AddDays(k[0]), Hour: k[1], People: ps})
	}
	slices.SortFunc(out, func(a, b HourOnShift) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Hour, b.Hour)) })
	return out
}

// adoptionTraces returns the trace of each series with one of flags, in
// the order of its first flag, from its samples up to `to`.
func adoptionTraces(series []Series, cfg MonitorConfig, flags []Flag, to Date) ([]AdoptionTrace, error) {
	if len(flags) == 0 {
		return nil, nil
	}
	s, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	type key struct {
		m   AdoptionMetric
		seg Segment
	}
	var order []key
	for _, f := range flags {
		if k := (key{f.Metric, f.Segment}); !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	var out []AdoptionTrace
	for _, k := range order {
		i := slices.IndexFunc(series, func(x Series) bool { return x.Metric == k.m && x.Segment == k.seg })
		if i < 0 {
			continue // a custom rule's flag on a series of its own
		}
		ser := series[i]
		ser.Samples = slices.DeleteFunc(slices.Clone(ser.Samples), func(x Sample) bool { return x.Date.After(to) })
		all, err := ser.sorted()
		if err != nil {
			return nil, err
		}
		loc := s.cal.Location()
		p := &prepared{metric: ser.Metric, segment: ser.Segment}
		for _, x := range all {
			if s.cal.Between(x.Date.In(loc), x.Date.AddDays(1).In(loc)) == 0 {
				continue
			}
			p.dates = append(p.dates, x.Date)
			p.bases = append(p.bases, x.Base)
			p.rates = append(p.rates, x.Rate())
		}
		tr := AdoptionTrace{Metric: ser.Metric, Segment: ser.Segment, Points: make([]TracePoint, len(p.dates))}
		for j, d := range p.dates {
			tr.Points[j] = TracePoint{Date: d, Rate: p.rates[j]}
		}
		if steps := s.baselineSteps(p, &scratch{}); len(steps) > 0 {
			tr.Baseline = s.baseline
			s.ewmaOver(p, steps, func(j int, pt EWMAPoint, b baselineStep) {
				tr.Points[j].EWMA = pt
				tr.Mean, tr.Sigma = b.mu, b.sigma
			})
		}
		tr.Flags = []Flag{}
		for _, f := range flags {
			if f.Metric == k.m && f.Segment == k.seg {
				tr.Flags = append(tr.Flags, f)
			}
		}
		out = append(out, tr)
	}
	return out, nil
}

// personText joins person IDs with commas.
func personText(ps []PersonID) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}
