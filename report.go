package hypercare

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// This file is the status report: a hypercare's
// communication duties — daily updates to users on known issues, fixes
// coming and workarounds; daily status to the sponsor; weekly to broader
// leadership — as a value built from everything else at an instant. The
// Markdown and plain-text renderers are in report_render.go.

// Audience says who a status report is for, and so what it holds.
type Audience int

// The audiences. The zero Audience is invalid.
const (
	// Daily is the sponsor and the users: what is new and resolved, what is
	// open, SLA clocks at risk, known issues with their workarounds and
	// fixes, the exit progress, pitfalls, new adoption flags and who is on
	// call in the next 24 hours.
	Daily Audience = 1 + iota
	// Weekly is broader leadership: trends, not tickets — opened and
	// resolved per day against the period before, the backlog, SLA
	// compliance, defects against training gaps, the exit forecast,
	// pitfalls, adoption flags per segment and the rota's fairness.
	Weekly
)

var audienceNames = []string{"", "daily", "weekly"}

// String returns "daily" or "weekly".
func (a Audience) String() string { return enumString("Audience", int(a), audienceNames) }

// Valid reports whether a is Daily or Weekly.
func (a Audience) Valid() bool { return validEnum(int(a), audienceNames) }

// MarshalText encodes a by name; an invalid audience is an error.
func (a Audience) MarshalText() ([]byte, error) {
	return marshalEnum("audience", int(a), audienceNames)
}

// UnmarshalText decodes an audience by name (case-insensitive).
func (a *Audience) UnmarshalText(b []byte) error {
	return unmarshalEnum("audience", b, audienceNames, (*int)(a))
}

// ReportInput is everything a status report is built from.
type ReportInput struct {
	Engagement Engagement `json:"engagement"`
	Issues     []Issue    `json:"issues,omitempty"`
	SignOffs   []SignOff  `json:"sign_offs,omitempty"`
	// Adoption are the adoption series, judged by Monitor with
	// MonitorConfig; samples dated after AsOf's date are left out. When
	// Monitor.Calendar is nil and the engagement's SLA calendars (of its
	// policy and its phases' policies) have holidays, the business days are
	// Monday to Friday in the engagement's location without those holidays,
	// so a public holiday's dip is not flagged.
	Adoption []Series      `json:"adoption,omitempty"`
	Monitor  MonitorConfig `json:"monitor"`
	// Roster is who is on shift when: planned (Rota.Plan) or hand-made.
	Roster Roster `json:"roster"`
	// AsOf is the instant of the report; events, sign-offs and samples after
	// it are left out, so a past day can be reported with hindsight-free
	// data.
	AsOf time.Time `json:"as_of"`
	// Since is the instant of the previous report: "new" means after Since,
	// up to and including AsOf. Zero means a day before AsOf for Daily and 7
	// days before for Weekly (calendar days in the engagement's location).
	Since time.Time `json:"since,omitzero"`
	// Scheme names severities; nil means the engagement's Scheme, or
	// DefaultScheme() if it has none.
	Scheme Scheme `json:"scheme,omitempty"`
	// Rates and Rules are passed to Pitfalls (see PitfallInput).
	Rates Rates        `json:"rates,omitzero"`
	Rules PitfallRules `json:"rules"`
	// History, when true, fills Report.History: the engagement day by day,
	// which Report.HTML charts. The trap: it costs an exit evaluation per
	// day since go-live, so a report for text alone leaves it false.
	History bool `json:"history,omitempty"`
}

// Report is a status report at an instant, as data: render it with
// Markdown or Text, or in a tool's own way (it round-trips through JSON).
// Which sections are filled depends on the Audience (see Daily and Weekly);
// the others are empty.
type Report struct {
	Audience   Audience     `json:"audience"`
	Engagement EngagementID `json:"engagement"`
	Name       string       `json:"name,omitempty"`
	// Location is the engagement's; the renderers show instants in it.
	Location *time.Location `json:"-"` // as "location": "Europe/Berlin"
	AsOf     time.Time      `json:"as_of"`
	Since    time.Time      `json:"since"`
	// Day is the day of hypercare AsOf falls in, counting from 1: day n
	// starts n−1 calendar days after go-live at go-live's wall-clock time
	// (Engagement.DayStart(n−1)), so a report at or after that time of day
	// counts the go-live date as day 1, and one on the morning before a
	// 09:00 go-live's anniversary still counts the day before. PlannedDays
	// is the days from go-live to the planned end, rounded up, so Day is at
	// most PlannedDays until the planned end, and above it from the day of
	// hypercare after the one the planned end falls in: at once when the
	// planned end is at go-live's time of day (as the presets make it), else
	// on the rest of that day still Day = PlannedDays.
	Day         int    `json:"day"`
	PlannedDays int    `json:"planned_days"`
	Phase       string `json:"phase,omitempty"`
	// Headline is one sentence with the main numbers.
	Headline string `json:"headline"`
	// Scheme names the severities of the report.
	Scheme Scheme `json:"scheme"`

	// New are the issues first opened, or reopened and still open, since
	// the last report; Resolved those resolved since then and still
	// resolved. Daily only; by severity, then when opened.
	New      []IssueLine `json:"new,omitempty"`
	Resolved []IssueLine `json:"resolved,omitempty"`
	// Open counts the open (and paused) issues by severity and kind, most
	// severe first; only counts above zero are listed.
	Open []OpenCount `json:"open,omitempty"`
	// Clocks are the SLA clocks at risk, or breached and either still
	// unmet on an open issue or breached since the last report: breached
	// first (by breach time), then at risk (by due time). Daily only.
	Clocks []ClockLine `json:"clocks,omitempty"`
	// Known are the known issues users hear about: open issues with a
	// workaround or an expected fix, and every open Sev1. Daily only; by
	// severity, then when opened.
	Known []IssueLine `json:"known,omitempty"`
	// Held lists the issues holding events their timelines cannot place
	// yet (a "resolved" that arrived before the "opened"), by issue ID:
	// those events take no part in anything else the report says. Daily
	// only.
	Held []HeldLine `json:"held,omitempty"`
	// Exit is Evaluate's verdict at AsOf: progress, earliest exit, extension.
	Exit Verdict `json:"exit"`
	// Findings are Pitfalls' pitfalls at AsOf.
	Findings []Finding `json:"findings,omitempty"`
	// Adoption are Monitor's flags dated from Since's date to AsOf's, both
	// included (a flag dated on the last report's date may be new now), and
	// before them the earlier flags whose condition still holds at AsOf
	// (Flag.Ongoing), so a persisting problem stays on the page. Daily only;
	// Weekly sums up the flags of its period per segment in Segments.
	Adoption []Flag         `json:"adoption,omitempty"`
	Segments []SegmentFlags `json:"segments,omitempty"`
	// OnCall are the roster's shifts overlapping the 24 hours from AsOf, by
	// start. Daily only.
	OnCall []Shift `json:"on_call,omitempty"`
	// Trend and Rota are Weekly only.
	Trend Trend       `json:"trend,omitzero"`
	Rota  RotaSummary `json:"rota,omitzero"`
	// History is the engagement day by day, per person and per flagged
	// series, for charts (Report.HTML draws it). Both audiences; filled
	// only when ReportInput.History is set.
	History History `json:"history,omitzero"`
}

// HeldLine is an issue holding events its timeline cannot place yet, as
// the daily report lists it.
type HeldLine struct {
	ID    IssueID `json:"id"`
	Title string  `json:"title,omitempty"`
	// Events counts the held events; Reasons says why they are held, each
	// reason once, in time order of the events.
	Events  int      `json:"events"`
	Reasons []string `json:"reasons"`
}

// String returns "2 events held on INC-7: resolved event before the issue
// is opened".
func (l HeldLine) String() string {
	return plural(l.Events, "event", "events") + " held on " + string(l.ID) + ": " + strings.Join(l.Reasons, "; ")
}

// heldLines returns a line for each issue holding events at or before t
// (opened or not: a "resolved" that came before its "opened" is held on an
// issue never opened), by issue ID.
func heldLines(issues []Issue, t time.Time) []HeldLine {
	var out []HeldLine
	for _, is := range issues {
		if v := is.AsOf(t); len(v.held) > 0 {
			out = append(out, heldLine(v))
		}
	}
	slices.SortFunc(out, func(a, b HeldLine) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func heldLine(is Issue) HeldLine {
	l := HeldLine{ID: is.ID, Title: is.Title, Events: len(is.held)}
	for _, h := range is.held {
		if !slices.Contains(l.Reasons, h.Reason) {
			l.Reasons = append(l.Reasons, h.Reason)
		}
	}
	return l
}

// IssueLine is one issue as a report lists it, as it stood at the report's
// instant.
type IssueLine struct {
	ID       IssueID  `json:"id"`
	Title    string   `json:"title,omitempty"`
	Severity Severity `json:"severity"`
	Kind     Kind     `json:"kind"`
	Status   Status   `json:"status"`
	// Team is the owning team, or for a resolved issue the team that
	// resolved it (zero if none).
	Team   Team      `json:"team,omitzero"`
	Opened time.Time `json:"opened"`
	// Resolved and ResolvedBy are set for a resolved issue.
	Resolved   time.Time `json:"resolved,omitzero"`
	ResolvedBy PersonID  `json:"resolved_by,omitempty"`
	// Reopened marks, among new issues, one reopened since the last report
	// rather than first opened.
	Reopened    bool      `json:"reopened,omitempty"`
	Workaround  string    `json:"workaround,omitempty"`
	FixExpected time.Time `json:"fix_expected,omitzero"`
}

// OpenCount is how many issues of a severity and kind are open.
type OpenCount struct {
	Severity Severity `json:"severity"`
	Kind     Kind     `json:"kind"`
	Count    int      `json:"count"`
}

// ClockLine is an SLA clock of an issue.
type ClockLine struct {
	Issue IssueID `json:"issue"`
	Title string  `json:"title,omitempty"`
	Clock Clock   `json:"clock"`
}

// Trend is the Weekly comparison: the period since the last report against
// the period as long before it (as many calendar days, and the rest in
// elapsed time), and the period day by day.
type Trend struct {
	// Days split This into calendar days ending at the report's wall-clock
	// time (the first may be shorter), oldest first.
	Days []DayCount `json:"days"`
	This Period     `json:"this"`
	Last Period     `json:"last"`
}

// DayCount is what happened in one day of a trend, (Start, End]: issues
// first opened, and resolutions (as Period counts them).
type DayCount struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Opened   int       `json:"opened"`
	Resolved int       `json:"resolved"`
}

// Period sums up (Start, End], with the events up to End.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Opened counts issues first opened in the period; Resolved the
	// resolutions in it and Reopened the reopenings (an issue resolved,
	// reopened and resolved again counts two resolutions and a reopening),
	// so the days' counts add up to the period's; Backlog the issues open
	// at its end.
	Opened   int `json:"opened"`
	Resolved int `json:"resolved"`
	Reopened int `json:"reopened"`
	Backlog  int `json:"backlog"`
	// SLAMet of SLADecided SLA clocks decided in the period (met, or
	// breached) were met: both metrics, the resolution clock's current
	// cycle, as SLACompliance counts them.
	SLAMet     int `json:"sla_met"`
	SLADecided int `json:"sla_decided"`
	// Defects, TrainingGaps and OtherKinds split Opened by kind at the
	// period's end: many hypercare issues are not bugs but training gaps.
	Defects      int `json:"defects"`
	TrainingGaps int `json:"training_gaps"`
	OtherKinds   int `json:"other_kinds"`
}

// SegmentFlags sums up the adoption flags of one segment.
type SegmentFlags struct {
	Segment  Segment `json:"segment"`
	Alerts   int     `json:"alerts"`
	Warnings int     `json:"warnings"`
	// Rules names the rules that flagged, in order of first flag: a rule
	// name, a Nelson test or a custom rule's name, as Flag.String does.
	Rules []string `json:"rules"`
}

// RotaSummary is the Weekly view of the rota and of who carried the issues.
type RotaSummary struct {
	// Horizon is from the roster's first shift's start to its last shift's
	// end; People are the people on its shifts, most time on shift first.
	Horizon Interval     `json:"horizon"`
	Shifts  int          `json:"shifts"`
	People  []ShiftShare `json:"people,omitempty"`
	// Gini is the Gini coefficient of time on shift over People.
	Gini float64 `json:"gini"`
	// Handled, TopHandler, TopShare and HandlingGini are the hero report's
	// at the report's instant, over the people who handle issues, as Pitfalls
	// computes it; its flags are among the report's Findings.
	Handled      int      `json:"handled"`
	TopHandler   PersonID `json:"top_handler,omitempty"`
	TopShare     float64  `json:"top_share"`
	HandlingGini float64  `json:"handling_gini"`
	// Warnings are the roster's (Roster.Warnings), as Plan or Measure left
	// them: what keeps the rules but is fragile or unsustainable. A
	// hand-made roster has none unless Measure filled them in.
	Warnings []RotaWarning `json:"warnings,omitempty"`
}

// maxTrendDays bounds the period of a Weekly report, which has a row per day.
const maxTrendDays = 366

// NewReport builds the status report for audience a at in.AsOf. It is pure:
// the same input gives the same report.
//
// It returns an error for an invalid audience, an invalid engagement (see
// Engagement.Validate), a zero AsOf or one before go-live, a Since not before
// AsOf (or, for Weekly, more than 366 days before it), an invalid scheme, and
// whatever makes Evaluate, Pitfalls or Monitor fail (an issue of another
// engagement, a failing criterion, bad rules or rates, an invalid series or
// monitor configuration). Any valid timelines, roster and sign-offs give a
// report; SLA clocks that cannot be computed (the policy has no target for
// a severity) are left out, as SLACompliance leaves them out.
// Errors caused by the input wrap ErrInvalid; an error of a custom
// criterion or rule is passed on, wrapped, as it is.
func NewReport(in ReportInput, a Audience) (Report, error) {
	e := in.Engagement
	if !a.Valid() {
		return Report{}, invalidf("hypercare: report: unknown audience %d", int(a))
	}
	if err := e.Validate(); err != nil {
		return Report{}, err
	}
	loc := e.loc()
	at := in.AsOf
	if at.IsZero() || at.Before(e.GoLive) {
		return Report{}, invalidf("hypercare: report for engagement %q: at %s is zero or before go-live %s",
			e.ID, at.Format(time.RFC3339), e.GoLive.Format(time.RFC3339))
	}
	since := in.Since
	if since.IsZero() {
		since = addDays(at, -1, loc)
		if a == Weekly {
			since = addDays(at, -7, loc)
		}
	}
	if !since.Before(at) {
		return Report{}, invalidf("hypercare: report for engagement %q: since %s is not before at %s",
			e.ID, since.Format(time.RFC3339), at.Format(time.RFC3339))
	}
	if n := extensionDays(since, at, loc); a == Weekly && n > maxTrendDays {
		return Report{}, invalidf("hypercare: report for engagement %q: a weekly report covers at most %d days, not the %d since %s",
			e.ID, maxTrendDays, n, since.Format(time.RFC3339))
	}
	c, err := newChecker(e, PitfallInput{Engagement: e, Issues: in.Issues, SignOffs: in.SignOffs, Roster: in.Roster,
		AsOf: at, Rates: in.Rates, Scheme: in.Scheme, Rules: in.Rules})
	if err != nil {
		return Report{}, err
	}
	findings, err := c.findings()
	if err != nil {
		return Report{}, err
	}
	// The engagement's business days (its holidays) unless the config names
	// a calendar.
	cfg := in.Monitor
	if cfg.Calendar == nil {
		if cfg.Calendar, err = engagementBusinessDays(e); err != nil {
			return Report{}, err
		}
	}
	in.Monitor = cfg // the history's traces judge by the same days
	// With History, every flag up to AsOf, for the History's traces; the
	// report's own are those from Since's date.
	from := DateOf(since.In(loc))
	if in.History {
		from = Date{Year: 1, Month: time.January, Day: 1}
	}
	allFlags, err := adoptionFlags(in.Adoption, cfg, from, DateOf(at.In(loc)))
	if err != nil {
		return Report{}, err
	}
	// The daily report keeps a flag raised before Since while it holds
	// (Flag.Ongoing); the weekly counts are of the flags raised since.
	sinceDate := DateOf(since.In(loc))
	flags := slices.DeleteFunc(slices.Clone(allFlags), func(f Flag) bool { return f.Date.Before(sinceDate) && !f.Ongoing })
	if len(flags) == 0 {
		flags = nil // as in a report built from JSON
	}
	r := Report{
		Audience: a, Engagement: e.ID, Name: e.Name, Location: loc,
		AsOf: at.In(loc), Since: since.In(loc),
		Day: hypercareDay(e, at), PlannedDays: extensionDays(e.GoLive, e.PlannedEnd, loc),
		Scheme: c.scheme, Exit: c.v, Findings: findings,
	}
	if p, ok := e.PhaseAt(at); ok {
		r.Phase = p.Name
	}
	b := reportBuilder{e: e, issues: c.issues, at: at, since: since, loc: loc}
	if a == Daily {
		b.daily(&r, in.Roster)
		r.Adoption = flags
		r.Held = heldLines(in.Issues, at)
	} else {
		b.weekly(&r)
		r.Segments = segmentFlags(slices.DeleteFunc(flags, func(f Flag) bool { return f.Date.Before(DateOf(since.In(loc))) }))
		r.Rota = rotaSummary(c)
	}
	if in.History {
		if r.History, err = b.history(c, in, allFlags); err != nil {
			return Report{}, err
		}
	}
	r.Headline = r.headline()
	return r, nil
}

// reportBuilder computes the sections from the issues as they stood at AsOf.
type reportBuilder struct {
	e         Engagement
	issues    []Issue
	at, since time.Time
	loc       *time.Location
}

func (b reportBuilder) daily(r *Report, ro Roster) {
	bounds := []time.Time{b.since, b.at}
	var st []State
	for i := range b.issues {
		is := &b.issues[i]
		st = statesAt(is, bounds, st)
		before, now := st[0], st[1]
		line := issueLine(is, now)
		switch {
		case now.Opened.After(b.since):
			r.New = append(r.New, line)
		case now.IsOpen() && now.Reopens > before.Reopens:
			line.Reopened = true
			r.New = append(r.New, line)
		}
		if now.Status == StatusResolved && now.Resolved.After(b.since) {
			r.Resolved = append(r.Resolved, line)
		}
		if now.IsOpen() && (is.Workaround != "" || !is.FixExpected.IsZero() || now.Severity == Sev1) {
			r.Known = append(r.Known, line)
		}
		if now.Status == StatusResolved && !now.Resolved.After(b.since) {
			continue // its clocks stopped before the last report: nothing to say
		}
		for _, m := range []Metric{FirstResponse, Resolution} {
			clk, err := b.e.Clock(*is, m, b.at)
			if err != nil {
				continue // no target for a severity it held: no clock to report
			}
			breached := clk.State == ClockBreached && (now.IsOpen() && clk.Stopped.IsZero() || clk.BreachedAt.After(b.since))
			if breached || clk.AtRisk {
				r.Clocks = append(r.Clocks, ClockLine{Issue: is.ID, Title: is.Title, Clock: clk})
			}
		}
	}
	r.Open = openCounts(b.issues)
	for _, lines := range [][]IssueLine{r.New, r.Resolved, r.Known} {
		sortLines(lines)
	}
	slices.SortFunc(r.Clocks, func(x, y ClockLine) int {
		xb, yb := x.Clock.State == ClockBreached, y.Clock.State == ClockBreached
		switch {
		case xb && !yb:
			return -1
		case yb && !xb:
			return 1
		case xb:
			return cmp.Or(x.Clock.BreachedAt.Compare(y.Clock.BreachedAt), strings.Compare(string(x.Issue), string(y.Issue)), cmp.Compare(x.Clock.Metric, y.Clock.Metric))
		}
		return cmp.Or(x.Clock.Due.Compare(y.Clock.Due), strings.Compare(string(x.Issue), string(y.Issue)), cmp.Compare(x.Clock.Metric, y.Clock.Metric))
	})
	next := Interval{b.at, b.at.Add(24 * time.Hour)}
	for _, sh := range ro.Shifts {
		if next.Overlaps(Interval{sh.Start, sh.End}) {
			sh.People = slices.Clone(sh.People)
			sh.Skills = slices.Clone(sh.Skills)
			sh.Start, sh.End = sh.Start.In(b.loc), sh.End.In(b.loc)
			r.OnCall = append(r.OnCall, sh)
		}
	}
	slices.SortStableFunc(r.OnCall, func(x, y Shift) int {
		return cmp.Or(x.Start.Compare(y.Start), x.End.Compare(y.End), strings.Compare(x.Name, y.Name))
	})
}

func (b reportBuilder) weekly(r *Report) {
	n := extensionDays(b.since, b.at, b.loc) // days in (since, at], rounded up
	// The period before is as long: the whole calendar days of (since, at]
	// before since, then the rest in elapsed time.
	whole, wholeEnd := n, addDays(b.since, n, b.loc)
	if wholeEnd.After(b.at) {
		whole, wholeEnd = n-1, addDays(b.since, n-1, b.loc)
	}
	prev := addDays(b.since, -whole, b.loc).Add(-b.at.Sub(wholeEnd))
	// The boundaries, ascending: prev, since, then the day ends after since.
	bounds := []time.Time{prev, b.since}
	for k := n - 1; k >= 0; k-- {
		if end := addDays(b.at, -k, b.loc); end.After(b.since) {
			bounds = append(bounds, end)
		}
	}
	days := make([]DayCount, 0, len(bounds)-2)
	for i := 2; i < len(bounds); i++ {
		days = append(days, DayCount{Start: bounds[i-1].In(b.loc), End: bounds[i].In(b.loc)})
	}
	last := Period{Start: prev.In(b.loc), End: b.since.In(b.loc)}
	this := Period{Start: b.since.In(b.loc), End: b.at.In(b.loc)}
	var st []State
	for i := range b.issues {
		is := &b.issues[i]
		st = statesAt(is, bounds, st)
		last.count(st[1], prev, b.since)
		this.count(st[len(st)-1], b.since, b.at)
		d := 0 // the day of each event after since, found by walking forward
		for _, ev := range is.events {
			if !ev.At.After(prev) {
				continue
			}
			p := &last
			if ev.At.After(b.since) {
				p = &this
				for bounds[d+2].Before(ev.At) {
					d++
				}
			}
			switch ev.Type {
			case EventOpened:
				if p == &this {
					days[d].Opened++
				}
			case EventResolved:
				p.Resolved++
				if p == &this {
					days[d].Resolved++
				}
			case EventReopened:
				p.Reopened++
			}
		}
		if !settled(st[0], st[1]) {
			last.countClocks(b.e, is, prev, b.since)
		}
		if !settled(st[1], st[len(st)-1]) {
			this.countClocks(b.e, is, b.since, b.at)
		}
	}
	r.Trend = Trend{Days: days, This: this, Last: last}
	r.Open = openCounts(b.issues)
}

// count adds issue state s, as at the period's end, to the period (from,
// to]: the backlog, and the issue if it was first opened in the period.
func (p *Period) count(s State, from, to time.Time) {
	if s.Status == 0 {
		return
	}
	if s.IsOpen() {
		p.Backlog++
	}
	if s.Opened.After(from) && !s.Opened.After(to) {
		p.Opened++
		switch s.Kind {
		case Defect:
			p.Defects++
		case TrainingGap:
			p.TrainingGaps++
		default:
			p.OtherKinds++
		}
	}
}

// settled reports whether an issue was resolved at a period's start, s,
// and stayed so to its end, e: then no SLA clock of it is decided in the
// period (a clock is decided at the latest when the issue is resolved).
func settled(s, e State) bool {
	return s.Status == StatusResolved && e.Status == StatusResolved && e.Resolved.Equal(s.Resolved)
}

// countClocks adds the issue's SLA clocks decided in (from, to], judged at
// to: every cycle, as SLACompliance counts them, so a reopen never undoes a
// breach.
func (p *Period) countClocks(e Engagement, is *Issue, from, to time.Time) {
	if len(is.events) == 0 || is.events[0].At.After(to) {
		return
	}
	for _, m := range []Metric{FirstResponse, Resolution} {
		for _, clk := range decidedCycles(e, *is, m, to) {
			var at time.Time
			switch clk.State {
			case ClockMet:
				at = clk.Stopped
			case ClockBreached:
				at = clk.BreachedAt
			default:
				continue
			}
			if at.After(from) && !at.After(to) {
				p.SLADecided++
				if clk.State == ClockMet {
					p.SLAMet++
				}
			}
		}
	}
}

// statesAt returns the issue's state at each of the ascending instants ts,
// in one pass over its timeline, reusing out's storage.
func statesAt(is *Issue, ts []time.Time, out []State) []State {
	out = out[:0]
	var s State
	k := 0
	for _, t := range ts {
		for k < len(is.events) && !is.events[k].At.After(t) {
			s, _ = s.apply(is.events[k]) // the timeline was validated by Append
			k++
		}
		out = append(out, s)
	}
	return out
}

func issueLine(is *Issue, s State) IssueLine {
	l := IssueLine{ID: is.ID, Title: is.Title, Severity: s.Severity, Kind: s.Kind, Status: s.Status, Team: s.Team,
		Opened: s.Opened, Workaround: is.Workaround, FixExpected: is.FixExpected}
	if s.Status == StatusResolved {
		l.Team, l.Resolved, l.ResolvedBy = s.ResolvedTeam, s.Resolved, s.ResolvedBy
	}
	return l
}

func sortLines(ls []IssueLine) {
	slices.SortFunc(ls, func(a, b IssueLine) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), a.Opened.Compare(b.Opened), strings.Compare(string(a.ID), string(b.ID)))
	})
}

// openCounts counts the open issues (as they stood at the report's instant)
// by severity and kind.
func openCounts(issues []Issue) []OpenCount {
	counts := map[[2]int]int{}
	for i := range issues {
		if s := issues[i].state; s.IsOpen() {
			counts[[2]int{int(s.Severity), int(s.Kind)}]++
		}
	}
	out := make([]OpenCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, OpenCount{Severity: Severity(k[0]), Kind: Kind(k[1]), Count: n})
	}
	slices.SortFunc(out, func(a, b OpenCount) int {
		return cmp.Or(cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// engagementBusinessDays returns Monday to Friday in e's location without
// the holidays of its SLA calendars, or nil when they have none.
func engagementBusinessDays(e Engagement) (*Calendar, error) {
	var holidays []Date
	add := func(p *Policy) {
		for _, t := range p.Targets {
			holidays = append(holidays, t.Calendar.Holidays()...)
		}
	}
	add(&e.Policy)
	for _, ph := range e.Phases {
		if ph.Policy != nil {
			add(ph.Policy)
		}
	}
	if len(holidays) == 0 {
		return nil, nil
	}
	slices.SortFunc(holidays, Date.Compare)
	return NewCalendar(cmp.Or(e.Location, time.UTC), "Mon-Fri 00:00-24:00", slices.Compact(holidays)...)
}

// adoptionFlags runs Monitor on the samples dated up to `to` and returns the
// flags dated from `from` to `to`, both included: samples usually arrive the
// morning after their day, so a flag dated on the previous report's date may
// be new now; showing one twice beats never showing it.
func adoptionFlags(series []Series, cfg MonitorConfig, from, to Date) ([]Flag, error) {
	cut := make([]Series, 0, len(series))
	for _, s := range series {
		kept := slices.DeleteFunc(slices.Clone(s.Samples), func(x Sample) bool { return x.Date.After(to) })
		if len(kept) > 0 {
			s.Samples = kept
			cut = append(cut, s)
		}
	}
	flags, err := Monitor(cut, cfg)
	if err != nil {
		return nil, err
	}
	// A flag raised before from stays while its condition holds (Ongoing):
	// a team still at 50% logins must not vanish from the sponsor's page.
	flags = slices.DeleteFunc(flags, func(f Flag) bool { return (f.Date.Before(from) && !f.Ongoing) || f.Date.After(to) })
	if len(flags) == 0 {
		return nil, nil // as in a report built from JSON
	}
	return flags, nil
}

// segmentFlags sums the flags up per segment: most alerts first, then most
// warnings, then by segment.
func segmentFlags(flags []Flag) []SegmentFlags {
	var out []SegmentFlags
	for _, f := range flags {
		i := slices.IndexFunc(out, func(s SegmentFlags) bool { return s.Segment == f.Segment })
		if i < 0 {
			out = append(out, SegmentFlags{Segment: f.Segment, Rules: []string{}})
			i = len(out) - 1
		}
		if f.Level == LevelAlert {
			out[i].Alerts++
		} else {
			out[i].Warnings++
		}
		if name := flagRuleName(f); !slices.Contains(out[i].Rules, name) {
			out[i].Rules = append(out[i].Rules, name)
		}
	}
	slices.SortStableFunc(out, func(a, b SegmentFlags) int {
		return cmp.Or(cmp.Compare(b.Alerts, a.Alerts), cmp.Compare(b.Warnings, a.Warnings), compareSegments(a.Segment, b.Segment))
	})
	return out
}

// flagRuleName names the rule of a flag as Flag.String does.
func flagRuleName(f Flag) string {
	switch f.Rule {
	case RuleRunTest:
		return f.Test.String()
	case RuleCustom:
		return f.Custom
	}
	return f.Rule.String()
}

func rotaSummary(c *checker) RotaSummary {
	s := RotaSummary{Horizon: c.span, People: c.shares, Handled: c.heroes.Handled,
		TopShare: c.heroes.TopShare, HandlingGini: c.heroes.Gini, Warnings: slices.Clone(c.in.Roster.Warnings)}
	if !s.Horizon.Start.IsZero() {
		s.Horizon = Interval{s.Horizon.Start.In(c.loc), s.Horizon.End.In(c.loc)}
	}
	for _, sh := range c.in.Roster.Shifts {
		if sh.End.After(sh.Start) {
			s.Shifts++
		}
	}
	on := make([]float64, len(c.shares))
	for i, p := range c.shares {
		on[i] = p.OnShift.Seconds()
	}
	s.Gini = giniOf(on)
	for _, p := range c.heroes.People {
		if p.Handled > 0 && p.Share == c.heroes.TopShare {
			s.TopHandler = p.Person
			break
		}
	}
	return s
}

// hypercareDay returns the day of hypercare t falls in, as Report.Day
// counts: 1 from go-live to the same wall-clock time a calendar day later.
func hypercareDay(e Engagement, t time.Time) int {
	n := e.DayOf(t)
	if t.Before(e.DayStart(n)) {
		n--
	}
	return n + 1
}
